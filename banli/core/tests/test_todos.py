"""The home page's to-do counts (待办), per role."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.test import Client

from banli.core.deadlines import open_deadline
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.core.todos import todos_for


def counts(user) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(t.group, t.label): t.count for t in todos_for(user)}


def test_deputy_sees_drafts_returned_and_replied(org: SimpleNamespace) -> None:
    SubmissionFactory.create_batch(2, lead_author=org.deputy, state="draft")
    SubmissionFactory(lead_author=org.deputy, state="returned")
    SubmissionFactory(lead_author=org.deputy, state="replied")
    SubmissionFactory(lead_author=org.other_deputy, state="draft")
    assert counts(org.users.deputy) == {
        ("我的建议提案", "待确认联名"): 0,
        ("我的建议提案", "草稿"): 2,
        ("我的建议提案", "退回修改"): 1,
        ("我的建议提案", "答复待评价"): 0,  # the replied item has no reply addressed to the deputy yet
    }


def test_registry_sees_its_review_queue(org: SimpleNamespace, other_org: SimpleNamespace) -> None:
    SubmissionFactory.create_batch(3, lead_author=org.deputy, state="submitted")
    SubmissionFactory(lead_author=org.member, state="submitted")  # 政协: the other registry's
    SubmissionFactory(lead_author=other_org.deputy, state="submitted")  # another city
    SubmissionFactory(lead_author=org.deputy, state="registered")
    assert counts(org.users.registry) == {("审查立案", "待审查"): 3, ("审查立案", "已立案待转交"): 1}
    assert counts(org.users.cppcc_registry)[("审查立案", "待审查")] == 1


def test_coordinator_sees_items_waiting_for_assignment_in_its_system(org: SimpleNamespace) -> None:
    SubmissionFactory.create_batch(2, lead_author=org.deputy, state="assigning", system="government")
    SubmissionFactory(lead_author=org.deputy, state="assigning", system="party")
    assert counts(org.users.coordinator) == {
        ("交办", "待交办"): 2,
        ("交办", "待审定调整申请"): 0,
        ("交办", "逾期未签收"): 0,
        ("答复审核", "答复待审核"): 0,
        ("答复审核", "延期待审批"): 0,
    }
    assert counts(org.users.party_coordinator)[("交办", "待交办")] == 1


def test_unit_people_see_their_units_assignments(org: SimpleNamespace) -> None:
    unit = org.units.unit_a
    AssignmentFactory.create_batch(2, unit=unit, state="assigned")
    AssignmentFactory(unit=unit, state="received", handler=org.users.handler)
    AssignmentFactory(unit=unit, state="received")
    AssignmentFactory(unit=org.units.unit_b, state="assigned")
    AssignmentFactory(unit=unit, state="pre_assigned")
    late = AssignmentFactory(unit=unit, state="assigned")
    open_deadline(late, "sign_receipt", dt.date(2025, 3, 3), 3, "working_days")  # long past
    assert counts(org.users.liaison) == {
        (unit.name, "待签收"): 3,
        (unit.name, "预交办待确认"): 1,
        (unit.name, "已逾期"): 1,
        (unit.name, "本单位在办"): 2,
        (unit.name, "会办意见待提出"): 0,
    }
    assert counts(org.users.handler) == {
        (unit.name, "我经办的"): 1,
        (unit.name, "答复被退回重办"): 0,
        (unit.name, "会办意见待提出"): 0,
    }
    assert counts(org.users.signing_head) == {
        (unit.name, "本单位在办"): 2,
        (unit.name, "已逾期"): 1,
        (unit.name, "答复待签发"): 0,
    }
    assert counts(org.users.coordinator)[("交办", "逾期未签收")] == 0  # the items are not the office's
    assert counts(org.users.other_liaison)[(org.units.unit_b.name, "待签收")] == 1


def test_administrators_have_no_business_todos(org: SimpleNamespace) -> None:
    SubmissionFactory(lead_author=org.deputy, state="submitted")
    for name in ("system_admin", "security_admin", "auditor"):
        assert todos_for(getattr(org.users, name)) == []


def test_home_page_shows_the_cards_with_a_bounded_number_of_queries(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    AssignmentFactory.create_batch(3, unit=org.units.unit_a, state="assigned")
    client.force_login(org.users.liaison)
    with django_assert_max_num_queries(14):  # a fixed number, whatever the rows: each stage's cards
        html = client.get("/").content.decode()
    assert 'data-todo="待签收"' in html
    assert org.units.unit_a.name in html
