"""Writes on submissions that are not a state change of their own."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from banli.submissions.models import NumberSequence, Submission


def next_number(submission: Submission) -> int:
    """Take the next gapless number for the submission's assembly, session (or year) and kind.

    Must run inside the registering transaction: the UPDATE locks the sequence row until commit, so
    concurrent registrations queue instead of sharing or skipping a number. If the transaction rolls
    back, the number is given back with it.
    """
    assert transaction.get_connection().in_atomic_block, "next_number must run inside a transaction"
    key = {"assembly_id": submission.assembly_id, "kind": submission.kind}
    if submission.session_id:
        key["session_id"] = submission.session_id
        defaults = {"year": submission.year}
    else:
        key.update(session=None, year=submission.year)
        defaults = {}
    seq, _ = NumberSequence.objects.get_or_create(**key, defaults=defaults)
    NumberSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    return NumberSequence.objects.values_list("last", flat=True).get(pk=seq.pk)
