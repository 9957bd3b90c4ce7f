"""Cheaper equivalents of three spaCy steps the spacy export repeats per document (issue 14).

- `registries_once`: srsly's msgpack wraps its encoders and decoders anew on
  every pack and unpack, and looks up installed packages' entry points each
  time (`catalogue` -> `importlib.metadata`), six times per document; within
  the block each registry is read once and that answer given again.
- `add_doc`: `DocBin.add` with the strings of a Doc's tokens read from one
  `Doc.to_array` instead of nine attributes of a Token object per token; the
  DocBin's bytes are the same (tests/formats/test_spacy_bin.py compares them).
- `doc_text`: `doc.text` from the token array, without a Token object per token.

spaCy is imported by the callers (`spacy_docbin`), never at import time here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

_STRING_ATTRS = ("ORTH", "NORM", "TAG", "LEMMA", "MORPH", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")
"""The token attributes whose strings `DocBin.add` keeps (text, tag_, lemma_, norm_, morph, dep_, ent_*)."""
_UNSET = ("TAG", "LEMMA", "MORPH", "DEP", "ENT_KB_ID", "ENT_ID")
"""Attributes our Docs never set: a Doc with any of them set goes through `DocBin.add` itself."""
_UNSET_COLUMNS = [i for i, a in enumerate(_STRING_ATTRS) if a in _UNSET]
_SET_COLUMNS = [i for i, a in enumerate(_STRING_ATTRS) if a not in _UNSET]
_SPACE = ("", " ")


@contextmanager
def registries_once() -> Iterator[None]:
    """Within the block, srsly's msgpack encoders and decoders are looked up once, not on every pack and unpack."""
    from srsly import msgpack  # type: ignore[import-untyped]

    registries = (msgpack.msgpack_encoders, msgpack.msgpack_decoders)
    saved = [r.__dict__.get("get_all") for r in registries]
    for registry in registries:
        found = dict(registry.get_all())
        registry.get_all = lambda found=found: dict(found)
    try:
        yield
    finally:
        for registry, before in zip(registries, saved, strict=True):
            if before is None:
                del registry.get_all
            else:
                registry.get_all = before


def add_doc(bin_: Any, doc: Any) -> None:
    """`bin_.add(doc)` for a Doc with tokens, spaces, entities, spans, cats and user data only."""
    import numpy as np
    import srsly
    from spacy.attrs import IDS, SPACY

    strings = doc.vocab.strings
    kept = len(bin_.attrs)
    array = doc.to_array([*bin_.attrs, SPACY, *(IDS[a] for a in _STRING_ATTRS)])
    if array.ndim == 1:  # no tokens
        array = array.reshape((0, kept + 1 + len(_STRING_ATTRS)))
    hashes = array[:, kept + 1 :]
    if hashes[:, _UNSET_COLUMNS].any():
        bin_.add(doc)
        return
    bin_.tokens.append(np.ascontiguousarray(array[:, :kept]))
    bin_.spaces.append(np.asarray(array[:, kept : kept + 1], dtype=bool))
    bin_.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
    if len(doc):
        bin_.strings.add("")  # the unset attributes' string
        bin_.strings.update(map(strings.__getitem__, np.unique(hashes[:, _SET_COLUMNS]).tolist()))
    bin_.cats.append(doc.cats)
    if bin_.store_user_data:
        bin_.user_data.append(srsly.msgpack_dumps(doc.user_data))
    bin_.span_groups.append(doc.spans.to_bytes())
    for group in doc.spans.values():
        for span in group:
            bin_.strings.add(span.label_)
            if span.kb_id in strings:
                bin_.strings.add(span.kb_id_)
            if span.id in strings:
                bin_.strings.add(span.id_)


def doc_text(doc: Any) -> str:
    """`doc.text`, joined from the Doc's token array."""
    from spacy.attrs import ORTH, SPACY

    if not len(doc):
        return ""
    orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
    return joined(list(map(doc.vocab.strings.__getitem__, orths)), spaces)


def joined(words: Sequence[str], spaces: Sequence[bool | int]) -> str:
    """The text of tokens with these trailing-space flags, as `Doc(words=..., spaces=...).text` gives it."""
    return "".join(chain.from_iterable(zip(words, map(_SPACE.__getitem__, spaces), strict=True)))
