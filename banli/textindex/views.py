"""The similar-items fragment that drafting and review pages load with htmx."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from banli.core.models import Jurisdiction
from banli.core.policies import scope
from banli.submissions.models import Submission, SubmissionState
from banli.textindex.similarity import similar_to

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
    matches = []
    if jurisdiction_id is not None:
        candidates = scope(request.user, Submission.objects.exclude(state=SubmissionState.DRAFT))
        matches = similar_to(
            title,
            body,
            jurisdiction_id=jurisdiction_id,
            candidates_qs=candidates,
            exclude_pk=_int_or_none(request.GET.get("exclude")),
            limit=LIMIT,
        )
    # No request: the fragment needs none of the page's context processors (navigation, messages).
    return HttpResponse(loader.get_template("textindex/similar.html").render({"matches": matches}))
