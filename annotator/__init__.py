"""Annotator: a desktop tool to label spans in news articles."""

__version__ = "0.1.0"
