"""Quality and speed of the built-in journalism rules.

Quality: precision, recall and F1 per label on the hand-coded gold sets under tests/suggest/data,
by exact match (same label and fragments) and by overlap (same label, a code point in common),
with the attribution relations by overlap of both ends. The aim on the main set: CLAIM and
CAPTION reach 0.85 recall at 0.8 precision, overlap match. The rules were written while reading
the main set, so its figures are in-sample. The held-out set was coded after the rules and
scored once before any change (overlap P/R: CLAIM 1.00/1.00, CAPTION 1.00/0.80, SOURCE 1.00/0.95,
CUE 1.00/0.95, DATELINE 1.00/1.00, BYLINE 1.00/1.00, BOILERPLATE 1.00/0.38); the misses it showed
("(Supplied)" credits, furniture lines such as "Share" and breadcrumbs, a possessive in a
source) were then fixed, so it is no longer unseen either. Both sets share their author with the
rules: a corpus coded by others would be the real test.

Speed: the rules over 100,000 generated articles of about 3,000 characters (made from templates
here, one at a time, so memory stays flat), against a plain baseline, one regex pass over the same
texts. The rules must take under 2 minutes.

Run: python3 -m pytest tests/benchmarks/test_rules_quality.py -m benchmark -s
(ANNOTATOR_BENCH_RULES_N sets the number of articles; the time limit scales with it.)
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.suggest import DEFAULT_LABELS, apply_mapping, suggest_text

DATA = Path(__file__).parent.parent / "suggest" / "data"
LABELS = {**DEFAULT_LABELS, "dateline": "DATELINE", "byline": "BYLINE", "boilerplate": "BOILERPLATE"}
ORDER = ("CLAIM", "CAPTION", "SOURCE", "CUE", "DATELINE", "BYLINE", "BOILERPLATE")
N = int(os.environ.get("ANNOTATOR_BENCH_RULES_N", "100000"))
LIMIT_S = 120.0 * N / 100_000

Pieces = tuple[tuple[int, int], ...]


def _pieces(span: dict[str, object]) -> Pieces:
    fragments = span.get("fragments") or [[span["start"], span["end"]]]
    assert isinstance(fragments, list)
    return tuple((int(a), int(b)) for a, b in fragments)


def _overlap(a: Pieces, b: Pieces) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def _prf(hits_p: int, n_pred: int, hits_g: int, n_gold: int) -> tuple[float, float, float]:
    p = hits_p / n_pred if n_pred else 0.0
    r = hits_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(path: Path) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Per label (and relation): {"exact": (P, R, F1), "overlap": (P, R, F1), "counts": (gold, pred, 0)}."""
    counts: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold = [(s["label"], _pieces(s)) for s in record["spans"]]
        by_id = {s["id"]: (s["label"], _pieces(s)) for s in record["spans"]}
        gold_rel = [(r["label"], by_id[r["head"]][1], by_id[r["tail"]][1]) for r in record["relations"]]
        spans, relations = apply_mapping(suggest_text(record["text"]), LABELS)
        pred = [(s.label, s.span.fragments) for s in spans]
        pred_rel = [(r.label, r.head.fragments, r.tail.fragments) for r in relations]
        for label, pieces in pred:
            c = counts.setdefault(label, Counter())
            c["pred"] += 1
            c["exact_p"] += (label, pieces) in gold
            c["overlap_p"] += any(g == label and _overlap(gp, pieces) for g, gp in gold)
        for label, pieces in gold:
            c = counts.setdefault(label, Counter())
            c["gold"] += 1
            c["exact_g"] += (label, pieces) in pred
            c["overlap_g"] += any(p == label and _overlap(pp, pieces) for p, pp in pred)
        for label, head, tail in pred_rel:
            c = counts.setdefault(label, Counter())
            c["pred"] += 1
            c["exact_p"] += (label, head, tail) in gold_rel
            c["overlap_p"] += any(
                g == label and _overlap(h, head) and _overlap(t, tail) for g, h, t in gold_rel
            )
        for label, head, tail in gold_rel:
            c = counts.setdefault(label, Counter())
            c["gold"] += 1
            c["exact_g"] += (label, head, tail) in pred_rel
            c["overlap_g"] += any(
                p == label and _overlap(h, head) and _overlap(t, tail) for p, h, t in pred_rel
            )
    return {
        label: {
            "exact": _prf(c["exact_p"], c["pred"], c["exact_g"], c["gold"]),
            "overlap": _prf(c["overlap_p"], c["pred"], c["overlap_g"], c["gold"]),
            "counts": (float(c["gold"]), float(c["pred"]), 0.0),
        }
        for label, c in counts.items()
    }


def _print_table(name: str, scores: dict[str, dict[str, tuple[float, float, float]]]) -> None:
    print(f"\n{name}")
    print(
        f"{'label':14} {'gold':>5} {'pred':>5} | {'exact P':>7} {'R':>5} {'F1':>5} | {'overlap P':>9} {'R':>5} {'F1':>5}"
    )
    for label in (*ORDER, "ATTRIBUTED_TO", "CUED_BY"):
        if label not in scores:
            continue
        s = scores[label]
        gold, pred, _ = s["counts"]
        (ep, er, ef), (op, orr, of) = s["exact"], s["overlap"]
        print(
            f"{label:14} {gold:5.0f} {pred:5.0f} | {ep:7.2f} {er:5.2f} {ef:5.2f} | {op:9.2f} {orr:5.2f} {of:5.2f}"
        )


