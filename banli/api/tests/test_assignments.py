"""交办 over the API: each unit's inbox with due dates, signing receipt (and who may not), a co-handler's
opinion, and refusals mapped to their statuses."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from banli.api.tests.conftest import error, ids, queries
from banli.assignments.models import Assignment
from banli.assignments.services import Plan
from banli.core.models import Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import transition
from banli.handling.models import Opinion
from banli.handling.tests.conftest import handled
from banli.submissions.models import HandlingMode


def assigned(org: SimpleNamespace, number: int = 39, co: bool = True) -> Assignment:
    """An item formally assigned to unit_a (lead) and unit_b (co), not yet signed for."""
    sub = SubmissionFactory(
        lead_author=org.deputy, state="assigning", session=org.session, system="government", number=number
    )
    others = [org.units.unit_b] if co else []
    mode = HandlingMode.LEAD_CO if co else HandlingMode.SOLE
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(mode, org.units.unit_a, others))
    return Assignment.objects.get(submission=sub, unit=org.units.unit_a)


def test_the_liaison_sees_the_inbox_with_due_dates_and_signs_receipt(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    lead = assigned(org)
    liaison = as_user(org.users.liaison)
    rows = liaison.get("/api/assignments").json()["items"]
    assert [(r["id"], r["role"], r["state"], r["overdue"]) for r in rows] == [
        (lead.pk, "lead", "assigned", False)
    ]
    assert rows[0]["sign_due"] and rows[0]["answer_due"] and rows[0]["adjust_due"] is None
    assert ids(liaison.get("/api/assignments", {"box": "to_sign"})) == [lead.pk]
    response = liaison.post(f"/api/assignments/{lead.pk}/sign-receipt")
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert (body["state"], body["state_label"], body["sign_due"]) == ("received", "办理中", None)
    assert body["adjust_due"] and body["received_at"]
    assert [c["code"] for c in body["result_categories"]] == ["A", "B", "C", "D"]
    assert (
        Event.objects.filter(object_id=lead.pk, action="sign_receipt", actor=org.users.liaison).count() == 1
    )
    again = error(liaison.post(f"/api/assignments/{lead.pk}/sign-receipt"), 400)
    assert again["message"] == "当前状态为“办理中”，不能执行该操作。"


def test_who_may_not_sign_receipt(org: SimpleNamespace, other_org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    lead = assigned(org)
    url = f"/api/assignments/{lead.pk}/sign-receipt"
    # a deputy can never sign receipt: 403 whatever the id, so the answer says nothing about the item
    assert (
        error(as_user(org.users.deputy).post(url), 403)["message"] == "只有承办单位的联络员可以签收交办件。"
    )
    assert error(as_user(org.users.deputy).post("/api/assignments/999999/sign-receipt"), 403)
    # the unit's handler sees the item, but the table gives signing to the liaison alone
    assert as_user(org.users.handler).get(f"/api/assignments/{lead.pk}").status_code == 200
    assert error(as_user(org.users.handler).post(url), 403)["code"] == "forbidden"
    # another unit's liaison, another jurisdiction's: the item is not theirs to see
    assert error(as_user(org.users.other_liaison).get(f"/api/assignments/{lead.pk}"), 404)
    co = Assignment.objects.get(submission=lead.submission, unit=org.units.unit_b)
    assert error(as_user(org.users.liaison).post(f"/api/assignments/{co.pk}/sign-receipt"), 404)
    assert error(as_user(other_org.users.liaison).post(url), 404)
    assert Assignment.objects.get(pk=lead.pk).state == "assigned"


def test_a_conflict_is_409_and_changes_nothing(org: SimpleNamespace, as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two liaisons press 签收 at once: the second acts on a state read before the first committed."""
    from banli.api.routes import assignments as routes

    lead = assigned(org)
    stale = routes.visible
    seen = {}

    def read_then_lose_the_race(request, assignment_id):  # type: ignore[no-untyped-def]
        found = stale(request, assignment_id)
        if not seen:
            seen["done"] = True
            Assignment.objects.filter(pk=found.pk).update(state="received")  # the colleague's commit
        return found

    monkeypatch.setattr(routes, "visible", read_then_lose_the_race)
    body = error(as_user(org.users.liaison).post(f"/api/assignments/{lead.pk}/sign-receipt"), 409)
    assert body["code"] == "conflict" and "已被他人处理" in body["message"]
    assert not Event.objects.filter(object_id=lead.pk, action="sign_receipt").exists()


