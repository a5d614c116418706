"""Days and weeks after surgery.

Day 0 is the surgery day. Week N is days 7(N-1) to 7N-1, so week 1 is the
first seven days.
"""


def week_of(day: int) -> int:
    """The week number that contains `day` (day 0-6 is week 1)."""
    return day // 7 + 1


def week_days(week: int) -> tuple[int, int]:
    """First and last day of week `week` (week 1 is days 0-6)."""
    return 7 * (week - 1), 7 * week - 1
