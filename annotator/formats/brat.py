"""brat standoff: a folder with one `NAME.txt` + `NAME.ann` pair per document, and `annotation.conf`.

Offsets count code points, `[start, end)`, into the `.txt` exactly as
written (no line-ending changes). A discontinuous span is one T line with its
fragments (`T1<TAB>CLAIM 0 5;12 20<TAB>text text`: the fragments' texts joined
by a space, brat's own convention, and what PolNeAR uses). A span that crosses
a line break is written as fragments split at the break, since a brat text
field holds no line break; fragments separated by line breaks only are joined
again on import (so a span whose own fragments are separated only by line
breaks comes back as one piece, and is counted as changed on export). Relations
are `R` lines, span notes `AnnotatorNotes` lines, span attributes `A` lines
(brat_attributes). brat has no document variables: an export counts them as
dropped.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.spans import validate_span
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord, Origin, Relation, Span
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.brat_attributes import Attributes, attach, parse_a
from annotator.formats.checks import check_span, unique_spans
from annotator.formats.encodings import decode
from annotator.formats.inputs import read_input, stored_name
from annotator.formats.verify import write_whole

NAME = "brat"
_UNSAFE = re.compile(r"[^\w.-]+")
_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# ASCII digits only: str.isdigit and int() also take "²" or "٣", which brat does not write.
_OFFSETS = re.compile(r"[ \t]*([0-9]{1,18})[ \t]+([0-9]{1,18})[ \t]*")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _rejoined(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of a span as read: in order, touching or line-break-separated ones joined."""
    pieces: list[tuple[int, int]] = []
    for a, b in sorted(frags):
        if pieces and (a <= pieces[-1][1] or _BREAK.fullmatch(text, pieces[-1][1], a)):
            pieces[-1] = (pieces[-1][0], max(b, pieces[-1][1]))
        else:
            pieces.append((a, b))
    return pieces


def _written(text: str, span: Span, stats: WriteStats) -> list[tuple[int, int]]:
    """The fragments a span is written as (split at line breaks), counting a span that reads back changed."""
    frags: list[tuple[int, int]] = []
    trimmed = False
    for a, b in span.pieces():
        split = _fragments(text, a, b)
        trimmed = trimmed or not split or split[0][0] != a or split[-1][1] != b
        frags += split
    if frags and _rejoined(text, frags) != list(span.pieces()):
        how = (
            "line breaks at their edges left out (a brat text field holds none)"
            if trimmed
            else "fragments separated by line breaks only, read back as one piece"
        )
        stats.adjusted[(span.label, how)] += 1
    return frags


def _safe_name(raw: str, used: set[str]) -> str:
    base = _UNSAFE.sub("_", raw).strip("._") or "doc"
    base = base[:80]
    name = base
    n = 2
    while name.lower() in used:
        name = f"{base}-{n}"
        n += 1
    used.add(name.lower())
    return name


def _quoted(text: str, frags: list[tuple[int, int]]) -> str:
    """A T line's text field: the fragments' texts joined by a space."""
    return " ".join(text[a:b] for a, b in frags)


