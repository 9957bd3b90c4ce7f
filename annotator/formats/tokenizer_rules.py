"""The rules of spaCy's English tokenizer (spaCy 3.x, `spacy.blank("en")`), restated for our own tokenizer.

spaCy is optional, and an export made without it must still split where
spaCy would, so its affix rules, URL pattern and English exceptions are
restated here (spaCy is MIT-licensed; `tests/formats/test_tokenize_spacy.py`
checks these classes against the installed spaCy).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

Ranges = tuple[tuple[int, int], ...]

# Latin letters spaCy knows; upper and lower as Unicode says.
_LATIN: Ranges = (
    (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x1BF), (0x1C4, 0x24F), (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7B), (0x2C7E, 0x2C7F), (0xA722, 0xA76F), (0xA771, 0xA787),
    (0xA78B, 0xA78E), (0xA790, 0xA7B9), (0xA7FA, 0xA7FA), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A),
)  # fmt: skip
_PHONETIC: Ranges = ((0x250, 0x2AF), (0x1D00, 0x1D25), (0x1D6B, 0x1D77), (0x1D79, 0x1D9A), (0xAB30, 0xAB5A), (0xAB60, 0xAB64))  # fmt: skip
# Russian, Tatar, Greek, Ukrainian, Macedonian: only these letters, as spaCy lists them.
_OTHER_LOWER = "ёа-яәөүҗңһα-ωάέίόώήύіїєґѓѕјљњќѐѝ"
_OTHER_UPPER = "ЁА-ЯӘӨҮҖҢҺΑ-ΩΆΈΊΌΏΉΎІЇЄҐЃЅЈЉЊЌЀЍ"
# Scripts without case (whole blocks, punctuation inside them included): Ethiopic, Bengali,
# Hebrew, Arabic/Persian, Sinhala, Devanagari, Kannada, Tamil, Telugu, Hangul, Kana, CJK.
_UNCASED: Ranges = (
    (0x1200, 0x137F), (0x980, 0x9FF), (0x591, 0x5F4), (0xFB1D, 0xFB4F),
    (0x620, 0x64A), (0x66E, 0x6D5), (0x6E5, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8BD), (0xFB50, 0xFBB1),
    (0xFBD3, 0xFD3D), (0xFD50, 0xFDC7), (0xFDF0, 0xFDFB), (0xFE70, 0xFEFC), (0x1EE00, 0x1EEBB),
    (0xD80, 0xDFF), (0x900, 0x97F), (0xC80, 0xCFF), (0xB80, 0xBFF), (0xC00, 0xC7F),
    (0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3040, 0x30FF),
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF), (0x2E80, 0x2FDF),
    (0x2FF0, 0x303F), (0x31C0, 0x31EF), (0x3200, 0x33FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
    (0x1F200, 0x1F2FF), (0x2F800, 0x2FA1F),
)  # fmt: skip

# Symbols split off like punctuation: Unicode's So category inside these ranges (spaCy's
# list follows So up to the emoji of 2018; newer ones such as 🫠 are not split off).
_ICONS: Ranges = (
    (0xA6, 0x1399), (0x1940, 0x2B95), (0x2B98, 0x2BC8), (0x2BCA, 0x2BFE), (0x2CE5, 0x2CEA),
    (0x2E80, 0x32FE), (0x3300, 0xAA79), (0xFDFD, 0xFDFD), (0xFFE4, 0x1019B), (0x101A0, 0x1173F),
    (0x16B3C, 0x1BC9C), (0x1D000, 0x1D1E8), (0x1D200, 0x1DA86), (0x1ECAC, 0x1ECAC),
    (0x1F000, 0x1F0F5), (0x1F110, 0x1F16B), (0x1F170, 0x1F1AC), (0x1F1E6, 0x1F6D4),
    (0x1F6E0, 0x1F6F9), (0x1F700, 0x1F7D8), (0x1F800, 0x1F8AD), (0x1F900, 0x1F90B),
    (0x1F910, 0x1F93E), (0x1F940, 0x1F970), (0x1F973, 0x1F976), (0x1F97A, 0x1F97A),
    (0x1F97C, 0x1F9A2), (0x1F9B0, 0x1F9B9), (0x1F9C0, 0x1F9C2), (0x1F9D0, 0x1F9FF),
    (0x1FA60, 0x1FA6D),
)  # fmt: skip


def words(text: str) -> list[str]:
    """The white-space separated items of a list written as one string."""
    return text.split()


PUNCT = words("… …… , : ; ! ? ¿ ؟ ¡ ( ) [ ] { } < > _ # * & 。 ？ ！ ， 、 ； ： ～ · । ، ۔ ؛ ٪")
QUOTES = words(
    "' \" ” “ ` ‘ ´ ’ ‚ , „ » « 「 」 『 』 （ ） 〔 〕 【 】 《 》 \u3008 \u3009 \u2329 \u232a ⟦ ⟧"
)
CURRENCY = words("$ £ € ¥ ฿ US$ C$ A$ ₽ ﷼ ₴ ₠ ₡ ₢ ₣ ₤ ₥ ₦ ₧ ₨ ₩ ₪ ₫ € ₭ ₮ ₯ ₰ ₱ ₲ ₳ ₴ ₵ ₶ ₷ ₸ ₹ ₺ ₻ ₼ ₽ ₾ ₿")
HYPHENS = words("- – — -- --- —— ~")
# "тбكم" is one entry in spaCy's list (a space is missing there), so "тб" alone is no unit.
UNITS = words(
    "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz "
    "m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² "
    "дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ "
    "тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب"
)


def _cls(ranges: Ranges) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


def _collapse(points: list[int]) -> Ranges:
    out: list[tuple[int, int]] = []
    for cp in sorted(points):
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return tuple(out)


def _latin(categories: tuple[str, ...]) -> str:
    points = [c for a, b in _LATIN for c in range(a, b + 1) if unicodedata.category(chr(c)) in categories]
    return _cls(_collapse(points))


def _alt(items: list[str]) -> str:
    return "|".join(re.escape(i) for i in items)


@dataclass(frozen=True)
class Rules:
    """The compiled affix rules: prefix (match at a position), suffix (search, ends at $), infixes, URLs."""

    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str]


@functools.cache
def rules() -> Rules:
    """The compiled rules (built once per process)."""
    uncased = _cls(_UNCASED)
    lower = _latin(("Ll",)) + _cls(_PHONETIC) + _OTHER_LOWER + uncased
    upper = _latin(("Lu",)) + _OTHER_UPPER + uncased
    alpha = _latin(("Lu", "Ll", "Lt", "Lm", "Lo")) + _cls(_PHONETIC) + _OTHER_LOWER + _OTHER_UPPER + uncased
    symbols = [c for a, b in _ICONS for c in range(a, b + 1) if unicodedata.category(chr(c)) == "So"]
    icons = f"[{_cls(_collapse(symbols))}]"
    quotes = re.escape("".join(QUOTES))
    # spaCy writes this class with its punctuation joined by "|" and a "(?:" ")" around the
    # quotes, all inside [...], so those characters belong to it too.
    after_dot = re.escape("%²-+" + "|".join(PUNCT) + "(?:" + "".join(QUOTES) + ")")
    ellipses = [r"\.\.+", "…"]
    prefixes = [*map(re.escape, ["§", "%", "=", "—", "–"]), r"\+(?![0-9])"]
    prefixes += [*map(re.escape, PUNCT), *ellipses, *map(re.escape, QUOTES + CURRENCY), icons]
    suffixes = [*map(re.escape, PUNCT), *ellipses, *map(re.escape, QUOTES), icons]
    suffixes += [*map(re.escape, ["'s", "'S", "’s", "’S", "—", "–"])]
    suffixes += [
        r"(?<=[0-9])\+",
        r"(?<=°[FfCcKk])\.",
        rf"(?<=[0-9])(?:{_alt(CURRENCY)})",
        rf"(?<=[0-9])(?:{_alt(UNITS)})",
        rf"(?<=[0-9{lower}{after_dot}])\.",
        rf"(?<=[{upper}][{upper}])\.",
    ]
    infixes = [
        *ellipses,
        icons,
        r"(?<=[0-9])[+\-\*^](?=[0-9-])",
        rf"(?<=[{lower}{quotes}])\.(?=[{upper}{quotes}])",
        rf"(?<=[{alpha}]),(?=[{alpha}])",
        rf"(?<=[{alpha}0-9])(?:{_alt(HYPHENS)})(?=[{alpha}])",
        rf"(?<=[{alpha}0-9])[:<>=/](?=[{alpha}])",
    ]
    return Rules(
        prefix=re.compile("|".join(prefixes)),
        suffix=re.compile("|".join(f"(?:{s})$" for s in suffixes)),
        infix=re.compile("|".join(infixes)),
        url=re.compile(_url_pattern(lower)),
    )


def _url_pattern(lower: str) -> str:
    """spaCy's URL_MATCH (after Diego Perini's URL regex, MIT): a whole token that is a URL or an e-mail."""
    host = r"[A-Za-z0-9\u00a1-\uffff]"
    return (
        r"(?u)^(?:(?:[\w\+\-\.]{2,})://)?"  # a scheme
        # user:password@ or an e-mail's name; spaCy writes \S+(?::\S*)?@, the same strings, which
        # backtracks in quadratic time over a long word full of colons.
        r"(?:\S+@)?"
        r"(?:"
        r"(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})"
        r"(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})"  # not a private address
        r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}"
        r"(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"  # an IP address
        rf"|(?:(?:{host}[A-Za-z0-9\u00a1-\uffff_-]{{0,62}})?{host}\.)+(?:[{lower}]{{2,63}})"  # a domain
        r")(?::\d{2,5})?(?:[/?#]\S*)?$"  # port and path
    )
