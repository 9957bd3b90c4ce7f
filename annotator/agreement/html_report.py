"""A self-contained HTML page of an agreement report: tables, interval plots, a methods paragraph."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from annotator.agreement.plot import Mark, domain, fmt, svg
from annotator.agreement.report import AgreementReport, SpanAgreement, VariableAgreement

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #1d1d1f; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; text-align: right; vertical-align: middle; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #888; font-weight: 600; }
td.ci { color: #555; white-space: nowrap; }
.plot .axis { stroke: #888; } .plot .zero { stroke: #bbb; }
.plot .guide { stroke: #c7a000; stroke-dasharray: 3 3; } .plot .ci { stroke: #1f5fa8; stroke-width: 2; }
.plot .dot { fill: #1f5fa8; } .plot .none { font-size: 10px; fill: #999; }
table.coincidence td.diagonal { background: #e8f0fa; font-weight: 600; }
.methods { max-width: 48em; background: #f6f6f6; padding: 0.8em 1em; border-left: 4px solid #1f5fa8; }
.note { color: #555; font-size: 0.9em; max-width: 48em; }
"""

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class MethodsContext:
    """What the methods paragraph says about the study.

    Attributes:
        unit: what the documents are, in the plural ("articles").
        population: how many documents the study has (to state the sample's share), or None.
        sampling: how the reliability sample was drawn ("a random sample").
    """

    unit: str = "articles"
    population: int | None = None
    sampling: str = "a random sample"


