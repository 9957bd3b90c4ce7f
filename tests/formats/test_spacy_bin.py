"""The spacy export's cheaper steps give what spaCy's own give: the same DocBin bytes, the same text, the same msgpack."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.formats.spacy_bin import add_doc, doc_text, joined, registries_once

spacy = pytest.importorskip("spacy")

ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]


def _docs() -> list[Any]:
    """Docs like the export's (blank and English vocabularies, spans, entities, cats, user data) and odd ones."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    vocab = Vocab()
    plain = Doc(vocab, words=["Ada", "said", "café", "😀", "\n", "ok", "."], spaces=[1, 1, 1, 0, 0, 0, 0])
    plain.spans["sc"] = [plain.char_span(0, 3, label="SOURCE"), plain.char_span(4, 13, label="CLAIM")]
    plain.ents = [plain.char_span(0, 3, label="SOURCE")]
    plain.cats = {"FRAME=conflict": 1.0, "BREAKING": 0.0}
    plain.user_data[("annotator.fragments", 4, 13, "CLAIM")] = [[4, 8], [9, 13]]
    plain.user_data["annotator.relations"] = [{"head": [0, 3, "SOURCE"], "tail": [4, 13, "CLAIM"]}]
    english = spacy.blank("en").tokenizer("Hello World, the Minister SAID  so, don't.\tYes")
    english.spans["sc"] = [english[1:2]]
    english.spans["sc"][0].label_ = "PLACE"
    tagged = Doc(vocab, words=["a", "b"], tags=["DT", "NN"], lemmas=["x", "y"])
    return [plain, english, Doc(vocab, words=[]), tagged]


def test_add_doc_gives_the_bytes_of_docbin_add() -> None:
    from spacy.tokens import DocBin

    mine, theirs = DocBin(attrs=ATTRS, store_user_data=True), DocBin(attrs=ATTRS, store_user_data=True)
    with registries_once():
        for doc in _docs():
            add_doc(mine, doc)
            theirs.add(doc)
        assert mine.strings == theirs.strings
        assert mine.to_bytes() == theirs.to_bytes()


def test_doc_text_is_doc_text() -> None:
    for doc in _docs():
        assert doc_text(doc) == doc.text
        assert joined([t.text for t in doc], [t.whitespace_ == " " for t in doc]) == doc.text


def test_msgpack_inside_registries_once_is_msgpack_outside_and_the_registries_are_restored() -> None:
    import numpy as np
    import srsly
    from srsly import msgpack

    value = {"a": [1, 2.5, "x"], "arr": np.arange(4)}
    outside = srsly.msgpack_dumps(value)
    with registries_once(), registries_once():
        inside = srsly.msgpack_dumps(value)
        back = srsly.msgpack_loads(inside)
    assert inside == outside
    assert np.array_equal(back["arr"], value["arr"])
    assert "get_all" not in msgpack.msgpack_encoders.__dict__
    assert "get_all" not in msgpack.msgpack_decoders.__dict__
