"""A checker of REFI-QDA XML written for these tests from the standard's text (REFI-QDA 1.5, sections 5.2-5.3).

It knows the elements our writer uses and the ones around them: for each, its
children in order with their counts, and its attributes with their types and
whether they are required. Anything else (an unknown element or attribute, a
wrong order, a missing required attribute, a value of the wrong type) is a
problem. The XSD itself is not shipped with the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

PROJECT = "urn:QDA-XML:project:1.0"
CODEBOOK = "urn:QDA-XML:codebook:1.0"
MANY = 1 << 30

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
SIMPLE = {
    "guid": re.compile(rf"{_GUID}|\{{{_GUID}\}}"),
    "rgb": re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"),
    "boolean": re.compile(r"true|false|1|0"),
    "integer": re.compile(r"[+-]?\d+"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "date": re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"),
    "dateTime": re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"),
    "string": re.compile(r".*", re.S),
    "direction": re.compile(r"Associative|OneWay|Bidirectional"),
    "variableType": re.compile(r"Text|Boolean|Integer|Float|Date|DateTime"),
}


@dataclass(frozen=True)
class Part:
    """One place in an element's sequence: the names allowed there (several for a choice), and counts."""

    names: tuple[str, ...]
    low: int
    high: int


@dataclass(frozen=True)
class Kind:
    """An element type: its children's sequence, its attributes (name -> (type, required)), or a simple text type."""

    parts: tuple[Part, ...] = ()
    attrs: dict[str, tuple[str, bool]] = field(default_factory=dict)
    text: str | None = None


def one(name: str) -> Part:
    return Part((name,), 1, 1)


def opt(name: str) -> Part:
    return Part((name,), 0, 1)


def many(name: str, low: int = 0) -> Part:
    return Part((name,), low, MANY)


USERS_AT = {"creatingUser": ("guid", False), "creationDateTime": ("dateTime", False)}
MODIFIED_AT = {"modifyingUser": ("guid", False), "modifiedDateTime": ("dateTime", False)}
TEXT_SOURCE = Kind(
    (
        opt("Description"),
        opt("PlainTextContent"),
        many("PlainTextSelection"),
        many("Coding"),
        many("NoteRef"),
        many("VariableValue"),
    ),
    {
        "guid": ("guid", True),
        "name": ("string", False),
        "richTextPath": ("string", False),
        "plainTextPath": ("string", False),
        **USERS_AT,
        **MODIFIED_AT,
    },
)
REF = Kind((), {"targetGUID": ("guid", True)})
SECTIONS = (
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
)

PROJECT_KINDS: dict[str, Kind] = {
    "Project": Kind(
        (*map(opt, SECTIONS), many("NoteRef")),
        {
            "name": ("string", True),
            "origin": ("string", False),
            "creatingUserGUID": ("guid", False),
            "creationDateTime": ("dateTime", False),
            "modifyingUserGUID": ("guid", False),
            "modifiedDateTime": ("dateTime", False),
            "basePath": ("string", False),
        },
    ),
    "Users": Kind((many("User", 1),)),
    "User": Kind((), {"guid": ("guid", True), "name": ("string", False), "id": ("string", False)}),
    "CodeBook": Kind((one("Codes"),)),
    "Codes": Kind((many("Code", 1),)),
    "Code": Kind(
        (opt("Description"), many("NoteRef"), many("Code")),
        {
            "guid": ("guid", True),
            "name": ("string", True),
            "isCodable": ("boolean", True),
            "color": ("rgb", False),
        },
    ),
    "Variables": Kind((many("Variable", 1),)),
    "Variable": Kind(
        (opt("Description"),),
        {"guid": ("guid", True), "name": ("string", True), "typeOfVariable": ("variableType", True)},
    ),
    "VariableValue": Kind(
        (
            one("VariableRef"),
            Part(
                ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"),
                0,
                1,
            ),
        )
    ),
    "Sources": Kind((Part(("TextSource",), 1, MANY),)),
    "TextSource": TEXT_SOURCE,
    "Note": TEXT_SOURCE,
    "PlainTextSelection": Kind(
        (opt("Description"), many("Coding"), many("NoteRef")),
        {
            "guid": ("guid", True),
            "name": ("string", False),
            "startPosition": ("integer", True),
            "endPosition": ("integer", True),
            **USERS_AT,
            **MODIFIED_AT,
        },
    ),
    "Coding": Kind((one("CodeRef"), many("NoteRef")), {"guid": ("guid", True), **USERS_AT}),
    "Notes": Kind((many("Note", 1),)),
    "Links": Kind((many("Link", 1),)),
    "Link": Kind(
        (many("NoteRef"),),
        {
            "guid": ("guid", True),
            "name": ("string", False),
            "direction": ("direction", False),
            "color": ("rgb", False),
            "originGUID": ("guid", False),
            "targetGUID": ("guid", False),
        },
    ),
    "CodeRef": REF,
    "NoteRef": REF,
    "VariableRef": REF,
    "Description": Kind(text="string"),
    "PlainTextContent": Kind(text="string"),
    "TextValue": Kind(text="string"),
    "BooleanValue": Kind(text="boolean"),
    "IntegerValue": Kind(text="integer"),
    "FloatValue": Kind(text="decimal"),
    "DateValue": Kind(text="date"),
    "DateTimeValue": Kind(text="dateTime"),
}

