"""The working-day calendar: the exceptions to "Monday–Friday work, weekends rest"."""

from __future__ import annotations

from django.db import models


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "节假日"
    WORKDAY = "workday", "调休工作日"


class CalendarDay(models.Model):
    """A day that differs from the weekday rule: a holiday, or a weekend day worked (调休).

    A year counts as confirmed once it has a confirmed day (the State Council's notice is out). Years
    without one are computed on weekends only and their due dates are marked provisional.
    """

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=CalendarDayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True, help_text="如：春节、国庆节")
    confirmed = models.BooleanField("已确认", default=True, help_text="国务院办公厅放假安排通知已发布")

    class Meta:
        verbose_name = verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()
