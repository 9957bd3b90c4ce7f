"""Native JSONL: strict parsing with clear errors, and an exact import/export round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import ValidationError
from annotator.core.schema import parse_schema
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord, text_hash
from annotator.formats import jsonl
from annotator.project import Workspace


def _write(path: Path, *lines: object) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8"
    )
    return path


def _errors(path: Path) -> list[str]:
    return [r.message for r in jsonl.read(path) if isinstance(r, InvalidRecord)]


GOOD = {
    "id": "d1",
    "text": "Ana said so.",
    "spans": [{"start": 0, "end": 3, "label": "SOURCE", "text": "Ana"}],
}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object, got a list"),
        ({"title": "no text"}, "line 2: 'text' is missing"),
        ({"text": 5}, "line 2: 'text' must be text, got 5"),
        (
            {"text": "abc", "spans": [{"start": 0, "end": 9, "label": "CLAIM"}]},
            "span 1: offsets \\[0, 9\\) are outside",
        ),
        (
            {"text": "abc", "spans": [{"start": 2, "end": 1, "label": "CLAIM"}]},
            "start 2 must be before end 1",
        ),
        (
            {"text": "abc", "spans": [{"start": 0.0, "end": 1, "label": "CLAIM"}]},
            "'start' must be a whole number",
        ),
        (
            {"text": "abc", "spans": [{"start": True, "end": 1, "label": "CLAIM"}]},
            "'start' must be a whole number",
        ),
        ('{"text": "abc", "spans": [{"start": NaN, "end": 1, "label": "C"}]}', "NaN is not allowed"),
        ('{"text": "\\ud83d abc"}', "lone surrogate"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply|not valid JSON"),
        (
            {"text": "abc", "spans": [{"start": 0, "end": 1, "label": "C", "text": "x"}]},
            "span text 'x' differs",
        ),
        (
            {
                "text": "abc",
                "spans": [
                    {"id": "s", "start": 0, "end": 1, "label": "C"},
                    {"id": "s", "start": 1, "end": 2, "label": "C"},
                ],
            },
            "duplicate span id 's'",
        ),
        (
            {"text": "abc", "relations": [{"head": "x", "tail": "y", "label": "R"}]},
            "head 'x' is not the id of a span",
        ),
        ({"text": "abc", "status": "finished"}, "status 'finished' is not one of"),
        ({"text": "abc", "text_sha256": "00"}, "does not match its text_sha256"),
        ('{"text": "tab\x01 here"}', r"not valid JSON \(Invalid control character at column 14\)$"),
        ({"text": "abc", "source": 5}, "'source' must be text, got 5"),
    ],
)
def test_bad_lines_are_reported_with_file_and_line(tmp_path: Path, line: object, message: str) -> None:
    path = _write(tmp_path / "in.jsonl", GOOD, line)
    [error] = _errors(path)
    assert error.startswith(f"{path}: line 2")
    assert __import__("re").search(message, error), error


def test_blank_lines_are_skipped_and_unicode_separators_stay_in_text(tmp_path: Path) -> None:
    text = "line\u2028still one line\x0cand a form feed"
    path = _write(tmp_path / "in.jsonl", "", {"text": text}, "   ")
    [record] = list(jsonl.read(path))
    assert not isinstance(record, InvalidRecord)
    assert record.document.text == text
    assert record.line == 2


def test_import_is_one_transaction_per_file(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.jsonl", GOOD, {"text": "second"}, "{broken")
    with pytest.raises(ValidationError, match=r"in.jsonl: line 3: not valid JSON"):
        sqlite_workspace.import_paths("p", [path])
    assert sqlite_workspace.count_documents("p", annotator=None) == 0
    report = sqlite_workspace.import_paths("p", [path], skip_invalid=True)
    assert report.imported == 2 and len(report.errors) == 1 and "line 3" in report.errors[0]


def test_unknown_labels_are_refused_unless_added(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "in.jsonl", {"text": "Quote here", "spans": [{"start": 0, "end": 5, "label": "QUOTE"}]}
    )
    with pytest.raises(
        ValidationError, match=r"line 1: unknown label 'QUOTE' \(known labels: CLAIM, SOURCE, CAPTION"
    ):
        sqlite_workspace.import_paths("p", [path])
    assert sqlite_workspace.count_documents("p", annotator=None) == 0
    report = sqlite_workspace.import_paths("p", [path], add_labels=True)
    assert report.labels_added == ["QUOTE"]
    assert sqlite_workspace.schema("p").get("QUOTE") is not None


def test_reimport_skips_duplicates(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.jsonl", GOOD, {"text": "other"}, {"text": "other"})
    first = sqlite_workspace.import_paths("p", [path])
    assert (first.imported, first.duplicates) == (2, 1)
    again = sqlite_workspace.import_paths("p", [path])
    assert (again.imported, again.duplicates) == (0, 3)


def test_export_lines_carry_the_text_hash(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    sqlite_workspace.import_paths("p", [_write(tmp_path / "in.jsonl", GOOD)])
    out = tmp_path / "out.jsonl"
    sqlite_workspace.export("p", out)
    [line] = out.read_text(encoding="utf-8").splitlines()
    obj = json.loads(line)
    assert obj["text_sha256"] == text_hash("Ana said so.")
    assert obj["spans"][0]["text"] == "Ana"


# --- the round-trip property, on every backend ------------------------------

PIECES = st.sampled_from(
    [
        "a",
        "Zoë",
        "e\u0301",
        "😀",
        "🇺🇦",
        "👩\u200d👩\u200d👧",
        "\r\n",
        "\r",
        "\n",
        "\u2028",
        "\u2029",
        "\t",
        "\x00",
        "中文",
        "שלום",
        " ",
        "\ufeff",
        "\uffff",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=5)), min_size=1, max_size=20).map("".join)


# Every label may carry a number and a text attribute (import checks attributes against the codebook).
ROUND_TRIP_CODEBOOK = parse_schema(
    [
        {"name": name, "attributes": [{"name": "n", "type": "number"}, {"name": "t", "type": "text"}]}
        for name in ("CLAIM", "SOURCE", "CAPTION")
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    text = draw(TEXTS)
    n = len(text)
    spans = []
    if n:
        for i in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, n - 1))
            end = draw(st.integers(start + 1, n))
            spans.append(
                {
                    "id": f"s{i}",
                    "start": start,
                    "end": end,
                    "label": draw(st.sampled_from(["CLAIM", "SOURCE", "CAPTION"])),
                    "annotator": draw(st.sampled_from([None, "ana", "bén"])),
                    "note": draw(st.none() | st.text(max_size=5)),
                    "attributes": draw(
                        st.fixed_dictionaries(
                            {}, optional={"n": st.integers(-5, 5), "t": st.text(max_size=3)}
                        )
                    ),
                }
            )
    return {
        "title": draw(st.text(max_size=10)),
        "text": text,
        "meta": {"outlet": draw(st.text(max_size=5))},
        "spans": spans,
    }


def _surrogate_free(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _canonical(records: list[dict[str, object]]) -> list[tuple[object, ...]]:
    out = []
    for r in records:
        # Spans with the same offsets, label and annotator are duplicates: import keeps the first.
        first: dict[tuple[object, ...], dict[str, object]] = {}
        for sp in r["spans"]:  # type: ignore[attr-defined]
            first.setdefault((sp["start"], sp["end"], sp["label"], sp.get("annotator")), sp)
        r = {**r, "spans": list(first.values())}
        spans = sorted(
            json.dumps(
                [
                    s["start"],
                    s["end"],
                    s["label"],
                    s.get("annotator"),
                    s.get("note"),
                    s.get("attributes") or {},
                ],
                sort_keys=True,
            )
            for s in r["spans"]  # type: ignore[attr-defined]
        )
        out.append((r["text"], r["title"], json.dumps(r["meta"], sort_keys=True), tuple(spans)))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(documents(), min_size=1, max_size=4))
def test_import_then_export_returns_the_same_texts_and_spans(
    db_url: str, tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, object]]
) -> None:
    docs = [d for d in docs if _surrogate_free(d)]
    seen: set[str] = set()
    unique = []
    for d in docs:  # identical texts are skipped as duplicates by design
        if d["text"] not in seen:
            seen.add(str(d["text"]))
            unique.append(d)
    folder = tmp_path_factory.mktemp("rt")
    src = folder / "in.jsonl"
    with src.open("w", encoding="utf-8", newline="") as fh:
        for d in unique:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    target = db_url if "://" in db_url else str(folder / "db.sqlite3")
    ws = Workspace.open(target)
    try:
        name = f"rt{len(ws.projects())}"
        ws.create_project(name, ROUND_TRIP_CODEBOOK)
        ws.import_paths(name, [src])
        out = folder / "out.jsonl"
        ws.export(name, out)
    finally:
        ws.close()
    with out.open(encoding="utf-8", newline="") as fh:
        exported = [json.loads(line) for line in fh]
    assert _canonical(exported) == _canonical(unique)
    for record in exported:
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_span_and_relation_ids_survive_a_round_trip(tmp_path: Path) -> None:
    line = {
        "id": "doc-7",
        "text": "The mayor said rents rose 9%.",
        "spans": [
            {"id": "c0ffee00c0ffee00c0ffee00c0ffee00", "start": 15, "end": 28, "label": "CLAIM"},
            {"id": "src-1", "start": 0, "end": 9, "label": "SOURCE"},
            {"id": "src-1-dup", "start": 0, "end": 9, "label": "SOURCE"},
        ],
        "relations": [
            {
                "id": "rel-1",
                "head": "c0ffee00c0ffee00c0ffee00c0ffee00",
                "tail": "src-1",
                "label": "ATTRIBUTED_TO",
            }
        ],
    }
    src = _write(tmp_path / "in.jsonl", line)
    first = Workspace.open(str(tmp_path / "a.sqlite3"))
    try:
        first.create_project("p")
        report = first.import_paths("p", [src])
        assert report.spans == 2 and any("1 duplicate span(s) dropped" in n for n in report.notes)
        first.export("p", tmp_path / "out.jsonl")
        # a second project in the same database cannot reuse the ids: they are remapped
        first.create_project("q")
        first.import_paths("q", [tmp_path / "out.jsonl"])
        [again] = first.list_documents("q", annotator=None)
        assert {s.id for s in first.spans(again.id)}.isdisjoint({"c0ffee00c0ffee00c0ffee00c0ffee00", "src-1"})
    finally:
        first.close()
    exported = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [s["id"] for s in exported["spans"]] == ["src-1", "c0ffee00c0ffee00c0ffee00c0ffee00"]
    assert exported["relations"][0]["id"] == "rel-1"
    second = Workspace.open(str(tmp_path / "b.sqlite3"))
    try:
        second.create_project("p")
        second.import_paths("p", [tmp_path / "out.jsonl"])
        doc = second.first_document("p")
        assert doc is not None
        assert sorted(s.id for s in second.spans(doc)) == ["c0ffee00c0ffee00c0ffee00c0ffee00", "src-1"]
        assert [r.id for r in second.relations(doc)] == ["rel-1"]
    finally:
        second.close()


def test_duplicate_document_ids_are_refused(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.jsonl", {"id": "dup", "text": "one"}, {"id": "dup", "text": "two"})
    with pytest.raises(
        ValidationError, match=r"in.jsonl: line 2: duplicate document id 'dup' \(first used at .*line 1\)"
    ):
        sqlite_workspace.import_paths("p", [path])
    assert sqlite_workspace.count_documents("p", annotator=None) == 0
    sqlite_workspace.import_paths("p", [_write(tmp_path / "a.jsonl", {"id": "dup", "text": "one"})])
    with pytest.raises(
        ValidationError, match="document id 'dup' is already in the project with another text"
    ):
        sqlite_workspace.import_paths("p", [_write(tmp_path / "b.jsonl", {"id": "dup", "text": "changed"})])
    # the same file again is harmless: its text is a duplicate, skipped before the id is checked
    assert sqlite_workspace.import_paths("p", [tmp_path / "a.jsonl"]).duplicates == 1


def test_skip_invalid_goes_on_after_a_bad_file(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Title A\n\nBody A\n")
    (folder / "b.txt").write_text("")
    (folder / "c.txt").write_text("Title C\n\nBody C\n")
    with pytest.raises(
        ValidationError,
        match=r"b.txt: is empty \(1 file\(s\) before it were imported; nothing from this one\)",
    ):
        sqlite_workspace.import_paths("p", [folder])
    report = sqlite_workspace.import_paths("p", [folder], skip_invalid=True)
    assert report.imported == 1 and report.duplicates == 1
    assert len(report.errors) == 1 and "b.txt: is empty" in report.errors[0]


def test_the_source_file_is_kept_beside_meta_and_read_back(tmp_path: Path) -> None:
    doc = Document(
        "Ana said so.", "T", "d1", {"outlet": "Ledger", "source": "a wire story"}, source="feed.csv"
    )
    obj = jsonl.record_to_json(AnnotatedDocument(doc))
    assert obj["source"] == "feed.csv"
    assert obj["meta"] == {"outlet": "Ledger", "source": "a wire story"}  # meta untouched
    back = jsonl.parse_record(json.loads(json.dumps(obj)), "x: line 1")
    assert (back.document.source, back.document.meta) == ("feed.csv", doc.meta)
    plain = jsonl.record_to_json(AnnotatedDocument(Document("No origin.")))
    assert "source" not in plain
    assert jsonl.parse_record(plain, "x: line 1").document.source is None


def test_the_import_file_survives_an_export_and_reimport(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "harbour-fees.txt").write_text("Harbour fees\n\nFees rise in May.\n", encoding="utf-8")
    sqlite_workspace.import_paths("p", [tmp_path / "harbour-fees.txt"])
    out = tmp_path / "out.jsonl"
    sqlite_workspace.export("p", out)
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["source"] == "harbour-fees.txt"
    second = Workspace.open(str(tmp_path / "second.sqlite3"))
    try:
        second.create_project("q")
        second.import_paths("q", [out])
        [again] = second.export_records("q", status="all", annotator=None, labels=None, progress=None)
        assert again.document.source == "harbour-fees.txt"
    finally:
        second.close()
