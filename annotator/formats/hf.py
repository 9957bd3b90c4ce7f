"""Hugging Face token classification: JSONL of `tokens` and integer `ner_tags`, plus the label list.

The label list (`O`, then `B-X`, `I-X` for each label in schema order) is
written beside the data, named after the whole data file name
(`corpus.v1.jsonl` -> `corpus.v1.labels.json`), with `names`, `id2label` and
`label2id`, ready for a model config, and the data file's name and SHA-256, so
validation knows the tags and the list belong together.
`datasets.load_dataset("json", ...)` reads the data file as it is.

Each document variable of the codebook is one more column, named as the
variable (`var_NAME` if that would clash with `id`, `tokens` or `ner_tags`):
a choice or text as text, a multi as a list of texts, a bool as true/false, a
number as a number, and null where the document's coders did not code it or
disagree (counted in the report). The label list describes them under
`columns`: `{"FRAME": {"variable": "FRAME", "type": "choice", "values": [...]}}`.
Relations, span attributes and discontinuous spans are counted as dropped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.codebook import ValueSpec, ValueType
from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Label, LabelSchema
from annotator.formats import docvalues
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.bio import Tagged, bio_columns, check_bio
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import loads_strict, open_text
from annotator.formats.verify import CheckedFile

NAME = "hf"
_COLUMNS = frozenset({"id", "tokens", "ner_tags"})


def labels_path(data: Path) -> Path:
    """Where the label list of a data file is written: its name without the last ending, + .labels.json."""
    return data.with_name(f"{data.stem}.labels.json")


def _older_labels_path(data: Path) -> Path:
    """Where annotators before the hash wrote it: the name up to its first dot (shared by dotted names)."""
    return data.with_name(f"{data.name.split('.')[0]}.labels.json")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def tag_names(labels: Iterable[str]) -> list[str]:
    """`O`, then `B-` and `I-` of each label, in order."""
    names = ["O"]
    for label in labels:
        names += [f"B-{label}", f"I-{label}"]
    return names


def columns(schema: LabelSchema) -> dict[str, Label]:
    """Column name -> document variable, in codebook order."""
    return {
        (f"var_{lab.name}" if lab.name in _COLUMNS else lab.name): lab for lab in schema.document_labels()
    }


def _described(variables: dict[str, Label]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, lab in variables.items():
        spec = lab.spec or ValueSpec()
        entry: dict[str, Any] = {"variable": lab.name, "type": spec.type.value, "level": spec.level.value}
        if spec.type in (ValueType.CHOICE, ValueType.MULTI):
            entry["values"] = list(spec.names())
        out[column] = entry
    return out


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write the JSONL data (with a column per document variable) and its label list, checking each row as it goes."""
    stats = WriteStats()
    result = ValidationResult(NAME)
    variables = columns(ctx.schema)
    described = _described(variables)
    names = tag_names(ctx.labels)
    index = {name: i for i, name in enumerate(names)}
    digest = hashlib.sha256()
    with CheckedFile(out, stats) as fh:
        for number, record in enumerate(records, 1):
            tagged = bio_columns(record, stats, NAME)
            tags = tagged.tags
            for tag in dict.fromkeys(map(tags.__getitem__, tagged.tagged)):  # "O" is always known
                if tag not in index:  # a label outside the schema's list: appended, never renumbered
                    base = tag[2:]
                    for extra in (f"B-{base}", f"I-{base}"):
                        index[extra] = len(names)
                        names.append(extra)
            doc = record.document
            row: dict[str, Any] = {
                "id": doc.external_id if doc.external_id is not None else str(doc.id),
                "tokens": tagged.texts,
            }
            values = docvalues.agreed(record, stats, NAME)
            for column, lab in variables.items():
                value = values.pop(lab.name, None)
                row[column] = list(value) if isinstance(value, tuple) else value
            for name in values:
                stats.drop(
                    name, f"{name} is not a document variable of the codebook, so {NAME} has no column for it"
                )
            _check_row(result, f"{out}: line {number}", row, tags, described)
            line = _line(row, variables, doc.text, tagged, index).encode("utf-8")
            digest.update(line)
            fh.write_bytes(line)
            stats.documents += 1
    label_list = {
        "names": names,
        "id2label": {str(i): n for i, n in enumerate(names)},
        "label2id": {n: i for i, n in enumerate(names)},
        "data_file": out.name,
        "data_sha256": digest.hexdigest(),
        "columns": described,
    }
    with CheckedFile(labels_path(out), stats) as fh:
        fh.write(json.dumps(label_list, ensure_ascii=False, indent=1) + "\n")
    stats.checked = result
    return stats


_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(obj, ensure_ascii=False), made once
_QUOTED: Any = json.encoder.encode_basestring  # how that encoder writes a string (ensure_ascii=False)


def _line(
    row: dict[str, Any], variables: dict[str, Label], text: str, tagged: Tagged, index: dict[str, int]
) -> str:
    """`json.dumps` of the row with `ner_tags` (ensure_ascii=False) and a newline, without a Python step per token.

    The tokens are pieces of the text without white space: when the text has
    no character JSON escapes but white space, none of them does, and they are
    quoted in one join. The tag ids (`index` of each tag) are 0 ("O") but at
    the tagged tokens.
    """
    tokens: list[str] = row["tokens"]
    if not tokens:
        quoted = ""
    elif _ESCAPED.search(text) is None:
        quoted = f'"{_BETWEEN.join(tokens)}"'
    else:
        quoted = ", ".join(map(_QUOTED, tokens))
    tags = tagged.tags
    parts: list[str] = []
    done = 0
    for i in tagged.tagged:
        if done < i:
            parts.append("0, " * (i - done))
        parts.append(f"{index[tags[i]]}, ")
        done = i + 1
    if done < len(tags):
        parts.append("0, " * (len(tags) - done))
    head = f'{{"id": {_QUOTED(row["id"])}, "tokens": [{quoted}], "ner_tags": [{"".join(parts)[:-2]}]'
    if not variables:
        return head + "}\n"
    rest = _encode({column: row[column] for column in variables})
    return f"{head}, {rest[1:]}\n"


