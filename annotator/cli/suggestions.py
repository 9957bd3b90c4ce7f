"""The suggestion commands: `suggest` (rules, patterns or a model) and `train` (a model from the done articles)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.cli.common import EXIT_OK, open_workspace, progress
from annotator.cli.output import Report, add_output_arguments, json_errors
from annotator.core.types import DocStatus

if TYPE_CHECKING:
    from annotator.project.suggest_run import SuggestReport
    from annotator.project.training import TrainReport
    from annotator.suggest.training import EpochInfo, LabelScore


def _labels(raw: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in raw.split(",") if x.strip()) if raw else ()


@json_errors("suggest")
def cmd_suggest(args: argparse.Namespace) -> int:
    """Store suggestions from the built-in rules, a patterns file or a trained model; print counts per label."""
    from annotator.project.suggest_run import SuggestOptions

    options = SuggestOptions(
        status=DocStatus(args.status) if args.status != "all" else None,
        labels=_labels(args.labels),
        min_score=args.min_score,
        replace=args.replace,
        annotator=args.annotator,
    )
    with open_workspace(args) as ws, progress("suggesting", args, unit="docs") as bar:
        if args.rules:
            report = ws.suggestions.rules(args.project, options, bar)
        elif args.patterns:
            report = ws.suggestions.patterns(
                args.project,
                Path(args.patterns),
                label=args.label,
                lang=args.lang,
                options=options,
                progress=bar,
            )
        else:
            report = ws.suggestions.model(args.project, Path(args.model), options, bar)
    _suggest_report(Report.of("suggest", args), report, args)
    return EXIT_OK


def _suggest_report(out: Report, report: SuggestReport, args: argparse.Namespace) -> None:
    """Print what a suggest run stored, as lines or as one JSON object."""
    for line in report.lines():
        out.line(line)
    out.counts = {
        "documents": report.documents,
        "suggestions": report.stored,
        "relations": report.relations,
        "by_label": dict(sorted(report.by_label.items())),
        "replaced": report.replaced,
        "already_there": report.existing,
        "rejected_before": report.rejected,
        "below_score": report.below_score,
    }
    out.extra.update(project=args.project, suggester=report.suggester)
    out.finish()


def _score(s: LabelScore) -> dict[str, Any]:
    return {
        "label": s.label, "gold": s.gold, "predicted": s.predicted,
        "precision": s.precision, "recall": s.recall, "f1": s.f1,
    }  # fmt: skip


def _epoch_printer(out: Report) -> Callable[[EpochInfo], None]:
    """The callback that says each epoch on stdout (kept in the JSON report instead; nothing with --quiet)."""
    epochs: list[dict[str, Any]] = out.extra.setdefault("epochs", [])

    def said(info: EpochInfo) -> None:
        epochs.append({"epoch": info.epoch, "loss": info.loss, "dev_f1": info.dev_f1})
        if not out.as_json and not out.quiet:
            dev = f", dev F1 {info.dev_f1:.2f}" if info.dev_f1 is not None else ""
            print(f"epoch {info.epoch}/{info.epochs}: loss {info.loss:.2f}{dev}", flush=True)

    return said


def _train_report(out: Report, report: TrainReport, args: argparse.Namespace) -> None:
    """Print the trained model's report, as lines or as one JSON object."""
    for note in report.notes:
        out.note(note)
    for line in report.table():
        out.line(line)
    out.counts = {"train_documents": report.train_docs, "dev_documents": report.dev_docs}
    out.extra.update(
        project=args.project,
        model=str(report.model),
        labels=list(report.labels),
        scores=[_score(s) for s in report.scores],
        overall=_score(report.overall) if report.overall is not None else None,
    )
    out.finish()


