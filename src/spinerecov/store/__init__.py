"""The user's files: atomic writes, the saved profile, and a clinic's patient list.

Layer rule: modules here import `spinerecov.plan`, `spinerecov.knowledge` and
`spinerecov.errors`; never `output` or `cli`.
"""
