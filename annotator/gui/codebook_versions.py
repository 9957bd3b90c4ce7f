"""Which codebook version an annotation was made under, in words, and the choices of the window's version filter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ALL, UNDER, BEFORE, UNKNOWN = "all", "under", "before", "unknown"


@dataclass(frozen=True)
class VersionChoice:
    """Which annotations a version filter keeps.

    Attributes:
        mode: ALL (every one), UNDER (made under `version`), BEFORE (made under an earlier
            version than `version`), UNKNOWN (no version recorded: imported without one).
        version: the version UNDER and BEFORE compare with.
    """

    mode: str = ALL
    version: int = 0

    @property
    def active(self) -> bool:
        """True when the choice hides some annotations."""
        return self.mode != ALL

    def accepts(self, version: int | None) -> bool:
        """Whether an annotation made under `version` (None: not recorded) is kept."""
        if self.mode == UNDER:
            return version == self.version
        if self.mode == BEFORE:
            return version is not None and version < self.version
        if self.mode == UNKNOWN:
            return version is None
        return True

    def describe(self) -> str:
        """The choice in a few words, for the filter's count ("made under codebook v1")."""
        if self.mode == UNDER:
            return f"made under codebook v{self.version}"
        if self.mode == BEFORE:
            return f"made before codebook v{self.version}"
        if self.mode == UNKNOWN:
            return "without a recorded codebook version"
        return "under any codebook version"


EVERY = VersionChoice()


def made_under(version: int | None, current: int | None = None) -> str:
    """An annotation's version in words: "Made under codebook v2" (with `current`: "… (now v3)")."""
    if version is None:
        return "Codebook version not recorded (imported without one)"
    if current is not None and version < current:
        return f"Made under codebook v{version} (now v{current})"
    return f"Made under codebook v{version}"


def choices(
    versions: Iterable[int | None], current: int, keep: VersionChoice = EVERY
) -> list[tuple[str, VersionChoice]]:
    """The filter's entries: all, each version that occurs, none recorded, and before the current one.

    `keep` is listed even when no annotation matches it now (another article is open), so a
    filter stays chosen from one article to the next. "Before" always means before `current`.
    """
    found = set(versions)
    known = {v for v in found if v is not None}
    if keep.mode == UNDER:
        known.add(keep.version)
    out = [("All codebook versions", EVERY)]
    for version in sorted(known):
        now = " (current)" if version == current else ""
        out.append((f"Made under v{version}{now}", VersionChoice(UNDER, version)))
    if None in found or keep.mode == UNKNOWN:
        out.append(("Version not recorded", VersionChoice(UNKNOWN)))
    if any(v < current for v in known) or keep.mode == BEFORE:
        out.append((f"Made before the current version (v{current})", VersionChoice(BEFORE, current)))
    return out


def position(entries: list[tuple[str, VersionChoice]], chosen: VersionChoice) -> int:
    """The entry to show for a choice; "before the current version" follows the codebook to its new version."""
    for i, (_text, choice) in enumerate(entries):
        if choice == chosen or (chosen.mode == BEFORE and choice.mode == BEFORE):
            return i
    return 0
