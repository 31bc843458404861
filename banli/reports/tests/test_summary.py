"""The summary table the dashboards read: equal to the definitions of ``measures`` evaluated live, kept
current by every kind of write (through the services, with no flush by the test), late by the date
without a write, rebuilt by ``refresh_figures``, and refreshed in a fixed number of statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from banli.assignments.models import Assignment
from banli.assignments.services import Plan
from banli.core import changes
from banli.core.models import Deadline, Unit
from banli.core.workflow import transition
from banli.evaluation.services import Rating, evaluate, follow_up_of, save_follow_up
from banli.evaluation.tests.test_rating import option, send
from banli.handling.models import SOLVED_OR_PLANNED, ResultCategory
from banli.handling.services import request_extension
from banli.handling.tests.conftest import contact, handled
from banli.reports import measures as m
from banli.reports import summary
from banli.reports.models import ItemMeasures, UnitMeasures
from banli.reports.statistics import dashboard
from banli.reports.tests.builders import Item, abc, rating, write_items
from banli.submissions.models import HandlingMode, Submission

ITEM_LIVE = {
    "answered": m.answered,
    "late_closed": m.late_closed,
    "open_due": m.open_due,
    "result_id": m.item_result,
    "rating_id": m.item_rating,
    "unit_count": m.unit_count,
}
UNIT_LIVE = {
    "answering": lambda: m.unit_holds(co=False),
    "co": lambda: m.unit_holds(co=True),
    "answered": m.unit_answered,
    "late_closed": m.unit_late_closed,
    "open_due": m.unit_open_due,
    "result_id": m.unit_result,
    "rating_id": m.unit_rating,
}


def _normal(row: Iterable[Any]) -> tuple[Any, ...]:
    """SQLite gives 0/1 for booleans computed in a query."""
    return tuple(
        bool(v) if isinstance(v, int) and not isinstance(v, bool) and v in (0, 1) else v for v in row
    )


def live_items(ids: list[int]) -> dict[int, tuple[Any, ...]]:
    rows = Submission.objects.filter(pk__in=ids).annotate(**{f"l_{k}": f() for k, f in ITEM_LIVE.items()})
    return {r[0]: _normal(r[1:]) for r in rows.values_list("pk", *(f"l_{k}" for k in ITEM_LIVE))}


def stored_items(ids: list[int]) -> dict[int, tuple[Any, ...]]:
    rows = ItemMeasures.objects.filter(submission_id__in=ids).values_list("submission_id", *ITEM_LIVE)
    return {r[0]: _normal(r[1:]) for r in rows}


def live_units(ids: list[int]) -> dict[tuple[int, int], tuple[Any, ...]]:
    rows = Assignment.objects.filter(submission_id__in=ids).annotate(
        **{f"l_{k}": f() for k, f in UNIT_LIVE.items()}
    )
    fields = ("submission_id", "unit_id", *(f"l_{k}" for k in UNIT_LIVE))
    return {(r[0], r[1]): _normal(r[2:]) for r in rows.values_list(*fields)}


def stored_units(ids: list[int]) -> dict[tuple[int, int], tuple[Any, ...]]:
    rows = UnitMeasures.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "unit_id", *UNIT_LIVE
    )
    return {(r[0], r[1]): _normal(r[2:]) for r in rows}


def assert_current(ids: Iterable[int]) -> None:
    """The table holds exactly what the definitions give now (read without flushing anything)."""
    ids = list(ids)
    assert stored_items(ids) == live_items(ids)
    assert stored_units(ids) == live_units(ids)


def live_summary(items: QuerySet[Submission], today: dt.date) -> dict[str, int]:
    """The headline figures as the dashboard computed them before the table: every definition
    evaluated per row."""
    return items.alias(
        _answered=m.answered(),
        _late=m.late(today),
        _semantic=m.item_semantic_type(),
        _satisfied=m.item_satisfied(),
        _units=m.unit_count(),
    ).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(_answered=True)),
        on_time=Count("pk", filter=Q(_answered=True, _late=False)),
        late=Count("pk", filter=Q(_answered=True, _late=True)),
        addressed=Count("pk", filter=Q(_semantic__in=SOLVED_OR_PLANNED)),
        evaluated=Count("pk", filter=Q(_satisfied__isnull=False)),
        satisfied=Count("pk", filter=Q(_satisfied=True)),
        key=Count("pk", filter=Q(is_key=True)),
        multi=Count("pk", filter=Q(_units__gt=1)),
    )


@pytest.fixture
def varied(org: SimpleNamespace, mixed: SimpleNamespace) -> list[int]:
    """The mixed year plus open deadlines (one past due, one not yet), a re-handled item with its
    second round and a cancelled unit, so every measure has rows of each value."""
    unit_a, unit_b = mixed.units.a, mixed.units.b
    open_items = write_items(
        org,
        [Item([(unit_a, "lead"), (unit_b, "co")]), Item([(unit_b, "separate"), (unit_a, "separate")])],
        first_number=100,
    )
    Deadline.objects.filter(submission=open_items[0], duty="reply").update(due_on=dt.date(2099, 1, 1))
    first = mixed.earlier[0]
    again = Assignment.objects.create(
        jurisdiction=org.jurisdiction, submission=first, unit=unit_b, round=2, role="sole", state="received"
    )
    Assignment.objects.create(
        jurisdiction=org.jurisdiction,
        submission=first,
        unit=mixed.units.c,
        round=2,
        role="co",
        state="cancelled",
    )
    Deadline.objects.create(
        jurisdiction=org.jurisdiction,
        submission=first,
        content_type_id=Deadline.objects.filter(submission=first).first().content_type_id,
        object_id=again.pk,
        duty="rehandling",
        round=2,
        start_on=dt.date(2024, 6, 1),
        amount=1,
        unit="months",
        due_on=dt.date(2024, 7, 1),
    )
    ids = list(Submission.objects.values_list("pk", flat=True))
    summary.refresh(ids)  # the updates above send no signal
    return ids


def test_the_table_holds_what_the_definitions_give(varied: list[int]) -> None:
    assert_current(varied)
    assert len(stored_items(varied)) == len(varied)
    values = list(stored_items(varied).values())
    # every measure takes more than one value here, so the comparison means something
    for column in range(len(ITEM_LIVE)):
        assert len({v[column] for v in values}) > 1, list(ITEM_LIVE)[column]


@pytest.mark.parametrize("today", [dt.date(2024, 5, 1), dt.date(2024, 6, 15), None, dt.date(2100, 1, 1)])
def test_late_from_the_table_is_late_by_the_definition_on_any_date(
    varied: list[int], today: dt.date | None
) -> None:
    today = today or timezone.localdate()
    subs = Submission.objects.filter(pk__in=varied)
    live = set(subs.filter(m.late(today)).values_list("pk", flat=True))
    assert set(subs.filter(summary.late(today, "measures__")).values_list("pk", flat=True)) == live
    assert set(subs.filter(summary.not_late(today, "measures__")).values_list("pk", flat=True)) == (
        set(varied) - live
    )
    assignments = Assignment.objects.filter(submission_id__in=varied)
    live_units = {
        (a, u) for a, u in assignments.filter(m.unit_late(today)).values_list("submission_id", "unit_id")
    }
    stored = UnitMeasures.objects.filter(summary.late(today), submission_id__in=varied)
    assert set(stored.values_list("submission_id", "unit_id")) == live_units


@pytest.mark.parametrize("who", ["registry", "coordinator", "leader", "liaison"])
def test_the_dashboard_counts_what_the_definitions_count(
    org: SimpleNamespace, varied: list[int], who: str
) -> None:
    from banli.submissions.selectors import submission_list

    user = getattr(org.users, who)
    today = timezone.localdate()
    for params in ({"registered": "1", "year": "2024"}, {"registered": "1"}):
        items = submission_list(user, params).order_by()
        assert items.aggregate(**summary.item_counts(today)) == live_summary(items, today)
    board = dashboard(user, {"year": "2024"})
    items = submission_list(user, {"registered": "1", "year": "2024"}).order_by()
    live = live_summary(items, today)
    assert (board.total.count, board.key_total.count) == (live["total"], live["key"])
    assert [r.part.count for r in board.rates] == [
        live["addressed"],
        live["on_time"],
        live["satisfied"],
        live["multi"],
    ]


def test_each_kind_of_write_leaves_the_table_current(org: SimpleNamespace) -> None:
    """Through the services as the pages call them; the test never flushes."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        item = handled(org)  # formal assignment, receipts, handler
        ids = [item.sub.pk]
        assert_current(ids)
        assert stored_items(ids)[item.sub.pk][0] is False
        assert stored_units(ids)[(item.sub.pk, org.units.unit_b.pk)][:2] == (False, True)

        ext = request_extension(item.lead, org.users.handler, dt.date(2026, 8, 31), "需省级部门批复用地指标")
        transition(ext, "grant", org.users.coordinator)  # moves the open reply deadline
        assert_current(ids)
        assert ItemMeasures.objects.get(pk=item.sub.pk).open_due == dt.date(2026, 8, 31)

        unit_c = Unit.objects.create(
            jurisdiction=org.jurisdiction, name="宿州市财政局", kind="handling", system="government"
        )
        transition(  # reassigned: unit_b goes, unit_c co-handles
            item.sub,
            "reassign",
            org.users.coordinator,
            comment="会办单位调整",
            plan=Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [unit_c]),
        )
        assert_current(ids)
        units = stored_units(ids)
        assert units[(item.sub.pk, org.units.unit_b.pk)][:2] == (False, False)  # kept, not counted
        assert units[(item.sub.pk, unit_c.pk)][:2] == (False, True)
        transition(
            item.sub,
            "reassign",
            org.users.coordinator,
            comment="改为单独办理",
            plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, []),
        )
        assert_current(ids)
        assert stored_items(ids)[item.sub.pk][-1] == 1

        contact(org, item.lead)
        reply = send(org, item.lead, "B")  # reply sent
        assert_current(ids)
        assert stored_items(ids)[item.sub.pk][0] is True

        evaluate(reply.recipients.get(), org.users.deputy, Rating(option("basically_satisfied")))  # tracked
        assert_current(ids)
        assert ItemMeasures.objects.get(pk=item.sub.pk).rating_id == option("basically_satisfied").pk

        follow_up = follow_up_of(reply, org.users.handler)  # a second reply solves it
        save_follow_up(
            follow_up,
            org.users.handler,
            ResultCategory.objects.get(scheme__code="abcd", code="A"),
            "已建成。",
        )
        transition(follow_up, "submit", org.users.handler)
        transition(follow_up, "send", org.users.signing_head)
        assert_current(ids)
        assert ItemMeasures.objects.get(pk=item.sub.pk).result.code == "A"
    assert not changes._pending("default")  # nothing was left waiting for a reader


