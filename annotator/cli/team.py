"""The team commands: assign, assignments, agreement, gold, merge."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from annotator.cli.common import EXIT_OK, open_workspace, progress
from annotator.cli.output import Report, add_output_arguments, json_errors
from annotator.core.errors import ValidationError
from annotator.core.samples import CODED, SAMPLES
from annotator.core.types import DocStatus


def _names(text: str | None) -> tuple[str, ...] | None:
    """A comma-separated list (None when not given)."""
    if text is None:
        return None
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise ValidationError(f"expected a comma-separated list, not {text!r}")
    return names


def cmd_assign(args: argparse.Namespace) -> int:
    """Deal the articles nobody has yet over the coders."""
    status = DocStatus(args.status) if args.status else None
    with open_workspace(args) as ws:
        plan = ws.team.assign(
            args.project, _names(args.coders) or (), overlap=args.overlap, per_doc=args.per_doc,
            seed=args.seed, status=status,
        ).value  # fmt: skip
    per_coder = ", ".join(f"{c} {n}" for c, n in plan.per_coder.items())
    print(
        f"assigned {len(plan.assignments)} article(s), {plan.shared} of them to several coders"
        + (f": {per_coder}" if per_coder else "")
    )
    if plan.kept:
        print(f"{plan.kept} article(s) already assigned were left as they were")
    return EXIT_OK


def cmd_assignments(args: argparse.Namespace) -> int:
    """Print each coder's assignment and progress."""
    with open_workspace(args) as ws:
        rows = ws.team.assignments(args.project)
    from annotator.cli.team_format import assignments_lines

    for line in assignments_lines(rows):
        print(line)
    return EXIT_OK


