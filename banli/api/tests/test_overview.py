"""Statistics, categories and the caller: over what the caller sees, nothing more."""

from __future__ import annotations

from types import SimpleNamespace

from banli.api.tests.conftest import error, ids, queries
from banli.core.tests.factories import CategoryFactory, SubmissionFactory, UserFactory


def test_statistics_count_what_the_user_sees(
    org: SimpleNamespace, other_org: SimpleNamespace, as_user
) -> None:  # type: ignore[no-untyped-def]
    SubmissionFactory(lead_author=org.deputy, state="submitted", year=2025)
    SubmissionFactory(lead_author=org.deputy, state="submitted", year=2025)
    SubmissionFactory(lead_author=org.deputy, state="registered", year=2024, number=1)
    SubmissionFactory(lead_author=org.deputy, state="draft", year=2025)
    SubmissionFactory(lead_author=org.member, state="submitted", year=2025)
    SubmissionFactory(lead_author=other_org.deputy, state="submitted", year=2025)
    stats = as_user(org.users.registry).get("/api/statistics").json()
    assert stats["total"] == 3
    assert stats["by_state"] == [
        {"key": "submitted", "label": "待审查", "count": 2},
        {"key": "registered", "label": "已立案", "count": 1},
    ]
    assert stats["by_kind"] == [{"key": "suggestion", "label": "建议", "count": 3}]
    assert stats["by_year"] == [{"year": 2025, "count": 2}, {"year": 2024, "count": 1}]
    assert as_user(org.users.registry).get("/api/statistics", {"year": 2024}).json()["total"] == 1
    assert as_user(org.users.registry).get("/api/statistics", {"kind": "proposal"}).json()["total"] == 0
    assert as_user(org.users.deputy).get("/api/statistics").json()["total"] == 4  # own draft included
    assert as_user(org.users.cppcc_registry).get("/api/statistics").json()["by_kind"][0]["key"] == "proposal"
    assert as_user(UserFactory()).get("/api/statistics").json() == {
        "total": 0,
        "by_state": [],
        "by_kind": [],
        "by_year": [],
    }
    assert error(as_user(org.users.registry).get("/api/statistics", {"year": "今年"}), 422)
    registry = as_user(org.users.registry)
    few = queries(lambda: registry.get("/api/statistics"))
    for n in range(5):
        SubmissionFactory(lead_author=org.other_deputy, state="submitted", year=2020 + n)
    assert queries(lambda: registry.get("/api/statistics")) == few


def test_categories_are_those_of_the_users_jurisdiction(
    org: SimpleNamespace, other_org: SimpleNamespace, as_user
) -> None:  # type: ignore[no-untyped-def]
    city = CategoryFactory(jurisdiction=org.jurisdiction, name="城建")
    health = CategoryFactory(jurisdiction=org.jurisdiction, name="医疗卫生")
    CategoryFactory(jurisdiction=other_org.jurisdiction, name="城建")
    assert ids(as_user(org.users.deputy).get("/api/categories")) == [city.pk, health.pk]
    assert ids(as_user(org.users.liaison).get("/api/categories", {"q": "医疗"})) == [health.pk]
    assert ids(as_user(org.users.deputy).get("/api/categories", {"limit": 1, "offset": 1})) == [health.pk]
    assert ids(as_user(UserFactory()).get("/api/categories")) == []


def test_me_shows_memberships(org: SimpleNamespace, as_user) -> None:  # type: ignore[no-untyped-def]
    me = as_user(org.users.deputy).get("/api/me").json()
    assert me["roles"] == []
    assert me["memberships"] == [
        {"id": org.deputy.pk, "assembly": {"id": org.npc.pk, "name": org.npc.name}, "kind": "npc"}
    ]
    assert me["token_expires_at"]
