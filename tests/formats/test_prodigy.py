"""Prodigy JSONL: code-point offsets, inclusive token_end, only accepted tasks carry spans, round trip."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.types import AnnotatedDocument, DocStatus, InvalidRecord
from annotator.formats import prodigy
from annotator.formats.base import ReadContext
from annotator.project import Workspace

from .conftest import spans_by_text

TEXT = "Uplift 😀 in Silicon Fen, said Dr Bea Moss."
TOKENS = [
    {"text": "Uplift", "start": 0, "end": 6, "id": 0},
    {"text": "😀", "start": 7, "end": 8, "id": 1},
    {"text": "in", "start": 9, "end": 11, "id": 2},
    {"text": "Silicon", "start": 12, "end": 19, "id": 3},
    {"text": "Fen", "start": 20, "end": 23, "id": 4},
    {"text": ",", "start": 23, "end": 24, "id": 5},
]


def _task(answer: str | None, **extra: object) -> dict[str, object]:
    task: dict[str, object] = {
        "text": TEXT,
        "meta": {"source": "Fen Gazette", "id": "fen-1"},
        "tokens": TOKENS,
        # "Silicon Fen": characters [12, 23), tokens 3 to 4 inclusive.
        "spans": [{"start": 12, "end": 23, "token_start": 3, "token_end": 4, "label": "PLACE"}],
        **extra,
    }
    if answer is not None:
        task["answer"] = answer
    return task


def _read(tmp_path: Path, *tasks: object) -> tuple[list[AnnotatedDocument | InvalidRecord], list[str]]:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    ctx = ReadContext()
    return list(prodigy.read(path, ctx)), ctx.notes


def test_accepted_task_spans_count_code_points_and_token_end_is_inclusive(tmp_path: Path) -> None:
    (record,), _ = _read(tmp_path, _task("accept"))
    assert isinstance(record, AnnotatedDocument)
    (span,) = record.spans
    assert TEXT[span.start : span.end] == "Silicon Fen"
    assert record.status == DocStatus.DONE
    assert record.document.external_id == "fen-1" and record.document.meta == {"source": "Fen Gazette"}


def test_exclusive_token_end_is_caught(tmp_path: Path) -> None:
    bad = _task("accept")
    bad["spans"] = [{"start": 12, "end": 23, "token_start": 3, "token_end": 5, "label": "PLACE"}]
    (record,), _ = _read(tmp_path, bad)
    assert isinstance(record, InvalidRecord)
    assert "line 1, span 1 [12, 23) 'PLACE': tokens 3..5 (inclusive) cover [12, 24)" in record.message


def test_rejected_and_ignored_tasks_bring_no_spans(tmp_path: Path) -> None:
    records, notes = _read(tmp_path, _task("reject"), _task("ignore"), _task(None))
    assert [len(r.spans) for r in records if isinstance(r, AnnotatedDocument)] == [0, 0, 1]
    assert notes and "2 task(s) answered reject or ignore" in notes[0]


def test_relations_refer_to_spans(tmp_path: Path) -> None:
    head = {"start": 30, "end": 41, "token_start": 8, "token_end": 9, "label": "SOURCE"}
    child = {"start": 12, "end": 23, "token_start": 3, "token_end": 4, "label": "PLACE"}
    task = _task(
        "accept", relations=[{"head": 9, "child": 4, "head_span": head, "child_span": child, "label": "SAID"}]
    )
    task.pop("tokens")
    (record,), _ = _read(tmp_path, task)
    assert isinstance(record, AnnotatedDocument)
    assert sorted(TEXT[s.start : s.end] for s in record.spans) == sorted([TEXT[30:41], "Silicon Fen"])
    (rel,) = record.relations
    by_id = {s.id: TEXT[s.start : s.end] for s in record.spans}
    assert (by_id[rel.head], by_id[rel.tail], rel.label) == (TEXT[30:41], "Silicon Fen", "SAID")


def test_export_tokens_and_spans_agree(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out, format="prodigy")
    for line in out.read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        text, tokens = task["text"], task["tokens"]
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
        for s in task["spans"]:
            assert text[s["start"] : s["end"]] == s["text"]
            # token_end is inclusive: the last token's end is the span's end.
            assert tokens[s["token_start"]]["start"] == s["start"]
            assert tokens[s["token_end"]]["end"] == s["end"]
        assert task["answer"] == "accept"


def test_export_reimports_to_identical_spans(filled: Workspace, fresh: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    filled.export("p", out, format="prodigy", include_suggested=True)
    report = fresh.import_paths("q", [out])  # auto: decided from the content
    assert any("read as prodigy" in n for n in report.notes)
    assert spans_by_text(fresh, "q") == spans_by_text(filled)
    doc_id = fresh.first_document("q")
    assert doc_id is not None
    (rel,) = fresh.relations(doc_id)
    assert rel.label == "ATTRIBUTED_TO"


def _token_edges(task: dict[str, object]) -> list[tuple[int, int, bool]]:
    tokens = task["tokens"]
    assert isinstance(tokens, list)
    return [(t["start"], t["end"], t["ws"]) for t in tokens]


def test_export_tokens_are_spacys_except_where_a_span_edge_cuts_one(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    spacy = pytest.importorskip("spacy")
    from .tokens_corpus import CUT_TEXT, with_cut

    sqlite_workspace.import_records("p", with_cut(), source="fixtures")
    out = tmp_path / "out.jsonl"
    report = sqlite_workspace.export("p", out, format="prodigy")
    nlp = spacy.blank("en")
    tasks = {t["text"]: t for t in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert len(tasks) == 7
    for text, task in tasks.items():
        ours = _token_edges(task)
        theirs = [(t.idx, t.idx + len(t), bool(t.whitespace_)) for t in nlp.make_doc(text)]
        if text != CUT_TEXT:
            assert ours == theirs, text
            continue
        # "£3" ends inside spaCy's "3bn", "Neill's team" starts inside its "O’Neill".
        assert {a for a, _, _ in ours} == {a for a, _, _ in theirs} | {text.index("bn"), text.index("Neill")}
        spans = {s["text"]: (s["token_start"], s["token_end"]) for s in task["spans"]}
        assert spans["£3"] == (1, 2)  # "£" and "3", token_end inclusive
    assert sorted(n for n in report.notes if "split there" in n) == [
        "prodigy: changed 1 CLAIM span(s): an edge falls inside a token spaCy would make, so that token is split there",
        "prodigy: changed 1 SOURCE span(s): an edge falls inside a token spaCy would make, so that token is split there",
    ]


def test_without_spacy_the_built_in_tokenizer_splits_as_spacy_would(
    sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only emoji sequences differ: spaCy cuts them into pieces, the built-in tokenizer keeps them whole.

    (spaCy keeps the "." after "❤️" with the variation selector, so the whole emoji keeps it.)
    """
    spacy = pytest.importorskip("spacy")
    from .tokens_corpus import tricky

    nlp = spacy.blank("en")
    expected = {r.document.text: [t.text for t in nlp.make_doc(r.document.text)] for r in tricky()}
    whole = {
        "👍🏽": ["👍", "🏽"],
        "👩\u200d🔬": ["👩", "\u200d", "🔬"],
        "🇫🇷": ["🇫", "🇷"],
        "❤️.": ["❤", "\ufe0f."],
    }
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now fails as if it were not installed
    sqlite_workspace.import_records("p", tricky(), source="fixtures")
    out = tmp_path / "out.jsonl"
    sqlite_workspace.export("p", out, format="prodigy")
    seen: set[str] = set()
    for task in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
        got: list[str] = []
        for token in task["tokens"]:
            got += whole.get(token["text"], [token["text"]])
        seen.update(token["text"] for token in task["tokens"] if token["text"] in whole)
        assert got == expected[task["text"]]
    assert seen == set(whole)
    with pytest.raises(AnnotatorError, match=r"option lang='de': without spaCy only English \('en'\)"):
        sqlite_workspace.export("p", tmp_path / "de.jsonl", format="prodigy", options={"lang": "de"})