@json_errors("train")
def cmd_train(args: argparse.Namespace) -> int:
    """Train a span categorizer on the done articles and print its scores per label on the held-out part."""
    from annotator.project.training import TrainOptions

    options = TrainOptions(
        labels=_labels(args.labels),
        status=args.status,
        annotator=args.annotator,
        epochs=args.epochs,
        seed=args.seed,
        dev=args.dev,
        group_by=args.group_by or None,
        lang=args.lang,
        max_tokens=args.max_tokens,
        overwrite=args.overwrite,
    )
    out = Report.of("train", args)
    with open_workspace(args) as ws, progress("training", args, unit="batches") as bar:
        report = ws.suggestions.train(args.project, Path(args.output), options, bar, _epoch_printer(out))
    _train_report(out, report, args)
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `suggest` and `train`."""
    p = sub.add_parser(
        "suggest",
        parents=[common],
        help="store suggestions (rules, patterns or a trained model) for coders to accept or reject",
        description="Suggestions are spans with origin 'suggested', stored apart from annotations: "
        "exports, agreement and gold leave them out until a coder accepts them. The same span "
        "already annotated, or rejected by a coder before, is not suggested again.",
    )
    p.add_argument("--project", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--rules", choices=["builtin"], help="the built-in journalism rules (English)")
    which.add_argument(
        "--patterns",
        metavar="FILE",
        help="spaCy match patterns, one JSON object per line (.jsonl), or a list of names (one per line, with --label)",
    )
    which.add_argument("--model", metavar="DIR", help="a model written by `annotator train`")
    p.add_argument("--label", help="--patterns with a list of names: the label the names get (e.g. SOURCE)")
    p.add_argument(
        "--status",
        default=DocStatus.TODO.value,
        choices=["all", *(s.value for s in DocStatus)],
        help="only documents in this status (the --annotator's, else anyone's furthest; default todo: "
        "articles nobody has started; all for every article)",
    )
    p.add_argument("--labels", metavar="A,B", help="only suggestions of these labels")
    p.add_argument(
        "--min-score",
        type=float,
        metavar="S",
        help="leave out suggestions scored below S (0..1; with --model also its threshold, 0.5 when trained)",
    )
    p.add_argument(
        "--replace", action="store_true", help="first remove this suggester's earlier pending suggestions"
    )
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="suggestions for this coder alone (blind double coding); default: for every coder",
    )
    p.add_argument("--lang", default="en", help="--patterns: the language of spaCy's tokenizer (default en)")
    add_output_arguments(p)
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser(
        "train",
        parents=[common],
        help="train a span categorizer on the done articles (spaCy, nothing downloaded)",
        description="Trains spaCy's span categorizer from a blank pipeline on the project's done "
        "documents, holds out a dev part grouped by outlet, and prints precision, recall and F1 per "
        "label on it. `annotator suggest --model DIR` applies the model.",
    )
    p.add_argument("--project", required=True)
    p.add_argument(
        "-o", "--output", required=True, metavar="MODEL_DIR", help="the folder to write the model to"
    )
    p.add_argument("--labels", metavar="A,B", help="only these span labels (default: every one in use)")
    p.add_argument(
        "--status", default="done", choices=["done", "all"], help="documents marked done (default), or all"
    )
    p.add_argument("--annotator", metavar="NAME", help="only this coder's annotations and done articles")
    p.add_argument("--epochs", type=int, default=10, help="passes over the training part (default 10)")
    p.add_argument("--seed", type=int, default=0, help="seed of the split and the model (default 0)")
    p.add_argument(
        "--dev", type=float, default=0.2, help="share of documents held out to score (default 0.2)"
    )
    p.add_argument(
        "--group-by",
        default="outlet",
        metavar="KEY",
        help="metadata key kept in one part (default outlet; '' for none)",
    )
    p.add_argument("--lang", default="en", help="the language of the blank pipeline (default en)")
    p.add_argument(
        "--max-tokens",
        type=int,
        default=12,
        help="the longest span, in tokens, the model can propose (default 12)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace an earlier model in MODEL_DIR")
    add_output_arguments(p)
    p.set_defaults(func=cmd_train)
