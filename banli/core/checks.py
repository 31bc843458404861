"""System checks: warn administrators when next year's holiday calendar is not confirmed."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError


@register("banli")
def next_year_calendar(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from banli.core.calendar import unconfirmed_next_year

    try:
        year = unconfirmed_next_year()
    except DatabaseError:
        return []  # before migrations
    if year is None:
        return []
    return [
        Warning(
            f"{year}年放假安排尚未确认：涉及该年的期限按周末计算并标为“暂定”。",
            hint="国务院办公厅通知发布后，在管理后台“工作日历”导入或录入并确认。",
            id="banli.W001",
        )
    ]
