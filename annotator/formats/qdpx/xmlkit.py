"""XML plumbing for REFI-QDA: namespaces, safe parsing with lxml, element helpers, GUIDs and XML-safe text."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

from annotator.core.errors import ValidationError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_NS_PREFIX = "urn:QDA-XML:"

GUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
)
"""The standard's GUIDType: 8-4-4-4-12 hex digits, optionally in braces."""

_GUID_SPACE = uuid.UUID("6f1c1a52-8f9e-5d0b-9a53-0b4c3e1d7a21")
# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def etree() -> Any:
    """lxml.etree, imported when a REFI-QDA file is read or written."""
    try:
        from lxml import etree as module
    except ImportError as exc:  # pragma: no cover - lxml comes with trafilatura
        raise ValidationError(f"REFI-QDA files need lxml ({exc}); pip install lxml") from None
    return module


def guid(*parts: str) -> str:
    """A deterministic GUID for an item named by `parts` (the same project gives the same GUIDs)."""
    return str(uuid.uuid5(_GUID_SPACE, "\x1f".join(parts)))


def guid_of_hex(value: str, *salt: str) -> str:
    """A span or relation id of 32 hex digits as a GUID (so it survives a round trip), else a derived one."""
    if not salt and re.fullmatch(r"[0-9a-fA-F]{32}", value):
        return str(uuid.UUID(value.lower()))
    return guid("id", value, *salt)


def hex_of_guid(value: str) -> str:
    """A GUID as the 32 lower-case hex digits of our ids."""
    return value.strip("{}").replace("-", "").lower()


def xml_safe(text: str) -> str:
    """Text with the characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def parse(data: bytes, where: str) -> Any:
    """Parse an XML document without fetching, loading a DTD or expanding entities."""
    et = etree()
    parser = et.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return et.fromstring(data, parser)
    except et.XMLSyntaxError as exc:
        line = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise ValidationError(f"{where}{line}: not well-formed XML ({exc.msg})") from None


def local(el: Any) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(el: Any) -> str:
    """An element's namespace URI ("" when it has none)."""
    tag = el.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def is_qda(el: Any, kind: str) -> bool:
    """True when the element is in a QDA-XML namespace of that kind ("project" or "codebook")."""
    ns = namespace(el)
    return ns.startswith(f"{_NS_PREFIX}{kind}:") or ns == ""


def kids(el: Any, name: str | None = None) -> Iterator[Any]:
    """The child elements (of one local name), in document order."""
    for child in el:
        tag = local(child)
        if tag and (name is None or tag == name):
            yield child


def kid(el: Any, name: str) -> Any | None:
    """The first child element of that local name, or None."""
    return next(kids(el, name), None)


def text_of(el: Any | None) -> str:
    """The text inside an element ("" when absent or empty)."""
    if el is None:
        return ""
    return "".join(el.itertext())


def where_of(el: Any, where: str) -> str:
    """`where` with the element's line, for messages."""
    line = getattr(el, "sourceline", None)
    return f"{where} line {line}" if line else where
