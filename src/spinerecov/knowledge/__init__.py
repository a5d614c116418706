"""The knowledge base: models, reading YAML with line numbers, checks, clinic protocols, loading and caching.

Layer rule: modules here import only the standard library, pydantic, PyYAML and
`spinerecov.errors`; never `plan`, `output`, `store` or `cli`.
"""
