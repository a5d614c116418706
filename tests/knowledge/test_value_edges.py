"""The edges of each value's bounds: the last value allowed is read, the first one past it is refused."""

import pytest

from spinerecov.knowledge.values import BMI, ValueProblem, checked_decimal, decimal_number, weight_kg


def test_a_decimal_of_32_characters_is_read_and_one_of_33_refused() -> None:
    """A BMI written with 32 characters is read; with 33 it is out of range, before float() sees it."""
    assert decimal_number("10." + "0" * 29, BMI) == 10.0
    with pytest.raises(ValueProblem, match="is not between 10 and 100"):
        decimal_number("10." + "0" * 30, BMI)


def test_the_highest_bound_and_long_fractions_are_read() -> None:
    """A BMI of 100 (the highest allowed) and 10.5000 (many decimals) are read as written."""
    assert decimal_number("100", BMI) == 100.0
    assert decimal_number("10.5000", BMI) == 10.5


def test_pounds_are_converted_to_kilograms() -> None:
    """`--weight 10lb` is 4.54 kg and `22 lbs` about 10 kg: a pound is 0.45359237 kg."""
    assert weight_kg("10lb") == pytest.approx(4.5359237)
    assert weight_kg("22 lbs") == pytest.approx(9.97903214)


def test_a_weight_of_nothing_is_refused() -> None:
    """`--weight 0kg` is out of range: a load is more than 0 kg."""
    with pytest.raises(ValueProblem, match="out of range"):
        weight_kg("0kg")


def test_a_large_whole_float_is_shown_in_digits() -> None:
    """A BMI of 999999999999999.0 read from a file is refused, quoting it in plain digits."""
    with pytest.raises(ValueProblem, match="^999999999999999 is not between 10 and 100"):
        checked_decimal(999999999999999.0, BMI)


def test_a_long_unknown_unit_is_quoted_in_at_most_20_characters() -> None:
    """`--weight 5xxx…` (a 30-letter unit) is refused, quoting the unit clipped to 20 characters."""
    with pytest.raises(ValueProblem) as refused:
        weight_kg("5" + "x" * 30)
    quoted = refused.value.message.split("unknown unit '")[1].split("'")[0]
    assert 0 < len(quoted) <= 20