def _flat(value: str) -> str:
    return " ".join(value.split())


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write a folder of .txt/.ann pairs and an annotation.conf, checking each pair as `validate` would."""
    stats = WriteStats()
    result = ValidationResult(NAME)
    out.mkdir()
    used: set[str] = {"annotation"}
    relation_ends: dict[str, set[tuple[str, str]]] = {}
    span_labels: list[str] = list(ctx.labels)
    attributes = Attributes(ctx.schema)
    for record in records:
        doc = record.document
        text = doc.text
        name = _safe_name(doc.external_id or str(doc.id), used)
        lines: list[str] = []
        ids: dict[str, str] = {}
        labels: dict[str, str] = {}
        numbered = 1
        ordered = sorted(record.spans, key=lambda s: (s.start, s.end, s.label, s.fragments))
        for s in unique_spans(ordered, stats, fragments=True):
            frags = _written(text, s, stats)
            if not frags:
                stats.drop(s.label, "the span covers line breaks only")
                continue
            tid = f"T{len(ids) + 1}"
            ids[s.id] = tid
            labels[s.id] = s.label
            where = ";".join(f"{a} {b}" for a, b in frags)
            lines.append(f"{tid}\t{s.label} {where}\t{_quoted(text, frags)}")
            if s.attributes:
                written = attributes.lines(s, tid, numbered, stats)
                numbered += len(written)
                lines += written
            if s.note:
                lines.append(f"#{len(ids)}\tAnnotatorNotes {tid}\t{_flat(s.note)}")
            stats.spans += 1
            stats.labels[s.label] += 1
            if s.label not in span_labels:
                span_labels.append(s.label)
        for n, r in enumerate(record.relations, 1):
            if r.head not in ids or r.tail not in ids:
                stats.drop(r.label, "its head or tail span was merged with an identical one")
                continue
            lines.append(f"R{n}\t{r.label} Arg1:{ids[r.head]} Arg2:{ids[r.tail]}")
            relation_ends.setdefault(r.label, set()).add((labels[r.head], labels[r.tail]))
            stats.relations += 1
        for value in record.values:
            stats.drop(value.label, "brat holds no document variables")
        ann = "".join(f"{line}\n" for line in lines)
        _check_written(result, out / f"{name}.ann", text, ann)
        write_whole(out / f"{name}.txt", text.encode("utf-8"), stats)
        write_whole(out / f"{name}.ann", ann.encode("utf-8"), stats)
        stats.documents += 1
    conf = ["[entities]", *span_labels, "", "[relations]"]
    for label in sorted(relation_ends):
        heads = "|".join(sorted({h for h, _ in relation_ends[label]}))
        tails = "|".join(sorted({t for _, t in relation_ends[label]}))
        conf.append(f"{label}\tArg1:{heads}, Arg2:{tails}")
    conf += ["", "[events]", "", "[attributes]", *attributes.conf(span_labels), ""]
    write_whole(out / "annotation.conf", "\n".join(conf).encode("utf-8"), stats)
    stats.checked = result
    return stats


def _check_written(result: ValidationResult, ann: Path, text: str, lines: str) -> None:
    """What `validate` checks of a pair, on the text and .ann lines about to be written, read as it reads them."""
    bom = text.startswith("\ufeff")  # decoding drops a UTF-8 mark, and _past_bom then weighs the offsets
    _check_pair(result, ann, text[1:] if bom else text, bom, lines.split("\n"), None)


def _read_text(path: Path, ctx: ReadContext) -> str:
    """A .txt or .ann file as text: UTF-8 unless --encoding or a BOM says otherwise, without its BOM."""
    return decode(read_input(path), str(path), ctx)


def _read_txt(path: Path, ctx: ReadContext) -> tuple[str, bool]:
    """The .txt as text without its BOM, and whether it started with a UTF-8 one."""
    data = read_input(path)
    return decode(data, str(path), ctx), data.startswith(codecs.BOM_UTF8)


def _joined(text: str, frags: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in frags if 0 <= a <= b <= len(text))


def _past_bom(
    frags: list[tuple[int, int]], text: str, quoted: str | None, bom: bool
) -> list[tuple[int, int]]:
    """Offsets into the text without its byte-order mark.

    brat reads a .txt's UTF-8 mark as a character and counts it in its offsets; a
    tool that drops the mark does not. The T line's quoted text tells which.
    """
    if not bom or any(a < 1 for a, _ in frags):
        return frags
    shifted = [(a - 1, b - 1) for a, b in frags]
    if quoted is None or (quoted != _joined(text, frags) and quoted == _joined(text, shifted)):
        return shifted
    return frags


def _summed_notes(path: Path, notes: list[str]) -> list[str]:
    """The encoding notes of a folder's files, one line per kind instead of one per file."""
    counts: Counter[str] = Counter(note.rpartition(": ")[2] for note in notes)
    if len(notes) <= 2:
        return notes
    return [f"{path}: {n} file(s) {what}" for what, n in counts.items()]


