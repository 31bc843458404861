"""重点督办 pages: the list of topics, a topic's page with its items' progress, deciding and editing a
topic, putting items in and taking them out, ending and resuming the supervision."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from banli.assignments.selectors import leaders
from banli.core.exports import xlsx_of_list
from banli.core.lists import paged, wants_xlsx
from banli.core.models import Assembly, RoleCode, Unit, UnitKind, User
from banli.core.policies import can, roles_with, scope
from banli.core.workflow import available, transition
from banli.submissions.models import Submission
from banli.supervision.exports import TOPIC_COLUMNS, topic_rows
from banli.supervision.models import KeyTopic, KeyTopicState, SupervisionKind
from banli.supervision.selectors import this_year, topic_candidates, topic_list, topic_view
from banli.supervision.services import TopicInput, add_items, create_topic, remove_item, update_topic
from banli.supervision.views import attempt

TOPIC_SORTS = {"year": "year", "title": "title"}


def topics_view(request: HttpRequest) -> HttpResponse:
    qs = topic_list(request.user, request.GET)
    if wants_xlsx(request):
        states = dict(KeyTopicState.choices)
        filters = [
            ("年度", request.GET.get("year", "")),
            ("状态", states.get(request.GET.get("state", ""), "")),
        ]
        return xlsx_of_list(
            request,
            qs,
            TOPIC_SORTS,
            "-year",
            title="重点督办专题",
            columns=TOPIC_COLUMNS,
            rows=topic_rows,
            filters=filters,
        )
    listing = paged(request, qs, TOPIC_SORTS, "-year")
    return render(
        request,
        "supervision/topics.html",
        {
            "listing": listing,
            "filters": request.GET,
            "states": KeyTopicState.choices,
            "may_create": can(request.user, "topic.manage"),
        },
    )


def _assemblies(request: HttpRequest) -> list[Assembly]:
    """The current assemblies whose registry the user staffs."""
    kinds = {
        r.unit.assembly_kind: r.jurisdiction_id
        for r in roles_with(request.user, RoleCode.REGISTRY_STAFF)
        if r.unit
    }
    return [
        a
        for a in Assembly.objects.filter(jurisdiction_id__in=set(kinds.values()), is_current=True)
        if a.kind in kinds and kinds[a.kind] == a.jurisdiction_id
    ]


def _topic_input(request: HttpRequest, assembly: Assembly | None) -> TopicInput | None:
    post = request.POST
    if assembly is None:
        return None
    leader_raw, committee_raw = post.get("leader", ""), post.get("committee", "")
    leader = User.objects.filter(pk=int(leader_raw)).first() if leader_raw.isdigit() else None
    committee = Unit.objects.filter(pk=int(committee_raw)).first() if committee_raw.isdigit() else None
    year = post.get("year", "")
    return TopicInput(
        assembly=assembly,
        year=int(year) if year.isdigit() else None,
        title=post.get("title", ""),
        description=post.get("description", ""),
        leader=leader,
        committee=committee,
    )


def _form(request: HttpRequest, topic: KeyTopic | None, assemblies: list[Assembly]) -> HttpResponse:
    jid = assemblies[0].jurisdiction_id if assemblies else (topic.jurisdiction_id if topic else None)
    return render(
        request,
        "supervision/topic_form.html",
        {
            "topic": topic,
            "assemblies": assemblies,
            "leaders": leaders(jid) if jid else [],
            "committees": Unit.objects.filter(jurisdiction_id=jid, kind=UnitKind.COMMITTEE, is_active=True),
            "initial": {
                "year": request.POST.get("year") or (topic.year if topic else this_year()),
                "title": request.POST.get("title") or (topic.title if topic else ""),
                "description": request.POST.get("description") or (topic.description if topic else ""),
            },
        },
    )


def topic_new(request: HttpRequest) -> HttpResponse:
    """确定重点督办专题 (the registry)."""
    assemblies = _assemblies(request)
    if not assemblies:
        raise Http404
    if request.method == "POST":
        raw = request.POST.get("assembly", "")
        assembly = next((a for a in assemblies if raw.isdigit() and a.pk == int(raw)), None)
        data = _topic_input(request, assembly)
        if data is None:
            messages.error(request, "请选择届次。")
        else:
            created: list[KeyTopic] = []
            if attempt(
                request, lambda: created.append(create_topic(request.user, data)), "重点督办专题已确定。"
            ):
                return redirect("supervision:topic", pk=created[0].pk)
    return _form(request, None, assemblies)


def _topic(request: HttpRequest, pk: int) -> KeyTopic:
    topic = scope(request.user, KeyTopic.objects.filter(pk=pk)).select_related("assembly").first()
    if topic is None:
        raise Http404
    return topic


def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    if not can(request.user, "topic.manage", topic):
        raise Http404
    if request.method == "POST":
        data = _topic_input(request, topic.assembly)
        assert data is not None
        if attempt(request, lambda: update_topic(topic, request.user, data), "专题已修改。"):
            return redirect("supervision:topic", pk=topic.pk)
    return _form(request, topic, [])


def topic_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A topic: its requirements, leader and committee, each item's progress, its supervision actions."""
    view = topic_view(request.user, pk)
    if view is None:
        raise Http404
    query = request.GET.get("q", "")
    return render(
        request,
        "supervision/topic.html",
        {
            "v": view,
            "topic": view.topic,
            "actions": available(view.topic, request.user),
            "query": query,
            "candidates": topic_candidates(view.topic, request.user, query) if view.may_manage else [],
            "kinds": SupervisionKind.choices,
        },
    )


@require_POST
def topic_add(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    ids = [int(x) for x in request.POST.getlist("items") if x.isdigit()]
    items = list(scope(request.user, Submission.objects.filter(pk__in=ids)).select_related("assembly"))
    attempt(request, lambda: add_items(topic, request.user, items), lambda n: f"已列入{n}件。")
    return redirect("supervision:topic", pk=topic.pk)


@require_POST
def topic_remove(request: HttpRequest, pk: int, sub_pk: int) -> HttpResponse:
    topic = _topic(request, pk)
    sub = scope(request.user, Submission.objects.filter(pk=sub_pk)).first()
    if sub is None:
        raise Http404
    attempt(request, lambda: remove_item(topic, request.user, sub), f"已将《{sub.title}》移出专题。")
    return redirect("supervision:topic", pk=topic.pk)


@require_POST
def topic_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    topic = _topic(request, pk)
    attempt(
        request,
        lambda: transition(topic, action, request.user, comment=request.POST.get("comment", "")),
        lambda event: f"已{event.action_label}。",
    )
    return redirect("supervision:topic", pk=topic.pk)


@require_POST
def item_topic(request: HttpRequest, pk: int) -> HttpResponse:
    """From an item's supervision page: put it in one of the open topics of its assembly."""
    sub = scope(request.user, Submission.objects.filter(pk=pk)).select_related("assembly").first()
    raw = request.POST.get("topic", "")
    topic = scope(request.user, KeyTopic.objects.filter(pk=int(raw))).first() if raw.isdigit() else None
    if sub is None:
        raise Http404
    if topic is None:
        messages.error(request, "请选择重点督办专题。")
    else:
        attempt(request, lambda: add_items(topic, request.user, [sub]), f"已列入“{topic.title}”。")
    return redirect("supervision:item", pk=sub.pk)
