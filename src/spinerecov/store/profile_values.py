"""A profile's values in its own text: where a key is set, and its numbers and date checked as the options are.

A profile is hostile input like any other file: a 5,000-digit age, `bmi = inf`
or `surgery_date = 9999-12-31` gets the same words and bounds as --age, --bmi
or --date would, with the file's line, never Python's or pydantic's wording.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from spinerecov.knowledge.factors import FACTORS
from spinerecov.knowledge.values import (
    Bounds,
    ValueProblem,
    check_surgery_date,
    checked_decimal,
    checked_whole,
)

NUMBERS: dict[str, tuple[Callable[[object, Bounds], float], Bounds]] = {
    factor.name: (checked_whole if factor.kind == "whole" else checked_decimal, factor.bounds)
    for factor in FACTORS
    if factor.bounds is not None
}
"""The profile's number factors (from the factor table), with the bounds of the options that set them."""


def value_problem(data: dict[str, Any]) -> tuple[list[str], str] | None:
    """The first out-of-bounds or non-number factor, or implausible surgery date: (key path, problem); else None."""
    date = data.get("surgery_date")
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        try:
            check_surgery_date(date)
        except ValueProblem as exc:
            return ["surgery_date"], exc.message.rstrip(".")
    factors = data.get("factors")
    if not isinstance(factors, dict):
        return None
    for name, (check, bounds) in NUMBERS.items():
        if name in factors:
            try:
                check(factors[name], bounds)
            except ValueProblem as exc:
                return ["factors", name], exc.message.rstrip(".")
    return None


def long_number_line(text: str) -> int | None:
    """The first line holding more digits in a row than Python reads as a number (TOML allows '_' between them)."""
    import sys

    too_many = re.compile(rf"[0-9](?:_?[0-9]){{{sys.get_int_max_str_digits()}}}", flags=re.ASCII)
    for number, line in enumerate(text.splitlines(), start=1):
        if too_many.search(line):
            return number
    return None


def line_of(text: str, loc: list[str]) -> int | None:
    """The line where `loc` (e.g. ['factors', 'age']) is set: TOML keys are one per line here."""
    table: str | None = None
    target_table = loc[0] if len(loc) > 1 else None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_-]+)\s*\]", line)
        if header:
            table = header.group(1)
            if loc == [table]:
                return number
            continue
        key = re.match(r"([A-Za-z0-9_-]+)\s*=", line)
        if key and key.group(1) == loc[-1] and table == target_table:
            return number
        if key and len(loc) > 1 and table is None and key.group(1) == loc[0]:
            return number  # an inline table: factors = { ... }
    return None
