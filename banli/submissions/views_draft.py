"""The author's pages: drafting, files, co-signing invitations, and the invitations inbox."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from banli.audit.log import audit
from banli.audit.models import AuditAction
from banli.core.models import Attachment, Member
from banli.core.policies import can, memberships_of, scope
from banli.core.workflow import WorkflowError, transition
from banli.submissions.forms import DraftForm, InviteForm
from banli.submissions.models import Cosignature, Submission
from banli.submissions.selectors import cosignature_rows, invitations_for, own_files, submission_detail
from banli.submissions.services import (
    add_attachment,
    allowed_kinds,
    create_draft,
    delete_draft,
    intake_policy,
    invite_cosigners,
    remove_attachment,
    respond_to_invitation,
    update_draft,
    withdraw_invitation,
)


def _own(request: HttpRequest, pk: int) -> Submission:
    sub = submission_detail(request.user, pk)
    if sub is None:
        raise Http404
    if not can(request.user, "submission.edit", sub):
        raise PermissionDenied("只有领衔人可以修改本件。")
    return sub


def _membership(request: HttpRequest) -> Member:
    members = memberships_of(request.user)
    wanted = request.POST.get("member") or request.GET.get("member")
    for m in members:
        if wanted is None or str(m.pk) == wanted:
            return m
    raise PermissionDenied("只有人大代表或政协委员可以提出建议提案。")


def new_view(request: HttpRequest) -> HttpResponse:
    """Start a draft: choose the kind, write the first version, save."""
    member = _membership(request)
    kinds = allowed_kinds(member.assembly)
    form = DraftForm(request.POST or None, jurisdiction_id=member.assembly.jurisdiction_id)
    kind = request.POST.get("kind") or kinds[0][0]
    if request.method == "POST" and form.is_valid():
        try:
            sub = create_draft(member, request.user, kind=kind, **form.cleaned_data)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "草稿已保存，可继续修改、上传附件或邀请联名。")
            return redirect("submissions:edit", pk=sub.pk)
    return render(
        request,
        "submissions/edit.html",
        {
            "form": form,
            "kinds": kinds,
            "kind": kind,
            "member": member,
            "memberships": memberships_of(request.user),
        },
    )


def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    form = DraftForm(request.POST or None, instance=sub, jurisdiction_id=sub.jurisdiction_id)
    if request.method == "POST":
        if sub.state not in ("draft", "returned"):
            messages.error(request, "该件已提交，不能再修改。")
            return redirect("submissions:detail", pk=sub.pk)
        if form.is_valid():
            try:
                update_draft(Submission.objects.get(pk=sub.pk), request.user, **form.cleaned_data)
                if "submit" in request.POST:
                    action = "submit" if sub.state == "draft" else "resubmit"
                    transition(Submission.objects.get(pk=sub.pk), action, request.user)
                    messages.success(request, "已提交，等待交办机构审查。")
                    return redirect("submissions:detail", pk=sub.pk)
            except WorkflowError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已保存。")
            return redirect("submissions:edit", pk=sub.pk)
    policy = intake_policy(sub.assembly, sub.year)
    return render(
        request,
        "submissions/edit.html",
        {
            "form": form,
            "sub": sub,
            "attachments": list(own_files(sub)),
            "cosignatures": cosignature_rows(sub),
            "invite_form": InviteForm(submission=sub),
            "policy": policy,
        },
    )


@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    try:
        delete_draft(sub, request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("submissions:edit", pk=sub.pk)
    messages.success(request, f"草稿《{sub.title}》已删除。")
    return redirect("/submissions/?mine=1")


@require_POST
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "请选择要上传的文件。")
    for upload in files:
        try:
            add_attachment(sub, request.user, upload)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已上传“{upload.name}”。")
    return redirect("submissions:edit", pk=sub.pk)


def _attachment(request: HttpRequest, att_id: int) -> Attachment:
    att = Attachment.objects.select_related("submission").filter(pk=att_id).first()
    if att is None or att.submission is None or not own_files(att.submission).filter(pk=att.pk).exists():
        raise Http404
    if not scope(request.user, Submission.objects.filter(pk=att.submission_id)).exists():
        raise Http404
    return att


def download_view(request: HttpRequest, att_id: int) -> FileResponse:
    """Files are only ever served through here, to users who may see the item."""
    att = _attachment(request, att_id)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=att.mime_type, as_attachment=True, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    audit(
        AuditAction.DOWNLOAD,
        att,
        detail={"submission": att.submission_id, "name": att.name, "size": att.size, "sha256": att.sha256},
    )
    return response


@require_POST
def remove_attachment_view(request: HttpRequest, att_id: int) -> HttpResponse:
    att = _attachment(request, att_id)
    sub_pk = att.submission_id
    try:
        remove_attachment(att, request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除附件“{att.name}”。")
    return redirect("submissions:edit", pk=sub_pk)


@require_POST
def invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    form = InviteForm(request.POST, submission=sub)
    if not form.is_valid():
        messages.error(request, "请选择要邀请的代表或委员。")
    else:
        try:
            invited = invite_cosigners(sub, request.user, form.cleaned_data["members"])
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已邀请 {len(invited)} 人联名，请等待确认。")
    return redirect("submissions:edit", pk=sub.pk)


@require_POST
def uninvite_view(request: HttpRequest, pk: int, cos_id: int) -> HttpResponse:
    sub = _own(request, pk)
    cos = Cosignature.objects.filter(pk=cos_id, submission=sub).select_related("member").first()
    if cos is None:
        raise Http404
    try:
        withdraw_invitation(cos, request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销对{cos.member.name}的联名邀请。")
    return redirect("submissions:edit", pk=sub.pk)


def invitations_view(request: HttpRequest) -> HttpResponse:
    """联名邀请: the user's inbox of invitations to co-sign."""
    return render(request, "submissions/invitations.html", {"rows": invitations_for(request.user)})


@require_POST
def respond_view(request: HttpRequest, cos_id: int) -> HttpResponse:
    cos = Cosignature.objects.filter(
        pk=cos_id, member__in=[m.pk for m in memberships_of(request.user)]
    ).first()
    if cos is None:
        raise Http404
    accept = request.POST.get("answer") == "confirm"
    try:
        respond_to_invitation(cos, request.user, accept=accept, comment=request.POST.get("comment", ""))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认联名。" if accept else "已谢绝联名。")
    return redirect("submissions:invitations")
