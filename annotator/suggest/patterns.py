"""The pattern suggester: spaCy match patterns (or a list of names) run with spaCy's own SpanRuler.

A `.jsonl` file holds one pattern per line, as spaCy's SpanRuler and Prodigy read them:
`{"label": "SOURCE", "pattern": "Ministry of Health"}` (a phrase) or
`{"label": "SOURCE", "pattern": [{"LOWER": "the"}, {"IS_TITLE": true, "OP": "+"}]}` (tokens);
an optional "id" is kept by spaCy and ignored here. Any other file is a list of names, one
per line (blank lines and lines starting with # skipped), all under one label. Matches are
suggestions without a score; overlapping matches are all kept.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.suggest.base import Proposal, Proposed
from annotator.suggest.spacy_support import blank

SPANS_KEY = "annotator_patterns"
WHAT = "--patterns"


def read_patterns(path: Path, label: str | None = None) -> list[dict[str, Any]]:
    """The patterns of a file (JSONL patterns, or names under `label`); a bad line is named."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: is not UTF-8 text (byte {exc.start})") from None
    if path.suffix.lower() != ".jsonl":
        if not label:
            raise ValidationError(
                f"{path}: a list of names needs --label, the label its names get (e.g. --label SOURCE)"
            )
        names = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not names:
            raise ValidationError(f"{path}: holds no names")
        return [{"label": label, "pattern": name} for name in dict.fromkeys(names)]
    out: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"]:
            raise ValidationError(f'{where}: expected an object with a "label" and a "pattern"')
        pattern = item.get("pattern")
        if isinstance(pattern, str):
            if not pattern.strip():
                raise ValidationError(f"{where}: the phrase pattern is empty")
        elif not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
            raise ValidationError(f"{where}: the pattern must be a phrase or a list of token objects")
        out.append({"label": item["label"], "pattern": pattern, "line": number})
    if not out:
        raise ValidationError(f"{path}: holds no patterns")
    return out


class PatternSuggester:
    """spaCy's SpanRuler over a blank pipeline of the project's language."""

    parallel = False

    def __init__(self, path: Path, label: str | None = None, lang: str = "en") -> None:
        """Read and check the patterns of a file (spaCy is imported here)."""
        patterns = read_patterns(path, label)
        self.name = self.family = f"patterns {path.stem}"
        self.labels = tuple(dict.fromkeys(p["label"] for p in patterns))
        self._nlp = blank(lang, WHAT)
        _check_token_patterns(self._nlp, path, patterns)
        ruler = self._nlp.add_pipe(
            "span_ruler", config={"spans_key": SPANS_KEY, "validate": True, "overwrite": True}
        )
        ruler.add_patterns([{"label": p["label"], "pattern": p["pattern"]} for p in patterns])

    def suggest(self, texts: Sequence[str]) -> list[Proposal]:
        """The matches in each text, as suggestions without a score."""
        out: list[Proposal] = []
        for doc in self._nlp.pipe(texts, batch_size=64):
            spans = sorted(
                {
                    (s.start_char, s.end_char, s.label_)
                    for s in doc.spans[SPANS_KEY]
                    if s.end_char > s.start_char
                }
            )
            out.append(Proposal(tuple(Proposed(label, ((a, b),), None) for a, b, label in spans)))
        return out


def _check_token_patterns(nlp: Any, path: Path, patterns: list[dict[str, Any]]) -> None:
    """Refuse a token pattern spaCy's Matcher does not accept, naming its line."""
    from spacy.matcher import Matcher

    for p in patterns:
        if isinstance(p["pattern"], list):
            matcher = Matcher(nlp.vocab, validate=True)
            try:
                matcher.add("check", [p["pattern"]])
            except Exception as exc:  # spaCy raises ValueError or MatchPatternError with its own text
                lines = [x.strip() for x in str(exc).splitlines() if x.strip()]
                problem = next((x[1:].strip() for x in lines if x.startswith("-")), lines[0] if lines else "")
                problem = problem.replace("pattern -> 0 -> ", "token ")
                raise ValidationError(
                    f"{path}:{p['line']}: not a spaCy token pattern: {problem[:200]}"
                ) from None
