"""Our model classes from the plain JSON records of the knowledge-base cache, without validating again.

The cache's key proves the records were valid when they were written (see `cache.py`), so each
model is made as `model_construct` would make it: quickly, and from data only, never code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase


def rebuilt(data: Any) -> KnowledgeBase:
    """Our model classes from plain records, without re-validating (the key proves they were valid)."""
    from spinerecov.knowledge.models import KnowledgeBase

    try:
        return _builder(KnowledgeBase)(data)  # type: ignore[no-any-return]
    finally:
        _BUILT.clear()


Build = Callable[[Any], Any]
_BUILDERS: dict[Any, Build] = {}
_BUILT: dict[tuple[int, int], tuple[Any, Any]] = {}


def _builder(annotation: Any) -> Build:
    """A function that turns a JSON value into what `annotation` describes; built once per type."""
    if annotation not in _BUILDERS:
        _BUILDERS[annotation] = _make_builder(annotation)
    return _BUILDERS[annotation]


def _make_builder(annotation: Any) -> Build:
    import datetime as dt
    import types
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _builder(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = _builder(args[0]) if len(args) == 1 else _as_is
        return lambda value: None if value is None else inner(value)
    if origin is list:
        item = _builder(args[0])
        return lambda value: [item(v) for v in value]
    if origin is dict:
        entry = _builder(args[1])
        return lambda value: {k: entry(v) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_builder(annotation)
    if annotation is dt.date:
        return dt.date.fromisoformat
    return _as_is


def _model_builder(cls: Any) -> Build:
    fields: list[tuple[str, Build]] = []

    new, set_attribute = object.__new__, object.__setattr__

    def build(value: Any) -> Any:
        key = (id(cls), id(value))
        if key not in _BUILT:  # a shared record (see `_shared_records`) is built once per rebuild
            _BUILT[key] = (value, _build_model(value))  # the record is kept alive so its id stays its own
        return _BUILT[key][1]

    def _build_model(value: Any) -> Any:
        if not fields:  # filled on first use: a model may refer to itself through its fields
            fields.extend((name, _builder(f.annotation)) for name, f in cls.model_fields.items())
        if any(name not in value for name, _ in fields):
            return cls.model_construct(**{name: make(value[name]) for name, make in fields if name in value})
        # Every field is present (the cache holds complete dumps): set the instance's state as
        # model_construct would, without its per-call bookkeeping. The models are frozen and have
        # no private attributes or extras (extra="forbid").
        model = new(cls)
        set_attribute(model, "__dict__", {name: make(value[name]) for name, make in fields})
        set_attribute(model, "__pydantic_fields_set__", set(value))
        set_attribute(model, "__pydantic_extra__", None)
        set_attribute(model, "__pydantic_private__", None)
        return model

    return build


def _as_is(value: Any) -> Any:
    return value
