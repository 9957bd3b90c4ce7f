"""Training a spaCy span categorizer (spancat, overlaps allowed) from a blank pipeline, and scoring it on a dev part.

Nothing is downloaded: the pipeline is `spacy.blank(lang)` with spaCy's default spancat
model (hash embeddings and a CNN over the tokens, no pretrained vectors). Spans are cut to
whole tokens of spaCy's tokenizer (widened where an edge falls inside a token); spans longer
than `max_tokens` tokens are kept in the dev gold but cannot be proposed (spancat scores
n-grams up to that length). Precision, recall and F1 per label count exact matches of label
and token span at the model's threshold.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import Cancelled, ValidationError
from annotator.suggest.spacy_support import blank, char_pieces, require_spacy

SPANS_KEY = "sc"
THRESHOLD = 0.5
WHAT = "annotator train"
Progress = Callable[[int, int | None], bool]
"""Called with (steps done, steps in all); returning False cancels."""


@dataclass(frozen=True)
class TrainDoc:
    """A document to learn from or score on: its text and its spans (label, start, end) in code points."""

    text: str
    spans: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label on the dev part, with its gold and predicted counts."""

    label: str
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int


@dataclass(frozen=True)
class EpochInfo:
    """One epoch done: its number (from 1), the training loss and the dev F1 over all labels."""

    epoch: int
    epochs: int
    loss: float
    dev_f1: float | None


@dataclass
class TrainResult:
    """What training learnt and how well it does on the dev part.

    Attributes:
        nlp: the trained spaCy pipeline (`nlp.to_disk(path)` saves it).
        scores: per label, in the order of `labels`.
        overall: all labels together (micro average).
        widened: spans whose edges fell inside a token, widened to whole tokens.
        too_long: spans longer than max_tokens tokens (not proposable by this model).
    """

    nlp: Any
    labels: tuple[str, ...]
    scores: list[LabelScore] = field(default_factory=list)
    overall: LabelScore | None = None
    train_docs: int = 0
    dev_docs: int = 0
    widened: int = 0
    too_long: int = 0
    sizes: tuple[int, ...] = ()


def _examples(nlp: Any, docs: Sequence[TrainDoc], labels: frozenset[str]) -> tuple[list[Any], int, list[int]]:
    """spaCy Examples of documents (spans cut to tokens), how many were widened, and each span's token length."""
    from spacy.tokens import Span as SpacySpan
    from spacy.training import Example

    out: list[Any] = []
    widened = 0
    lengths: list[int] = []
    for item in docs:
        reference = nlp.make_doc(item.text)
        spans = []
        seen: set[tuple[str, int, int]] = set()
        for label, start, end in item.spans:
            if label not in labels:
                continue
            tokens = char_pieces(reference, start, end)
            if tokens is None:
                continue
            first, last = tokens
            widened += (reference[first].idx, reference[last - 1].idx + len(reference[last - 1])) != (
                start,
                end,
            )
            if (label, first, last) not in seen:
                seen.add((label, first, last))
                spans.append(SpacySpan(reference, first, last, label=label))
                lengths.append(last - first)
        reference.spans[SPANS_KEY] = spans
        out.append(Example(nlp.make_doc(item.text), reference))
    return out, widened, lengths


def score(nlp: Any, examples: Sequence[Any], labels: Sequence[str]) -> tuple[list[LabelScore], LabelScore]:
    """Exact-match precision, recall and F1 per label (and over all) of the pipeline on examples."""
    gold: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    docs = nlp.pipe([eg.reference.text for eg in examples], batch_size=32)
    for eg, doc in zip(examples, docs, strict=True):
        want = {(s.label_, s.start_char, s.end_char) for s in eg.reference.spans[SPANS_KEY]}
        got = {(s.label_, s.start_char, s.end_char) for s in doc.spans[SPANS_KEY]}
        for label, *_ in want:
            gold[label] += 1
        for item in got:
            predicted[item[0]] += 1
            hits[item[0]] += item in want
    rows = [_row(label, hits[label], predicted[label], gold[label]) for label in labels]
    overall = _row("all", sum(hits.values()), sum(predicted.values()), sum(gold.values()))
    return rows, overall


def _row(label: str, hits: int, predicted: int, gold: int) -> LabelScore:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return LabelScore(label, p, r, 2 * p * r / (p + r) if p + r else 0.0, gold, predicted)


def train_spancat(
    train: Sequence[TrainDoc],
    dev: Sequence[TrainDoc],
    labels: Sequence[str],
    *,
    lang: str = "en",
    epochs: int = 10,
    seed: int = 0,
    max_tokens: int = 12,
    progress: Progress | None = None,
    on_epoch: Callable[[EpochInfo], None] | None = None,
) -> TrainResult:
    """Train a span categorizer on `train`, score it on `dev` after each epoch; `progress` may cancel."""
    if epochs < 1:
        raise ValidationError("--epochs must be 1 or more")
    if not train:
        raise ValidationError("there is nothing to train on: no document in the training part")
    nlp = blank(lang, WHAT)
    util = require_spacy(WHAT).util
    util.fix_random_seed(seed)
    wanted = frozenset(labels)
    train_examples, widened, lengths = _examples(nlp, train, wanted)
    dev_examples, dev_widened, _ = _examples(nlp, dev, wanted)
    if not lengths:
        raise ValidationError(f"the training part has no span of the labels {', '.join(labels)}")
    longest = min(max(lengths), max_tokens)
    sizes = tuple(range(1, longest + 1))
    config = {
        "spans_key": SPANS_KEY,
        "threshold": THRESHOLD,
        "suggester": {"@misc": "spacy.ngram_suggester.v1", "sizes": list(sizes)},
    }
    spancat = nlp.add_pipe("spancat", config=config)
    for label in labels:
        spancat.add_label(label)
    optimizer = nlp.initialize(lambda: train_examples)
    rng = random.Random(seed)
    batch_size = 4
    per_epoch = -(-len(train_examples) // batch_size)
    total, steps = per_epoch * epochs, 0
    if progress is not None and not progress(0, total):
        raise Cancelled("training cancelled; no model was written")
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in util.minibatch(train_examples, size=batch_size):
            nlp.update(batch, drop=0.1, sgd=optimizer, losses=losses)
            steps += 1
            if progress is not None and not progress(steps, total):
                raise Cancelled("training cancelled; no model was written")
        if on_epoch is not None:
            f1 = score(nlp, dev_examples, labels)[1].f1 if dev_examples else None
            on_epoch(EpochInfo(epoch, epochs, float(losses.get("spancat", 0.0)), f1))
    result = TrainResult(nlp, tuple(labels), train_docs=len(train), dev_docs=len(dev), sizes=sizes)
    result.widened = widened + dev_widened
    result.too_long = sum(1 for n in lengths if n > longest)
    if dev_examples:
        result.scores, result.overall = score(nlp, dev_examples, labels)
    return result
