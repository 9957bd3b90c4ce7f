"""Default label colours and hotkeys: the next colour-blind-safe colour, the next free digit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from annotator.core.codebook import ValueSpec
from annotator.core.errors import ValidationError
from annotator.core.types import Label, LabelKind, LabelSchema

# Highlight colours in the order labels without a colour receive them. Each keeps black text at a
# WCAG contrast of at least 7 (AAA). First the Okabe-Ito colour-blind-safe palette (orange, sky
# blue, a purple, bluish green, yellow, vermilion, blue, reddish purple), lightened just enough for
# black text; then Paul Tol's "light" scheme, made for labelled cells with black text (pear, light
# cyan, olive, pink, light blue, orange, mint, light yellow); then his "pale" scheme. Tol's pale
# grey is left out: a grey highlight reads as "no label". Past the first eight no sequence stays
# safe for every kind of colour blindness; the hue order keeps neighbours apart.
PALETTE: tuple[str, ...] = (
    "#F5C26B",
    "#7FC4EC",
    "#C9A0DC",
    "#63C4AA",
    "#F4EB71",
    "#E18D4A",
    "#61A8CF",
    "#DCA3C2",
    "#BBCC33",
    "#99DDFF",
    "#AAAA00",
    "#FFAABB",
    "#77AADD",
    "#EE8866",
    "#44BB99",
    "#EEDD88",
    "#BBCCEE",
    "#CCEEFF",
    "#CCDDAA",
    "#EEEEBB",
    "#FFCCCC",
)
HOTKEYS: tuple[str, ...] = tuple(str(i) for i in range(1, 10))


def pick_colour(taken: Iterable[str]) -> str:
    """The first palette colour not taken; when all are, the one fewest labels use (first of a tie)."""
    counts = Counter(c.upper() for c in taken)
    return min(PALETTE, key=lambda c: (counts[c], PALETTE.index(c)))


def pick_hotkey(taken: Iterable[str]) -> str:
    """The first digit 1-9 not taken, or "" when all are."""
    used = set(taken)
    return next((k for k in HOTKEYS if k not in used), "")


def next_colour(schema: LabelSchema) -> str:
    """The colour a new span or relation label gets: the next one no label of the schema uses."""
    return pick_colour(lab.colour for lab in schema.labels if lab.kind != LabelKind.DOCUMENT)


def next_hotkey(schema: LabelSchema) -> str:
    """The hotkey a new span label gets: the first free digit 1-9, or "" once they run out."""
    return pick_hotkey(lab.hotkey for lab in schema.span_labels())


def new_label(
    schema: LabelSchema, name: str, kind: LabelKind = LabelKind.SPAN, spec: ValueSpec | None = None
) -> Label:
    """A label to add: the next colour (a span label also the next hotkey); a document variable takes `spec`."""
    if kind == LabelKind.DOCUMENT:
        if spec is None:
            raise ValidationError(f"document variable {name!r} needs a type")
        return Label(name, kind, spec=spec)
    hotkey = next_hotkey(schema) if kind == LabelKind.SPAN else ""
    return Label(name, kind, next_colour(schema), hotkey)
