"""建议提案 over the API: what each user sees, the filters and pages, the timeline, and submitting."""

from __future__ import annotations

from types import SimpleNamespace

from banli.api.tests.conftest import error, ids, queries
from banli.core.models import Event
from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.handling.tests.conftest import handled
from banli.submissions.models import Submission

NEW = {
    "title": "关于增设社区老年食堂的建议",
    "problem": "老城区老年人就餐不便。",
    "advice": "建议每个街道至少建一处社区老年食堂。",
}


def test_the_deputy_submits_a_suggestion_which_the_registry_then_sees(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    category = CategoryFactory(jurisdiction=org.jurisdiction, name="民政")
    response = as_user(org.users.deputy).post("/api/submissions", {**NEW, "category_id": category.pk})
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["state"], body["state_label"], body["kind"]) == ("submitted", "待审查", "suggestion")
    assert body["category"] == {"id": category.pk, "name": "民政"}
    assert body["lead_author"]["id"] == org.deputy.pk
    sub = Submission.objects.get(pk=body["id"])
    assert sub.submitted_at is not None and sub.created_by == org.users.deputy
    assert list(Event.objects.filter(submission=sub).values_list("action", flat=True)) == ["create", "submit"]
    assert ids(as_user(org.users.registry).get("/api/submissions")) == [sub.pk]
    assert ids(as_user(org.users.cppcc_registry).get("/api/submissions")) == []


