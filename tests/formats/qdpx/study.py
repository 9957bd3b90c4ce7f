"""A codebook with attributes and document variables, and the fixture corpus coded against it."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.codebook import Attribute, Choice, DocumentValue, ValueSpec, ValueType
from annotator.core.types import AnnotatedDocument, Label, LabelKind, LabelSchema, Span
from annotator.formats.base import ExportContext
from tests.formats.conftest import corpus, find

SCHEMA = LabelSchema(
    (
        Label("CLAIM", LabelKind.SPAN, "#F5C26B", "1", "A checkable factual assertion."),
        Label(
            "SOURCE",
            LabelKind.SPAN,
            "#7FC4EC",
            "2",
            "Who a statement is attributed to.",
            attributes=(
                Attribute(
                    "type",
                    ValueSpec(
                        ValueType.CHOICE,
                        (Choice("official", "Holds an office"), Choice("expert"), Choice("witness")),
                    ),
                    "What kind of source",
                ),
                Attribute("named", ValueSpec(ValueType.BOOL), "Named in the text"),
                Attribute("topics", ValueSpec(ValueType.MULTI, (Choice("flood"), Choice("budget")))),
                Attribute("quote_words", ValueSpec(ValueType.NUMBER)),
            ),
        ),
        Label(
            "ATTRIBUTED_TO",
            LabelKind.RELATION,
            "#555555",
            "",
            "Claim to source.",
            head="CLAIM",
            tail="SOURCE",
        ),
        Label(
            "FRAME",
            LabelKind.DOCUMENT,
            description="The article's main frame",
            spec=ValueSpec(ValueType.CHOICE, (Choice("conflict"), Choice("economy"))),
        ),
    )
)


def context(**options: str) -> ExportContext:
    """The export context of the study."""
    return ExportContext(SCHEMA.names(), SCHEMA.names(LabelKind.RELATION), dict(options), SCHEMA)


def coded() -> list[AnnotatedDocument]:
    """The fixture corpus with attributes, document values and one discontinuous span."""
    docs = corpus()
    first = docs[0]
    source = next(
        s for s in first.spans if s.label == "SOURCE" and first.document.text.startswith("Mayor", s.start)
    )
    attributed = replace(
        source, attributes={"type": "official", "named": True, "topics": ["flood", "budget"]}
    )
    critics = next(s for s in first.spans if first.document.text.startswith("Critics", s.start))
    critics2 = replace(critics, attributes={"type": "witness", "named": False, "quote_words": 7})
    spans = tuple(attributed if s is source else critics2 if s is critics else s for s in first.spans)
    values = (
        DocumentValue("FRAME", "conflict", "alice"),
        DocumentValue("FRAME", "conflict", "bob"),
    )
    docs[0] = replace(first, spans=spans, values=values)
    cjk = docs[1]
    docs[1] = replace(
        cjk, values=(DocumentValue("FRAME", "conflict", "alice"), DocumentValue("FRAME", "economy", "bob"))
    )
    rtl = docs[2]
    t = rtl.document.text
    (a, b), (c, d) = find(t, "ראש"), find(t, "החומה")
    split = Span(a, d, "CLAIM", annotator="alice", fragments=((a, b), (c, d)), note="two pieces")
    docs[2] = replace(rtl, spans=(*rtl.spans, split))
    return docs