def render_html(
    report: AgreementReport,
    title: str = "Inter-coder agreement",
    methods_context: MethodsContext | None = None,
) -> str:
    """The whole report as one HTML page that needs nothing else (no scripts, fonts or links)."""
    context = methods_context or MethodsContext()
    rows = [*report.variables.values(), *report.attributes.values()]
    axis = domain(
        [*(_alpha_mark(r) for r in rows), *(m for s in report.spans.values() for m in _span_marks(s))]
    )
    coders = ", ".join(report.coders)
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{report.documents:,} documents, each coded by at least two of the '
        f"{len(report.coders)} coders ({escape(coders)}); 95% intervals from {report.draws:,} bootstrap "
        f"resamples of documents (seed {report.seed}).</p>",
        "<h2>Methods</h2>",
        f'<p class="methods">{methods_paragraph(report, context)}</p>',
    ]
    if report.variables:
        body += ["<h2>Document variables</h2>", _variable_table(report.variables.values(), axis, "Variable")]
    if report.spans:
        body += ["<h2>Spans</h2>", _span_table(report.spans.values(), axis)]
    if report.attributes:
        body += ["<h2>Span attributes</h2>", _variable_table(report.attributes.values(), axis, "Attribute")]
    worst = report.worst_variable()
    if worst is not None:
        body += [
            f"<h2>Coincidences of the least reliable variable: {escape(worst.name)}</h2>",
            _coincidences(worst),
        ]
    body.append(
        '<p class="note">\u2014 marks a figure that is undefined: fewer than two pairable values, no variation '
        "in the values, or no span of the label. Dashed lines in the plots mark 0.667 and 0.800, "
        "Krippendorff's thresholds for tentative and for reliable conclusions.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def methods_paragraph(report: AgreementReport, context: MethodsContext) -> str:
    """A short methods paragraph (escaped HTML) a researcher can adapt."""
    n = len(report.coders)
    who = _NUMBERS[n].capitalize() if n < len(_NUMBERS) else str(n)
    unit = escape(context.unit)
    share = ""
    if context.population:
        share = f" ({round(100 * report.documents / context.population)}% of {context.population:,})"
    sentences = [
        f"{who} coders independently coded {escape(context.sampling)} of {report.documents:,} {unit}{share}."
    ]
    rows = [*report.variables.values(), *report.attributes.values()]
    if report.variables:
        levels = "; ".join(
            f"{level} for {', '.join(escape(r.name) for r in group)}"
            for level, group in _by_level(report.variables.values())
        )
        sentence = (
            "Inter-coder reliability of the document variables was assessed with Krippendorff's alpha "
            f"at each variable's level of measurement ({levels}), values a coder did not give being missing"
        )
        if any(r.level == "nominal" for r in report.variables.values()):
            sentence += (
                "; Cohen's kappa for each pair of coders and Fleiss' kappa are reported for nominal variables"
            )
        sentences.append(sentence + ".")
    if report.spans:
        sentences.append(
            "Span annotations were compared per label by pairwise F1 between coders, with exact matching "
            "(identical boundaries) and with overlap matching (one-to-one, greedily by overlap), averaged "
            "over coder pairs, and by Krippendorff's unitizing alpha (\u03b1<sub>u</sub>) over the characters "
            "of the texts."
        )
    if report.attributes:
        sentences.append(
            "Attributes of spans paired by overlap matching were assessed with Krippendorff's alpha."
        )
    if report.draws:
        sentences.append(
            f"95% confidence intervals are percentile intervals from {report.draws:,} bootstrap resamples "
            f"of the {unit} (seed {report.seed})."
        )
    defined = [r for r in rows if r.alpha is not None]
    if len(defined) >= 2:
        low = min(defined, key=lambda r: r.alpha or 0.0)
        high = max(defined, key=lambda r: r.alpha or 0.0)
        sentences.append(
            f"Alpha ranged from {fmt(low.alpha)} ({escape(low.name)}) to {fmt(high.alpha)} ({escape(high.name)})."
        )
    elif defined:
        sentences.append(f"Alpha was {fmt(defined[0].alpha)} ({escape(defined[0].name)}).")
    return " ".join(sentences)


def _by_level(rows: Iterable[VariableAgreement]) -> list[tuple[str, list[VariableAgreement]]]:
    groups: dict[str, list[VariableAgreement]] = {}
    for row in rows:
        groups.setdefault(row.level, []).append(row)
    return list(groups.items())


def _alpha_mark(row: VariableAgreement) -> Mark:
    return Mark("alpha", row.alpha, row.ci95)


def _span_marks(span: SpanAgreement) -> list[Mark]:
    return [
        Mark("F1 exact", span.f1_exact, span.ci95.get("f1_exact")),
        Mark("F1 overlap", span.f1_overlap, span.ci95.get("f1_overlap")),
        Mark("alpha_u", span.alpha_u, span.ci95.get("alpha_u")),
    ]


def _plot_head(axis: tuple[float, float]) -> str:
    return f"Estimate and 95% CI ({axis[0]:g} to {axis[1]:g})"


def _interval(value: tuple[float, float] | None) -> str:
    return "" if value is None else f"[{fmt(value[0])}, {fmt(value[1])}]"


def _table(head: Sequence[str], lines: Iterable[Sequence[str]], css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    out = [
        f"<table{attr}>",
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    out += ["<tr>" + "".join(cells) + "</tr>" for cells in lines]
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _variable_table(rows: Iterable[VariableAgreement], axis: tuple[float, float], first: str) -> str:
    head = [
        first,
        "Level",
        "\u03b1",
        "95% CI",
        _plot_head(axis),
        "Units",
        "Pairable values",
        "Coders",
        "Cohen's \u03ba",
        "Fleiss' \u03ba",
    ]
    lines = []
    for r in rows:
        kappas = "<br>".join(f"{escape(pair)}: {fmt(k)}" for pair, k in r.kappa_pairs.items()) or "\u2014"
        lines.append(
            [
                f"<td>{escape(r.name)}</td>",
                f"<td>{escape(r.level)}</td>",
                f"<td>{fmt(r.alpha)}</td>",
                f'<td class="ci">{_interval(r.ci95)}</td>',
                f"<td>{svg([_alpha_mark(r)], axis)}</td>",
                f"<td>{r.units:,}</td>",
                f"<td>{r.pairable_values:,}</td>",
                f"<td>{r.coders}</td>",
                f"<td>{kappas}</td>",
                f"<td>{fmt(r.fleiss_kappa)}</td>",
            ]
        )
    return _table(head, lines)


def _span_table(spans: Iterable[SpanAgreement], axis: tuple[float, float]) -> str:
    head = [
        "Label",
        "F1 exact",
        "F1 overlap",
        "\u03b1<sub>u</sub>",
        _plot_head(axis),
        "Coder pairs",
        "Documents",
        "Spans",
    ]
    lines = []
    for s in spans:
        figures = [
            f'<td>{fmt(getattr(s, k))}<br><span class="ci">{_interval(s.ci95.get(k))}</span></td>'
            for k in ("f1_exact", "f1_overlap", "alpha_u")
        ]
        lines.append(
            [
                f"<td>{escape(s.label)}</td>",
                *figures,
                f"<td>{svg(_span_marks(s), axis)}</td>",
                f"<td>{s.pairs}</td>",
                f"<td>{s.documents:,}</td>",
                f"<td>{s.spans:,}</td>",
            ]
        )
    return _table(head, lines)


def _coincidences(row: VariableAgreement) -> str:
    assert row.coincidence is not None
    values = [escape(str(v)) for v in row.coincidence.values]
    lines = []
    for i, (name, counts) in enumerate(zip(values, row.coincidence.counts, strict=True)):
        cells = [f"<td>{name}</td>"]
        for j, count in enumerate(counts):
            css = ' class="diagonal"' if i == j else ""
            cells.append(f"<td{css}>{count:.2f}</td>" if count else f"<td{css}>\u00b7</td>")
        cells.append(f"<td>{sum(counts):.2f}</td>")
        lines.append(cells)
    table = _table(["", *values, "n<sub>c</sub>"], lines, "coincidence")
    return (
        f'{table}\n<p class="note">Krippendorff\'s coincidence matrix: each pairable value is counted once per '
        "row, so the diagonal holds the agreeing pairs and the off-diagonal cells the confusions.</p>"
    )
