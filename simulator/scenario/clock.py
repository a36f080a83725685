"""The simulator's notion of "today" and dates written relative to it.

Tests must be deterministic, so ages, minority and validity periods are computed against a fixed date taken
from the scenario or a setting, never silently from the wall clock. Relative dates such as ``-8y`` or
``-8y+3m`` are resolved against that date when the scenario is loaded."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_TERM = re.compile(r"([+-])(\d+)([ymwd])")
_RELATIVE = re.compile(r"^(?:[+-]\d+[ymwd])+$")


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic; 31 January + 1 month is the last day of February."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=65536)  # generated worlds repeat the same relative dates many times
def parse_date(value: str, today: dt.date) -> dt.date:
    """An ISO date (``2019-05-01``), ``today``, or a relative date (``-8y``, ``+2w``, ``-40y-3m+2d``).

    Raises ValueError with a message meant for a person."""
    text = value.strip()
    if text == "today":
        return today
    if _RELATIVE.match(text):
        result = today
        for sign, amount, unit in _TERM.findall(text):
            n = int(amount) * (1 if sign == "+" else -1)
            if unit == "y":
                result = add_months(result, 12 * n)
            elif unit == "m":
                result = add_months(result, n)
            elif unit == "w":
                result = result + dt.timedelta(weeks=n)
            else:
                result = result + dt.timedelta(days=n)
        return result
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date: use YYYY-MM-DD, 'today', or a relative date like '-8y' or '-40y+3m'"
        ) from None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years between `birth` and `day` (a person born on 29 February turns a year older on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def in_period(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """True when `day` lies in [start, end]: the end date is the last day something is valid."""
    return (start is None or start <= day) and (end is None or day <= end)
