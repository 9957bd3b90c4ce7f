"""Whole-line rules: captions and credits, bylines, boilerplate, datelines."""

from __future__ import annotations

import pytest

from tests.suggest.helpers import by_role

BODY = "The council voted on Thursday to build a flood wall along the harbour front."
MORE = "Work on the wall will start in the spring and take three years."


@pytest.mark.parametrize(
    "line",
    [
        "Travelers wait in line at Reagan National Airport on Wednesday. (AP Photo/Lena Ortiz)",
        "A firefighter sprays water on a warehouse in Valdena on Sunday. REUTERS/Marco Ruiz",
        "Smoke rises over the port on Sunday. Credit: Ana Gil via REUTERS",
        "Rescue workers search the rubble in Tarsa. Photograph: Deniz Kaya/AFP/Getty Images",
        "FILE PHOTO: A container ship at the port of Rotterdam, May 4, 2025. REUTERS/Piet Janssen/File Photo",
        "Members of the robotics team at the state finals. (Photo courtesy of Dalton High School)",
        "Image caption, Volunteers filled 5,000 sandbags at the community centre on Saturday",
        "Jenny Cole with the koala after the rescue. (Supplied)",
    ],
)
def test_a_line_with_a_credit_or_a_caption_label_is_a_caption(line: str) -> None:
    text = f"{BODY}\n\n{line}\n\n{MORE}"
    assert by_role(text, "caption") == [[line]]
    assert by_role(text, "credit") == []


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Sam Reid/Northfield Echo",
        "Getty Images",
        "(AP Photo/Oksana Marchenko)",
        "Image source, Getty Images",
    ],
)
def test_a_short_line_that_is_only_a_credit_is_a_credit(line: str) -> None:
    text = f"{BODY}\n{line}\n{MORE}"
    assert by_role(text, "credit") == [[line]]


def test_the_caption_shaped_line_above_a_credit_line_is_a_caption() -> None:
    caption = "Demonstrators march through central Lisbon on Saturday to protest against rents."
    text = f"Lisbon rent protest\n{caption}\nGetty Images\n{BODY}"
    assert by_role(text, "caption") == [[caption]]


def test_a_story_opening_above_a_credit_line_is_not_a_caption() -> None:
    lede = "KHARKIV, Ukraine (AP) — Engineers restored power to most of the region, officials said."
    text = f"{lede}\n\n(AP Photo/Oksana Marchenko)\n\n{BODY}"
    assert by_role(text, "caption") == []
    assert by_role(text, "dateline") == [["KHARKIV, Ukraine (AP)"]]


def test_a_sentence_repeated_near_the_top_is_a_caption_at_both_places_but_a_headline_is_not() -> None:
    caption = "Stallholders clear debris from the flooded market on Friday morning."
    headline = "Storm surge floods Quayside market"
    text = f"{headline}\n{headline}\n{caption}\n{caption}\n{BODY}"
    assert by_role(text, "caption") == [[caption], [caption]]


def test_a_caption_repeated_with_its_credit_appended_is_a_caption_twice() -> None:
    caption = "Workers stack sandbags along the promenade in Port Alderney."
    text = f"Headline here\n\n{caption}\n{caption} Photo: Mara Lind\n\n{BODY}"
    assert by_role(text, "caption") == [[caption], [f"{caption} Photo: Mara Lind"]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Dana Whitfield, Valley Courier staff", ["By Dana Whitfield, Valley Courier staff"]),
        ("By Marcus Bell and Jen Ikeda", ["By Marcus Bell and Jen Ikeda"]),
        ("Contributing: Ana Flores", ["Contributing: Ana Flores"]),
        ("By Monday the river had risen two metres.", None),
        ("By the time crews arrived, the roof had gone.", None),
    ],
)
def test_byline_lines(line: str, expected: list[str] | None) -> None:
    assert by_role(f"{line}\n\n{BODY}", "byline") == ([] if expected is None else [expected])


def test_reporting_credits_in_parentheses_are_a_byline() -> None:
    credit = "(Reporting by Hyun Jae-sung; Editing by Alison Marsh)"
    assert by_role(f"{BODY}\n\n{credit}", "byline") == [[credit]]
    inline = f"{BODY} {credit}"
    assert by_role(inline, "byline") == [[credit]]


@pytest.mark.parametrize(
    "line",
    [
        "© 2026 Harbour Gazette. All rights reserved.",
        "Copyright 2026 The Lakeshore Ledger",
        "Published on 14 March 2026",
        "Updated 9:14am, 2 June 2026",
        "Sign up for our newsletter",
        "Subscribe to our newsletter for the week's top stories",
        "Follow us: x.com/harbourgazette",
        "Follow Northfield Echo on Facebook and X",
        "harbourgazette.co.uk | Contact us | Privacy policy",
        "Advertisement",
        "Home > News > Local",
        "Comments (3)",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert by_role(f"{BODY}\n{line}\n{MORE}", "boilerplate") == [[line]]


@pytest.mark.parametrize(
    "line",
    [
        "Details of the route are at portlowcouncil.gov.uk/paths, the council said on its website.",
        "Published in 1998, the book sold two million copies and made its author a household name.",
        "Share prices fell 4% on Monday.",
    ],
)
def test_story_lines_are_not_boilerplate(line: str) -> None:
    assert by_role(f"{BODY}\n{line}\n{MORE}", "boilerplate") == []


def test_the_site_name_on_the_first_line_is_boilerplate_when_the_footer_names_it() -> None:
    text = f"Harbour Gazette\nFlood wall approved\n{BODY}\n© 2026 Harbour Gazette. All rights reserved."
    assert by_role(text, "boilerplate") == [
        ["Harbour Gazette"],
        ["© 2026 Harbour Gazette. All rights reserved."],
    ]
    assert by_role(f"Harbour Gazette\n{BODY}", "boilerplate") == []


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("SEOUL (Reuters) - ", "SEOUL (Reuters)"),
        ("WASHINGTON — ", "WASHINGTON"),
        ("RIVERSIDE, Calif. — ", "RIVERSIDE, Calif."),
        ("AMSTERDAM, June 2 (Reuters) - ", "AMSTERDAM, June 2 (Reuters)"),
        ("VALDENA, Spain (Reuters) - ", "VALDENA, Spain (Reuters)"),
        ("Paris (AFP) - ", "Paris (AFP)"),
        ("NEW DELHI: ", "NEW DELHI"),
    ],
)
def test_datelines_open_the_story_and_stop_before_the_dash(opening: str, dateline: str) -> None:
    assert by_role(f"{opening}{BODY}", "dateline") == [[dateline]]


@pytest.mark.parametrize(
    "text",
    [
        f"BREAKING: {BODY}",
        "UPDATE — Road closed",
        f"Paris - {BODY}",
        f"{BODY}\n{MORE}\nResidents welcomed the vote.\nShops will stay open.\nLONDON (Reuters) - {BODY}",
    ],
)
def test_no_dateline(text: str) -> None:
    assert by_role(text, "dateline") == []
