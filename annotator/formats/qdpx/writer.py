"""Writing a REFI-QDA project (.qdpx): a zip of project.qde and one UTF-8 .txt per document in sources/.

Every span piece is one PlainTextSelection (a discontinuous span gives one
per fragment) carrying its coder's Coding of the label's Code, plus Codings of
its attribute values' Codes; a note is a Note the selection refers to; a
relation is a Link from the head's selection to the tail's. project.qde is
assembled at the end (Users and the CodeBook come before Sources in the
schema's order), from fragments spooled to temporary files, so memory stays
flat however many documents are written.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from annotator import __version__
from annotator.core.codebook import ValueType
from annotator.core.types import AnnotatedDocument, Label, LabelKind, LabelSchema, Span
from annotator.formats.base import ExportContext, WriteStats
from annotator.formats.qdpx.codebook import code_elements, value_names
from annotator.formats.qdpx.model import ORIGIN
from annotator.formats.qdpx.positions import UnitMap, export_unit
from annotator.formats.qdpx.xmlkit import PROJECT_NS, etree, guid, guid_of_hex, xml_safe

_VARIABLE_TYPES = {ValueType.BOOL: "Boolean", ValueType.NUMBER: "Float"}


def span_labels(ctx: ExportContext, extra: Iterable[str] = ()) -> list[Label]:
    """The labels written as codes: the codebook's span labels being exported, then any others the spans use."""
    wanted = set(ctx.labels)
    out = [lab for lab in ctx.schema.span_labels() if not wanted or lab.name in wanted]
    known = {lab.name for lab in out}
    for name in [*ctx.labels, *extra]:
        if name not in known:
            known.add(name)
            out.append(ctx.schema.get(name) or Label(name))
    return out


