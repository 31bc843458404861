"""What the authorization matrix knows about each URL: which kind of object each of its arguments takes,
the permission that must hold for a POST to change anything, and extra form fields.

A route missing here fails the matrix (see ``classify``): whoever adds a URL says here what it takes and
who may write through it, and the matrix then checks it for every role and object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from banli.core.models import User
from banli.core.policies import can, roles_of, scope


@dataclass(frozen=True)
class Route:
    """``kinds``: the object kind each URL argument takes, in order (``action`` is filled from the
    workflow table of ``workflow``'s object). ``perm``: a permission (``core.policies``) that must hold on
    the route's object (else on every world object the POST changed) for the POST to change anything;
    ``writes=False``: no POST there may change anything at all. ``public``: open without login.
    ``method``: an API operation's method (JSON with the user's bearer token)."""

    kinds: tuple[str, ...] = ()
    perm: str | None = None
    workflow: bool = False
    writes: bool = True
    body: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    method: str | None = None
    own: bool = False  # changes only the user's own account rows (inbox, tokens, password, channels)
    may: Callable[[User, Any], bool] | None = None  # instead of ``perm``, where the object is not its target


def _opinion(co: Any) -> Any:
    from banli.handling.models import Opinion

    return Opinion.objects.filter(assignment=co).first()


def _may_act(user: User, obj: Any, action: str) -> bool:
    """The workflow table's own answer: the act exists from the object's state and names this user."""
    from banli.core.workflow import workflow_for

    if obj is None:
        return False
    wf = workflow_for(obj)
    t = wf.get(str(getattr(obj, wf.state_field)), action)
    return t is not None and t.who(user, obj) is not None


def _of_item(user: User, perm: str, obj: Any) -> bool:
    """A permission on the item a file or an invitation belongs to."""
    return obj.submission is not None and can(user, perm, obj.submission)


def _answers_for_unit(user: User, item: Any) -> bool:
    """The 回头看 line's unit works on the item (its handler or liaison)."""
    from banli.assignments.models import Assignment

    units = Assignment.objects.filter(submission=item.submission, unit=item.unit).exclude(role="co")
    return any(can(user, "handling.work", a) for a in units)


R = Route
READ = Route(writes=False)

