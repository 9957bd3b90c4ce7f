"""The pieces of a discontinuous span: adding one, removing the one at a position."""

from __future__ import annotations

from collections.abc import Iterable

Pieces = tuple[tuple[int, int], ...]


def merge_pieces(pieces: Iterable[tuple[int, int]]) -> Pieces:
    """Pieces in order, with pieces that overlap or touch joined into one (fragments never touch)."""
    out: list[list[int]] = []
    for s, e in sorted(p for p in pieces if p[0] < p[1]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def piece_at(pieces: Pieces, pos: int) -> int | None:
    """The index of the piece holding position `pos` (or ending at it), or None."""
    for i, (s, e) in enumerate(pieces):
        if s <= pos < e:
            return i
    for i, (_s, e) in enumerate(pieces):
        if pos == e:
            return i
    return None


def without_piece(pieces: Pieces, index: int) -> Pieces:
    """The pieces without the one at `index`."""
    return pieces[:index] + pieces[index + 1 :]
