"""The peers of the benchmark, cold on the same meeting notes: Pelican 4 (installed into
``benchmarks/.work/pelican`` on first use) with its default theme, and Hugo (when the machine has
``hugo``; ``make bench`` installs Debian's) with the small theme below, which makes what Pelican's
makes: a page per note with its date, tags and translations, lists of ten with pages, a list per tag."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import yaml

PELICAN_SETTINGS = """\
AUTHOR = "Humas"
SITENAME = "G20"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = 10
"""


HUGO_SETTINGS = """\
baseURL = "https://example.org/"
title = "G20"
defaultContentLanguage = "id"
paginate = 10
[languages.id]
weight = 1
languageName = "Bahasa Indonesia"
[languages.en]
weight = 2
languageName = "English"
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><nav><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
</nav><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.tags }}<ul>{{ range . }}
<li><a href="{{ "tags/" | relLangURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<p>{{ .Summary }}</p></li>{{ end }}
</ul>{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


def notes(site: Path) -> list[tuple[str, dict[str, object], str]]:
    """Each meeting note of ``site``: its file stem, front matter and Markdown body."""
    found = []
    for file in sorted((site / "content" / "meetings").glob("*.md")):
        _, front, body = file.read_text("utf-8").split("---\n", 2)
        found.append((file.name[: -len(".md")], yaml.safe_load(front), body))
    return found


def pelican_note(stem: str, meta: dict[str, object], body: str) -> str:
    """A note in Pelican's Markdown format (``Key: value`` lines, then the body)."""
    name, lang = stem.rsplit(".", 1)
    tags = meta.get("tags") or []
    lines = [
        f"Title: {meta['title']}",
        f"Date: {meta['date']}",
        f"Slug: {name}",
        f"Lang: {lang}",
        f"Tags: {', '.join(str(tag) for tag in tags)}",  # type: ignore[union-attr]
        f"Summary: {meta.get('summary', '')}",
        "Category: meetings",
    ]
    return "\n".join(lines) + "\n\n" + body


def pelican_cold(site: Path, work: Path) -> float:
    """Seconds of ``pelican`` building the notes of ``site`` from nothing."""
    program = _pelican(work)
    folder = work / f"pelican-{site.name}"
    if not (folder / "content").is_dir():
        (folder / "content").mkdir(parents=True)
        for stem, meta, body in notes(site):
            (folder / "content" / f"{stem}.md").write_text(pelican_note(stem, meta, body), "utf-8")
        (folder / "pelicanconf.py").write_text(PELICAN_SETTINGS, "utf-8")
    shutil.rmtree(folder / "output", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(program), "content", "-s", "pelicanconf.py", "-o", "output", "-q"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _pelican(work: Path) -> Path:
    env = work / "pelican"
    program = env / "bin" / "pelican"
    if not program.exists():
        print("Installing Pelican 4 into", env, flush=True)
        venv.create(env, with_pip=True)
        subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "pelican[markdown]>=4,<5"],
                       check=True)
    return program


def hugo_cold(site: Path, work: Path) -> float | None:
    """Seconds of ``hugo`` building the notes of ``site`` from nothing; None without ``hugo``."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    folder = work / f"hugo-{site.name}"
    if not (folder / "content").is_dir():
        (folder / "content" / "meetings").mkdir(parents=True)
        for stem, meta, body in notes(site):
            front = yaml.safe_dump({"title": meta["title"], "date": str(meta["date"]), "tags": meta.get("tags", [])},
                                   allow_unicode=True)
            (folder / "content" / "meetings" / f"{stem}.md").write_text(f"---\n{front}---\n{body}", "utf-8")
    (folder / "hugo.toml").write_text(HUGO_SETTINGS, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text, "utf-8")
    shutil.rmtree(folder / "public", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


if __name__ == "__main__":
    print(pelican_cold(Path(sys.argv[1]), Path(sys.argv[2])))
