"""Photos: published in a few widths as WebP and JPEG (PNG when transparent) behind one <picture>,
upright and without metadata, the first of a page loaded at once; a description required; the
page's photo behind its share image; made once and then kept; a file too large or unreadable a
warning, never a traceback.

Every picture is made here with Pillow: a phone photo with its GPS position and orientation 6
(taken with the phone turned), a PNG with transparency, and headers that claim huge sizes.
"""

from __future__ import annotations

import io
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms, PngImagePlugin

from g20site.build import photos as building
from g20site.build.pipeline import Options, build
from g20site.cli import main

from .conftest import copy_site, line_of, read, replace_in, state, write

MEETING = "content/meetings/2022-02-01-rapat-contoh.id.md"
MEETING_EN = "content/meetings/2022-02-01-rapat-contoh.en.md"
PAGE = "catatan-rapat/rapat-contoh/index.html"
ORIENTATION, GPS_IFD = 0x0112, 0x8825
GREEN, RED, BLUE = (0, 200, 0), (230, 0, 0), (0, 0, 230)
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment", "dpi")


def phone_photo() -> bytes:
    """2000x1000 as stored, with orientation 6: shown 1000 wide and 2000 high. Its first rows (the
    green band) are the right-hand side of the picture as shown. With a GPS position, the phone's
    make, a comment, XMP and a colour profile."""
    image = Image.new("RGB", (2000, 1000), RED)
    image.paste(GREEN, (0, 0, 2000, 100))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Kamera Uji"
    exif[GPS_IFD] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"rahasia",
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPSLatitude</x:xmpmeta>', icc_profile=profile)
    return out.getvalue()


