"""`annotator import study.qdpx` end to end: the codebook's codes, every text source, codings per user, notes.

The .qdpx is built here by hand from the standard's shape (a fictional study);
positions are computed by an oracle independent of the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.formats.qdpx.builders import NS, coding, cp, sel, zip_qdpx

ANA, BEN = "1a2b3c4d-0000-4000-8000-0000000000a1", "1a2b3c4d-0000-4000-8000-0000000000b2"
FRAMES, CONFLICT, ECONOMY, QUOTE = (f"c0de0000-0000-4000-8000-00000000010{i}" for i in range(4))
FERRY = "Ferry fares rise 🚢 again.\nThe operator blames fuel; the union calls it greed."
MARKET = "Fish prices fell at the Elmford market, traders said."
FERRY_SRC, MARKET_SRC = "5a000000-0000-4000-8000-000000000001", "5a000000-0000-4000-8000-000000000002"


def _study(path: Path) -> Path:
    ferry = sel(
        "5e200000-0000-4000-8000-000000000001",
        cp(FERRY, "the union calls it greed"),
        coding("c2000000-0000-4000-8000-000000000001", CONFLICT, ANA)
        + coding("c2000000-0000-4000-8000-000000000002", CONFLICT, BEN),
        user=ANA,
    ) + sel(
        "5e200000-0000-4000-8000-000000000002",
        cp(FERRY, "Ferry fares rise 🚢 again."),
        '<Coding guid="c2000000-0000-4000-8000-000000000003" creatingUser="'
        + BEN
        + f'"><CodeRef targetGUID="{ECONOMY}" /><NoteRef targetGUID="a0000000-0000-4000-8000-000000000009" />'
        "</Coding>",
        user=BEN,
    )
    market = sel(
        "5e200000-0000-4000-8000-000000000003",
        cp(MARKET, "Fish prices fell at the Elmford market"),
        coding("c2000000-0000-4000-8000-000000000004", ECONOMY, ANA),
        user=ANA,
        extra="<Description>prices, not people</Description>",
    ) + sel(
        "5e200000-0000-4000-8000-000000000004",
        cp(MARKET, "traders said"),
        coding("c2000000-0000-4000-8000-000000000005", QUOTE, BEN),
        user=BEN,
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="Fares study" origin="Handmade 1.0" xmlns="{NS}">
<Users><User guid="{ANA}" name="ana" /><User guid="{BEN}" name="ben" /></Users>
<CodeBook><Codes>
<Code guid="{FRAMES}" name="Frames" isCodable="false" color="#E69F00"><Description>How the story is told</Description>
<Code guid="{CONFLICT}" name="Conflict" isCodable="true" color="#D55E00"><Description>Two sides at odds</Description></Code>
<Code guid="{ECONOMY}" name="Economic consequences" isCodable="true" />
</Code>
<Code guid="{QUOTE}" name="Quote" isCodable="true" color="#56B4E9"><Description>Words in someone's mouth</Description></Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="{FERRY_SRC}" name="ferry.txt" plainTextPath="internal://{FERRY_SRC}.txt">{ferry}</TextSource>
<TextSource guid="{MARKET_SRC}" name="market"><PlainTextContent>{MARKET}</PlainTextContent>{market}</TextSource>
<PDFSource guid="5a000000-0000-4000-8000-000000000003" name="report.pdf" path="internal://report.pdf" />
<AudioSource guid="5a000000-0000-4000-8000-000000000004" name="interview.mp3" path="internal://interview.mp3" />
</Sources>
<Notes>
<Note guid="a0000000-0000-4000-8000-000000000009" creatingUser="{BEN}"><PlainTextContent>fuel is the operator's word</PlainTextContent></Note>
</Notes>
</Project>"""
    return zip_qdpx(path, qde, {f"sources/{FERRY_SRC}.txt": FERRY.encode("utf-8")})


