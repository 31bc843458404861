"""Chinese numerals and dates as official documents write them."""

from __future__ import annotations

import datetime as dt

import pytest

from banli.core.text import cn_date, cn_number


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (123, "一百二十三"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2300, "二千三百"),
    ],
)
def test_numerals_for_sessions_and_numbered_headings(n: int, text: str) -> None:
    assert cn_number(n) == text


def test_numerals_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        cn_number(-1)
    with pytest.raises(ValueError):
        cn_number(10000)


def test_dates_without_leading_zeros() -> None:
    assert cn_date(dt.date(2025, 2, 8)) == "2025年2月8日"
