"""What waits for authors and registry staff."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from banli.core.models.org import RoleCode, User
from banli.core.policies import memberships_of, roles_with, scope, user_jurisdictions
from banli.core.todos import Todo, provider
from banli.submissions.models import Cosignature, CosignatureState, Submission, SubmissionState

S = SubmissionState


def _list_url(**params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('submissions:list')}?{query}"


@provider
def author_todos(user: User) -> list[Todo]:
    members = [m.pk for m in memberships_of(user)]
    if not members:
        return []
    counts = Submission.objects.filter(lead_author__in=members, state__in=(S.DRAFT, S.RETURNED)).aggregate(
        draft=Count("pk", filter=Q(state=S.DRAFT)),
        returned=Count("pk", filter=Q(state=S.RETURNED)),
    )
    invitations = Cosignature.objects.filter(
        member__in=members,
        state=CosignatureState.INVITED,
        due_on__gte=timezone.localdate(),
        submission__state__in=(S.DRAFT, S.RETURNED),
    ).count()
    return [
        Todo("待确认联名", invitations, reverse("submissions:invitations"), "我的建议提案", urgent=True),
        Todo("草稿", counts["draft"], _list_url(mine="1", state=S.DRAFT), "我的建议提案"),
        Todo(
            "退回修改", counts["returned"], _list_url(mine="1", state=S.RETURNED), "我的建议提案", urgent=True
        ),
    ]


@provider
def registry_todos(user: User) -> list[Todo]:
    if not roles_with(user, RoleCode.REGISTRY_STAFF):
        return []
    # only the two states, through the (jurisdiction, state) index, each row then checked against the
    # scope by its key: a join with the scope lets SQLite walk every item of the assembly (50 ms)
    seen = scope(user, Submission.objects.filter(pk=OuterRef("pk")))
    waiting = Submission.objects.filter(
        jurisdiction_id__in=user_jurisdictions(user), state__in=(S.SUBMITTED, S.REGISTERED)
    ).filter(Exists(seen))
    counts = waiting.aggregate(
        submitted=Count("pk", filter=Q(state=S.SUBMITTED)),
        registered=Count("pk", filter=Q(state=S.REGISTERED)),
    )
    return [
        Todo("待审查", counts["submitted"], _list_url(state=S.SUBMITTED), "审查立案", urgent=True),
        Todo("已立案待转交", counts["registered"], _list_url(state=S.REGISTERED), "审查立案"),
    ]
