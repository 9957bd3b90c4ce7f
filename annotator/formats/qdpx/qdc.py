"""The REFI-QDA Codebook exchange (.qdc): the codebook alone, in urn:QDA-XML:codebook:1.0."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, LabelSchema
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.inputs import read_input
from annotator.formats.qdpx.codebook import code_elements, labels_of, parse_codes
from annotator.formats.qdpx.model import ORIGIN
from annotator.formats.qdpx.writer import span_labels
from annotator.formats.qdpx.xmlkit import CODEBOOK_NS, GUID, etree, is_qda, kid, local, parse, where_of

NAME = "qdc"


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write the project's span labels (with their attributes as sub-codes) as a .qdc codebook."""
    del records  # a codebook holds no documents
    labels = span_labels(ctx)
    if not labels:
        raise ValidationError(
            f"{out}: the project has no span labels, and a REFI-QDA codebook needs one code"
        )
    et = etree()
    codes, _ = code_elements(labels)
    root = et.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=f"{ORIGIN} {__version__}"
    )
    holder = et.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codes:
        for el in code.iter():
            el.tag = f"{{{CODEBOOK_NS}}}{el.tag}"
        holder.append(code)
    out.write_bytes(et.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
    return WriteStats()


def _root(path: Path) -> Any:
    root = parse(read_input(path), str(path))
    if local(root) != "CodeBook" or not is_qda(root, "codebook"):
        raise ValidationError(
            f"{path}: is not a REFI-QDA codebook (its root is <{local(root)}>, not <CodeBook> in {CODEBOOK_NS})"
        )
    return root


def read_qdc(path: Path) -> LabelSchema:
    """The labels of a .qdc codebook (codable codes, named by their path; attributes as we write them)."""
    codes_el = kid(_root(path), "Codes")
    return labels_of(parse_codes(codes_el) if codes_el is not None else [], set()).schema


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check a .qdc: its root, a Codes element with codes, each with a GUID, a name and isCodable."""
    del ctx
    result = ValidationResult(NAME)
    try:
        root = _root(path)
    except ValidationError as exc:
        result.add(str(path), str(exc).removeprefix(f"{path}: "))
        return result
    codes_el = kid(root, "Codes")
    if codes_el is None or kid(codes_el, "Code") is None:
        result.add(str(path), "has no <Codes> with at least one <Code>")
        return result
    seen: set[str] = set()
    for el in codes_el.iter():
        if local(el) != "Code":
            continue
        where = where_of(el, str(path))
        gid = el.get("guid") or ""
        if not GUID.fullmatch(gid):
            result.add(where, f"code {el.get('name')!r}: guid {gid!r} is not a GUID")
        elif gid.lower() in seen:
            result.add(where, f"code {el.get('name')!r}: guid {gid} is used twice")
        seen.add(gid.lower())
        if not el.get("name"):
            result.add(where, "a code has no name")
        if (el.get("isCodable") or "") not in ("true", "false", "1", "0"):
            result.add(where, f"code {el.get('name')!r}: isCodable must be true or false")
    if labels is not None:
        names = set(labels)
        book = labels_of(parse_codes(codes_el), set())
        for label in book.schema.labels:
            if label.name not in names:
                result.add(str(path), f"label {label.name!r} is not a label of the project")
    return result
