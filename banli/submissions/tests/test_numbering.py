"""Registration numbers: gapless per assembly, session (or year) and kind, also under concurrency."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import transition
from banli.submissions.models import Submission


def test_numbers_restart_per_session_year_and_kind(org: SimpleNamespace) -> None:
    in_session = [
        SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session) for _ in range(2)
    ]
    between = SubmissionFactory(lead_author=org.deputy, state="submitted", session=None, year=2025)
    motion = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session, kind="motion")
    proposal = SubmissionFactory(lead_author=org.member, state="submitted", session=None, year=2025)
    for sub in [*in_session, between, motion]:
        transition(sub, "register", org.users.registry)
    transition(proposal, "register", org.users.cppcc_registry)
    numbers = {s.pk: s.number for s in Submission.objects.all()}
    assert [numbers[s.pk] for s in in_session] == [1, 2]
    assert numbers[between.pk] == 1
    assert numbers[motion.pk] == 1
    assert numbers[proposal.pk] == 1
    assert Submission.objects.get(pk=in_session[1].pk).reference == "市六届人大三次会议第2号建议"
    assert Submission.objects.get(pk=between.pk).reference == "2025年闭会期间第1号建议"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_clerks_registering_at_once_get_numbers_1_to_20() -> None:
    """Twenty registrations racing (one thread and one connection each): no gap, no repeat."""
    from conftest import build_org

    org = build_org()
    subs = [
        SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session) for _ in range(20)
    ]
    barrier = threading.Barrier(len(subs))
    errors: list[BaseException] = []

    def clerk(sub: Submission) -> None:
        try:
            fresh = Submission.objects.select_related("assembly").get(pk=sub.pk)
            barrier.wait(timeout=30)
            transition(fresh, "register", org.users.registry)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(sub,)) for sub in subs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not errors, errors
    numbers = sorted(Submission.objects.filter(pk__in=[s.pk for s in subs]).values_list("number", flat=True))
    assert numbers == list(range(1, 21)), f"{connection.vendor}: {numbers}"
