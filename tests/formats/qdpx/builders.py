"""Building .qdpx files by hand for the tests: position oracles independent of the code under test, and XML pieces."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

NS = "urn:QDA-XML:project:1.0"


def cp(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """[start, end) of the nth `part` in code points."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def utf16(text: str, i: int) -> int:
    """A code-point offset counted in UTF-16 code units."""
    return len(text[:i].encode("utf-16-le")) // 2


def crlf_once(text: str, i: int) -> int:
    """A code-point offset counted with each CRLF as one character."""
    return len(text[:i].replace("\r\n", "\n"))


def zip_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    """Write a .qdpx: the project XML and the given files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def sel(
    guid: str, span: tuple[int, int], codings: str, name: str = "", user: str = "", extra: str = ""
) -> str:
    """A PlainTextSelection element."""
    who = f' creatingUser="{user}"' if user else ""
    return (
        f'<PlainTextSelection guid="{guid}" name={quoteattr(name)} startPosition="{span[0]}" '
        f'endPosition="{span[1]}"{who} creationDateTime="2025-03-14T09:26:53Z">{extra}{codings}</PlainTextSelection>\n'
    )


def coding(guid: str, code: str, user: str = "") -> str:
    """A Coding element referring to a code."""
    who = f' creatingUser="{user}"' if user else ""
    return f'<Coding guid="{guid}"{who}><CodeRef targetGUID="{code}" /></Coding>'


@dataclass(frozen=True)
class Expected:
    """What importing a fixture must give: per document title, its text and spans (start, end, label, annotator, note)."""

    texts: dict[str, str]
    spans: dict[str, set[tuple[int, int, str, str | None, str | None]]]
