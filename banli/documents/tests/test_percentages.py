"""Percentages are rounded once, at the end, and add up to exactly 100 (largest remainder)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banli.documents.reports import percentages, share

counts = st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=12)
places = st.integers(min_value=0, max_value=4)


def test_seed_001_shares() -> None:
    assert percentages([67, 134]) == [Decimal("33.33"), Decimal("66.67")]
    assert share(201, 216) == Decimal("93.06")


def test_ties_go_to_the_earlier_share_and_zeros_stay_zero() -> None:
    assert percentages([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert percentages([0, 0]) == [Decimal("0.00"), Decimal("0.00")]
    assert percentages([5, 0]) == [Decimal("100.00"), Decimal("0.00")]


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        percentages([3, -1])
    with pytest.raises(ValueError):
        share(5, 4)


@given(counts, places)
def test_they_add_up_to_exactly_100(values: list[int], digits: int) -> None:
    result = percentages(values, digits)
    assert len(result) == len(values)
    assert sum(result) == (100 if sum(values) else 0)
    assert all(r.as_tuple().exponent == -digits for r in result)


@given(counts, places)
def test_each_is_within_one_unit_of_the_last_place_of_the_exact_share(values: list[int], digits: int) -> None:
    total = sum(values)
    unit = Fraction(1, 10**digits)
    for value, result in zip(values, percentages(values, digits), strict=True):
        exact = Fraction(100 * value, total) if total else Fraction(0)
        assert abs(Fraction(result) - exact) < unit
        assert Fraction(result) >= exact - unit  # never cut by more than the rounding


@given(counts)
def test_larger_counts_never_get_smaller_shares(values: list[int]) -> None:
    result = percentages(values)
    for i in range(len(values)):
        for j in range(len(values)):
            if values[i] > values[j]:
                assert result[i] >= result[j]


@given(counts)
def test_order_of_the_counts_only_moves_the_results(values: list[int]) -> None:
    # Shares depend on the counts, not on their position, except how a tie of remainders is broken.
    forward = percentages(values)
    backward = percentages(values[::-1])[::-1]
    for a, b in zip(forward, backward, strict=True):
        assert abs(a - b) <= Decimal("0.01")
