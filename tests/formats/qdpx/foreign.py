"""Hand-built .qdpx files in the shapes other tools write, with fictional texts holding emoji and CRLF.

Shapes, from the standard's Annex A examples and the export code or findings
of each tool: QualCoder (its refi.py export: a UTF-8 BOM in the .txt, codes in
non-codable categories, Description as coding memo, Cases, annotation Notes),
MAXQDA (VariableValue inside the TextSource, rich text beside the plain text,
CRLF counted as two), NVivo (a `Sources/` folder, GUIDs in braces, positions
in UTF-16 units, notes attached through Links), ATLAS.ti (the .qde named after
the project, no colours, CRLF counted once, quotations with comments).

Every position is computed here from the text by an oracle that does not use
the code under test.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .builders import NS, Expected, coding, cp, crlf_once, sel, utf16, zip_qdpx

__all__ = [
    "NS",
    "Expected",
    "atlas",
    "coding",
    "cp",
    "maxqda",
    "nvivo",
    "qualcoder",
    "sel",
    "utf16",
    "zip_qdpx",
]

ALICE, BOB = "1a2b3c4d-0000-4000-8000-00000000a11c", "1a2b3c4d-0000-4000-8000-000000000b0b"
QC_TEXT = "Mayor Ada Quill 😀 said the 🧱 wall will hold.\nCritics from Elmford disagree."


def qualcoder(path: Path) -> tuple[Path, Expected]:
    """A QualCoder-shaped export: one text source with a BOM, codes in a category, a case, notes."""
    t = QC_TEXT
    src = "5b1d0a4e-6c53-4b42-9d8e-1f0c2a3b4c5d"
    claim, cat, official, witness = (f"c0de0000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
    outlet, words, region = (f"7a7a0000-0000-4000-8000-00000000000{i}" for i in range(1, 4))
    body = (
        sel(
            "5e100000-0000-4000-8000-000000000001",
            cp(t, "Mayor Ada Quill"),
            coding("c1000000-0000-4000-8000-000000000001", official, ALICE),
            "Mayor Ada Quill",
            ALICE,
            "<Description>speaks for the council</Description>",
        )
        + sel(
            "5e100000-0000-4000-8000-000000000002",
            cp(t, "the 🧱 wall will hold"),
            coding("c1000000-0000-4000-8000-000000000002", claim, ALICE),
            "the 🧱 wall will hold",
            ALICE,
        )
        + sel(
            "5e100000-0000-4000-8000-000000000003",
            cp(t, "the 🧱 wall will hold"),
            coding("c1000000-0000-4000-8000-000000000003", claim, BOB),
            "the 🧱 wall will hold",
            BOB,
        )
        + sel(
            "5e100000-0000-4000-8000-000000000004",
            cp(t, "Critics from Elmford"),
            coding("c1000000-0000-4000-8000-000000000004", witness, BOB),
            "Critics from Elmford",
            BOB,
        )
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="flood.qda" origin="QualCoder 3.6" creatingUserGUID="9e9e9e9e-0000-4000-8000-000000000000" creationDateTime="2025-03-14T09:00:00Z" xmlns="{NS}">
<Users>
<User guid="{ALICE}" name="alice" />
<User guid="{BOB}" name="bob" />
</Users>
<CodeBook>
<Codes>
<Code guid="{claim}" name="Claim" isCodable="true" color="#F5C26B">
<Description>A checkable factual assertion</Description>
</Code>
<Code guid="{cat}" name="Sources" isCodable="false">
<Description>Who is speaking</Description>
<Code guid="{official}" name="Official" isCodable="true" color="#7fc4ec" />
<Code guid="{witness}" name="Eye witness" isCodable="true" color="#abc" />
</Code>
</Codes>
</CodeBook>
<Variables>
<Variable guid="{outlet}" name="Outlet" typeOfVariable="Text">
<Description />
</Variable>
<Variable guid="{words}" name="Word count" typeOfVariable="Float">
<Description>words in the article</Description>
</Variable>
<Variable guid="{region}" name="Region" typeOfVariable="Text">
<Description />
</Variable>
</Variables>
<Cases>
<Case guid="ca5e0000-0000-4000-8000-000000000001" name="Coastal desk">
<Description />
<VariableValue>
<VariableRef targetGUID="{region}" />
<TextValue>North</TextValue>
</VariableValue>
<SourceRef targetGUID="{src}"/>
</Case>
</Cases>
<Sources>
<TextSource plainTextPath="internal://{src}.txt" creatingUser="{ALICE}" creationDateTime="2025-03-14T09:10:00Z" guid="{src}" name="flood.txt">
<Description>From the council beat</Description>
{body}<NoteRef targetGUID="a0000000-0000-4000-8000-000000000002" />
<VariableValue>
<VariableRef targetGUID="{outlet}" />
<TextValue>Coastal Ledger</TextValue>
</VariableValue>
<VariableValue>
<VariableRef targetGUID="{words}" />
<FloatValue>12</FloatValue>
</VariableValue>
</TextSource>
<PictureSource creatingUser="{ALICE}" path="internal://p1c70000-0000-4000-8000-000000000001.png" guid="b1c70000-0000-4000-8000-000000000001" name="wall.png" >
</PictureSource>
</Sources>
<Notes>
<Note guid="a0000000-0000-4000-8000-000000000001" creatingUser="{ALICE}" creationDateTime="2025-03-14T11:00:00Z" name="Journal"  plainTextPath="internal://a0000000-0000-4000-8000-000000000001.txt" >
<Description /></Note>
<Note guid="a0000000-0000-4000-8000-000000000002" creatingUser="{BOB}" creationDateTime="2025-03-14T11:05:00Z" >
<PlainTextContent>check the vote count</PlainTextContent>
<PlainTextSelection guid="a5e10000-0000-4000-8000-000000000001" startPosition="{cp(t, "disagree")[0]}" endPosition="{cp(t, "disagree")[1]}" />
</Note>
</Notes>
<Description>A study of the flood wall coverage</Description>
</Project>"""
    files = {
        f"sources/{src}.txt": b"\xef\xbb\xbf" + t.encode("utf-8"),
        "sources/a0000000-0000-4000-8000-000000000001.txt": "Day one: coded the wall story.".encode(
            "utf-8-sig"
        ),
        "sources/p1c70000-0000-4000-8000-000000000001.png": b"\x89PNG\r\n\x1a\n",
    }
    expected = Expected(
        {"flood.txt": t},
        {
            "flood.txt": {
                (*cp(t, "Mayor Ada Quill"), "Sources/Official", "alice", "speaks for the council"),
                (*cp(t, "the 🧱 wall will hold"), "Claim", "alice", None),
                (*cp(t, "the 🧱 wall will hold"), "Claim", "bob", None),
                (*cp(t, "Critics from Elmford"), "Sources/Eye_witness", "bob", None),
            }
        },
    )
    return zip_qdpx(path, qde, files), expected


