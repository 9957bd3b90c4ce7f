"""The special cases of spaCy's English tokenizer (contractions, abbreviations, emoticons), restated.

A whole-chunk special case is split exactly as given here ("don't" -> "do" "n't",
"Dr." stays whole). `tests/formats/test_tokenize_spacy.py` checks the table
against the installed spaCy's `nlp.tokenizer.rules`.
"""

from __future__ import annotations

import functools

from annotator.formats.tokenizer_rules import words

Split = tuple[str, ...]

_EMOTICONS = words(
    r"""
:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (;
(-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P
:-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D
xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o
O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*)
(¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>
"""
)

_WHOLE = words(
    "' \\\") <space> '' C++ a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. q. r. s. t. u. v. w. x. y. z. "
    "ä. ö. ü. 's 'S \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout "
    "ma'am Ma'am o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin "
    "Doin goin' Goin' goin Goin 'd a.m. p.m. e.g. E.g. E.G. i.e. I.e. I.E. vs. v.s. co. Co. Corp. Inc. "
    "Ltd. Bros. Messrs. Mr. Mrs. Ms. Dr. Prof. Ph.D. Jr. St. Mt. Adm. Gen. Gov. Rep. Rev. Sen. D.C. "
    # Months and US states, as abbreviated in news copy.
    "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. Ak. Ala. Ariz. Ark. Calif. Colo. "
    "Conn. Del. Fla. Ga. Ia. Id. Ill. Ind. Kan. Kans. Ky. La. Mass. Md. Mich. Minn. Miss. Mo. Mont. "
    "N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Okla. Ore. Pa. S.C. Tenn. Va. Wash. Wis."
)

_SPLITS: dict[str, Split] = {
    "y'all": ("y'", "all"), "yall": ("y", "all"), "how'd'y": ("how", "'d", "'y"),
    "How'd'y": ("How", "'d", "'y"), "not've": ("not", "'ve"), "notve": ("not", "ve"),
    "Not've": ("Not", "'ve"), "Notve": ("Not", "ve"), "cannot": ("can", "not"),
    "Cannot": ("Can", "not"), "gonna": ("gon", "na"), "Gonna": ("Gon", "na"),
    "gotta": ("got", "ta"), "Gotta": ("Got", "ta"), "let's": ("let", "'s"), "Let's": ("Let", "'s"),
    "c'mon": ("c'm", "on"), "C'mon": ("C'm", "on"),
}  # fmt: skip

# Words spelled like a contraction without its apostrophe ("ill" = "i" "ll"): left whole.
_NOT_SPLIT = words("Ill ill Its its Hell hell Shell shell Shed shed were Were Well well Whore whore")


def _cased(word: str) -> tuple[str, str]:
    return word, word.title()


def _add_endings(exc: dict[str, Split], words: str, endings: str) -> None:
    """word + ending for each word (lower and title case) and ending ("'ll" also as "ll")."""
    for word in words.split():
        for orth in _cased(word):
            for ending in endings.split():
                parts = tuple(p for p in ending.split("+") if p)
                exc[orth + "".join(parts)] = (orth, *parts)
                bare = tuple(p.replace("'", "") for p in parts)
                exc[orth + "".join(bare)] = (orth, *bare)


@functools.cache
def special_cases() -> dict[str, Split]:
    """Every special case: the chunk -> its tokens (typographic apostrophe variants included)."""
    exc: dict[str, Split] = {" ": (" ",), "\t": ("\t",), "\\t": ("\\t",), "\n": ("\n",), "\\n": ("\\n",)}
    exc.update({"\u2014": ("\u2014",), "\u00a0": ("\u00a0",)})
    exc.update({w: (w,) for w in _WHOLE + _EMOTICONS})
    exc.update({f"°{u}.": ("°", u, ".") for u in "cfkCFK"})
    for orth in _cased("i"):
        exc.update({orth + "'m": (orth, "'m"), orth + "m": (orth, "m")})
        exc.update({orth + "'ma": (orth, "'m", "a"), orth + "ma": (orth, "m", "a")})
    _add_endings(exc, "i you he she it we they", "'ll 'll+'ve 'd 'd+'ve")
    _add_endings(exc, "i you we they", "'ve")
    _add_endings(exc, "you we they", "'re")
    _add_endings(exc, "he she it", "'s")
    _add_endings(exc, "who what when where why how there that this", "'s")
    _add_endings(exc, "who what when where why how there that this these those", "'ll 'll+'ve 'd 'd+'ve")
    _add_endings(exc, "who what when where why how there these those", "'re 've")
    n_t = "ca could do does did had may might must need ought sha should wo would"
    _add_endings(exc, n_t, "n't n't+'ve")
    _add_endings(exc, "could might must should would", "'ve")
    _add_endings(exc, "ai are is was were have has dare", "n't")
    for word in words("doin goin nothin nuthin ol somethin"):
        for orth in _cased(word):
            exc.update({orth: (orth,), orth + "'": (orth + "'",)})
    for word in ("em", "ll", "nuff"):
        exc.update({word: (word,), "'" + word: ("'" + word,)})
    for hour in range(1, 13):
        for period in ("a.m.", "am", "p.m.", "pm"):
            exc[f"{hour}{period}"] = (str(hour), period)
    exc.update(_SPLITS)
    for word in _NOT_SPLIT:
        exc.pop(word, None)
    typographic = {
        k.replace("'", "’"): tuple(p.replace("'", "’") for p in v) for k, v in exc.items() if "'" in k
    }
    return exc | typographic
