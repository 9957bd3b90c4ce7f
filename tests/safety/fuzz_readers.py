"""The reader fuzz property, shared by the default test and the larger benchmark run."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

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
_record_lines = st.lists(_record, max_size=4).map(
    lambda rows: "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8", "surrogatepass")
)

FILE_BYTES = st.one_of(
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
                text = item.document.text
                assert isinstance(text, str)
                text.encode("utf-8")  # storable: no lone surrogates
                for span in item.spans:
                    validate_span(span, text, where="fuzz")
        except AnnotatorError:
            pass
