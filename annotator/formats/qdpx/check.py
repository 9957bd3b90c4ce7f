"""Checking a .qdpx: the container, the project's sections and references, and every selection inside its text.

The same checks serve `annotator validate` and the export's self-check. For a
file the annotator wrote, each selection's name (the text it covers) must
also equal the source text at its positions, which catches a wrong unit.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ReadContext, ValidationResult
from annotator.formats.checks import SpanKey, check_span
from annotator.formats.qdpx.codebook import key, walk
from annotator.formats.qdpx.container import Container
from annotator.formats.qdpx.model import Project, load
from annotator.formats.qdpx.positions import UnitMap
from annotator.formats.qdpx.reader import Skipped, documents, source_text
from annotator.formats.qdpx.xmlkit import GUID, PROJECT_NS, kids, local, namespace, where_of, xml_safe

NAME = "qdpx"
ORDER = (
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
)
"""The children of Project, in the order the standard's schema requires."""
_ID_ATTRIBUTES = ("guid", "targetGUID", "creatingUser", "modifyingUser", "originGUID", "creatingUserGUID")


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check a .qdpx file; every problem is named with the .qde line it is on."""
    result = ValidationResult(NAME)
    try:
        box = Container(path)
    except ValidationError as exc:
        result.add(str(path), str(exc).removeprefix(f"{path}: "))
        return result
    with box:
        try:
            project = load(box, ctx)
        except ValidationError as exc:
            result.add(str(path), str(exc).removeprefix(f"{path}: "))
            return result
        where = f"{path}: {box.qde}"
        _structure(project, where, result)
        _references(project, where, result)
        if project.ours:
            _quoted(project, ctx, where, result)
        seen: set[SpanKey] = set()
        for record in documents(project, ctx):
            if not isinstance(record, AnnotatedDocument):
                result.add(str(path), record.message.removeprefix(f"{path}: "))
                continue
            result.documents += 1
            seen.clear()
            name = record.document.title or "(untitled)"
            for span in record.spans:
                result.spans += 1
                check_span(
                    result,
                    f"{where}: TextSource {name!r}",
                    record.document.text,
                    span.start,
                    span.end,
                    span.label,
                    labels=labels,
                    seen=seen,
                    annotator=span.annotator,
                )
    return result


def _structure(project: Project, where: str, result: ValidationResult) -> None:
    """The root's namespace and the order of its sections."""
    if project.ours and namespace(project.root) != PROJECT_NS:
        result.add(where, f"the root is in {namespace(project.root)!r}, not {PROJECT_NS!r}")
    if not project.root.get("name"):
        result.add(where, "the Project has no name attribute (the standard requires one)")
    rank = -1
    for el in kids(project.root):
        tag = local(el)
        if tag not in ORDER:
            result.add(where_of(el, where), f"<{tag}> is not a section of a REFI-QDA project")
            continue
        if ORDER.index(tag) < rank or (ORDER.index(tag) == rank and tag != "NoteRef"):
            result.add(where_of(el, where), f"<{tag}> is out of the schema's order ({', '.join(ORDER)})")
        rank = ORDER.index(tag)


def _references(project: Project, where: str, result: ValidationResult) -> None:
    """GUIDs well formed and unique; CodeRef, NoteRef, VariableRef and user GUIDs pointing at something."""
    ids: Counter[str] = Counter()
    for el in project.root.iter():
        gid = el.get("guid") if isinstance(el.tag, str) else None
        if gid is not None:
            ids[key(gid)] += 1
    for gid, n in ids.items():
        if n > 1:
            result.add(where, f"GUID {gid} is used by {n} elements")
    targets = {
        "CodeRef": {c.guid for c in walk(project.codes)},
        "NoteRef": set(project.notes),
        "VariableRef": set(project.variables),
    }
    for el in project.root.iter():
        tag = local(el)
        if not tag:
            continue
        for attr in _ID_ATTRIBUTES:
            value = el.get(attr)
            if value is not None and not GUID.fullmatch(value):
                result.add(where_of(el, where), f"<{tag}> {attr} {value!r} is not a GUID")
        target = key(el.get("targetGUID"))
        if tag in targets and target not in targets[tag]:
            result.add(where_of(el, where), f"<{tag}> points at {target}, which the project does not hold")
        for attr in ("creatingUser", "modifyingUser"):
            user = el.get(attr)
            if user and GUID.fullmatch(user) and key(user) not in project.users:
                result.add(where_of(el, where), f"<{tag}> {attr} {user} is not one of the project's Users")


def _quoted(project: Project, ctx: ReadContext, where: str, result: ValidationResult) -> None:
    """For our own files: each selection's name is the text at its positions."""
    sources = project.section("Sources")
    for el in kids(sources, "TextSource") if sources is not None else ():
        try:
            text = source_text(project, el, ReadContext(ctx.options), where)
        except (Skipped, ValidationError):
            continue  # named by the reader's pass
        positions = UnitMap(text, project.unit)
        for sel in kids(el, "PlainTextSelection"):
            name = sel.get("name")
            a, b = (_cp(positions, sel.get(k)) for k in ("startPosition", "endPosition"))
            if name is not None and a is not None and b is not None and xml_safe(text[a:b]) != name:
                result.add(
                    where_of(sel, where),
                    f"PlainTextSelection {sel.get('guid')}: the text at its positions {text[a:b]!r} "
                    f"is not its name {name!r}",
                )


def _cp(positions: UnitMap, raw: Any) -> int | None:
    try:
        return positions.to_code_point(int(raw))
    except (TypeError, ValueError):
        return None
