"""JSON: every `--json` document and the plan file.

`documents` builds the `--json` documents, `plan` the plan document, `encoding` the byte-stable encoder.
"""
