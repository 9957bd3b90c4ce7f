"""The REFI-QDA codebook both ways: our labels and attributes as nested Codes, and Codes back as labels.

Written: each span label is a codable Code (colour, Description), placed in
the tree by its name (`Sources/Official` goes under `Sources`, a non-codable
folder when no label has that name) or, for a label read from REFI-QDA, by the
original path its description keeps, so a project goes back as it came. A choice,
multi or yes/no attribute is a non-codable Code under its label holding one
codable Code per value (SOURCE > type > official); a span carrying the value
gets a Coding of that value Code beside the Coding of its label. The standard
has no other place for a selection's attributes (Variables belong to sources
and cases), and a QDA user sees them as the sub-codes they are.

Read: every codable Code (and any Code a Coding points at) becomes a label
named by its path, `Sources/Official`; the path in the original names, and
any name that had to change, is added to the description ("REFI-QDA code:
Sources > Eye witness"). A label name may hold no white space: in each code
name, runs of white space, control characters and '/' become one '_' (so '/'
only ever separates parents); a name over 64 characters is cut and ends in
'~' and six hex digits of its path's SHA-1, and a name already taken gets
'~2', '~3', .... A non-codable Code
directly under a codable one, holding only codable leaves, is read back as an
attribute of that label, as we write it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import Attribute, Choice, ValueSpec, ValueType
from annotator.core.types import Label, LabelKind, LabelSchema
from annotator.core.validation import LABEL_NAME_MAX
from annotator.formats.qdpx.xmlkit import etree, guid, kid, kids, text_of, xml_safe

BOOL_VALUES = ("true", "false")
ORIGIN_LINE = "REFI-QDA code: "
"""Starts the description line that keeps a read code's original path."""
_COLOUR = re.compile(r"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f/]+")
# Okabe-Ito, lightened (as the default schema), for codes that bring no colour.
_PALETTE = ("#F5C26B", "#7FC4EC", "#C9A0DC", "#8FD6B5", "#F0E68C", "#E9A3A3", "#A9C6E8", "#D9B38C")


def key(value: str | None) -> str:
    """A GUID as compared: without braces, lower case."""
    return (value or "").strip().strip("{}").lower()


@dataclass
class Code:
    """One Code element as read.

    Attributes:
        guid: its GUID, as compared (see `key`).
        name: its name as written.
        codable: its isCodable (true when missing).
        colour: "#RRGGBB" or None.
        description: its Description text.
        path: the original names from the top of the codebook down to this one.
        children: the Codes nested in it.
    """

    guid: str
    name: str
    codable: bool
    colour: str | None
    description: str
    path: tuple[str, ...]
    children: list[Code] = field(default_factory=list)


def parse_codes(codes_el: Any, parent: tuple[str, ...] = ()) -> list[Code]:
    """The Code elements under a Codes (or Code) element, recursively."""
    out = []
    for el in kids(codes_el, "Code"):
        name = el.get("name") or ""
        colour = el.get("color")
        found = _COLOUR.fullmatch(colour.strip()) if colour else None
        hexes = found.group(1) if found else ""
        code = Code(
            guid=key(el.get("guid")),
            name=name,
            codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
            colour=("#" + (hexes if len(hexes) == 6 else "".join(c * 2 for c in hexes)).upper())
            if hexes
            else None,
            description=text_of(kid(el, "Description")),
            path=(*parent, name),
        )
        code.children = parse_codes(el, code.path)
        out.append(code)
    return out


def walk(codes: Iterable[Code]) -> Iterable[Code]:
    """Every code, parents before their children."""
    for code in codes:
        yield code
        yield from walk(code.children)


@dataclass
class Codebook:
    """The codes of a file as labels and attribute values.

    Attributes:
        labels: code GUID -> the label it is read as.
        values: code GUID -> (the label's code GUID, attribute name, value) for attribute values.
        schema: the labels, in codebook order.
    """

    labels: dict[str, Label] = field(default_factory=dict)
    values: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    schema: LabelSchema = field(default_factory=LabelSchema)


def _is_attribute(folder: Code, parent: Code, referenced: set[str]) -> bool:
    return (
        parent.codable
        and not folder.codable
        and folder.guid not in referenced
        and bool(folder.children)
        and all(c.codable and not c.children for c in folder.children)
    )


def safe_part(name: str) -> str:
    """One code name as part of a label name: white space, control characters and '/' become '_'."""
    return _UNSAFE.sub("_", name).strip("_") or "code"


def _label_name(path: tuple[str, ...], taken: set[str]) -> str:
    name = "/".join(safe_part(p) for p in path)
    if len(name) > LABEL_NAME_MAX:
        digest = hashlib.sha1("\x1f".join(path).encode("utf-8", "surrogatepass")).hexdigest()[:6]
        name = f"{name[: LABEL_NAME_MAX - 7]}~{digest}"
    base, n = name, 2
    while name in taken:
        tail = f"~{n}"
        name = base[: LABEL_NAME_MAX - len(tail)] + tail
        n += 1
    taken.add(name)
    return name


def _described(code: Code, name: str) -> str:
    """The code's description, plus where it came from when its name does not say so."""
    if name == code.name and len(code.path) == 1:
        return code.description
    origin = ORIGIN_LINE + " > ".join(code.path)
    return f"{code.description}\n\n{origin}" if code.description else origin


