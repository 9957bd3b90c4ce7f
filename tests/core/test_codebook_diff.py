"""Diffing two codebooks: one line per change, and which changes would break stored annotations."""

from __future__ import annotations

from annotator.core.codebook_diff import ChangeKind, CodebookChange, breaking_changes, diff_codebooks
from annotator.core.schema import DEFAULT_SCHEMA, parse_schema

OLD = parse_schema(
    [
        {"name": "CLAIM", "colour": "#F5C26B", "hotkey": "1", "role": "content"},
        {
            "name": "SOURCE",
            "colour": "#7FC4EC",
            "hotkey": "2",
            "description": "Who.",
            "attributes": [
                {"name": "type", "type": "choice", "values": ["official", "expert", "citizen"]},
                {"name": "named", "type": "bool"},
                {"name": "rank", "type": "number", "min": 1, "max": 5},
            ],
        },
        {"name": "OLD", "colour": "#C9A0DC", "hotkey": "3"},
        {"name": "ATTRIBUTED_TO", "kind": "relation", "colour": "#555555", "head": "CLAIM", "tail": "SOURCE"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "values": ["conflict", {"name": "economic"}, "morality"],
        },
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 5},
    ]
)
NEW = parse_schema(
    [
        {
            "name": "SOURCE",
            "colour": "#88CCEE",
            "hotkey": "5",
            "description": "Who is quoted.",
            "examples": ["the mayor"],
            "attributes": [
                {"name": "named", "type": "text"},
                {
                    "name": "type",
                    "type": "choice",
                    "values": ["official", "expert", "anonymous"],
                    "description": "Kind.",
                },
                {"name": "rank", "type": "number", "min": 0, "max": 5},
                {"name": "gender", "type": "choice", "values": ["f", "m", "x"]},
            ],
        },
        {"name": "CLAIM", "colour": "#f5c26b", "hotkey": "1"},
        {"name": "ATTRIBUTED_TO", "kind": "relation", "colour": "#555555", "tail": "CLAIM"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "level": "ordinal",
            "required": True,
            "values": [
                "morality",
                {"name": "economic", "description": "Money."},
                "conflict",
                "human interest",
            ],
        },
        {"name": "TONE", "kind": "document", "type": "number", "min": 1, "max": 3},
        {"name": "CUE", "colour": "#63C4AA", "hotkey": "4", "role": "cue"},
    ]
)


def test_every_change_is_one_line_and_the_breaking_ones_are_marked() -> None:
    got = [(c.text, c.breaking) for c in diff_codebooks(OLD, NEW)]
    assert got == [
        ("OLD: span label removed", True),
        ("SOURCE: colour #7FC4EC -> #88CCEE", False),
        ("SOURCE: hotkey 2 -> 5", False),
        ("SOURCE: description changed", False),
        ("SOURCE: examples changed (0 -> 1)", False),
        ("SOURCE: attribute 'named' type bool -> text", True),
        ("SOURCE: attribute 'type' description changed", False),
        ("SOURCE: attribute 'type' lost value 'citizen'", True),
        ("SOURCE: attribute 'type' gained value 'anonymous'", False),
        ("SOURCE: attribute 'rank' range 1 to 5 -> 0 to 5", False),
        ("SOURCE: new attribute 'gender' (choice)", False),
        ("SOURCE: attribute order changed", False),
        ("CLAIM: role content -> none", False),
        ("ATTRIBUTED_TO: head CLAIM -> any", False),
        ("ATTRIBUTED_TO: tail SOURCE -> CLAIM", True),
        ("FRAME: now required", False),
        ("FRAME: level nominal -> ordinal", False),
        ("FRAME: value 'economic' description changed", False),
        ("FRAME: gained value 'human interest'", False),
        ("FRAME: values reordered (the order of its ordinal scale)", False),
        ("TONE: range 1 to 5 -> 1 to 3", True),
        ("CUE: new span label", False),
        ("label order changed", False),
    ]


