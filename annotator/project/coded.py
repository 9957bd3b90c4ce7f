"""Every coder's annotations of an article, read in batches: what agreement, gold, curation and merge compare."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from annotator.core.codebook import DocumentValue
from annotator.core.errors import AnnotatorError
from annotator.core.types import DocStatus, Document, Origin, Relation, Span
from annotator.project.context import Context
from annotator.storage import repo
from annotator.storage.uow import Session

BATCH = 500


@dataclass(frozen=True)
class Coding:
    """One annotator's annotations of one article (None as annotator: unattributed imports).

    Attributes:
        annotator: the coder, or None.
        spans: their spans (pending suggestions included; see `decided`).
        relations: their relations.
        values: their document values.
        status: their status for the article.
    """

    annotator: str | None
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    values: tuple[DocumentValue, ...] = ()
    status: DocStatus = DocStatus.TODO

    def decided(self) -> tuple[Span, ...]:
        """The spans a coder made or accepted (pending suggestions left out)."""
        return tuple(s for s in self.spans if s.origin != Origin.SUGGESTED)

    def value_of(self, variable: str) -> Any:
        """The coder's value of a document variable, or None."""
        return next((v.value for v in self.values if v.label == variable), None)

    @property
    def empty(self) -> bool:
        """Nothing coded: no span, relation or value, and the status is "to do"."""
        return not (self.spans or self.relations or self.values) and self.status == DocStatus.TODO


@dataclass(frozen=True)
class CodedArticle:
    """An article with every annotator's codings.

    Attributes:
        document: the article (with its text).
        codings: annotator name (None: unattributed) -> their coding; annotators with nothing are absent.
    """

    document: Document
    codings: dict[str | None, Coding] = field(default_factory=dict)

    def coding(self, annotator: str | None) -> Coding:
        """An annotator's coding, empty when they coded nothing."""
        return self.codings.get(annotator) or Coding(annotator)


def read_articles(s: Session, doc_ids: Sequence[int]) -> list[CodedArticle]:
    """The articles of one batch of ids with everyone's codings, in the order given."""
    docs = repo.documents_by_ids(s, doc_ids)
    spans = repo.spans_for_documents(s, doc_ids, True)
    relations = repo.relations_for_documents(s, doc_ids)
    values = repo.values_for_documents(s, doc_ids, True)
    statuses = repo.statuses_by_annotator(s, doc_ids)
    out = []
    for doc in docs:
        assert doc.id is not None
        parts: dict[str | None, dict[str, list[Any]]] = {}
        for kind, items in (
            ("spans", spans[doc.id]),
            ("relations", relations[doc.id]),
            ("values", values[doc.id]),
        ):
            for item in items:
                parts.setdefault(item.annotator, {"spans": [], "relations": [], "values": []})[kind].append(
                    item
                )
        for who in statuses[doc.id]:
            parts.setdefault(who, {"spans": [], "relations": [], "values": []})
        codings = {
            who: Coding(
                who,
                tuple(p["spans"]),
                tuple(p["relations"]),
                tuple(p["values"]),
                statuses[doc.id].get(who, DocStatus.TODO) if who is not None else DocStatus.TODO,
            )
            for who, p in parts.items()
        }
        out.append(CodedArticle(doc, {k: v for k, v in codings.items() if not v.empty}))
    return out


def iter_articles(
    ctx: Context, project: str | int, doc_ids: Sequence[int] | None = None, batch: int = BATCH
) -> Iterator[CodedArticle]:
    """A project's articles (or those ids) with everyone's codings, in list order, one read per batch."""
    if doc_ids is None:
        doc_ids = ctx.uow.read(
            lambda s: list(repo.export_document_ids(s, ctx.project_id(s, project), None, False))
        )
    for start in range(0, len(doc_ids), batch):
        chunk = list(doc_ids[start : start + batch])
        yield from ctx.uow.read(partial(read_articles, doc_ids=chunk))


def article(ctx: Context, doc_id: int) -> CodedArticle:
    """One article with everyone's codings."""
    found = ctx.uow.read(lambda s: read_articles(s, [doc_id]))
    if not found:
        raise AnnotatorError(f"document {doc_id} does not exist (it may have been deleted)")
    return found[0]
