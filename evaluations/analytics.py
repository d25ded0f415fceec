"""Advisory analytics of a council's scoring, shown to the chair and the secretary. They never
change a legal result. Pure Python over plain numbers (no Django).

- A member's leniency: the mean, over the products they scored, of their total minus the mean of
  all the sheets handed in for that product (positive: lenient; negative: severe).
- Inter-rater agreement: ICC(2,1) of Shrout & Fleiss (1979), two-way random effects, absolute
  agreement, single rater, over the products every member scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def member_deviation(totals: Mapping[object, Mapping[object, int]]) -> dict[object, float]:
    """`totals`: {product: {member: total}} → {member: mean deviation from the product means}."""
    deviations: dict[object, list[float]] = {}
    for by_member in totals.values():
        if len(by_member) < 2:
            continue
        mean = sum(by_member.values()) / len(by_member)
        for member, total in by_member.items():
            deviations.setdefault(member, []).append(total - mean)
    return {member: sum(d) / len(d) for member, d in deviations.items()}


def icc_2_1(matrix: Sequence[Sequence[float]]) -> float | None:
    """ICC(2,1) of an n-products × k-members matrix with every cell filled; None below 2 × 2 or
    when it is undefined (no variation at all)."""
    n = len(matrix)
    k = len(matrix[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in matrix):
        return None
    grand = sum(map(sum, matrix)) / (n * k)
    row_means = [sum(row) / k for row in matrix]
    col_means = [sum(row[j] for row in matrix) / n for j in range(k)]
    ss_rows = k * sum((m - grand) ** 2 for m in row_means)
    ss_cols = n * sum((m - grand) ** 2 for m in col_means)
    ss_total = sum((x - grand) ** 2 for row in matrix for x in row)
    ss_error = ss_total - ss_rows - ss_cols
    ms_rows, ms_cols, ms_error = ss_rows / (n - 1), ss_cols / (k - 1), ss_error / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    return None if denominator == 0 else (ms_rows - ms_error) / denominator