MAXQDA_TEXT = "Line one: the budget doubled 👍🏽.\r\nLine two quotes the auditor, Ines Oduya.\r\n"


def maxqda(path: Path) -> tuple[Path, Expected]:
    """A MAXQDA-shaped export: CRLF text counted as two, source variables inside the TextSource, 3-level codes."""
    t = MAXQDA_TEXT
    src, rich = "3c1f9a0b-2d4e-4f60-8a1b-2c3d4e5f6a7b", "3c1f9a0b-2d4e-4f60-8a1b-000000000d0c"
    frames, conflict, blame, money = (f"f0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
    year, online = "7b000000-0000-4000-8000-000000000001", "7b000000-0000-4000-8000-000000000002"
    user = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
    both = coding("C0000000-0000-4000-8000-000000000001", blame, user) + coding(
        "C0000000-0000-4000-8000-000000000002", money, user
    )
    body = (
        sel("5E000000-0000-4000-8000-000000000001", cp(t, "the budget doubled 👍🏽"), both, "", user)
        + sel(
            "5E000000-0000-4000-8000-000000000002",
            cp(t, "budget doubled 👍🏽.\r\nLine two"),
            coding("C0000000-0000-4000-8000-000000000003", conflict, user),
            "",
            user,
        )
        + sel(
            "5E000000-0000-4000-8000-000000000003",
            cp(t, "Ines Oduya"),
            coding("C0000000-0000-4000-8000-000000000004", frames, user),
            "",
            user,
        )
    )
    qde = f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="MAXQDA 2022 (Release 22.7.0)" name="Budget study" creatingUserGUID="{user}" creationDateTime="2025-04-01T08:00:00Z" xsi:schemaLocation="{NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd">
  <Users><User guid="{user}" name="Mara Lind" id="ML"/></Users>
  <CodeBook><Codes>
    <Code guid="{frames}" name="Frames" isCodable="true" color="#336699">
      <Code guid="{conflict}" name="Conflict" isCodable="true" color="#993333">
        <Description>Two sides at odds</Description>
        <Code guid="{blame}" name="Blame" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="{money}" name="Budget / money" isCodable="true" color="#339933"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{year}" name="Year" typeOfVariable="Integer"/>
    <Variable guid="{online}" name="Online" typeOfVariable="Boolean"/>
  </Variables>
  <Sources>
    <TextSource guid="{src}" name="Budget report" richTextPath="internal://{rich}.docx" plainTextPath="internal://{src}.txt" creatingUser="{user}" creationDateTime="2025-04-01T08:05:00Z">
      {body}
      <VariableValue><VariableRef targetGUID="{year}"/><IntegerValue>2024</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{online}"/><BooleanValue>true</BooleanValue></VariableValue>
    </TextSource>
  </Sources>
</Project>"""
    files = {f"sources/{src}.txt": t.encode("utf-8"), f"sources/{rich}.docx": b"PK\x03\x04 not a real docx"}
    who = "Mara Lind"
    expected = Expected(
        {"Budget report": t},
        {
            "Budget report": {
                (*cp(t, "the budget doubled 👍🏽"), "Frames/Conflict/Blame", who, None),
                (*cp(t, "the budget doubled 👍🏽"), "Budget_money", who, None),
                (*cp(t, "budget doubled 👍🏽.\r\nLine two"), "Frames/Conflict", who, None),
                (*cp(t, "Ines Oduya"), "Frames", who, None),
            }
        },
    )
    return zip_qdpx(path, qde, files), expected


NVIVO_TEXT = "Team 👩\u200d🔬 from 🇫🇷 confirmed the result.\r\nThe 🧪 lab director, Oren Pike, agreed."


def nvivo(path: Path) -> tuple[Path, Expected]:
    """An NVivo-shaped export: positions in UTF-16 units, a Sources/ folder, braced GUIDs, a note linked to a selection."""
    t = NVIVO_TEXT
    src, code, note = (
        "8d2e4f60-1a3b-4c5d-9e8f-0a1b2c3d4e5f",
        "e0de0000-0000-4000-8000-000000000001",
        "b07e0000-0000-4000-8000-000000000001",
    )
    user = "9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b"

    def units(part: str) -> tuple[int, int]:
        a, b = cp(t, part)
        return utf16(t, a), utf16(t, b)

    s1, s2 = "5e2e0000-0000-4000-8000-000000000001", "5e2e0000-0000-4000-8000-000000000002"
    body = sel(
        s1,
        units("Team 👩\u200d🔬 from 🇫🇷"),
        coding("c2c20000-0000-4000-8000-000000000001", "{" + code.upper() + "}", user),
        "",
        user,
    ) + sel(
        s2,
        units("🧪 lab director, Oren Pike"),
        coding("c2c20000-0000-4000-8000-000000000002", code, user),
        "",
        user,
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project name="Lab study" origin="NVivo 14" creatingUserGUID="{user}" xmlns="{NS}">
<Users><User guid="{{{user.upper()}}}" id="RK" /></Users>
<CodeBook><Codes><Code guid="{code}" name="Expert voice" isCodable="true"><Description>Scientists and officials</Description></Code></Codes></CodeBook>
<Sources><TextSource guid="{src}" name="Lab result" plainTextPath="internal://{src}.txt" creatingUser="{user}">{body}</TextSource>
<AudioSource guid="a0d10000-0000-4000-8000-000000000001" name="Interview" path="internal://a0d10000-0000-4000-8000-000000000001.m4a" />
</Sources>
<Notes><Note guid="{note}" name="Memo" plainTextPath="internal://{note}.txt" creatingUser="{user}" /></Notes>
<Links><Link guid="11a40000-0000-4000-8000-000000000001" name="Memo link" originGUID="{note}" targetGUID="{s2}" direction="OneWay" /></Links>
</Project>"""
    files = {
        f"Sources/{src}.txt": t.encode("utf-8"),
        f"Sources/{note}.txt": b"Pike leads the lab.\r\n",
        "Sources/a0d10000-0000-4000-8000-000000000001.m4a": b"\x00\x00\x00\x18ftypM4A ",
    }
    expected = Expected(
        {"Lab result": t},
        {
            "Lab result": {
                (*cp(t, "Team 👩\u200d🔬 from 🇫🇷"), "Expert_voice", "RK", None),
                (*cp(t, "🧪 lab director, Oren Pike"), "Expert_voice", "RK", "Pike leads the lab."),
            }
        },
    )
    return zip_qdpx(path, qde, files), expected


ATLAS_TEXT = (
    "The harbour 🚢 plan passed.\r\nCouncillor Ruth Vale voted against it.\r\nShe called it rushed.\r\n"
)


def atlas(path: Path) -> tuple[Path, Expected]:
    """An ATLAS.ti-shaped export: the .qde named after the project, CRLF counted once, quotations with comments."""
    t = ATLAS_TEXT
    src, vote, plan = (
        "2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081",
        "C0DE0000-0000-4000-8000-0000000000A1",
        "C0DE0000-0000-4000-8000-0000000000A2",
    )
    user = "088B08AC-D5CD-4ADB-8B71-B4F3459C177F"

    def once(part: str) -> tuple[int, int]:
        a, b = cp(t, part)
        return crlf_once(t, a), crlf_once(t, b)

    two = coding("A1000000-0000-4000-8000-000000000001", vote, user) + coding(
        "A1000000-0000-4000-8000-000000000002", plan, user
    )
    comment = "<Description>the dissent, in her words</Description>"
    body = (
        sel(
            "A5E10000-0000-4000-8000-000000000001",
            once("Councillor Ruth Vale voted against it.\r\nShe called it rushed."),
            two,
            "Quote 1",
            user,
            comment,
        )
        + sel(
            "A5E10000-0000-4000-8000-000000000002",
            once("harbour 🚢 plan"),
            coding("A1000000-0000-4000-8000-000000000003", plan, user),
            "Quote 2",
            user,
        )
        + sel("A5E10000-0000-4000-8000-000000000003", once("rushed"), "", "Quote 3", user)
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="ATLAS.ti for Windows 23.2.3.27778" name="Harbour study" creatingUserGUID="{user}" creationDateTime="2025-05-02T10:00:00Z" xmlns="{NS}">
  <Users><User guid="{user}" name="Enid Moss" /><User guid="C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B" name="ATLAS.ti" /></Users>
  <CodeBook><Codes>
    <Code guid="{vote}" name="Vote" isCodable="true" />
    <Code guid="{plan}" name="Harbour plan" isCodable="true"><Description>The {escape("<new>")} harbour</Description></Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{src}" name="Harbour vote" plainTextPath="internal://{src}.txt" creatingUser="{user}">
      {body}<Coding guid="A1000000-0000-4000-8000-000000000009" creatingUser="{user}"><CodeRef targetGUID="{plan}"/></Coding>
    </TextSource>
    <TextSource guid="2b3c4d5e-6f70-4819-8a2b-000000000002" name="Scan" richTextPath="internal://2b3c4d5e-6f70-4819-8a2b-000000000002.docx" />
    <PDFSource guid="2b3c4d5e-6f70-4819-8a2b-000000000003" name="Minutes.pdf" path="internal://2b3c4d5e-6f70-4819-8a2b-000000000003.pdf" />
    <VideoSource guid="2b3c4d5e-6f70-4819-8a2b-000000000004" name="Debate" path="relative:///debate.mov" />
  </Sources>
  <Links>
    <Link guid="11C40000-0000-4000-8000-000000000001" name="argues against" direction="OneWay" color="#cc3300"
      originGUID="A5E10000-0000-4000-8000-000000000001" targetGUID="A5E10000-0000-4000-8000-000000000002" />
    <Link guid="11C40000-0000-4000-8000-000000000002" name="related" originGUID="{vote}" targetGUID="{plan}" />
  </Links>
</Project>"""
    files = {
        f"sources/{src}.txt": t.encode("utf-8"),
        "sources/2b3c4d5e-6f70-4819-8a2b-000000000002.docx": b"PK\x03\x04",
        "sources/2b3c4d5e-6f70-4819-8a2b-000000000003.pdf": b"%PDF-1.4\n",
    }
    who, note = "Enid Moss", "the dissent, in her words"
    quote = cp(t, "Councillor Ruth Vale voted against it.\r\nShe called it rushed.")
    expected = Expected(
        {"Harbour vote": t},
        {
            "Harbour vote": {
                (*quote, "Vote", who, note),
                (*quote, "Harbour_plan", who, note),
                (*cp(t, "harbour 🚢 plan"), "Harbour_plan", who, None),
            }
        },
    )
    return zip_qdpx(path, qde, files, qde_name="Harbour study.qde"), expected
