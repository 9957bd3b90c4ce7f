"""The window's operations, one line each: what to run on the Workspace (as Anki's aqt/operations).

Each returns a function of the Workspace that the runner calls on its worker
thread; none touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from annotator.core.changes import Changes, OpResult
from annotator.core.codebook_diff import CodebookChange
from annotator.core.types import DocStatus, DocumentSummary, LabelSchema, ProjectInfo, Relation, Span
from annotator.project import Article, Attribution, ListFilter, Part, Progress, Workspace
from annotator.project.curation import Lanes
from annotator.project.reliability import AgreementOptions, AgreementResult, DisagreementRow

T = TypeVar("T")
Work = Callable[[Workspace], T]


def add_span(*, document: int, start: int, end: int, label: str, annotator: str) -> Work[OpResult[Span]]:
    """Label `[start, end)` of a document."""
    return lambda ws: ws.add_span(document=document, start=start, end=end, label=label, annotator=annotator)


def delete_span(span_id: str) -> Work[Changes]:
    """Delete a span and its relations."""
    return lambda ws: ws.delete_span(span_id)


def relabel_span(span_id: str, label: str) -> Work[Changes]:
    """Give a span another label."""
    return lambda ws: ws.relabel_span(span_id, label)


def set_note(span_id: str, note: str | None) -> Work[Changes]:
    """Attach or clear a span's note."""
    return lambda ws: ws.set_note(span_id, note)


def set_status(doc_id: int, status: DocStatus, annotator: str) -> Work[Changes]:
    """Mark an article done, skipped, ..."""
    return lambda ws: ws.set_status(doc_id, status, annotator=annotator)


def undo() -> Work[Changes]:
    """Undo the newest step of the session."""
    return lambda ws: ws.undo()


def redo() -> Work[Changes]:
    """Redo the newest undone step."""
    return lambda ws: ws.redo()


def create_project(name: str) -> Work[ProjectInfo]:
    """Create a project with the default codebook."""
    return lambda ws: ws.create_project(name)


def projects() -> Work[list[ProjectInfo]]:
    """The projects of the database."""
    return lambda ws: ws.projects()


def schema(project: int) -> Work[tuple[LabelSchema, int]]:
    """A project's codebook and its version; from now on the window's poll notices changes made elsewhere."""

    def work(ws: Workspace) -> tuple[LabelSchema, int]:
        ws.changed_elsewhere(project)  # the revision the window starts from
        return ws.schema(project), ws.codebook.version(project)

    return work


def article(doc_id: int, annotator: str) -> Work[Article]:
    """An article with the coder's spans, relations and status."""
    return lambda ws: ws.article(doc_id, annotator=annotator)


def first_document(project: int) -> Work[int | None]:
    """The first article of a project."""
    return lambda ws: ws.first_document(project)


def progress(project: int, annotator: str) -> Work[tuple[int, int]]:
    """(done, total) articles of the coder."""
    return lambda ws: ws.progress(project, annotator=annotator)


def first_page(
    project: int, annotator: str, where: ListFilter, limit: int
) -> Work[tuple[int, list[DocumentSummary]]]:
    """How many articles the list shows, and its first page."""
    return lambda ws: (
        ws.count_documents(
            project, annotator=annotator, search=where.search, status=where.status, assigned_to=where.assigned_to,
            before_version=where.before_version,
        ),
        ws.list_documents(
            project, annotator=annotator, search=where.search, status=where.status, limit=limit,
            assigned_to=where.assigned_to, before_version=where.before_version,
        ),
    )  # fmt: skip


def page(
    project: int, annotator: str, where: ListFilter, offset: int, limit: int
) -> Work[list[DocumentSummary]]:
    """One page of the article list."""
    return lambda ws: ws.list_documents(
        project, annotator=annotator, search=where.search, status=where.status, offset=offset, limit=limit,
        assigned_to=where.assigned_to, before_version=where.before_version,
    )  # fmt: skip


def summaries(project: int, annotator: str, doc_ids: frozenset[int]) -> Work[list[DocumentSummary]]:
    """Fresh list rows (status, span count) of some articles, in one query."""
    return lambda ws: ws.summaries(project, doc_ids, annotator=annotator)


def row_of(project: int, doc_id: int, annotator: str, where: ListFilter) -> Work[int | None]:
    """The row of an article in the list as filtered."""
    return lambda ws: ws.row_of(project, doc_id, annotator=annotator, where=where)


def changed_elsewhere(project: int) -> Work[bool]:
    """Whether someone else changed the project since this session last looked."""
    return lambda ws: ws.changed_elsewhere(project)


# --- the codebook, attributes, document variables (issue 10) ----------------------------


def set_attributes(span_id: str, attributes: dict[str, Any]) -> Work[Changes]:
    """Set a span's attributes (None: not coded)."""
    return lambda ws: ws.set_attributes(span_id, attributes)


def set_value(doc_id: int, variable: str, value: Any, annotator: str) -> Work[Changes]:
    """Code a document variable (None: not coded)."""
    return lambda ws: ws.set_value(doc_id, variable, value, annotator=annotator)


def update_codebook(project: int, schema: LabelSchema, who: str) -> Work[OpResult[list[CodebookChange]]]:
    """Replace the codebook (add, edit, reorder)."""
    return lambda ws: ws.codebook.update(project, schema, who=who)


