"""``manage.py deadline``: the date alone on stdout, a warning on stderr when provisional."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2025-11-30", "--months", "3"), "2026-02-28"),  # month end, a Saturday worked (春节调休)
        (("2025-09-30", "--working-days", "3"), "2025-10-11"),  # after National Day, a Saturday worked
        (("2025-09-21", "--days", "10"), "2025-10-09"),  # 10-01 rolls past the holiday
        (("2024-01-31", "--months", "1"), "2024-02-29"),
    ],
)
def test_prints_the_date_alone(args: tuple[str, ...], expected: str) -> None:
    assert run(*args) == (expected + "\n", "")


def test_provisional_year_warns_on_stderr() -> None:
    out, err = run("2026-12-15", "--months", "1")
    assert out == "2027-01-15\n"
    assert err.strip() == "注意：2027年放假安排尚未确认，结果按周末推算，仅供参考。"


def test_provisional_working_days_across_the_new_year() -> None:
    out, err = run("2026-12-30", "--working-days", "3")
    assert out == "2027-01-04\n"  # Thu 12-31, Fri 1-01 (weekends only), Mon 1-04
    assert "2027年放假安排尚未确认" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2025-11-30",), "只给出一个期限"),
        (("2025-11-30", "--months", "3", "--days", "5"), "只给出一个期限"),
        (("2025-11-31", "--months", "3"), "起算日“2025-11-31”无效"),
        (("明天", "--days", "3"), "起算日“明天”无效"),
        ((), "请给出起算日"),
        (("2025-11-30", "--months", "三"), "期限“三”无效，应为正整数"),
        (("2025-11-30", "--working-days", "0"), "期限应为正整数"),
        (("2025-11-30", "--days", "-2"), "期限应为正整数"),
        (("2025-11-30", "--days", "1000000"), "过长"),
        (("9999-12-30", "--days", "5"), "超出可计算的范围"),
    ],
)
def test_bad_input_is_a_command_error_in_chinese(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "deadline", "2025-11-30"]).execute()
    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "只给出一个期限" in captured.err


def test_good_input_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    ManagementUtility(["manage.py", "deadline", "2025-11-30", "--months", "3"]).execute()
    assert capsys.readouterr().out == "2026-02-28\n"