def test_a_member_submits_a_proposal(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(org.users.member).post("/api/submissions", {**NEW, "kind": "proposal"})
    assert response.status_code == 201
    assert response.json()["kind_label"] == "提案"
    assert ids(as_user(org.users.cppcc_registry).get("/api/submissions")) == [response.json()["id"]]


def test_bad_input_is_refused_in_chinese_and_changes_nothing(  # type: ignore[no-untyped-def]
    org: SimpleNamespace, other_org: SimpleNamespace, as_user
) -> None:
    deputy = as_user(org.users.deputy)
    foreign = CategoryFactory(jurisdiction=other_org.jurisdiction)
    cases = [
        ({**NEW, "title": "短"}, 422, "至少 4 个字符"),
        ({**NEW, "title": "  关于  "}, 400, "案由至少 4 个字"),
        ({**NEW, "problem": "", "advice": ""}, 400, "请先填写：问题/情况或建议/办法"),
        ({**NEW, "category_id": foreign.pk}, 400, "分类不存在或不属于本行政区域"),
        ({**NEW, "publication_consent": False}, 400, "不同意公开时须说明理由"),
        ({**NEW, "title": "关于\x00空字符的建议"}, 422, "控制字符"),
        ({**NEW, "nickname": "x"}, 422, "不是可接受的字段"),
        ({**NEW, "kind": "proposal"}, 403, "只有政协委员可以提出提案"),
        ({**NEW, "kind": "motion"}, 422, "取值无效"),
    ]
    for body, status, message in cases:
        answer = error(deputy.post("/api/submissions", body), status)
        assert message in answer["message"], (body, answer)
    bad_json = deputy.client.post(
        "/api/submissions", "{not json", content_type="application/json", headers=deputy._headers()
    )
    assert error(bad_json, 400)["message"] == "请求体不是有效的 JSON。"
    assert error(as_user(org.users.registry).post("/api/submissions", NEW), 403)["code"] == "forbidden"
    assert not Submission.objects.exists()
    assert not Event.objects.exists()


def test_validation_errors_say_where(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    body = error(as_user(org.users.deputy).post("/api/submissions", {"problem": 3}), 422)
    assert body["code"] == "validation_error"
    where = {tuple(e["location"]): e["message"] for e in body["errors"]}
    assert where[("body", "data", "title")] == "必须提供"
    assert where[("body", "data", "problem")] == "须为字符串"


def test_each_user_sees_what_the_pages_show(  # type: ignore[no-untyped-def]
    org: SimpleNamespace, other_org: SimpleNamespace, as_user
) -> None:
    draft = SubmissionFactory(lead_author=org.deputy, state="draft")
    item = handled(org, co=False)
    secret = SubmissionFactory(lead_author=org.other_deputy, state="submitted", is_confidential=True)
    foreign = SubmissionFactory(lead_author=other_org.deputy, state="submitted")
    assert set(ids(as_user(org.users.deputy).get("/api/submissions"))) == {draft.pk, item.sub.pk}
    assert ids(as_user(org.users.liaison).get("/api/submissions")) == [item.sub.pk]
    assert ids(as_user(org.users.other_liaison).get("/api/submissions")) == []
    assert ids(as_user(org.users.leader).get("/api/submissions")) == [item.sub.pk]
    assert set(ids(as_user(org.users.registry).get("/api/submissions"))) == {item.sub.pk, secret.pk}
    # another unit's item, another jurisdiction's, a draft: 404, never a hint that they exist
    for user, pk in (
        (org.users.other_liaison, item.sub.pk),
        (org.users.registry, foreign.pk),
        (org.users.registry, draft.pk),
        (other_org.users.registry, item.sub.pk),
        (org.users.leader, secret.pk),
    ):
        answer = error(as_user(user).get(f"/api/submissions/{pk}"), 404)
        assert answer == {"code": "not_found", "message": "未找到该对象，或您无权查看。", "errors": []}
    detail = as_user(org.users.liaison).get(f"/api/submissions/{item.sub.pk}").json()
    assert detail["reference"] == "市六届人大三次会议第39号建议"
    assert detail["problem"] == item.sub.problem


def test_filters_and_pages(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    edu = CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    a = SubmissionFactory(
        lead_author=org.deputy, state="submitted", year=2025, category=edu, title="关于校车安全的建议"
    )
    b = SubmissionFactory(lead_author=org.deputy, state="registered", year=2025, number=1)
    c = SubmissionFactory(lead_author=org.deputy, state="submitted", year=2024)
    d = SubmissionFactory(lead_author=org.other_deputy, state="submitted", year=2025)
    registry = as_user(org.users.registry)
    assert ids(registry.get("/api/submissions")) == [d.pk, c.pk, b.pk, a.pk]
    assert ids(registry.get("/api/submissions", {"state": "registered"})) == [b.pk]
    assert ids(registry.get("/api/submissions", {"year": 2024})) == [c.pk]
    assert ids(registry.get("/api/submissions", {"category": edu.pk})) == [a.pk]
    assert ids(registry.get("/api/submissions", {"q": "校车"})) == [a.pk]
    assert ids(registry.get("/api/submissions", {"kind": "proposal"})) == []
    assert ids(as_user(org.users.deputy).get("/api/submissions", {"mine": "true"})) == [c.pk, b.pk, a.pk]
    page = registry.get("/api/submissions", {"limit": 2, "offset": 1}).json()
    assert (page["count"], page["limit"], page["offset"]) == (4, 2, 1)
    assert [row["id"] for row in page["items"]] == [c.pk, b.pk]
    assert registry.get("/api/submissions", {"offset": 10}).json()["items"] == []
    for bad in (
        {"limit": 101},
        {"limit": 0},
        {"offset": -1},
        {"year": 1800},
        {"state": "lost"},
        {"q": "a\x00"},
    ):
        assert error(registry.get("/api/submissions", bad), 422)["code"] == "validation_error", bad


def test_the_list_costs_the_same_queries_for_more_rows(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    registry = as_user(org.users.registry)
    for n in range(2):
        SubmissionFactory(lead_author=org.deputy, state="registered", number=n + 1, session=org.session)
    few = queries(lambda: registry.get("/api/submissions"))
    for n in range(2, 12):
        SubmissionFactory(lead_author=org.deputy, state="registered", number=n + 1, session=org.session)
    assert queries(lambda: registry.get("/api/submissions")) == few


def test_the_timeline_hides_the_units_internal_steps_from_the_deputy(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    from banli.handling.tests.conftest import complete_draft, contact

    item = handled(org, co=False)
    contact(org, item.lead)
    complete_draft(org, item.lead)
    url = f"/api/submissions/{item.sub.pk}/events"
    unit_actions = [e["action"] for e in as_user(org.users.handler).get(url, {"limit": 100}).json()["items"]]
    deputy_actions = [e["action"] for e in as_user(org.users.deputy).get(url, {"limit": 100}).json()["items"]]
    assert "save" in unit_actions and "save" not in deputy_actions
    assert "sign_receipt" in deputy_actions
    receipt = as_user(org.users.deputy).get(url, {"action": "sign_receipt"}).json()["items"]
    assert [(e["from_label"], e["to_label"], e["workflow"]) for e in receipt] == [
        ("待签收", "办理中", "assignment")
    ]
    assert as_user(org.users.deputy).get(url, {"workflow": "reply"}).json()["items"] == []
    assert error(as_user(org.users.other_liaison).get(url), 404)["code"] == "not_found"


def test_the_count_is_read_again_until_an_item_is_added_or_deleted(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    """The list's count is kept under the figures' versions (``reports.cache.count``): read again, it
    costs no query; a new draft or a deleted one changes it at once."""
    from django.core.cache import cache

    from banli.submissions.services import create_draft, delete_draft

    deputy = as_user(org.users.deputy)
    SubmissionFactory(lead_author=org.deputy, state="registered", number=1, session=org.session)

    def count() -> int:
        return deputy.get("/api/submissions", {"mine": "true"}).json()["count"]

    assert count() == 1
    cache.clear()
    counted = queries(lambda: deputy.get("/api/submissions", {"mine": "true"}))
    assert queries(lambda: deputy.get("/api/submissions", {"mine": "true"})) == counted - 1
    draft = create_draft(org.deputy, org.users.deputy, kind="suggestion", **NEW)
    assert count() == 2
    delete_draft(draft, org.users.deputy)
    assert count() == 1
    assert deputy.get("/api/submissions", {"mine": "true", "state": "draft"}).json()["count"] == 0