def _pairs(path: Path) -> Iterator[tuple[Path, Path]]:
    """(ann, txt) pairs for a folder, an .ann file, or a .txt file with an .ann beside it."""
    if path.is_dir():
        for ann in sorted(path.rglob("*.ann")):
            yield ann, ann.with_suffix(".txt")
    elif path.suffix.lower() == ".ann":
        yield path, path.with_suffix(".txt")
    elif path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file():
        # A .txt whose .ann exists is read through the .ann; a lone .txt is not brat.
        yield path.with_suffix(".ann"), path


def read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read brat .ann files with their .txt."""
    ignored: Counter[str] = Counter()
    files = ReadContext(ctx.options)
    for ann, txt in _pairs(path):
        try:
            yield _parse(ann, txt, ignored, files)
        except ValidationError as exc:
            yield InvalidRecord(str(exc))
    ctx.notes.extend(_summed_notes(path, files.notes))
    for kind, n in sorted(ignored.items()):
        ctx.notes.append(f"{path}: {n} {kind} not imported")


def _parse_t(fields: list[str], where: str) -> tuple[str, list[tuple[int, int]], str | None]:
    label, _, offsets = fields[1].partition(" ")
    frags = []
    for part in offsets.split(";"):
        found = _OFFSETS.fullmatch(part)
        if found is None:
            raise ValidationError(
                f"{where}: offsets {offsets!r} are not 'start end[;start end]' in the digits 0-9"
            )
        frags.append((int(found.group(1)), int(found.group(2))))
    return label, frags, fields[2] if len(fields) > 2 else None


def _parse(ann: Path, txt: Path, ignored: Counter[str], ctx: ReadContext) -> AnnotatedDocument:
    if not txt.exists():
        raise ValidationError(f"{ann}: the text file {stored_name(txt.name)} is missing")
    text, bom = _read_txt(txt, ctx)
    spans: list[Span] = []
    by_tid: dict[str, Span] = {}
    relations: list[Relation] = []
    notes: dict[str, str] = {}
    found: list[tuple[str, str, str, str | bool]] = []
    for number, line in enumerate(_read_text(ann, ctx).split("\n"), 1):
        if not line.strip():
            continue
        where = f"{ann}: line {number}"
        fields = line.rstrip("\r").split("\t", 2)
        tag = fields[0][:1]
        if tag == "T" and len(fields) >= 2:
            label, frags, quoted = _parse_t(fields, where)
            frags = _past_bom(frags, text, quoted, bom)
            where = f"{where} {fields[0]} {label!r}"
            if quoted is not None and quoted != _joined(text, frags):
                raise ValidationError(f"{where}: text {quoted!r} differs from the .txt at its offsets")
            for a, b in frags:
                if not 0 <= a < b <= len(text):
                    raise ValidationError(
                        f"{where}: fragment [{a}, {b}) is empty or outside the text (length {len(text)})"
                    )
            pieces = _rejoined(text, frags)
            hull = (pieces[0][0], pieces[-1][1])
            span = Span(
                *hull, label, origin=Origin.IMPORTED, fragments=tuple(pieces) if len(pieces) > 1 else ()
            )
            validate_span(span, text, where=where)
            spans.append(span)
            by_tid[fields[0]] = span
        elif tag in ("A", "M") and len(fields) >= 2:
            found.append((where, *parse_a(fields, where)))
        elif tag == "R" and len(fields) >= 2:
            bits = fields[1].split()
            args = dict(b.split(":", 1) for b in bits[1:] if ":" in b)
            head, tail = by_tid.get(args.get("Arg1", "")), by_tid.get(args.get("Arg2", ""))
            if not bits or head is None or tail is None:
                raise ValidationError(f"{where}: relation arguments do not name T lines above it")
            relations.append(Relation(head.id, tail.id, bits[0], origin=Origin.IMPORTED))
        elif tag == "#" and len(fields) == 3 and fields[1].startswith("AnnotatorNotes "):
            notes[fields[1].split()[1]] = fields[2]
        else:
            ignored[f"{tag or 'blank'} line(s)"] += 1
    attributes = attach(found, set(by_tid), ignored) if found else {}
    if notes or attributes:
        tid_of = {span.id: tid for tid, span in by_tid.items()}
        spans = [_with(s, notes.get(tid_of[s.id]), attributes.get(tid_of[s.id])) for s in spans]
    return AnnotatedDocument(
        Document(text=text, external_id=stored_name(ann.stem), source=stored_name(txt.name)),
        tuple(spans),
        tuple(relations),
    )


def _with(span: Span, note: str | None, attributes: dict[str, object] | None) -> Span:
    if note is None and not attributes:
        return span
    return replace(
        span, note=note if note is not None else span.note, attributes=attributes or span.attributes
    )


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every T line's text against the .txt at its offsets, labels, duplicates and R arguments."""
    result = ValidationResult(NAME)
    pairs = list(_pairs(path))
    if not pairs and not path.is_dir():
        result.add(str(path), "is not a brat .ann file (nor a .txt with an .ann beside it, nor a folder)")
    for ann, txt in pairs:
        try:
            text, bom = _read_txt(txt, ctx)
            lines = _read_text(ann, ctx).split("\n")
        except ValidationError as exc:
            result.add(str(ann), str(exc))
            continue
        _check_pair(result, ann, text, bom, lines, labels)
    return result


