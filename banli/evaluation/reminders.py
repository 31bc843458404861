"""Who is reminded of the 评 stage's duties: each addressee of their own evaluation, and the promising
unit's people of a commitment falling due. (The 交 stage's adjustment window is a right, not a duty:
nobody is reminded of it, nor told it is overdue.)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from banli.core.models import Deadline, Duty, Role, RoleCode
from banli.handling.models import Commitment, ReplyRecipient
from banli.notifications.recipients import lead_author, register_recipients


def _targets(deadlines: Sequence[Deadline], model: type) -> dict[int, int]:
    ct = ContentType.objects.get_for_model(model).pk
    return {d.pk: d.object_id for d in deadlines if d.content_type_id == ct}


def addressee(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The deputy the rated reply is addressed to (a co-signer rates their own letter)."""
    targets = _targets(deadlines, ReplyRecipient)
    users = dict(
        ReplyRecipient.objects.filter(pk__in=targets.values(), member__user__is_active=True).values_list(
            "pk", "member__user_id"
        )
    )
    found = lead_author(
        [d for d in deadlines if d.pk not in targets]
    )  # an evaluation owed on the item itself
    found.update({pk: [users[r]] if users.get(r) else [] for pk, r in targets.items()})
    return found


def promising_unit(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The handler and liaisons of the unit whose reply made the promise."""
    targets = _targets(deadlines, Commitment)
    units = dict(
        Commitment.objects.filter(pk__in=targets.values()).values_list("pk", "reply__assignment__unit_id")
    )
    people: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in Role.objects.filter(
        unit_id__in=set(units.values()), code__in=(RoleCode.HANDLER, RoleCode.LIAISON), user__is_active=True
    ).values_list("unit_id", "user_id"):
        people[unit_id].append(user_id)
    return {pk: people.get(units.get(c), []) for pk, c in targets.items()}


register_recipients(Duty.EVALUATION, addressee, link=lambda d: reverse("evaluation:mine"), replace=True)
register_recipients(Duty.COMMITMENT, promising_unit, link=lambda d: reverse("evaluation:commitments"))
