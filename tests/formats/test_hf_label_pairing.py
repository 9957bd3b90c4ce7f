"""The hf label list is named after its whole data file and records its hash; validate checks the pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.hf import labels_path
from annotator.formats.validate import validate_file
from annotator.project import Workspace


def _problems(path: Path) -> list[str]:
    result, _ = validate_file(path, "hf")
    return [str(p) for p in result.problems]


def test_dotted_names_get_their_own_label_lists(filled: Workspace, tmp_path: Path) -> None:
    v1, v2 = tmp_path / "corpus.v1.jsonl", tmp_path / "corpus.v2.jsonl"
    filled.export("p", v1, format="hf", labels=["SOURCE"])
    v1_labels = tmp_path / "corpus.v1.labels.json"
    assert labels_path(v1) == v1_labels
    kept = v1_labels.read_bytes()
    filled.export("p", v2, format="hf")
    assert v1_labels.read_bytes() == kept  # v2 wrote its own list, beside it
    assert json.loads((tmp_path / "corpus.v2.labels.json").read_text(encoding="utf-8"))["names"] == [
        "O",
        "B-CLAIM",
        "I-CLAIM",
        "B-SOURCE",
        "I-SOURCE",
        "B-CAPTION",
        "I-CAPTION",
        "B-CUE",
        "I-CUE",
    ]
    assert not (tmp_path / "corpus.labels.json").exists()
    assert _problems(v1) == [] and _problems(v2) == []


def test_validate_catches_a_label_list_of_other_data(
    filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v1, v2 = tmp_path / "corpus.v1.jsonl", tmp_path / "corpus.v2.jsonl"
    filled.export("p", v1, format="hf", labels=["SOURCE"])
    filled.export("p", v2, format="hf")
    v1_labels, v2_labels = labels_path(v1), labels_path(v2)
    v1_labels.write_bytes(v2_labels.read_bytes())  # the pairing the old shared name produced
    (problem,) = _problems(v1)
    assert problem.startswith(f"{v1_labels}: describes other data of corpus.v2.jsonl")
    assert f"not {v1}" in problem and "do not belong together" in problem
    assert main(["validate", "--format", "hf", str(v1)]) == 1
    assert "do not belong together" in capsys.readouterr().out


def test_validate_catches_data_changed_after_export(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    filled.export("p", out, format="hf")
    lines = out.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[0])
    row["ner_tags"] = [0] * len(row["ner_tags"])  # still well-formed tags, now of other data
    out.write_text("\n".join([json.dumps(row, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    (problem,) = _problems(out)
    assert problem.startswith(f"{labels_path(out)}: describes other data") and str(out) in problem


def test_an_older_label_list_without_a_hash_is_read_with_a_note(filled: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "corpus.v1.jsonl"
    filled.export("p", out, format="hf")
    current = json.loads(labels_path(out).read_text(encoding="utf-8"))
    older = {k: current[k] for k in ("names", "id2label", "label2id")}
    labels_path(out).unlink()
    shared = tmp_path / "corpus.labels.json"  # where older annotators wrote it
    shared.write_text(json.dumps(older), encoding="utf-8")
    result, decided = validate_file(out, "hf")
    assert result.ok and result.documents == 7
    assert f"{shared}: an older label list without the SHA-256 of its data file" in decided
