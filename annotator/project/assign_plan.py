"""The arithmetic of an assignment plan: which coder codes which article, and which articles are double-coded.

Pure: given the articles (by id and text hash), who they are already assigned to and the
request, it returns the new assignments. The order articles are dealt in comes from a hash
of the seed and each text, so the same seed gives the same plan whatever order the database
lists them in, and a re-run deals only the articles nobody has yet.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.core.errors import ValidationError
from annotator.core.validation import check_annotator_name

DEFAULT_OVERLAP = 0.2
"""The share of articles coded by several coders when neither --overlap nor --per-doc is given."""


@dataclass(frozen=True)
class PlanSpec:
    """What an assignment is asked to do.

    Attributes:
        coders: who codes, in the order given.
        overlap: the share of all the articles (0..1) that several coders code (the reliability sample).
        per_doc: how many coders code each article of that share.
        seed: the seed of the dealing order.
    """

    coders: tuple[str, ...]
    overlap: float
    per_doc: int
    seed: int = 0


def plan_spec(
    coders: Sequence[str], overlap: float | None = None, per_doc: int | None = None, seed: int = 0
) -> PlanSpec:
    """Check a request; without --overlap, --per-doc N means every article goes to N coders.

    With neither, 20% of the articles go to two coders; `overlap=0` deals every article once.
    """
    names = tuple(c.strip() for c in coders if c.strip())
    if not names:
        raise ValidationError("name at least one coder (e.g. --coders alice,bob)")
    for name in names:
        check_annotator_name(name, "--coders")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValidationError(f"--coders names {', '.join(twice)} twice")
    if overlap is not None and not 0.0 <= overlap <= 1.0:
        raise ValidationError(f"--overlap must be a share between 0 and 1 (e.g. 0.2), not {overlap}")
    if per_doc is not None and not 2 <= per_doc <= len(names):
        raise ValidationError(
            f"--per-doc must be between 2 and the number of coders ({len(names)}), not {per_doc}"
        )
    share = overlap if overlap is not None else (1.0 if per_doc is not None else DEFAULT_OVERLAP)
    if len(names) == 1:
        if overlap:
            raise ValidationError("--overlap needs at least two coders")
        share = 0.0
    return PlanSpec(names, share, per_doc or 2, seed)


@dataclass(frozen=True)
class Candidate:
    """An article that may be assigned: its id and its text hash (what orders it, stably)."""

    doc_id: int
    key: str


@dataclass(frozen=True)
class Plan:
    """The new assignments of one run.

    Attributes:
        assignments: article id -> its new coders (articles already assigned are not in it).
        shared: how many of those articles go to several coders.
        per_coder: coder -> how many new articles they get.
        kept: articles left as they were because they were already assigned.
    """

    assignments: Mapping[int, tuple[str, ...]]
    shared: int
    per_coder: Mapping[str, int] = field(default_factory=dict)
    kept: int = 0


def _rank(seed: int, key: str) -> bytes:
    return hashlib.sha256(f"{seed}\x00{key}".encode()).digest()


def make_plan(
    candidates: Sequence[Candidate], existing: Mapping[int, Collection[str]], spec: PlanSpec
) -> Plan:
    """Deal the articles nobody has yet; the articles already assigned stay as they are.

    The shared articles are the first of the dealing order, as many as make `spec.overlap`
    of all the candidates shared after this run (counting those already shared). They are
    dealt first, each to the coders who share fewest articles so far (so every pair of
    coders meets), then the rest, each to the coder with the fewest articles; ties are
    broken per article by the seed. A coder added later catches up on the new articles.
    """
    loads: Counter[str] = Counter({c: 0 for c in spec.coders})
    shared: Counter[str] = Counter({c: 0 for c in spec.coders})
    for coders in existing.values():
        mine = [c for c in coders if c in loads]
        loads.update(mine)
        if len(coders) > 1:
            shared.update(mine)
    fresh = [c for c in candidates if not existing.get(c.doc_id)]
    fresh.sort(key=lambda c: (_rank(spec.seed, c.key), c.doc_id))
    already = sum(1 for c in candidates if len(existing.get(c.doc_id, ())) > 1)
    want = max(0, min(len(fresh), round(spec.overlap * len(candidates)) - already))
    if len(spec.coders) < 2:
        want = 0
    out: dict[int, tuple[str, ...]] = {}
    per_coder: Counter[str] = Counter()
    for i, cand in enumerate(fresh):
        tie = {c: _rank(spec.seed, f"{cand.key}\x00{c}") for c in spec.coders}
        if i < want:
            order = sorted(spec.coders, key=lambda c: (shared[c], loads[c], tie[c]))
            chosen = order[: spec.per_doc]
            shared.update(chosen)
        else:
            chosen = sorted(spec.coders, key=lambda c: (loads[c], tie[c]))[:1]
        loads.update(chosen)
        per_coder.update(chosen)
        out[cand.doc_id] = tuple(sorted(chosen, key=spec.coders.index))
    return Plan(
        out, want, {c: per_coder[c] for c in spec.coders if per_coder[c]}, len(candidates) - len(fresh)
    )
