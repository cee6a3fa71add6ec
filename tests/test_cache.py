"""Parallel and cached builds: identical output, only what changed is rendered and written."""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from g20site.build import incremental
from g20site.build import workers as parallel
from g20site.build.cache import STAMP, Cache
from g20site.build.cache_messages import PROBLEM
from g20site.build.parsed_files import SHARD, ParsedFiles
from g20site.build.pipeline import Options, build
from g20site.build.places import FOLDER
from g20site.cli import main
from g20site.errors import Problem
from g20site.load.site import load_site
from g20site.messages import LanguageName, Message

from .conftest import copy_built, copy_site, replace_in, snapshot

Tree = dict[str, bytes]  # file names and their bytes, as snapshot() gives them

NOTE_ID = "content/meetings/2022-02-01-rapat-contoh.id.md"
OLD_NOTE = "content/meetings/2022-03-05-hanya-indonesia.id.md"


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes even for the small fixture site."""
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)


def test_one_job_two_jobs_and_warm_cache_give_identical_trees(site: Path, tmp_path: Path, pool_always: None) -> None:
    one = build(site, tmp_path / "one", Options(jobs=1, use_cache=False))
    two = build(site, tmp_path / "two", Options(jobs=2))
    assert one.rendered == two.rendered == 31  # 29 pages, a 404 page per language
    warm = build(site, tmp_path / "warm", Options(jobs=2))  # Markdown from the cache, pages rendered anew
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two") == snapshot(tmp_path / "warm")
    assert len(list((tmp_path / "two").rglob("*.html.br"))) == 31  # every HTML file: made in the workers
    assert warm.rendered == 31


def test_unchanged_rebuild_renders_and_writes_nothing(built_site: Path) -> None:
    before = mtimes(built_site / "public")
    again = build(built_site, built_site / "public")
    assert again.rendered == 0
    assert again.report is not None and again.report.written == 0
    assert mtimes(built_site / "public") == before


def test_body_edit_rewrites_only_that_page_and_the_feed(built_site: Path, pool_always: None) -> None:
    before = mtimes(built_site / "public")
    replace_in(built_site, NOTE_ID, "Teks rapat dengan", "Teks rapat yang diperbarui dengan")
    result = build(built_site, built_site / "public")
    after = mtimes(built_site / "public")
    changed = {name for name in after if after[name] != before.get(name)}
    files = ("catatan-rapat/rapat-contoh/index.html", "feed.xml")
    assert changed == {f"{name}{copy}" for name in files for copy in ("", ".br", ".gz")}  # with their copies
    assert result.rendered == 1
    assert "yang diperbarui" in (built_site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")


def test_title_edit_rerenders_the_lists_that_show_it(built_site: Path) -> None:
    before = mtimes(built_site / "public")
    replace_in(built_site, NOTE_ID, "title: Rapat Contoh", "title: Rapat Contoh Baru")
    build(built_site, built_site / "public")
    after = mtimes(built_site / "public")
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"catatan-rapat/rapat-contoh/index.html", "catatan-rapat/index.html", "index.html", "feed.xml"} <= changed
    assert "en/index.html" not in changed and "tentang/index.html" not in changed
    assert "Rapat Contoh Baru" in (built_site / "public/catatan-rapat/index.html").read_text("utf-8")


def test_a_new_translation_updates_the_switcher_of_its_counterpart(built_site: Path) -> None:
    page = built_site / "public/catatan-rapat/hanya-indonesia/index.html"
    assert 'href="/g20/en/meeting-notes/" hreflang="en"' in page.read_text("utf-8")
    (built_site / "content/meetings/2022-03-05-hanya-indonesia.en.md").write_text(
        "---\ntitle: Indonesian Only\ndate: 2022-03-05\nsummary: Now translated.\n---\nText.\n", "utf-8"
    )
    build(built_site, built_site / "public")
    assert 'href="/g20/en/meeting-notes/hanya-indonesia/" hreflang="en"' in page.read_text("utf-8")


def test_a_link_target_moving_rerenders_the_page_that_links_to_it(built_site: Path) -> None:
    replace_in(built_site, "content/pages/about.id.md", "slug: tentang", "slug: profil")
    build(built_site, built_site / "public")
    note = (built_site / "public/catatan-rapat/rapat-contoh/index.html").read_text("utf-8")
    assert 'href="/g20/profil/"' in note and "/g20/tentang/" not in note
    assert not (built_site / "public/tentang").exists()


def test_template_edit_rerenders_every_page(site: Path) -> None:
    first = build(site, site / "public")
    base = site / "templates/base.html"
    base.write_text(base.read_text("utf-8").replace("<body", "<!-- edited -->\n<body"), "utf-8")
    again = build(site, site / "public")
    assert again.rendered == first.rendered
    assert "<!-- edited -->" in (site / "public/en/about/index.html").read_text("utf-8")


def test_a_page_removed_from_the_output_is_written_again(built_site: Path) -> None:
    (built_site / "public/en/about/index.html").unlink()
    result = build(built_site, built_site / "public")
    assert result.rendered == 1
    assert (built_site / "public/en/about/index.html").is_file()


def test_deleting_the_cache_changes_nothing(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "a")
    assert (site / FOLDER).is_dir()
    shutil.rmtree(site / FOLDER)
    build(site, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# -- the cache is data: whatever is in its files, the output is that of a build without it

STORES = {  # each store of the cache, and its files
    "documents": "documents/*.json",
    "markdown index": "markdown-index.json",
    "markdown packs": "markdown/*.json",
    "page table": "pages-*/*.json",
    "share images": "share-images/*.png",
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tree]:
    """The fixture site built into public/, which fills every store of its cache, and the tree of a build
    without a cache. Built once for the module; each test gets a copy of its own (``built_site``)."""
    site = copy_site("basic", tmp_path_factory.mktemp("filled"))
    build(site, site.parent / "clean", Options(use_cache=False))
    build(site, site / "public")
    assert all(list((site / FOLDER).glob(pattern)) for pattern in STORES.values())
    return site, snapshot(site.parent / "clean")


@pytest.fixture
def built_site(filled: tuple[Path, Tree], tmp_path: Path) -> Path:
    """A copy of its own of the built fixture site: its content, public/ and cache (see ``copy_built``)."""
    return copy_built(filled[0], tmp_path / "basic")


@pytest.fixture
def clean(filled: tuple[Path, Tree]) -> Tree:
    """The tree of the fixture site built without a cache."""
    return filled[1]


def rebuild(site: Path) -> Result:
    """Build public/ again from nothing, so that every store is read: the command line's result."""
    shutil.rmtree(site / "public")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    return result


