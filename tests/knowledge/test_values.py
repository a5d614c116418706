"""The one parser per kind of value: plain ASCII digits, bounds on everything, only ValueProblem on bad input."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinerecov.i18n import use_language
from spinerecov.knowledge.values import (
    AGE,
    BMI,
    WEEK,
    ValueProblem,
    decimal_number,
    part_of,
    surgery_date,
    today_date,
    weight_kg,
    whole_number,
)

HUGE = "9" * 5000
HOSTILE = ["٤٠", "１２", "4_0", "0x10", "1e400", "inf", "nan", "-inf", "4.0.1", "", " ", "+", "4 0"]
HOSTILE += ["\x1b[2J4", "4\x00"]
"""Texts Python's int() or float() would read, or choke on, that no parser here may accept."""

NUMBER_TEXT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789+-.,_ ", max_size=30),
    st.integers(300, 6000).map(lambda n: "9" * n),
    st.integers(300, 6000).map(lambda n: "-" + "1" * n),
    st.integers(300, 6000).map(lambda n: "0." + "0" * n + "1"),
    st.sampled_from(["٤", "١٢", "１２", "߃", "𝟘", "٣kg", "4,500", "4,5", "31,5", "1e400"]),
)
"""Arbitrary text, long digit strings in every form, and digits from other scripts."""


@pytest.mark.parametrize("text", [*HOSTILE, HUGE, "-" + HUGE, "+" + HUGE])
def test_whole_numbers_refuse_what_python_would_read_or_choke_on(text: str) -> None:
    """Unicode digits, underscores, hex, exponents, inf, nan and 5,000 digits are each one ValueProblem."""
    with pytest.raises(ValueProblem) as caught:
        whole_number(text, WEEK)
    assert len(caught.value.message) < 250


@pytest.mark.parametrize("text", [*HOSTILE, HUGE, "0." + "0" * 5000 + "1", HUGE + ".5"])
def test_decimal_numbers_refuse_what_python_would_read_or_choke_on(text: str) -> None:
    """The same for decimals: 1e400, inf, nan, ٣٠, 3_0 and very long digit strings are refused, briefly."""
    with pytest.raises(ValueProblem) as caught:
        decimal_number(text, BMI)
    assert len(caught.value.message) < 250


def test_a_huge_number_is_said_to_be_out_of_range_with_the_range() -> None:
    """A 5,000-digit week is 'not between 1 and 520', clipped, not an overflow."""
    with pytest.raises(ValueProblem, match=r"^9+\.\.\.9+ is not between 1 and 520\.$"):
        whole_number(HUGE, WEEK)


@given(text=NUMBER_TEXT)
def test_whole_number_gives_a_bounded_int_or_a_value_problem(text: str) -> None:
    """Any text: an int within the bounds, or ValueProblem; never OverflowError or ValueError."""
    try:
        number = whole_number(text, AGE)
    except ValueProblem:
        return
    assert isinstance(number, int) and AGE.low <= number <= AGE.high


@given(text=NUMBER_TEXT)
def test_decimal_number_gives_a_bounded_float_or_a_value_problem(text: str) -> None:
    """Any text: a finite float within the bounds, or ValueProblem."""
    try:
        number = decimal_number(text, BMI)
    except ValueProblem:
        return
    assert BMI.low <= number <= BMI.high


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_decimal_comma_is_read_in_either_language(language: str) -> None:
    """31,5 and 4,5kg mean 31.5 and 4.5 kg, whatever language the tool speaks."""
    use_language(language)  # type: ignore[arg-type]
    assert decimal_number("31,5", BMI) == 31.5
    assert weight_kg("4,5kg") == 4.5
    assert weight_kg("4,5 kg") == 4.5


def test_an_english_comma_before_three_digits_is_not_guessed() -> None:
    """In English '1,000lb' may be a thousands separator: refused with both readings, never read as 1 lb."""
    with pytest.raises(ValueProblem, match=r"write 1\.000 or 1000"):
        weight_kg("1,000lb")


def test_a_spanish_comma_is_always_the_decimal_comma() -> None:
    """In Spanish 1,250 kg is one and a quarter kilograms, as Spanish writes it."""
    use_language("es")
    assert weight_kg("1,250kg") == 1.25


@given(text=NUMBER_TEXT | NUMBER_TEXT.map(lambda t: t + "kg") | NUMBER_TEXT.map(lambda t: t + " lb"))
def test_weight_gives_a_bounded_load_or_a_value_problem(text: str) -> None:
    """Any text: more than 0 and at most 500 kg, or ValueProblem."""
    try:
        kilograms = weight_kg(text)
    except ValueProblem:
        return
    assert 0 < kilograms <= 500


@pytest.mark.parametrize("text", [HUGE + "kg", "1e400kg", "٤kg", "4_0kg", "infkg", "nan lb"])
def test_hostile_weights_are_refused(text: str) -> None:
    """Very long, exponent, unicode, underscore, inf and nan loads are one ValueProblem each."""
    with pytest.raises(ValueProblem):
        weight_kg(text)


@pytest.mark.parametrize("text", ["1/" + HUGE, HUGE + "/1", "٤/٥", "4_0/50", "0/4", "5/4", "1/100001", "1", "1/2/3"])
def test_part_refuses_what_is_not_k_of_n(text: str) -> None:
    """--part: huge, unicode, underscore, zero, K over N and N over 100,000 are refused."""
    with pytest.raises(ValueProblem, match="K/N"):
        part_of(text)


@given(text=st.text() | st.tuples(NUMBER_TEXT, NUMBER_TEXT).map("/".join))
def test_part_gives_a_share_or_a_value_problem(text: str) -> None:
    """Any text: (K, N) with 1 <= K <= N <= 100,000, or ValueProblem."""
    try:
        share, shares = part_of(text)
    except ValueProblem:
        return
    assert 1 <= share <= shares <= 100_000


@pytest.mark.parametrize(
    ("read", "text", "ok"),
    [
        (surgery_date, "1950-01-01", True),
        (surgery_date, "2200-12-31", True),
        (surgery_date, "1949-12-31", False),
        (surgery_date, "2201-01-01", False),
        (today_date, "2210-12-31", True),
        (today_date, "2211-01-01", False),
        (today_date, "9999-12-31", False),
        (surgery_date, "١٩٥٠-٠١-٠١", False),
    ],
)
def test_dates_have_a_range(read: object, text: str, ok: bool) -> None:
    """A surgery date lies in 1950-2200, a 'today' in 1950-2210; both ends are included."""
    assert callable(read)
    if ok:
        assert read(text) == dt.date.fromisoformat(text)
    else:
        with pytest.raises(ValueProblem):
            read(text)
