"""Selection positions: our code points <-> the unit a REFI-QDA file counts in.

The standard counts Unicode code points of the plain-text file, from 0; the
end is exclusive in every implementation read (see the package docstring).
Two real-world departures are supported: counting UTF-16 code units (an
astral character such as an emoji counts two), and counting a CRLF line
break as one character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from annotator.core.errors import ValidationError
from annotator.formats.base import Options, opt_str
from annotator.formats.units import unit_name

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Unit:
    """How a file counts positions.

    Attributes:
        utf16: an astral character counts two (UTF-16 code units) instead of one.
        crlf_one: a CR LF pair counts one instead of two.
    """

    utf16: bool = False
    crlf_one: bool = False

    def describe(self) -> str:
        """The unit in words, for notes and messages."""
        base = "UTF-16 code units" if self.utf16 else "code points"
        return f"{base}, a CRLF line break counted as one" if self.crlf_one else base


STANDARD = Unit()


class UnitMap:
    """Converts positions in one text between code points and a file's unit."""

    def __init__(self, text: str, unit: Unit) -> None:
        self.text = text
        self.length = len(text)
        weights: dict[int, int] = {}
        if unit.utf16 and not text.isascii():
            for m in _ASTRAL.finditer(text):
                weights[m.start()] = 1  # one unit more than one
        if unit.crlf_one:
            for m in re.finditer("\r\n", text):
                weights[m.start() + 1] = -1  # the LF of a pair counts nothing
        self._at = sorted(weights)
        self._sum = [0]
        for index in self._at:
            self._sum.append(self._sum[-1] + weights[index])
        self.units = self.to_units(self.length)

    def to_units(self, cp: int) -> int:
        """The file position of a code-point offset (0 <= cp <= length)."""
        return cp + self._sum[bisect_left(self._at, cp)]

    def to_code_point(self, unit: int) -> int | None:
        """The code-point offset of a file position, or None when it falls inside a character or past the end.

        Where a pair counts one (CR LF), the offset after the pair is returned.
        """
        if not 0 <= unit <= self.units:
            return None
        if not self._at:
            return unit
        lo, hi = 0, self.length  # the largest cp with to_units(cp) <= unit
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.to_units(mid) <= unit:
                lo = mid
            else:
                hi = mid - 1
        return lo if self.to_units(lo) == unit else None


def export_unit(options: Options) -> Unit:
    """The unit an export writes: the standard's code points, or UTF-16 with --option positions=utf16."""
    name = opt_str(options, "positions", "codepoints")
    return Unit(utf16=unit_name(name) == "utf16")


def import_unit(options: Options, origin: str) -> tuple[Unit, str]:
    """The unit to read a project's positions in, and why (options first, then the exporting tool).

    `positions=auto|codepoints|utf16` and `crlf=auto|two|one`. Automatically,
    NVivo's positions are read as UTF-16 code units and ATLAS.ti's as counting
    a CRLF line break once (what the importers that read them do); any other
    tool's as the standard's code points.
    """
    tool = origin.lower()
    positions = opt_str(options, "positions", "auto").strip().lower()
    crlf = opt_str(options, "crlf", "auto").strip().lower()
    if positions == "auto":
        utf16 = "nvivo" in tool
        why_units = "NVivo counts UTF-16 code units" if utf16 else "the standard's unit"
    else:
        utf16 = unit_name(positions) == "utf16"
        why_units = "as asked"
    if crlf == "auto":
        crlf_one = "atlas.ti" in tool
        why_crlf = "; ATLAS.ti counts a CRLF line break once" if crlf_one else ""
    elif crlf in ("one", "1"):
        crlf_one, why_crlf = True, "; a CRLF line break counted once, as asked"
    elif crlf in ("two", "2"):
        crlf_one, why_crlf = False, ""
    else:
        raise ValidationError(f"option crlf: expected auto, one or two, got {crlf!r}")
    return Unit(utf16, crlf_one), f"{why_units}{why_crlf}"