#: Every URL by name. Object kinds are the prefixes of the world's object names (authz_world).
ROUTES: dict[str, Route] = {
    "home": READ,
    "login": Route(public=True, writes=False),
    "logout": Route(own=True),
    # 提
    "submissions:list": READ,
    "submissions:detail": R(("submission",), writes=False),
    "submissions:action": R(("submission", "action"), workflow=True),
    "submissions:classify": R(("submission",), perm="submission.classify"),
    "submissions:bulk_register": R(perm="submission.review"),
    "submissions:new": R(perm="submission.create"),
    "submissions:edit": R(("submission",), perm="submission.edit"),
    "submissions:delete": R(("submission",), perm="submission.edit"),
    "submissions:upload": R(("submission",), perm="submission.edit"),
    "submissions:download": R(("attachment",), writes=False),
    "submissions:remove_attachment": R(
        ("attachment",), may=lambda user, att: _of_item(user, "submission.edit", att)
    ),
    "submissions:invite": R(("submission",), perm="submission.edit"),
    "submissions:uninvite": R(("submission", "cosignature"), perm="submission.edit"),
    "submissions:invitations": READ,
    "submissions:respond": R(("cosignature",), own=True),
    "submissions:import": R(perm="submission.review"),
    "submissions:import_template": READ,
    # 交
    "assignments:list": READ,
    "assignments:detail": R(("assignment",), writes=False),
    "assignments:action": R(("assignment", "action"), workflow=True),
    "assignments:request_adjustment": R(("assignment",), perm="assignment.request_adjustment"),
    "assignments:plan": R(("submission",), perm="assignment.plan"),
    "assignments:plan_action": R(("submission",), perm="assignment.plan"),
    "assignments:adjustments": READ,
    "assignments:adjustment_action": R(("adjustment", "action"), workflow=True),
    "assignments:bulk": R(perm="assignment.plan"),
    "assignments:notices": READ,
    "assignments:meeting": READ,
    # 办
    "handling:workspace": R(("assignment",), writes=False),
    "handling:plan": R(("assignment",), perm="handling.work"),
    "handling:contact": R(("assignment",), perm="handling.work"),
    "handling:reply": R(("assignment",), perm="handling.work"),
    "handling:opinion": R(("assignment",), perm="handling.work"),
    "handling:extension": R(("assignment",), perm="handling.request_extension"),
    "handling:lapse": R(("assignment",), may=lambda user, co: _may_act(user, _opinion(co), "record_lapse")),
    "handling:reply_page": R(("reply",), writes=False),
    "handling:reply_action": R(("reply", "action"), workflow=True),
    "handling:opinion_action": R(("opinion", "action"), workflow=True),
    "handling:extension_action": R(("extension", "action"), workflow=True),
    "handling:checks": READ,
    "handling:letter": R(("recipient",), own=True),
    # 评
    "evaluation:mine": READ,
    "evaluation:rate": R(("recipient",), perm="evaluation.rate"),
    "evaluation:follow_up": R(("reply",), perm="handling.work"),
    "evaluation:follow_up_action": R(("follow_up", "action"), workflow=True),
    "evaluation:commitments": READ,
    "evaluation:close_commitment": R(("commitment",), perm="handling.work"),
    "evaluation:year_end": R(perm="evaluation.carry_over"),
    "evaluation:review": R(("campaign",), writes=False),
    "evaluation:review_record": R(("review_item",), may=lambda user, item: _answers_for_unit(user, item)),
    # 督
    "supervision:index": READ,
    "supervision:item": R(("submission",), writes=False),
    "supervision:urge": R(("submission",), perm="supervision.urge"),
    "supervision:item_topic": R(("submission",), perm="topic.manage"),
    "supervision:assess": R(("submission",), perm="assessment.record"),
    "supervision:choose_excellent": R(("submission",), perm="excellence.choose"),
    "supervision:records": READ,
    "supervision:record": R(perm="supervision.record"),
    "supervision:file": R(("attachment",), writes=False),
    "supervision:led": READ,
    "supervision:field": READ,
    "supervision:topics": READ,
    "supervision:topic_new": R(perm="topic.manage"),
    "supervision:topic": R(("topic",), writes=False),
    "supervision:topic_edit": R(("topic",), perm="topic.manage"),
    "supervision:topic_add": R(("topic",), perm="topic.manage"),
    "supervision:topic_remove": R(("topic", "submission"), perm="topic.manage"),
    "supervision:topic_action": R(("topic", "action"), workflow=True),
    "supervision:lagging": READ,
    "supervision:lagging_unit": R(("unit",), writes=False),
    "supervision:lagging_urge": R(("unit",), perm="supervision.board"),
    "supervision:schemes": READ,
    "supervision:scheme_new": R(perm="appraisal.manage"),
    "supervision:ranking": R(("scheme",), writes=False),
    "supervision:scheme_edit": R(("scheme",), perm="appraisal.manage"),
    "supervision:unit_score": R(("scheme", "unit"), writes=False),
    "supervision:assessments": READ,
    "supervision:excellence": READ,
    "supervision:withdraw_excellent": R(
        ("excellence",), may=lambda user, chosen: can(user, "excellence.choose", chosen.submission)
    ),
    # text
    "textindex:similar": READ,
    "textindex:recommendation_accuracy": READ,
    # the user's own things
    "notifications:inbox": READ,
    "notifications:open": R(("notification",), own=True),
    "notifications:read": R(("notification",), own=True),
    "notifications:read_all": R(own=True),
    "notifications:preferences": R(own=True),
    "audit:records": READ,
    "accounts:security": READ,
    "accounts:otp_setup": R(own=True),
    "accounts:otp_verify": R(own=True),
    "accounts:password_change": R(own=True),
    "accounts:password_change_done": READ,
    "api_tokens:list": R(own=True),
    "api_tokens:revoke": R(("token",), own=True),
    # 公开
    "publications:due": READ,
    "publications:preview": READ,
    "publications:publish": R(perm="publication.decide"),
    "publications:edit": R(("reply",), perm="publication.decide"),
    "publications:withdraw": R(("publication",), perm="publication.decide"),
    "publications:reports": R(perm="report.manage"),
    "publications:report_publish": R(("report",), perm="report.manage"),
    "publications:report_unpublish": R(("report",), perm="report.manage"),
    "publications:report_file": R(("report",), writes=False),
    "portal:home": Route(public=True, writes=False),
    "portal:replies": Route(public=True, writes=False),
    "portal:reply": Route(("publication",), public=True, writes=False),
    "portal:reports": Route(public=True, writes=False),
    "portal:report_download": Route(("report",), public=True, writes=False),
    # reports
    "reports:dashboard": READ,
    "reports:handling_report": READ,
    "reports:rectification": R(perm="reports.rectification"),
    "reports:rectification_edit": R(("rectification",), perm="reports.rectification"),
    "reports:rectification_delete": R(("rectification",), perm="reports.rectification"),
    # the API (bearer token; the schema and docs also take the session)
    "api:api-root": READ,
    "api:openapi-json": READ,
    "api:openapi-view": READ,
    "api:me": R(method="GET", writes=False),
    "api:list_categories": R(method="GET", writes=False),
    "api:get_statistics": R(method="GET", writes=False),
    "api:list_submissions": R(method="GET", writes=False),
    "api:submit_submission": R(method="POST", perm="submission.create"),
    "api:get_submission": R(("submission",), method="GET", writes=False),
    "api:list_events": R(("submission",), method="GET", writes=False),
    "api:list_assignments": R(method="GET", writes=False),
    "api:get_assignment": R(("assignment",), method="GET", writes=False),
    "api:sign_receipt": R(("assignment",), method="POST", perm="handling.work"),
    "api:send_opinion": R(("assignment",), method="POST", perm="handling.work"),
    "api:put_reply": R(("assignment",), method="PUT", perm="handling.work"),
    "api:list_replies": R(method="GET", writes=False),
    "api:get_reply": R(("reply",), method="GET", writes=False),
    "api:act_on_reply": R(("reply", "action"), method="POST", workflow=True),
    "api:rate_reply": R(
        ("reply",),
        method="POST",
        may=lambda user, reply: any(can(user, "evaluation.rate", r) for r in reply.recipients.all()),
    ),
}

