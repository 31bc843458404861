"""The similar-items fragment that drafting and review pages load with htmx, and the report of how
often the recommended units were right."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from banli.core.models import Event, Jurisdiction
from banli.core.models.org import RoleCode, User
from banli.core.policies import can, roles_with, scope
from banli.portal.public import public_publications
from banli.submissions.models import Submission, SubmissionState
from banli.textindex.models import RecommenderModel
from banli.textindex.recommend import RETRAIN_AFTER, new_since_training
from banli.textindex.recommend_report import recommendation_accuracy
from banli.textindex.selectors import Shown, with_outcomes
from banli.textindex.similarity import similar_to

REPORT_ROLES = (RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER)

#: Shorter input (title and body together, without spaces) gets an empty fragment: nothing to compare.
MIN_CHARS = 4
#: Longer input is cut: a title is at most 200 characters, and a body past this adds time, not precision.
MAX_TITLE, MAX_BODY = 200, 20_000
LIMIT = 5


def _jurisdiction_id(request: HttpRequest) -> int | None:
    """The user's jurisdiction, else the default tenant's."""
    jid = getattr(request.user, "jurisdiction_id", None)
    if jid:
        return int(jid)
    return Jurisdiction.objects.filter(code=settings.BANLI_JURISDICTION).values_list("pk", flat=True).first()


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
@never_cache
def similar_view(request: HttpRequest) -> HttpResponse:
    """相似建议提案: up to five submissions the user may see that resemble ``title`` and ``body``.

    Query parameters: ``title``, ``body``, ``exclude`` (the pk of the item being edited or reviewed).
    Changes no business data; may refit this process's cached model of the jurisdiction, which stores the
    segmentation of items it had to segment (the ``SegmentedText`` cache table).
    """
    title = request.GET.get("title", "")[:MAX_TITLE]
    body = request.GET.get("body", "")[:MAX_BODY]
    if len("".join(f"{title}{body}".split())) < MIN_CHARS:
        return HttpResponse("")
    jurisdiction_id = _jurisdiction_id(request)
    shown: list[Shown] = []
    if jurisdiction_id is not None:
        visible = scope(request.user, Submission.objects.exclude(state=SubmissionState.DRAFT))
        published = public_publications().values("submission_id")
        # What the user may see, and what the portal shows everyone: a deputy is warned of a repeat of
        # another deputy's published item as well as of his own.
        candidates = Submission.objects.filter(
            Q(pk__in=visible.values("pk")) | Q(pk__in=published)
        ).select_related("session__assembly", "assembly")
        matches = similar_to(
            title,
            body,
            jurisdiction_id=jurisdiction_id,
            candidates_qs=candidates,
            exclude_pk=_int_or_none(request.GET.get("exclude")),
            limit=LIMIT,
        )
        shown = with_outcomes(matches, visible)
    # No request: the fragment needs none of the page's context processors (navigation, messages).
    return HttpResponse(loader.get_template("textindex/similar.html").render({"matches": shown}))


def _report_jurisdiction(user: User) -> int | None:
    """The jurisdiction whose figures the user may read: theirs, if they hold an office role there."""
    allowed = {r.jurisdiction_id for r in roles_with(user, *REPORT_ROLES)}
    if not allowed:
        return None
    own = getattr(user, "jurisdiction_id", None)
    return own if own in allowed else min(allowed)


@require_GET
def recommendation_accuracy_view(request: HttpRequest) -> HttpResponse:
    """智能分办准确率: how often the recommended units were right and taken, overall and per unit, for the
    registry, the coordinating offices and the leaders; with the state of the trained model.

    Query parameter ``year``: only items of that year. Reads only.
    """
    if not can(request.user, "recommendation.report"):
        raise PermissionDenied("仅交办机构、协调机构和领导可查看智能分办准确率。")
    jurisdiction_id = _report_jurisdiction(request.user)
    if jurisdiction_id is None:
        raise PermissionDenied("仅交办机构、协调机构和领导可查看智能分办准确率。")
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    years = sorted(
        {
            y
            for y in Event.objects.filter(
                jurisdiction_id=jurisdiction_id, payload__has_key="recommended", submission__isnull=False
            ).values_list("submission__year", flat=True)
        },
        reverse=True,
    )
    context = {
        "report": recommendation_accuracy(jurisdiction_id, year=year),
        "model": RecommenderModel.objects.filter(jurisdiction_id=jurisdiction_id).defer("arrays").first(),
        "waiting": new_since_training(jurisdiction_id),
        "retrain_after": RETRAIN_AFTER,
        "years": years,
        "year": year,
    }
    return render(request, "textindex/recommendation_accuracy.html", context)
