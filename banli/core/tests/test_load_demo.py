"""``manage.py load_demo``: a realistic demo city, loaded idempotently, whose printed logins all work."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import Client, override_settings

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core.demo import DEMO_PASSWORD
from banli.core.demo_history.plan import history
from banli.core.models import Event, Member, Role, RoleCode, Unit, User
from banli.core.models.org import ADMIN_ROLES
from banli.submissions.models import HandlingMode, NumberSequence, Submission, SubmissionState
from banli.textindex.models import RecommenderModel

UNIT_ROLES = {RoleCode.LIAISON, RoleCode.HANDLER, RoleCode.REVIEWING_HEAD, RoleCode.SIGNING_HEAD}


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def printed_logins(output: str) -> list[tuple[str, str]]:
    """(username, password) of every row of the login table."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:3] == ["用户名", "密码", "角色/单位"])
    rows = [line.split() for line in lines[start + 2 :] if line.strip()]
    return [(row[0], row[1]) for row in rows]


def todo_count(html: str, label: str) -> int:
    match = re.search(rf'data-todo="{label}".*?class="count">(\d+)<', html, re.S)
    assert match, f"no to-do card {label!r} on the page"
    return int(match.group(1))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The demo city loaded once for this module (with its ~1,200 past items it takes seconds), inside a
    transaction rolled back after the module's last test; each test runs in a savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: str, db) -> str:  # type: ignore[no-untyped-def]
    return loaded


def test_second_run_changes_nothing(demo: str) -> None:
    before = counts()
    passwords = dict(User.objects.values_list("username", "password"))
    states = dict(Submission.objects.values_list("title", "state"))
    assert before["submissions.Submission"] >= 20
    load("--quiet")
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert dict(Submission.objects.values_list("title", "state")) == states


def test_every_handling_unit_has_the_four_unit_roles(demo: str) -> None:
    units = Unit.objects.filter(kind="handling")
    assert 28 <= units.count() <= 40
    for unit in units:
        codes = list(Role.objects.filter(unit=unit).values_list("code", flat=True))
        assert sorted(codes) == sorted(UNIT_ROLES), unit.name
        titles = Role.objects.filter(unit=unit).values_list("title", flat=True)
        assert all(titles), unit.name
    for unit in Unit.objects.exclude(kind="handling"):
        assert Role.objects.filter(unit=unit).exists(), f"{unit.name} has nobody"
    names = list(User.objects.exclude(full_name="").values_list("full_name", flat=True))
    assert len(names) == len(set(names)) == User.objects.count()


def test_deputies_and_members(demo: str) -> None:
    deputies = Member.objects.filter(assembly__kind="npc", user__isnull=False)
    members = Member.objects.filter(assembly__kind="cppcc", user__isnull=False)
    assert deputies.count() >= 60
    assert members.count() >= 40
    assert not deputies.filter(delegation="").exists()
    assert not members.filter(sector="").exists()


def test_every_printed_login_authenticates(demo: str) -> None:
    logins = printed_logins(demo)
    assert {u for u, _ in logins} >= {"daibiao", "lianluoyuan", "xitong", "anquan", "shenji"}
    assert len(logins) == 15
    for username, password in logins:
        assert password == DEMO_PASSWORD
        assert authenticate(HttpRequest(), username=username, password=password) is not None, username


def test_quiet_prints_nothing(demo: str) -> None:
    assert load("--quiet") == ""


def test_liaison_home_page_shows_items_to_sign(demo: str) -> None:
    liaison = User.objects.get(username="lianluoyuan")
    unit = Role.objects.get(user=liaison, code=RoleCode.LIAISON).unit
    waiting = Assignment.objects.filter(unit=unit, state=AssignmentState.ASSIGNED).count()
    assert waiting > 0
    assert Assignment.objects.filter(
        unit=unit, state=AssignmentState.RECEIVED, handler__isnull=False
    ).exists()
    client = Client()
    assert client.login(request=HttpRequest(), username="lianluoyuan", password=DEMO_PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert todo_count(response.content.decode(), "待签收") == waiting


def test_offices_have_work_waiting(demo: str) -> None:
    client = Client()
    for username, label in (
        ("daibiao", "草稿"),
        ("gongwei", "待审查"),
        ("tianwei", "待审查"),
        ("zhengfuban", "待交办"),
        ("jingbanren", "我经办的"),
    ):
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)
        assert todo_count(client.get("/").content.decode(), label) > 0, username
        client.logout()


def test_submissions_went_through_the_workflow(demo: str) -> None:
    for sub in Submission.objects.all():
        actions = list(Event.objects.filter(submission=sub).values_list("action", flat=True))
        assert actions[0] == "create", sub.title
        if sub.state == SubmissionState.DRAFT:
            continue
        assert actions[1] == "submit", sub.title
        if sub.state != SubmissionState.SUBMITTED:
            assert sub.number and "register" in actions, sub.title
    for assignment in Assignment.objects.all():
        assert assignment.assigned_at is not None
        assert Event.objects.filter(object_id=assignment.pk, action="assign", workflow="assignment").exists()


