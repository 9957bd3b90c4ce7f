"""Fictional articles whose tokens are hard to get right: numbers with separators, initials, apostrophes, emoji.

Every span here starts and ends on a token boundary of spaCy's English
tokenizer, so an export of them should hold exactly spaCy's tokens.
`with_cut()` adds one article whose span edge falls inside a spaCy token.
"""

from __future__ import annotations

from annotator.core.types import AnnotatedDocument, DocStatus, Document, Span


def _span(text: str, part: str, label: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label, annotator="alice")


def _doc(ident: str, text: str, *spans: tuple[str, str]) -> AnnotatedDocument:
    return AnnotatedDocument(
        Document(text, ident.title(), ident, {"outlet": "Valley Post"}),
        tuple(_span(text, part, label) for part, label in spans),
        (),
        DocStatus.DONE,
    )


def tricky() -> list[AnnotatedDocument]:
    """Six articles with "3,000", "1.2", "O’Neill", "J. Smith", contractions and emoji, spans on spaCy's tokens."""
    return [
        _doc(
            "tok-1",
            "Mayor J. Smith said 3,000 homes will get 1.2 million litres of water a day.",
            ("Mayor J. Smith", "SOURCE"),
            ("3,000 homes will get 1.2 million litres of water a day", "CLAIM"),
        ),
        _doc(
            "tok-2",
            "Siobhan O’Neill, the editor, said: “We don’t know, and we can’t guess.” 😀👍🏽",
            ("Siobhan O’Neill", "SOURCE"),
            ("We don’t know, and we can’t guess.", "CLAIM"),
        ),
        _doc(
            "tok-3",
            "It's the '90s again in Elmford, where the team 👩\u200d🔬 from 🇫🇷 won't stop.",
            ("the team 👩\u200d🔬 from 🇫🇷", "SOURCE"),
            ("won't stop", "CLAIM"),
        ),
        _doc(
            "tok-4",
            "Dr. Ada Quill of Quillfield Ltd. expects rents to rise 4.5% by Jan. 2027, she said.",
            ("Dr. Ada Quill of Quillfield Ltd.", "SOURCE"),
            ("rents to rise 4.5% by Jan. 2027", "CLAIM"),
        ),
        _doc(
            "tok-5",
            "The U.S.-based firm isn't selling. \"I'm staying,\" its chief, Ana Ruiz, told the "
            "Valley Post (www.valleypost.example).",
            ("Ana Ruiz", "SOURCE"),
            ("I'm staying", "CLAIM"),
        ),
        _doc(
            "tok-6",
            "ELMFORD, March 14 — The council's vote was 11-4.\n\nTurnout: 61.4 per cent… "
            "a record, said Cllr. Bea Moss ❤️.",
            ("Cllr. Bea Moss", "SOURCE"),
            ("The council's vote was 11-4", "CLAIM"),
        ),
    ]


CUT_TEXT = "The £3bn plan by O’Neill's team, said J. Smith."
"""`£3` ends inside spaCy's "3bn"; `Neill` starts inside "O’Neill"."""


def with_cut() -> list[AnnotatedDocument]:
    """The tricky articles and one whose spans cut spaCy tokens: one CLAIM and one SOURCE edge inside a token."""
    cut = _doc("tok-cut", CUT_TEXT, ("£3", "CLAIM"), ("Neill's team", "SOURCE"), ("J. Smith", "SOURCE"))
    return [*tricky(), cut]
