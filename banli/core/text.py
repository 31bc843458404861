"""Small helpers for Chinese text in titles and documents."""

from __future__ import annotations

import datetime as dt

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 0 ≤ n < 10000, as used in 届 and 次 (六届三次, 十二届, 二十一届) and in
    numbered headings (（一百零五）): a ten alone is 十 below twenty, 一十 after a hundred; zeros inside
    are one 零."""
    if not 0 <= n < 10000:
        raise ValueError(f"cn_number supports 0..9999, got {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // size % 10
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


def cn_date(value: dt.date) -> str:
    """Date as GB/T 9704 writes it: Arabic numerals without leading zeros (2025年2月28日)."""
    return f"{value.year}年{value.month}月{value.day}日"
