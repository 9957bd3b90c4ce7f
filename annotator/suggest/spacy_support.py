"""spaCy for the pattern and model suggesters: imported only when asked for, with one clear line when absent."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import ValidationError

INSTALL = "python3 -m pip install 'spacy>=3.7'"


def require_spacy(what: str) -> Any:
    """The spacy module; without it, a ValidationError naming the `pip install` to run."""
    try:
        import spacy
    except ImportError:
        raise ValidationError(f"{what} needs spaCy, which is not installed: run {INSTALL}") from None
    return spacy


def blank(lang: str, what: str) -> Any:
    """A blank spaCy pipeline of a language (nothing is downloaded)."""
    spacy = require_spacy(what)
    try:
        return spacy.blank(lang)
    except (ImportError, ValueError, KeyError):
        raise ValidationError(
            f"{what}: spaCy has no language {lang!r} (use a code such as en, de, fr, es, nl)"
        ) from None


def char_pieces(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """The token-aligned `[start, end)` of a spaCy Doc covering the characters, or None when it has no token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return int(span.start), int(span.end)
