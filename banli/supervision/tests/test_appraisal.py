"""考核: a unit's score computed from the data on a small built year, exactly, indicator by indicator and
item by item; the ranking and its Excel; the scheme's rules; who sees what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.core.deadlines import open_deadline
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory, UnitFactory
from banli.core.workflow import GuardFailed, NotAllowed
from banli.evaluation.models import Evaluation, RatingOption
from banli.handling.models import Commitment, Contact, Reply, ReplyRecipient
from banli.supervision.appraisal import appraise
from banli.supervision.models import AppraisalScheme
from banli.supervision.services import IndicatorWeight, SchemeInput, save_scheme

BEIJING = ZoneInfo("Asia/Shanghai")
AS_OF = dt.date(2025, 12, 31)


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=BEIJING)


def weights(**changes) -> dict[str, IndicatorWeight]:  # type: ignore[no-untyped-def]
    base = {
        "on_time": IndicatorWeight(30),
        "contact": IndicatorWeight(20),
        "satisfaction": IndicatorWeight(30),
        "returned": IndicatorWeight(10, Decimal(2)),
        "commitments": IndicatorWeight(10),
    }
    base.update(changes)
    return base


def scheme_for(org: SimpleNamespace) -> AppraisalScheme:
    return save_scheme(
        org.users.registry,
        org.jurisdiction.pk,
        SchemeInput(year=2025, title="2025年度承办工作考核", weights=weights()),
    )


class Year:
    """Build one year of handling: assignments with their reply deadlines, replies, contacts, ratings."""

    def __init__(self, org: SimpleNamespace) -> None:
        self.org = org
        self.n = 0

    def assignment(
        self, unit, due: str | None, *, role: str = "sole", state: str = "received", year: int = 2025
    ):  # type: ignore[no-untyped-def]
        self.n += 1
        sub = SubmissionFactory(
            lead_author=self.org.deputy, state="handling", session=self.org.session, number=self.n, year=year
        )
        a = AssignmentFactory(submission=sub, unit=unit, role=role, state=state)
        if due:
            open_deadline(a, "reply", dt.date(2025, 3, 1), 0, "fixed", fixed_on=dt.date.fromisoformat(due))
        return a

    def reply(self, a, sent: str, *, revision: int = 0) -> Reply:  # type: ignore[no-untyped-def]
        type(a).objects.filter(pk=a.pk).update(state="replied")
        return Reply.objects.create(
            jurisdiction=self.org.jurisdiction,
            submission=a.submission,
            assignment=a,
            state="sent",
            sent_at=at(sent),
            revision=revision,
        )

    def contact(self, a, day: str) -> None:  # type: ignore[no-untyped-def]
        Contact.objects.create(
            jurisdiction=self.org.jurisdiction,
            submission=a.submission,
            assignment=a,
            method="phone",
            phase="before",
            occurred_on=dt.date.fromisoformat(day),
            notes="电话沟通",
            recorded_by=self.org.users.handler,
        )

    def rate(self, reply: Reply, code: str) -> None:
        recipient = ReplyRecipient.objects.create(
            reply=reply, submission=reply.submission, member=self.org.deputy, is_lead=True
        )
        Evaluation.objects.create(
            jurisdiction=self.org.jurisdiction,
            submission=reply.submission,
            reply=reply,
            recipient=recipient,
            member=self.org.deputy,
            rating=RatingOption.objects.get(jurisdiction=None, code=code),
        )

    def commitment(self, reply: Reply, due: str, closed: str | None = None) -> None:
        Commitment.objects.create(
            jurisdiction=self.org.jurisdiction,
            submission=reply.submission,
            reply=reply,
            text="年底前完成改造",
            due_on=dt.date.fromisoformat(due),
            state="done" if closed else "open",
            closed_at=at(closed) if closed else None,
            evidence="已完成" if closed else "",
        )


@pytest.fixture
def year(org: SimpleNamespace) -> Year:
    """unit_a: one reply on time with a contact, rated 满意, returned once, its commitment kept; one reply
    late without a contact, rated 不满意, its commitment overdue and open; one reply overdue; one not due.
    unit_b: one reply on its due day after a contact that day, rated 基本满意; it also co-handles (not
    counted). A cancelled assignment and another year's item count for nobody."""
    y = Year(org)
    a, b = org.units.unit_a, org.units.unit_b
    first = y.reply(y.assignment(a, "2025-06-10"), "2025-06-05", revision=1)
    y.contact(first.assignment, "2025-05-20")
    y.rate(first, "satisfied")
    y.commitment(first, "2025-10-01", closed="2025-09-20")
    late = y.reply(y.assignment(a, "2025-06-10", role="lead"), "2025-06-20")
    y.contact(late.assignment, "2025-06-25")  # after the reply: does not count
    y.rate(late, "dissatisfied")
    y.commitment(late, "2025-08-01")
    y.assignment(a, "2025-06-10")  # never replied
    y.assignment(a, "2026-02-01")  # not due yet
    AssignmentFactory(submission=late.submission, unit=b, role="co", state="replied")
    on_the_day = y.reply(y.assignment(b, "2025-07-01"), "2025-07-01")
    y.contact(on_the_day.assignment, "2025-07-01")
    y.rate(on_the_day, "basically_satisfied")
    y.assignment(b, "2025-01-10", state="cancelled")
    y.assignment(b, "2024-06-10", year=2024)
    return y