@pytest.mark.benchmark
def test_rules_quality_on_the_gold_sets() -> None:
    main = _score(DATA / "gold_rules.jsonl")
    heldout = _score(DATA / "gold_rules_heldout.jsonl")
    _print_table("gold_rules.jsonl (38 articles; the rules were written against it)", main)
    _print_table(
        "gold_rules_heldout.jsonl (15 articles, coded after the rules; its misses since fixed)", heldout
    )
    for label in ("CLAIM", "CAPTION"):
        precision, recall, _ = main[label]["overlap"]
        assert recall >= 0.85 and precision >= 0.8, (label, precision, recall)


# --- speed -------------------------------------------------------------------------------------

NAMES = [
    "Maria Lopez",
    "Park Ji-won",
    "Aled Morgan",
    "Anke Peeters",
    "Dan O'Malley",
    "Ines Okafor",
    "Zoë Márquez",
]
TITLES = ["deputy mayor", "union leader", "Health Minister", "chief executive", "fishmonger", "Councilman"]
PLACES = ["SEOUL (Reuters)", "WASHINGTON (AP)", "PORTLOW", "BRUSSELS", "RIVERSIDE, Calif.", "Paris (AFP)"]
GROUPS = ["the council", "the ministry", "a spokeswoman for the port authority", "police", "the utility"]
FILLER = [
    "The council voted {n} to {m} on Thursday to build a {n}-kilometre flood wall along the harbour front.",
    "Residents in the lower town said the water reached the second step of the church, the highest in {n} years.",
    "The plan, which still needs the approval of the regional assembly, would also add pumps in {n} streets.",
    "Shops on the quay have been closed since Monday, and the market's stallholders don't expect to reopen soon.",
    "Engineers from the '90s survey had warned that the old wall would not survive a tide above {n} centimetres.",
    "A study by Lakeside University found that {n} percent of the homes on the quay had flooded at least once.",
    "Insurers paid out {n} million euros last winter, more than in the previous five years combined.",
]
QUOTES = [
    '"We cannot ask families to bail out their kitchens every winter," said {title} {name}.',
    "“This is the largest investment in the harbour in a generation,” {name} told reporters on {day}.",
    '"We will not back down," she said, "not this year and not while the water keeps rising."',
    "{title} {name} said: “The wall is safe for cars, but not for trucks, and it will stay that way.”",
    "«Every year we wait, the bill gets bigger», said {title} {name} after the meeting.",
    "'It's the best news this town has had in years,' {name} said. 'We've waited long enough.'",
    '"The ground is saturated, so any more rain will run straight into the rivers."',
]
ACCORDING = [
    "The wall will cost {n} million euros, according to {group}.",
    "According to {group}, work will start in the spring and take {n} years.",
]
CAPTIONS = [
    "Workers stack sandbags along the promenade in Portlow on {day}. (AP Photo/{name})",
    "A firefighter sprays water on a warehouse on {day}. REUTERS/{name}",
    "Volunteers fill sandbags outside the fire station on {day}.\nPhoto: {name}/The Ledger",
]
FOOTERS = [
    "© 2026 The Coastal Ledger. All rights reserved.",
    "Sign up for our newsletter\ncoastalledger.example.com | Contact us | Privacy policy",
    "(Reporting by {name}; Editing by {name2})",
]
DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]


def _article(rng: random.Random) -> str:
    """One generated article of about 3,000 characters, shaped like wire copy or a scraped page."""

    def fill(template: str) -> str:
        return template.format(
            n=rng.randint(2, 480),
            m=rng.randint(1, 9),
            name=rng.choice(NAMES),
            name2=rng.choice(NAMES),
            title=rng.choice(TITLES),
            group=rng.choice(GROUPS),
            day=rng.choice(DAYS),
        )

    parts = ["Harbour city approves flood wall", f"By {rng.choice(NAMES)}", fill(rng.choice(CAPTIONS))]
    parts.append(f"{rng.choice(PLACES)} — {fill(rng.choice(FILLER))}")
    size = sum(len(p) for p in parts)
    while size < 2700:
        kind = rng.random()
        pool = QUOTES if kind < 0.4 else ACCORDING if kind < 0.5 else FILLER
        paragraph = fill(rng.choice(pool)) + " " + fill(rng.choice(FILLER))
        parts.append(paragraph)
        size += len(paragraph) + 2
    parts.append(fill(rng.choice(FOOTERS)))
    return "\n\n".join(parts)


def _articles(n: int) -> Iterator[str]:
    rng = random.Random(13)
    for _ in range(n):
        yield _article(rng)


BASELINE_RE = re.compile(r"\b(?:said|says|told|according to)\b|[\"“”«»]")


@pytest.mark.benchmark
def test_rules_speed_on_generated_articles() -> None:
    rules_s = baseline_s = 0.0
    chars = spans = baseline_hits = 0
    started = time.perf_counter()
    for text in _articles(N):
        chars += len(text)
        t0 = time.perf_counter()
        found = suggest_text(text)
        t1 = time.perf_counter()
        baseline_hits += len(BASELINE_RE.findall(text))
        t2 = time.perf_counter()
        rules_s += t1 - t0
        baseline_s += t2 - t1
        spans += len(found.spans)
    total_s = time.perf_counter() - started
    print(
        f"\n{N:,} articles, {chars / N:,.0f} characters on average, {spans:,} spans suggested"
        f"\nrules: {rules_s:.1f} s ({N / rules_s:,.0f} articles/s)"
        f"\nbaseline (one regex pass): {baseline_s:.2f} s ({N / baseline_s:,.0f} articles/s, {baseline_hits:,} hits)"
        f"\nratio rules / baseline: {rules_s / baseline_s:.1f}x"
        f"\nwall time with generating the articles: {total_s:.1f} s"
    )
    assert spans > N * 5, "the generated articles carry captions, datelines, quotes and footers"
    assert rules_s < LIMIT_S, f"the rules took {rules_s:.1f} s for {N:,} articles (limit {LIMIT_S:.0f} s)"