def _write_new(out: Path, text: str, overwrite: bool) -> None:
    """Write a file whole (a temporary file renamed into place), refusing to replace one without `overwrite`."""
    if out.is_dir():
        raise ValidationError(f"{out}: is a folder; name the report file to write")
    if out.exists() and not overwrite:
        raise ValidationError(f"{out}: already exists (pass --overwrite to replace it)")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        raise ValidationError(f"{out}: cannot be written ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


@json_errors("agreement")
def cmd_agreement(args: argparse.Namespace) -> int:
    """Print (or write) every agreement figure of the coders."""
    from annotator.agreement.html_report import render_html
    from annotator.cli.team_format import agreement_lines
    from annotator.project.reliability import AgreementOptions

    options = AgreementOptions(
        _names(args.coders), _names(args.labels), args.documents, args.bootstrap, args.seed, args.coded,
        args.gold_annotator,
    )  # fmt: skip
    if args.bootstrap < 0:
        raise ValidationError(f"--bootstrap must be 0 or more, not {args.bootstrap}")
    with open_workspace(args) as ws, progress("agreement", args, unit="steps") as bar:
        result = ws.team.agreement(args.project, options, bar)
    if args.output:
        title = f"Inter-coder agreement: {args.project}"
        _write_new(
            Path(args.output), render_html(result.report, title, result.methods_context()), args.overwrite
        )
    if args.json:
        print(json.dumps(result.report.to_json(), indent=2, ensure_ascii=False))
    else:
        for line in agreement_lines(result):
            print(line)
        if args.output:
            print(f"wrote the report to {args.output}")
    return EXIT_OK


def cmd_gold(args: argparse.Namespace) -> int:
    """Build gold where the strategy settles it; say how much is left for curation."""
    with open_workspace(args) as ws, progress("gold", args) as bar:
        report = ws.team.build_gold(
            args.project, args.strategy, min_coders=args.min_coders, gold=args.gold_annotator,
            coders=_names(args.coders), coded=args.coded, progress=bar,
        )  # fmt: skip
    print(f"settled {report.settled} annotation(s) as {report.gold} in {report.documents} article(s) "
          f"({report.spans} span(s), {report.attributes} attribute(s), {report.relations} relation(s), "
          f"{report.values} value(s)); {report.remaining} remain for curation")  # fmt: skip
    if report.already:
        print(f"{report.already} annotation(s) {report.gold} already had were kept as they were")
    print(f"{report.curated} article(s) complete (marked done for {report.gold})")
    return EXIT_OK


@json_errors("merge")
def cmd_merge(args: argparse.Namespace) -> int:
    """Bring another coder's database or backup into the project."""
    with open_workspace(args) as ws, progress("merging", args, unit="steps") as bar:
        report = ws.team.merge(
            args.project, Path(args.source), from_project=args.from_project, prefer=args.prefer,
            progress=bar,
        )  # fmt: skip
    out = Report.of("merge", args)
    out.line(report.summary())
    for note in report.notes:
        out.note(note, shown=f"  {note}")
    out.counts = {
        "documents": report.documents, "added": report.added, "matched": report.matched,
        "spans": report.spans, "relations": report.relations, "values": report.values,
        "statuses": report.statuses, "kept_ours": report.kept_ours, "took_theirs": report.took_theirs,
    }  # fmt: skip
    out.extra.update(project=args.project, source=report.source, changed=report.changed)
    out.finish()
    return EXIT_OK


def register(sub: Any, common: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `assign`, `assignments`, `agreement`, `gold` and `merge`."""
    p = sub.add_parser(
        "assign",
        parents=[common],
        help="spread the articles over coders, a share of them to several (the reliability sample)",
        description="Articles nobody has yet are dealt to the coders with the fewest so far; a re-run adds "
        "new articles and never moves assigned ones. The same seed gives the same plan.",
    )
    p.add_argument("--project", required=True)
    p.add_argument("--coders", required=True, metavar="A,B,...", help="the coders, comma-separated")
    p.add_argument(
        "--overlap", type=float, default=None, metavar="SHARE",
        help="the share of articles coded by several coders (default 0.2; 1.0 with --per-doc)",
    )  # fmt: skip
    p.add_argument(
        "--per-doc", type=int, default=None, metavar="N",
        help="coders per shared article (default 2); without --overlap, every article goes to N coders",
    )  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="the seed of the dealing order (default 0)")
    p.add_argument(
        "--status", choices=[s.value for s in DocStatus],
        help="only articles with this status (the most advanced of anyone's; todo: nobody started it)",
    )  # fmt: skip
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("assignments", parents=[common], help="each coder's assignment and progress")
    p.add_argument("--project", required=True)
    p.set_defaults(func=cmd_assignments)

    p = sub.add_parser(
        "agreement",
        parents=[common],
        help="inter-coder agreement: alpha per variable, kappas, span F1 and alpha_u, with 95%% intervals",
        description="A coder coded an article when they marked it done (--coded annotated: when they have any "
        "annotation in it). Only articles coded by at least two of the coders count.",
    )
    p.add_argument("--project", required=True)
    p.add_argument(
        "--coders", metavar="A,B,...", help="the coders compared (default: all but the gold annotator)"
    )
    p.add_argument("--labels", metavar="L,...", help="span labels, variables, LABEL.attribute (default: all)")
    p.add_argument(
        "--documents", choices=SAMPLES,
        help="the articles assigned to several coders, or all (default: the first when there are assignments)",
    )  # fmt: skip
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap draws (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="the bootstrap's seed (default 0)")
    p.add_argument(
        "--coded", choices=CODED, default="done", help="what makes an article coded (default done)"
    )
    p.add_argument("--gold-annotator", default="gold", metavar="NAME", help="left out of the default coders")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("-o", "--output", metavar="REPORT.html", help="also write a self-contained HTML report")
    p.add_argument("--overwrite", action="store_true", help="replace the HTML report if it exists")
    add_output_arguments(p, json_report=False)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser(
        "gold",
        parents=[common],
        help="build gold annotations where a strategy settles them; the rest is left for curation",
    )
    p.add_argument("--project", required=True)
    p.add_argument("--strategy", required=True, metavar="majority|unanimous|coder:NAME")
    p.add_argument(
        "--min-coders", type=int, default=2, metavar="N", help="coders an article needs (default 2)"
    )
    p.add_argument(
        "--gold-annotator", default="gold", metavar="NAME", help="who gold is stored as (default gold)"
    )
    p.add_argument("--coders", metavar="A,B,...", help="the coders whose annotations count (default: all)")
    p.add_argument(
        "--coded", choices=CODED, default="done", help="what makes an article coded (default done)"
    )
    add_output_arguments(p, json_report=False)
    p.set_defaults(func=cmd_gold)

    p = sub.add_parser(
        "merge",
        parents=[common],
        help="bring another coder's SQLite database or JSONL backup into a project",
        description="Articles are matched by text hash (new ones added); spans, relations, document values and "
        "statuses are added per annotator. When an annotator has different annotations of an article in both, "
        "nothing is merged unless --prefer says whose to keep.",
    )
    p.add_argument("source", metavar="OTHER_DB_OR_BACKUP")
    p.add_argument("--project", required=True)
    p.add_argument(
        "--from-project", metavar="Q", help="the project in the other database (default: the same name)"
    )
    p.add_argument(
        "--prefer", choices=["ours", "theirs"],
        help="where an annotator's annotations differ: keep ours, or replace them with theirs",
    )  # fmt: skip
    add_output_arguments(p)
    p.set_defaults(func=cmd_merge)
