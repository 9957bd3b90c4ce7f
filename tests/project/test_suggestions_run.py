"""Running suggesters over a project: what is stored, what is left out and why, batches, patterns, exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.core.errors import Cancelled, ValidationError
from annotator.core.schema import DEFAULT_SCHEMA
from annotator.core.types import AnnotatedDocument, DocStatus, Document, Label, LabelSchema, Origin
from annotator.project import Workspace, suggest_run
from annotator.project.suggest_run import SuggestOptions
from annotator.suggest.base import RulesSuggester

QUOTE = '"We will not back down," said Mayor Ana Ruiz on Monday.'
CAPTION = "Workers stack sandbags on the quay. (AP Photo/Lee Park)"


def _docs(ws: Workspace, n: int) -> list[int]:
    records = [
        AnnotatedDocument(
            Document(text=f"{QUOTE}\n\n{CAPTION}\n\nThe Ministry of Health met on day {i}.", title=f"a{i}")
        )
        for i in range(n)
    ]
    ws.import_records("p", records)
    return [s.id for s in ws.list_documents("p", annotator=None, limit=n + 1)]


def test_rules_store_counts_per_label_with_relations(workspace: Workspace) -> None:
    docs = _docs(workspace, 3)
    report = workspace.suggestions.rules("p")
    assert dict(report.by_label) == {"CLAIM": 3, "SOURCE": 3, "CUE": 3, "CAPTION": 3}
    assert report.relations == 6 and report.documents == 3
    assert report.changes.spans == set(docs)
    assert "CLAIM\t3" in report.lines()
    rels = workspace.relations(docs[0])
    assert {r.label for r in rels} == {"ATTRIBUTED_TO", "CUED_BY"} and {r.origin for r in rels} == {
        Origin.SUGGESTED
    }


def test_filters_status_labels_and_score(workspace: Workspace) -> None:
    docs = _docs(workspace, 3)
    workspace.set_status(docs[0], DocStatus.DONE, annotator="ana")
    report = workspace.suggestions.rules("p", SuggestOptions(status=DocStatus.TODO, labels=("CAPTION",)))
    assert dict(report.by_label) == {"CAPTION": 2} and report.relations == 0
    workspace.suggestions.clear("p")
    high = workspace.suggestions.rules("p", SuggestOptions(min_score=0.99))
    assert high.below_score > 0 and high.stored < 12
    with pytest.raises(ValidationError, match="unknown label"):
        workspace.suggestions.rules("p", SuggestOptions(labels=("NOPE",)))


def test_replace_removes_only_that_suggesters_pending_ones(workspace: Workspace, tmp_path: Path) -> None:
    docs = _docs(workspace, 2)
    names = tmp_path / "sources.txt"
    names.write_text("# known sources\nMinistry of Health\n\n", encoding="utf-8")
    workspace.suggestions.rules("p")
    from_names = workspace.suggestions.patterns("p", names, label="SOURCE")
    assert dict(from_names.by_label) == {"SOURCE": 2} and from_names.relations == 0
    [by_names] = [s for s in workspace.spans(docs[0]) if s.suggester == "patterns sources"]
    assert by_names.score is None
    again = workspace.suggestions.rules("p", SuggestOptions(replace=True))
    assert again.replaced == 8 and again.stored == 8
    assert by_names.id in {s.id for s in workspace.spans(docs[0])}


def test_a_cancelled_run_keeps_the_batches_it_finished(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(suggest_run, "BATCH", 2)
    _docs(workspace, 5)
    seen: list[tuple[int, int | None]] = []

    def progress(done: int, total: int | None) -> bool:
        seen.append((done, total))
        return done < 4

    with pytest.raises(Cancelled, match="4 document"):
        workspace.suggestions.rules("p", progress=progress)
    assert seen[0] == (0, 5)
    assert sum(workspace.suggestions.counts("p").values()) == 4 * 4


def test_the_worker_process_suggests_what_this_one_would(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(suggest_run, "BATCH", 2)
    docs = _docs(workspace, 5)
    schema = workspace.schema("p")
    from annotator.core.roles import suggester_labels, suggester_relations

    rules = RulesSuggester(suggester_labels(schema), suggester_relations(schema))
    worker = suggest_run._worker(rules, 5)
    assert worker is not None  # more than one batch of a pure-Python suggester: a second process
    worker.close()
    report = workspace.suggestions.run("p", rules)
    assert report.stored == 20 and report.documents == 5
    shapes = {(s.label, s.start, s.end, s.score) for s in workspace.spans(docs[-1])}
    text = workspace.document(docs[-1]).text
    assert shapes == {(p.label, p.start, p.end, p.score) for p in rules.suggest_one(text).spans}


def test_worker_round_trip_and_shutdown() -> None:
    from annotator.suggest.worker import Worker

    rules = RulesSuggester({"caption": "CAPTION"}, {})
    worker = Worker()
    try:
        assert worker.send(rules, [CAPTION, "plain text"])
        found = worker.receive()
        assert found is not None and [len(p.spans) for p in found] == [1, 0]
    finally:
        worker.close()
    assert not worker.alive and not worker.send(rules, ["x"])


def test_a_codebook_without_roles_cannot_take_the_rules(db_url: str) -> None:
    with Workspace.open(db_url) as ws:
        ws.create_project("plain", LabelSchema((Label("TOPIC"),)))
        with pytest.raises(ValidationError, match="plays a role the rules fill"):
            ws.suggestions.rules("plain")


def test_a_mapped_dateline_label_gets_the_rules_datelines(db_url: str) -> None:
    from annotator.core.types import Role

    schema = LabelSchema((*DEFAULT_SCHEMA.labels, Label("DATELINE", role=Role.DATELINE)))
    with Workspace.open(db_url) as ws:
        ws.create_project("wire", schema)
        ws.import_records(
            "wire",
            [
                AnnotatedDocument(
                    Document(
                        text="Talks resume\n\nSEOUL (Reuters) - Talks resumed on Monday, officials said."
                    )
                )
            ],
        )
        assert ws.suggestions.rules("wire").by_label["DATELINE"] == 1


def test_exports_leave_pending_suggestions_out_and_keep_accepted_ones(
    workspace: Workspace, tmp_path: Path
) -> None:
    docs = _docs(workspace, 1)
    workspace.suggestions.rules("p")
    caption = next(s for s in workspace.suggestions.pending(docs[0], annotator="ana") if s.label == "CAPTION")
    workspace.suggestions.accept(caption.id, annotator="ana")
    out = tmp_path / "out.jsonl"
    report = workspace.export("p", out)
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["label"], s["origin"], s["annotator"]) for s in record["spans"]] == [
        ("CAPTION", "manual", "ana")
    ]
    assert record["relations"] == []
    assert any("3 pending suggestion(s) left out" in note for note in report.notes)
    every = workspace.export("p", tmp_path / "all.jsonl", include_suggested=True)
    assert every.spans == 4


def test_patterns_jsonl_phrases_and_tokens(workspace: Workspace, tmp_path: Path) -> None:
    docs = _docs(workspace, 1)
    patterns = tmp_path / "orgs.jsonl"
    patterns.write_text(
        '{"label": "SOURCE", "pattern": "Ministry of Health"}\n'
        '{"label": "SOURCE", "pattern": [{"LOWER": "the"}, {"IS_TITLE": true, "OP": "+"}]}\n',
        encoding="utf-8",
    )
    report = workspace.suggestions.patterns("p", patterns)
    text = workspace.document(docs[0]).text
    found = sorted(text[s.start : s.end] for s in workspace.spans(docs[0]))
    assert found == ["Ministry of Health", "The Ministry"]  # overlapping matches are all kept
    assert report.by_label["SOURCE"] == len(found)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"label": "SOURCE", "pattern": [{"LOWERX": "the"}]}\n', r"bad.jsonl:1: not a spaCy token pattern"),
        ('{"label": "SOURCE"}\n', r"bad.jsonl:1: the pattern must be"),
        ("not json\n", r"bad.jsonl:1: not JSON"),
        (
            '{"label": "NOPE", "pattern": "x"}\n',
            r"patterns bad suggests label\(s\) the project does not have: NOPE",
        ),
    ],
)
def test_bad_patterns_are_named_by_line(
    workspace: Workspace, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError, match=message):
        workspace.suggestions.patterns("p", path)


def test_a_list_of_names_needs_a_label(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("Ana Ruiz\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="needs --label"):
        workspace.suggestions.patterns("p", path)


def test_without_spacy_the_error_names_the_install(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    path = tmp_path / "names.txt"
    path.write_text("Ana Ruiz\n", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"needs spaCy, which is not installed: run python3 -m pip install"
    ):
        workspace.suggestions.patterns("p", path, label="SOURCE")
    with pytest.raises(ValidationError, match="needs spaCy"):
        workspace.suggestions.model("p", tmp_path)
