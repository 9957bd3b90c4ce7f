"""Training a model on the project's own work: its done documents, a dev part held out by outlet, a saved spancat.

Pending suggestions never count: only annotations (manual and imported). A discontinuous
span teaches each of its pieces. The dev part keeps documents of one outlet (or another
metadata key) together, as `export --split --group-by` does; when every document shares
one outlet, the split falls back to single documents and says so. Reads only, and writes
only the model folder (whole, through a staging folder), so it can run while coders code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, LabelKind, LabelSchema, Origin
from annotator.formats.split import Item, assign
from annotator.project.context import Context
from annotator.project.exports import Selection, export_records
from annotator.project.progress import Progress
from annotator.storage import repo
from annotator.storage.uow import Session
from annotator.suggest.spancat import save_model
from annotator.suggest.training import EpochInfo, LabelScore, TrainDoc, train_spancat


@dataclass(frozen=True)
class TrainOptions:
    """What to train on and how.

    Attributes:
        labels: the span labels to learn (empty: every span label the documents use).
        status: "done" (documents marked done by anyone, or by `annotator`) or "all".
        annotator: only this coder's annotations and done marks (None: everyone's).
        epochs, seed: passes over the training part; the seed of the split and the model.
        dev: the share of documents held out to score the model (0: none).
        group_by: metadata key whose documents stay in one part ("outlet"; None: by document).
        lang: the language of the blank spaCy pipeline.
        max_tokens: the longest span, in tokens, the model can propose.
        overwrite: replace an earlier model at the output folder.
    """

    labels: tuple[str, ...] = ()
    status: str = "done"
    annotator: str | None = None
    epochs: int = 10
    seed: int = 0
    dev: float = 0.2
    group_by: str | None = "outlet"
    lang: str = "en"
    max_tokens: int = 12
    overwrite: bool = False


@dataclass
class TrainReport:
    """The trained model: where it is, what it learnt from, and its scores on the dev part."""

    model: Path
    labels: tuple[str, ...]
    train_docs: int
    dev_docs: int
    scores: list[LabelScore] = field(default_factory=list)
    overall: LabelScore | None = None
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as printed: the notes, then the table."""
        return [*self.notes, *self.table()]

    def table(self) -> list[str]:
        """What it learnt from, precision, recall and F1 per label on the dev part, and where the model is."""
        out = [f"trained on {self.train_docs} document(s); scored on {self.dev_docs} held out"]
        if self.overall is not None:
            out.append(f"{'label':16} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
            for s in [*self.scores, self.overall]:
                out.append(
                    f"{s.label:16} {s.gold:5d} {s.predicted:5d} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}"
                )
        out.append(f"model written to {self.model}")
        return out


def _group(record: AnnotatedDocument, key: str | None) -> str | None:
    if key is None:
        return None
    value = record.document.meta.get(key)
    return None if value is None or value == "" else json.dumps(value, sort_keys=True, ensure_ascii=False)


def train(
    ctx: Context,
    project: str | int,
    out: Path,
    options: TrainOptions = TrainOptions(),
    progress: Progress | None = None,
    on_epoch: Callable[[EpochInfo], None] | None = None,
) -> TrainReport:
    """Train a span categorizer on the project's done documents, score it on a dev part, save it to `out`."""
    if options.status not in ("done", "all"):
        raise ValidationError(f"--status must be 'done' or 'all', not {options.status!r}")
    if not 0 <= options.dev < 1:
        raise ValidationError(f"--dev {options.dev}: the held-out share must be at least 0 and below 1")

    def about(s: Session) -> tuple[LabelSchema, int, str]:
        pid = ctx.project_id(s, project)
        found = next((p.name for p in repo.list_projects(s) if p.id == pid), str(project))
        return repo.load_schema(s, pid), repo.codebook_version(s, pid), found

    schema, version, name = ctx.uow.read(about)
    chosen = Selection(options.status, options.annotator, options.labels, include_suggested=True)
    records: list[tuple[AnnotatedDocument, TrainDoc]] = []
    for record in export_records(ctx, project, chosen):
        pieces = tuple(
            (sp.label, a, b)
            for sp in record.spans
            if sp.origin != Origin.SUGGESTED and schema.get(sp.label) is not None
            for a, b in sp.pieces()
        )
        records.append((record, TrainDoc(record.document.text, pieces)))
    if len(records) < 2:
        raise ValidationError(
            f"annotator train needs at least 2 {'done ' if options.status == 'done' else ''}documents "
            f"to learn from and score on; the project has {len(records)}"
        )
    used = Counter(label for _r, doc in records for label, *_ in doc.spans)
    span_labels = [lab.name for lab in schema.labels if lab.kind == LabelKind.SPAN]
    labels = tuple(lab for lab in (options.labels or span_labels) if used[lab])
    notes = [f"{lab}: no annotation to learn from, left out" for lab in options.labels if not used[lab]]
    if not labels:
        raise ValidationError("the documents have no annotations to learn from")
    parts, note = _split(records, options)
    notes += note
    train_docs = [doc for (r, doc) in records if parts[r.document.id or 0] == "train"]
    dev_docs = [doc for (r, doc) in records if parts[r.document.id or 0] == "dev"]
    result = train_spancat(
        train_docs, dev_docs, labels, lang=options.lang, epochs=options.epochs, seed=options.seed,
        max_tokens=options.max_tokens, progress=progress, on_epoch=on_epoch,
    )  # fmt: skip
    if result.widened:
        notes.append(f"{result.widened} span(s) widened to whole tokens of spaCy's tokenizer")
    if result.too_long:
        notes.append(
            f"{result.too_long} training span(s) longer than {options.max_tokens} tokens: the model cannot "
            "propose spans that long (see --max-tokens)"
        )
    info = {
        "name": out.name,
        "project": name,
        "labels": list(labels),
        "lang": options.lang,
        "codebook_version": version,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": {"train": len(train_docs), "dev": len(dev_docs)},
        "options": {"status": options.status, "annotator": options.annotator, "epochs": options.epochs,
                    "seed": options.seed, "dev": options.dev, "group_by": options.group_by},
        "dev_scores": {s.label: {"p": s.precision, "r": s.recall, "f": s.f1, "gold": s.gold}
                       for s in result.scores},
    }  # fmt: skip
    save_model(result.nlp, out, info, overwrite=options.overwrite)
    return TrainReport(out, labels, len(train_docs), len(dev_docs), result.scores, result.overall, notes)


def _split(
    records: list[tuple[AnnotatedDocument, TrainDoc]], options: TrainOptions
) -> tuple[dict[int, str], list[str]]:
    """Document id -> "train" or "dev", keeping groups together; falls back to documents when that leaves no dev."""
    ratios = (1 - options.dev, options.dev)

    def cut(key: str | None) -> dict[int, str]:
        items = (Item(r.document.id or 0, r.document.text_hash, _group(r, key)) for r, _doc in records)
        return assign(items, ratios, options.seed)

    parts = cut(options.group_by)
    if options.dev == 0 or "dev" in parts.values():
        return parts, []
    parts = cut(None)
    return parts, [
        f"every document shares one {options.group_by}: the dev part holds single documents instead"
    ]