def labels_of(codes: list[Code], referenced: set[str], multi: set[tuple[str, str]] | None = None) -> Codebook:
    """Labels for the codes; `referenced` are code GUIDs some Coding points at, `multi` the
    (label code GUID, attribute) pairs some span carries two values of."""
    book = Codebook()
    taken: set[str] = set()
    ordered: list[Label] = []
    for n, code in enumerate(walk(codes)):
        if code.guid in book.values or code.guid in book.labels:
            continue
        attributes: list[Attribute] = []
        for folder in code.children:
            if not _is_attribute(folder, code, referenced):
                continue
            names = tuple(c.name for c in folder.children)
            if sorted(names) == sorted(BOOL_VALUES):
                spec = ValueSpec(ValueType.BOOL)
            else:
                many = multi is not None and (code.guid, folder.name) in multi
                kind = ValueType.MULTI if many else ValueType.CHOICE
                spec = ValueSpec(kind, tuple(Choice(c.name, c.description) for c in folder.children))
            attributes.append(Attribute(folder.name, spec, folder.description))
            book.values[folder.guid] = (code.guid, folder.name, "")
            for value in folder.children:
                book.values[value.guid] = (code.guid, folder.name, value.name)
        if not code.codable and code.guid not in referenced:
            continue
        name = _label_name(code.path, taken)
        colour = code.colour or _inherited(code, codes) or _PALETTE[n % len(_PALETTE)]
        label = Label(
            name, LabelKind.SPAN, colour, description=_described(code, name), attributes=tuple(attributes)
        )
        book.labels[code.guid] = label
        ordered.append(label)
    # Attribute folders are no labels; their entries only marked the values' folder.
    book.values = {g: v for g, v in book.values.items() if v[2]}
    book.schema = LabelSchema(tuple(ordered))
    return book


def _inherited(code: Code, roots: list[Code]) -> str | None:
    """The colour of the nearest coloured ancestor, so sub-codes keep their family's colour."""
    chain: list[Code] = []
    level = roots
    for name in code.path[:-1]:
        found = next((c for c in level if c.name == name), None)
        if found is None:
            break
        chain.append(found)
        level = found.children
    return next((c.colour for c in reversed(chain) if c.colour), None)


@dataclass
class CodeIds:
    """The GUIDs given to the written codes.

    Attributes:
        labels: label name -> its code GUID.
        values: (label, attribute, value) -> the value code's GUID.
        attributes: label -> the attributes written as codes.
    """

    labels: dict[str, str] = field(default_factory=dict)
    values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    attributes: dict[str, dict[str, Attribute]] = field(default_factory=dict)


def value_names(attribute: Attribute) -> tuple[str, ...]:
    """The values an attribute is written as codes with (none for text and number attributes)."""
    if attribute.spec.type == ValueType.BOOL:
        return BOOL_VALUES
    if attribute.spec.type in (ValueType.CHOICE, ValueType.MULTI):
        return attribute.spec.names()
    return ()


def code_path(label: Label) -> tuple[tuple[str, ...], str]:
    """Where a label is written in the code tree, and its description without the line an import added.

    A label read from REFI-QDA keeps its original code path in that line, so it
    goes back under its parents with its original name; another label named
    `A/B` goes under a code `A`.
    """
    rest, _, last = label.description.rpartition("\n\n")
    if last.startswith(ORIGIN_LINE):
        path = tuple(last[len(ORIGIN_LINE) :].split(" > "))
        mapped = _label_name(path, set())
        if label.name == mapped or label.name.startswith(f"{mapped}~"):
            return path, rest
    return tuple(p for p in label.name.split("/") if p) or (label.name,), label.description


def code_elements(labels: Iterable[Label]) -> tuple[list[Any], CodeIds]:
    """Code elements (without a namespace, for either schema) for span labels, and their GUIDs."""
    et = etree()
    ids = CodeIds()
    roots: list[Any] = []
    nodes: dict[tuple[str, ...], Any] = {}
    for label in labels:
        path, description = code_path(label)
        gid = ids.labels[label.name] = guid("code", label.name)
        el = nodes.get(path)
        if el is not None and el.get("isCodable") == "false":  # a folder made for a child: this label's code
            el.set("guid", gid)
            el.set("isCodable", "true")
            el.set("color", label.colour.upper())
            if description:
                holder = et.Element("Description")
                holder.text = xml_safe(description)
                el.insert(0, holder)
        else:
            el = _code(et, gid, path[-1], True, label.colour, description)
            _place(et, el, path, nodes, roots)
        written: dict[str, Attribute] = {}
        for attribute in label.attributes:
            values = value_names(attribute)
            if not values:
                continue
            written[attribute.name] = attribute
            folder = _code(
                et,
                guid("attribute", label.name, attribute.name),
                attribute.name,
                False,
                None,
                attribute.description,
            )
            choices = {c.name: c.description for c in attribute.spec.choices}
            for value in values:
                vid = guid("value", label.name, attribute.name, value)
                ids.values[(label.name, attribute.name, value)] = vid
                folder.append(_code(et, vid, value, True, None, choices.get(value, "")))
            el.append(folder)
        ids.attributes[label.name] = written
    return roots, ids


def _place(
    et: Any, el: Any, path: tuple[str, ...], nodes: dict[tuple[str, ...], Any], roots: list[Any]
) -> None:
    """Put a code at its path, making non-codable folders for parents that are no label."""
    parent = None
    for depth in range(1, len(path)):
        at = path[:depth]
        if at not in nodes:
            nodes[at] = _code(et, guid("folder", *at), at[-1], False, None, "")
            (parent.append if parent is not None else roots.append)(nodes[at])
        parent = nodes[at]
    nodes.setdefault(path, el)
    (parent.append if parent is not None else roots.append)(el)


def _code(et: Any, gid: str, name: str, codable: bool, colour: str | None, description: str) -> Any:
    el = et.Element("Code", guid=gid, name=xml_safe(name), isCodable="true" if codable else "false")
    if colour:
        el.set("color", colour.upper())
    if description:
        et.SubElement(el, "Description").text = xml_safe(description)
    return el
