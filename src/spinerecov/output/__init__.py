"""Pure renderers, one package per format: a dated plan (and the knowledge base) in, text or bytes out.

- `terminal/`: Rich tables, the chart and the status screen (the only package that imports Rich);
- `markdown/`, `html/`, `calendar/`, `json/`, `fhir/`: the plan file formats and `--json` documents;
- beside them, what every format shares: `wording` (dates, weeks, weights, ranges, factors in words),
  `day_words`, `safe_text` (what may reach a screen), `source_lists`, `answer_text` (a can-i answer as
  plain text), `check_report` (`kb check` as plain text), `chart` (the chart's rows, drawn by terminal/
  and html/), and `plan_formats`, the one table of plan file formats (name, extensions, renderer, text
  or bytes, whether a batch writes it).

A renderer is a plain function of a dated plan and the knowledge base; whatever makes a batch fast
happens below it (the personalised plan shared per shape, words and dates kept once made) or around it.

Layer rule: modules here import `spinerecov.plan`, `spinerecov.knowledge`, `spinerecov.errors` and
`spinerecov.i18n`; only `output.terminal` imports Rich; nothing here imports Typer, writes files or
reads the environment.
"""
