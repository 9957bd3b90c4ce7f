"""Import and export speed of the interchange formats, as ratios against plain baselines.

Import: 100,000 JSONL articles (about 3,000 characters, 5 spans each) through
`Workspace.import_paths`, against reading the same file with `json.loads` and
`sqlite3.executemany` of the same rows into two plain tables. Export: each
format (self-check included) against the native JSONL export of the same project.
Each figure is printed as soon as it is measured (run with -s to see them), with
the process's peak resident size during that export (Linux), which shows whether
an export's memory grows with the corpus.

Run: python3 -m pytest tests/benchmarks/test_formats_speed.py -m benchmark -s
(ANNOTATOR_BENCH_FORMATS_N sets the number of articles; e.g. 2000 for a quick run.)
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sqlite3
import time
from pathlib import Path

import pytest

from annotator.project import Workspace

N = int(os.environ.get("ANNOTATOR_BENCH_FORMATS_N", "100000"))
WORDS = [
    "the",
    "council",
    "said",
    "minister",
    "report",
    "percent",
    "city",
    "water",
    "flood",
    "wall",
    "budget",
    "vote",
    "harbour",
    "residents",
    "😀",
    "北京",
    "café",
    "storm",
    "port",
    "reopened",
    "agency",
    "spokesperson",
    "claimed",
    "figures",
    "showed",
]
FORMATS = ("jsonl", "doccano", "prodigy", "labelstudio", "conll", "hf", "spacy", "brat")


def _article(rng: random.Random, i: int) -> dict[str, object]:
    parts: list[str] = []
    size = 0
    while size < 3000:
        word = rng.choice(WORDS)
        parts.append(word)
        size += len(word) + 1
    text = " ".join(parts)
    spans = []
    step = len(text) // 5
    for k in range(5):
        start = text.index(" ", k * step) + 1
        end = text.index(" ", start + 20)
        spans.append(
            {"start": start, "end": end, "label": ("CLAIM", "SOURCE")[k % 2], "text": text[start:end]}
        )
    return {
        "id": f"a{i}",
        "title": f"Article {i}",
        "text": text,
        "meta": {"outlet": f"o{i % 50}"},
        "spans": spans,
    }


def _write_corpus(path: Path) -> None:
    rng = random.Random(42)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            fh.write(json.dumps(_article(rng, i), ensure_ascii=False) + "\n")


def _baseline_import(src: Path, db: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, ext TEXT, title TEXT, text TEXT, hash TEXT, meta TEXT)"
    )
    conn.execute(
        "CREATE TABLE spans (id TEXT PRIMARY KEY, document INTEGER, start INTEGER, end INTEGER, label TEXT)"
    )
    docs = []
    spans = []
    with src.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            obj = json.loads(line)
            digest = hashlib.sha256(obj["text"].encode()).hexdigest()
            docs.append((n, obj["id"], obj["title"], obj["text"], digest, json.dumps(obj["meta"])))
            spans += [(f"{n}-{k}", n, s["start"], s["end"], s["label"]) for k, s in enumerate(obj["spans"])]
    with conn:
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", docs)
        conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?)", spans)
    conn.close()
    return time.perf_counter() - start


def _report(line: str) -> None:
    """Print one figure as soon as it is measured, so a later failure does not lose it."""
    print(line, flush=True)


def _reset_peak_rss() -> bool:
    """Reset the process's peak resident size (Linux: VmHWM); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_rss_mb() -> float:
    """The process's peak resident size since the last reset, in MB."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


@pytest.mark.benchmark
def test_formats_speed(tmp_path: Path) -> None:
    _report(f"\nformats benchmark, N={N} articles (~3,000 chars, 5 spans each)")
    src = tmp_path / "corpus.jsonl"
    _write_corpus(src)
    baseline = _baseline_import(src, tmp_path / "plain.sqlite3")
    _report(f"baseline: json.loads + sqlite3.executemany {baseline:.2f} s")
    ws = Workspace.open(str(tmp_path / "bench.sqlite3"))
    try:
        ws.create_project("p")
        start = time.perf_counter()
        report = ws.import_paths("p", [src])
        ours = time.perf_counter() - start
        _report(f"import: {ours:.2f} s -> {ours / baseline:.2f}x sqlite3.executemany")
        assert report.imported == N and report.spans == 5 * N
        times: dict[str, float] = {}
        for fmt in FORMATS:
            out = tmp_path / f"out-{fmt}"
            measured = _reset_peak_rss()
            start = time.perf_counter()
            exported = ws.export("p", out, format=fmt)
            times[fmt] = time.perf_counter() - start
            ratio = f"{times[fmt] / times['jsonl']:.2f}x native JSONL" if "jsonl" in times else ""
            peak = f", peak RSS {_peak_rss_mb():.0f} MB" if measured else ""
            shards = f", {len(list(out.glob('*.spacy')))} shard(s)" if fmt == "spacy" and out.is_dir() else ""
            _report(f"export {fmt:12s}: {times[fmt]:.2f} s -> {ratio}{shards}{peak}")
            assert exported.documents == N
    finally:
        ws.close()
