"""The shared field validator, and readers and validators meeting fields of the wrong type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import InvalidRecord
from annotator.formats import fields, registry
from annotator.formats.base import ReadContext

W = "in.jsonl: line 3"


@pytest.mark.parametrize(
    ("getter", "record", "message"),
    [
        (fields.text, {}, "in.jsonl: line 3: 'f' is missing"),
        (fields.text, {"f": 5}, "in.jsonl: line 3: 'f' must be text, got 5"),
        (fields.opt_text, {"f": ["a"]}, "'f' must be text, got a list"),
        (fields.whole, {"f": "0"}, "'f' must be a whole number, got '0'"),
        (fields.whole, {"f": 1.0}, "'f' must be a whole number, got 1.0"),
        (fields.whole, {"f": True}, "'f' must be a whole number, got true"),
        (fields.whole, {}, "'f' must be a whole number, got null"),
        (fields.opt_whole, {"f": {}}, "'f' must be a whole number, got an object"),
        (fields.opt_number, {"f": "0.5"}, "'f' must be a number, got '0.5'"),
        (fields.opt_number, {"f": float("inf")}, "'f' must be a number, got inf"),
        (fields.opt_flag, {"f": "false"}, "'f' must be true or false, got 'false'"),
        (fields.opt_flag, {"f": 0}, "'f' must be true or false, got 0"),
        (fields.opt_obj, {"f": [1]}, "'f' must be an object, got a list"),
        (fields.opt_list, {"f": 5}, "'f' must be a list, got 5"),
        (fields.opt_list, {"f": "abc"}, "'f' must be a list, got 'abc'"),
        (fields.opt_ref, {"f": [1]}, "'f' must be text or a whole number, got a list"),
        (fields.opt_ref, {"f": False}, "'f' must be text or a whole number, got false"),
        (fields.names, {"f": 5}, "'f' must be a list, got 5"),
        (fields.names, {"f": ["A", ""]}, "'f' must be a list of non-empty names, holding ''"),
        (fields.names, {"f": ["A", 2]}, "'f' must be a list of non-empty names, holding 2"),
    ],
)
def test_a_wrong_type_names_the_place_the_field_and_the_value(
    getter: Any, record: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        getter(record, "f", W)
    assert str(caught.value).startswith(W) and str(caught.value).endswith(message)


def test_getters_give_their_type_and_treat_null_as_absent() -> None:
    record = {"t": "x", "n": 3, "f": 0.5, "b": False, "o": {"k": 1}, "l": [1], "r": 7, "z": None}
    assert fields.text(record, "t", W) == "x"
    assert fields.whole(record, "n", W) == 3
    assert fields.opt_number(record, "f", W) == 0.5
    assert fields.opt_flag(record, "b", W) is False
    assert fields.opt_obj(record, "o", W) == {"k": 1}
    assert fields.opt_list(record, "l", W) == [1]
    assert fields.opt_ref(record, "r", W) == "7"
    for getter in (fields.opt_text, fields.opt_whole, fields.opt_number, fields.opt_flag, fields.opt_ref):
        assert getter(record, "z", W) is None
    assert (
        fields.opt_obj(record, "z", W),
        fields.opt_list(record, "z", W),
        fields.names(record, "z", W),
    ) == (
        {},
        [],
        [],
    )
    with pytest.raises(ValidationError, match="'shown.name' must be text"):
        fields.opt_text({"k": 1}, "k", W, name="shown.name")


def test_long_values_are_cut_in_messages() -> None:
    with pytest.raises(ValidationError) as caught:
        fields.whole({"f": "x" * 500}, "f", W)
    assert len(str(caught.value)) < 120 and str(caught.value).endswith("...")


_TEXT = "The mayor said the bridge is safe."
# format -> (file name, records with a field of the wrong type): validate reports, never raises.
HOSTILE_FOR_VALIDATE: dict[str, tuple[str, list[Any]]] = {
    "labelstudio": (
        "t.json",
        [
            {"data": {"text": _TEXT}, "annotations": 5},
            {"data": {"text": _TEXT}, "predictions": 7},
            {"data": {"text": _TEXT}, "annotations": [{"result": 3}]},
            {
                "data": {"text": _TEXT},
                "annotations": [{"result": [{"type": "labels", "value": {"labels": 5}}]}],
            },
            {"data": {"text": _TEXT}, "annotations": [4]},
        ],
    ),
    "prodigy": (
        "p.jsonl",
        [
            {
                "text": _TEXT,
                "answer": "accept",
                "tokens": [{"text": "The", "start": "0", "end": 3}],
                "spans": [{"start": 0, "end": 3, "label": "X", "token_start": 0, "token_end": 0}],
            },
            {"text": _TEXT, "answer": "accept", "spans": 5},
            {"text": _TEXT, "answer": "accept", "relations": 5},
            {"text": _TEXT, "answer": "accept", "tokens": 5},
        ],
    ),
    "doccano": (
        "d.jsonl",
        [
            {"text": _TEXT, "entities": 5},
            {"text": _TEXT, "label": 5},
            {"text": _TEXT, "entities": [{"id": [1], "start_offset": 0, "end_offset": 3, "label": "X"}]},
        ],
    ),
}


def _write(path: Path, records: list[Any]) -> None:
    if path.suffix == ".json":
        path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(HOSTILE_FOR_VALIDATE))
def test_validate_reports_wrong_types_with_their_line(tmp_path: Path, fmt: str) -> None:
    name, records = HOSTILE_FOR_VALIDATE[fmt]
    path = tmp_path / name
    _write(path, records)
    validate = registry.get_format(fmt).validate
    assert validate is not None
    result = validate(path, ReadContext(), None)
    assert not result.ok
    assert len({p.where for p in result.problems}) >= len(records), result.problems
    assert all("line" in p.where for p in result.problems), result.problems


@pytest.mark.parametrize("fmt", sorted(HOSTILE_FOR_VALIDATE))
def test_the_reader_makes_each_wrong_type_an_invalid_line(tmp_path: Path, fmt: str) -> None:
    name, records = HOSTILE_FOR_VALIDATE[fmt]
    path = tmp_path / name
    _write(path, records)
    out = list(registry.get_format(fmt).bind(ReadContext())(path))
    bad = [r for r in out if isinstance(r, InvalidRecord)]
    assert len(bad) == len(records), out
    assert all(str(path) in r.message and "line" in r.message for r in bad)
