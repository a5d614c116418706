"""Pure renderers, one module per format: terminal, markdown, JSON documents, calendar, chart.

Shared wording (dates, weeks, weights, ranges, sources) lives in `wording`.
Layer rule: modules here import `spinerecov.plan`, `spinerecov.knowledge` and
`spinerecov.errors`; only `output.terminal` imports Rich; nothing here imports
Typer, writes files or reads the environment.
"""
