"""Problems name the line where the wrong thing is written, a reference that leads nowhere gets a
"did you mean", and translation warnings say what is true: a translation that has errors is not
called missing, and one that is still a draft is called a draft. Exact lines, in English and Indonesian."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from g20site.cli import main
from g20site.load.hints import closest, nearest_path

from .conftest import line_of, replace_in, write

MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
MEETING_EN = "content/meetings/2022-02-01-rapat-contoh.en.md"
ONLY_ID = "content/meetings/2022-03-05-hanya-indonesia.id.md"
ABOUT_ID = "content/pages/about.id.md"
ABOUT_EN = "content/pages/about.en.md"
CHECK_ID = "content/fact-checks/2022-02-12-klaim-benar.id.md"  # no other document links to it
CHECK_EN = "content/fact-checks/2022-02-12-klaim-benar.en.md"
UNTRANSLATED = {  # the fixture's one document without an English version
    "en": f"{ONLY_ID}: warning: has no English translation (content/meetings/2022-03-05-hanya-indonesia.en.md)",
    "id": f"{ONLY_ID}: peringatan: belum ada terjemahan bahasa Inggris "
          "(content/meetings/2022-03-05-hanya-indonesia.en.md)",
}
FAILED = {"en": "Check failed: {count} error.", "id": "Pemeriksaan gagal: {count} kesalahan."}


def check(site: Path, lang: str, *args: str) -> tuple[int, list[str]]:
    """``g20site --lang LANG check``: the exit code and the lines it printed on stderr."""
    environment = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    result = CliRunner().invoke(main, ["--lang", lang, "check", "--source", str(site), *args], env=environment)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def failed(site: Path, lang: str, *lines: str) -> None:
    """``check`` in ``lang`` prints exactly ``lines``, then that it failed with one error."""
    code, printed = check(site, lang)
    assert code == 1
    assert printed == [*lines, FAILED[lang].format(count=1)]


# -- image: names its line, the file to put in static/, and the closest file there


def test_a_missing_image_names_its_line_where_to_put_it_and_the_closest_file(site: Path) -> None:
    text = replace_in(site, MEETING, "image: /images/foto.png", "image: /images/fotoo.png")
    line = line_of(text, "image:")
    failed(site, "en", f"{MEETING}:{line}: image: /images/fotoo.png is not in the static/ folder: "
                       "put the file at static/images/fotoo.png (did you mean /images/foto.png?)", UNTRANSLATED["en"])
    failed(site, "id", f"{MEETING}:{line}: image: /images/fotoo.png tidak ada di folder static/: "
                       "letakkan berkasnya di static/images/fotoo.png (maksud Anda /images/foto.png?)",
           UNTRANSLATED["id"])


def test_a_missing_image_with_nothing_like_it_says_only_where_to_put_it(site: Path) -> None:
    text = replace_in(site, MEETING, "image: /images/foto.png", "image: /images/rapat.jpg")
    line = line_of(text, "image:")
    failed(site, "en", f"{MEETING}:{line}: image: /images/rapat.jpg is not in the static/ folder: "
                       "put the file at static/images/rapat.jpg", UNTRANSLATED["en"])


# -- links in the body: the line in the file (after the front matter), and the closest page or file


def test_a_link_to_a_page_that_does_not_exist_offers_the_closest_page(site: Path) -> None:
    text = replace_in(site, ABOUT_ID, "Halaman tentang.", "Halaman tentang.\n\nLihat [rapat](/catatan-rapt/).")
    line = line_of(text, "/catatan-rapt/")
    assert line == 8  # five lines of front matter, then the body's third line
    failed(site, "en", UNTRANSLATED["en"], f'{ABOUT_ID}:{line}: link "/catatan-rapt/" leads nowhere: '
                                           "this site has no page or file /catatan-rapt/ "
                                           "(did you mean /catatan-rapat/?)")
    failed(site, "id", UNTRANSLATED["id"], f'{ABOUT_ID}:{line}: tautan "/catatan-rapt/" tidak menuju ke mana pun: '
                                           "situs ini tidak punya halaman atau berkas /catatan-rapt/ "
                                           "(maksud Anda /catatan-rapat/?)")


def test_a_link_to_a_content_file_that_does_not_exist_offers_the_closest_file(site: Path) -> None:
    text = (site / ONLY_ID).read_text(encoding="utf-8") + "\nLihat [rapat lain](2022-01-81-rapat.id.md).\n"
    (site / ONLY_ID).write_text(text, encoding="utf-8")
    line = line_of(text, "2022-01-81-rapat.id.md")
    failed(site, "en", UNTRANSLATED["en"], f'{ONLY_ID}:{line}: link "2022-01-81-rapat.id.md" leads nowhere: '
                       "content/meetings/2022-01-81-rapat.id.md is not a published document "
                       "(did you mean 2022-02-01-rapat-contoh.id.md?)")
    failed(site, "id", UNTRANSLATED["id"], f'{ONLY_ID}:{line}: tautan "2022-01-81-rapat.id.md" tidak menuju ke '
                       "mana pun: content/meetings/2022-01-81-rapat.id.md bukan dokumen yang diterbitkan "
                       "(maksud Anda 2022-02-01-rapat-contoh.id.md?)")


def test_a_link_into_the_wrong_folder_offers_the_file_where_it_is(site: Path) -> None:
    text = replace_in(site, MEETING_EN, "(../pages/about.en.md)", "(../page/about.en.md)")
    line = line_of(text, "../page/about.en.md")
    failed(site, "en", f'{MEETING_EN}:{line}: link "../page/about.en.md" leads nowhere: '
                       "content/page/about.en.md is not a published document (did you mean ../pages/about.en.md?)",
           UNTRANSLATED["en"])


def test_a_link_to_a_static_file_offers_the_closest_file_and_nothing_when_none_is_close(site: Path) -> None:
    text = replace_in(site, MEETING, "![Gambar](/images/foto.png)",
                      "![Gambar](/images/foto.jpg)\n\n![Lain](/images/peta.svg)")
    first, second = line_of(text, "/images/foto.jpg"), line_of(text, "/images/peta.svg")
    code, printed = check(site, "en")
    assert code == 1
    assert printed == [
        f'{MEETING}:{first}: link "/images/foto.jpg" leads nowhere: this site has no file /images/foto.jpg; '
        "put the file at static/images/foto.jpg (did you mean /images/foto.png?)",
        f'{MEETING}:{second}: link "/images/peta.svg" leads nowhere: this site has no file /images/peta.svg; '
        "put the file at static/images/peta.svg",
        UNTRANSLATED["en"],
        "Check failed: 2 errors.",
    ]


# -- references in site.yaml and in the theme


def test_a_menu_page_that_does_not_exist_offers_the_closest_page(site: Path) -> None:
    text = replace_in(site, "content/site.yaml", "  - page: about", "  - page: abot")
    line = line_of(text, "page: abot")
    failed(site, "en", UNTRANSLATED["en"], f'content/site.yaml:{line}: menu: there is no page "abot" '
                                           "(a file content/pages/abot.LANG.md) (did you mean about?)")
    failed(site, "id", UNTRANSLATED["id"], f'content/site.yaml:{line}: menu: tidak ada halaman "abot" '
                                           "(berkas content/pages/abot.LANG.md) (maksud Anda about?)")


def test_static_url_of_a_missing_file_offers_the_closest_one(site: Path) -> None:
    text = replace_in(site, "templates/base.html", "static_url('css/site.css')", "static_url('css/sites.css')")
    line = line_of(text, "css/sites.css")
    code, printed = check(site, "en")
    assert code == 1
    expected = (f"templates/base.html:{line}: template: static_url: static/css/sites.css does not exist "
                "(did you mean css/site.css?)")
    assert expected in printed and printed[-1].startswith("Check failed: ")


def test_a_missing_included_template_is_named_at_the_line_that_includes_it(site: Path) -> None:
    text = replace_in(site, "templates/base.html", '"partials/footer.html"', '"partials/foter.html"')
    line = line_of(text, "partials/foter.html")
    code, printed = check(site, "en")
    assert code == 1
    assert printed[1:-1] == [f"templates/base.html:{line}: template not found: partials/foter.html"]


# -- two pages at one address, both asked for by one file: told apart by their lines


def test_two_sections_with_one_slug_name_both_lines(site: Path) -> None:
    text = replace_in(site, "content/site.yaml", "{name: Catatan Rapat, slug: catatan-rapat}",
                      "{name: Catatan Rapat, slug: pesan-kunci}")
    first, second = line_of(text, "  key_messages:"), line_of(text, "  meetings:")
    failed(site, "en", UNTRANSLATED["en"], f"content/site.yaml:{second}: its address /pesan-kunci/ is also the "
                                           f"address of content/site.yaml:{first}; give one of them another slug")


def test_a_section_at_the_address_of_a_languages_home_is_named_at_its_line(site: Path) -> None:
    text = replace_in(site, "content/site.yaml", "{name: Catatan Rapat, slug: catatan-rapat}",
                      "{name: Catatan Rapat, slug: en}")
    line = line_of(text, "  meetings:")
    failed(site, "en", UNTRANSLATED["en"], f"content/site.yaml:{line}: its address /en/ is also the address of "
                                           "content/site.yaml; give one of them another slug")


def test_two_key_messages_with_one_slug_name_both_lines(site: Path) -> None:
    text = replace_in(site, "content/key-messages.yaml", "- key: beta\n", "- key: beta\n  slug: {id: pesan-alfa}\n")
    first, second = line_of(text, "pesan-alfa, en:"), line_of(text, "slug: {id: pesan-alfa}")
    failed(site, "en", f"content/key-messages.yaml:{second}: its address /pesan-kunci/pesan-alfa/ is also the "
                       f"address of content/key-messages.yaml:{first}; give one of them another slug",
           UNTRANSLATED["en"])


# -- translation warnings that are true


def test_a_translation_that_fails_to_load_is_not_called_missing(site: Path) -> None:
    text = replace_in(site, ABOUT_ID, "title: Tentang\n", "title: Tentang\ndraft: nanti\n")
    line = line_of(text, "draft:")
    # its error is said, and not that content/pages/about.en.md has no Indonesian translation
    failed(site, "en", UNTRANSLATED["en"], f"{ABOUT_ID}:{line}: draft: must be true or false")
    failed(site, "id", UNTRANSLATED["id"], f"{ABOUT_ID}:{line}: draft: harus true atau false")


def test_a_draft_translation_is_called_a_draft(site: Path) -> None:
    replace_in(site, CHECK_EN, "---\n", "---\ndraft: true\n")
    assert check(site, "en") == (0, [
        f"{CHECK_ID}: warning: its English translation is still a draft, not yet published ({CHECK_EN}: draft: true)",
        UNTRANSLATED["en"],
    ])
    assert check(site, "id") == (0, [
        f"{CHECK_ID}: peringatan: terjemahan bahasa Inggris dokumen ini masih berupa draf, belum diterbitkan "
        f"({CHECK_EN}: draft: true)",
        UNTRANSLATED["id"],
    ])
    code, printed = check(site, "en", "--drafts")  # published with the drafts: nothing to say about it
    assert code == 0 and not [line for line in printed if CHECK_ID in line]


def test_a_draft_original_is_called_a_draft_too(site: Path) -> None:
    replace_in(site, CHECK_ID, "---\n", "---\ndraft: true\n")
    assert check(site, "en") == (0, [
        f"{CHECK_EN}: warning: its Indonesian translation is still a draft, not yet published "
        f"({CHECK_ID}: draft: true)",
        UNTRANSLATED["en"],
    ])


def test_the_translations_report_marks_a_draft_original_and_a_draft_translation(site: Path) -> None:
    replace_in(site, ABOUT_ID, "title: Tentang\n", "title: Tentang\ndraft: true\n")
    replace_in(site, MEETING_EN, "title: Sample Meeting\n", "title: Sample Meeting\ndraft: true\n")
    result = CliRunner().invoke(main, ["--lang", "en", "translations", "--source", str(site)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{ABOUT_ID} (a draft)" in lines and MEETING in lines  # a published original has no mark
    assert f"  en  not marked   {MEETING_EN}: if it says what the Indonesian text says, mark it done (a draft)" in lines


def test_the_translations_report_refuses_a_site_with_errors_rather_than_call_a_file_missing(site: Path) -> None:
    write(site, ABOUT_ID, "---\ntitle: Tentang\ndraft: nanti\n---\nTeks.\n")
    result = CliRunner().invoke(main, ["--lang", "en", "translations", "--source", str(site)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{ABOUT_ID}:3: draft: must be true or false",
                                          "Fix these errors first: 1 error."]


# -- the choice itself


def test_a_name_written_short_finds_the_long_name() -> None:
    names = ["2022-01-18-rapat-koordinasi-humas-g20-meta", "makna-dan-manfaat", "about"]
    assert closest("2022-01-81-rapat", names) == "2022-01-18-rapat-koordinasi-humas-g20-meta"
    assert closest("abot", names) == "about"
    assert closest("nope", names) is None


def test_a_path_is_compared_with_its_neighbours_then_as_a_whole() -> None:
    paths = ["/images/foto.png", "/images/rapat-humas.jpg", "/tentang/", "/en/about/"]
    assert nearest_path("/images/rapat.jpg", paths) == "/images/rapat-humas.jpg"
    assert nearest_path("/images/nope.jpg", paths) is None  # "/images/" and ".jpg" alone make nothing alike
    assert nearest_path("/imgs/foto.png", paths) == "/images/foto.png"  # a folder that does not exist
    assert nearest_path("/tentangkami/", paths) == "/tentang/"
