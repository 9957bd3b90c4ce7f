"""Reading a REFI-QDA project (.qdpx): every plain-text source as a document, its selections' codings as spans."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.codebook import ValueType
from annotator.core.errors import ValidationError
from annotator.core.types import (
    AnnotatedDocument,
    Document,
    InvalidRecord,
    Label,
    LabelKind,
    LabelSchema,
    Origin,
    Relation,
    Span,
    new_id,
)
from annotator.core.validation import LABEL_NAME_MAX
from annotator.formats.base import ReadContext
from annotator.formats.inputs import stored_name
from annotator.formats.qdpx.codebook import key, safe_part
from annotator.formats.qdpx.container import Container
from annotator.formats.qdpx.model import UNLINKED, Project, load, variable_value
from annotator.formats.qdpx.positions import Unit, UnitMap
from annotator.formats.qdpx.xmlkit import hex_of_guid, kid, kids, local, text_of, where_of

NOT_TEXT = {
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
RELATION_FALLBACK = "LINK"
_RGB = re.compile("#[0-9A-Fa-f]{6}")


class Skipped(Exception):
    """A source that is left out, and why (counted, not an error)."""


def relation_label(name: str) -> str:
    """The relation label a Link's name is read as."""
    return safe_part(name)[:LABEL_NAME_MAX] if name.strip() else RELATION_FALLBACK


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read the text sources of a .qdpx as documents; other sources are skipped and counted in ctx.notes."""
    with Container(path) as box:
        yield from documents(load(box, ctx), ctx)


def documents(project: Project, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """The documents of a loaded project; what was left out is counted in ctx.notes at the end."""
    path = project.box.path
    ctx.notes.extend(project.box.notes)
    if project.unit != Unit():
        ctx.notes.append(
            f"{path}: selection positions read as {project.unit.describe()} ({project.unit_why})"
        )
    sources = project.section("Sources")
    for el in kids(sources) if sources is not None else ():
        kind = local(el)
        if kind != "TextSource":
            project.counts[f"{NOT_TEXT.get(kind, kind)} source(s) skipped (only plain text is imported)"] += 1
            continue
        try:
            yield _document(project, el, ctx, f"{path}: {project.box.qde}")
        except Skipped as why:
            project.counts[str(why)] += 1
        except ValidationError as exc:
            yield InvalidRecord(str(exc))
    unlinked = sum(1 for link in project.relations if link.guid not in project.linked)
    if unlinked:
        project.counts[UNLINKED] += unlinked
    for what, n in sorted(project.counts.items()):
        ctx.notes.append(f"{path}: {n} {what}")


def read_codebook(path: Path, ctx: ReadContext | None = None) -> LabelSchema:
    """The labels a .qdpx (or a .qdc codebook) brings: its codes as span labels, its links' names as relation labels."""
    from annotator.formats.qdpx.qdc import read_qdc

    ctx = ctx or ReadContext()
    if path.suffix.lower() == ".qdc":
        return read_qdc(path)
    with Container(path) as box:
        project = load(box, ctx)
        colours: dict[str, str] = {}
        for link in project.relations:
            colour = link.colour if link.colour and _RGB.fullmatch(link.colour) else "#555555"
            colours.setdefault(relation_label(link.name), colour.upper())
        taken = set(project.book.schema.names())
        relations = tuple(Label(n, LabelKind.RELATION, c) for n, c in colours.items() if n not in taken)
        return LabelSchema((*project.book.schema.labels, *relations))


def source_text(project: Project, el: Any, ctx: ReadContext, where: str) -> str:
    """A TextSource's plain text: inline, or its internal file; a source without one is skipped."""
    inline = kid(el, "PlainTextContent")
    if inline is not None:
        return text_of(inline)
    url = el.get("plainTextPath") or ""
    if url.startswith("internal://"):
        entry = project.box.internal(url)
        if entry is None:
            raise ValidationError(f"{where}: its plain text {url} is not in the .qdpx")
        return project.box.text(entry, ctx)
    if url:
        raise Skipped("text source(s) outside the .qdpx (relative:// or absolute:// paths) skipped")
    raise Skipped("text source(s) without a plain-text form skipped (only rich text)")


def _meta(project: Project, el: Any) -> tuple[dict[str, Any], str | None]:
    gid = key(el.get("guid"))
    values = dict(project.case_values.get(gid, {}))
    values.update(v for v in map(variable_value, kids(el, "VariableValue")) if v is not None)
    meta: dict[str, Any] = {}
    description = text_of(kid(el, "Description"))
    if description:
        meta["description"] = description
    external: str | None = None
    for vid, value in values.items():
        name = project.variables.get(vid) or vid
        if name == "external_id" and project.ours and isinstance(value, str):
            external = value
        else:
            meta[name] = value
    return meta, external


