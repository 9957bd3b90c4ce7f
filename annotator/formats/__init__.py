"""File formats: one module per format, each with a streaming reader and/or writer."""
