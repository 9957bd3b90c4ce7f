"""A fictional coded corpus for the codebook and attribution tests of the formats: values, attributes, fragments, relations.

Every text is written for these tests. The first article has a quote split by
its cue (`"We will not back down," she said, "not this year."`: one content
in two fragments, a source, a cue), an emoji before a second attribution, a
source with attributes, and document values of every type; the second has
two coders who agree on some variables and not on others.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.codebook import Attribute, Choice, DocumentValue, Level, ValueSpec, ValueType
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Document,
    Label,
    LabelKind,
    LabelSchema,
    Relation,
    Role,
    Span,
)
from annotator.formats.base import ExportContext

SPLIT = (
    '"We will not back down," she said, "not this year." The harbour 🌊 board, '
    "according to its chair Noor Vessel, will meet again in May."
)
SECOND = "Officials said the ferry 🚢 runs on time. Riders disagree."


def at(text: str, part: str) -> tuple[int, int]:
    """Code-point offsets of the first `part` in `text`."""
    start = text.index(part)
    return start, start + len(part)


def choices(*names: str) -> tuple[Choice, ...]:
    """Choices of these names."""
    return tuple(Choice(n) for n in names)


def schema() -> LabelSchema:
    """The codebook: attribution roles, a SOURCE with attributes, one variable of each type."""
    return LabelSchema(
        (
            Label("CLAIM", role=Role.CONTENT),
            Label(
                "SOURCE",
                role=Role.SOURCE,
                attributes=(
                    Attribute("type", ValueSpec(ValueType.CHOICE, choices("official", "expert", "citizen"))),
                    Attribute("named", ValueSpec(ValueType.BOOL)),
                ),
            ),
            Label("CUE", role=Role.CUE),
            Label("ATTRIBUTED_TO", LabelKind.RELATION, head="CLAIM", tail="SOURCE"),
            Label("CUED_BY", LabelKind.RELATION, head="CLAIM", tail="CUE"),
            Label(
                "FRAME",
                LabelKind.DOCUMENT,
                spec=ValueSpec(ValueType.CHOICE, choices("conflict", "economic", "human interest")),
            ),
            Label(
                "TOPICS",
                LabelKind.DOCUMENT,
                spec=ValueSpec(ValueType.MULTI, choices("politics", "economy", "transport")),
            ),
            Label("BREAKING", LabelKind.DOCUMENT, spec=ValueSpec(ValueType.BOOL)),
            Label(
                "TONE",
                LabelKind.DOCUMENT,
                spec=ValueSpec(ValueType.NUMBER, minimum=1, maximum=5, level=Level.INTERVAL),
            ),
            Label("SUMMARY", LabelKind.DOCUMENT, spec=ValueSpec(ValueType.TEXT)),
        )
    )


def context(**options: str) -> ExportContext:
    """The export context of the codebook, with these options."""
    s = schema()
    return ExportContext(s.names(), s.names(LabelKind.RELATION), options, s)


def split_quote() -> AnnotatedDocument:
    """The article with the split quote and a second, one-piece attribution."""
    t = SPLIT
    first, second = at(t, '"We will not back down,"'), at(t, '"not this year."')
    content = Span(first[0], second[1], "CLAIM", annotator="alice", fragments=(first, second))
    she = Span(*at(t, "she"), "SOURCE", annotator="alice", attributes={"type": "official", "named": False})
    said = Span(*at(t, "said"), "CUE", annotator="alice")
    board = Span(*at(t, "The harbour 🌊 board"), "SOURCE", annotator="alice")
    meets = Span(*at(t, "will meet again in May"), "CLAIM", annotator="alice")
    chair = Span(*at(t, "its chair Noor Vessel"), "SOURCE", annotator="alice", attributes={"named": True})
    according = Span(*at(t, "according to"), "CUE", annotator="alice")
    relations = (
        Relation(content.id, she.id, "ATTRIBUTED_TO", annotator="alice"),
        Relation(content.id, said.id, "CUED_BY", annotator="alice"),
        Relation(meets.id, chair.id, "ATTRIBUTED_TO", annotator="alice"),
        Relation(meets.id, according.id, "CUED_BY", annotator="alice"),
    )
    values = (
        DocumentValue("FRAME", "conflict", "alice"),
        DocumentValue("TOPICS", ["politics", "transport"], "alice"),
        DocumentValue("BREAKING", False, "alice"),
        DocumentValue("TONE", 2, "alice"),
        DocumentValue("SUMMARY", "A board that will not back down.", "alice"),
    )
    return AnnotatedDocument(
        Document(t, "Harbour board", "ledger-7", {"outlet": "Coastal Ledger"}),
        (content, she, said, board, meets, chair, according),
        relations,
        DocStatus.DONE,
        values=values,
    )


def two_coders() -> AnnotatedDocument:
    """An article two coders coded: they agree on FRAME and TOPICS, not on BREAKING."""
    t = SECOND
    claim = Span(*at(t, "the ferry 🚢 runs on time"), "CLAIM", annotator="alice")
    values = (
        DocumentValue("FRAME", "economic", "alice"),
        DocumentValue("FRAME", "economic", "bob"),
        DocumentValue("TOPICS", ["transport", "economy"], "alice"),
        DocumentValue("TOPICS", ["economy", "transport"], "bob"),
        DocumentValue("BREAKING", True, "alice"),
        DocumentValue("BREAKING", False, "bob"),
    )
    return AnnotatedDocument(Document(t, "Ferry", "wire-2", {}), (claim,), (), DocStatus.DONE, values=values)


def corpus() -> list[AnnotatedDocument]:
    """Both articles."""
    return [split_quote(), two_coders()]


def texts_of(spans: Sequence[Span], text: str) -> list[str]:
    """The text of each piece of each span."""
    return [text[a:b] for s in spans for a, b in s.pieces()]
