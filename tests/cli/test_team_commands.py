"""`annotator assign / assignments / agreement / gold / merge`: what they print, write and refuse."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.types import DocStatus
from annotator.project import Workspace
from tests.project.team_data import CODEBOOK, Coded, add_articles, code

SOURCE = (13, 21, "SOURCE", {"type": "official"})


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code_ = main(list(args))
    out, err = capsys.readouterr()
    return code_, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    target = str(tmp_path / "team.sqlite3")
    with Workspace.open(target) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 12)
        for coder, shift in (("alice", 0), ("bob", 1)):
            code(
                ws,
                "P",
                coder,
                {
                    i: Coded(
                        [(0, 9 + (shift if i % 4 == 0 else 0), "CLAIM", {}), SOURCE],
                        {
                            "FRAME": "conflict" if i % 3 else "economic",
                            "TONE": 2 + (shift if i % 5 == 0 else 0),
                        },
                    )
                    for i in range(10)
                },
            )
    return target


def test_assign_and_assignments(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code_, out, _ = _run(
        capsys,
        "assign",
        "--project",
        "P",
        "--coders",
        "alice,bob,carol",
        "--overlap",
        "0.25",
        "--seed",
        "4",
        "--db",
        db,
    )
    assert code_ == 0 and out.startswith("assigned 12 article(s), 3 of them to several coders: ")
    code_, out, _ = _run(capsys, "assign", "--project", "P", "--coders", "alice,bob,carol", "--db", db)
    assert code_ == 0 and "assigned 0 article(s)" in out and "12 article(s) already assigned" in out
    code_, out, _ = _run(capsys, "assignments", "--project", "P", "--db", db)
    lines = out.splitlines()
    assert code_ == 0 and lines[0].split() == [
        "coder",
        "assigned",
        "done",
        "in",
        "progress",
        "shared",
        "progress",
    ]
    assert [line.split()[0] for line in lines[2:]] == ["alice", "bob", "carol"]
    assert sum(int(line.split()[1]) for line in lines[2:]) == 15
    code_, _, err = _run(
        capsys, "assign", "--project", "P", "--coders", "alice", "--overlap", "0.5", "--db", db
    )
    assert code_ == 1 and "at least two coders" in err
    code_, _, err = _run(
        capsys, "assign", "--project", "P", "--coders", "alice,bob", "--per-doc", "3", "--db", db
    )
    assert code_ == 1 and "--per-doc" in err


def test_agreement_prints_a_table_and_json_of_the_documented_shape(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code_, out, _ = _run(capsys, "agreement", "--project", "P", "--bootstrap", "100", "--db", db)
    assert code_ == 0
    assert out.startswith(
        "10 article(s) of the project marked done by at least two of alice, bob (12 in the project)"
    )
    assert "FRAME" in out and "alpha_u" in out and "SOURCE.type" in out and "alice|bob" in out
    code_, out, _ = _run(
        capsys, "agreement", "--project", "P", "--bootstrap", "100", "--seed", "2", "--json", "--db", db
    )
    data = json.loads(out)
    assert code_ == 0 and data["coders"] == ["alice", "bob"] and data["documents"] == 10
    frame = data["variables"]["FRAME"]
    assert {"level", "alpha", "ci95", "units", "pairable_values", "kappa_pairs", "fleiss_kappa"} <= set(frame)
    assert frame["level"] == "nominal" and frame["units"] == 10 and frame["pairable_values"] == 20
    assert set(frame["kappa_pairs"]) == {"alice|bob"} and len(frame["ci95"]) == 2
    claim = data["spans"]["CLAIM"]
    assert {"f1_exact", "f1_overlap", "alpha_u", "ci95", "pairs"} <= set(claim)
    assert set(claim["ci95"]) == {"f1_exact", "f1_overlap", "alpha_u"} and claim["pairs"] == 1
    assert claim["f1_exact"] < claim["f1_overlap"] == 1.0
    assert "SOURCE.type" in data["attributes"] and data["bootstrap"] == {"draws": 100, "seed": 2}
    again = json.loads(
        _run(
            capsys, "agreement", "--project", "P", "--bootstrap", "100", "--seed", "2", "--json", "--db", db
        )[1]
    )
    assert again == data  # the same seed, the same intervals


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.methods = ""
        self._in_methods = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_methods = (tag == "p" and ("class", "methods") in attrs) or self._in_methods

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_methods = False

    def handle_data(self, data: str) -> None:
        if self._in_methods:
            self.methods += data


def test_agreement_writes_a_self_contained_html_report(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    code_, printed, _ = _run(
        capsys, "agreement", "--project", "P", "--bootstrap", "50", "-o", str(out), "--db", db
    )
    assert code_ == 0 and f"wrote the report to {out}" in printed
    page = _Page()
    html = out.read_text(encoding="utf-8")
    page.feed(html)
    page.close()
    assert "script" not in page.tags and "link" not in page.tags and "svg" in page.tags
    assert page.methods.startswith("Two coders independently coded a subset of 10 articles (83% of 12).")
    assert "Krippendorff's alpha" in page.methods and "50 bootstrap resamples" in page.methods
    code_, _, err = _run(capsys, "agreement", "--project", "P", "-o", str(out), "--db", db)
    assert code_ == 1 and "already exists" in err
    assert (
        _run(
            capsys,
            "agreement",
            "--project",
            "P",
            "--bootstrap",
            "0",
            "-o",
            str(out),
            "--overwrite",
            "--db",
            db,
        )[0]
        == 0
    )


def test_agreement_refusals(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in (
        (["--coders", "alice,zoe"], "zoe has not marked done"),
        (["--labels", "NOPE"], "unknown NOPE"),
        (["--bootstrap", "-1"], "--bootstrap"),
    ):
        code_, _, err = _run(capsys, "agreement", "--project", "P", *args, "--db", db)
        assert code_ == 1 and message in err, err
    with pytest.raises(SystemExit) as usage:
        main(["agreement", "--project", "P", "--documents", "some", "--db", db])
    assert usage.value.code == 2


def test_gold_then_agreement_against_gold_and_export(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code_, out, _ = _run(capsys, "gold", "--project", "P", "--strategy", "unanimous", "--db", db)
    assert code_ == 0 and "settled" in out and "remain for curation" in out
    assert "article(s) complete (marked done for gold)" in out
    code_, out, _ = _run(capsys, "gold", "--project", "P", "--strategy", "unanimous", "--db", db)
    assert code_ == 0 and out.startswith("settled 0 annotation(s)")
    code_, out, _ = _run(
        capsys,
        "agreement",
        "--project",
        "P",
        "--coders",
        "alice,gold",
        "--bootstrap",
        "0",
        "--json",
        "--db",
        db,
    )
    assert code_ == 0 and json.loads(out)["coders"] == ["alice", "gold"]
    target = tmp_path / "gold.jsonl"
    code_, out, _ = _run(
        capsys, "export", "--project", "P", "--annotator", "gold", "-o", str(target), "--db", db
    )
    assert code_ == 0
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {s["annotator"] for line in lines for s in line["spans"]} == {"gold"}
    assert any(line["status"] == DocStatus.DONE.value for line in lines)
    code_, _, err = _run(capsys, "gold", "--project", "P", "--strategy", "best", "--db", db)
    assert code_ == 1 and "--strategy" in err


def test_merge_prints_what_it_added_and_refuses_conflicts(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "carol.sqlite3"
    with Workspace.open(other) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 14)
        code(ws, "P", "carol", {i: Coded([SOURCE]) for i in range(14)})
        code(ws, "P", "alice", {0: Coded([(40, 50, "CLAIM", {})])})
    code_, _, err = _run(capsys, "merge", str(other), "--project", "P", "--db", db)
    assert code_ == 1 and "'Title 0' (id " in err and "alice" in err and "Nothing was merged" in err
    code_, out, _ = _run(capsys, "merge", str(other), "--project", "P", "--prefer", "ours", "--db", db)
    assert code_ == 0 and "2 new article(s), 12 already here; 14 span(s)" in out and "kept ours for 1" in out
    code_, out, _ = _run(capsys, "merge", str(other), "--project", "P", "--prefer", "ours", "--db", db)
    assert code_ == 0 and out.startswith("nothing to merge")
    with pytest.raises(SystemExit) as usage:
        main(["merge", str(other), "--project", "P", "--prefer", "mine", "--db", db])
    assert usage.value.code == 2


def test_merge_json_and_quiet(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANNOTATOR_PROGRESS_INTERVAL", "0")
    other = tmp_path / "carol.sqlite3"
    with Workspace.open(other) as ws:
        ws.create_project("P", CODEBOOK)
        add_articles(ws, "P", 14)
        code(ws, "P", "carol", {i: Coded([SOURCE]) for i in range(14)})
    code_, out, _ = _run(capsys, "merge", str(other), "--project", "P", "--db", db, "--json")
    report = json.loads(out)  # one object, nothing else on stdout
    assert code_ == 0 and report["command"] == "merge" and report["ok"] is True and report["changed"] is True
    assert report["counts"] == {
        "documents": 14, "added": 2, "matched": 12, "spans": 14, "relations": 0, "values": 0,
        "statuses": report["counts"]["statuses"], "kept_ours": 0, "took_theirs": 0,
    }  # fmt: skip
    code_, out, err = _run(capsys, "merge", str(other), "--project", "P", "--db", db, "--quiet")
    assert code_ == 0 and err == "" and out.startswith("nothing to merge")
    code_, out, _ = _run(
        capsys, "merge", str(tmp_path / "none.sqlite3"), "--project", "P", "--db", db, "--json"
    )
    assert code_ == 1 and json.loads(out)["ok"] is False


def test_a_refused_agreement_still_gives_its_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code_, out, err = _run(capsys, "agreement", "--project", "P", "--bootstrap", "-1", "--json", "--db", db)
    report = json.loads(out)
    assert code_ == 1 and report["command"] == "agreement" and report["ok"] is False
    assert "--bootstrap" in report["error"] and "--bootstrap" in err
