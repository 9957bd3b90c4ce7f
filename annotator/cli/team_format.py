"""Text tables for the team commands: assignments and the agreement report."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.plot import fmt
from annotator.agreement.report import SpanAgreement, VariableAgreement
from annotator.project.reliability import AgreementResult
from annotator.project.team import CoderProgress


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned columns: the first left, the others right."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def interval(value: tuple[float, float] | None) -> str:
    """[lo, hi] to three decimals, or an em dash."""
    return "\u2014" if value is None else f"[{fmt(value[0])}, {fmt(value[1])}]"


def assignments_lines(rows: Sequence[CoderProgress]) -> list[str]:
    """The `assignments` table: per coder, assigned, done, in progress, shared, progress."""
    if not rows:
        return ["no article is assigned yet (annotator assign --project P --coders alice,bob)"]
    body = [
        [
            r.coder,
            str(r.assigned),
            str(r.done),
            str(r.in_progress),
            str(r.shared),
            f"{r.done}/{r.assigned} ({round(100 * r.done / r.assigned) if r.assigned else 0}%)",
        ]
        for r in rows
    ]
    return table(["coder", "assigned", "done", "in progress", "shared", "progress"], body)


def _variable_rows(rows: Sequence[VariableAgreement]) -> list[list[str]]:
    out = []
    for r in rows:
        kappas = ", ".join(f"{pair} {fmt(k)}" for pair, k in r.kappa_pairs.items()) or "\u2014"
        out.append(
            [
                r.name, r.level, fmt(r.alpha), interval(r.ci95), str(r.units), str(r.pairable_values),
                str(r.coders), fmt(r.fleiss_kappa), kappas,
            ]
        )  # fmt: skip
    return out


def _span_rows(rows: Sequence[SpanAgreement]) -> list[list[str]]:
    return [
        [
            s.label,
            f"{fmt(s.f1_exact)} {interval(s.ci95.get('f1_exact'))}",
            f"{fmt(s.f1_overlap)} {interval(s.ci95.get('f1_overlap'))}",
            f"{fmt(s.alpha_u)} {interval(s.ci95.get('alpha_u'))}",
            str(s.pairs),
            str(s.documents),
            str(s.spans),
        ]
        for s in rows
    ]


def agreement_lines(result: AgreementResult) -> list[str]:
    """The readable agreement report: a header, then variables, spans and attributes."""
    report = result.report
    coded = "marked done" if result.coded == "done" else "annotated"
    sample = "assigned to several coders" if result.documents == "assigned-to-several" else "of the project"
    lines = [
        f"{report.documents} article(s) {sample} {coded} by at least two of {', '.join(report.coders)} "
        f"({result.population} in the project); 95% intervals from {report.draws} bootstrap draws "
        f"(seed {report.seed})"
    ]
    variable_head = [
        "variable",
        "level",
        "alpha",
        "95% CI",
        "units",
        "pairable",
        "coders",
        "Fleiss",
        "Cohen's kappa",
    ]
    variables = [r for r in report.variables.values() if r.units]
    spans = [r for r in report.spans.values() if r.spans]
    attributes = [r for r in report.attributes.values() if r.units]
    if variables:
        lines += ["", *table(variable_head, _variable_rows(variables))]
    if spans:
        head = ["span label", "F1 exact", "F1 overlap", "alpha_u", "pairs", "articles", "spans"]
        lines += ["", *table(head, _span_rows(spans))]
    if attributes:
        lines += ["", *table(["attribute", *variable_head[1:]], _variable_rows(attributes))]
    unused = [
        *(r.name for r in report.variables.values() if not r.units),
        *(r.label for r in report.spans.values() if not r.spans),
        *(r.name for r in report.attributes.values() if not r.units),
    ]
    lines.append("")
    if unused:
        lines.append(f"not coded by two coders in these articles: {', '.join(unused)}")
    lines.append("\u2014: undefined (fewer than two pairable values, or no variation in the values)")
    return lines