def transparent_logo() -> bytes:
    """600x300: transparent on the left, opaque blue on the right; with a text chunk and EXIF."""
    image = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    image.paste((*BLUE, 255), (300, 0, 600, 300))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "rahasia")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S"}
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif.tobytes())
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` and holds no pixels: all a decoder needs to be asked to
    allocate them."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(
        b"IEND", b"")


def add_photos(site: Path) -> Path:
    """Give the fixture site a phone photo as the meeting note's image and a transparent logo in its body."""
    (site / "static/images/rapat.jpg").write_bytes(phone_photo())
    (site / "static/images/logo.png").write_bytes(transparent_logo())
    replace_in(site, MEETING, "image: /images/foto.png", "image: /images/rapat.jpg")
    replace_in(site, MEETING, "![Gambar](/images/foto.png)",
               "![Gambar](/images/foto.png)\n\n![Logo Presidensi G20](/images/logo.png)")
    return site


@pytest.fixture
def photo_site(site: Path) -> Path:
    """The fixture site with a phone photo as the meeting note's image and a transparent logo in its body."""
    return add_photos(site)


@pytest.fixture(scope="module")
def built_photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same, built into its public/ once, for the tests that only read what was published."""
    site = add_photos(copy_site("basic", tmp_path_factory.mktemp("photos")))
    built(site)
    return site


def built(site: Path) -> Path:
    build(site, site / "public", Options(jobs=1))
    return site / "public"


def stem_of(page: str, alt: str) -> str:
    """The hash that names the files of the photo described ``alt`` on ``page``."""
    found = re.search(rf'<picture><source type="image/webp" srcset="/g20/photos/(\w+)-\d+\.webp[^>]*>'
                      rf'<img [^>]*alt="{re.escape(alt)}"', page)
    assert found is not None, alt
    return found.group(1)


def picture(stem: str, widths: tuple[int, ...], fallback: str, size: tuple[int, int], alt: str, first: bool) -> str:
    def srcset(suffix: str) -> str:
        return ", ".join(f"/g20/photos/{stem}-{w}.{suffix} {w}w" for w in widths)

    src = max(w for w in widths if w <= 960)
    loading = ' fetchpriority="high"' if first else ' loading="lazy" decoding="async"'
    return (f'<picture><source type="image/webp" srcset="{srcset("webp")}" sizes="{SIZES}">'
            f'<img src="/g20/photos/{stem}-{src}.{fallback}" srcset="{srcset(fallback)}" sizes="{SIZES}" '
            f'width="{size[0]}" height="{size[1]}" alt="{alt}"{loading}></picture>')


# -- what is published


def test_a_photo_is_one_picture_element_the_first_of_a_page_loaded_at_once(built_photo_site: Path) -> None:
    page = read(built_photo_site / "public", PAGE)
    photo, logo = stem_of(page, "Foto uji"), stem_of(page, "Logo Presidensi G20")
    pictures = re.findall(r"<picture>.*?</picture>", page)
    assert pictures == [
        picture(photo, (480, 960, 1000), "jpg", (1000, 2000), "Foto uji", first=True),  # turned upright
        picture(stem_of(page, "Gambar"), (4,), "jpg", (4, 3), "Gambar", first=False),
        picture(logo, (480, 600), "png", (600, 300), "Logo Presidensi G20", first=False),  # transparent: PNG
    ]
    assert "<img" not in re.sub(r'<picture>.*?</picture>|<img class="brand-logo"', "", page)  # but the publisher's


def test_each_width_is_made_in_webp_and_a_fallback_never_wider_than_the_photo(built_photo_site: Path) -> None:
    public = built_photo_site / "public"
    page = read(public, PAGE)
    photo, logo = stem_of(page, "Foto uji"), stem_of(page, "Logo Presidensi G20")
    expected = {f"{photo}-{w}.{kind}": ((w, h), kind) for w, h in ((480, 960), (960, 1920), (1000, 2000))
                for kind in ("webp", "jpg")}
    expected |= {f"{logo}-{w}.{kind}": ((w, h), kind) for w, h in ((480, 240), (600, 300)) for kind in ("webp", "png")}
    found = {}
    for name in expected:
        with Image.open(public / "photos" / name) as image:
            found[name] = (image.size, {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}[image.format])
            if name.startswith(logo):
                assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0  # still transparent
    assert found == expected
    source = (built_photo_site / "static/images/rapat.jpg").stat().st_size
    assert (public / "photos" / f"{photo}-960.webp").stat().st_size < source / 4


def test_no_published_picture_keeps_any_metadata_and_each_is_upright(built_photo_site: Path) -> None:
    with Image.open(built_photo_site / "static/images/rapat.jpg") as original:  # what there is to remove
        assert original.getexif().get_ifd(GPS_IFD) and {"exif", "xmp", "icc_profile", "comment"} <= set(original.info)
    public = built_photo_site / "public"
    files = [f for f in public.rglob("*") if f.suffix in (".jpg", ".png", ".webp")]
    assert len(files) >= 14
    for file in files:
        data = file.read_bytes()
        with Image.open(file) as image:
            assert not set(image.info) & set(METADATA), (file, image.info.keys())
            assert not image.getexif(), file
            assert not getattr(image, "text", {}), file
        assert b"Exif\0\0" not in data and b"rahasia" not in data and b"xmpmeta" not in data, file
    with Image.open(public / "images/rapat.jpg") as copy:  # the file's own address: a clean copy, upright
        assert copy.size == (1000, 2000)
        assert _near(copy.getpixel((990, 1000)), GREEN) and _near(copy.getpixel((10, 1000)), RED)


def _near(found: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(found, colour, strict=False))


def test_a_link_to_the_file_itself_still_works(photo_site: Path) -> None:
    replace_in(photo_site, MEETING, "[situs luar](https://example.org/)",
               "[situs luar](https://example.org/) dan [foto asli](/images/rapat.jpg)")
    public = built(photo_site)
    assert 'href="/g20/images/rapat.jpg"' in read(public, PAGE)
    with Image.open(public / "images/rapat.jpg") as copy:
        assert copy.format == "JPEG" and copy.size == (1000, 2000)


def test_the_photo_is_the_background_of_the_share_image(built_photo_site: Path) -> None:
    public = built_photo_site / "public"
    page = read(public, PAGE)
    assert '<meta property="og:image:type" content="image/jpeg">' in page
    found = re.search(r'<meta property="og:image" content="https://example\.go\.id/g20/(share/\w+\.jpg)">', page)
    assert found is not None
    with Image.open(public / found.group(1)) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))
        pixels = card.convert("RGB")
    # where there are no words: the red photo under the navy veil, its green band on the right (turned upright)
    red, green = pixels.getpixel((1000, 20)), pixels.getpixel((1190, 20))
    assert 60 < red[0] < 100 and red[1] < 45, red
    assert green[1] > 70 and green[0] < 45, green
    english = read(public, "en/meeting-notes/sample-meeting/index.html")  # no photo: the navy card
    assert '<meta property="og:image:type" content="image/png">' in english


def test_a_free_page_shows_its_photo_too(photo_site: Path) -> None:
    replace_in(photo_site, "content/pages/about.id.md", "title: Tentang\n",
               "title: Tentang\nimage: /images/rapat.jpg\nimage_alt: Ruang rapat\n")
    public = built(photo_site)
    page = read(public, "tentang/index.html")
    stem = stem_of(page, "Ruang rapat")
    shown = picture(stem, (480, 960, 1000), "jpg", (1000, 2000), "Ruang rapat", first=True)
    assert (f'<h1 data-pagefind-ignore>Tentang</h1>\n<figure class="figure">\n{shown}\n</figure>\n'
            '<div class="prose">') in page
    assert re.search(r'<meta property="og:image" content="[^"]+/share/\w+\.jpg">', page)


@pytest.mark.parametrize(("document", "output"), [
    ("content/fact-checks/2022-02-10-klaim-contoh.id.md", "cek-fakta/klaim-contoh/index.html"),
    ("content/events/pameran-contoh.id.md", "agenda/pameran-contoh/index.html"),
])
def test_a_fact_check_and_an_event_show_their_photo_under_the_headline(
    photo_site: Path, document: str, output: str
) -> None:
    replace_in(photo_site, document, "\n---\n", "\nimage: /images/rapat.jpg\nimage_alt: Ruang rapat\n---\n")
    page = read(built(photo_site), output)
    stem = stem_of(page, "Ruang rapat")
    shown = picture(stem, (480, 960, 1000), "jpg", (1000, 2000), "Ruang rapat", first=True)
    assert f'</header>\n<figure class="figure">\n{shown}\n</figure>\n<div class="side">' in page


# -- descriptions


def cli(site: Path, lang: str, *args: str) -> tuple[int, list[str]]:
    """``g20site --lang LANG build`` (or another command): its exit code and the lines on stderr."""
    environment = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    result = CliRunner().invoke(main, ["--lang", lang, *(args or ("build",)), "--source", str(site)], env=environment)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stderr.splitlines()


NO_ALT = {
    "en": 'image_alt: is missing; write what the photo shows, for readers who cannot see it, e.g. '
          'image_alt: "Participants around the meeting table"',
    "id": 'image_alt: belum diisi; tulis apa yang terlihat di foto, untuk pembaca yang tidak dapat melihatnya, '
          'misalnya image_alt: "Peserta rapat di sekeliling meja"',
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_image_without_image_alt_is_an_error_at_its_line(photo_site: Path, lang: str) -> None:
    text = replace_in(photo_site, MEETING, "image_alt: Foto uji\n", "")
    code, printed = cli(photo_site, lang)
    assert code == 1
    assert f"{MEETING}:{line_of(text, 'image:')}: {NO_ALT[lang]}" in printed


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_empty_image_alt_is_an_error_at_its_own_line(photo_site: Path, lang: str) -> None:
    text = replace_in(photo_site, MEETING, "image_alt: Foto uji", 'image_alt: "  "')
    code, printed = cli(photo_site, lang)
    assert code == 1
    assert f"{MEETING}:{line_of(text, 'image_alt:')}: {NO_ALT[lang]}" in printed


def test_a_draft_may_lack_image_alt_until_it_is_built(photo_site: Path) -> None:
    draft = "content/meetings/2022-04-01-draf.id.md"
    text = replace_in(photo_site, draft, "draft: true", "draft: true\nimage: /images/rapat.jpg")
    assert cli(photo_site, "en")[0] == 0
    code, printed = cli(photo_site, "en", "build", "--drafts")  # left out of the preview, and said
    assert code == 0
    assert (f"{draft}:{line_of(text, 'image:')}: warning: {NO_ALT['en']}; "
            "this draft is not shown until then") in printed
    code, printed = cli(photo_site, "en", "build", "--drafts", "--strict")
    assert code == 1


MARKDOWN_NO_ALT = {
    "en": 'image "/images/logo.png" has no description: write what it shows between the square brackets, as in '
          "![Participants around the meeting table](/images/logo.png); every picture in content needs one "
          "(a purely decorative picture belongs in the theme, not in content)",
    "id": 'gambar "/images/logo.png" belum punya keterangan: tulis apa yang ditampilkannya di antara kurung siku, '
          "seperti ![Peserta rapat di sekeliling meja](/images/logo.png); setiap gambar di konten memerlukannya "
          "(gambar yang hanya hiasan tempatnya di tema, bukan di konten)",
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_markdown_image_without_a_description_is_an_error_at_its_line(photo_site: Path, lang: str) -> None:
    text = replace_in(photo_site, MEETING, "![Logo Presidensi G20](/images/logo.png)", "![ ](/images/logo.png)")
    code, printed = cli(photo_site, lang)
    assert code == 1
    assert f"{MEETING}:{line_of(text, '](/images/logo.png)')}: {MARKDOWN_NO_ALT[lang]}" in printed


def test_the_error_names_the_line_of_the_image_without_a_description_not_an_earlier_one(photo_site: Path) -> None:
    text = (photo_site / MEETING).read_text("utf-8") + "\nLagi:\n\n![](/images/logo.png)\n"
    write(photo_site, MEETING, text)
    code, printed = cli(photo_site, "en")
    assert code == 1
    assert f"{MEETING}:{line_of(text, '![](/images/logo.png)')}: {MARKDOWN_NO_ALT['en']}" in printed


# -- made once


def test_a_second_build_encodes_nothing_and_a_new_output_is_filled_from_the_cache(
    photo_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    encode = building.encode

    def counted(data: bytes, variants: list[building.Variant]) -> dict[str, bytes]:
        calls.extend(v.key for v in variants)
        return encode(data, variants)

    monkeypatch.setattr(building, "encode", counted)
    public = built(photo_site)
    assert len(calls) == 6 + 1 + 4 + 1 + 2 + 1  # the photo's, the logo's, foto.png's: sizes and its clean copy
    before = state(public)
    calls.clear()
    started = time.perf_counter()
    built(photo_site)
    again = time.perf_counter() - started
    assert calls == [] and state(public) == before  # not one file touched
    elsewhere = photo_site / "elsewhere"
    build(photo_site, elsewhere, Options(jobs=1))
    assert calls == []  # from the build cache
    photos = sorted(p.relative_to(public).as_posix() for p in public.rglob("photos/*"))
    assert [(elsewhere / name).read_bytes() for name in photos] == [(public / name).read_bytes() for name in photos]
    print(f"second build: {again:.2f} s")


def test_a_damaged_file_in_the_cache_is_made_again(photo_site: Path) -> None:
    public = built(photo_site)
    stem = stem_of(read(public, PAGE), "Foto uji")
    (photo_site / ".g20site-cache/photos" / f"{stem}-960.webp").write_bytes(b"RIFF\0\0\0\0WEBPnot a picture")
    good = (public / "photos" / f"{stem}-960.webp").read_bytes()
    code, printed = cli(photo_site, "en", "build", "--output", str(photo_site / "elsewhere"))
    assert code == 0
    assert f".g20site-cache/photos/{stem}-960.webp: warning: is damaged; it is ignored and rebuilt" in printed
    assert (photo_site / "elsewhere/photos" / f"{stem}-960.webp").read_bytes() == good


def test_a_changed_photo_gets_new_names_and_the_old_files_go(photo_site: Path) -> None:
    public = built(photo_site)
    old = stem_of(read(public, PAGE), "Foto uji")
    image = Image.open(io.BytesIO(phone_photo()))
    out = io.BytesIO()
    image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(out, "JPEG")  # no EXIF: shown 2000 wide
    (photo_site / "static/images/rapat.jpg").write_bytes(out.getvalue())
    page = read(built(photo_site), PAGE)
    new = stem_of(page, "Foto uji")
    assert new != old and 'width="2000" height="1000" alt="Foto uji"' in page
    assert not list(public.glob(f"photos/{old}-*")) and len(list(public.glob(f"photos/{new}-*"))) == 6
    cached = {p.name for p in (photo_site / ".g20site-cache/photos").iterdir()}
    assert not any(name.startswith(old) for name in cached)


# -- too large, unreadable


LEFT_OUT = {
    "en": {
        "pixels": "has more than 50 million pixels, more than g20site publishes: it is left out of the site; "
                  "save it smaller, e.g. 2400 pixels wide",
        "unreadable": "is not an image g20site can read: it is left out of the site; open it in an image editor "
                      "and save it again as JPEG or PNG",
        "image": "image: /images/besar.png is left out of the site (see the warning about static/images/besar.png); "
                 "the page is shown without it",
        "body": '"/images/bom.png" is left out of the site (see the warning about static/images/bom.png); '
                "the page does not show it",
    },
    "id": {
        "pixels": "berukuran lebih dari 50 juta piksel, melebihi batas yang diterbitkan g20site: berkas ini tidak "
                  "diterbitkan di situs; simpan dalam ukuran lebih kecil, misalnya lebar 2400 piksel",
        "unreadable": "bukan gambar yang dapat dibaca g20site: berkas ini tidak diterbitkan di situs; buka di "
                      "penyunting gambar lalu simpan ulang sebagai JPEG atau PNG",
        "image": "image: /images/besar.png tidak diterbitkan di situs (lihat peringatan tentang "
                 "static/images/besar.png); halaman ditampilkan tanpa foto itu",
        "body": '"/images/bom.png" tidak diterbitkan di situs (lihat peringatan tentang static/images/bom.png); '
                "halaman ini tidak menampilkannya",
    },
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_picture_too_large_or_unreadable_is_left_out_with_a_warning(photo_site: Path, lang: str) -> None:
    static = photo_site / "static/images"
    (static / "besar.png").write_bytes(png_header(10_000, 6_000))  # 60 megapixels: over g20site's limit
    (static / "bom.png").write_bytes(png_header(100_000, 100_000))  # 10 gigapixels: over Pillow's too
    (static / "rusak.jpg").write_bytes(b"not a picture at all")
    text = replace_in(photo_site, MEETING, "image: /images/rapat.jpg", "image: /images/besar.png")
    text = replace_in(photo_site, MEETING, "(/images/logo.png)", "(/images/bom.png)")
    warning = {"en": "warning", "id": "peringatan"}[lang]
    code, printed = cli(photo_site, lang)
    assert code == 0
    words = LEFT_OUT[lang]
    for line in [
        f"static/images/besar.png: {warning}: {words['pixels']}",
        f"static/images/bom.png: {warning}: {words['pixels']}",
        f"static/images/rusak.jpg: {warning}: {words['unreadable']}",
        f"{MEETING}:{line_of(text, 'image:')}: {warning}: {words['image']}",
        f"{MEETING}:{line_of(text, '/images/bom.png')}: {warning}: {words['body']}",
    ]:
        assert line in printed, f"{line!r} not in {printed}"
    public = photo_site / "public"
    assert not any((public / "images" / name).exists() for name in ("besar.png", "bom.png", "rusak.jpg"))
    page = read(public, PAGE)
    assert "besar.png" not in page and "bom.png" not in page and 'alt="Foto uji"' not in page


def test_a_photo_damaged_past_its_header_is_a_warning_not_a_traceback(photo_site: Path) -> None:
    whole = phone_photo()
    (photo_site / "static/images/rapat.jpg").write_bytes(whole[: len(whole) // 2])
    code, printed = cli(photo_site, "en")
    assert code == 0
    assert f"static/images/rapat.jpg: warning: {LEFT_OUT['en']['unreadable']}" in printed
    assert not (photo_site / "public/images/rapat.jpg").exists()


def test_check_decodes_the_photos_too_and_writes_nothing(photo_site: Path) -> None:
    whole = phone_photo()
    (photo_site / "static/images/rapat.jpg").write_bytes(whole[: len(whole) // 2])
    code, printed = cli(photo_site, "en", "check")
    assert code == 0
    assert f"static/images/rapat.jpg: warning: {LEFT_OUT['en']['unreadable']}" in printed
    assert not (photo_site / "public").exists() and not (photo_site / ".g20site-cache/photos").exists()


def test_a_gif_is_published_as_it_is_with_its_size(site: Path) -> None:
    Image.new("P", (30, 20)).save(site / "static/images/gerak.gif")
    write(site, MEETING, (site / MEETING).read_text("utf-8") + "\n![Animasi](/images/gerak.gif)\n")
    public = built(site)
    assert (public / "images/gerak.gif").read_bytes() == (site / "static/images/gerak.gif").read_bytes()
    tag = '<img width="30" height="20" alt="Animasi" decoding="async" loading="lazy" src="/g20/images/gerak.gif">'
    assert tag in read(public, PAGE)