def test_each_units_score_is_computed_exactly_from_the_data(org: SimpleNamespace, year: Year) -> None:
    scores = {s.unit.name: s for s in appraise(scheme_for(org), AS_OF)}
    a = scores[org.units.unit_a.name]
    points = {i.code: (i.numerator, i.denominator, i.points) for i in a.indicators}
    assert points == {
        "on_time": (1, 3, Decimal("10.00")),  # on time 1 of 3 due (late, never replied)
        "contact": (1, 2, Decimal("10.00")),  # a contact after the reply does not count
        "satisfaction": (1, 2, Decimal("15.00")),
        "returned": (1, 2, Decimal("8.00")),  # one return, 2 points off 10
        "commitments": (1, 2, Decimal("5.00")),  # one kept, one overdue and open
    }
    assert a.total == Decimal("48.00")
    b = scores[org.units.unit_b.name]
    assert [i.points for i in b.indicators] == [
        Decimal(p) for p in ("30.00", "20.00", "30.00", "10.00", "10.00")
    ]
    assert b.indicator("commitments").explanation == "无应计事项，按满分计"
    assert (b.rank, a.rank) == (1, 2)


def test_a_draft_replys_promises_are_not_yet_commitments(org: SimpleNamespace, year: Year) -> None:
    """Only a sent reply binds the unit: the promises in a draft neither count nor show in the score."""
    draft = year.reply(year.assignment(org.units.unit_b, "2025-07-01"), "2025-06-28")
    Reply.objects.filter(pk=draft.pk).update(state="draft", sent_at=None)
    year.commitment(draft, "2025-08-01")
    b = next(s for s in appraise(scheme_for(org), AS_OF) if s.unit == org.units.unit_b)
    assert b.indicator("commitments").explanation == "无应计事项，按满分计"


def test_the_score_is_explained_item_by_item(org: SimpleNamespace, year: Year) -> None:
    a = next(s for s in appraise(scheme_for(org), AS_OF) if s.unit == org.units.unit_a)
    on_time = a.indicator("on_time")
    assert [line.note for line in on_time.lines] == [
        "答复期限2025-06-10，2025-06-05答复，按期",
        "答复期限2025-06-10，2025-06-20答复，逾期10天",
        "答复期限2025-06-10，至今未答复",
        "答复期限2026-02-01，尚未到期，不计",
    ]
    assert [line.counts for line in on_time.lines] == [True, True, True, False]
    assert on_time.explanation == "1/3 = 33.33%，30分 × 33.33%"
    assert a.indicator("returned").explanation == "退回重办1次，每次扣2分"
    notes = [line.note for line in a.indicator("commitments").lines]
    assert notes == [
        "“年底前完成改造”完成时限2025-10-01，2025-09-20销号，按期",
        "“年底前完成改造”完成时限2025-08-01，尚未销号",
    ]


