"""Working days for the process's legal deadlines (the local pre-check: 15 working days after the
dossier is received). Pure: no Django, no database; the calendar comes in as arguments.

A day is a working day unless it falls on the weekend or a public holiday, with the province's own
calendar on top: a day it gives off (nghỉ bù) is not a working day, a day it makes up (làm bù,
usually a Saturday) is one. The national holidays come from the `holidays` library, which also
knows the weekend days the Government swapped to working days (e.g. Saturday 22/08/2026 for
Monday 31/08/2026).
"""

import datetime
from functools import lru_cache

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
PRECHECK_WORKING_DAYS = 15  # QĐ 26/2026: the local office pre-checks within 15 working days


def is_working_day(day, *, holidays_set, extra_off=frozenset(), extra_working=frozenset()):
    """Is `day` a working day? A made-up working day wins over everything; then a day off of the
    province's, a public holiday and the weekend are not."""
    if day in extra_working:
        return True
    if day in extra_off or day in holidays_set:
        return False
    return day.weekday() not in WEEKEND


def add_working_days(start, n, *, holidays_set, extra_off=frozenset(), extra_working=frozenset()):
    """The `n`-th working day after `start`; `start` itself is not counted (a period in days
    starts the day after the event), and `n == 0` gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted = start, 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays_set=holidays_set, extra_off=extra_off, extra_working=extra_working):
            counted += 1
    return day


def working_days_between(start, end, *, holidays_set, extra_off=frozenset(), extra_working=frozenset()):
    """How many working days lie after `start`, up to and including `end` (0 when `end <= start`)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays_set=holidays_set, extra_off=extra_off, extra_working=extra_working):
            days += 1
    return days


@lru_cache(maxsize=32)
def national_calendar(years):
    """(public holidays, weekend days made working days) of Vietnam for `years` (a tuple), as the
    `holidays` library knows them."""
    import holidays

    wanted = set(years)
    calendar = holidays.country_holidays("VN", years=sorted(wanted))
    working = frozenset(day for day in getattr(calendar, "weekend_workdays", ()) if day.year in wanted)
    return frozenset(calendar.keys()), working


def national_holidays_named(years, language="vi"):
    """[(day, name)] of Vietnam's public holidays in `years`, in order, named in `language`."""
    import holidays

    calendar = holidays.country_holidays("VN", years=sorted(set(years)), language=language)
    return sorted(calendar.items())
