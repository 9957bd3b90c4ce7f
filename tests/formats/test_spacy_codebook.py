"""spaCy and the codebook: spaCy loads the DocBin and finds doc.cats, the fragments in doc.spans, and user_data; textcat trains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ValidationError
from annotator.formats import registry, spacy_docbin
from annotator.formats.base import ReadContext
from annotator.formats.exporting import export_single

from .codebook_corpus import SECOND, SPLIT, at, context, corpus

spacy = pytest.importorskip("spacy")


def _docs(path: Path) -> list[Any]:
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def _export(tmp_path: Path, **options: str) -> tuple[list[Any], Any]:
    out = tmp_path / "corpus.spacy"
    outcome = export_single(registry.get_format("spacy"), out, context(**options), corpus())
    return _docs(out), outcome.stats


def test_choice_multi_and_bool_variables_are_doc_cats(tmp_path: Path) -> None:
    (split, ferry), _ = _export(tmp_path)
    assert split.cats == {
        "FRAME=conflict": 1.0,
        "FRAME=economic": 0.0,
        "FRAME=human interest": 0.0,
        "TOPICS=politics": 1.0,
        "TOPICS=economy": 0.0,
        "TOPICS=transport": 1.0,
        "BREAKING": 0.0,
    }
    # Its coders disagree on BREAKING: no category at all (missing, not false).
    assert ferry.text == SECOND and "BREAKING" not in ferry.cats
    assert ferry.cats["FRAME=economic"] == 1.0 and ferry.cats["TOPICS=economy"] == 1.0


def test_a_split_quote_is_two_spans_in_sc_linked_in_user_data_and_no_entity(tmp_path: Path) -> None:
    (split, _), stats = _export(tmp_path)
    first, second = at(SPLIT, '"We will not back down,"'), at(SPLIT, '"not this year."')
    claims = sorted((s.start_char, s.end_char, s.text) for s in split.spans["sc"] if s.label_ == "CLAIM")
    assert claims[:2] == [(*first, '"We will not back down,"'), (*second, '"not this year."')]
    ents = {(e.start_char, e.end_char) for e in split.ents}
    assert first not in ents and second not in ents
    assert split.user_data[("annotator.fragments", first[0], second[1], "CLAIM")] == (first, second)
    assert any("discontinuous span is no entity" in n for n in stats.notes("spacy"))


def test_attributes_relations_and_every_value_are_in_user_data(tmp_path: Path) -> None:
    (split, _), stats = _export(tmp_path)
    she = at(SPLIT, "she")
    assert split.user_data[("annotator.attributes", *she, "SOURCE")] == {"type": "official", "named": False}
    chair = at(SPLIT, "its chair Noor Vessel")
    assert split.user_data[("annotator.attributes", *chair, "SOURCE")] == {"named": True}
    relations = {
        (SPLIT[r["head"][0] : r["head"][1]], r["label"], SPLIT[r["tail"][0] : r["tail"][1]])
        for r in split.user_data["annotator.relations"]
    }
    assert ('"We will not back down," she said, "not this year."', "ATTRIBUTED_TO", "she") in relations
    assert ("will meet again in May", "CUED_BY", "according to") in relations
    assert len(relations) == 4 == stats.relations
    values = {(v["label"], v["annotator"]): v["value"] for v in split.user_data["annotator.document_values"]}
    assert (
        values[("TONE", "alice")] == 2 and values[("SUMMARY", "alice")] == "A board that will not back down."
    )


def test_the_validator_counts_a_discontinuous_span_once(tmp_path: Path) -> None:
    _, stats = _export(tmp_path)
    result = spacy_docbin.validate(tmp_path / "corpus.spacy", ReadContext(), None)
    assert result.problems == []
    # 7 spans in the first article (the split quote once) and 1 in the second.
    assert result.spans == stats.spans == 8


def test_a_fragment_missing_from_the_span_group_is_named(tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    (split, _), _ = _export(tmp_path)
    first = at(SPLIT, '"We will not back down,"')
    split.spans["sc"] = [s for s in split.spans["sc"] if (s.start_char, s.end_char) != first]
    path = tmp_path / "broken.spacy"
    DocBin(docs=[split], store_user_data=True).to_disk(path)
    problems = [str(p) for p in spacy_docbin.validate(path, ReadContext(), None).problems]
    assert any(f"fragment [{first[0]}, {first[1]}) missing" in p for p in problems), problems


def test_exclusive_textcat_trains_on_one_variable_and_multilabel_on_all(tmp_path: Path) -> None:
    from spacy.training import Example

    def train(docs: list[Any], pipe: str) -> set[str]:
        nlp = spacy.blank("en")
        nlp.add_pipe(pipe)
        examples = [Example(nlp.make_doc(d.text), d) for d in docs]
        optimizer = nlp.initialize(lambda: examples)
        nlp.update(examples, sgd=optimizer)
        return set(nlp.get_pipe(pipe).labels)

    (tmp_path / "frame").mkdir()
    (tmp_path / "all").mkdir()
    frame_only, _ = _export(tmp_path / "frame", cats="FRAME")
    assert set(frame_only[0].cats) == {"FRAME=conflict", "FRAME=economic", "FRAME=human interest"}
    assert train(frame_only, "textcat") == set(frame_only[0].cats)
    everything, _ = _export(tmp_path / "all")
    assert "BREAKING" in train(everything, "textcat_multilabel")
    # Every variable at once has several positives per document, which the exclusive textcat refuses.
    with pytest.raises(ValueError, match="E895"):
        train(everything, "textcat")


def test_the_cats_option_names_known_variables_only(tmp_path: Path) -> None:
    with pytest.raises(
        ValidationError, match="option cats: TONE is not a choice, multi or bool document variable"
    ):
        export_single(registry.get_format("spacy"), tmp_path / "x.spacy", context(cats="TONE"), corpus())
