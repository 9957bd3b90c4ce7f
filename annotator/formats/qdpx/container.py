"""The .qdpx container: a zip holding the project's .qde file and a sources folder, read without extracting."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.formats.base import ReadContext
from annotator.formats.encodings import decode
from annotator.formats.inputs import open_input
from annotator.formats.qdpx.xmlkit import is_qda, local, parse

MAX_ENTRY = 2**31 - 1
"""The standard's limit for one internal file (section 8.5)."""


class Container:
    """An open .qdpx file: its project XML and its internal sources.

    Attributes:
        path: the .qdpx file.
        qde: the name of the project XML inside it (project.qde, or the one .qde a tool named otherwise).
        notes: what was noticed while opening it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[str] = []
        with open_input(path):  # refuses pipes and devices before zipfile seeks in them
            pass
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(f"{path}: is not a REFI-QDA project (.qdpx is a zip file): {exc}") from None
        names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
        self._by_lower = {n.replace("\\", "/").lower(): n for n in names}
        top = [n for n in names if "/" not in n.replace("\\", "/") and n.lower().endswith(".qde")]
        if "project.qde" in (n.lower() for n in top):
            self.qde = next(n for n in top if n.lower() == "project.qde")
        elif len(top) == 1:
            self.qde = top[0]
            self.notes.append(
                f"{path}: its project file is named {top[0]!r}, not 'project.qde' (read anyway)"
            )
        elif not top:
            self._zip.close()
            raise ValidationError(f"{path}: holds no project.qde (is it a REFI-QDA project export?)")
        else:
            self._zip.close()
            raise ValidationError(f"{path}: holds several .qde files and no project.qde: {', '.join(top)}")

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str) -> bytes:
        """The bytes of one entry, refusing entries over the standard's size limit."""
        info = self._zip.getinfo(name)
        if info.file_size > MAX_ENTRY:
            raise ValidationError(f"{self.path}: {name} is larger than the 2 GiB a REFI-QDA file may hold")
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ValidationError(f"{self.path}: {name} cannot be read from the zip ({exc})") from None

    def project(self) -> Any:
        """The root Project element of the .qde file."""
        root = parse(self.read(self.qde), f"{self.path}: {self.qde}")
        if local(root) != "Project" or not is_qda(root, "project"):
            raise ValidationError(
                f"{self.path}: {self.qde} is not a REFI-QDA project (its root is <{local(root)}>, "
                "not <Project> in urn:QDA-XML:project:1.0)"
            )
        return root

    def internal(self, url: str) -> str | None:
        """The zip entry an `internal://NAME` path names (in sources/ or Sources/), or None."""
        name = url[len("internal://") :].lstrip("/").replace("\\", "/")
        for candidate in (f"sources/{name}", name):
            found = self._by_lower.get(candidate.lower())
            if found is not None:
                return found
        return None

    def text(self, entry: str, ctx: ReadContext) -> str:
        """A plain-text source: UTF-8 as the standard says (or --encoding, or a BOM's), without its BOM."""
        return decode(self.read(entry), f"{self.path}: {entry}", ctx)
