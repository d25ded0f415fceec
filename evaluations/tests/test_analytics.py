import pytest

from evaluations.analytics import icc_2_1, member_deviation

pytestmark = pytest.mark.unit

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; ICC(2,1) = 0.29.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_icc_matches_the_published_example():
    assert round(icc_2_1(SHROUT_FLEISS), 2) == 0.29


def test_perfect_agreement_is_one_and_too_little_data_is_none():
    assert icc_2_1([[70, 70], [80, 80], [90, 90]]) == pytest.approx(1.0)
    assert (icc_2_1([[70, 71]]), icc_2_1([[70], [80]]), icc_2_1([[70, 70], [70, 70]])) == (None, None, None)


def test_a_lenient_member_is_positive_and_a_severe_one_negative():
    totals = {"A": {"an": 80, "binh": 70, "chi": 75}, "B": {"an": 60, "binh": 50, "chi": 55}}

    assert member_deviation(totals) == {"an": 5.0, "binh": -5.0, "chi": 0.0}
