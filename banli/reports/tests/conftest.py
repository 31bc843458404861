"""A year of mixed items for the statistics: every mode, result, timeliness and rating, a second reply
that changed a result, items between sessions, of another system, confidential, and of the year before."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from banli.core.models import Category, Session, Unit
from banli.core.tests.factories import MemberFactory
from banli.evaluation.models import FollowUp
from banli.handling.models import Reply
from banli.reports import summary
from banli.reports.tests.builders import Item, abc, rating, write_items


@pytest.fixture
def mixed(org: SimpleNamespace) -> SimpleNamespace:
    session = Session.objects.create(
        assembly=org.npc,
        number=2,
        name="六届二次会议",
        opens_on=dt.date(2024, 1, 8),
        closes_on=dt.date(2024, 1, 11),
    )
    unit_a, unit_b = org.units.unit_a, org.units.unit_b
    unit_c = Unit.objects.create(
        jurisdiction=org.jurisdiction, name="宿州市财政局", kind="handling", system="government"
    )
    party = Unit.objects.create(
        jurisdiction=org.jurisdiction, name="市委组织部", kind="handling", system="party"
    )
    economy = Category.objects.create(jurisdiction=org.jurisdiction, name="经济")
    city = Category.objects.create(jurisdiction=org.jurisdiction, name="城建")
    a, b, c = abc("A"), abc("B"), abc("C")
    good, fair, bad = rating("satisfied"), rating("basically_satisfied"), rating("dissatisfied")
    items = [
        Item([(unit_a, "sole")], a, rating=good, category_id=economy.pk),
        Item([(unit_a, "lead"), (unit_b, "co")], b, late=True, rating=fair, category_id=city.pk),
        Item([(unit_a, "separate"), (unit_c, "separate")], a, rating=good, key=True),
        Item([(unit_b, "sole")], None),  # unanswered, past its due date
        Item([(unit_a, "sole")], b, confidential=True, rating=good),
        Item([(unit_c, "sole")], b, rating=good),  # a second reply makes it A
        Item([(party, "sole")], c, system="party", rating=bad),
        Item([(unit_b, "lead"), (unit_a, "co")], a, key=True),
    ]
    in_session = write_items(org, items, session=session, year=2024)
    between = write_items(
        org,
        [Item([(unit_c, "sole")], c, key=True, rating=bad), Item([(unit_a, "sole")], None)],
        year=2024,
        first_number=1,
    )
    earlier = write_items(org, [Item([(unit_a, "sole")], a, rating=good)] * 3, year=2023, first_number=1)
    member = MemberFactory(assembly=org.cppcc, delegation="", sector="经济界")
    proposals = write_items(
        org, [Item([(unit_b, "sole")], b, rating=fair)], year=2024, assembly=org.cppcc, author=member
    )
    # separate handling: the second unit's part is only planned, so the item is not solved as a whole
    Reply.objects.filter(submission=in_session[2], assignment__unit=unit_c).update(result=b)
    summary.refresh([in_session[2].pk])  # an update sends no signal
    reply = Reply.objects.get(submission=in_session[5])
    FollowUp.objects.create(
        jurisdiction=org.jurisdiction,
        submission=in_session[5],
        reply=reply,
        state="sent",
        result=a,
        text="已完成",
        sent_at=timezone.now(),
    )
    return SimpleNamespace(
        session=session,
        units=SimpleNamespace(a=unit_a, b=unit_b, c=unit_c, party=party),
        categories=SimpleNamespace(economy=economy, city=city),
        in_session=in_session,
        between=between,
        earlier=earlier,
        proposals=proposals,
    )
