"""Host files and precompressed copies, in the output folder: what ``g20site build`` writes for
static hosts (``_headers``, ``_redirects``, ``.htaccess``), the ``.br``/``.gz`` copies and when they
are made again, the ``hosting:`` settings, and ``g20site host-config``. (Real servers reading them:
test_hosting.py.)"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest
import yaml
from click.testing import CliRunner

from g20site.build.precompress import MIN_SIZE, copies
from g20site.cli import main
from g20site.render.hosting import IMMUTABLE, NO_CACHE, Serving

from .conftest import REPO, assert_errors, copy_site, line_of, ok, replace_in, run, write

SETTINGS = "content/site.yaml"
NOTE_ID = "content/meetings/2022-02-01-rapat-contoh.id.md"
OLD_NOTE = "content/meetings/2022-03-05-hanya-indonesia.id.md"  # linked from no other document


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def theme_script_hash() -> str:
    """The hash of the theme's one inline script (the language hint of the default home)."""
    source = (REPO / "templates/partials/reader_language.html").read_text("utf-8")
    script = re.search(r"<script>(.*?)</script>", source, re.DOTALL)
    assert script is not None
    return base64.b64encode(hashlib.sha256(script.group(1).encode("utf-8")).digest()).decode("ascii")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once, for the tests that only read its output."""
    site = copy_site("basic", tmp_path_factory.mktemp("host-files"))
    ok(site)
    return site / "public"


def test_the_host_files_say_how_to_serve_the_site(out: Path) -> None:
    assert (out / "_redirects").read_text("utf-8").splitlines()[1:] == [
        "/g20/en/*  /g20/en/404.html  404",
        "/g20/*  /g20/404.html  404",
    ]
    headers = (out / "_headers").read_text("utf-8").splitlines()
    policy = (f"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{theme_script_hash()}'; "
              "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
              "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
    assert headers[1:5] == ["/g20/*", f"  Content-Security-Policy: {policy}", "  X-Content-Type-Options: nosniff",
                            "  Referrer-Policy: strict-origin-when-cross-origin"]
    css = next(p.name for p in (out / "css").glob("site.*.css") if p.suffix == ".css")
    at = headers.index(f"/g20/css/{css}")
    assert headers[at + 1] == f"  Cache-Control: {IMMUTABLE}"
    at = headers.index("/g20/en/feed.xml")
    assert headers[at + 1] == "  Content-Type: application/atom+xml; charset=utf-8"
    htaccess = (out / ".htaccess").read_text("utf-8").splitlines()
    assert "ErrorDocument 404 /g20/404.html" in htaccess
    english = htaccess.index('<If "%{REQUEST_URI} =~ m#^/g20/en/#">')
    assert htaccess[english + 1] == "  ErrorDocument 404 /g20/en/404.html"
    assert f'  Header always set Content-Security-Policy "{policy}"' in htaccess


def test_each_language_has_its_404_page_speaking_it_first(out: Path) -> None:
    default, english = (out / "404.html").read_text("utf-8"), (out / "en/404.html").read_text("utf-8")
    assert '<html lang="id"' in default and '<html lang="en"' in english
    assert default.index('id="not-found-id"') < default.index('id="not-found-en"')  # every language on each
    assert english.index('id="not-found-en"') < english.index('id="not-found-id"')
    assert "<h1 id=\"not-found-en\">Page not found</h1>" in english


def test_text_files_get_copies_that_decompress_to_them(out: Path) -> None:
    for name in ("index.html", "en/index.html", "feed.xml", "sitemap.xml", "404.html", "en/404.html"):
        data = (out / name).read_bytes()
        assert brotli.decompress((out / f"{name}.br").read_bytes()) == data
        packed = (out / f"{name}.gz").read_bytes()
        assert gzip.decompress(packed) == data
        assert packed[3:8] == b"\0\0\0\0\0"  # no file name, no time
    assert len((out / "robots.txt").read_bytes()) < MIN_SIZE
    assert not (out / "robots.txt.gz").exists() and not (out / "robots.txt.br").exists()
    assert not list(out.rglob("*.png.*")) and not list(out.rglob("*.webp.*"))  # images: compressed already
    assert not list(out.glob("_headers.*")) and not list(out.glob(".htaccess.*"))
    css = next(p for p in (out / "css").iterdir() if p.suffix == ".css")
    assert (out / f"css/{css.name}.br").read_bytes() == copies(css.read_bytes(), best=True)[".br"]
    assert (out / "index.html.br").read_bytes() == copies((out / "index.html").read_bytes())[".br"]


def test_a_copy_is_kept_only_when_it_is_smaller() -> None:
    assert copies(b"x" * (MIN_SIZE - 1)) == {}
    assert set(copies(b"<p>hello</p>" * 100)) == {".br", ".gz"}
    text = (REPO / "static/css/site.css").read_bytes()
    assert len(copies(text, best=True)[".br"]) < len(copies(text)[".br"])  # the stylesheet: the smallest
    noise = hashlib.shake_256(b"g20").digest(4096)  # random bytes do not compress
    assert copies(noise) == {}


def test_copies_are_written_only_when_their_file_changed(site: Path) -> None:
    ok(site)
    out = site / "public"
    before = mtimes(out)
    replace_in(site, NOTE_ID, "Teks rapat dengan", "Teks rapat yang diperbarui dengan")
    ok(site)
    after = mtimes(out)
    changed = {name for name in after if after[name] != before.get(name)}
    page = "catatan-rapat/rapat-contoh/index.html"
    assert changed == {f"{name}{suffix}" for name in (page, "feed.xml") for suffix in ("", ".br", ".gz")}
    assert b"yang diperbarui" in brotli.decompress((out / f"{page}.br").read_bytes())


def test_a_copy_deleted_is_made_again_and_one_whose_file_is_gone_is_removed(site: Path) -> None:
    ok(site)
    out = site / "public"
    page = "catatan-rapat/rapat-contoh/index.html"
    (out / f"{page}.gz").unlink()
    (out / "index.html.br").unlink()
    (out / "en/index.html").unlink()  # made again with the same bytes: its copies stay
    ok(site)
    assert brotli.decompress((out / "en/index.html.br").read_bytes()) == (out / "en/index.html").read_bytes()
    assert gzip.decompress((out / f"{page}.gz").read_bytes()) == (out / page).read_bytes()
    assert brotli.decompress((out / "index.html.br").read_bytes()) == (out / "index.html").read_bytes()
    gone = "catatan-rapat/hanya-indonesia/index.html"
    assert (out / f"{gone}.gz").is_file() and (out / f"{gone}.br").is_file()
    (site / OLD_NOTE).unlink()
    ok(site)
    assert not (out / gone).exists() and not (out / f"{gone}.gz").exists() and not (out / f"{gone}.br").exists()


def test_hosting_settings_turn_each_part_off(site: Path) -> None:
    ok(site)
    out = site / "public"
    assert list(out.rglob("*.br")) and (out / ".htaccess").is_file()
    with (site / SETTINGS).open("a", encoding="utf-8") as settings:
        settings.write("hosting:\n  precompress: false\n  .htaccess: false\n  _redirects: false\n")
    ok(site)
    assert list(out.rglob("*.br")) == list(out.rglob("*.gz")) == []  # removed: the build made them
    assert not (out / ".htaccess").exists() and not (out / "_redirects").exists()
    assert (out / "_headers").is_file()


def test_wrong_hosting_settings_are_named_with_their_line(site: Path) -> None:
    text = (site / SETTINGS).read_text("utf-8") + "hosting:\n  precompress: yes please\n  _header: false\n"
    write(site, SETTINGS, text)
    result = run(site)
    assert_errors(
        result,
        f"content/site.yaml:{line_of(text, 'precompress:')}: hosting.precompress: must be true or false",
    )
    assert f"content/site.yaml:{line_of(text, '_header:')}: warning: hosting._header: unknown setting, it is " \
           "ignored (did you mean _headers?)" in result.output


def test_a_static_file_where_a_host_file_goes_is_a_collision(site: Path) -> None:
    write(site, "static/_headers", "/*\n  X-Frame-Options: DENY\n")
    result = run(site)
    assert result.exit_code == 1
    assert "_headers" in result.output and "static/_headers" in result.output


def test_cache_control_by_kind() -> None:
    serving = Serving("https://example.go.id/g20/", "/g20/", "default-src 'self'", (("", "404.html"),), ())
    assert {path: serving.cache_control(path) for path in (
        "/g20/", "/g20/index.html", "/g20/index.html.br", "/g20/css/site.0123456789.css",
        "/g20/css/site.0123456789.css.gz", "/g20/css/site.css", "/g20/share/abc.png", "/g20/photos/x-960.webp",
        "/g20/pagefind/pagefind.js", "/g20/pagefind/fragment/id_1.pf_fragment", "/g20/pagefind/id_1.pf_meta",
        "/g20/feed.xml", "/share/abc.png",
    )} == {
        "/g20/": NO_CACHE, "/g20/index.html": NO_CACHE, "/g20/index.html.br": NO_CACHE,
        "/g20/css/site.0123456789.css": IMMUTABLE, "/g20/css/site.0123456789.css.gz": IMMUTABLE,
        "/g20/css/site.css": NO_CACHE, "/g20/share/abc.png": IMMUTABLE, "/g20/photos/x-960.webp": IMMUTABLE,
        "/g20/pagefind/pagefind.js": NO_CACHE, "/g20/pagefind/fragment/id_1.pf_fragment": IMMUTABLE,
        "/g20/pagefind/id_1.pf_meta": IMMUTABLE, "/g20/feed.xml": NO_CACHE, "/share/abc.png": NO_CACHE,
    }


@pytest.mark.parametrize(("base", "root", "location"), [
    ("https://example.go.id/g20/", "/srv/www", "location /g20/ {"),
    ("https://g20.example.go.id/", "/srv/g20", "location / {"),
])
def test_host_config_nginx_prints_a_snippet_for_the_base_path(site: Path, base: str, root: str, location: str) -> None:
    result = CliRunner().invoke(main, ["host-config", "nginx", "--source", str(site), "--base-url", base,
                                       "--root", root])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert location in lines
    assert f"    root {root};" in lines
    assert "    gzip_static on;" in lines
    assert any(line.startswith("    brotli_static on;") for line in lines)
    assert "        text/calendar ics;" in lines and "        application/manifest+json webmanifest;" in lines
    path = base.split("/", 3)[3]
    assert f"    default /{path}404.html;" in lines
    assert f'    "~^/{path}en/" /{path}en/404.html;' in lines


def test_host_config_refuses_an_unknown_server(site: Path) -> None:
    result = CliRunner().invoke(main, ["host-config", "lighttpd", "--source", str(site)])
    assert result.exit_code == 2


def test_the_deploy_recipes_build_with_the_cache_kept_as_the_readme_says() -> None:
    github = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = github["jobs"]["build"]["steps"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".g20site-cache", "public"]
    builds = [step["run"] for step in steps if "g20site build" in step.get("run", "")]
    assert builds == ['g20site build --base-url "${{ steps.pages.outputs.base_url }}/"']
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "public"
    assert github["jobs"]["publish"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text("utf-8"))["pages"]
    assert gitlab["cache"]["paths"] == [".g20site-cache/", "public/"]
    assert gitlab["script"][-1] == 'g20site build --base-url "$CI_PAGES_URL/"'
    assert gitlab["artifacts"]["paths"] == ["public"]
    readme = (REPO / "README.md").read_text("utf-8")
    assert ".github/workflows/publish.yml" in readme and "`.gitlab-ci.yml`" in readme
    assert "make deploy\n  DEST=" in readme
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "rsync -rlz --checksum --delete" in makefile and "rsync -rlz --checksum --delete" in readme
