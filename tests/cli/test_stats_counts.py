"""`annotator stats`: the exact counts per attribute value and per document-variable value, per coder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.schema import parse_schema
from annotator.project import Workspace

CODEBOOK = parse_schema(
    [
        {
            "name": "SOURCE",
            "hotkey": "1",
            "attributes": [
                {"name": "type", "type": "choice", "values": ["official", "expert", "citizen"]},
                {"name": "named", "type": "bool"},
                {"name": "topics", "type": "multi", "values": ["flood", "budget"]},
            ],
        },
        {"name": "CLAIM", "hotkey": "2"},
        {"name": "FRAME", "kind": "document", "type": "choice", "values": ["conflict", "economic"]},
        {"name": "TOPICS", "kind": "document", "type": "multi", "values": ["politics", "economy"]},
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5},
        {"name": "SUMMARY", "kind": "document", "type": "text"},
    ]
)
FLOOD = "Mayor Ines Braga said the flood barrier cost twice the budget."
QUOTA = "Fishers said the quota cut came without warning, the ministry denied it."


def _span(start: int, end: int, who: str, label: str = "SOURCE", **attributes: object) -> dict[str, object]:
    return {"start": start, "end": end, "label": label, "annotator": who, "attributes": attributes}


def _value(label: str, value: object, who: str) -> dict[str, object]:
    return {"label": label, "value": value, "annotator": who}


RECORDS = [
    {
        "text": FLOOD,
        "spans": [
            _span(0, 16, "alice", type="official", named=True, topics=["flood", "budget"]),
            _span(0, 5, "alice", type="official"),
            _span(17, 62, "alice", "CLAIM"),
            _span(0, 16, "bob", type="official", named=True),
            # A pending suggestion is not an annotation: its attributes are not counted.
            {**_span(6, 16, "bob", type="expert"), "origin": "suggested"},
        ],
        "document_labels": [
            _value("FRAME", "conflict", "alice"),
            _value("TOPICS", ["politics", "economy"], "alice"),
            _value("TONE", 2, "alice"),
            _value("SUMMARY", "short", "alice"),
            _value("FRAME", "economic", "bob"),
            _value("TONE", 2, "bob"),
        ],
    },
    {
        "text": QUOTA,
        "spans": [
            _span(0, 7, "alice", type="expert", named=False),
            _span(49, 61, "bob", type="citizen", topics=["budget"]),
        ],
        "document_labels": [
            _value("FRAME", "conflict", "alice"),
            _value("FRAME", "conflict", "bob"),
            _value("TONE", 4.5, "bob"),
        ],
    },
]
ALICE = [
    ("FRAME", "conflict", "alice", 2),
    ("SOURCE.named", "false", "alice", 1),
    ("SOURCE.named", "true", "alice", 1),
    ("SOURCE.topics", "budget", "alice", 1),
    ("SOURCE.topics", "flood", "alice", 1),
    ("SOURCE.type", "expert", "alice", 1),
    ("SOURCE.type", "official", "alice", 2),
    ("SUMMARY", "short", "alice", 1),
    ("TONE", "2", "alice", 1),
    ("TOPICS", "economy", "alice", 1),
    ("TOPICS", "politics", "alice", 1),
]
BOB = [
    ("FRAME", "conflict", "bob", 1),
    ("FRAME", "economic", "bob", 1),
    ("SOURCE.named", "true", "bob", 1),
    ("SOURCE.topics", "budget", "bob", 1),
    ("SOURCE.type", "citizen", "bob", 1),
    ("SOURCE.type", "official", "bob", 1),
    ("TONE", "2", "bob", 1),
    ("TONE", "4.5", "bob", 1),
]
ORDER = ["FRAME", "SOURCE.named", "SOURCE.topics", "SOURCE.type", "SUMMARY", "TONE", "TOPICS"]
BOTH = sorted(ALICE + BOB, key=lambda r: (ORDER.index(r[0]), r[2], r[1]))


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    path = tmp_path / "coded.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    with Workspace.open(db_url) as ws:
        ws.create_project("P", CODEBOOK)
        report = ws.import_paths("P", [path])
        assert (report.imported, report.values) == (2, 9)
    return db_url


def test_stats_return_the_counts_of_every_value_per_coder(db: str) -> None:
    with Workspace.open(db) as ws:
        assert list(ws.stats("P").values) == BOTH
        assert list(ws.stats("P", annotator="bob").values) == BOB
        assert list(ws.stats("P", annotator="alice").values) == ALICE


def test_stats_print_the_counts_of_every_value_per_coder(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--project", "P", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "spans: 6\n  SOURCE: 5\n  CLAIM: 1\n" in out  # the suggestion is not counted
    printed = out.split("values (per coder):\n", 1)[1].splitlines()
    assert printed == [f"  {what} = {value}\t{who}: {n}" for what, value, who, n in BOTH]
    assert main(["stats", "--project", "P", "--db", db, "--annotator", "bob", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(v["variable"], v["value"], v["annotator"], v["count"]) for v in data["values"]] == BOB