def test_inbox_filters_and_pages(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    first = assigned(org, 1)
    second = assigned(org, 2, co=False)
    transition(second, "sign_receipt", org.users.liaison)
    liaison = as_user(org.users.liaison)
    assert ids(liaison.get("/api/assignments")) == [second.pk, first.pk]
    assert ids(liaison.get("/api/assignments", {"state": "received"})) == [second.pk]
    assert ids(liaison.get("/api/assignments", {"box": "handling"})) == [second.pk]
    assert ids(liaison.get("/api/assignments", {"role": "sole"})) == [second.pk]
    assert ids(liaison.get("/api/assignments", {"year": 2024})) == []
    assert ids(liaison.get("/api/assignments", {"unit": org.units.unit_b.pk})) == []
    assert ids(liaison.get("/api/assignments", {"q": first.submission.title})) == [first.pk]
    page = liaison.get("/api/assignments", {"limit": 1, "offset": 1}).json()
    assert (page["count"], [r["id"] for r in page["items"]]) == (2, [first.pk])
    coordinator = as_user(org.users.coordinator)
    assert len(ids(coordinator.get("/api/assignments", {"limit": 100}))) == 3
    assert error(liaison.get("/api/assignments", {"box": "everything"}), 422)


def test_the_inbox_costs_the_same_queries_for_more_rows(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    liaison = as_user(org.users.liaison)
    assigned(org, 1)
    few = queries(lambda: liaison.get("/api/assignments"))
    for n in range(2, 8):
        assigned(org, n)
    assert queries(lambda: liaison.get("/api/assignments")) == few
    assert len(ids(liaison.get("/api/assignments"))) == 7


def test_the_co_handler_sends_its_opinion(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    item = handled(org)
    body = {"text": "我局将配合做好教师编制保障。", "contact_person": "赵六", "contact_phone": "0557-3020000"}
    response = as_user(org.users.other_liaison).post(f"/api/assignments/{item.co.pk}/opinion", body)
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["state"], response.json()["text"]) == ("sent", body["text"])
    opinion = Opinion.objects.get(assignment=item.co)
    assert opinion.state == "sent" and opinion.sent_at is not None
    detail = as_user(org.users.other_liaison).get(f"/api/assignments/{item.co.pk}").json()
    assert (detail["opinion_id"], detail["reply_id"], detail["result_categories"]) == (opinion.pk, None, [])
    # sent once: sending again is refused by the table
    again = error(as_user(org.users.other_liaison).post(f"/api/assignments/{item.co.pk}/opinion", body), 400)
    assert "不能修改" in again["message"]


@pytest.mark.parametrize(
    ("who", "target", "status", "message"),
    [
        ("handler", "lead", 400, "只有会办单位提出会办意见。"),
        ("deputy", "co", 403, "只有会办单位的经办人或联络员可以提出会办意见。"),
        ("reviewing_head", "lead", 403, "只有会办单位的经办人或联络员可以提出会办意见。"),
        ("liaison", "co", 404, "未找到该对象，或您无权查看。"),
    ],
)
def test_who_may_not_send_an_opinion(org: SimpleNamespace, as_user, who, target, status, message) -> None:  # type: ignore[no-untyped-def]
    item = handled(org)
    assignment = item.lead if target == "lead" else item.co
    response = as_user(getattr(org.users, who)).post(
        f"/api/assignments/{assignment.pk}/opinion", {"text": "意见"}
    )
    assert error(response, status)["message"] == message
    assert not Opinion.objects.filter(state="sent").exists()
