"""`annotator validate` as users run it: export-only formats detected, what cannot be checked said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run

TEXT = "Mayor Ada Quill said the wall will hold. Critics disagree 😀 loudly."


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database with a project of one article with two spans."""
    path = str(tmp_path / "v.sqlite3")
    source = tmp_path / "in.jsonl"
    spans = [
        {"start": 0, "end": 15, "label": "SOURCE", "text": TEXT[0:15]},
        {"start": 21, "end": 39, "label": "CLAIM", "text": TEXT[21:39]},
    ]
    source.write_text(json.dumps({"text": TEXT, "spans": spans}) + "\n", encoding="utf-8")
    assert run(capsys, "--db", path, "project", "create", "News")[0] == 0
    assert run(capsys, "--db", path, "import", str(source), "--project", "News")[0] == 0
    return path


def test_an_hf_export_is_validated_without_format(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.jsonl"
    assert run(capsys, "--db", db, "export", "--project", "News", "--format", "hf", "-o", str(out))[0] == 0
    code, stdout, err = run(capsys, "validate", str(out))
    assert err == ""
    assert code == 0, stdout
    assert f"{out}: checked as hf (it has 'tokens' and 'ner_tags')" in stdout
    assert stdout.rstrip().endswith("1 document(s), 2 span(s): ok")


def test_an_unknown_json_file_lists_the_formats_validate_knows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"rows": 1}\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1 and "pass --format (one of" in err and "hf" in err and "conll" in err


def _doccano(tmp_path: Path, *spans: list[object]) -> Path:
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps({"text": TEXT, "label": list(spans)}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def test_doccano_offsets_are_said_to_be_uncheckable_not_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shifted = _doccano(tmp_path, [2, 17, "SOURCE"], [23, 41, "CLAIM"])  # both moved by 2
    code, out, _ = run(capsys, "validate", str(shifted))
    assert code == 0
    assert ": ok" not in out
    assert (
        out.rstrip()
        .splitlines()[-1]
        .startswith("1 document(s), 2 span(s): offsets not checkable: this format carries no span text")
    )
    assert "pass --strict" in out


def test_doccano_strict_catches_a_span_that_splits_a_word(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shifted = _doccano(tmp_path, [2, 17, "SOURCE"], [21, 39, "CLAIM"])
    code, out, _ = run(capsys, "validate", str(shifted), "--strict")
    assert code == 1
    assert (
        f"{shifted}: line 1, label 1 [2, 17) (UTF-16) 'SOURCE': its start splits a word (inside 'Mayor')"
        in out
    )
    assert "label 2" not in out
    assert out.rstrip().endswith("1 problem(s)")
    code, out, _ = run(capsys, "validate", str(_doccano(tmp_path, [0, 15, "SOURCE"])), "--strict")
    assert code == 0 and "no span splits a word" in out


def test_doccano_checks_range_and_whole_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    emoji = len(TEXT[: TEXT.index("😀")].encode("utf-16-le")) // 2
    bad = _doccano(tmp_path, [emoji + 1, emoji + 9, "CLAIM"], [60, 99, "CLAIM"])
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1
    assert "label 1: " in out and "surrogate pair" in out
    assert "label 2: span [60, 99) is outside the text" in out
    assert out.rstrip().endswith("2 problem(s)")


def test_validate_with_a_project_checks_attributes_and_document_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = [
        {"name": "SOURCE", "kind": "span", "attributes": [
            {"name": "type", "type": "choice", "values": ["official", "expert", "citizen", "anonymous"]}]},
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5},
    ]  # fmt: skip
    (tmp_path / "codebook.json").write_text(json.dumps(codebook), encoding="utf-8")
    db = str(tmp_path / "c.sqlite3")
    assert (
        run(capsys, "--db", db, "project", "create", "News", "--labels", str(tmp_path / "codebook.json"))[0]
        == 0
    )
    span = {"start": 0, "end": 15, "label": "SOURCE", "attributes": {"type": "minister", "grade": 1}}
    line = {"text": TEXT, "spans": [span], "document_labels": [{"label": "TONE", "value": 9}]}
    path = tmp_path / "coded.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert run(capsys, "validate", str(path))[0] == 0  # no codebook: only offsets and shapes
    code, out, _err = run(capsys, "--db", db, "validate", str(path), "--project", "News")
    assert code == 1
    assert f"{path}: line 1, span 1: attribute 'type' of SOURCE: 'minister' is not one of" in out
    assert f"{path}: line 1, span 1: label 'SOURCE' has no attribute 'grade' (its attributes: type)" in out
    assert f"{path}: line 1, document label 1: TONE: 9 is above the maximum 5" in out
    assert out.rstrip().endswith("1 document(s), 1 span(s): 3 problem(s)")
    code, out, _err = run(capsys, "--db", db, "validate", str(path), "--project", "News", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["counts"]["problems"] == 3
    assert {(p["line"], p["where"]) for p in report["problems"]} == {
        (1, f"{path}: line 1, span 1"),
        (1, f"{path}: line 1, document label 1"),
    }
    code, _out, err = run(capsys, "--db", db, "import", str(path), "--project", "News")
    assert code == 1 and "'minister' is not one of" in err  # the import refuses the same file
