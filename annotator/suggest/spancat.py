"""A trained span categorizer as a suggester: saved with what it was trained on, loaded from its folder.

The folder is a spaCy pipeline (`spacy.load` reads it; nothing is downloaded) whose
meta.json carries an "annotator" entry: the project, the labels, the dev scores and the
name suggestions are stored under ("model NAME").
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.suggest.base import Proposal, Proposed
from annotator.suggest.spacy_support import require_spacy
from annotator.suggest.training import SPANS_KEY

META_KEY = "annotator"
WHAT = "--model"


def is_model(path: Path) -> bool:
    """Whether a folder holds a model this tool wrote."""
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and META_KEY in meta


def save_model(nlp: Any, out: Path, info: Mapping[str, Any], *, overwrite: bool = False) -> None:
    """Write the pipeline to a folder, whole or not at all; only an earlier model is replaced, with `overwrite`."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        if not is_model(out):
            raise ValidationError(f"{out}: exists and is not a model written by annotator train")
        if not overwrite:
            raise ValidationError(f"{out}: a model is already there (pass --overwrite to replace it)")
    if not out.parent.is_dir():
        raise ValidationError(f"{out}: the folder {out.parent} does not exist")
    nlp.meta["name"] = _safe_name(out.name)
    nlp.meta["version"] = "0.0.0"
    nlp.meta["description"] = f"span categorizer trained by annotator on project {info.get('project')!r}"
    nlp.meta[META_KEY] = dict(info)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except OSError as exc:
        raise ValidationError(f"{out}: the model could not be written ({exc.strerror or exc})") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _safe_name(name: str) -> str:
    """A spaCy package name from a folder name (letters, digits and underscores)."""
    cleaned = "".join(c if c.isalnum() else "_" for c in name).strip("_")
    return cleaned or "model"


class ModelSuggester:
    """The spancat of a saved pipeline, scoring each suggestion."""

    parallel = False

    def __init__(self, path: Path, min_score: float | None = None) -> None:
        """Load a saved pipeline (spaCy is imported here); `min_score` replaces the model's threshold."""
        spacy = require_spacy(WHAT)
        if not (path / "config.cfg").is_file():
            raise ValidationError(f"{path}: is not a spaCy model folder (no config.cfg; see annotator train)")
        try:
            self._nlp = spacy.load(path)
        except (OSError, ValueError, KeyError) as exc:
            raise ValidationError(
                f"{path}: the model cannot be loaded ({str(exc).splitlines()[0][:200]})"
            ) from None
        if "spancat" not in self._nlp.pipe_names:
            raise ValidationError(f"{path}: the pipeline has no spancat component")
        spancat = self._nlp.get_pipe("spancat")
        self._key = spancat.cfg.get("spans_key", SPANS_KEY)
        if min_score is not None:  # below the trained threshold too: the scores say how sure it is
            spancat.cfg["threshold"] = min_score
        info = self._nlp.meta.get(META_KEY, {})
        self.name = self.family = f"model {info.get('name') or path.name}"
        self.labels = tuple(spancat.labels)
        self.info: Mapping[str, Any] = info

    def suggest(self, texts: Sequence[str]) -> list[Proposal]:
        """The spans the model finds in each text, with the model's score."""
        out: list[Proposal] = []
        for doc in self._nlp.pipe(texts, batch_size=32):
            group = doc.spans[self._key]
            scores = group.attrs.get("scores")
            found = []
            for i, span in enumerate(group):
                if span.end_char > span.start_char:
                    value = None if scores is None else round(float(scores[i]), 4)
                    found.append(Proposed(span.label_, ((span.start_char, span.end_char),), value))
            out.append(Proposal(tuple(sorted(found, key=lambda p: (p.start, p.end, p.label)))))
        return out
