"""``g20site new meeting``: start a meeting note in every language."""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import yaml

from .config import SiteConfig


def slugify(title: str) -> str:
    """``Rapat Koordinasi G20 & Meta`` -> ``rapat-koordinasi-g20-meta``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def meeting_files(config: SiteConfig, title: str, day: datetime.date) -> dict[str, str]:
    """File name -> text for each language; the note starts as a draft."""
    slug = slugify(title) or "rapat"
    files = {}
    for lang in config.languages:
        front = {
            "title": title,
            "date": day.isoformat(),
            "summary": "",
            "participants": [],
            "agenda": [],
            "tags": [],
            "draft": True,
        }
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False)
        text = text.replace("date: '", "date: ").replace(f"{day.isoformat()}'", day.isoformat())
        files[f"{day.isoformat()}-{slug}.{lang.code}.md"] = f"---\n{text}---\n\n"
    return files


def write_new(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write the files; refuse (FileExistsError) if any already exists."""
    paths = [folder / name for name in files]
    for path in paths:
        if path.exists():
            raise FileExistsError(path)
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(files[path.name])
    return paths