@dataclass
class _State:
    """What the writer collects while streaming the documents."""

    schema: LabelSchema
    users: dict[str, str] = field(default_factory=dict)
    variables: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    used_labels: list[str] = field(default_factory=list)
    seen_labels: set[str] = field(default_factory=set)

    def user(self, name: str | None) -> str | None:
        if name is None:
            return None
        return self.users.setdefault(name, guid("user", name))

    def variable(self, name: str, kind: str, description: str = "") -> str:
        gid, _, _ = self.variables.setdefault(name, (guid("variable", name), kind, description))
        return gid

    def label(self, name: str) -> None:
        if name not in self.seen_labels:
            self.seen_labels.add(name)
            self.used_labels.append(name)


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write the records as a .qdpx at `out`."""
    et = etree()
    stats = WriteStats()
    unit = export_unit(ctx.options)
    state = _State(ctx.schema)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        tempfile.TemporaryFile() as sources,
        tempfile.TemporaryFile() as notes,
        tempfile.TemporaryFile() as links,
    ):
        for n, record in enumerate(records):
            source = _source(et, record, n, unit, state, stats, notes, links)
            zf.writestr(f"sources/{source.get('guid')}.txt", record.document.text.encode("utf-8"))
            sources.write(et.tostring(source, encoding="UTF-8"))
            stats.documents += 1
        labels = span_labels(ctx, state.used_labels)
        with zf.open("project.qde", "w") as qde:
            _project(et, qde, out, labels, state, {"Sources": sources, "Notes": notes, "Links": links})
    return stats


def _project(
    et: Any, qde: IO[bytes], out: Path, labels: list[Label], state: _State, parts: dict[str, IO[bytes]]
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs = {
        "name": xml_safe(out.stem) or "annotator",
        "origin": f"{ORIGIN} {__version__}",
        "creationDateTime": now,
    }
    qde.write(b'<?xml version="1.0" encoding="utf-8"?>\n')
    start = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
    qde.write(f'<Project xmlns="{PROJECT_NS}" {start}>'.encode())
    if state.users:
        users = et.Element("Users")
        for name, gid in state.users.items():
            et.SubElement(users, "User", guid=gid, name=xml_safe(name))
        qde.write(et.tostring(users, encoding="UTF-8"))
    codes, _ = code_elements(labels)
    if codes:
        book = et.Element("CodeBook")
        et.SubElement(book, "Codes").extend(codes)
        qde.write(et.tostring(book, encoding="UTF-8"))
    if state.variables:
        variables = et.Element("Variables")
        for name, (gid, kind, description) in state.variables.items():
            var = et.SubElement(variables, "Variable", guid=gid, name=xml_safe(name), typeOfVariable=kind)
            if description:
                et.SubElement(var, "Description").text = xml_safe(description)
        qde.write(et.tostring(variables, encoding="UTF-8"))
    for tag, spool in parts.items():
        if spool.tell():
            spool.seek(0)
            qde.write(f"<{tag}>".encode())
            while chunk := spool.read(1 << 20):
                qde.write(chunk)
            qde.write(f"</{tag}>".encode())
    qde.write(b"</Project>\n")


def _source(
    et: Any,
    record: AnnotatedDocument,
    n: int,
    unit: Any,
    state: _State,
    stats: WriteStats,
    notes: IO[bytes],
    links: IO[bytes],
) -> Any:
    doc = record.document
    gid = guid("source", str(n), doc.text_hash)
    name = doc.title or doc.external_id or f"Document {n + 1}"
    el = et.Element("TextSource", guid=gid, name=xml_safe(name), plainTextPath=f"internal://{gid}.txt")
    positions = UnitMap(doc.text, unit)
    first: dict[str, str] = {}
    for span in record.spans:
        state.label(span.label)
        pieces = span.pieces()
        if len(pieces) > 1:
            stats.adjusted[(span.label, "a discontinuous span is written as one selection per fragment")] += 1
        note = _note(et, span, state, notes)
        for i, piece in enumerate(pieces):
            sel = _selection(et, span, i, piece, doc.text, positions, state, stats, note)
            el.append(sel)
            first.setdefault(span.id, sel.get("guid"))
            stats.spans += 1
            stats.labels[span.label] += 1
    for rel in record.relations:
        head, tail = first.get(rel.head), first.get(rel.tail)
        if head is None or tail is None:
            stats.drop(rel.label, "its head or tail span is not in the export")
            continue
        link = et.Element(
            "Link",
            guid=guid_of_hex(rel.id),
            name=xml_safe(rel.label),
            direction="OneWay",
            originGUID=head,
            targetGUID=tail,
        )
        relation = state.schema.get(rel.label)
        if relation is not None and relation.colour:
            link.set("color", relation.colour)
        links.write(et.tostring(link, encoding="UTF-8"))
        stats.relations += 1
    for var_name, kind, text in _variable_values(record, state, stats):
        value = et.SubElement(el, "VariableValue")
        et.SubElement(value, "VariableRef", targetGUID=state.variable(var_name, kind))
        et.SubElement(value, f"{kind}Value").text = xml_safe(text)
    return el


def _note(et: Any, span: Span, state: _State, notes: IO[bytes]) -> str | None:
    if not span.note:
        return None
    gid = guid("note", span.id)
    note = et.Element("Note", guid=gid, name=xml_safe(f"{span.label} note"))
    creator = state.user(span.annotator)
    if creator:
        note.set("creatingUser", creator)
    et.SubElement(note, "PlainTextContent").text = xml_safe(span.note)
    notes.write(et.tostring(note, encoding="UTF-8"))
    return gid


def _selection(
    et: Any,
    span: Span,
    i: int,
    piece: tuple[int, int],
    text: str,
    positions: UnitMap,
    state: _State,
    stats: WriteStats,
    note: str | None,
) -> Any:
    start, end = piece
    sel = et.Element(
        "PlainTextSelection",
        guid=guid("selection", span.id, str(i)),
        name=xml_safe(text[start:end]),
        startPosition=str(positions.to_units(start)),
        endPosition=str(positions.to_units(end)),
    )
    creator = state.user(span.annotator)
    if creator:
        sel.set("creatingUser", creator)
    codes = [guid("code", span.label)]
    if i == 0:
        codes += _value_codes(span, state.schema, stats)
    else:
        codes += _value_codes(span, state.schema, WriteStats())  # counted once, with the first piece
    for k, code in enumerate(codes):
        cid = (
            guid_of_hex(span.id, *([str(i)] if i else []))
            if k == 0
            else guid("coding", span.id, str(i), code)
        )
        coding = et.SubElement(sel, "Coding", guid=cid)
        if creator:
            coding.set("creatingUser", creator)
        et.SubElement(coding, "CodeRef", targetGUID=code)
    if note:
        et.SubElement(sel, "NoteRef", targetGUID=note)
    return sel


def _value_codes(span: Span, schema: LabelSchema, stats: WriteStats) -> list[str]:
    """The GUIDs of the value codes a span's attributes are written as (the others are counted)."""
    label = schema.get(span.label)
    out = []
    for name, value in span.attributes.items():
        attribute = label.attribute(name) if label is not None else None
        values = value_names(attribute) if attribute is not None else ()
        if attribute is None or not values:
            why = "not in the codebook" if attribute is None else "text or number (no REFI-QDA code holds it)"
            stats.drop(f"{span.label}.{name}", f"attribute value left out: {why}")
            continue
        if attribute.spec.type == ValueType.BOOL and isinstance(value, bool):
            chosen = ["true" if value else "false"]
        else:
            chosen = (
                [value]
                if isinstance(value, str)
                else [v for v in value if isinstance(v, str)]
                if isinstance(value, list)
                else []
            )
        for v in chosen:
            if v in values:
                out.append(guid("value", span.label, name, v))
            else:
                stats.drop(
                    f"{span.label}.{name}", f"attribute value left out: {v!r} is not one of its values"
                )
    return out


def _variable_values(
    record: AnnotatedDocument, state: _State, stats: WriteStats
) -> list[tuple[str, str, str]]:
    """(variable, type, value text) for the document's id, metadata and document variables."""
    doc = record.document
    out = []
    if doc.external_id:
        out.append(("external_id", "Text", doc.external_id))
    for k, v in doc.meta.items():
        if v is not None and v != "":
            out.append((k, "Text", v if isinstance(v, str) else _json(v)))
    by_label: dict[str, set[str]] = {}
    for dv in record.values:
        by_label.setdefault(dv.label, set()).add(_json(dv.value))
    for name, distinct in by_label.items():
        label = state.schema.get(name)
        if label is None or label.kind != LabelKind.DOCUMENT:
            stats.drop(name, "document value left out: not a document variable of the codebook")
            continue
        if len(distinct) > 1:
            stats.drop(
                name, "document value left out: coders disagree (a REFI-QDA source variable has one value)"
            )
            continue
        value = next(v.value for v in record.values if v.label == name)
        kind = _VARIABLE_TYPES.get(label.spec.type, "Text") if label.spec else "Text"
        state.variable(name, kind, label.description)
        out.append((name, kind, _variable_text(value, kind)))
    return out


def _variable_text(value: Any, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        return format(Decimal(str(value)), "f")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