def test_changes_name_what_they_concern() -> None:
    changes = diff_codebooks(OLD, NEW)
    lost = next(c for c in changes if c.kind == ChangeKind.VALUE_REMOVED)
    assert lost == CodebookChange(
        ChangeKind.VALUE_REMOVED,
        "SOURCE",
        "SOURCE: attribute 'type' lost value 'citizen'",
        True,
        "type",
        "citizen",
    )
    gained = next(c for c in changes if c.kind == ChangeKind.VALUE_ADDED and c.attribute is None)
    assert (gained.label, gained.value) == ("FRAME", "human interest")
    assert [c.field for c in changes if c.label == "SOURCE" and c.kind == ChangeKind.LABEL_CHANGED] == [
        "colour",
        "hotkey",
        "description",
        "examples",
    ]
    assert {c.kind for c in changes} >= {
        ChangeKind.LABEL_ADDED,
        ChangeKind.LABEL_REMOVED,
        ChangeKind.ATTRIBUTE_ADDED,
        ChangeKind.SPEC_CHANGED,
        ChangeKind.LABELS_REORDERED,
    }


def test_the_breaking_changes_are_the_ones_an_import_refuses_without_force() -> None:
    assert [c.text for c in breaking_changes(diff_codebooks(OLD, NEW))] == [
        "OLD: span label removed",
        "SOURCE: attribute 'named' type bool -> text",
        "SOURCE: attribute 'type' lost value 'citizen'",
        "ATTRIBUTED_TO: tail SOURCE -> CLAIM",
        "TONE: range 1 to 5 -> 1 to 3",
    ]
    # Going back adds what was removed and removes what was added.
    back = [c.text for c in breaking_changes(diff_codebooks(NEW, OLD))]
    assert "CUE: span label removed" in back and "SOURCE: attribute 'gender' removed" in back
    assert "SOURCE: attribute 'rank' range 0 to 5 -> 1 to 5" in back
    assert "ATTRIBUTED_TO: head any -> CLAIM" in back
    assert "FRAME: lost value 'human interest'" in back


def test_an_unchanged_codebook_has_no_changes() -> None:
    assert diff_codebooks(DEFAULT_SCHEMA, DEFAULT_SCHEMA) == []
    assert diff_codebooks(OLD, OLD) == []


def test_kind_and_type_changes_break_stored_data_and_bounds_are_told_plainly() -> None:
    old = parse_schema(
        [
            {"name": "A", "colour": "#FFFFFF", "hotkey": ""},
            {"name": "N", "kind": "document", "type": "number"},
            {"name": "M", "kind": "document", "type": "number", "max": 9},
            {"name": "C", "kind": "document", "type": "choice", "values": ["a"]},
        ]
    )
    new = parse_schema(
        [
            {"name": "A", "kind": "document", "type": "text"},
            {"name": "N", "kind": "document", "type": "number", "min": 2},
            {"name": "M", "kind": "document", "type": "number"},
            {"name": "C", "kind": "document", "type": "multi", "values": ["a"]},
        ]
    )
    assert [(c.text, c.breaking) for c in diff_codebooks(old, new)] == [
        ("A: kind span -> document", True),
        ("N: range any -> at least 2", True),
        ("M: range at most 9 -> any", False),
        ("C: type choice -> multi", True),
    ]


def test_a_new_relation_and_variable_say_what_they_are() -> None:
    new = parse_schema(
        [
            *[{"name": n} for n in ("CLAIM", "SOURCE")],
            {"name": "R", "kind": "relation", "head": "CLAIM"},
            {"name": "V", "kind": "document", "type": "bool"},
        ]
    )
    texts = [c.text for c in diff_codebooks(parse_schema(["CLAIM", "SOURCE"]), new)]
    assert texts == ["R: new relation label (CLAIM -> any)", "V: new document variable (bool)"]
