"""Uploading a photo into static/images/: decoded and saved again with Pillow as the build publishes
photos (upright, sRGB, no metadata: no GPS position, camera or comment), named after its file as a
slug, never over an existing file. Its description is required in every language of the site; when
the upload comes from a document's form, the photo and its description go into every language's file.
"""

from __future__ import annotations

import io
import warnings

from ..load.images import MOST_BYTES, MOST_PIXELS
from ..load.schema import slugify
from ..messages import LanguageName, Message
from ..render.photos import FULL_QUALITY, upright
from . import documents, files, forms
from .front_lines import quoted
from .http import Answer, Request, redirect
from .pages import Context

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
NOT_A_PHOTO = Message("This file is not a JPEG, PNG or WebP photo g20site can read; save it as JPEG and try again.")
TOO_LARGE = Message("This photo is larger than {limit} MB or {pixels} million pixels; save it smaller, e.g. 2400 "
                    "pixels wide as JPEG.")
NO_ALT = Message("Describe what the photo shows in {language}, for readers who cannot see it.")
NO_FILE = Message("Choose a photo to upload.")


def form(context: Context, request: Request, problems: tuple[Message, ...] = (), status: int = 200) -> Answer:
    config = documents.config_of(context)
    path = request.arg("path")
    if path:
        files.document(path)
    return context.page("upload.html", status, path=path, languages=[LanguageName(c) for c in config.codes],
                        codes=config.codes, problems=problems, alts={c: request.arg(f"alt-{c}") for c in config.codes})


def upload(context: Context, request: Request) -> Answer:
    config = documents.config_of(context)
    name, data = request.uploads.get("photo", ("", b""))
    problems = [NO_ALT.format(language=LanguageName(c)) for c in config.codes if not request.arg(f"alt-{c}").strip()]
    made = _clean(data) if data else None
    if not data:
        problems.insert(0, NO_FILE)
    elif made is None:
        problems.insert(0, NOT_A_PHOTO)
    elif isinstance(made, Message):
        problems.insert(0, made)
    if problems or not isinstance(made, tuple):
        return form(context, request, tuple(problems), 422)
    written = _write(context, name, *made)
    path = request.arg("path")
    if not path:  # the lines to write into a document's files, one language each
        lines = [f"{code}: image: /{written.removeprefix('static/')}\n"
                 f"{code}: image_alt: {quoted(request.arg(f'alt-{code}').strip())}" for code in config.codes]
        return context.page("message.html", title=Message("Uploaded."), text=lines)
    _set_photo(context, path, "/" + written.removeprefix("static/"), request)
    return redirect(context.link("edit", path=path, saved="1"))


def _clean(data: bytes) -> tuple[bytes, str] | Message | None:
    """The photo saved again without its metadata, and its file ending; a message if it is too large,
    None if it is no photo."""
    from PIL import Image

    if len(data) > MOST_BYTES:
        return TOO_LARGE.format(limit=MOST_BYTES // 10**6, pixels=MOST_PIXELS // 10**6)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                kind, size = opened.format, opened.size
        if kind not in FORMATS:
            return None
        if size[0] * size[1] > MOST_PIXELS:
            return TOO_LARGE.format(limit=MOST_BYTES // 10**6, pixels=MOST_PIXELS // 10**6)
        image = upright(data)
        out = io.BytesIO()
        if kind == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=FULL_QUALITY, optimize=True, progressive=True)
        else:
            image.save(out, kind, **({"quality": FULL_QUALITY} if kind == "WEBP" else {"optimize": True}))
    except Exception:  # noqa: BLE001 - a damaged file may fail in any of Pillow's decoders
        return None
    return out.getvalue(), FORMATS[kind]


def _write(context: Context, name: str, data: bytes, ending: str) -> str:
    stem = slugify(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0])[:80].strip("-") or "photo"
    for number in range(1, 1000):
        path = files.asset(f"{stem}{ending}" if number == 1 else f"{stem}-{number}{ending}")
        try:
            files.write_bytes(context.root, path, data)
            return path
        except FileExistsError:
            continue
    raise files.Refused(stem)


def _set_photo(context: Context, path: str, image: str, request: Request) -> None:
    """``image:`` and ``image_alt:`` in every language's file of the document ``path``."""
    named = files.document(path)
    config = documents.config_of(context)
    for code in config.codes:
        other = path_in_file(named.path, code)
        text = files.read(context.root, other)
        if text is None:
            continue
        form = forms.inputs(config, named.kind, code)
        values = forms.values_of(text, form) | {"image": image, "image_alt": request.arg(f"alt-{code}").strip()}
        files.write(context.root, other, forms.write_values(text, form, values, None))


def path_in_file(path: str, code: str) -> str:
    return f"{path.rsplit('.', 2)[0]}.{code}.md"