def test_a_dissatisfied_rating_reopens_and_the_new_round_is_counted(org: SimpleNamespace) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        item = handled(org, co=False)
        contact(org, item.lead)
        reply = send(org, item.lead, "C")
        evaluate(reply.recipients.get(), org.users.deputy, Rating(option("dissatisfied"), comment="答复敷衍"))
        ids = [item.sub.pk]
        assert_current(ids)
        row = ItemMeasures.objects.get(pk=item.sub.pk)
        assert row.open_due is not None and row.rating_id == option("dissatisfied").pk  # re-handling open


def test_late_follows_the_date_without_a_write(org: SimpleNamespace) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        item = handled(org, co=False)
        due = ItemMeasures.objects.get(pk=item.sub.pk).open_due
    params = {"timely": "overdue", "registered": ""}
    from banli.submissions.selectors import submission_list

    for moment, overdue in ((due, False), (due + dt.timedelta(days=1), True)):
        with time_machine.travel(dt.datetime.combine(moment, dt.time(4), tzinfo=dt.UTC), tick=False):
            assert submission_list(org.users.registry, params).filter(pk=item.sub.pk).exists() is overdue


def test_a_submission_saved_or_deleted_outside_a_service_is_refreshed_before_it_is_read(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    sub = mixed.in_session[3]  # unanswered, no rating
    Assignment.objects.filter(submission=sub).update(state="cancelled")  # no signal: not seen yet
    changes.touch([sub.pk])
    board = dashboard(org.users.registry, {"year": "2024"})  # the reader flushes first
    assert ItemMeasures.objects.get(pk=sub.pk).unit_count == 0 and board.total.count == 10
    assert_current([sub.pk])


def test_refresh_figures_rebuilds_the_table_and_is_idempotent(varied: list[int]) -> None:
    before = (stored_items(varied), stored_units(varied))
    ItemMeasures.objects.filter(pk=varied[0]).update(answered=True, unit_count=9)
    UnitMeasures.objects.filter(submission_id=varied[1]).delete()
    call_command("refresh_figures", batch=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (stored_items(varied), stored_units(varied)) == before
    call_command("refresh_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (stored_items(varied), stored_units(varied)) == before
    assert_current(varied)


def test_a_refresh_costs_four_statements_whatever_the_number_of_items(
    varied: list[int], django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # items, units, units gone, the years' versions
    with django_assert_num_queries(4):
        summary.refresh(varied[:1])
    with django_assert_num_queries(4):
        summary.refresh(varied)
    assert_current(varied)


def test_a_refresh_gives_the_years_it_touched_a_new_version_and_no_other(
    org: SimpleNamespace, varied: list[int]
) -> None:
    from banli.reports.models import FiguresVersion
    from banli.submissions.models import Submission

    summary.flush()
    years = set(Submission.objects.filter(pk__in=varied).values_list("year", flat=True))
    before = dict(FiguresVersion.objects.values_list("year", "token"))
    assert years <= set(before)
    other = write_items(org, [Item([(org.units.unit_a, "sole")], None)], year=2019, first_number=900)
    summary.flush()
    after = dict(FiguresVersion.objects.values_list("year", "token"))
    assert after[2019] and all(after[y] == before[y] for y in years)
    summary.refresh(varied)
    renewed = dict(FiguresVersion.objects.values_list("year", "token"))
    assert all(renewed[y] != after[y] for y in years) and renewed[2019] == after[2019]
    assert other


def test_the_dashboard_reads_no_definition_per_row(org: SimpleNamespace, varied: list[int]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    summary.flush()  # the fixture's own saves
    with CaptureQueriesContext(connection) as queries:
        dashboard(org.users.registry, {"year": ""})
    tables = ("handling_reply", "core_deadline", "evaluation_evaluation", "evaluation_followup")
    for q in queries.captured_queries:
        assert not any(t in q["sql"] for t in tables), q["sql"]


def test_a_separate_item_is_solved_only_when_every_part_is(org: SimpleNamespace) -> None:
    a, b = abc("A"), abc("B")
    unit_a, unit_b = org.units.unit_a, org.units.unit_b
    [sub] = write_items(
        org,
        [Item([(unit_a, "separate"), (unit_b, "separate")], a, rating=rating("satisfied"))],
        first_number=200,
    )
    from banli.handling.models import Reply

    Reply.objects.filter(submission=sub, assignment__unit=unit_b).update(result=b)
    summary.refresh([sub.pk])
    assert ItemMeasures.objects.get(pk=sub.pk).result_id == b.pk
    assert_current([sub.pk])
