"""Agreement from the database: the coded articles read in batches into the agreement engine, and the drill-down.

A coder coded an article when their status for it is done (they went through all of it,
so a span they did not mark is a "no" there), or, with `coded="annotated"`, when they have
any span or document value in it. Only articles coded by at least two of the compared
coders count; by default those of the planned reliability sample (articles assigned to
several coders) when the project has assignments, else all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.agreement import AgreementReport, CodedDocument, CodedSpan, Variable, compute_agreement
from annotator.agreement.html_report import MethodsContext
from annotator.core.errors import Cancelled, ValidationError
from annotator.core.samples import CODED, SAMPLES
from annotator.core.types import LabelSchema
from annotator.project.coded import BATCH, CodedArticle, read_articles
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage import repo
from annotator.storage.uow import Session


@dataclass(frozen=True)
class AgreementOptions:
    """What to compare.

    Attributes:
        coders: the coders compared (None: everyone who coded an article, but the gold annotator).
        labels: span labels, document variables and "LABEL.attribute" names (None: all of them).
        documents: "assigned-to-several", "all", or None (the first when the project has assignments).
        bootstrap: bootstrap draws behind each interval.
        seed: the bootstrap's seed.
        coded: "done" (the coder marked the article done) or "annotated" (any annotation in it).
        gold: the gold annotator, left out of the default coders.
    """

    coders: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    documents: str | None = None
    bootstrap: int = 1000
    seed: int = 0
    coded: str = "done"
    gold: str = "gold"


@dataclass(frozen=True)
class AgreementResult:
    """An agreement report with what it was computed on.

    Attributes:
        report: the figures.
        documents: the sample used ("assigned-to-several" or "all").
        population: the articles in the project (for the sample's share).
        coded: what made an article coded ("done" or "annotated").
    """

    report: AgreementReport
    documents: str
    population: int
    coded: str

    def methods_context(self) -> MethodsContext:
        """What the HTML report's methods paragraph says about the sample."""
        # The planned sample was drawn by the seeded dealing order of `assign`: a random sample.
        sampling = "a random sample" if self.documents == "assigned-to-several" else "a subset"
        return MethodsContext("articles", self.population, sampling)


@dataclass(frozen=True)
class DisagreementRow:
    """An article where the coders disagree on one variable, attribute or span label.

    Attributes:
        doc_id: the article.
        title: its title.
        values: coder -> value (variables, attributes) or number of spans of the label (span labels).
        where: the matched span's first piece (attributes), else None.
    """

    doc_id: int
    title: str
    values: dict[str, Any]
    where: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Selection:
    coders: tuple[str, ...]
    docs: list[int]
    members: dict[int, tuple[str, ...]]
    variables: list[Variable]
    span_labels: list[str]
    documents: str
    population: int


def variables_of(schema: LabelSchema, labels: Sequence[str] | None) -> tuple[list[Variable], list[str]]:
    """The agreement variables (document variables, span attributes) and span labels a name list asks for."""
    spans = {lab.name: lab for lab in schema.span_labels()}
    docs = {lab.name: lab for lab in schema.document_labels() if lab.spec is not None}
    attrs = {f"{lab.name}.{a.name}": (lab.name, a.spec) for lab in spans.values() for a in lab.attributes}
    wanted = list(labels) if labels else [*docs, *spans]
    unknown = [n for n in wanted if _base(n) not in spans and _base(n) not in docs and _base(n) not in attrs]
    if unknown:
        known = ", ".join([*spans, *docs, *attrs]) or "none"
        raise ValidationError(f"--labels: unknown {', '.join(unknown)} (known: {known})")
    variables: dict[str, Variable] = {}
    span_labels: dict[str, None] = {}
    for name in (_base(n) for n in wanted):
        if name in docs:
            spec = docs[name].spec
            assert spec is not None
            variables[name] = _variable(name, spec)
        elif name in spans:
            span_labels[name] = None
            for attribute in spans[name].attributes:
                variables[f"{name}.{attribute.name}"] = _variable(f"{name}.{attribute.name}", attribute.spec)
        else:
            label, spec = attrs[name]
            span_labels[label] = None
            variables[name] = _variable(name, spec)
    return list(variables.values()), list(span_labels)


def _base(name: str) -> str:
    """A row name without its value ("TOPICS=economy" -> "TOPICS")."""
    return name.partition("=")[0]


def _variable(name: str, spec: Any) -> Variable:
    values = spec.names() if spec.type.value in ("choice", "multi") else ()
    return Variable(name, spec.type.value, spec.level.value, values)


def _select(ctx: Context, s: Session, project: str | int, options: AgreementOptions) -> _Selection:
    if options.coded not in CODED:
        raise ValidationError(f"coded must be one of {', '.join(CODED)}, not {options.coded!r}")
    if options.documents is not None and options.documents not in SAMPLES:
        raise ValidationError(f"--documents must be one of {', '.join(SAMPLES)}, not {options.documents!r}")
    pid = ctx.project_id(s, project)
    schema = repo.load_schema(s, pid)
    variables, span_labels = variables_of(schema, options.labels)
    coded = repo.coded_documents(s, pid, annotated=options.coded == "annotated")
    everyone = sorted({name for names in coded.values() for name in names.values()})
    coders = options.coders or tuple(c for c in everyone if c != options.gold)
    how = "marked done" if options.coded == "done" else "annotated"
    missing = [c for c in coders if c not in everyone]
    if missing:
        raise ValidationError(
            f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} not {how} any article of the "
            f"project (coders who have: {', '.join(everyone) or 'none'})"
        )
    if len(coders) < 2:
        raise ValidationError(
            f"agreement needs at least two coders who {how} articles (found: {', '.join(coders) or 'none'})"
        )
    shared = repo.shared_documents(s, pid)
    documents = options.documents or ("assigned-to-several" if shared else "all")
    chosen = set(coders)
    members: dict[int, tuple[str, ...]] = {}
    for doc, names in coded.items():
        mine = tuple(c for c in coders if c in chosen and c in names.values())
        if len(mine) >= 2 and (documents == "all" or doc in shared):
            members[doc] = mine
    if not members:
        where = " among the articles assigned to several coders" if documents != "all" else ""
        raise ValidationError(f"no article was {how} by at least two of {', '.join(coders)}{where}")
    population = repo.count_documents(s, pid, None)
    return _Selection(tuple(coders), list(members), members, variables, span_labels, documents, population)


