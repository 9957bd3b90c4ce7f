"""Gold: each strategy settles exactly what it should, never replaces gold, and curation accepts undoably."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.core.errors import ValidationError
from annotator.core.types import DocStatus
from annotator.project import Workspace
from tests.project.team_data import CODEBOOK, Coded, add_articles, code
from tests.project.team_rows import table_rows

OFFICIAL, EXPERT = {"type": "official"}, {"type": "expert"}


def _data() -> dict[str, dict[int, Coded]]:
    """Article 0: three coders who partly agree; article 1: two who agree on all; article 2: one coder."""
    claim, source = (0, 9, "CLAIM", {}), (13, 21, "SOURCE", OFFICIAL)
    return {
        "alice": {
            0: Coded(
                [claim, source, (30, 40, "CLAIM", {}), (50, 60, "CLAIM", {})],
                {"FRAME": "conflict", "TONE": 3},
                relations=[(0, 1, "ATTRIBUTED_TO")],
            ),
            1: Coded([claim], {"FRAME": "morality"}),
            2: Coded([claim], {"FRAME": "economic"}),
        },
        "bob": {
            0: Coded(
                [claim, source, (50, 60, "CLAIM", {})],
                {"FRAME": "conflict", "TONE": 3},
                relations=[(0, 1, "ATTRIBUTED_TO")],
            ),
            1: Coded([claim], {"FRAME": "morality"}),
        },
        "carol": {0: Coded([claim, (13, 21, "SOURCE", EXPERT)], {"FRAME": "economic", "TONE": 3})},
    }


@pytest.fixture
def coded(db_url: str) -> Iterator[tuple[Workspace, list[int]]]:
    with Workspace.open(db_url) as ws:
        ws.create_project("P", CODEBOOK)
        ids = add_articles(ws, "P", 3)
        for coder, codings in _data().items():
            code(ws, "P", coder, codings)
        yield ws, ids


def _gold(ws: Workspace, doc_id: int) -> tuple[set[tuple[str, int, int, str | None]], dict[str, object], int]:
    lanes = ws.team.lanes(doc_id)
    spans = {(s.label, s.start, s.end, s.attributes.get("type")) for s in lanes.gold.spans}
    return spans, {v.label: v.value for v in lanes.gold.values}, len(lanes.gold.relations)


def test_majority_settles_what_more_than_half_have(coded: tuple[Workspace, list[int]]) -> None:
    ws, ids = coded
    report = ws.team.build_gold("P", "majority")
    assert report.documents == 2  # article 2 has one coder
    assert (report.spans, report.attributes, report.relations, report.values) == (4, 1, 1, 3)
    assert report.settled == 9 and report.remaining == 1 and report.curated == 1
    spans, values, relations = _gold(ws, ids[0])
    assert spans == {("CLAIM", 0, 9, None), ("SOURCE", 13, 21, "official"), ("CLAIM", 50, 60, None)}
    assert values == {"FRAME": "conflict", "TONE": 3} and relations == 1
    assert ws.status(ids[0], annotator="gold") == DocStatus.IN_PROGRESS  # CLAIM 30-40 is left for curation
    assert ws.status(ids[1], annotator="gold") == DocStatus.DONE
    assert ws.status(ids[2], annotator="gold") == DocStatus.TODO
    before = table_rows(ws)
    again = ws.team.build_gold("P", "majority")
    assert again.settled == 0 and again.remaining == 1 and again.already == 9 and again.curated == 0
    assert table_rows(ws) == before  # a second run changes nothing
    exported = list(ws.export_records("P", annotator="gold"))
    assert sum(len(r.spans) for r in exported) == 4 and exported[1].status == DocStatus.DONE


def test_unanimous_settles_only_what_everyone_has(coded: tuple[Workspace, list[int]]) -> None:
    ws, ids = coded
    report = ws.team.build_gold("P", "unanimous")
    assert (report.spans, report.attributes, report.relations, report.values) == (3, 0, 0, 2)
    assert report.remaining == 5  # CLAIM 30-40, CLAIM 50-60, SOURCE.type, the relation, FRAME
    spans, values, relations = _gold(ws, ids[0])
    assert (
        spans == {("CLAIM", 0, 9, None), ("SOURCE", 13, 21, None)}
        and values == {"TONE": 3}
        and relations == 0
    )


def test_coder_takes_that_coders_annotations(coded: tuple[Workspace, list[int]]) -> None:
    ws, ids = coded
    report = ws.team.build_gold("P", "coder:carol")
    assert report.documents == 1 and report.settled == 5 and report.remaining == 3
    spans, values, _relations = _gold(ws, ids[0])
    assert spans == {("CLAIM", 0, 9, None), ("SOURCE", 13, 21, "expert")}
    assert values == {"FRAME": "economic", "TONE": 3}
    one = ws.team.build_gold("P", "majority", min_coders=1, gold="gold2")
    assert one.documents == 3 and _gold(ws, ids[2])[0] == set()  # gold2 is another annotator
    assert {v.label: v.value for v in ws.values(ids[2], annotator="gold2")} == {"FRAME": "economic"}


def test_gold_is_never_replaced_and_the_build_undoes_as_one_step(coded: tuple[Workspace, list[int]]) -> None:
    ws, ids = coded
    ws.set_value(ids[0], "FRAME", "morality", annotator="gold")
    ws.add_span(
        document=ids[0], start=13, end=21, label="SOURCE", annotator="gold", attributes={"type": "citizen"}
    )
    before = table_rows(ws)
    report = ws.team.build_gold("P", "majority")
    spans, values, _relations = _gold(ws, ids[0])
    assert ("SOURCE", 13, 21, "citizen") in spans and values["FRAME"] == "morality"
    assert report.already == 3  # the SOURCE span, its type, FRAME
    assert ws.undo_text == "build gold (majority)"
    ws.undo()
    assert table_rows(ws, skip=["projects"]) == {k: v for k, v in before.items() if k != "projects"}
    ws.redo()
    assert _gold(ws, ids[0])[0] == spans


def test_bad_strategies_are_refused(coded: tuple[Workspace, list[int]]) -> None:
    ws, _ids = coded
    for strategy, message in (
        ("most", "--strategy"),
        ("coder:", "--strategy"),
        ("coder:zoe", "zoe has not coded"),
        ("coder:gold", "gold annotator itself"),
    ):
        with pytest.raises(ValidationError, match=message):
            ws.team.build_gold("P", strategy)
    with pytest.raises(ValidationError, match="--min-coders"):
        ws.team.build_gold("P", "majority", min_coders=0)
    before = table_rows(ws)
    report = ws.team.build_gold("P", "majority", min_coders=4)
    assert report.documents == 0 and report.changes.empty and ws.undo_text is None
    assert table_rows(ws) == before and "gold" not in ws.annotators()  # not even the gold annotator's row


def test_curation_accepts_spans_relations_values_and_what_agrees(coded: tuple[Workspace, list[int]]) -> None:
    ws, ids = coded
    doc = ids[0]
    lanes = ws.team.lanes(doc)
    assert lanes.coders == ("alice", "bob", "carol")
    alone = next(s for s in lanes.codings["alice"].spans if s.start == 30)
    assert lanes.supporters(alone) == ("alice",) and not lanes.agreed(alone) and not lanes.in_gold(alone)
    accepted = ws.team.accept_span(alone.id)
    assert accepted.value.annotator == "gold" and accepted.changes.spans == {doc}
    assert ws.status(doc, annotator="gold") == DocStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="already has that CLAIM"):
        ws.team.accept_span(alone.id)
    relation = lanes.codings["bob"].relations[0]
    assert lanes.relation_supporters(relation) == ("alice", "bob")
    ws.team.accept_relation(relation.id)
    spans, _values, relations = _gold(ws, doc)
    assert relations == 1 and {("CLAIM", 0, 9, None), ("SOURCE", 13, 21, "official")} <= spans
    ws.undo()
    assert _gold(ws, doc)[0] == {("CLAIM", 30, 40, None)}  # the relation and the two spans it brought
    ws.team.accept_value(doc, "FRAME", "carol")
    assert _gold(ws, doc)[1] == {"FRAME": "economic"}
    ws.team.accept_value(doc, "FRAME", "alice")
    ws.undo()
    assert _gold(ws, doc)[1] == {"FRAME": "economic"}
    with pytest.raises(ValidationError, match="has not coded TOPICS"):
        ws.team.accept_value(doc, "TOPICS", "alice")
    agreed = ws.team.accept_agreeing(doc)
    assert agreed.value == 3  # CLAIM 0-9, SOURCE 13-21 (its type is disputed), TONE; FRAME is gold's already
    assert ws.status(doc, annotator="gold") == DocStatus.IN_PROGRESS  # the curator says when it is done
    assert ws.team.accept_agreeing(doc).value == 0
    ws.team.set_curation_status(doc, DocStatus.DONE)
    assert ws.status(doc, annotator="gold") == DocStatus.DONE
    ws.undo()
    assert ws.status(doc, annotator="gold") == DocStatus.IN_PROGRESS
