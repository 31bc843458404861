"""``manage.py generate_load --scale tiny``: the benchmarks' load is consistent and written once."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.db.models import Count, Q

from banli.assignments.models import AssignmentRole
from banli.core.load.org import LOAD_ACCOUNT_PREFIX
from banli.core.models import Deadline
from banli.evaluation.models import Evaluation
from banli.handling.models import Reply, ReplyRecipient, ReplyState
from banli.portal.models import Publication
from banli.submissions.models import Submission, SubmissionState
from banli.textindex.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_tiny_load_is_consistent_and_refuses_a_second_run() -> None:
    call_command("load_demo", quiet=True)
    before = Submission.objects.count()
    call_command("generate_load", "--scale", "tiny", "--seed", "3")
    assert Submission.objects.count() - before > 250
    handled = Submission.objects.filter(
        state__in=[
            SubmissionState.HANDLING,
            SubmissionState.REPLIED,
            SubmissionState.TRACKING,
            SubmissionState.CLOSED,
        ]
    )
    # Every item in or past handling has exactly one answering unit and an event for each step.
    answering = handled.annotate(n=Count("assignments", filter=~Q(assignments__role=AssignmentRole.CO)))
    assert set(answering.values_list("n", flat=True)) == {1}
    assert not handled.annotate(e=Count("events")).filter(e__lt=5).exists()
    # Every sent reply is addressed to its lead author; every evaluation rates a sent reply.
    sent = Reply.objects.filter(state=ReplyState.SENT)
    assert sent.exists()
    assert ReplyRecipient.objects.filter(reply__in=sent, is_lead=True).count() == sent.count()
    assert not Evaluation.objects.exclude(reply__state=ReplyState.SENT).exists()
    # A closed item owes nothing; a published reply is in the search index.
    assert not Deadline.objects.filter(
        submission__state=SubmissionState.CLOSED, closed_at__isnull=True
    ).exists()
    assert Publication.objects.exists()
    assert SearchDocument.objects.filter(kind="publication").count() >= Publication.objects.count()
    # Numbers stay unique per session and kind, and new items number on after the generated ones.
    numbered = Submission.objects.filter(session__isnull=False).values("session", "kind", "number")
    assert numbered.count() == numbered.distinct().count()
    with pytest.raises(CommandError):
        call_command("generate_load", "--scale", "tiny")
    assert Submission.objects.filter(created_by__username__startswith=LOAD_ACCOUNT_PREFIX).count() == 0


def test_a_province_load_keeps_every_item_inside_its_own_jurisdiction() -> None:
    from banli.assignments.models import Assignment
    from banli.core.models import Jurisdiction, Role, RoleCode
    from banli.core.policies import scope
    from banli.reports.models import ItemMeasures

    call_command("load_demo", quiet=True)
    call_command("generate_load", "--scale", "province-tiny", "--seed", "5")
    places = Jurisdiction.objects.annotate(n=Count("submission"))
    assert places.count() == 20
    # The province, its cities and a county: every one has items, the province's own organs the most.
    assert {j.level for j in places} == {"province", "city", "county"}
    assert all(j.n > 0 for j in places)
    assert places.get(code="340000").n > max(j.n for j in places if j.level == "county")
    assert not Jurisdiction.objects.filter(parent__isnull=True).exclude(code="340000").exists()
    # Nothing crosses a border: assembly, category, units and deadlines are the item's jurisdiction's.
    assert not Submission.objects.exclude(assembly__jurisdiction=models.F("jurisdiction")).exists()
    assert not Submission.objects.exclude(category__jurisdiction=models.F("jurisdiction")).exists()
    assert not Assignment.objects.exclude(unit__jurisdiction=models.F("submission__jurisdiction")).exists()
    assert not Deadline.objects.exclude(jurisdiction=models.F("submission__jurisdiction")).exists()
    numbered = Submission.objects.filter(session__isnull=False).values("session", "kind", "number")
    assert numbered.count() == numbered.distinct().count()
    # The figures' table covers every item; a county's registry sees its own items and no other's.
    assert ItemMeasures.objects.count() == Submission.objects.count()
    county = places.filter(level="county").first()
    registry = Role.objects.filter(jurisdiction=county, code=RoleCode.REGISTRY_STAFF).first()
    assert registry is not None
    seen = scope(registry.user, Submission.objects.all())
    assert seen.exists()
    assert not seen.exclude(jurisdiction=county).exists()
