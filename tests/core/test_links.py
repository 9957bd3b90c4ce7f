"""Which relations fit two spans, in which direction, under which key."""

from __future__ import annotations

from annotator.core.links import fits, link_choices, misfit_message
from annotator.core.schema import DEFAULT_SCHEMA
from annotator.core.types import Label, LabelKind, LabelSchema

SCHEMA = LabelSchema(
    (
        Label("CLAIM"),
        Label("SOURCE"),
        Label("ATTRIBUTED_TO", LabelKind.RELATION, head="CLAIM", tail="SOURCE"),
        Label("DISPUTES", LabelKind.RELATION, hotkey="5", head="SOURCE", tail="CLAIM"),
        Label("RELATED", LabelKind.RELATION),
    )
)


def test_fits_checks_both_ends_and_an_empty_end_fits_any() -> None:
    attributed = DEFAULT_SCHEMA.get("ATTRIBUTED_TO")
    assert attributed is not None
    assert fits(attributed, "CLAIM", "SOURCE")
    assert not fits(attributed, "SOURCE", "CLAIM")
    assert not fits(attributed, "CLAIM", "CUE")
    assert fits(Label("ANY", LabelKind.RELATION), "CUE", "CAPTION")
    assert misfit_message(attributed, "CAPTION", "SOURCE") == (
        "ATTRIBUTED_TO links CLAIM to SOURCE, not CAPTION to SOURCE"
    )


def test_choices_put_the_coders_direction_first_and_keep_hotkeys() -> None:
    choices = link_choices(SCHEMA, "CLAIM", "SOURCE")
    assert [(c.relation.name, c.reversed, c.key) for c in choices] == [
        ("ATTRIBUTED_TO", False, "1"),
        ("RELATED", False, "2"),
        ("DISPUTES", True, "5"),
    ]
    backwards = link_choices(SCHEMA, "SOURCE", "CLAIM")
    assert [(c.relation.name, c.reversed) for c in backwards] == [
        ("DISPUTES", False),
        ("RELATED", False),
        ("ATTRIBUTED_TO", True),
    ]
    assert [c.relation.name for c in link_choices(SCHEMA, "SOURCE", "SOURCE")] == ["RELATED"]
    assert link_choices(DEFAULT_SCHEMA, "CAPTION", "SOURCE") == []
