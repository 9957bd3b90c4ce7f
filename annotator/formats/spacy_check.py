"""The checks of one spaCy Doc of a DocBin, shared by `annotator validate` and the writer, which checks each Doc it adds.

The writer's check runs on the Doc it serialises, before the DocBin is made
bytes; that those bytes reach the disk unchanged is proven afterwards by
`verify.confirm` (size and CRC-32 re-read), so an export's self-check needs no
second parse of its shards (tests/formats/test_spacy_shards.py shows both
checks find the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.formats.base import ValidationResult
from annotator.formats.checks import check_span
from annotator.formats.spacy_bin import doc_text
from annotator.formats.spacy_extras import RELATIONS, fragment_groups


def check_doc(
    doc: Any,
    where: str,
    key: str,
    labels: tuple[str, ...] | None,
    result: ValidationResult,
    text: str | None = None,
) -> None:
    """Check one Doc's span group, entities, fragments and relations (a discontinuous span counts once).

    `text` is the Doc's text when the caller has it already (the writer, which
    built the Doc from those tokens); otherwise it is joined from the Doc.
    """
    result.documents += 1
    if text is None:
        text = doc_text(doc)  # not doc.text, which makes a Token object per token
    seen: set[tuple[int, int, str, str | None]] = set()
    in_group = set()
    for sp in doc.spans.get(key, []):
        result.spans += 1
        in_group.add((sp.start_char, sp.end_char, sp.label_))
        check_span(
            result,
            where,
            text,
            sp.start_char,
            sp.end_char,
            sp.label_,
            quoted=sp.text,
            labels=labels,
            seen=seen,
        )
    groups = fragment_groups(doc.user_data)
    pieces: set[tuple[int, int, str]] = set()
    for (start, end, label), frags in groups.items():
        w = f"{where} [{start}, {end}) {label!r}"
        result.spans -= len(frags) - 1  # one discontinuous span, however many pieces
        if not frags or frags[0][0] != start or frags[-1][1] != end:
            result.add(w, "its fragments do not run from the span's start to its end")
        for a, b in frags:
            pieces.add((a, b, label))
            if (a, b, label) not in in_group:
                result.add(w, f"fragment [{a}, {b}) missing from doc.spans[{key!r}]")
    hulls = in_group | set(groups)
    for ent in doc.ents:
        ref = (ent.start_char, ent.end_char, ent.label_)
        if ref not in in_group:
            result.add(f"{where} [{ref[0]}, {ref[1]}) {ref[2]!r}", f"entity missing from doc.spans[{key!r}]")
        elif ref in pieces and ref not in groups:
            result.add(
                f"{where} [{ref[0]}, {ref[1]}) {ref[2]!r}",
                "a fragment of a discontinuous span is in doc.ents",
            )
    for i, rel in enumerate(doc.user_data.get(RELATIONS, ()), 1):
        ends = [rel.get(k) if isinstance(rel, Mapping) else None for k in ("head", "tail")]
        if not all(isinstance(e, list | tuple) and tuple(e) in hulls for e in ends):
            result.add(f"{where}, relation {i}", "its head or tail is not a span of the document")
