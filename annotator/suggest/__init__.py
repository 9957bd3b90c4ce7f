"""Built-in journalism rules that suggest spans and attributions in news text (stdlib only).

`suggest_text(text)` returns `RuleSuggestions`: spans with a role (`RuleSpan`) and attributions
(`RuleAttribution`: content, source, cue). Offsets are `[start, end)` in code points. Roles map to
schema labels through `DEFAULT_LABELS` (caption and credit -> CAPTION, content -> CLAIM, source ->
SOURCE, cue -> CUE; dateline, byline and boilerplate only when a project maps them) and the
attribution parts to relations through `DEFAULT_RELATIONS` (ATTRIBUTED_TO, CUED_BY).

The rules, English first (version `RULES_VERSION`):

Lines (a line is a paragraph; a line claimed by one rule is not looked at by the next):
- caption / credit: a line with a photo credit ("(AP Photo/...)", "REUTERS/Name", "Photo:",
  "Photograph:", "Credit:", "Getty Images", "via Reuters", "Staff photo by", "FILE PHOTO",
  "(Supplied)", "(Photo courtesy of ...)"); a line of at most 80 characters with at most two
  words before the credit is a credit line, a longer one a caption (the credit included). A
  caption-shaped line right above a credit line is a caption (not a dateline opening, not a line
  with a reporting verb), and so is a line opening with "Image caption," or "Caption:". A
  sentence-shaped line (five words or more, ending in a full stop) repeated among the first 15
  lines, verbatim or with a credit appended the second time, is a caption at each place (a scraped
  page shows a caption twice; a repeated headline has no full stop).
- byline: a short line opening with "By Name" (not "By Monday"), "Words by", "Reporting by",
  "Contributing:"; and "(Reporting by ...; Editing by ...)" anywhere.
- boilerplate: a line of at most 200 characters opening with "©", "Copyright", "All rights
  reserved", "Published"/"Updated"/"Posted" (short, with a number), "Sign up", "Subscribe",
  "Follow us", "Share this", "Read more", "Advertisement", "Privacy policy" and the like; a line
  that is only page furniture ("Share", "Live", "Comments (3)", "Home > News > Local"); a short
  line holding "All rights reserved", "©" or "Privacy policy"; a line opening with a web domain,
  or holding one between separators ("a.com | Contact us") or in four words or fewer; and the
  site's name on the first line when a boilerplate line names it too.
- dateline: the opening of one of the first four body lines: a place in capitals, maybe with a
  region, a date and an agency ("SEOUL (Reuters)", "RIVERSIDE, Calif.", "AMSTERDAM, June 2
  (Reuters)"), or a place in mixed case with an agency ("Paris (AFP)"), before a dash or colon.
  The span stops before the dash.

Quotations (marks as `annotator.core.quotes` finds them: straight, curly, low-9, guillemets,
apostrophes left alone, a quote over paragraphs as one quotation):
- content: the words inside the marks of a quotation not inside another one and not on a claimed
  line, without the marks, the white space and a comma before the cue; one fragment per piece.
- cue after the quote: a reporting verb or phrase (`cues.REPORTING_VERBS`, `REPORTING_PHRASES`)
  starting within 90 characters after the closing mark, in the same sentence, either first
  ("...," said Maria Lopez) with the source the noun phrase after it, or after a subject ("...,"
  the mayor said; "...," Lopez, the director, said) that is the source. A full stop inside the
  marks followed by a capital starts a new sentence: no cue after.
- the same quote goes on: when the attribution clause is followed (same paragraph, at most 80
  characters, ending in a comma, full stop or colon) by another quotation without a cue of its
  own, that quotation is more fragments of the same content: `"We will not back down," she said,
  "not this year."` is one content of two fragments with one cue and one source.
- cue before the quote: a cue in the same sentence at most 60 characters before the opening mark
  (Maria Lopez said: "...", According to the harbour master, "..."), its subject or, for
  "according to", the noun phrase after it, the source.
- unattributed quotes are content when they read as speech: four words or more, not mostly
  capitalised (a title), opening with a capital or the paragraph, ending in . ! ? or eight words
  long; scare quotes, titles, names and signs are not.
- source: a name (capitalised words, with titles and lower-case title words between names:
  "Belgian minister Anke Peeters", "Sen. Mark Delaney", "Joost van Dam"), or a noun phrase with
  a determiner or a bare plural and an of/for/at/from/with/by complement ("a spokesperson for the
  port authority", "police"). A name in apposition wins over a descriptive phrase. Pronouns (she,
  he, they, ...) are never a SOURCE span: the pronoun is the cue's subject, so the attribution
  keeps its cue and has no source; resolving it to a person is left to the coder.
- "according to" outside quotations: "X, according to Y." and "According to Y, X." give the
  clause X as content (without its final punctuation), Y as source and "according to" as cue;
  "A, according to Y, B." gives one content of two fragments.
Not covered: reported speech without marks or "according to" ("Lopez said the wall would hold").
"""

from annotator.suggest.mapping import DEFAULT_LABELS, DEFAULT_RELATIONS, apply_mapping
from annotator.suggest.rules import RULES_VERSION, SUGGESTER_NAME, suggest_text
from annotator.suggest.types import ROLES, Role, RuleAttribution, RuleSpan, RuleSuggestions

__all__ = [
    "DEFAULT_LABELS",
    "DEFAULT_RELATIONS",
    "ROLES",
    "RULES_VERSION",
    "SUGGESTER_NAME",
    "Role",
    "RuleAttribution",
    "RuleSpan",
    "RuleSuggestions",
    "apply_mapping",
    "suggest_text",
]