def _coded_document(article: CodedArticle, coders: tuple[str, ...], sel: _Selection) -> CodedDocument:
    doc = article.document
    assert doc.id is not None
    labels = set(sel.span_labels)
    names = {v.name for v in sel.variables if "." not in v.name}
    values: dict[str, dict[str, Any]] = {}
    spans: dict[str, tuple[CodedSpan, ...]] = {}
    for coder in coders:
        coding = article.coding(coder)
        for value in coding.values:
            if value.label in names and value.value is not None:
                values.setdefault(value.label, {})[coder] = value.value
        spans[coder] = tuple(
            CodedSpan(x.label, x.pieces(), dict(x.attributes)) for x in coding.decided() if x.label in labels
        )
    return CodedDocument(doc.id, len(doc.text), coders, values, spans)


def agreement(
    ctx: Context, project: str | int, options: AgreementOptions, progress: Progress | None = None
) -> AgreementResult:
    """Every agreement figure of the project's coders, read from the database in batches, with intervals.

    `progress(done, total)` counts the articles read and then the bootstrap draws (total: both);
    returning False cancels (Cancelled is raised).
    """
    with ctx.uow.reading() as s:
        sel = _select(ctx, s, project, options)
        total = len(sel.docs) + options.bootstrap
        docs: list[CodedDocument] = []
        for start in range(0, len(sel.docs), BATCH):
            chunk = sel.docs[start : start + BATCH]
            docs += [
                _coded_document(a, sel.members[a.document.id or 0], sel) for a in read_articles(s, chunk)
            ]
            _tell(progress, len(docs), total)
    drawn: Callable[[int, int], None] | None = None
    if progress is not None:

        def drawn(done: int, _draws: int) -> None:
            _tell(progress, len(docs) + done, total)

    report = compute_agreement(
        docs, sel.variables, sel.span_labels, coders=sel.coders, bootstrap=options.bootstrap,
        seed=options.seed, progress=drawn,
    )  # fmt: skip
    return AgreementResult(report, sel.documents, sel.population, options.coded)


def _tell(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise Cancelled("agreement cancelled")


def disagreements(
    ctx: Context, project: str | int, name: str, options: AgreementOptions = AgreementOptions()
) -> list[DisagreementRow]:
    """The articles where the coders disagree on one report row (a variable, "LABEL.attribute", a span label).

    Open one with `coded.article` (Workspace.team.lanes) to show each coder's spans and values.
    """
    chosen = AgreementOptions(
        options.coders, (name,), options.documents, 0, options.seed, options.coded, options.gold
    )
    report = agreement(ctx, project, chosen).report
    row = report.variables.get(name) or report.attributes.get(name)
    found = row.disagreements if row is not None else ()
    if row is None and name in report.spans:
        found = report.spans[name].disagreements
    elif row is None:
        rows = [*report.variables, *report.attributes, *report.spans]
        raise ValidationError(f"no agreement row named {name!r} (rows: {', '.join(rows) or 'none'})")
    ids = [_doc_id(d.doc_id) for d in found]
    titles = ctx.uow.read(lambda s: {d.id: d.title for d in repo.documents_by_ids(s, ids)})
    return [
        DisagreementRow(doc_id, titles.get(doc_id, ""), dict(d.values), d.where)
        for doc_id, d in zip(ids, found, strict=True)
    ]


def _doc_id(value: Hashable) -> int:
    assert isinstance(value, int)
    return value
