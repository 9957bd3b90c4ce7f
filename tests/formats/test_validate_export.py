"""The validator on every format, the self-check after export, atomic outputs, and format detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError, ValidationError
from annotator.core.types import AnnotatedDocument, Document
from annotator.formats import registry
from annotator.formats.base import ExportContext, WriteStats
from annotator.formats.registry import Format
from annotator.formats.validate import validate_file
from annotator.project import Workspace

EXPORTS = {
    "jsonl": "o.jsonl",
    "doccano": "o.jsonl",
    "prodigy": "o.jsonl",
    "labelstudio": "o.json",
    "conll": "o.conll",
    "hf": "o.jsonl",
    "spacy": "o.spacy",
    "brat": "o",
}


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_every_export_validates_clean_with_the_project_labels(
    filled: Workspace, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / EXPORTS[fmt]
    report = filled.export("p", out, format=fmt)
    result, decided = validate_file(out, fmt, labels=filled.schema("p").names())
    assert result.ok, result.problems
    assert (result.documents, result.spans) == (7, report.spans)
    assert fmt in decided


def test_doccano_problems_name_line_and_span(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    rows = [
        {"text": "Ok 😀 Ada", "label": [[6, 9, "SOURCE"], [6, 9, "SOURCE"]]},
        {"text": "Ok 😀 Ada", "label": [[4, 9, "SOURCE"], [0, 2, "WHO"], [5, 99, "SOURCE"]]},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result, _ = validate_file(path, "doccano", labels=("SOURCE",))
    messages = [str(p) for p in result.problems]
    assert messages == [
        f"{path}: line 1, label 2 [6, 9) (UTF-16) 'SOURCE': duplicate span (same offsets, label and annotator)",
        f"{path}: line 2, label 1: span [4, 9) in UTF-16 units: UTF-16 offset 4 splits the surrogate pair of an astral character",
        f"{path}: line 2, label 2 [0, 2) (UTF-16) 'WHO': unknown label (known labels: SOURCE)",
        f"{path}: line 2, label 3: span [5, 99) is outside the text (9 UTF-16 units)",
    ]


def test_native_problems_and_the_cli_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "n.jsonl"
    good = {
        "text": "Ada said so.",
        "text_sha256": "0" * 64,
        "spans": [{"start": 0, "end": 3, "label": "SOURCE", "text": "Ana"}],
    }
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "checked as jsonl" in out
    assert f"{path}: line 1: text does not match its text_sha256" in out
    assert (
        f"{path}: line 1, span 1 [0, 3) 'SOURCE': span text 'Ana' differs from the text at its offsets 'Ada'"
        in out
    )
    assert "2 problem(s)" in out


def test_cli_export_and_validate_with_a_project(
    filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = filled.url
    out = tmp_path / "p.jsonl"
    assert (
        main(
            [
                "export",
                "--db",
                db,
                "--project",
                "p",
                "--format",
                "prodigy",
                "-o",
                str(out),
                "--include",
                "suggested",
            ]
        )
        == 0
    )
    assert "self-check passed" in capsys.readouterr().out
    assert main(["validate", "--db", db, "--project", "p", str(out)]) == 0
    assert "7 document(s), 15 span(s): ok" in capsys.readouterr().out


def _liar(records: object, out: Path, ctx: ExportContext) -> WriteStats:
    """A writer whose file disagrees with its own count: the self-check must refuse it."""
    stats = registry.FORMATS["doccano"].write(records, out, ctx)  # type: ignore[arg-type,misc]
    stats.spans += 1
    return stats


def test_a_failed_self_check_leaves_nothing(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")
    fake = Format(
        "liar",
        "test",
        (".jsonl",),
        write=_liar,
        validate=registry.FORMATS["doccano"].validate,
        suffix=".jsonl",
    )
    monkeypatch.setitem(registry.FORMATS, "liar", fake)
    with pytest.raises(AnnotatorError, match="failed its own check, so nothing was written.*span"):
        filled.export("p", out, format="liar", overwrite=True)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.name != "annotator.sqlite3" and "sqlite3" not in p.name
    ) == ["o.jsonl"]


def test_a_failing_writer_leaves_no_folder(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(records: object, out: Path, ctx: ExportContext) -> WriteStats:
        out.mkdir()
        (out / "half.txt").write_text("x", encoding="utf-8")
        raise ValidationError("disk says no")

    monkeypatch.setitem(registry.FORMATS, "broken", Format("broken", "test", (), write=broken))
    with pytest.raises(ValidationError, match="disk says no"):
        filled.export("p", tmp_path / "folder", format="broken")
    assert not (tmp_path / "folder").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".folder")]


def test_a_brat_export_replaces_the_old_folder(filled: Workspace, fresh: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    fresh.import_records("q", [AnnotatedDocument(Document("An older article.", external_id="stale"))])
    fresh.export("q", out, format="brat")  # an earlier export, of another project
    filled.export("p", out, format="brat", overwrite=True)
    assert not (out / "stale.ann").exists() and (out / "emoji-1.ann").exists()


@pytest.mark.parametrize(
    ("name", "content", "expected", "why"),
    [
        ("a.jsonl", {"text": "x", "label": [[0, 1, "A"]]}, "doccano", "doccano"),
        ("a.jsonl", {"text": "x", "spans": [], "answer": "accept"}, "prodigy", "Prodigy"),
        ("a.jsonl", {"text": "x", "text_sha256": "y"}, "jsonl", "native"),
        ("a.json", [{"data": {"text": "x"}}], "labelstudio", "Label Studio"),
        ("export.jsonl", {"data": {"text": "x"}}, "labelstudio", "Label Studio"),
    ],
)
def test_detection_by_content_says_why(
    tmp_path: Path, name: str, content: object, expected: str, why: str
) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(content) + "\n", encoding="utf-8")
    fmt, reason = registry.detect_with_reason(path)
    assert fmt.name == expected and why in reason


def test_detection_refuses_unknown_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"rows": 1}\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot tell which JSON format.*pass --format"):
        registry.detect_with_reason(path)


def test_detection_reads_a_pretty_printed_task_and_names_the_bad_line_of_one(tmp_path: Path) -> None:
    task = tmp_path / "task.json"
    task.write_text(json.dumps({"data": {"text": "x"}, "annotations": []}, indent=2), encoding="utf-8")
    assert registry.detect_with_reason(task)[0].name == "labelstudio"
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "data": {"text": "x"},\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"^{bad}: line 3: not valid JSON \(Expecting property name"):
        registry.detect_with_reason(bad)


def test_jsonl_round_trip_through_export_keeps_everything(
    filled: Workspace, fresh: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "n.jsonl"
    filled.export("p", out, include_suggested=True)
    fresh.import_paths("q", [out])
    key = lambda ws, p: {  # noqa: E731
        (r.document.text, s.start, s.end, s.label, s.annotator, s.note, s.origin)
        for r in ws.export_records(p, status="all", annotator=None, labels=None, progress=None)
        for s in r.spans
    }
    assert key(fresh, "q") == key(filled, "p")
    assert isinstance(
        next(iter(fresh.export_records("q", status="all", annotator=None, labels=None, progress=None))),
        AnnotatedDocument,
    )


NATIVE = {"id": "n1", "text": "The mayor said so.", "spans": [{"start": 4, "end": 9, "label": "SOURCE"}]}
DOCCANO = {"text": "The mayor said so.", "label": [[4, 9, "SOURCE"]]}
STUDIO = {"data": {"text": "The mayor said so."}, "annotations": []}


@pytest.mark.parametrize(
    ("content", "fmt", "keys"),
    [
        (NATIVE, "doccano", "'label' or 'entities'"),
        (DOCCANO, "prodigy", "'spans' or 'relations'"),
        (DOCCANO, "jsonl", "'spans'"),
        (STUDIO | {"text": "The mayor said so."}, "jsonl", "'spans'"),
    ],
)
def test_a_file_without_the_formats_span_keys_is_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: dict[str, object], fmt: str, keys: str
) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps(content) + "\n" + json.dumps(content) + "\n", encoding="utf-8")
    result, _ = validate_file(path, fmt)
    assert not result.ok
    expected = f"{path}: no line has {keys}, where {fmt} keeps its spans, so no span was checked"
    assert any(str(p).startswith(expected) for p in result.problems), result.problems
    assert main(["validate", str(path), "--format", fmt]) == 1
    assert "span(s): ok" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ({"text": "Plain text to import, no spans yet."}, "jsonl"),
        ({"text": "Unlabelled in doccano.", "label": []}, "doccano"),
        ({"text": "Unanswered", "spans": []}, "prodigy"),
        ({"text": "Unanswered raw input"}, "prodigy"),
        ({"data": {"text": "A task to annotate."}}, "labelstudio"),
    ],
)
def test_a_file_of_unannotated_documents_still_passes(tmp_path: Path, content: object, fmt: str) -> None:
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps(content) + "\n", encoding="utf-8")
    result, _ = validate_file(path, fmt)
    assert result.ok and (result.documents, result.spans) == (1, 0)


def test_a_file_that_is_not_brat_is_not_a_pass(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(json.dumps(NATIVE) + "\n", encoding="utf-8")
    result, _ = validate_file(path, "brat")
    assert [str(p) for p in result.problems] == [
        f"{path}: is not a brat .ann file (nor a .txt with an .ann beside it, nor a folder)"
    ]


def test_a_brat_txt_named_alone_is_read_through_its_ann(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text("The mayor said so.\n", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tSOURCE 4 9\tmayor\n", encoding="utf-8")
    result, decided = validate_file(folder / "a.txt")
    assert "brat" in decided and (result.documents, result.spans) == (1, 1) and result.ok
    report = sqlite_workspace.import_paths("p", [folder / "a.txt"])
    assert (report.imported, report.spans) == (1, 1)
    # The folder holds one document: its .txt is not read a second time beside the .ann.
    again = sqlite_workspace.import_paths("p", [folder])
    assert (again.files, again.imported, again.duplicates) == (1, 0, 1)


def test_validating_a_format_without_a_validator_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_text("<p>Hello</p>", encoding="utf-8")
    with pytest.raises(ValidationError, match=rf"^{path}: format 'html' has no validator"):
        validate_file(path, "html")
    with pytest.raises(ValidationError, match=rf"^{path}: format 'html' has no validator"):
        validate_file(path)


def test_validate_says_how_the_file_was_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes((json.dumps(DOCCANO) + "\n").encode("utf-16"))
    result, decided = validate_file(path)
    assert result.ok and (result.documents, result.spans) == (1, 1)
    assert decided.splitlines() == [
        f"{path}: checked as doccano (it has doccano's 'label' list of [start, end, label] (or 'entities'))",
        f"{path}: read as UTF-16 (it starts with a UTF-16 byte-order mark)",
    ]
