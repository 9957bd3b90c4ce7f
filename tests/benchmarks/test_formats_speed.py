"""Every export against the native JSONL export of the same project, self-checks included, at several sizes.

For each corpus size (articles of about 3,000 characters with 5 spans each) the
project is imported once, then each format is exported in turn; each figure is
printed as soon as it is measured (run with -s), as a ratio to the native export
measured in the same run, with the process's peak resident size during that
export (Linux; a process pool's children included), which shows whether an
export's memory grows with the corpus. With ANNOTATOR_BENCH_PG_URL, the same
exports from PostgreSQL follow, as ratios to the same export from SQLite.

Run: python3 -m pytest tests/benchmarks/test_formats_speed.py -m benchmark -s
(ANNOTATOR_BENCH_SIZES or ANNOTATOR_BENCH_FORMATS_N, e.g. 10000; default 10000,50000,100000;
ANNOTATOR_BENCH_FORMATS names the formats, comma-separated.)
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from annotator.project import Workspace
from tests.benchmarks.corpus import peak_rss_mb, report, reset_peak_rss, sizes, timed, write_corpus

SIZES = sizes("ANNOTATOR_BENCH_SIZES", "ANNOTATOR_BENCH_FORMATS_N")
FORMATS = tuple(
    os.environ.get("ANNOTATOR_BENCH_FORMATS", "jsonl,doccano,prodigy,labelstudio,conll,hf,spacy,brat").split(
        ","
    )
)
PG_URL = os.environ.get("ANNOTATOR_BENCH_PG_URL")


def _exports(ws: Workspace, tmp_path: Path, n: int, label: str) -> dict[str, float]:
    """Export every format once; print and return the seconds each took."""
    times: dict[str, float] = {}
    for fmt in ("jsonl", *(f for f in FORMATS if f != "jsonl")):
        out = tmp_path / f"out-{fmt}"
        measured = reset_peak_rss()
        times[fmt], exported = timed(partial(ws.export, "p", out, format=fmt, overwrite=True))
        assert exported.documents == n
        peak = f", peak RSS {peak_rss_mb():.0f} MB" if measured else ""
        shards = f", {len(list(out.glob('*.spacy')))} shard(s)" if fmt == "spacy" and out.is_dir() else ""
        ratio = times[fmt] / times["jsonl"]
        aim = "" if fmt == "jsonl" else " (aim < 2x)"
        report(
            f"{label} {n:>7,} {fmt:12s}: {times[fmt]:7.2f} s -> {ratio:5.2f}x native JSONL{aim}{shards}{peak}"
        )
    return times


@pytest.mark.benchmark
def test_formats_speed(tmp_path: Path) -> None:
    report(f"\nexports (self-check included) against the native one, formats {', '.join(FORMATS)}")
    for n in SIZES:
        src = tmp_path / f"corpus-{n}.jsonl"
        write_corpus(src, n)
        ws = Workspace.open(str(tmp_path / f"bench-{n}.sqlite3"))
        try:
            ws.create_project("p")
            ws.import_paths("p", [src], add_labels=True)
            on_sqlite = _exports(ws, tmp_path, n, "export")
        finally:
            ws.close()
        if PG_URL:
            from tests.benchmarks.pg import fresh_database

            with fresh_database(PG_URL) as url:
                pg = Workspace.open(url)
                try:
                    pg.create_project("p")
                    seconds, _ = timed(partial(pg.import_paths, "p", [src], add_labels=True))
                    report(f"PostgreSQL import {n:>7,}: {seconds:.2f} s")
                    on_pg = _exports(pg, tmp_path, n, "PostgreSQL export")
                finally:
                    pg.close()
            for fmt, seconds in on_pg.items():
                report(
                    f"PostgreSQL {fmt:12s}: {seconds / on_sqlite[fmt]:.2f}x the same export from SQLite (aim < 2x)"
                )
        src.unlink()