def plant(site: Path, pattern: str, data: bytes) -> list[str]:
    """Put ``data`` in place of each cache file that ``pattern`` matches; their names."""
    files = sorted((site / FOLDER).glob(pattern))
    for file in files:
        file.write_bytes(data)
    return [file.relative_to(site / FOLDER).as_posix() for file in files]


def warned(result: Result, name: str, why: str = "is damaged") -> bool:
    """The build said once that the cache file ``name`` is ignored for ``why``."""
    said = f"{FOLDER}/{name}: warning: {why}"
    return result.output.count(f"{FOLDER}/{name}:") == 1 and said in result.output


class CreatesAFile:
    """Unpickled, this creates the file ``path``: what a crafted pickle could do instead."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return open, (str(self.path), "w")


NOT_JSON = {
    "text": b"not JSON {",
    "pickle": pickle.dumps((STAMP, {"pages": {}})),
    "binary": bytes(range(256)),
}


@pytest.mark.parametrize("damage", NOT_JSON.values(), ids=NOT_JSON.keys())
@pytest.mark.parametrize("store", STORES)
def test_a_store_whose_files_are_not_json_is_ignored_with_one_warning_per_file(
    built_site: Path, clean: Tree, store: str, damage: bytes
) -> None:
    damaged = plant(built_site, STORES[store], damage)
    result = rebuild(built_site)
    assert all(warned(result, name, "is damaged; it is ignored and rebuilt") for name in damaged), result.output
    assert snapshot(built_site / "public") == clean
    assert FOLDER not in rebuild(built_site).output  # rebuilt: the next build is clean


def test_a_pickle_planted_in_the_cache_is_never_run(built_site: Path, clean: Tree, tmp_path: Path) -> None:
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(CreatesAFile(proof))).close()
    assert proof.exists()  # the payload works when it is unpickled
    marker = tmp_path / "created-by-the-cache"
    payload = pickle.dumps(CreatesAFile(marker))
    for pattern in STORES.values():
        plant(built_site, pattern, payload)
    old = ["markdown-index.pickle", "documents/00.pickle", "markdown/0.pack", "pages-0.pickle", "share/0.png"]
    for name in old:  # where a cache of an earlier version kept its pickles
        (built_site / FOLDER / name).parent.mkdir(exist_ok=True)
        (built_site / FOLDER / name).write_bytes(payload)
    rebuild(built_site)
    assert not marker.exists()
    assert snapshot(built_site / "public") == clean
    assert not any((built_site / FOLDER / name).exists() for name in old)  # the old pickled cache is removed


def test_a_cache_file_of_another_version_is_ignored_with_one_warning(built_site: Path, clean: Tree) -> None:
    damaged = plant(built_site, STORES["markdown index"], json.dumps({"stamp": "g20site-cache 5", "data": {}}).encode())
    result = rebuild(built_site)
    assert warned(result, damaged[0], "was made by another version of g20site; it is ignored and rebuilt")
    assert snapshot(built_site / "public") == clean


Edit = Callable[[dict[str, Any]], bool]  # changes a file's data in place; False: nothing to change there


def _first_document(data: dict[str, Any], check: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    return next((entry[3][0] for entry in data.values() if entry[3][0] and check(entry[3][0])), None)


def _change_document(field: str, value: Any, where: Callable[[dict[str, Any]], bool] = lambda doc: True) -> Edit:
    def change(data: dict[str, Any]) -> bool:
        doc = _first_document(data, where)
        if doc is None:
            return False
        doc[field] = value
        return True

    return change


def _without(field: str) -> Edit:
    def change(data: dict[str, Any]) -> bool:
        doc = _first_document(data, lambda doc: True)
        return doc is not None and doc.pop(field) is not None

    return change


def _event_starting(when: Any) -> Edit:
    def change(data: dict[str, Any]) -> bool:
        doc = _first_document(data, lambda doc: doc["schedule"] is not None)
        if doc is None:
            return False
        doc["schedule"]["start"] = when
        return True

    return change


def _first_value(change: Callable[[Any], None]) -> Edit:
    def edit(data: dict[str, Any]) -> bool:
        change(next(iter(data.values())))
        return True

    return edit


def _set(key: str, value: Any) -> Callable[[Any], None]:
    return lambda found: found.__setitem__(key, value)


def _first_page(change: Callable[[Any], None]) -> Edit:
    """Change the first page with a share image of a shard of the page table (False: the shard has none)."""
    def edit(data: dict[str, Any]) -> bool:
        page = next((entry for entry in data.values() if entry["share"]), None)
        if page is not None:
            change(page)
        return page is not None

    return edit


def _add_resolution(row: list[Any]) -> Edit:
    def edit(data: dict[str, Any]) -> bool:
        data["resolutions"][1].append(row)
        return True

    return edit


def _rename_first_pack(name: str) -> Edit:
    def edit(data: dict[str, Any]) -> bool:
        data[name] = data.pop(next(iter(data)))
        return True

    return edit


WRONG_CONTENTS: dict[str, tuple[str, Edit]] = {
    "a file's size that is a string": ("documents/*.json", _first_value(_set(0, "602"))),
    "a document that is a list": ("documents/*.json", _first_value(lambda entry: entry[3].__setitem__(0, [1, 2]))),
    "a document without its title": ("documents/*.json", _without("title")),
    "a document with a bad date": ("documents/*.json", _change_document("date", "2022-13-45")),
    "a document with a number for a date": ("documents/*.json", _change_document("date", 20220118)),
    "a document with unknown fields": ("documents/*.json", _change_document("__class__", "os.system")),
    "a draft that is not a boolean": ("documents/*.json", _change_document("draft", "no")),
    "an event that starts at no time": ("documents/*.json", _event_starting(["tomorrow", 25200, "WIB"])),
    "an event in an impossible zone": ("documents/*.json", _event_starting(["2022-05-20T09:00:00", 10**6, "X"])),
    "a problem that is not one": ("documents/*.json", _first_value(lambda entry: entry[3][1].append({"a": 1}))),
    "Markdown whose html is a number": ("markdown/*.json", _first_value(_set("html", 42))),
    "Markdown without its findings": ("markdown/*.json", _first_value(lambda entry: entry.pop("findings"))),
    "a resolution cut short": ("markdown/*.json", _first_value(_set("resolutions", [["../x.md"]]))),
    "an index that points outside markdown/": ("markdown-index.json", _rename_first_pack("../documents/00.json")),
    "an index whose keys are numbers": ("markdown-index.json", _first_value(lambda keys: keys.append(7))),
    "a page whose size is a string": ("pages-*/[0-9]*.json", _first_page(_set("size", "1200"))),
    "a share image outside the output": ("pages-*/[0-9]*.json", _first_page(_set("share", "../../../etc/passwd"))),
    "a page table without its site": ("pages-*/head.json", lambda data: data.pop("site") is not None),
    "a page's link of three names": ("pages-*/[0-9]*.json", _first_page(_set("links", [["a.md", "b", "c"]]))),
    "a link that led to a number": ("pages-*/head.json", _add_resolution(["a.md", "b", 1, None])),
    "a document's digest that is a number": ("pages-*/documents.json",
                                            lambda data: data.__setitem__(next(iter(data)), 7) is None),
}


@pytest.mark.parametrize(("pattern", "edit"), WRONG_CONTENTS.values(), ids=WRONG_CONTENTS.keys())
def test_a_file_with_the_right_stamp_but_wrong_contents_is_ignored_with_one_warning(
    built_site: Path, clean: Tree, pattern: str, edit: Edit
) -> None:
    for file in sorted((built_site / FOLDER).glob(pattern)):
        stored = json.loads(file.read_bytes())
        assert stored["stamp"] == STAMP
        if edit(stored["data"]):
            file.write_text(json.dumps(stored), "utf-8")
            break
    else:
        raise AssertionError(f"nothing to change in {pattern}")
    result = rebuild(built_site)
    assert warned(result, file.relative_to(built_site / FOLDER).as_posix(), "is damaged; it is ignored and rebuilt")
    assert result.output.count(f"{FOLDER}/") == 1, result.output
    assert snapshot(built_site / "public") == clean


def _png(size: tuple[int, int], colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 630), "red").save(out, "GIF")
    return out.getvalue()


NOT_A_SHARE_IMAGE = {
    "script": b"<script>alert(1)</script>",
    "a small PNG": _png((100, 100)),
    "a PNG cut short": _png((1200, 630))[:200],
    "a GIF": _gif(),
}


@pytest.mark.parametrize("data", NOT_A_SHARE_IMAGE.values(), ids=NOT_A_SHARE_IMAGE.keys())
def test_a_share_image_that_is_not_a_1200x630_png_is_made_again(
    built_site: Path, clean: Tree, data: bytes
) -> None:
    damaged = plant(built_site, STORES["share images"], data)
    result = rebuild(built_site)
    assert all(warned(result, name) for name in damaged)
    published = sorted((built_site / "public/share").glob("*.png"))
    assert published
    for file in published:
        with Image.open(file) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
        assert file.read_bytes() == clean[f"share/{file.name}"]


def test_a_link_in_the_cache_to_an_image_outside_the_site_is_not_followed(
    built_site: Path, clean: Tree, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(_png((1200, 630), "blue"))  # would pass for a share image
    kept = sorted((built_site / FOLDER).glob(STORES["share images"]))[0]
    kept.unlink()
    kept.symlink_to(outside)
    result = rebuild(built_site)
    assert warned(result, kept.relative_to(built_site / FOLDER).as_posix(), "cannot be read (")
    assert snapshot(built_site / "public") == clean
    assert not kept.is_symlink()  # replaced by the image made again


def test_a_pipe_in_the_cache_is_not_waited_for(built_site: Path, clean: Tree) -> None:
    index = built_site / FOLDER / "markdown-index.json"
    index.unlink()
    os.mkfifo(index)
    result = rebuild(built_site)
    assert warned(result, "markdown-index.json")
    assert snapshot(built_site / "public") == clean


def test_documents_read_from_the_cache_are_those_parsed_afresh(site: Path) -> None:
    replace_in(site, NOTE_ID, "date: 2022-02-01", "date: 2022-02-02")  # a warning found while parsing
    build(site, site / "public")
    files = ParsedFiles(Cache.for_site(site))
    cached, cached_problems = load_site(site, reader=files)
    assert not files.problems
    assert len(files.old) == len(list((site / "content").rglob("*.md")))  # every file was kept, every field stored
    fresh, fresh_problems = load_site(site)
    assert cached is not None and fresh is not None
    assert any(doc.schedule for doc in fresh.documents) and any(doc.claim for doc in fresh.documents)
    assert repr(cached.documents) == repr(fresh.documents)
    assert cached_problems == fresh_problems
    assert any("differs from the date in the file name" in str(problem) for problem in cached_problems)


def test_documents_parsed_by_worker_processes_are_those_parsed_here(site: Path, pool_always: None) -> None:
    replace_in(site, NOTE_ID, "date: 2022-02-01", "date: 2022-02-02")  # a warning found while parsing
    (site / "content/meetings/2022-05-01-rusak.id.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", "utf-8")
    here, here_problems = load_site(site, reader=ParsedFiles(Cache(None), jobs=1))
    forked = ParsedFiles(Cache(None), jobs=2)
    there, there_problems = load_site(site, reader=forked)
    assert here is not None and there is not None
    assert repr(here.documents) == repr(there.documents)
    assert here_problems == there_problems
    assert [str(p) for p in there_problems if p.path.endswith("rusak.id.md") and p.line == 2]  # the YAML error
    assert len(forked.new) == len(list((site / "content").rglob("*.md"))) and not forked.ready


def test_a_share_image_is_written_once_and_kept_in_the_cache_as_a_second_name_of_it(site: Path) -> None:
    build(site, site / "public")
    images = sorted((site / "public" / "share").iterdir())
    assert len(images) > 20
    for image in images:
        assert image.samefile(site / FOLDER / "share-images" / image.name)


def test_where_no_link_can_be_made_the_cache_keeps_a_copy_of_each_share_image(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", other_device)
    build(site, site / "public")
    images = sorted((site / "public" / "share").iterdir())
    assert len(images) > 20
    for image in images:
        kept = site / FOLDER / "share-images" / image.name
        assert kept.read_bytes() == image.read_bytes() and not kept.samefile(image)

    def drawn(*args: object) -> bytes:
        raise AssertionError("a share image the cache holds was drawn again")

    monkeypatch.setattr(parallel, "render_png", drawn)
    build(site, tmp_path / "other")  # a new output folder: every image from the cache
    assert snapshot(tmp_path / "other") == snapshot(site / "public")


def test_problems_and_their_messages_are_stored_exactly() -> None:
    nested = Message("{language} is missing").format(language=LanguageName("en"))
    problem = Problem("content/x.id.md", 3, Message("{what}: {count} of {total}").format(
        what=nested, count=2, total="3", ratio=0.5, flag=True, none=None), "warning")
    stored = json.loads(json.dumps(PROBLEM.dump(problem)))
    assert PROBLEM.load(stored) == problem
    assert PROBLEM.load(stored).text("id") == problem.text("id")


def test_a_parsed_file_the_cache_cannot_store_exactly_is_left_out_of_its_shard() -> None:
    good = (10, 1, "d", (None, [Problem("content/a.id.md", 1, Message("x"))]))
    odd = (10, 1, "d", (None, [Problem("content/b.id.md", 1, Message("{path}").format(path=Path("b")))]))
    assert SHARD.dump({"content/a.id.md": good, "content/b.id.md": odd}).keys() == {"content/a.id.md"}


def test_no_cache_option_leaves_no_cache(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--no-cache", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert not (site / FOLDER).exists()


def test_progress_is_silent_when_piped(site: Path, pool_always: None) -> None:
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 0
    assert "Rendering" not in result.output
    assert result.output.startswith("content/meetings/2022-03-05-hanya-indonesia.id.md: warning")


def test_one_edit_rewrites_a_few_shards_of_the_page_table(built_site: Path) -> None:
    """The page table of 10,000 pages is 10 MB: one edit writes the shards of the files it changed."""
    table = built_site / FOLDER / Cache.for_site(built_site).pages_name(built_site / "public")
    before = {file.name: file.stat().st_mtime_ns for file in table.iterdir()}
    assert len(before) == incremental.SHARDS + 2  # and the head, and the documents' digests
    note = built_site / "content/meetings/2022-02-01-rapat-contoh.id.md"
    note.write_text(note.read_text("utf-8") + "\nKalimat baru.\n", "utf-8")
    assert CliRunner().invoke(main, ["build", "--source", str(built_site)]).exit_code == 0
    after = {file.name: file.stat().st_mtime_ns for file in table.iterdir()}
    changed = sorted(name for name in before if after[name] != before[name])
    assert "documents.json" in changed and "head.json" not in changed  # the note's digest; the same links
    assert 1 < len(changed) <= 4, changed  # the page's shard; the feed's and sitemap's (the site's folder)
    assert CliRunner().invoke(main, ["build", "--source", str(built_site)]).exit_code == 0
    assert {file.name: file.stat().st_mtime_ns for file in table.iterdir()} == after  # and the table reads back


@pytest.mark.parametrize(("total", "processes"), [(64, 2), (2130, 2), (10530, 2), (10018, 4), (999, 3)])
def test_work_is_handed_out_in_smaller_and_smaller_chunks_covering_every_page(total: int, processes: int) -> None:
    chunks = parallel._chunks(total, processes)
    assert [index for start, end in chunks for index in range(start, end)] == list(range(total))
    sizes = [end - start for start, end in chunks]
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # (the last: what was left)
    assert max(sizes) <= 256 and sizes[-2] <= max(1, parallel.MIN_PER_WORKER // 4)  # no worker ends alone with much


def test_chunks_end_with_single_pages_when_workers_take_any_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    chunks = parallel._chunks(50, 2)
    assert chunks[-1] == (49, 50) and [end - start for start, end in chunks][:2] == [6, 5]