# ---- who sees an object, asked of the policy layer ---------------------------------------------------


def _sees(user: User, model: type[models.Model], pk: Any) -> bool:
    return scope(user, model.objects.filter(pk=pk)).exists()


def visible(user: Any, obj: models.Model | None) -> bool:
    """Whether the policy lets ``user`` see ``obj``: its model's scope, or for models without one the
    scope of what they belong to (a file its item or record, an invitation its item, a token its user)."""
    from banli.api.models import ApiToken
    from banli.core.models import Attachment, Unit
    from banli.handling.models import Commitment, Reply, ReplyRecipient
    from banli.submissions.models import Cosignature, Submission
    from banli.supervision.models import SupervisionRecord

    if obj is None:
        return True
    if user is None or not user.is_authenticated:
        return False
    if isinstance(obj, Attachment):
        if obj.content_type.model == "submission":
            return _sees(user, Submission, obj.object_id)
        return (
            _sees(user, SupervisionRecord, obj.object_id)
            if obj.content_type.model == "supervisionrecord"
            else False
        )
    if isinstance(obj, Cosignature):
        return _sees(user, Submission, obj.submission_id) or obj.member.user_id == user.pk
    if isinstance(obj, ApiToken):
        return obj.user_id == user.pk
    if isinstance(obj, Unit):
        return any(r.jurisdiction_id == obj.jurisdiction_id for r in roles_of(user))
    if isinstance(obj, (Commitment, ReplyRecipient)):
        return _sees(user, Reply, obj.reply_id)
    return _sees(user, type(obj), obj.pk)


Visible = Callable[[Any, models.Model | None], bool]
