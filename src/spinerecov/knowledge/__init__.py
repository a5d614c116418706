"""The knowledge base: models, reading YAML with line numbers, checks, clinic protocols, loading and caching.

Also the one place each kind of value is parsed and bounded (`values`), the one table of patient factors
(`factors`) and what is made from it (`factor_fields`, `rule_conditions`, `patient`).

Layer rule: modules here import only the standard library, pydantic, PyYAML, Babel (through
`spinerecov.i18n`), `spinerecov.errors` and `spinerecov.i18n`; never `plan`, `output`, `store` or `cli`.
"""
