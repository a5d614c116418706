"""spinerecov: your recovery plan after minimally invasive spine surgery.

Kept tiny on purpose: importing the package must not load the knowledge base,
pydantic models, YAML or Rich, so that every command starts quickly.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