def _document(project: Project, el: Any, ctx: ReadContext, base: str) -> AnnotatedDocument:
    source = f"TextSource {el.get('name') or el.get('guid')!r}"
    text = source_text(project, el, ctx, f"{where_of(el, base)}: {source}")
    meta, external = _meta(project, el)
    positions = UnitMap(text, project.unit)
    spans: list[Span] = []
    first_of: dict[str, Span] = {}
    for sel in kids(el, "PlainTextSelection"):
        where = f"{where_of(sel, base)}: {source}, PlainTextSelection {sel.get('guid')!r}"
        found = _selection(project, sel, positions, where)
        spans.extend(found)
        if found:
            first_of[key(sel.get("guid"))] = found[0]
    if kid(el, "Coding") is not None:
        project.counts["coding(s) of a whole source (no span to hold them) left out"] += 1
    relations = []
    for link in project.relations:
        head, tail = first_of.get(link.origin), first_of.get(link.target)
        if head is not None and tail is not None:
            project.linked.add(link.guid)
            rid = hex_of_guid(link.guid) if link.guid else new_id()
            relations.append(Relation(head.id, tail.id, relation_label(link.name), rid, head.annotator))
    name = el.get("name") or ""
    document = Document(text, name, external, meta, source=stored_name(project.box.path.name))
    return AnnotatedDocument(document, tuple(spans), tuple(relations))


def _position(sel: Any, attr: str, where: str) -> int:
    raw = (sel.get(attr) or "").strip()
    if not raw.lstrip("+-").isascii() or not raw.lstrip("+-").isdigit():
        raise ValidationError(f"{where}: {attr} {raw!r} is not a whole number")
    return int(raw)


def _selection(project: Project, sel: Any, positions: UnitMap, where: str) -> list[Span]:
    start, end = _position(sel, "startPosition", where), _position(sel, "endPosition", where)
    if start == end:
        project.counts["empty selection(s) (start = end) left out"] += 1
        return []
    a, b = positions.to_code_point(start), positions.to_code_point(end)
    if start > end or a is None or b is None:
        raise ValidationError(
            f"{where}: positions [{start}, {end}) are not a range inside the text "
            f"({positions.units} {project.unit.describe()}){_hint(project.unit, positions, start, end)}"
        )
    shared = _notes_of(project, sel)
    by_who: dict[tuple[str | None, str], Span] = {}
    values: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for coding in kids(sel, "Coding"):
        ref = kid(coding, "CodeRef")
        target = key(ref.get("targetGUID")) if ref is not None else ""
        who = project.user(coding.get("creatingUser"), sel.get("creatingUser"), sel.get("modifyingUser"))
        own = [project.notes.get(key(n.get("targetGUID")), "") for n in kids(coding, "NoteRef")]
        own = [n for n in own if n]
        if target in project.book.labels:
            label = project.book.labels[target].name
            if (who, target) in by_who:
                continue  # the same code twice by one coder on one selection: one span
            note = "\n\n".join([*shared, *own]) or None
            sid = hex_of_guid(coding.get("guid") or "") or new_id()
            by_who[(who, target)] = Span(a, b, label, sid, who, note, origin=Origin.IMPORTED)
        elif target in project.book.values:
            label_guid, attribute, value = project.book.values[target]
            values.setdefault((who, label_guid), {}).setdefault(attribute, []).append(value)
        else:
            project.counts["coding(s) of codes missing from the codebook left out"] += 1
    for (who, label_guid), _chosen in values.items():
        if (who, label_guid) not in by_who:  # coding a value implies its label
            label = project.book.labels[label_guid].name
            note = "\n\n".join(shared) or None
            by_who[(who, label_guid)] = Span(a, b, label, new_id(), who, note, origin=Origin.IMPORTED)
    if not by_who and not values:
        project.counts["selection(s) without a code left out"] += 1
    return [_with_values(project, g, span, values.get((who, g), {})) for (who, g), span in by_who.items()]


def _with_values(project: Project, label_guid: str, span: Span, chosen: dict[str, list[str]]) -> Span:
    if not chosen:
        return span
    label = project.book.labels[label_guid]
    attributes: dict[str, Any] = {}
    for attribute in label.attributes:
        picked = chosen.get(attribute.name)
        if not picked:
            continue
        if attribute.spec.type == ValueType.BOOL:
            attributes[attribute.name] = picked[-1] == "true"
        elif attribute.spec.type == ValueType.MULTI:
            attributes[attribute.name] = [n for n in attribute.spec.names() if n in picked]
        else:
            attributes[attribute.name] = picked[-1]
    return replace(span, attributes=attributes)


def _notes_of(project: Project, sel: Any) -> list[str]:
    """The texts attached to a selection: its Description, its notes, and notes linked to it."""
    parts = [text_of(kid(sel, "Description")).strip()]
    parts += [project.notes.get(key(n.get("targetGUID")), "") for n in kids(sel, "NoteRef")]
    parts += project.note_links.get(key(sel.get("guid")), [])
    return [p for p in parts if p]


def _hint(unit: Unit, positions: UnitMap, start: int, end: int) -> str:
    """Which other unit would make the positions fit, as a suggestion."""
    tried: Counter[str] = Counter()
    for other, option in (
        (Unit(True, unit.crlf_one), "positions=utf16"),
        (Unit(unit.utf16, True), "crlf=one"),
    ):
        if other == unit:
            continue
        m = UnitMap(positions.text, other)
        if start < end and m.to_code_point(start) is not None and m.to_code_point(end) is not None:
            tried[option] += 1
    return f"; counted as {' or '.join(tried)} they fit: pass --option {next(iter(tried))}" if tried else ""
