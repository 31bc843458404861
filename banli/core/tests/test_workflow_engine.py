"""The transition service: compare-and-swap, events, comments, guards and effects after commit."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from banli.core.models import Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import Conflict, GuardFailed, NotAllowed, NotAvailable, available, transition
from banli.submissions.models import Submission


def test_registry_registers_and_the_event_records_who_and_why(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    event = transition(sub, "register", org.users.registry, comment="符合立案条件")
    sub.refresh_from_db()
    assert sub.state == "registered" and sub.number == 1 and sub.registered_at is not None
    assert event.submission == sub
    assert event.comment == "符合立案条件"
    assert event.actor_role == f"{org.units.npc_registry.name}工作人员"
    assert (event.from_state, event.to_state) == ("submitted", "registered")


def test_second_clerk_acting_on_a_stale_copy_gets_a_conflict_and_changes_nothing(
    org: SimpleNamespace,
) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    stale = Submission.objects.get(pk=sub.pk)
    transition(sub, "register", org.users.registry)
    events = Event.objects.count()
    with pytest.raises(Conflict) as exc:
        transition(stale, "return_for_revision", org.users.registry, comment="请补充")
    assert "已被他人处理" in exc.value.message
    assert Submission.objects.get(pk=sub.pk).state == "registered"
    assert Event.objects.count() == events


def test_a_conflicting_register_gives_back_its_number(org: SimpleNamespace) -> None:
    first = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    stale = Submission.objects.get(pk=first.pk)
    transition(first, "register", org.users.registry)
    with pytest.raises(Conflict):
        transition(stale, "register", org.users.registry)
    second = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    transition(second, "register", org.users.registry)
    assert Submission.objects.get(pk=second.pk).number == 2  # no gap from the refused attempt


def test_comment_is_required_where_the_table_says(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    with pytest.raises(GuardFailed, match="须填写"):
        transition(sub, "return_for_revision", org.users.registry, comment="   ")
    assert Submission.objects.get(pk=sub.pk).state == "submitted"


def test_deputy_cannot_submit_an_empty_draft(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft", problem="", advice="")
    with pytest.raises(GuardFailed, match="问题/情况或建议/办法"):
        transition(sub, "submit", org.users.deputy)


def test_unknown_action_and_wrong_actor_are_refused_in_chinese(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    with pytest.raises(NotAvailable, match="草稿"):
        transition(sub, "register", org.users.registry)
    with pytest.raises(NotAllowed, match="无权"):
        transition(sub, "submit", org.users.other_deputy)


def test_available_lists_only_what_this_user_may_do_now(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    assert {t.action for t in available(sub, org.users.registry)} == {
        "register",
        "reject",
        "return_for_revision",
        "merge",
    }
    assert {t.action for t in available(sub, org.users.deputy)} == {"withdraw"}
    assert available(sub, org.users.liaison) == []
    assert available(sub, org.users.cppcc_registry) == []


def test_effects_run_only_after_commit(org: SimpleNamespace, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from banli.core import workflow as engine
    from banli.submissions.workflow import SUBMISSION_WORKFLOW

    seen: list[str] = []
    original = SUBMISSION_WORKFLOW.transitions
    t = next(t for t in original if t.action == "register")
    patched = engine.Transition(**{**t.__dict__, "effects": (lambda obj, ev: seen.append(ev.action),)})
    SUBMISSION_WORKFLOW.transitions = [patched if x is t else x for x in original]
    try:
        sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            transition(sub, "register", org.users.registry)
        assert seen == [] and len(callbacks) == 1
        callbacks[0]()
        assert seen == ["register"]
    finally:
        SUBMISSION_WORKFLOW.transitions = original
