"""Measure the reminder sweep over a national-scale deadline table (run on demand, not by pytest).

    DATABASE_URL=postgres://root@127.0.0.1:5432/test_bench EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \\
        .venv/bin/python -m banli.notifications.tests.bench_sweep --deadlines 400000

Fills the database (its name must start with ``test_`` or ``bench``: it is filled with generated rows)
with 30 jurisdictions, 210 handling units with two liaisons each, one suggestion and one assignment
per two deadlines, and deadlines (reply and sign receipt, half of them open) due from 400 days ago to
200 days ahead. Then it times: the first sweep (yesterday: every overdue deadline's notice at once, the
worst case after installing), the same sweep again (nothing new), today's sweep (the day's reminders
only, the steady state), and sending the queued email.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banli.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from banli.assignments.models import Assignment  # noqa: E402
from banli.core.models import Assembly, Deadline, Jurisdiction, Member, Role, Unit, User  # noqa: E402
from banli.notifications.models import Reminder, ReminderPolicy  # noqa: E402
from banli.notifications.sending import send_deliveries  # noqa: E402
from banli.notifications.sweep import sweep_reminders  # noqa: E402
from banli.submissions.models import Submission  # noqa: E402

BATCH = 5000


def fill(total: int, today: dt.date) -> None:
    rng = random.Random(6)
    places = [
        Jurisdiction.objects.create(code=f"9{i:05d}", name=f"测试省{i}", short_name="省", level="province")
        for i in range(30)
    ]
    for j in places[:5]:
        ReminderPolicy.objects.create(jurisdiction=j, warning_days="10,3,1", overdue_repeat_days=5)
    authors, units = [], []
    for j in places:
        npc = Assembly.objects.create(
            jurisdiction=j,
            kind="npc",
            term=14,
            name=f"{j.name}人大",
            short_name="省十四届人大",
            start_year=2023,
            end_year=2027,
        )
        clerk = User.objects.create(username=f"clerk{j.code}")
        authors.append((j, npc, Member.objects.create(assembly=npc, name="代表", user=clerk), clerk))
        for u in range(7):
            unit = Unit.objects.create(
                jurisdiction=j, name=f"{j.name}厅{u}", kind="handling", system="government"
            )
            units.append(unit)
            for k in range(2):
                user = User.objects.create(username=f"l{unit.pk}-{k}", email=f"l{unit.pk}-{k}@example.gov.cn")
                Role.objects.create(user=user, code="liaison", jurisdiction=j, unit=unit)
    items = total // 2
    subs = []
    for n in range(items):
        j, npc, member, clerk = authors[n % len(authors)]
        subs.append(
            Submission(
                jurisdiction=j,
                assembly=npc,
                year=2025,
                kind="suggestion",
                number=n // len(authors) + 1,
                title=f"关于第{n}个问题的建议",
                lead_author=member,
                created_by=clerk,
                state="handling",
            )
        )
    Submission.objects.bulk_create(subs, batch_size=BATCH)
    by_place = {j.pk: [u for u in units if u.jurisdiction_id == j.pk] for j in places}
    assignments = [
        Assignment(
            jurisdiction_id=s.jurisdiction_id,
            submission=s,
            unit=rng.choice(by_place[s.jurisdiction_id]),
            role="sole",
            state="received",
        )
        for s in subs
    ]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    ct = ContentType.objects.get_for_model(Assignment)
    now = timezone.now()
    rows = []
    for a in assignments:
        for duty in ("sign_receipt", "reply"):
            due = today + dt.timedelta(days=rng.randint(-400, 200))
            rows.append(
                Deadline(
                    jurisdiction_id=a.jurisdiction_id,
                    submission_id=a.submission_id,
                    content_type=ct,
                    object_id=a.pk,
                    duty=duty,
                    start_on=due - dt.timedelta(days=60),
                    amount=0,
                    unit="fixed",
                    fixed_on=due,
                    due_on=due,
                    closed_at=now if rng.random() < 0.5 else None,
                )
            )
    Deadline.objects.bulk_create(rows, batch_size=BATCH)


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - started:.2f} s — {result}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=400_000)
    args = parser.parse_args()
    name = str(connection.settings_dict["NAME"])
    if not os.path.basename(name).startswith(("test_", "bench")):
        raise SystemExit(f"拒绝向数据库 {name} 写入测试数据：库名须以 test_ 或 bench 开头")
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    if not Deadline.objects.exists():
        timed(f"生成 {args.deadlines} 个期限", lambda: fill(args.deadlines, today))
    open_count = Deadline.objects.filter(closed_at__isnull=True).count()
    print(
        f"{connection.vendor}：期限 {Deadline.objects.count()} 个，其中未完成 {open_count} 个；邮件后端 {settings.EMAIL_BACKEND}"
    )
    nine = dt.time(9, tzinfo=timezone.get_current_timezone())
    yesterday = dt.datetime.combine(today - dt.timedelta(days=1), nine)
    timed("首次巡检（积压的逾期通知一次发出）", lambda: sweep_reminders(yesterday))
    timed("同一天再巡检（无新提醒）", lambda: sweep_reminders(yesterday))
    timed("次日巡检（当天到点的提醒）", lambda: sweep_reminders(dt.datetime.combine(today, nine)))
    timed("次日再巡检（无新提醒）", lambda: sweep_reminders(dt.datetime.combine(today, nine)))
    print(f"提醒记录 {Reminder.objects.count()} 条")
    timed("发送一轮邮件（每轮至多 10000 条）", lambda: send_deliveries())


if __name__ == "__main__":
    main()