def test_a_qdpx_study_imports_with_its_codebook_sources_codings_and_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "q.sqlite3")
    study = _study(tmp_path / "study.qdpx")
    assert run(capsys, "--db", db, "project", "create", "Fares")[0] == 0
    code, out, err = run(capsys, "--db", db, "import", str(study), "--project", "Fares")  # no --add-labels
    assert code == 0, err
    assert "2 document(s) imported, 0 skipped as duplicates, 5 span(s)" in out
    assert f"{study}: 3 label(s) added from its codebook (with their colours and descriptions)" in out
    assert f"{study}: 1 PDF source(s) skipped (only plain text is imported)" in out
    assert f"{study}: 1 audio source(s) skipped (only plain text is imported)" in out

    code, out, _ = run(capsys, "--db", db, "codebook", "show", "--project", "Fares")
    shown = out.splitlines()
    conflict = next(i for i, line in enumerate(shown) if line.startswith("Frames/Conflict\t"))
    assert "#D55E00" in shown[conflict] and "key " in shown[conflict]
    assert "Two sides at odds" in "\n".join(shown[conflict + 1 : conflict + 4])
    assert "REFI-QDA code: Frames > Conflict" in "\n".join(shown[conflict + 1 : conflict + 4])
    economy = next(line for line in shown if line.startswith("Frames/Economic_consequences\t"))
    assert "#E69F00" in economy  # no colour of its own: its parent's
    assert any(line.startswith("Quote\t") and "#56B4E9" in line for line in shown)
    assert not any(line.startswith("Frames\t") for line in shown)  # a folder, not a label

    out_file = tmp_path / "out.jsonl"
    assert run(capsys, "--db", db, "export", "--project", "Fares", "-o", str(out_file))[0] == 0
    records = {r["title"]: r for r in map(json.loads, out_file.read_text(encoding="utf-8").splitlines())}
    assert records["ferry.txt"]["text"] == FERRY and records["market"]["text"] == MARKET
    got = {
        (title, s["text"], s["label"], s["annotator"], s["note"])
        for title, r in records.items()
        for s in r["spans"]
    }
    assert got == {
        ("ferry.txt", "the union calls it greed", "Frames/Conflict", "ana", None),
        ("ferry.txt", "the union calls it greed", "Frames/Conflict", "ben", None),
        (
            "ferry.txt",
            "Ferry fares rise 🚢 again.",
            "Frames/Economic_consequences",
            "ben",
            "fuel is the operator's word",
        ),
        (
            "market",
            "Fish prices fell at the Elmford market",
            "Frames/Economic_consequences",
            "ana",
            "prices, not people",
        ),
        ("market", "traders said", "Quote", "ben", None),
    }
    for r in records.values():
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]


def test_a_qdc_codebook_imports_by_either_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    study = _study(tmp_path / "study.qdpx")
    run(capsys, "--db", db, "project", "create", "Fares")
    run(capsys, "--db", db, "import", str(study), "--project", "Fares")
    book = tmp_path / "book.qdc"
    assert run(capsys, "--db", db, "export", "--project", "Fares", "--format", "qdc", "-o", str(book))[0] == 0
    run(capsys, "--db", db, "project", "create", "Second")
    code, out, _ = run(capsys, "--db", db, "codebook", "import", str(book), "--project", "Second")
    assert code == 0 and "Frames/Conflict: new span label" in out and "Quote: new span label" in out
    assert "CLAIM" not in out  # the labels the project has are left as they are
    run(capsys, "--db", db, "project", "create", "Third")
    code, out, _ = run(capsys, "--db", db, "import", str(book), "--project", "Third")
    assert code == 0 and "read as qdc" in out and "0 document(s) imported" in out
    assert "labels added: " in out and "Frames/Conflict" in out
    code, out, _ = run(capsys, "--db", db, "codebook", "show", "--project", "Third")
    assert any(line.startswith("Frames/Conflict\t") and "#D55E00" in line for line in out.splitlines())
