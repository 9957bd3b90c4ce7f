"""Import of native JSONL against a plain baseline doing the same storage work, at several corpus sizes.

The baseline (`corpus.baseline_import`) reads the same file with `json.loads` per
line, hashes each text, and `executemany`s the same rows into the same two tables
of an annotator database (documents and spans, their indexes included), then fills
the same FTS5 index in the same transaction. The annotator's import also checks
every line completely (offsets, labels, hashes, duplicate texts and spans, the
codebook). With ANNOTATOR_BENCH_PG_URL (an empty database it may fill), the same
import into PostgreSQL is printed beside the SQLite one.

Run: python3 -m pytest tests/benchmarks/test_import_speed.py -m benchmark -s
(ANNOTATOR_BENCH_SIZES, e.g. 10000 or 10000,50000,100000, the default.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.project import Workspace
from tests.benchmarks.corpus import (
    baseline_import,
    peak_rss_mb,
    report,
    reset_peak_rss,
    sizes,
    timed,
    write_corpus,
)

SIZES = sizes("ANNOTATOR_BENCH_SIZES")
PG_URL = os.environ.get("ANNOTATOR_BENCH_PG_URL")


def _import(url: str, project: str, src: Path) -> float:
    ws = Workspace.open(url)
    try:
        ws.create_project(project)
        seconds, result = timed(lambda: ws.import_paths(project, [src], add_labels=True))
        assert result.spans == 5 * result.imported
        return seconds
    finally:
        ws.close()


def _plain_db(db: Path) -> None:
    """An annotator database with the project `plain` and its two labels, for the baseline's rows."""
    ws = Workspace.open(str(db))
    try:
        ws.create_project("plain")
        seed = db.with_suffix(".seed.jsonl")
        seed.write_text(
            '{"text": "a b", "spans": [{"start": 0, "end": 1, "label": "CLAIM"}, '
            '{"start": 2, "end": 3, "label": "SOURCE"}]}\n',
            encoding="utf-8",
        )
        ws.import_paths("plain", [seed], add_labels=True)
    finally:
        ws.close()
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM documents")
    conn.close()


@pytest.mark.benchmark
def test_import_speed(tmp_path: Path) -> None:
    report("\nimport of native JSONL (~3,000 chars, 5 spans an article), SQLite")
    for n in SIZES:
        src = tmp_path / f"corpus-{n}.jsonl"
        write_corpus(src, n)
        plain = tmp_path / f"plain-{n}.sqlite3"
        _plain_db(plain)
        base = baseline_import(src, plain)
        reset_peak_rss()
        before = peak_rss_mb()  # what the process held already: the import's own share is the rest
        ours = _import(str(tmp_path / f"ours-{n}.sqlite3"), "p", src)
        rss = peak_rss_mb()
        report(
            f"import {n:>7,}: annotator {ours:6.2f} s, plain json.loads + executemany + FTS5 {base:6.2f} s "
            f"-> {ours / base:.2f}x (aim < 1.5x); {n / ours:,.0f} articles/s; "
            f"peak RSS {rss:.0f} MB ({before:.0f} MB before it)"
        )
        if PG_URL:
            from tests.benchmarks.pg import fresh_database

            with fresh_database(PG_URL) as url:
                on_pg = _import(url, "p", src)
            report(f"import {n:>7,} on PostgreSQL: {on_pg:6.2f} s -> {on_pg / ours:.2f}x SQLite (aim < 2x)")
        src.unlink()
