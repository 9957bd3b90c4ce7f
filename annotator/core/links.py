"""Which relation labels fit two spans: the codebook's `head` and `tail` of each relation."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.types import Label, LabelSchema


def fits(relation: Label, head: str, tail: str) -> bool:
    """Whether a relation label may link a span labelled `head` to one labelled `tail` ("" ends fit any)."""
    return (not relation.head or relation.head == head) and (not relation.tail or relation.tail == tail)


def misfit_message(relation: Label, head: str, tail: str) -> str:
    """Why a relation does not fit, naming both ends."""
    return (
        f"{relation.name} links {relation.head or 'any label'} to {relation.tail or 'any label'}, "
        f"not {head} to {tail}"
    )


@dataclass(frozen=True)
class LinkChoice:
    """A relation the coder may make between two spans, and its key in the link menu.

    Attributes:
        key: "1".."9": the relation's hotkey, or its place among the choices when it has none.
        relation: the relation label.
        reversed: True when it links the second span to the first (the codebook's direction).
    """

    key: str
    relation: Label
    reversed: bool


def link_choices(schema: LabelSchema, first: str, second: str) -> list[LinkChoice]:
    """The relations that fit from a span labelled `first` to one labelled `second`, or the other way round.

    A relation fitting the direction the coder linked in comes before one that needs the
    ends swapped; hotkeys of the codebook win, the others are numbered after them.
    """
    found: list[tuple[Label, bool]] = []
    for rel in schema.relation_labels():
        if fits(rel, first, second):
            found.append((rel, False))
        elif fits(rel, second, first):
            found.append((rel, True))
    found.sort(key=lambda item: item[1])
    taken = {rel.hotkey for rel, _ in found if rel.hotkey}
    spare = (k for k in "123456789" if k not in taken)
    out = []
    for rel, rev in found:
        key = rel.hotkey or next(spare, "")
        out.append(LinkChoice(key, rel, rev))
    return out