def rename_label(project: int, old: str, new: str, who: str) -> Work[Changes]:
    """Rename a label; its annotations follow."""
    return lambda ws: ws.codebook.rename_label(project, old, new, who=who)


def merge_labels(project: int, source: str, into: str, who: str) -> Work[Changes]:
    """Merge a label into another."""
    return lambda ws: ws.codebook.merge_labels(project, source, into, who=who)


def delete_label(project: int, name: str, who: str, *, force: bool) -> Work[Changes]:
    """Delete a label (with force, and its annotations)."""
    return lambda ws: ws.codebook.delete_label(project, name, force=force, who=who)


def rename_value(
    project: int, label: str, attribute: str | None, old: str, new: str, who: str
) -> Work[Changes]:
    """Rename a value of an attribute (or, attribute None, of a document variable); its annotations follow."""
    return lambda ws: ws.codebook.rename_value(project, label, attribute, old, new, who=who)


def label_usage(project: int, name: str) -> Work[tuple[int, int, int]]:
    """How many spans, relations and document values carry a label (for the editor's confirmation)."""
    return lambda ws: ws.codebook.usage(project, name)


# --- relations, fragments, attributions (issue 11) -----------------------------------------


def add_relation(head: str, tail: str, label: str, annotator: str) -> Work[OpResult[Relation]]:
    """Link two spans."""
    return lambda ws: ws.links.add(head, tail, label, annotator=annotator)


def delete_relation(relation_id: str) -> Work[Changes]:
    """Remove a relation."""
    return lambda ws: ws.links.delete(relation_id)


def set_fragments(span_id: str, fragments: tuple[tuple[int, int], ...]) -> Work[Changes]:
    """Give a span its pieces."""
    return lambda ws: ws.set_fragments(span_id, fragments)


def add_attribution(
    document: int, content: Part, source: Part | None, cue: Part | None, annotator: str
) -> Work[OpResult[Attribution]]:
    """Store a whole attribution."""
    return lambda ws: ws.links.attribution(document, content, source, cue, annotator=annotator)


def move_edge(span_id: str, *, start: int | None = None, end: int | None = None) -> Work[Changes]:
    """Move a span's start and/or end."""
    return lambda ws: ws.move_edge(span_id, start=start, end=end)


# --- team: assignments, agreement, curation (issue 12) --------------------------------------


def assigned_progress(project: int, annotator: str) -> Work[tuple[int, int]]:
    """(done, assigned) of the coder's assignment; (0, 0) without one."""
    return lambda ws: ws.team.progress(project, annotator=annotator)


def progress_and_assignment(project: int, annotator: str) -> Work[tuple[int, int, int, int]]:
    """(done, total) of the coder's articles and (done, assigned) of their assignment, in one call."""
    return lambda ws: (
        *ws.progress(project, annotator=annotator),
        *ws.team.progress(project, annotator=annotator),
    )


def next_assigned(doc_id: int, annotator: str) -> Work[int | None]:
    """The next article of the coder's assignment not done or skipped."""
    return lambda ws: ws.team.next_unfinished(doc_id, annotator=annotator)


def project_coders(project: int) -> Work[list[str]]:
    """The coders of a project: everyone with an article of it done, or assigned."""
    return lambda ws: [
        name
        for name in ws.annotators()
        if ws.progress(project, annotator=name)[0] or ws.team.progress(project, annotator=name)[1]
    ]


def agreement(project: int, options: AgreementOptions, progress: Progress) -> Work[AgreementResult]:
    """Every agreement figure of the coders, with bootstrap intervals (progress can cancel)."""
    return lambda ws: ws.team.agreement(project, options, progress)


def disagreements(project: int, name: str, options: AgreementOptions) -> Work[list[DisagreementRow]]:
    """The articles where the coders disagree on one row of the agreement table."""
    return lambda ws: ws.team.disagreements(project, name, options)


def lanes(doc_id: int, gold: str, coders: tuple[str, ...] | None = None) -> Work[Lanes]:
    """Each coder's and gold's annotations of an article side by side."""
    return lambda ws: ws.team.lanes(doc_id, coders, gold=gold)


def accept_span(span_id: str, gold: str) -> Work[OpResult[Span]]:
    """Copy a coder's span into gold."""
    return lambda ws: ws.team.accept_span(span_id, gold=gold)


def accept_relation(relation_id: str, gold: str) -> Work[OpResult[Relation]]:
    """Copy a coder's relation (and the spans it links) into gold."""
    return lambda ws: ws.team.accept_relation(relation_id, gold=gold)


def accept_value(doc_id: int, variable: str, coder: str, gold: str) -> Work[Changes]:
    """Make a coder's value of a document variable gold's."""
    return lambda ws: ws.team.accept_value(doc_id, variable, coder, gold=gold)


def accept_agreeing(doc_id: int, gold: str) -> Work[OpResult[int]]:
    """Accept into gold everything all the article's coders agree on."""
    return lambda ws: ws.team.accept_agreeing(doc_id, gold=gold)


def set_curation_status(doc_id: int, status: DocStatus, gold: str) -> Work[Changes]:
    """Set an article's curation status (gold's status for it)."""
    return lambda ws: ws.team.set_curation_status(doc_id, status, gold=gold)
