"""Merging another coder's database (a SQLite file or a JSONL backup) into this one, per annotator, all or nothing.

The other database is restored into a temporary SQLite file (so it is checked as a restore
checks a backup), then read article by article. Articles are matched by text hash; new
ones are added. For each annotator of a matched article, their annotations (spans with
attributes and notes, relations, document values) in both databases are compared: when
one side holds all the other has, the missing ones are added and the status moves forward
to the more advanced of the two; when each side holds something the other lacks, the
annotator has different annotations of the article in both, and the merge stops before
changing anything, naming the articles, unless `prefer` says to keep ours or to take theirs
(which replaces ours for those articles and annotators). Everything is one transaction
through the importer, so a second merge of the same file changes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.changes import Changes
from annotator.core.errors import ValidationError
from annotator.core.reports import ImportReport
from annotator.core.types import AnnotatedDocument, DocStatus, text_hash
from annotator.project.coded import BATCH, CodedArticle, Coding, iter_articles, read_articles
from annotator.project.context import Context
from annotator.project.gold_settle import canonical, span_key
from annotator.project.progress import Progress
from annotator.project.progress import report as tell
from annotator.storage import backup, repo
from annotator.storage.importer import ImportRules, run_import
from annotator.storage.uow import Session, UnitOfWork

PREFER = ("ours", "theirs")
_RANK = {DocStatus.TODO: 0, DocStatus.SKIPPED: 1, DocStatus.IN_PROGRESS: 2, DocStatus.DONE: 3}
_SHOWN = 20


@dataclass
class MergeReport:
    """What a merge did.

    Attributes:
        source: the file merged.
        documents: articles read from it.
        added: articles new to this project (added with all their annotations).
        matched: articles already here.
        spans, relations, values: annotations added.
        statuses: coder statuses set or moved forward.
        kept_ours: (article, annotator) pairs that differed and kept ours (--prefer ours).
        took_theirs: (article, annotator) pairs that differed and took theirs (--prefer theirs).
        notes: what the importer noticed.
        changes: what changed, for the views.
    """

    source: str
    documents: int = 0
    added: int = 0
    matched: int = 0
    spans: int = 0
    relations: int = 0
    values: int = 0
    statuses: int = 0
    kept_ours: int = 0
    took_theirs: int = 0
    notes: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def changed(self) -> bool:
        """Whether the merge changed anything."""
        return bool(
            self.added or self.spans or self.relations or self.values or self.statuses or self.took_theirs
        )

    def summary(self) -> str:
        """One line for the terminal."""
        if not self.changed:
            text = f"nothing to merge: all of {self.source}'s {self.documents} article(s) are already here"
            if self.kept_ours:
                text += f"; kept ours for {self.kept_ours} differing article/annotator pair(s)"
            return text
        text = (
            f"merged {self.source}: {self.added} new article(s), {self.matched} already here; "
            f"{self.spans} span(s), {self.relations} relation(s), {self.values} value(s), "
            f"{self.statuses} status(es) added"
        )
        if self.kept_ours:
            text += f"; kept ours for {self.kept_ours} differing article/annotator pair(s)"
        if self.took_theirs:
            text += f"; took theirs for {self.took_theirs} differing article/annotator pair(s)"
        return text


@dataclass
class _Plan:
    """Per article text hash: the annotators whose codings to take, to replace, and statuses to set."""

    take: dict[str, set[str | None]] = field(default_factory=dict)
    replace: dict[str, set[str | None]] = field(default_factory=dict)
    statuses: dict[str, dict[str, DocStatus]] = field(default_factory=dict)
    conflicts: list[tuple[str, str | None]] = field(default_factory=list)


def _items(coding: Coding) -> frozenset[tuple[object, ...]]:
    """A coding as comparable items: spans (label, pieces, attributes, note), relations, values."""
    keys = {s.id: span_key(s) for s in coding.spans}
    out: set[tuple[object, ...]] = {
        ("span", *span_key(s), canonical(dict(s.attributes)), s.note) for s in coding.spans
    }
    out |= {("rel", r.label, keys.get(r.head), keys.get(r.tail)) for r in coding.relations}
    out |= {("value", v.label, canonical(v.value)) for v in coding.values}
    return frozenset(out)


def _compare(theirs: CodedArticle, ours: CodedArticle, digest: str, prefer: str | None, plan: _Plan) -> None:
    for who, mine in theirs.codings.items():
        here = ours.coding(who)
        a, b = _items(mine), _items(here)
        if a <= b:
            take = False
        elif b <= a:
            take = True
        else:
            plan.conflicts.append((digest, who))
            if prefer == "theirs":
                plan.replace.setdefault(digest, set()).add(who)
                plan.take.setdefault(digest, set()).add(who)
                if who is not None:
                    plan.statuses.setdefault(digest, {})[who] = mine.status
            continue
        if take:
            plan.take.setdefault(digest, set()).add(who)
        if who is not None and _RANK[mine.status] > _RANK[here.status]:
            plan.statuses.setdefault(digest, {})[who] = mine.status


def _record(article: CodedArticle, who: set[str | None]) -> AnnotatedDocument:
    codings = [c for name, c in article.codings.items() if name in who]
    return AnnotatedDocument(
        article.document,
        tuple(s for c in codings for s in c.spans),
        tuple(r for c in codings for r in c.relations),
        None,
        values=tuple(v for c in codings for v in c.values),
    )


def _conflict_message(s: Session, plan: _Plan, hashes: dict[str, int], source: str) -> str:
    ids = sorted({hashes[d] for d, _w in plan.conflicts})
    titles = {d.id: d.title for d in repo.documents_by_ids(s, ids[:_SHOWN])}
    by_doc: dict[int, list[str]] = {}
    for digest, who in plan.conflicts:
        by_doc.setdefault(hashes[digest], []).append(who or "unattributed")
    shown = [f"{titles.get(i, '')!r} (id {i}: {', '.join(sorted(by_doc[i]))})" for i in ids[:_SHOWN]]
    more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
    return (
        f"{source}: the same annotator has different annotations in both databases of {len(ids)} article(s): "
        f"{'; '.join(shown)}{more}. Nothing was merged; run again with --prefer ours (keep these as they "
        "are here) or --prefer theirs (replace them with the other database's)"
    )


def merge(
    ctx: Context,
    project: str | int,
    source: Path,
    *,
    from_project: str | None = None,
    prefer: str | None = None,
    progress: Progress | None = None,
) -> MergeReport:
    """Bring another database's articles and annotations into a project (see the module's description)."""
    if prefer is not None and prefer not in PREFER:
        raise ValidationError(f"--prefer must be ours or theirs, not {prefer!r}")
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError(f"{source}: no such file (name another coder's database or a JSONL backup)")
    ours = ctx.uow.sqlite_path
    if ours is not None and ours.exists() and source.resolve() == ours.resolve():
        raise ValidationError(f"{source}: is this database itself; name another coder's database")
    name = from_project or _project_name(ctx, project)
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        copy = Path(folder) / "other.sqlite3"
        backup.restore_database(source, copy)
        other = Context(UnitOfWork.open(copy, read_only=True))
        try:
            known = [p.name for p in other.uow.read(repo.list_projects)]
            if name not in known:
                raise ValidationError(
                    f"{source}: has no project named {name!r} (its projects: {', '.join(known) or 'none'}); "
                    "name one with --from-project"
                )
            return _merge(ctx, other, project, name, source, prefer, progress)
        finally:
            other.uow.dispose()


def _project_name(ctx: Context, project: str | int) -> str:
    if isinstance(project, str):
        return project
    found = next((p.name for p in ctx.uow.read(repo.list_projects) if p.id == project), None)
    if found is None:
        raise ValidationError(f"no project with id {project}")
    return found


def _merge(
    ctx: Context,
    other: Context,
    project: str | int,
    name: str,
    source: Path,
    prefer: str | None,
    progress: Progress | None,
) -> MergeReport:
    total = other.uow.read(lambda s: repo.count_documents(s, other.project_id(s, name), None))
    report = MergeReport(str(source))

    def work(s: Session, _again: bool) -> None:
        nonlocal report
        report = MergeReport(str(source), documents=total)
        pid = ctx.project_id(s, project)
        hashes = repo.project_hashes(s, pid)
        plan = _Plan()
        new: set[str] = set()
        pending: list[tuple[str, CodedArticle]] = []

        def compare(batch: list[tuple[str, CodedArticle]]) -> None:
            here = {a.document.id: a for a in read_articles(s, [hashes[d] for d, _a in batch])}
            for digest, theirs in batch:
                _compare(theirs, here[hashes[digest]], digest, prefer, plan)

        for done, theirs in enumerate(iter_articles(other, name), 1):
            digest = text_hash(theirs.document.text)
            if digest in hashes:
                report.matched += 1
                pending.append((digest, theirs))
                if len(pending) >= BATCH:
                    compare(pending)
                    pending.clear()
            elif digest not in new:
                new.add(digest)
                plan.take[digest] = set(theirs.codings)
                plan.statuses[digest] = {w: c.status for w, c in theirs.codings.items() if w is not None}
            tell(progress, done, 2 * total, "nothing was merged")
        compare(pending)
        if plan.conflicts and prefer is None:
            raise ValidationError(_conflict_message(s, plan, hashes, str(source)))
        report.kept_ours = len(plan.conflicts) if prefer == "ours" else 0
        report.took_theirs = len(plan.conflicts) if prefer == "theirs" else 0
        _apply(ctx, s, pid, other, name, plan, hashes, report, source, progress, total)

    ctx.uow.write(f"the merge of {source}", work)
    if report.changed:
        report.changes = Changes(documents=frozenset({-1}), message=report.summary())
    return report


def _apply(
    ctx: Context,
    s: Session,
    pid: int,
    other: Context,
    name: str,
    plan: _Plan,
    hashes: dict[str, int],
    report: MergeReport,
    source: Path,
    progress: Progress | None,
    total: int,
) -> None:
    """Replace what --prefer theirs replaces, import what is taken, set the statuses (the caller's transaction)."""
    for digest, who in plan.replace.items():
        for annotator in who:
            aid = ctx.annotator_id(s, annotator) if annotator is not None else None
            if annotator is None or aid is not None:
                repo.delete_coder_annotations(s, hashes[digest], aid)

    def records() -> Iterator[AnnotatedDocument]:
        for theirs in iter_articles(other, name):
            taken = plan.take.get(text_hash(theirs.document.text))
            if taken:
                yield _record(theirs, taken)

    if plan.take:
        imported = ImportReport()

        def step(done: int, _total: int | None) -> bool:
            return progress is None or progress(total + min(done, total), 2 * total)

        rules = ImportRules(add_labels=False)
        run_import(s, pid, records(), imported, source=str(source), rules=rules, progress=step)
        report.added, report.spans = imported.imported, imported.spans
        report.relations, report.values = imported.relations, imported.values
        # What the importer says about duplicates is what a merge expects; the rest is worth saying.
        expected = (
            "annotations added to",
            "duplicate span",
            "duplicate relation",
            "document value(s) not imported",
        )
        report.notes = [n for n in imported.notes if not any(e in n for e in expected)]
    if plan.statuses:
        hashes = repo.project_hashes(s, pid)
        for digest, by_coder in plan.statuses.items():
            for coder, status in by_coder.items():
                aid = ctx.annotator_id(s, coder, create=True)
                assert aid is not None
                doc_id = hashes[digest]
                if repo.get_status(s, doc_id, aid) != status:
                    repo.set_status(s, doc_id, aid, status)
                    report.statuses += 1
    if report.changed:
        ctx.touch(s, pid)