CODEBOOK_KINDS: dict[str, Kind] = {
    "CodeBook": Kind((one("Codes"), opt("Sets")), {"origin": ("string", False)}),
    "Codes": PROJECT_KINDS["Codes"],
    "Code": Kind(
        (opt("Description"), many("Code")),
        {
            "guid": ("guid", True),
            "name": ("string", True),
            "isCodable": ("boolean", True),
            "color": ("rgb", False),
        },
    ),
    "Description": Kind(text="string"),
}


def problems(data: bytes, root: str = "Project") -> list[str]:
    """Every way the document departs from the standard's schema (empty when it conforms)."""
    ns, kinds = (PROJECT, PROJECT_KINDS) if root == "Project" else (CODEBOOK, CODEBOOK_KINDS)
    tree = etree.fromstring(data)
    found: list[str] = []
    if tree.tag != f"{{{ns}}}{root}":
        return [f"root is {tree.tag}, not {{{ns}}}{root}"]
    _check(tree, ns, kinds, found)
    return found


def _check(el: Any, ns: str, kinds: dict[str, Kind], found: list[str]) -> None:
    name = etree.QName(el).localname
    where = f"line {el.sourceline} <{name}>"
    if etree.QName(el).namespace != ns:
        found.append(f"{where}: not in {ns}")
        return
    kind = kinds.get(name)
    if kind is None:
        found.append(f"{where}: not an element these rules know")
        return
    for attr, value in el.attrib.items():
        if attr.startswith("{"):
            continue  # xsi:schemaLocation and the like
        if attr not in kind.attrs:
            found.append(f"{where}: attribute {attr} is not allowed")
        elif not SIMPLE[kind.attrs[attr][0]].fullmatch(value):
            found.append(f"{where}: {attr}={value!r} is not a {kind.attrs[attr][0]}")
    for attr, (_, required) in kind.attrs.items():
        if required and attr not in el.attrib:
            found.append(f"{where}: required attribute {attr} is missing")
    children = [c for c in el if isinstance(c.tag, str)]
    if kind.text is not None:
        if children:
            found.append(f"{where}: holds elements, but is text only")
        elif not SIMPLE[kind.text].fullmatch(
            (el.text or "").strip() if kind.text != "string" else el.text or ""
        ):
            found.append(f"{where}: {el.text!r} is not a {kind.text}")
        return
    if (el.text or "").strip():
        found.append(f"{where}: holds text outside its elements")
    at = 0
    for part in kind.parts:
        count = 0
        while at < len(children) and etree.QName(children[at]).localname in part.names and count < part.high:
            at, count = at + 1, count + 1
        if count < part.low:
            found.append(f"{where}: needs at least {part.low} <{'|'.join(part.names)}> here")
    for extra in children[at:]:
        found.append(
            f"line {extra.sourceline} <{etree.QName(extra).localname}>: not allowed at this place in <{name}>"
        )
    for child in children:
        _check(child, ns, kinds, found)
    if name in ("TextSource", "Note") and (el.find(f"{{{ns}}}PlainTextContent") is None) == (
        el.get("plainTextPath") is None
    ):
        found.append(f"{where}: needs PlainTextContent or plainTextPath, not both and not neither")
