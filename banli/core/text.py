"""Small helpers for Chinese text in titles and documents."""

from __future__ import annotations

import datetime as dt

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 0 ≤ n < 100, as used in 届 and 次 (六届三次, 十二届, 二十一届)."""
    if not 0 <= n < 100:
        raise ValueError(f"cn_number supports 0..99, got {n}")
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def cn_date(value: dt.date) -> str:
    """Date as GB/T 9704 writes it: Arabic numerals without leading zeros (2025年2月28日)."""
    return f"{value.year}年{value.month}月{value.day}日"
