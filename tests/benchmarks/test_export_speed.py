"""Native JSONL export (self-check included) against plain sqlite3 + json writing the same lines, and memory.

For each corpus size the project is imported once; then the plain baseline
(`corpus.baseline_export`: one query per document, `json.dumps` of the same
objects, the same bytes, checked) and the annotator's export run in turn, and the
faster of two runs of each is kept. The export's check is done as it writes (each
line's object validated, the file fsynced and re-read once as bytes); the figure
without that re-read shows what it costs. With ANNOTATOR_BENCH_PG_URL, the same
export from PostgreSQL is printed beside it.

Run: python3 -m pytest tests/benchmarks/test_export_speed.py -m benchmark -s
(ANNOTATOR_BENCH_SIZES, or ANNOTATOR_BENCH_N: e.g. 10000; default 10000,50000,100000.)
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from annotator.formats import verify
from annotator.project import Workspace
from tests.benchmarks.corpus import (
    baseline_export,
    peak_rss_mb,
    report,
    reset_peak_rss,
    sizes,
    timed,
    write_corpus,
)

SIZES = sizes("ANNOTATOR_BENCH_SIZES", "ANNOTATOR_BENCH_N")
PG_URL = os.environ.get("ANNOTATOR_BENCH_PG_URL")


def _best_export(ws: Workspace, out: Path, runs: int = 2) -> float:
    return min(timed(lambda: ws.export("p", out, overwrite=True))[0] for _ in range(runs))


@pytest.mark.benchmark
def test_native_export_speed(tmp_path: Path) -> None:
    report("\nnative JSONL export (self-check included) against plain sqlite3 + json writing the same lines")
    for n in SIZES:
        src = tmp_path / f"corpus-{n}.jsonl"
        write_corpus(src, n)
        db = tmp_path / f"big-{n}.sqlite3"
        ws = Workspace.open(str(db))
        try:
            ws.create_project("p")
            ws.import_paths("p", [src], add_labels=True)
            ours_path, base_path = tmp_path / "ours.jsonl", tmp_path / "base.jsonl"
            base = min(baseline_export(db, base_path, "p") for _ in range(2))
            reset_peak_rss()
            ours = _best_export(ws, ours_path)
            rss = peak_rss_mb()
            assert ours_path.read_bytes() == base_path.read_bytes(), "the baseline must write the same lines"
            real_check = verify.confirm
            verify.confirm = lambda stats: []
            try:
                unconfirmed = _best_export(ws, tmp_path / "unconfirmed.jsonl", runs=1)
            finally:
                verify.confirm = real_check
            size = ours_path.stat().st_size / 1e6
            heap = ""
            if n == SIZES[0]:
                # tracemalloc slows Python down, so it stays out of the timing.
                tracemalloc.start()
                ws.export("p", tmp_path / "traced.jsonl")
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                heap = f"; Python heap peak {peak / 1e6:.1f} MB"
                assert peak < 64e6  # streaming: a few batches, whatever the size of the output
            report(
                f"export {n:>7,} ({size:.0f} MB): annotator {ours:6.2f} s, plain sqlite3 + json {base:6.2f} s "
                f"-> {ours / base:.2f}x (aim < 1.5x); without the re-read of the bytes {unconfirmed:.2f} s "
                f"({unconfirmed / base:.2f}x); peak RSS {rss:.0f} MB{heap}"
            )
        finally:
            ws.close()
        if PG_URL:
            from tests.benchmarks.pg import fresh_database

            with fresh_database(PG_URL) as url:
                pg = Workspace.open(url)
                try:
                    pg.create_project("p")
                    pg.import_paths("p", [src], add_labels=True)
                    on_pg = _best_export(pg, tmp_path / "pg.jsonl")
                finally:
                    pg.close()
            report(f"export {n:>7,} from PostgreSQL: {on_pg:6.2f} s -> {on_pg / ours:.2f}x SQLite (aim < 2x)")
        for path in (src, db, *tmp_path.glob("*.jsonl")):
            path.unlink(missing_ok=True)