def test_nobody_is_superuser_and_the_three_admins_are_separate(demo: str) -> None:
    assert not User.objects.filter(is_superuser=True).exists()
    admin_roles = Role.objects.filter(code__in=ADMIN_ROLES)
    assert admin_roles.count() == 3
    holders = {role.user_id for role in admin_roles}
    assert len(holders) == 3
    for role in admin_roles:
        assert role.unit_id is None
        assert Role.objects.filter(user_id=role.user_id).count() == 1, "an administrator holds another role"
    staff = User.objects.filter(is_staff=True)
    assert sorted(staff.values_list("username", flat=True)) == ["anquan", "shenji", "xitong"]
    admin = User.objects.get(username="xitong")
    assert admin.has_perm("core.change_unit") and admin.has_perm("core.change_calendarday")
    assert not admin.has_perm("core.change_role") and not admin.has_perm("core.delete_unit")
    assert not admin.has_perm("submissions.change_submission") and not admin.has_perm("core.view_event")
    security = User.objects.get(username="anquan")
    assert security.has_perm("core.change_role") and not security.has_perm("core.change_unit")
    assert not security.has_perm("core.view_event")
    auditor = User.objects.get(username="shenji")
    assert auditor.has_perm("core.view_event")
    assert not auditor.has_perm("core.change_role") and not auditor.has_perm("core.change_unit")


def test_past_years_are_closed_numbered_in_their_sessions_and_assigned(demo: str) -> None:
    past = Submission.objects.filter(state=SubmissionState.CLOSED)
    assert past.count() == len(history()) >= 1000
    per_session = Counter(past.values_list("session__number", "kind"))
    for (number, kind), count in per_session.items():
        numbers = sorted(past.filter(session__number=number, kind=kind).values_list("number", flat=True))
        assert numbers == list(range(1, count + 1))
        last = NumberSequence.objects.get(
            session__number=number, session__assembly__kind=_assembly(kind), kind=kind
        )
        assert last.last == count, "the next registration in that session gets the next number"
    rows = Assignment.objects.filter(submission__state=SubmissionState.CLOSED).values_list(
        "submission_id", "role", "state", "assigned_at", "received_at", "submission__year", "handler_id"
    )
    leads: Counter[int] = Counter()
    for submission_id, role, state, assigned_at, received_at, year, handler_id in rows:
        assert state == AssignmentState.REPLIED and handler_id
        assert assigned_at.year == year and received_at.year == year and assigned_at <= received_at
        leads[submission_id] += role in (AssignmentRole.LEAD, AssignmentRole.SOLE)
    assert set(leads.values()) == {1} and len(leads) == past.count()
    co_handled = past.filter(handling_mode=HandlingMode.LEAD_CO).count() / past.count()
    assert 0.35 <= co_handled <= 0.45


def test_a_past_item_has_its_timeline_in_its_own_year(demo: str) -> None:
    item = Submission.objects.filter(state=SubmissionState.CLOSED, handling_mode=HandlingMode.LEAD_CO).first()
    assert item is not None and item.created_at.year == item.year
    events = list(Event.objects.filter(submission=item))
    assert [e.action for e in events if e.workflow == "submission"] == [
        "create", "submit", "register", "send_to_system", "assign",
    ]  # fmt: skip
    assert len([e for e in events if e.workflow == "assignment"]) == 3 * item.assignments.count()
    assert all(e.created_at.year == item.year for e in events)
    assert [e.created_at for e in events] == sorted(e.created_at for e in events)


def test_the_recommender_is_trained_on_the_past_years(demo: str) -> None:
    model = RecommenderModel.objects.get(jurisdiction__code="341300")
    assert model.sample_count >= len(history())
    assert model.unit_count == Unit.objects.filter(kind="handling").count()


def test_the_system_administrator_maintains_the_keyword_table(demo: str) -> None:
    admin = User.objects.get(username="xitong")
    assert admin.has_perm("textindex.add_unitkeyword") and admin.has_perm("textindex.delete_unitkeyword")
    assert not User.objects.get(username="anquan").has_perm("textindex.add_unitkeyword")


def _assembly(kind: str) -> str:
    return "npc" if kind == "suggestion" else "cppcc"


def test_past_items_were_answered_and_the_public_finds_the_replies(demo: str) -> None:
    """Every past item has its lead unit's sent reply, numbered without repeats by the unit's 文号 pattern,
    with a result, addressed to its lead author; the portal lists and searches the published ones,
    without the contact details."""
    from banli.handling.models import Reply, ReplyRecipient
    from banli.portal.public import public_publications

    past = Submission.objects.filter(state=SubmissionState.CLOSED)
    replies = Reply.objects.filter(submission__in=past)
    assert replies.count() == past.count()
    assert set(replies.values_list("state", flat=True)) == {"sent"}
    assert not replies.filter(result__isnull=True).exists()
    numbers = list(replies.values_list("doc_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    assert replies.filter(assignment__unit__name="市教育局", doc_number__startswith="宿教秘〔").exists()
    assert ReplyRecipient.objects.filter(reply__in=replies, is_lead=True).count() == past.count()
    for reply in replies.select_related("submission")[:50]:
        assert reply.sent_at.year == reply.submission.year
        assert reply.submission.title in reply.text and reply.contact_phone in reply.text
    published = public_publications().filter(submission__in=past)
    assert published.count() == past.filter(is_confidential=False, publication_consent=True).count() > 0
    sample = published.select_related("reply").first()
    assert sample is not None and sample.reply.contact_phone not in sample.public_text
    response = Client().get("/public/replies/", {"q": sample.submission.title[2:8]})
    assert response.status_code == 200 and sample.title in response.content.decode()
