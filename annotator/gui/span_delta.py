"""What one change did to the open article's spans, so that views update by it instead of diffing every span."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.types import Origin, Span


@dataclass(frozen=True)
class SpanDelta:
    """Spans added, removed, and replaced (old, new) by one change of the open article."""

    added: tuple[Span, ...] = ()
    removed: tuple[Span, ...] = ()
    changed: tuple[tuple[Span, Span], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def before(self) -> list[Span]:
        """The spans as they were: removed ones and the old side of changed ones."""
        return [*self.removed, *(old for old, _new in self.changed)]

    def after(self) -> list[Span]:
        """The spans as they are: added ones and the new side of changed ones."""
        return [*self.added, *(new for _old, new in self.changed)]

    def involves(self, origin: Origin) -> bool:
        """Whether a span it adds, removes or changes has (or had) that origin."""
        return any(s.origin is origin for s in (*self.before(), *self.after()))

    def annotations(self) -> SpanDelta:
        """The same change seen by views of annotations only (pending suggestions left out).

        A suggestion that is accepted becomes an annotation here: added, not changed.
        """
        suggested = Origin.SUGGESTED
        added = [s for s in self.added if s.origin is not suggested]
        removed = [s for s in self.removed if s.origin is not suggested]
        changed = []
        for old, new in self.changed:
            if old.origin is suggested and new.origin is not suggested:
                added.append(new)
            elif old.origin is not suggested and new.origin is suggested:
                removed.append(old)
            elif old.origin is not suggested:
                changed.append((old, new))
        return SpanDelta(tuple(added), tuple(removed), tuple(changed))


def same(a: Span, b: Span) -> bool:
    """Whether two spans are equal: identity first, then their fields compared as one dict (not 13 tuples)."""
    return a is b or a.__dict__ == b.__dict__


def diff(old: Iterable[Span], new: Iterable[Span]) -> SpanDelta:
    """The delta from one set of spans to another, matched by id."""
    before = {s.id: s for s in old}
    added, changed = [], []
    for span in new:
        was = before.pop(span.id, None)
        if was is None:
            added.append(span)
        elif not same(was, span):
            changed.append((was, span))
    return SpanDelta(tuple(added), tuple(before.values()), tuple(changed))
