"""`annotator agreement` end to end: read from the database, every figure, 1,000 bootstrap draws, within 30 s.

10,000 articles (about 3,000 characters) coded by 3 coders, each coding 3 document variables
(nominal, ordinal, ratio) and 5 spans over 3 labels, one of them with an attribute, all
marked done. The dataset is generated here and imported first (not timed); the timed part
is the whole command: opening the database, reading the coded articles in batches, alpha,
kappas, span F1, unitizing alpha, attribute alpha, 1,000 draws of each, and the JSON.

Run: python3 -m pytest tests/benchmarks/test_agreement_db.py -m benchmark -s
(ANNOTATOR_BENCH_AGREEMENT_N sets the number of articles.)
"""

from __future__ import annotations

import io
import json
import os
import random
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.codebook import DocumentValue
from annotator.core.schema import parse_schema
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Span
from annotator.project import Workspace

N = int(os.environ.get("ANNOTATOR_BENCH_AGREEMENT_N", "10000"))
CODERS = ("alice", "bob", "carol")
FRAMES = ("conflict", "economy", "human interest", "morality", "responsibility")
TONES = ("very negative", "negative", "neutral", "positive", "very positive")
LABELS = ("CLAIM", "SOURCE", "CAPTION")
TYPES = ("official", "expert", "citizen")
CODEBOOK = parse_schema(
    [
        {"name": "CLAIM", "hotkey": "1"},
        {
            "name": "SOURCE",
            "hotkey": "2",
            "attributes": [{"name": "type", "type": "choice", "values": list(TYPES)}],
        },
        {"name": "CAPTION", "hotkey": "3"},
        {"name": "FRAME", "kind": "document", "type": "choice", "values": list(FRAMES)},
        {"name": "TONE", "kind": "document", "type": "choice", "values": list(TONES), "level": "ordinal"},
        {"name": "QUOTES", "kind": "document", "type": "number", "min": 0, "level": "ratio"},
    ]
)
WORDS = ("the", "council", "said", "minister", "budget", "flood", "wall", "vote", "residents", "agency")


def _records(n: int) -> Iterator[AnnotatedDocument]:
    """Coders who agree about four times in five; span boundaries move by a few characters."""
    rng = random.Random(12)
    for d in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(250, 750)))
        text = f"Article {d}. {body}"
        length = len(text)
        frame, tone, quotes = rng.choice(FRAMES), rng.choice(TONES), rng.randint(0, 12)
        starts = sorted(rng.sample(range(0, length - 300), 5))
        truth = [(s, s + rng.randint(20, 250), rng.choice(LABELS)) for s in starts]
        spans, values = [], []
        for coder in CODERS:
            values += [
                DocumentValue("FRAME", frame if rng.random() < 0.8 else rng.choice(FRAMES), coder),
                DocumentValue("TONE", tone if rng.random() < 0.7 else rng.choice(TONES), coder),
                DocumentValue("QUOTES", quotes if rng.random() < 0.8 else rng.randint(0, 12), coder),
            ]
            for start, end, label in truth:
                shift = rng.choice((0, 0, 0, 2, 7))
                kind = (
                    {"type": rng.choice(("official", "official", "expert", "citizen"))}
                    if label == "SOURCE"
                    else {}
                )
                spans.append(Span(start + shift, end, label, annotator=coder, attributes=kind))
        yield AnnotatedDocument(
            Document(text, f"Article {d}"), tuple(spans), (), DocStatus.DONE, values=tuple(values)
        )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = str(tmp_path_factory.mktemp("agreement-db") / "coded.sqlite3")
    started = time.perf_counter()
    with Workspace.open(target) as ws:
        ws.create_project("P", CODEBOOK)
        report = ws.import_records("P", _records(N))
        assert report.imported == N
    print(
        f"\n(setup: {N:,} articles x {len(CODERS)} coders imported in {time.perf_counter() - started:.1f} s)"
    )
    return target


@pytest.mark.benchmark
def test_agreement_command_on_the_database(database: str) -> None:
    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        code = main(
            ["agreement", "--project", "P", "--bootstrap", "1000", "--seed", "1", "--json", "--db", database]
        )
    elapsed = time.perf_counter() - started
    assert code == 0
    data = json.loads(out.getvalue())
    print(
        f"\n`annotator agreement` on {N:,} articles x {len(CODERS)} coders, 1,000 draws, from SQLite: {elapsed:.2f} s"
    )
    for name, row in {**data["variables"], **data["attributes"]}.items():
        print(f"  {name}: alpha {row['alpha']:.3f} {row['ci95']}")
    for label, span in data["spans"].items():
        print(f"  {label}: F1 {span['f1_exact']:.3f}/{span['f1_overlap']:.3f} alpha_u {span['alpha_u']:.3f}")
    assert data["documents"] == N and data["coders"] == list(CODERS)
    assert all(row["ci95"] is not None for row in data["variables"].values())
    assert elapsed < 30


@pytest.mark.benchmark
def test_agreement_html_report_on_the_database(database: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    started = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        code = main(["agreement", "--project", "P", "--bootstrap", "1000", "-o", str(out), "--db", database])
    elapsed = time.perf_counter() - started
    print(
        f"\n`annotator agreement -o report.html` (text table too): {elapsed:.2f} s, {out.stat().st_size:,} bytes"
    )
    assert code == 0 and "Krippendorff" in out.read_text(encoding="utf-8")
    assert elapsed < 30
