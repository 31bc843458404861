"""Who receives the reminders of each duty: a registry of bulk resolvers.

``register_recipients(duty, fn, link=None)``: ``fn(deadlines)`` gets a list of open ``Deadline`` rows of
that duty (their ``submission`` loaded) and returns ``{deadline.pk: [user id, …]}`` for all of them at
once, with a fixed number of queries however many deadlines (never a query per row). ``link(deadline)``
gives the page a reminder links to (default: the item's page). Duties with no resolver are not swept:
their reminders wait until one is registered, then go out. To change a built-in rule, register again
with ``replace=True`` (from the owning app's ``AppConfig.ready``).

Built-in rules (the users must be active):

=================================  =========================================================================
duty                               recipients
=================================  =========================================================================
cosign (target: Cosignature)       the invited deputy or member, while the invitation is unanswered
sign_receipt (target: Assignment)  the liaisons (联络员) of the assignment's unit
opinion, reply, rehandling         the assignment's handler (经办人) if one is appointed, else the unit's
(target: Assignment)               liaisons
evaluation (any target)            the user of the submission's lead author (领衔人)
publication (any target)           the registry staff (交办机构工作人员) of the submission's jurisdiction whose
                                   registry serves its assembly kind (人大 or 政协)
=================================  =========================================================================
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from banli.core.models import Deadline, Duty, Role, RoleCode

Resolver = Callable[[Sequence[Deadline]], Mapping[int, Iterable[int]]]
Link = Callable[[Deadline], str]


@dataclass(frozen=True)
class Registration:
    resolver: Resolver
    link: Link | None = None


_REGISTRY: dict[str, Registration] = {}


def register_recipients(duty: str, fn: Resolver, *, link: Link | None = None, replace: bool = False) -> None:
    """Register who receives the reminders of ``duty`` (see the module docstring)."""
    if duty in _REGISTRY and not replace:
        raise ValueError(f"duty {duty!r} already has a recipient resolver (pass replace=True to change it)")
    _REGISTRY[duty] = Registration(fn, link)


def registered_duties() -> list[str]:
    return sorted(_REGISTRY)


def resolve(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """Recipients (user ids, sorted, no duplicates) of each deadline; one resolver call per duty."""
    by_duty: dict[str, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        by_duty[d.duty].append(d)
    found: dict[int, list[int]] = {d.pk: [] for d in deadlines}
    for duty, rows in by_duty.items():
        registration = _REGISTRY.get(duty)
        if registration is None:
            continue
        for pk, users in registration.resolver(rows).items():
            if pk in found:
                found[pk] = sorted(set(users))
    return found


def link_for(deadline: Deadline) -> str:
    """The page a reminder of this deadline links to."""
    registration = _REGISTRY.get(deadline.duty)
    if registration is not None and registration.link is not None:
        return registration.link(deadline)
    if deadline.submission_id:
        return reverse("submissions:detail", args=[deadline.submission_id])
    return ""


# ---- the built-in resolvers ------------------------------------------------------------------------


def _targets(deadlines: Sequence[Deadline], model: type) -> dict[int, int]:
    """deadline pk → target pk, for the deadlines whose target is a ``model`` row."""
    ct = ContentType.objects.get_for_model(model).pk  # cached after the first call
    return {d.pk: d.object_id for d in deadlines if d.content_type_id == ct}


def unit_liaisons(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """unit id → user ids of its active liaisons, in one query."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = Role.objects.filter(code=RoleCode.LIAISON, unit_id__in=set(unit_ids), user__is_active=True)
    for unit_id, user_id in rows.values_list("unit_id", "user_id"):
        found[unit_id].append(user_id)
    return found


def assignment_liaisons(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The liaisons of the unit of each deadline's assignment."""
    from banli.assignments.models import Assignment

    targets = _targets(deadlines, Assignment)
    units = dict(Assignment.objects.filter(pk__in=targets.values()).values_list("pk", "unit_id"))
    liaisons = unit_liaisons(units.values())
    return {pk: liaisons.get(units.get(a), []) for pk, a in targets.items()}


def assignment_handler(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The assignment's handler when appointed (and active), else its unit's liaisons."""
    from banli.assignments.models import Assignment

    targets = _targets(deadlines, Assignment)
    rows = {
        pk: (unit_id, handler_id if active else None)
        for pk, unit_id, handler_id, active in Assignment.objects.filter(pk__in=targets.values()).values_list(
            "pk", "unit_id", "handler_id", "handler__is_active"
        )
    }
    liaisons = unit_liaisons(unit for unit, handler in rows.values() if handler is None)
    found = {}
    for pk, a in targets.items():
        unit, handler = rows.get(a, (None, None))
        found[pk] = [handler] if handler else liaisons.get(unit, [])
    return found


def invited_cosigner(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The invited deputy's user, while the invitation waits for an answer."""
    from banli.submissions.models import Cosignature, CosignatureState

    targets = _targets(deadlines, Cosignature)
    users = dict(
        Cosignature.objects.filter(
            pk__in=targets.values(), state=CosignatureState.INVITED, member__user__is_active=True
        ).values_list("pk", "member__user_id")
    )
    return {pk: [users[c]] if users.get(c) else [] for pk, c in targets.items()}


def lead_author(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The user of the submission's lead author."""
    from banli.submissions.models import Submission

    subs = {d.pk: d.submission_id for d in deadlines if d.submission_id}
    users = dict(
        Submission.objects.filter(pk__in=subs.values(), lead_author__user__is_active=True).values_list(
            "pk", "lead_author__user_id"
        )
    )
    return {pk: [users[s]] if users.get(s) else [] for pk, s in subs.items()}


def registry_staff(deadlines: Sequence[Deadline]) -> dict[int, list[int]]:
    """The registry staff serving the submission's assembly kind in its jurisdiction."""
    from banli.submissions.models import Submission

    subs = {d.pk: d.submission_id for d in deadlines if d.submission_id}
    where = dict(
        (pk, (jid, kind))
        for pk, jid, kind in Submission.objects.filter(pk__in=subs.values()).values_list(
            "pk", "jurisdiction_id", "assembly__kind"
        )
    )
    staff: dict[tuple[int, str], list[int]] = defaultdict(list)
    roles = Role.objects.filter(
        code=RoleCode.REGISTRY_STAFF,
        unit__jurisdiction_id__in={jid for jid, _ in where.values()},
        unit__assembly_kind__in={kind for _, kind in where.values()},
        user__is_active=True,
    )
    for jid, kind, user_id in roles.values_list("unit__jurisdiction_id", "unit__assembly_kind", "user_id"):
        staff[(jid, kind)].append(user_id)
    return {pk: staff.get(where.get(s, (0, "")), []) for pk, s in subs.items()}


register_recipients(Duty.COSIGN, invited_cosigner, link=lambda d: reverse("submissions:invitations"))
register_recipients(Duty.SIGN_RECEIPT, assignment_liaisons)
for _duty in (Duty.OPINION, Duty.REPLY, Duty.REHANDLING):
    register_recipients(_duty, assignment_handler)
register_recipients(Duty.EVALUATION, lead_author)
register_recipients(Duty.PUBLICATION, registry_staff)