_BETWEEN = '", "'
_ESCAPED = re.compile(r'["\\\x00-\x08\x0e-\x1b]')
"""What JSON escapes, white space left out (\t \n \x0b \x0c \r \x1c-\x1f are white space, so in no token)."""


def _check_row(
    result: ValidationResult, where: str, row: dict[str, Any], tags: list[str], described: dict[str, Any]
) -> None:
    """What `validate` checks of a line, on the row about to be written (its tag ids are its tags' indices)."""
    result.documents += 1
    _check_columns(result, where, row, described)
    tokens = row["tokens"]
    if len(tokens) != len(tags):  # one tag id is written per tag
        result.add(where, f"{len(tokens)} tokens but {len(tags)} tags")
        return
    joined = "".join(tokens)
    if "" in tokens or (joined and joined.split() != [joined]):
        result.add(where, "every token must be non-empty text without white space")
    check_bio(result, where, tags, None)


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check tokens and tags line up, tag ids exist in the label list, and the BIO is well-formed."""
    result = ValidationResult(NAME)
    described: dict[str, Any] = {}
    names = _label_names(path, ctx, result, described)
    with open_text(path, ctx) as fh:
        try:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}: line {number}"
                try:
                    obj = loads_strict(raw, where)
                except ValidationError as exc:
                    result.add(where, str(exc).removeprefix(f"{where}: "))
                    continue
                tokens = obj.get("tokens") if isinstance(obj, dict) else None
                tags = obj.get("ner_tags") if isinstance(obj, dict) else None
                if not isinstance(tokens, list) or not isinstance(tags, list):
                    result.add(where, "expected 'tokens' and 'ner_tags' lists")
                    continue
                result.documents += 1
                _check_columns(result, where, obj, described)
                if len(tokens) != len(tags):
                    result.add(where, f"{len(tokens)} tokens but {len(tags)} tags")
                    continue
                if any(not isinstance(t, str) or not t or any(c.isspace() for c in t) for t in tokens):
                    result.add(where, "every token must be non-empty text without white space")
                if names is None:
                    continue
                bad = [
                    t
                    for t in tags
                    if not isinstance(t, int) or isinstance(t, bool) or not 0 <= t < len(names)
                ]
                if bad:
                    result.add(where, f"tag ids {bad[:5]} are not in the label list ({len(names)} names)")
                    continue
                check_bio(result, where, [names[t] for t in tags], labels)
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None
    return result


def _check_columns(
    result: ValidationResult, where: str, row: dict[str, Any], described: dict[str, Any]
) -> None:
    """Record a document-variable column that is missing or holds a value its description does not allow."""
    for column, entry in described.items():
        if column not in row:
            result.add(where, f"no column {column!r} (the label list describes it)")
            continue
        value = row[column]
        if value is None or not isinstance(entry, dict):
            continue
        kind, allowed = str(entry.get("type")), entry.get("values")
        if not _fits(kind, value, allowed if isinstance(allowed, list) else None):
            shown = json.dumps(value, ensure_ascii=False)[:60]
            result.add(where, f"column {column!r}: {shown} is not a {kind} value it allows")


def _fits(kind: str, value: Any, allowed: list[Any] | None) -> bool:
    """True when `value` is of the variable type `kind` (and among `allowed`, for a choice or multi)."""
    if kind == ValueType.MULTI:
        return isinstance(value, list) and all(
            isinstance(v, str) and (allowed is None or v in allowed) for v in value
        )
    if kind == ValueType.CHOICE:
        return isinstance(value, str) and (allowed is None or value in allowed)
    if kind == ValueType.BOOL:
        return isinstance(value, bool)
    if kind == ValueType.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str) if kind == ValueType.TEXT else True


def _label_names(
    path: Path, ctx: ReadContext, result: ValidationResult, described: dict[str, Any] | None = None
) -> list[str] | None:
    """The tag names of the label list beside `path`, checked to describe this very data file.

    The description of the document-variable columns, if any, is put into `described`.
    """
    lp = labels_path(path)
    if not lp.exists() and _older_labels_path(path).exists():
        lp = _older_labels_path(path)
    try:
        label_list = json.loads(lp.read_text(encoding="utf-8"))
        if not isinstance(label_list, dict):
            raise ValueError
    except (OSError, ValueError):
        result.add(str(lp), "the label list beside the data is missing or not JSON")
        return None
    names = label_list.get("names")
    if described is not None and isinstance(label_list.get("columns"), dict):
        described.update(label_list["columns"])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        result.add(str(lp), "expected 'names': a list of tag names")
        return None
    recorded = label_list.get("data_sha256")
    if recorded is None:
        ctx.notes.append(
            f"{lp}: an older label list without the SHA-256 of its data file, so it cannot be "
            f"checked to belong to {path.name}"
        )
        return names
    try:
        actual = file_sha256(path)
    except OSError:
        return names  # the data file's own read reports it
    if recorded != actual:
        described = label_list.get("data_file")
        of = f" of {described}" if isinstance(described, str) and described != path.name else ""
        result.add(
            str(lp),
            f"describes other data{of} (SHA-256 {str(recorded)[:12]}…), not {path} "
            f"({actual[:12]}…): the tags and this label list do not belong together",
        )
        return None
    return names
