"""The attributions export and its Citron variant: the documented shapes, on a split quote, a source and a cue."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import (
    AnnotatedDocument,
    Document,
    Label,
    LabelKind,
    LabelSchema,
    Relation,
    Role,
    Span,
)
from annotator.formats import attributions, citron, registry
from annotator.formats.base import ExportContext, ReadContext
from annotator.formats.exporting import export_single
from annotator.formats.validate import validate_file

from .codebook_corpus import SECOND, SPLIT, at, context, corpus, split_quote

SPAN_KEYS = {"start", "end", "text"}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _span(text: str, part: str) -> dict[str, Any]:
    start, end = at(text, part)
    return {"start": start, "end": end, "text": part}


def _problems(path: Path, **options: str) -> list[str]:
    return [str(p) for p in attributions.validate(path, ReadContext(options), None).problems]


def test_one_line_per_attribution_with_the_split_quote_in_two_pieces(tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    outcome = export_single(registry.get_format("attributions"), out, context(), corpus())
    lines = _lines(out)
    assert [set(line) for line in lines] == [{"doc_id", "content", "source", "cue", "annotator"}] * 3
    split, later, ferry = lines
    assert split == {
        "doc_id": "ledger-7",
        "content": [_span(SPLIT, '"We will not back down,"'), _span(SPLIT, '"not this year."')],
        "source": _span(SPLIT, "she"),
        "cue": _span(SPLIT, "said"),
        "annotator": "alice",
    }
    assert later["content"] == [_span(SPLIT, "will meet again in May")]
    assert later["source"] == _span(SPLIT, "its chair Noor Vessel")
    assert later["cue"] == _span(SPLIT, "according to")
    # A content nobody attributed is still an attribution, with neither source nor cue.
    assert ferry == {
        "doc_id": "wire-2",
        "content": [_span(SECOND, "the ferry 🚢 runs on time")],
        "source": None,
        "cue": None,
        "annotator": "alice",
    }
    texts = _lines(tmp_path / "quotes.texts.jsonl")
    assert [(t["doc_id"], t["text"]) for t in texts] == [("ledger-7", SPLIT), ("wire-2", SECOND)]
    # The source that no content links is said, not silently lost.
    assert "attributions: dropped 1 SOURCE item(s): not part of an attribution (no CLAIM span links it)" in (
        outcome.stats.notes("attributions")
    )
    assert (outcome.stats.documents, outcome.stats.spans, outcome.stats.relations) == (2, 7, 4)
    assert _problems(out) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda o: o["content"][1].update(start=o["content"][1]["start"] + 1), "differs from the text"),
        (lambda o: o["source"].update(end=10_000), "not a non-empty range inside the text"),
        (lambda o: o.update(content=list(reversed(o["content"]))), "in text order"),
        (lambda o: o.update(doc_id="nowhere"), "names no document"),
        (lambda o: o.pop("cue"), "missing cue"),
    ],
    ids=["shifted", "outside", "reversed", "unknown-doc", "no-cue-key"],
)
def test_the_validator_names_the_line_of_a_broken_attribution(
    tmp_path: Path, change: Any, expected: str
) -> None:
    out = tmp_path / "quotes.jsonl"
    attributions.write([split_quote()], out, context())
    lines = _lines(out)
    change(lines[0])
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    problems = _problems(out)
    assert problems and all("line 1" in p for p in problems), problems
    assert any(expected in p for p in problems), problems


def test_the_validator_checks_the_texts_against_their_hash(tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    attributions.write([split_quote()], out, context())
    texts = tmp_path / "quotes.texts.jsonl"
    texts.write_text(texts.read_text(encoding="utf-8").replace("harbour", "harbor"), encoding="utf-8")
    assert any("differs from its text_sha256" in p for p in _problems(out))
    texts.unlink()
    assert _problems(out) == [f"{texts}: the texts file beside the attributions is missing"]


def test_citron_folder_has_one_file_per_document_in_citrons_shape(tmp_path: Path) -> None:
    out = tmp_path / "citron"
    records = corpus()
    outcome = export_single(registry.get_format("citron"), out, context(), records)
    assert sorted(p.name for p in out.iterdir()) == ["export.json", "ledger-7.json", "wire-2.json"]
    ledger = json.loads((out / "ledger-7.json").read_text(encoding="utf-8"))
    assert set(ledger) == {"text", "quotes"} and ledger["text"] == SPLIT
    first, second = ledger["quotes"]
    assert set(first) == {"cue", "sources", "contents", "id"}
    assert first["cue"] == _span(SPLIT, "said")
    assert first["sources"] == [_span(SPLIT, "she")]
    assert first["contents"] == [_span(SPLIT, '"We will not back down,"'), _span(SPLIT, '"not this year."')]
    assert first["id"] == records[0].spans[0].id
    assert second["cue"] == _span(SPLIT, "according to")
    # The ferry claim has no cue, so Citron gets the document without a quote, and the report says so.
    wire = json.loads((out / "wire-2.json").read_text(encoding="utf-8"))
    assert wire == {"text": SECOND, "quotes": []}
    assert "citron: dropped 1 CLAIM item(s): a content without a cue: Citron's quotes need one" in (
        outcome.stats.notes("citron")
    )
    for quote in ledger["quotes"]:
        for span in [quote["cue"], *quote["sources"], *quote["contents"]]:
            assert set(span) == SPAN_KEYS and SPLIT[span["start"] : span["end"]] == span["text"]
    # `annotator validate` tells the folder by its marker, not as a brat folder.
    assert registry.detect_any(out)[0].name == "citron"


def test_every_json_file_of_a_citron_export_is_a_citron_document(tmp_path: Path) -> None:
    out = tmp_path / "citron"
    export_single(registry.get_format("citron"), out, context(), corpus())
    for path in sorted(out.rglob("*.json")):  # as Citron's get_files walks the folder
        body = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(body.get("text"), str) and isinstance(body.get("quotes"), list), path.name


def test_a_citron_exports_marker_is_an_empty_citron_document_validate_has_nothing_to_say(
    tmp_path: Path,
) -> None:
    out = tmp_path / "citron"
    export_single(registry.get_format("citron"), out, context(), corpus())
    result, decided = validate_file(out)
    assert "checked as citron" in decided and result.problems == [] and result.documents == 2
    assert "export.json: the annotator's export marker is no Citron document" not in decided


def test_citron_validator_names_a_quote_without_cue_and_a_wrong_offset(tmp_path: Path) -> None:
    out = tmp_path / "citron"
    citron.write([split_quote()], out, context())
    path = out / "ledger-7.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    del body["quotes"][0]["cue"]
    body["quotes"][1]["contents"][0]["end"] += 1
    path.write_text(json.dumps(body), encoding="utf-8")
    problems = [str(p) for p in citron.validate(out, ReadContext(), None).problems]
    assert any("quote 1: has no cue" in p for p in problems), problems
    assert any("quote 2, content 1" in p and "differs from the text" in p for p in problems), problems


def test_the_attributions_format_with_citron_true_is_the_citron_folder(tmp_path: Path) -> None:
    options = {"citron": "true"}
    assert registry.export_format("attributions", options).name == "citron"
    assert registry.export_format("attributions", {}).name == "attributions"
    out = tmp_path / "via-option"
    stats = attributions.write(corpus(), out, context(**options))
    assert out.is_dir() and (out / "ledger-7.json").is_file()
    result = attributions.validate(out, ReadContext(options), None)
    assert (result.format, result.documents, result.spans, result.problems) == ("citron", 2, stats.spans, [])


def test_roles_come_from_the_codebooks_flags_and_its_relation_labels(tmp_path: Path) -> None:
    text = "Mira Holt told reporters the bridge is safe."
    quote = Span(*at(text, "the bridge is safe"), "QUOTE")
    speaker = Span(*at(text, "Mira Holt"), "SPEAKER")
    verb = Span(*at(text, "told reporters"), "VERB")
    schema = LabelSchema(
        (
            Label("QUOTE", role=Role.CONTENT),
            Label("SPEAKER", role=Role.SOURCE),
            Label("VERB", role=Role.CUE),
            Label("SAID_BY", LabelKind.RELATION, head="QUOTE", tail="SPEAKER"),
            Label("VIA", LabelKind.RELATION, head="QUOTE", tail="VERB"),
        )
    )
    record = AnnotatedDocument(
        Document(text, external_id="q-1"),
        (quote, speaker, verb),
        (Relation(quote.id, speaker.id, "SAID_BY"), Relation(quote.id, verb.id, "VIA")),
    )
    out = tmp_path / "q.jsonl"
    stats = attributions.write([record], out, ExportContext(options={}, schema=schema))
    (line,) = _lines(out)
    assert (line["source"]["text"], line["cue"]["text"]) == ("Mira Holt", "told reporters")
    assert not stats.dropped
    # An ATTRIBUTED_TO of the default schema means nothing here: counted, not followed.
    other = replace(record, relations=(Relation(quote.id, speaker.id, "ATTRIBUTED_TO"),))
    stats = attributions.write([other], tmp_path / "r.jsonl", ExportContext(options={}, schema=schema))
    assert _lines(tmp_path / "r.jsonl")[0]["source"] is None
    assert any(label == "ATTRIBUTED_TO" for label, _ in stats.dropped)
    with pytest.raises(ValidationError, match="needs a content label"):
        attributions.write(
            [record], tmp_path / "s.jsonl", ExportContext(options={"content": "NOPE"}, schema=schema)
        )


def test_several_sources_one_kept_in_the_line_every_one_in_citron(tmp_path: Path) -> None:
    text = "The mayor and the council said the wall holds."
    claim = Span(*at(text, "the wall holds"), "CLAIM")
    mayor, council = Span(*at(text, "The mayor"), "SOURCE"), Span(*at(text, "the council"), "SOURCE")
    said = Span(*at(text, "said"), "CUE")
    record = AnnotatedDocument(
        Document(text, external_id="m-1"),
        (claim, council, mayor, said),
        (
            Relation(claim.id, council.id, "ATTRIBUTED_TO"),
            Relation(claim.id, mayor.id, "ATTRIBUTED_TO"),
            Relation(claim.id, said.id, "CUED_BY"),
        ),
    )
    stats = attributions.write([record], tmp_path / "a.jsonl", context())
    assert _lines(tmp_path / "a.jsonl")[0]["source"] == _span(text, "The mayor")  # the first in the text
    assert sum(n for (label, _), n in stats.dropped.items() if label == "SOURCE") == 1
    citron.write([record], tmp_path / "c", context())
    (quote,) = json.loads((tmp_path / "c" / "m-1.json").read_text(encoding="utf-8"))["quotes"]
    assert quote["sources"] == [_span(text, "The mayor"), _span(text, "the council")]


def test_identical_quotes_of_two_coders_are_one_citron_quote_and_two_lines(tmp_path: Path) -> None:
    text = "Ada said the wall holds."
    spans, relations = [], []
    for who in ("alice", "bob"):
        claim = Span(*at(text, "the wall holds"), "CLAIM", annotator=who)
        ada, said = (
            Span(*at(text, "Ada"), "SOURCE", annotator=who),
            Span(*at(text, "said"), "CUE", annotator=who),
        )
        spans += [claim, ada, said]
        relations += [Relation(claim.id, ada.id, "ATTRIBUTED_TO"), Relation(claim.id, said.id, "CUED_BY")]
    record = AnnotatedDocument(Document(text, external_id="w"), tuple(spans), tuple(relations))
    attributions.write([record], tmp_path / "a.jsonl", context())
    assert [line["annotator"] for line in _lines(tmp_path / "a.jsonl")] == ["alice", "bob"]
    stats = citron.write([record], tmp_path / "c", context())
    assert len(json.loads((tmp_path / "c" / "w.json").read_text(encoding="utf-8"))["quotes"]) == 1
    assert ("CLAIM", "the same quote by another annotator (merged)") in stats.dropped


def test_documents_sharing_an_id_get_distinct_doc_ids_and_files(tmp_path: Path) -> None:
    twins = [AnnotatedDocument(Document(t, external_id="export")) for t in ("One text.", "Another text.")]
    attributions.write(twins, tmp_path / "a.jsonl", context())
    assert [t["doc_id"] for t in _lines(tmp_path / "a.texts.jsonl")] == ["export", "export~2"]
    citron.write(twins, tmp_path / "c", context())
    # Never export.json: that name is the export marker's.
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["export-2.json", "export_2.json"]