def _check_pair(
    result: ValidationResult,
    ann: Path,
    text: str,
    bom: bool,
    lines: list[str],
    labels: tuple[str, ...] | None,
) -> None:
    """Check one .ann's lines against its text: T lines' offsets, texts and labels, duplicates, R and A targets."""
    result.documents += 1
    seen: set[tuple[int, int, str, str | None]] = set()
    tids: set[str] = set()
    targets: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        fields = line.rstrip("\r").split("\t", 2)
        where = f"{ann}: line {number}"
        if fields[0].startswith("T") and len(fields) >= 2:
            try:
                label, frags, quoted = _parse_t(fields, where)
            except ValidationError as exc:
                result.add(where, str(exc).removeprefix(f"{where}: "))
                continue
            frags = _past_bom(frags, text, quoted, bom)
            result.spans += 1
            tids.add(fields[0])
            for a, b in frags:
                one = len(frags) == 1
                check_span(
                    result,
                    f"{where} {fields[0]}",
                    text,
                    a,
                    b,
                    label,
                    labels=labels,
                    seen=seen if one else None,
                )
            joined = " ".join(text[a:b] for a, b in frags if 0 <= a < b <= len(text))
            if quoted is not None and quoted != joined:
                result.add(
                    f"{where} {fields[0]}",
                    f"text {quoted!r} differs from the .txt at its offsets {joined!r}",
                )
        elif fields[0].startswith("R") and len(fields) >= 2:
            args = [b.split(":", 1)[1] for b in fields[1].split()[1:] if ":" in b]
            if len(args) != 2 or not all(a in tids for a in args):
                result.add(where, "relation arguments do not name T lines above it")
        elif fields[0][:1] in ("A", "M") and len(fields) >= 2:
            try:
                targets.append((where, parse_a(fields, where)[1]))
            except ValidationError as exc:
                result.add(where, str(exc).removeprefix(f"{where}: "))
    for where, target in targets:
        if target.startswith("T") and target not in tids:
            result.add(where, f"attribute names {target}, which is no T line")
