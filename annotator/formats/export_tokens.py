"""Tokens of the prodigy and spacy exports: spaCy's own tokenizer when spaCy is installed, else the built-in one.

`spacy.blank(lang)` (the `lang` export option, "en" by default) splits the
text, so spaCy finds the same tokens in our files as it makes itself (`spacy
debug data` reports no misaligned tokens); without spaCy the built-in
tokenizer, which splits as spaCy's English one does, stands in. Either way
tokens are then cut at span edges (each fragment's, for a discontinuous span)
so every span is whole tokens, and the spans whose edges cut a token are
counted in the export report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import Span
from annotator.formats.base import Options, WriteStats, opt_str
from annotator.formats.token_columns import Spaced, base_columns, spaced, spacy_columns
from annotator.formats.tokenize import SpacyToken

LANG = "lang"
CUT = "an edge falls inside a token spaCy would make, so that token is split there"
"""How a span's tokens differ from spaCy's, as the export report says it."""
MAX_LEXEMES = 200_000
"""spaCy keeps every new word in its vocabulary (about 400 bytes each): past this many, a fresh pipeline."""

_pipelines: dict[str, Any] = {}


class ExportTokenizer:
    """Tokenizes each document of one export once, with spaCy's tokenizer for `lang` or the built-in one.

    Attributes:
        lang: the language of the spaCy pipeline (the `lang` option).
        uses_spacy: True when spaCy is installed and its tokenizer is used.
    """

    def __init__(self, options: Options) -> None:
        self.lang = opt_str(options, LANG, "en")
        self.uses_spacy = _spacy_installed()
        if self.uses_spacy:
            _pipeline(self.lang)  # a bad language is refused before anything is written
        elif self.lang != "en":
            raise ValidationError(
                f"option {LANG}={self.lang!r}: without spaCy only English ('en') is built in; "
                "install spaCy with: pip install 'annotator[spacy]'"
            )

    def tokens(self, text: str, spans: Sequence[Span], stats: WriteStats) -> list[SpacyToken]:
        """The tokens of `text` (white space kept as spaCy keeps it), cut at the edges of the spans' pieces."""
        return list(zip(*self.columns(text, spans, stats), strict=True))

    def columns(self, text: str, spans: Sequence[Span], stats: WriteStats) -> Spaced:
        """`tokens` as columns: texts, starts, ends, trailing-space flags."""
        return self.doc_columns(text, spans, stats)[0]

    def doc_columns(self, text: str, spans: Sequence[Span], stats: WriteStats) -> tuple[Spaced, Any]:
        """`columns`, and spaCy's Doc of the text before any cut (None without spaCy)."""
        doc = self._spacy(text) if self.uses_spacy else None
        base = spacy_columns(doc) if doc is not None else base_columns(text)
        starts = [a for s in spans for a, _ in s.pieces()]
        ends = [b for s in spans for _, b in s.pieces()]
        columns, inside = spaced(text, base, starts, ends)
        if inside:
            for s in spans:
                if any(a in inside or b in inside for a, b in s.pieces()):
                    stats.adjusted[(s.label, CUT)] += 1
        return columns, doc

    def _spacy(self, text: str) -> Any:
        """spaCy's Doc of the text, from its tokenizer alone."""
        return _pipeline(self.lang).tokenizer(text)


def _spacy_installed() -> bool:
    try:
        import spacy  # noqa: F401
    except ImportError:
        return False
    return True


def _pipeline(lang: str) -> Any:
    """The blank spaCy pipeline of `lang`, made once per language (anew when its vocabulary has grown large)."""
    nlp = _pipelines.get(lang)
    if nlp is None or len(nlp.vocab) > MAX_LEXEMES:
        import spacy

        try:
            nlp = spacy.blank(lang)
        except (ImportError, ValueError, KeyError):
            raise ValidationError(
                f"option {LANG}: spaCy has no language {lang!r} (use a code such as en, de, fr, es, nl)"
            ) from None
        _pipelines[lang] = nlp
    return nlp