def test_equal_totals_share_a_rank(org: SimpleNamespace, year: Year) -> None:
    c = UnitFactory(jurisdiction=org.jurisdiction, name="市住建局", system="government")
    year.assignment(c, "2026-03-01")  # nothing due yet: every indicator at full marks
    ranks = {s.unit.name: (s.rank, s.total) for s in appraise(scheme_for(org), AS_OF)}
    assert ranks[org.units.unit_b.name] == (1, Decimal("100.00"))
    assert ranks["市住建局"] == (1, Decimal("100.00"))
    assert ranks[org.units.unit_a.name] == (3, Decimal("48.00"))


def test_the_scheme_is_the_registrys_and_adds_up_to_100(org: SimpleNamespace) -> None:
    jid = org.jurisdiction.pk
    with pytest.raises(NotAllowed):
        save_scheme(org.users.coordinator, jid, SchemeInput(year=2025, title="考核", weights=weights()))
    with pytest.raises(GuardFailed, match="合计须为100分（现为90分）"):
        save_scheme(
            org.users.registry,
            jid,
            SchemeInput(year=2025, title="考核", weights=weights(contact=IndicatorWeight(10))),
        )
    with pytest.raises(GuardFailed, match="每次扣分"):
        save_scheme(
            org.users.registry,
            jid,
            SchemeInput(year=2025, title="考核", weights=weights(returned=IndicatorWeight(10))),
        )
    scheme = scheme_for(org)
    with pytest.raises(GuardFailed, match="已有考核方案"):
        scheme_for(org)
    changed = weights(contact=IndicatorWeight(0), on_time=IndicatorWeight(50))
    save_scheme(
        org.users.registry, jid, SchemeInput(year=2025, title="考核（修订）", weights=changed), scheme
    )
    assert sorted(scheme.indicators.values_list("indicator", "weight")) == [
        ("commitments", 10),
        ("on_time", 50),
        ("returned", 10),
        ("satisfaction", 30),
    ]


def test_the_ranking_page_its_excel_and_a_units_page(
    org: SimpleNamespace, year: Year, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    import time_machine

    scheme = scheme_for(org)
    client.force_login(org.users.coordinator)
    with time_machine.travel(dt.datetime(2025, 12, 31, 4, 0, tzinfo=dt.UTC), tick=False):
        with django_assert_max_num_queries(16):
            html = client.get(reverse("supervision:ranking", args=[scheme.pk])).content.decode()
        assert "48.00" in html and "100.00" in html
        response = client.get(reverse("supervision:ranking", args=[scheme.pk]), {"export": "xlsx"})
        rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
        assert rows[4][:2] == (1, org.units.unit_b.name) and rows[4][-1] == 100
        assert rows[5][:2] == (2, org.units.unit_a.name) and rows[5][-1] == 48
        assert rows[5][2:4] == ("33.33%", 10)
        unit_url = reverse("supervision:unit_score", args=[scheme.pk, org.units.unit_a.pk])
        page = client.get(unit_url).content.decode()
        assert "逾期10天" in page and "退回重办1次，每次扣2分" in page
        client.force_login(org.users.liaison)  # a unit reads its own page, not the others' or the ranking
        assert client.get(unit_url).status_code == 200
        assert client.get(reverse("supervision:ranking", args=[scheme.pk]))["Location"] == unit_url
        assert (
            client.get(reverse("supervision:unit_score", args=[scheme.pk, org.units.unit_b.pk])).status_code
            == 404
        )
