"""Working-day arithmetic for the local pre-check's deadline, on the holidays the `holidays`
library gives for Vietnam: Tết Bính Ngọ 2026 (Mon 16 – Fri 20/02/2026), Tết Đinh Mùi 2027
(Thu 04 – Wed 10/02/2027), Quốc khánh 2026 (Mon 31/08, swapped with Sat 22/08, then Tue 01 and
Wed 02/09/2026)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations.working_days import add_working_days, is_working_day, national_calendar, working_days_between

pytestmark = pytest.mark.unit

D = datetime.date
HOLIDAYS, SWAPPED_WORKING = national_calendar((2026, 2027))


def deadline(start, n=15, *, extra_off=frozenset(), extra_working=frozenset()):
    return add_working_days(start, n, holidays_set=HOLIDAYS, extra_off=extra_off, extra_working=SWAPPED_WORKING | extra_working)


def test_the_library_gives_the_real_2026_and_2027_tet_and_national_day():
    tet_2026 = {D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)}
    tet_2027 = {D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10)}
    national_day_2026 = {D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}

    assert tet_2026 | tet_2027 | national_day_2026 <= HOLIDAYS
    assert {D(2026, 2, 13), D(2026, 2, 23), D(2027, 2, 3), D(2027, 2, 11), D(2026, 9, 3)} & HOLIDAYS == set()
    assert SWAPPED_WORKING == {D(2026, 8, 22)}


@pytest.mark.parametrize(("submitted", "expected"), [
    (D(2026, 2, 12), D(2026, 3, 12)),  # Thu before Tết: Fri 13/02 counts, then the week of Tết does not
    (D(2026, 2, 13), D(2026, 3, 13)),  # the last working day before Tết
    (D(2026, 2, 16), D(2026, 3, 13)),  # filed during Tết: counting starts after it, like the Friday before
    (D(2026, 2, 23), D(2026, 3, 16)),  # the first working day after Tết
    (D(2026, 2, 6), D(2026, 3, 6)),    # a week earlier: Tết still falls inside the 15 days
    (D(2026, 1, 23), D(2026, 2, 13)),  # ends on the last day before Tết
    (D(2026, 1, 26), D(2026, 2, 23)),  # one day later: jumps over the whole of Tết
])
def test_fifteen_working_days_across_tet_2026(submitted, expected):
    assert deadline(submitted) == expected


@pytest.mark.parametrize(("submitted", "expected"), [
    (D(2027, 2, 3), D(2027, 3, 3)),    # the day before Tết 2027
    (D(2027, 2, 11), D(2027, 3, 4)),   # the first working day after it
    (D(2027, 1, 13), D(2027, 2, 3)),   # ends on the day before Tết
    (D(2027, 1, 14), D(2027, 2, 11)),  # one day later: the 15th working day is after Tết
])
def test_fifteen_working_days_across_tet_2027(submitted, expected):
    assert deadline(submitted) == expected


@pytest.mark.parametrize(("submitted", "expected"), [
    (D(2026, 8, 27), D(2026, 9, 22)),  # Thu: Fri 28/08, then Thu 03/09 onwards
    (D(2026, 8, 28), D(2026, 9, 23)),  # the last working day before the holiday
    (D(2026, 9, 2), D(2026, 9, 23)),   # filed on National Day: same as the Friday before
    (D(2026, 9, 3), D(2026, 9, 24)),   # the first working day after it
])
def test_fifteen_working_days_across_national_day_2026(submitted, expected):
    assert deadline(submitted) == expected


def test_the_first_working_day_after_each_boundary():
    assert [deadline(day, 1) for day in (D(2026, 2, 12), D(2026, 2, 13), D(2026, 8, 28), D(2027, 2, 3))] == [
        D(2026, 2, 13), D(2026, 2, 23), D(2026, 9, 3), D(2027, 2, 11)]


def test_the_swapped_saturday_is_a_working_day():
    assert deadline(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert add_working_days(D(2026, 8, 21), 1, holidays_set=HOLIDAYS) == D(2026, 8, 24)  # without the swap: Monday 24


def test_a_deadline_across_the_new_year():
    assert deadline(D(2026, 12, 24)) == D(2027, 1, 15)  # 01/01/2027 is a holiday


def test_a_provinces_own_day_off_and_made_up_working_day():
    assert deadline(D(2026, 8, 28), 1, extra_off={D(2026, 9, 3)}) == D(2026, 9, 4)
    assert deadline(D(2026, 8, 28), 1, extra_working={D(2026, 8, 29)}) == D(2026, 8, 29)
    # a made-up working day wins over a public holiday of the national calendar
    assert deadline(D(2026, 8, 28), 1, extra_working={D(2026, 9, 1)}) == D(2026, 9, 1)


def test_zero_days_is_the_day_itself_and_a_negative_count_is_refused():
    assert deadline(D(2026, 2, 14), 0) == D(2026, 2, 14)
    with pytest.raises(ValueError):
        deadline(D(2026, 2, 14), -1)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23), holidays_set=HOLIDAYS) == 1
    assert working_days_between(D(2026, 2, 23), D(2026, 2, 13), holidays_set=HOLIDAYS) == 0


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 1)), st.integers(min_value=1, max_value=40))
def test_the_deadline_is_a_working_day_exactly_n_working_days_later(start, n):
    end = deadline(start, n)

    assert is_working_day(end, holidays_set=HOLIDAYS, extra_working=SWAPPED_WORKING)
    assert working_days_between(start, end, holidays_set=HOLIDAYS, extra_working=SWAPPED_WORKING) == n
