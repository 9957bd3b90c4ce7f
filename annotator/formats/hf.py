"""Hugging Face token classification: JSONL of `tokens` and integer `ner_tags`, plus the label list.

The label list (`O`, then `B-X`, `I-X` for each label in schema order) is
written beside the data as `<name>.labels.json` with `names`, `id2label` and
`label2id`, ready for a model config. `datasets.load_dataset("json", ...)`
reads the data file as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.bio import bio_tags, check_bio
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import loads_strict, open_text

NAME = "hf"


def labels_path(data: Path) -> Path:
    """Where the label list of a data file is written."""
    return data.with_name(f"{data.name.split('.')[0]}.labels.json")


def tag_names(labels: Iterable[str]) -> list[str]:
    """`O`, then `B-` and `I-` of each label, in order."""
    names = ["O"]
    for label in labels:
        names += [f"B-{label}", f"I-{label}"]
    return names


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write the JSONL data and its label list."""
    stats = WriteStats()
    names = tag_names(ctx.labels)
    index = {name: i for i, name in enumerate(names)}
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            tokens, tags = bio_tags(record, stats, NAME)
            for tag in tags:
                if tag not in index:  # a label outside the schema's list: appended, never renumbered
                    base = tag[2:]
                    for extra in (f"B-{base}", f"I-{base}"):
                        index[extra] = len(names)
                        names.append(extra)
            doc = record.document
            row: dict[str, Any] = {
                "id": doc.external_id if doc.external_id is not None else str(doc.id),
                "tokens": [t[0] for t in tokens],
                "ner_tags": [index[t] for t in tags],
            }
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
            stats.documents += 1
    label_list = {
        "names": names,
        "id2label": {str(i): n for i, n in enumerate(names)},
        "label2id": {n: i for i, n in enumerate(names)},
    }
    labels_path(out).write_text(json.dumps(label_list, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return stats


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check tokens and tags line up, tag ids exist in the label list, and the BIO is well-formed."""
    result = ValidationResult(NAME)
    lp = labels_path(path)
    names: list[str] | None = None
    try:
        names_raw = json.loads(lp.read_text(encoding="utf-8")).get("names")
        if isinstance(names_raw, list) and all(isinstance(n, str) for n in names_raw):
            names = names_raw
        else:
            result.add(str(lp), "expected 'names': a list of tag names")
    except (OSError, ValueError, AttributeError):
        result.add(str(lp), "the label list beside the data is missing or not JSON")
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
