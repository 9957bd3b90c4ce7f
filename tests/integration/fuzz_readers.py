"""The reader fuzz property, shared by the default test and the larger benchmark run."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.spans import validate_span
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import registry
from annotator.formats.base import ReadContext

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_keys = st.sampled_from(["text", "id", "spans", "start", "end", "label", "meta", "data", "label", "title"])
_record = st.dictionaries(_keys, _json, max_size=6)


def _lines(rows: list[Any]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8", "surrogatepass")


_record_lines = st.lists(_record, max_size=4).map(_lines)

_TEXT = "The mayor said the bridge is safe."
_REGIONS = [
    {"id": "a", "type": "labels", "value": {"start": 0, "end": 9, "text": "The mayor", "labels": ["SOURCE"]}},
    {"id": "b", "type": "labels", "value": {"start": 10, "end": 14, "labels": ["CLAIM"]}},
    {"type": "relation", "from_id": "a", "to_id": "b", "direction": "right", "labels": ["SAID"]},
]
_TOKENS = [{"text": "The", "start": 0, "end": 3, "id": 0}, {"text": "mayor", "start": 4, "end": 9, "id": 1}]
_SOURCE = {"start": 0, "end": 9, "label": "SOURCE", "token_start": 0, "token_end": 1}
# Well-formed records of each JSON format, into which the fuzz puts a wrong value at one place.
TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "labelstudio": [
        {
            "id": 7,
            "data": {"text": _TEXT, "title": "Bridge", "id": "t7"},
            "meta": {"annotator_names": {"1": "alice"}},
            "annotations": [
                {"completed_by": 1, "was_cancelled": False, "result": _REGIONS},
                {"completed_by": {"id": 2, "email": "b@example.org"}, "result": _REGIONS[:1]},
            ],
            "predictions": [{"model_version": "m1", "score": 0.5, "result": _REGIONS[:1]}],
        }
    ],
    "doccano": [
        {
            "id": 3,
            "text": _TEXT,
            "title": "Bridge",
            "meta": {"outlet": "Ledger"},
            "entities": [
                {"id": 1, "start_offset": 0, "end_offset": 9, "label": "SOURCE"},
                {"id": 2, "start_offset": 10, "end_offset": 14, "label": "CLAIM"},
            ],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "SAID"}],
        },
        {"id": 4, "text": _TEXT, "label": [[0, 9, "SOURCE"], [10, 14, "CLAIM"]]},
    ],
    "prodigy": [
        {
            "text": _TEXT,
            "meta": {"id": "p1", "title": "Bridge"},
            "answer": "accept",
            "_annotator_id": "news-alice",
            "tokens": _TOKENS,
            "spans": [_SOURCE],
            "relations": [
                {"label": "SAID", "head_span": _SOURCE, "child_span": {"start": 10, "end": 14, "label": "X"}}
            ],
        }
    ],
    "jsonl": [
        {
            "id": "n1",
            "title": "Bridge",
            "text": _TEXT,
            "status": "done",
            "source": "feed.csv",
            "meta": {"outlet": "Ledger"},
            "spans": [
                {
                    "id": "s1",
                    "start": 0,
                    "end": 9,
                    "label": "SOURCE",
                    "annotator": "alice",
                    "origin": "manual",
                },
                {"id": "s2", "start": 10, "end": 14, "label": "CLAIM", "note": "n", "attributes": {}},
            ],
            "relations": [{"id": "r1", "head": "s2", "tail": "s1", "label": "SAID", "annotator": "alice"}],
        }
    ],
}
# Values of every JSON kind, to put where another kind belongs.
WRONG_VALUES: list[Any] = [
    5,
    -1,
    0,
    1.5,
    1e300,
    "x",
    "",
    "false",
    True,
    False,
    None,
    [],
    [5],
    ["x"],
    {},
    {"k": 1},
]


def places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `value` (keys and list indices)."""
    out = [at] if at else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += places(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += places(inner, (*at, index))
    return out


def replaced(template: Any, at: tuple[Any, ...], new: Any) -> Any:
    """A copy of `template` with the value at path `at` replaced by `new`."""
    out = copy.deepcopy(template)
    inner = out
    for step in at[:-1]:
        inner = inner[step]
    inner[at[-1]] = new
    return out


def file_of(name: str, records: list[Any]) -> bytes:
    """Records as a file of format `name`: a JSON array for Label Studio, else JSONL."""
    if name == "labelstudio":
        return json.dumps(records, indent=1).encode()
    return _lines(records)


def _mutated(name: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(TEMPLATES[name]).flatmap(
        lambda t: st.builds(
            replaced, st.just(t), st.sampled_from(places(t)), st.sampled_from(WRONG_VALUES) | _json
        )
    )


MUTATED_FILES = st.sampled_from(sorted(TEMPLATES)).flatmap(
    lambda name: st.lists(_mutated(name), min_size=1, max_size=3).map(lambda rows: file_of(name, rows))
)


FILE_BYTES = st.one_of(
    MUTATED_FILES,
    st.binary(max_size=3000),
    st.text(max_size=1000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    _record_lines,
    _json.map(lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
    st.lists(st.text(alphabet=',;\t"\n abc<>/=', max_size=30), max_size=10).map(
        lambda cells: ",".join(cells).encode()
    ),
)


def check_reader(name: str, data: bytes) -> None:
    """Reading any bytes as format `name` yields valid documents or fails with AnnotatorError only."""
    fmt = registry.FORMATS[name]
    read = fmt.bind(ReadContext())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{fmt.extensions[0] if fmt.extensions else ''}"
        path.write_bytes(data)
        try:
            for item in read(path):
                if isinstance(item, InvalidRecord):
                    assert isinstance(item.message, str) and item.message
                    continue
                assert isinstance(item, AnnotatedDocument), type(item)
                doc = item.document
                text = doc.text
                assert isinstance(text, str) and isinstance(doc.title, str)
                # Storable: no lone surrogates in the text, the title, the ids or the source.
                for value in (text, doc.title, doc.external_id or "", doc.source or ""):
                    value.encode("utf-8")
                for span in item.spans:
                    validate_span(span, text, where="fuzz")
        except AnnotatorError:
            pass
