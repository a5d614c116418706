"""The pure engine: personalise a procedure, date it, answer "can I ...?", where you stand today, compare.

`plan.dated.make_plan` is the one way from a patient's inputs to a dated plan.
Layer rule: modules here import only `spinerecov.knowledge` and `spinerecov.errors`
(and the standard library); no I/O, no Rich, no Typer.
"""
