"""A journalism codebook with span attributes and document variables, and fictional articles coded with it."""

from __future__ import annotations

from annotator.core.schema import parse_schema

CODEBOOK = parse_schema(
    [
        {
            "name": "CLAIM",
            "hotkey": "1",
            "description": "A checkable factual assertion.",
            "examples": ["The bridge will cost 48 million euros."],
            "attributes": [
                {
                    "name": "checkable",
                    "type": "choice",
                    "level": "ordinal",
                    "values": [
                        {"name": "fully", "description": "Every part can be checked against a record."},
                        "partly",
                        "opinion",
                    ],
                }
            ],
        },
        {
            "name": "SOURCE",
            "hotkey": "2",
            "description": "Who a statement is attributed to.",
            "attributes": [
                {
                    "name": "type",
                    "type": "choice",
                    "description": "What kind of source speaks.",
                    "values": [
                        {
                            "name": "official",
                            "description": "Speaks for an office.",
                            "examples": ["the mayor"],
                        },
                        "expert",
                        "citizen",
                        "anonymous",
                    ],
                },
                {"name": "named", "type": "bool", "description": "The text gives the source's name."},
                {"name": "quotes", "type": "number", "min": 0, "max": 20},
                {"name": "title", "type": "text", "description": "The title or function, as printed."},
            ],
        },
        {
            "name": "CUE",
            "hotkey": "3",
            "description": "The attributing words.",
            "examples": ["said", "according to"],
        },
        {"name": "ATTRIBUTED_TO", "kind": "relation", "head": "CLAIM", "tail": "SOURCE"},
        {
            "name": "FRAME",
            "kind": "document",
            "type": "choice",
            "required": True,
            "description": "The article's dominant frame.",
            "values": ["conflict", "economic", "human interest", "morality", "responsibility"],
        },
        {
            "name": "TOPICS",
            "kind": "document",
            "type": "multi",
            "values": ["politics", "economy", "health", "climate"],
        },
        {
            "name": "TONE",
            "kind": "document",
            "type": "number",
            "min": 1,
            "max": 5,
            "description": "1 negative, 5 positive.",
        },
        {"name": "SUMMARY", "kind": "document", "type": "text", "description": "One sentence, your words."},
    ]
)

ARTICLES = (
    (
        "Harbour wall approved 🌊",
        "The council 👍🏽 voted to build the harbour wall.\r\nThe mayor said the wall will cost 48 million euros.",
    ),
    ("Clinic hours", "Nurses at the Eastfield clinic said the new hours leave the night shift short."),
    ("Tram line", "A transport expert said the tram line could open in 2031."),
)
