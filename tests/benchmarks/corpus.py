"""What the import and export benchmarks share: the corpus, the sizes, the plain baselines, memory and timing."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import resource
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def sizes(*names: str, default: str = "10000,50000,100000") -> list[int]:
    """The corpus sizes to measure: the first of the environment variables named that is set (comma-separated)."""
    raw = next((os.environ[n] for n in names if os.environ.get(n)), default)
    return [int(part.replace("_", "")) for part in raw.split(",") if part.strip()]


def article(rng: random.Random, i: int) -> dict[str, object]:
    """One article of about 3,000 characters with 5 spans, as a native JSONL object."""
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


def write_corpus(path: Path, n: int) -> None:
    """A native JSONL file of n articles (the same articles for the same n)."""
    rng = random.Random(42)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(article(rng, i), ensure_ascii=False) + "\n")


def report(line: str) -> None:
    """Print one figure as soon as it is measured, so a later failure does not lose it."""
    print(line, flush=True)


def reset_peak_rss() -> bool:
    """Reset the process's peak resident size (Linux: VmHWM); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """The process's peak resident size since the last reset, in MB (children's peak if larger)."""
    status = Path("/proc/self/status").read_text()
    own = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, children)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _sqlite(db: Path) -> sqlite3.Connection:
    """A plain connection with the annotator's pragmas (WAL, synchronous=FULL, foreign keys)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


BASELINE_BATCH = 500
"""Lines the plain baseline reads before it writes them, as the importer's batches do."""


def baseline_import(src: Path, db: Path) -> float:
    """Plain json.loads + sqlite3.executemany of the same rows into the same tables, FTS5 filled in the same transaction.

    `db` is an empty annotator database (its schema made by the annotator) with a project
    "plain" and its labels; its FTS triggers are dropped so the index is filled once. Rows
    go out every BASELINE_BATCH lines, so the baseline holds no more of the corpus than
    the importer does (holding every row until the end left hundreds of MB resident that
    the import's peak RSS, measured next in this process, then counted: issue 14).
    """
    conn = _sqlite(db)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    pid = conn.execute("SELECT id FROM projects WHERE name = 'plain'").fetchone()[0]
    labels = dict(conn.execute("SELECT name, id FROM labels WHERE project_id = ?", (pid,)).fetchall())
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    docs: list[tuple[Any, ...]] = []
    spans: list[tuple[Any, ...]] = []
    now = "2026-01-01 00:00:00.000000"
    with src.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            obj = json.loads(line)
            text = obj["text"]
            digest = hashlib.sha256(text.encode()).hexdigest()
            meta = json.dumps(obj["meta"], ensure_ascii=True, sort_keys=True)
            docs.append((n, pid, n, obj["id"], obj["title"], text, digest, meta, src.name, now))
            spans += [
                (
                    os.urandom(16).hex(),
                    n,
                    labels[s["label"]],
                    s["start"],
                    s["end"],
                    "{}",
                    "imported",
                    1,
                    now,
                    now,
                )
                for s in obj["spans"]
            ]
            if len(docs) == BASELINE_BATCH:
                _baseline_rows(conn, docs, spans)
                docs, spans = [], []
    _baseline_rows(conn, docs, spans)
    conn.execute("INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents")
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _baseline_rows(
    conn: sqlite3.Connection, docs: list[tuple[Any, ...]], spans: list[tuple[Any, ...]]
) -> None:
    """One batch of the baseline's document and span rows."""
    conn.executemany(
        "INSERT INTO documents (id, project_id, position, external_id, title, text, text_hash, meta, source, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.executemany(
        'INSERT INTO spans (id, document_id, label_id, start, "end", attributes, origin, version, created_at, '
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        spans,
    )


def _native_lines(conn: sqlite3.Connection, pid: int) -> Iterator[str]:
    """The native JSONL lines of a project, read and written with plain sqlite3 and json."""
    docs = conn.execute(
        "SELECT id, external_id, title, text, meta, source FROM documents WHERE project_id = ? "
        "ORDER BY position, id",
        (pid,),
    )
    spans_cur = conn.cursor()
    for doc_id, ext, title, text, meta, source in docs:
        rows = spans_cur.execute(
            'SELECT s.id, s.start, s."end", l.name, a.name, s.note, s.attributes, s.origin, s.codebook_version '
            "FROM spans s JOIN labels l ON l.id = s.label_id LEFT JOIN annotators a ON a.id = s.annotator_id "
            'WHERE s.document_id = ? ORDER BY s.start, s."end"',
            (doc_id,),
        ).fetchall()
        obj = {
            "id": ext or str(doc_id),
            "title": title,
            "text": text,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "meta": json.loads(meta),
            "status": "todo",
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
                    "codebook_version": r[8],
                }
                for r in rows
            ],
            "relations": [],
            "document_labels": [],
            "source": source,
        }
        yield json.dumps(obj, ensure_ascii=False) + "\n"


def baseline_export(db: Path, out: Path, project: str) -> float:
    """Plain sqlite3 + json writing the native export's lines of a project (no statuses, relations or values)."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    pid = conn.execute("SELECT id FROM projects WHERE name = ?", (project,)).fetchone()[0]
    with out.open("w", encoding="utf-8") as fh:
        for line in _native_lines(conn, pid):
            fh.write(line)
    conn.close()
    return time.perf_counter() - start
