"""答复 over the API: the handler's draft, the table's steps (submit, approve, sign, send, returns),
and who reads a reply at which step."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from banli.api.tests.conftest import error, ids, queries
from banli.core.tests.factories import RoleFactory
from banli.handling.models import Reply, ReplyRecipient, ResultCategory
from banli.handling.tests.conftest import contact, handled


def draft_body(**changes) -> dict:  # type: ignore[no-untyped-def]
    a = ResultCategory.objects.get(scheme__code="abcd", code="A")
    body = {
        "result_id": a.pk,
        "text": "您提出的建议收悉，现答复如下。\n一、关于新建学校\n今年新建小学2所。",
        "contact_person": "王五",
        "contact_phone": "0557-3021234",
        "commitments": [
            {"text": "年内建成城南小学", "due_on": str(timezone.localdate() + dt.timedelta(days=60))}
        ],
    }
    return {**body, **changes}


def test_the_reply_goes_from_the_handler_to_the_deputy(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    item = handled(org, co=False)
    contact(org, item.lead)
    handler = as_user(org.users.handler)
    saved = handler.put(f"/api/assignments/{item.lead.pk}/reply", draft_body())
    assert saved.status_code == 200, saved.content.decode()
    reply = saved.json()
    assert (reply["state"], reply["result"]["code"], len(reply["commitments"])) == ("draft", "A", 1)
    assert [a["action"] for a in reply["actions"]] == ["submit"]
    deputy = as_user(org.users.deputy)
    assert error(deputy.get(f"/api/replies/{reply['id']}"), 404)
    assert ids(deputy.get("/api/replies")) == []

    steps = [
        (org.users.handler, "submit", "reviewing"),
        (org.users.reviewing_head, "approve", "signing"),
        (org.users.signing_head, "sign", "signed"),
        (org.users.coordinator, "send", "sent"),
    ]
    for user, action, state in steps:
        response = as_user(user).post(f"/api/replies/{reply['id']}/actions/{action}", {"comment": "同意"})
        assert response.status_code == 200, (action, response.content.decode())
        assert response.json()["state"] == state
    sent = deputy.get(f"/api/replies/{reply['id']}").json()
    assert sent["doc_number"] and sent["sent_at"] and sent["actions"] == []
    assert ids(deputy.get("/api/replies")) == [reply["id"]]
    assert ReplyRecipient.objects.filter(reply_id=reply["id"], member=org.deputy).exists()
    assert as_user(org.users.deputy).get(f"/api/submissions/{item.sub.pk}").json()["state"] == "replied"


def test_the_steps_refuse_in_the_tables_words(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    item = handled(org, co=False)
    handler = as_user(org.users.handler)
    reply = handler.put(f"/api/assignments/{item.lead.pk}/reply", draft_body(contact_phone="")).json()
    url = f"/api/replies/{reply['id']}/actions"
    missing = error(handler.post(f"{url}/submit"), 400)["message"]
    assert "请先填写：联系电话" in missing and "答复前须与代表沟通" in missing
    contact(org, item.lead)
    handler.put(f"/api/assignments/{item.lead.pk}/reply", draft_body())
    assert handler.post(f"{url}/submit", None).json()["state"] == "reviewing"
    head = as_user(org.users.reviewing_head)
    assert (
        error(head.post(f"{url}/return_for_revision", {}), 400)["message"] == "“退回修改”须填写意见或理由。"
    )
    assert error(head.post(f"{url}/sign"), 403)["message"] == "您无权执行该答复操作。"
    assert error(as_user(org.users.deputy).post(f"{url}/approve"), 403)["code"] == "forbidden"
    assert error(as_user(org.users.other_liaison).post(f"{url}/approve"), 403)
    assert error(handler.post(f"{url}/approve"), 403)
    assert error(handler.post(f"{url}/unknown"), 422)["code"] == "validation_error"
    assert head.post(f"{url}/return_for_revision", {"comment": "数据须核实"}).json()["state"] == "draft"
    assert error(handler.put(f"/api/assignments/{item.lead.pk}/reply", draft_body(result_id=999999)), 400)
    past = draft_body(commitments=[{"text": "去年的事", "due_on": "2020-01-01"}])
    assert (
        "不能早于今天" in error(handler.put(f"/api/assignments/{item.lead.pk}/reply", past), 400)["message"]
    )
    assert Reply.objects.get(pk=reply["id"]).commitments.count() == 1


def test_who_reads_a_reply_at_each_step(org: SimpleNamespace, other_org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    co_unit_handler = RoleFactory(code="handler", unit=org.units.unit_b, jurisdiction=org.jurisdiction).user
    item = handled(org)
    contact(org, item.lead)
    reply = as_user(org.users.handler).put(f"/api/assignments/{item.lead.pk}/reply", draft_body()).json()
    url = f"/api/replies/{reply['id']}"
    for user in (
        org.users.coordinator,
        org.users.other_liaison,
        org.users.deputy,
        other_org.users.coordinator,
    ):
        assert error(as_user(user).get(url), 404), user
    assert as_user(org.users.signing_head).get(url).status_code == 200
    # the co-handler's handler may draft replies, but not the lead's
    assert error(as_user(co_unit_handler).put(f"/api/assignments/{item.lead.pk}/reply", draft_body()), 404)
    assert error(as_user(co_unit_handler).put(f"/api/assignments/{item.co.pk}/reply", draft_body()), 400)


def test_reply_filters_and_constant_queries(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    handler = as_user(org.users.handler)

    def drafted(number: int) -> int:
        item = handled(org, co=False, number=number)
        return handler.put(f"/api/assignments/{item.lead.pk}/reply", draft_body()).json()["id"]

    first = drafted(1)
    few = queries(lambda: handler.get("/api/replies"))
    others = [drafted(n) for n in range(2, 7)]
    assert queries(lambda: handler.get("/api/replies")) == few
    assert ids(handler.get("/api/replies", {"limit": 2})) == others[::-1][:2]
    first_item = Reply.objects.get(pk=first).submission_id
    assert ids(handler.get("/api/replies", {"submission": first_item})) == [first]
    assert ids(handler.get("/api/replies", {"state": "sent"})) == []
    assert len(ids(handler.get("/api/replies", {"unit": org.units.unit_a.pk, "year": 2025}))) == 6
    assert ids(handler.get("/api/replies", {"unit": org.units.unit_b.pk})) == []


def sent_reply(org: SimpleNamespace) -> Reply:
    from banli.core.workflow import transition
    from banli.handling.tests.conftest import complete_draft

    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    for user, action in (
        (org.users.handler, "submit"),
        (org.users.reviewing_head, "approve"),
        (org.users.signing_head, "sign"),
        (org.users.coordinator, "send"),
    ):
        transition(reply, action, user)
    return reply


def test_the_deputy_rates_a_reply_and_dissatisfaction_reopens_handling(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    reply = sent_reply(org)
    url = f"/api/replies/{reply.pk}/evaluation"
    assert error(as_user(org.users.other_deputy).post(url, {"rating": "satisfied"}), 404)
    assert error(as_user(org.users.liaison).post(url, {"rating": "satisfied"}), 404)
    deputy = as_user(org.users.deputy)
    assert "评价选项无效" in error(deputy.post(url, {"rating": "excellent"}), 400)["message"]
    assert "不满意的理由" in error(deputy.post(url, {"rating": "dissatisfied"}), 400)["message"]
    response = deputy.post(url, {"rating": "dissatisfied", "comment": "未回应选址问题", "attitude": "fair"})
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert (body["rating"], body["rating_label"], body["submission_state"]) == (
        "dissatisfied",
        "不满意",
        "handling",
    )
    assert "已评价过" in error(deputy.post(url, {"rating": "satisfied"}), 400)["message"]
    assert ReplyRecipient.objects.get(reply=reply).evaluation.comment == "未回应选址问题"
