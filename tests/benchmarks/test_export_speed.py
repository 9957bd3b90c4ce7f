"""Native JSONL export of a large project: time against plain sqlite3 + json, and memory.

Run: python3 -m pytest tests/benchmarks/test_export_speed.py -m benchmark -s
(ANNOTATOR_BENCH_N sets the number of documents; default 100,000.)
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import time
import tracemalloc
from pathlib import Path

from annotator.core.types import AnnotatedDocument, Document, Span
from annotator.project import Workspace

N = int(os.environ.get("ANNOTATOR_BENCH_N", "100000"))
WORDS = [
    "the",
    "council",
    "said",
    "minister",
    "report",
    "percent",
    "city",
    "water",
    "rail",
    "strike",
    "union",
    "court",
    "ruling",
]


def _records(n: int) -> list[AnnotatedDocument]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        text = f"Article {i}. " + " ".join(rng.choice(WORDS) for _ in range(450))
        spans = []
        for k in range(5):
            start = rng.randrange(0, len(text) - 40)
            spans.append(
                Span(
                    start,
                    start + rng.randrange(5, 40),
                    ("CLAIM", "SOURCE", "CAPTION")[k % 3],
                    annotator="ana",
                )
            )
        out.append(
            AnnotatedDocument(
                Document(text=text, title=f"Article {i}", meta={"outlet": "Wire"}), tuple(spans)
            )
        )
    return out


def _baseline(db: Path, out: Path) -> None:
    """Plain sqlite3 + json: the same rows, the same JSON lines, no layers."""
    conn = sqlite3.connect(db)
    with out.open("w", encoding="utf-8") as fh:
        docs = conn.execute("SELECT id, external_id, title, text, meta FROM documents ORDER BY position")
        spans_cur = conn.cursor()
        for doc_id, ext, title, text, meta in docs:
            rows = spans_cur.execute(
                "SELECT s.id, s.start, s.end, l.name, a.name, s.note, s.attributes, s.origin FROM spans s "
                "JOIN labels l ON l.id = s.label_id LEFT JOIN annotators a ON a.id = s.annotator_id "
                "WHERE s.document_id = ? ORDER BY s.start",
                (doc_id,),
            ).fetchall()
            fh.write(
                json.dumps(
                    {
                        "id": ext or str(doc_id),
                        "title": title,
                        "text": text,
                        "meta": json.loads(meta),
                        "spans": [
                            {
                                "id": r[0],
                                "start": r[1],
                                "end": r[2],
                                "label": r[3],
                                "text": text[r[1] : r[2]],
                                "annotator": r[4],
                                "note": r[5],
                                "attributes": json.loads(r[6]),
                                "origin": r[7],
                            }
                            for r in rows
                        ],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    conn.close()


def test_export_streams_within_2x_of_plain_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "big.sqlite3"
    ws = Workspace.open(str(db))
    ws.create_project("big")
    for start in range(0, N, 10_000):
        ws.import_records(
            "big",
            _records(min(10_000, N - start))
            if start == 0
            else [
                AnnotatedDocument(
                    Document(
                        text=r.document.text + f" #{start}", title=r.document.title, meta=r.document.meta
                    ),
                    r.spans,
                )
                for r in _records(min(10_000, N - start))
            ],
        )

    t0 = time.perf_counter()
    _baseline(db, tmp_path / "base.jsonl")
    base = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = ws.export("big", tmp_path / "ours.jsonl")
    ours = time.perf_counter() - t0

    # The same export without its self-check pass, to show what the check costs.
    from annotator.formats import exporting

    real_check = exporting.self_check
    exporting.self_check = lambda *args, **kwargs: []  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        ws.export("big", tmp_path / "unchecked.jsonl")
        unchecked = time.perf_counter() - t0
    finally:
        exporting.self_check = real_check

    # Memory in a second run: tracemalloc slows Python down, so it stays out of the timing.
    tracemalloc.start()
    ws.export("big", tmp_path / "ours-again.jsonl")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ws.close()

    assert report.documents == N
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = (tmp_path / "ours.jsonl").stat().st_size / 1e6
    print(
        f"\nexport of {N} documents (self-check included) ({size:.0f} MB): annotator {ours:.2f} s, plain sqlite3+json {base:.2f} s, "
        f"ratio {ours / base:.2f}x; without the self-check {unchecked:.2f} s, ratio {unchecked / base:.2f}x; "
        f"Python heap peak during export {peak / 1e6:.1f} MB; max RSS {rss:.0f} MB"
    )
    # Streaming: the heap peak stays far below the size of the output.
    assert peak < size * 1e6 / 4
