"""Write a deterministic synthetic bilingual site for benchmarks.

    python benchmarks/generate.py DEST --docs 5000

DEST gets the project's own site as shipped (content/, templates/, static/:
search and share images on) plus DOCS meeting notes in each of the two
languages (500-800 words each: headings, lists, a table, links to other
notes, an image). The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = {
    "id": [
        "presidensi",
        "pemulihan",
        "bersama",
        "kehumasan",
        "pemerintah",
        "rapat",
        "koordinasi",
        "media",
        "sosial",
        "masyarakat",
        "kebijakan",
        "ekonomi",
        "digital",
        "kesehatan",
        "energi",
        "transisi",
        "kolaborasi",
        "kementerian",
        "lembaga",
        "daerah",
        "narasi",
        "publik",
        "komunikasi",
        "strategi",
        "program",
        "kegiatan",
        "peserta",
        "agenda",
        "dukungan",
        "edukasi",
        "kelas",
    ],
    "en": [
        "presidency",
        "recovery",
        "together",
        "public",
        "relations",
        "government",
        "meeting",
        "coordination",
        "social",
        "media",
        "people",
        "policy",
        "economy",
        "digital",
        "health",
        "energy",
        "transition",
        "collaboration",
        "ministry",
        "agency",
        "region",
        "narrative",
        "public",
        "communication",
        "strategy",
        "programme",
        "activity",
        "participants",
        "agenda",
        "support",
        "class",
    ],
}
HEADINGS = {"id": ["Latar belakang", "Pembahasan", "Tindak lanjut"], "en": ["Background", "Discussion", "Follow-up"]}


def sentence(rng: random.Random, lang: str, low: int = 8, high: int = 16) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang) for _ in range(rng.randint(3, 6)))


def note_name(index: int) -> tuple[str, datetime.date]:
    day = datetime.date(2022, 1, 1) + datetime.timedelta(days=index // 4)
    return f"{day.isoformat()}-rapat-{index:05d}", day


def body(rng: random.Random, lang: str, index: int, docs: int) -> str:
    parts = [paragraph(rng, lang)]
    for heading in HEADINGS[lang]:
        parts.append(f"## {heading}")
        parts.append(paragraph(rng, lang))
        parts.append("\n".join(f"- {sentence(rng, lang, 4, 8)}" for _ in range(rng.randint(3, 5))))
        parts.append(paragraph(rng, lang))
    other = rng.randrange(docs)
    parts.append(f"[{sentence(rng, lang, 2, 4)}](../meetings/{note_name(other)[0]}.{lang}.md) {paragraph(rng, lang)}")
    rows = "\n".join(f"| {rng.choice(WORDS[lang])} | {rng.randint(1, 999)} |" for _ in range(4))
    parts.append(f"| {WORDS[lang][0]} | # |\n|---|---:|\n{rows}")
    parts.append(f"![{sentence(rng, lang, 2, 4)}](/images/bench.png)")
    parts.append(paragraph(rng, lang))
    return "\n\n".join(parts) + "\n"


def note(rng: random.Random, lang: str, index: int, docs: int) -> str:
    name, day = note_name(index)
    title = sentence(rng, lang, 4, 8).rstrip(".")
    tags = sorted({rng.choice(WORDS[lang]) for _ in range(3)})
    front = [
        "---",
        f'title: "{title} {index}"',
        f"date: {day.isoformat()}",
        f'summary: "{sentence(rng, lang, 12, 20)}"',
        "participants:",
        *(f'  - "{sentence(rng, lang, 2, 4).rstrip(".")}"' for _ in range(3)),
        "agenda:",
        *(f'  - "{sentence(rng, lang, 4, 8).rstrip(".")}"' for _ in range(2)),
        f"tags: [{', '.join(tags)}]",
        "---",
    ]
    return "\n".join(front) + "\n" + body(rng, lang, index, docs)


def generate(dest: Path, docs: int) -> Path:
    """The bundled site as shipped (its settings, search and share images on, every document,
    the theme and static files) plus ``docs`` generated meeting notes in each language."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    shutil.copytree(REPO / "static", dest / "static")
    (dest / "static" / "images").mkdir(exist_ok=True)
    shutil.copy(
        REPO / "tests" / "sites" / "basic" / "static" / "images" / "foto.png", dest / "static" / "images" / "bench.png"
    )
    for index in range(docs):
        name, _ = note_name(index)
        for lang in ("id", "en"):
            rng = random.Random(f"{index}-{lang}")
            (dest / "content" / "meetings" / f"{name}.{lang}.md").write_text(note(rng, lang, index, docs), "utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--docs", type=int, default=5000, help="documents per language")
    args = parser.parse_args()
    generate(args.dest, args.docs)


if __name__ == "__main__":
    main()
