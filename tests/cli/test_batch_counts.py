"""The batch summary writes its counts as people read them in the chosen language, as the Ctrl-C message does."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from spinerecov.cli.batch import _summarise, _Terminal
from spinerecov.cli.batch_words import rewrote, with_lines
from spinerecov.i18n import Language, use_language
from spinerecov.store.batch_row import BatchSettings

SETTINGS = BatchSettings(Path("plans"), "markdown", ".md", False, dt.date(2024, 5, 20), False, ())


@pytest.mark.parametrize(("lang", "shown"), [("en", "12,345"), ("es", "12.345")])
def test_summary_counts_have_thousands_separators(
    capsys: pytest.CaptureFixture[str], lang: Language, shown: str
) -> None:
    """'Wrote 12,345 plans', 'Kept 12,345 plans' (Spanish '12.345'): never '12345' beside the same count elsewhere."""
    use_language(lang)
    try:
        _summarise(
            Path("p.csv"), SETTINGS, Counter(written=12345, unchanged=12345), _Terminal(Path("p.csv"), None), None
        )
        assert rewrote(12345, ["p1"], force=False).count(shown) == 1
        assert with_lines("note", list(range(2, 12347))).startswith(shown)
    finally:
        use_language("en")
    err = capsys.readouterr().err
    assert err.count(shown) == 2 and "12345" not in err
