"""Default colours and hotkeys: colour-blind-safe colours never shared while they last, the next free digit."""

from __future__ import annotations

import pytest

from annotator.core.codebook import ValueSpec, ValueType
from annotator.core.errors import ValidationError
from annotator.core.palette import PALETTE, new_label, next_colour, next_hotkey, pick_colour
from annotator.core.schema import DEFAULT_SCHEMA, parse_schema
from annotator.core.types import Label, LabelKind, LabelSchema

# The Okabe-Ito colours (Okabe & Ito 2008), which the first eight lighten, in the palette's order.
OKABE_ITO = ("#E69F00", "#56B4E9", "#CC79A7", "#009E73", "#F0E442", "#D55E00", "#0072B2", "#CC79A7")


def _channels(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    out = []
    for c in _channels(hex_colour):
        v = c / 255
        out.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def test_every_palette_colour_keeps_black_text_readable_is_distinct_and_not_grey() -> None:
    assert len(set(PALETTE)) == len(PALETTE) >= 20
    for colour in PALETTE:
        assert (_luminance(colour) + 0.05) / 0.05 >= 7.0, colour  # WCAG AAA for black text
        r, g, b = _channels(colour)
        assert max(r, g, b) - min(r, g, b) >= 0x30, f"{colour} is nearly grey"


def test_the_first_colours_are_lightened_okabe_ito_hues() -> None:
    # Lightening mixes in white: each channel moves towards 255 and none moves away from it.
    for colour, base in zip(PALETTE[3:8], OKABE_ITO[3:8], strict=True):
        assert all(c >= b for c, b in zip(_channels(colour), _channels(base), strict=True)), (colour, base)
        assert _luminance(colour) > _luminance(base)
    assert PALETTE[:4] == tuple(lab.colour for lab in DEFAULT_SCHEMA.span_labels())


def test_labels_without_a_colour_take_the_palette_in_order_skipping_named_colours() -> None:
    data = [
        {"name": "A"},
        {"name": "B", "colour": PALETTE[1].lower()},
        {"name": "R", "kind": "relation"},
        {"name": "V", "kind": "document", "type": "text"},
        {"name": "C", "colour": PALETTE[0]},
        {"name": "D"},
    ]
    schema = parse_schema(data)
    # A named colour is taken even when the label naming it comes later.
    assert [lab.colour for lab in schema.labels if lab.kind != LabelKind.DOCUMENT] == [
        PALETTE[2],
        PALETTE[1],
        PALETTE[3],
        PALETTE[0],
        PALETTE[4],
    ]


def test_more_labels_than_colours_reuse_the_least_used_never_a_grey() -> None:
    n = len(PALETTE)
    schema = parse_schema([f"L{i}" for i in range(2 * n + 3)])
    colours = [lab.colour for lab in schema.labels]
    assert colours[:n] == list(PALETTE)
    assert colours[n : 2 * n] == list(PALETTE)
    assert colours[2 * n :] == list(PALETTE[:3])
    assert "#999999" not in colours


def test_span_labels_without_a_hotkey_take_the_next_free_digit_until_none_is_left() -> None:
    data = [
        {"name": "A"},
        {"name": "B", "hotkey": 1},
        {"name": "R", "kind": "relation"},
        {"name": "C", "hotkey": None},
    ]
    data += [{"name": f"S{i}"} for i in range(10)]
    schema = parse_schema(data)
    keys = {lab.name: lab.hotkey for lab in schema.labels}
    assert (keys["A"], keys["B"], keys["R"], keys["C"]) == ("2", "1", "", "")
    assert [keys[f"S{i}"] for i in range(10)] == ["3", "4", "5", "6", "7", "8", "9", "", "", ""]


def test_next_colour_and_hotkey_for_a_label_added_later() -> None:
    assert next_colour(DEFAULT_SCHEMA) == PALETTE[4]
    assert next_hotkey(DEFAULT_SCHEMA) == "5"
    grown = DEFAULT_SCHEMA
    for name in ("QUOTE", "ACTOR", "PLACE"):
        grown = LabelSchema((*grown.labels, new_label(grown, name)))
    assert [(lab.colour, lab.hotkey) for lab in grown.labels[-3:]] == [
        (PALETTE[4], "5"),
        (PALETTE[5], "6"),
        (PALETTE[6], "7"),
    ]
    relation = new_label(grown, "QUOTED_BY", LabelKind.RELATION)
    assert (relation.colour, relation.hotkey) == (PALETTE[7], "")
    variable = new_label(grown, "FRAME", LabelKind.DOCUMENT, ValueSpec.of(ValueType.TEXT))
    assert variable.spec == ValueSpec.of(ValueType.TEXT) and variable.hotkey == ""
    with pytest.raises(ValidationError, match="document variable 'FRAME' needs a type"):
        new_label(grown, "FRAME", LabelKind.DOCUMENT)
    # A document label's (default) colour takes nothing from the palette.
    with_doc = LabelSchema((Label("V", LabelKind.DOCUMENT, PALETTE[0], spec=ValueSpec.of(ValueType.TEXT)),))
    assert next_colour(with_doc) == PALETTE[0]
    full = LabelSchema(tuple(Label(f"L{i}", hotkey=str(i)) for i in range(1, 10)))
    assert next_hotkey(full) == ""


def test_pick_colour_ignores_case_and_colours_outside_the_palette() -> None:
    assert pick_colour([PALETTE[0].lower(), "#123456"]) == PALETTE[1]
