"""Administrators replace templates in the admin; documents use the jurisdiction's active one or the default."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from banli.core.tests.factories import JurisdictionFactory, UserFactory
from banli.documents.builder import build_all
from banli.documents.defaults import DEFAULT_DIR, default_template
from banli.documents.letters import render_reply_letter
from banli.documents.models import DocumentTemplate
from banli.documents.samples import sample_letter
from banli.documents.selection import active_template, document_text
from banli.documents.services import activate_template, save_template


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def with_document_xml(template: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """A copy of ``template`` whose word/document.xml went through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return out.getvalue()


def custom_letter_template() -> bytes:
    """The default letter with an extra sentence an administrator added."""
    return with_document_xml(
        default_template("reply_letter"),
        lambda xml: xml.replace("{{ addressee }}：", "{{ addressee }}：（本区域定制模板）", 1),
    )


def stored(
    jurisdiction, kind: str = "reply_letter", data: bytes | None = None, active: bool = True
) -> DocumentTemplate:  # type: ignore[no-untyped-def]
    template = DocumentTemplate(jurisdiction=jurisdiction, kind=kind, name="定制", is_active=active)
    template.file.save("t.docx", ContentFile(data or custom_letter_template()), save=False)
    return save_template(template, UserFactory(), None)


def test_committed_defaults_are_what_the_builder_builds(tmp_path: Path) -> None:
    for path in build_all(tmp_path):
        assert path.read_bytes() == (DEFAULT_DIR / path.name).read_bytes(), (
            f"{path.name}: run python -m banli.documents.builder"
        )


@pytest.mark.django_db
def test_without_an_uploaded_template_the_default_is_used() -> None:
    assert active_template("reply_letter", JurisdictionFactory()) == default_template("reply_letter")
    assert active_template("opinion") == default_template("reply_letter")
    assert active_template("handling_report") == default_template("handling_report")
    with pytest.raises(ValueError):
        active_template("leaflet")


@pytest.mark.django_db
def test_the_jurisdictions_template_wins_over_the_general_one_and_the_default() -> None:
    here, elsewhere = JurisdictionFactory(), JurisdictionFactory()
    general = stored(
        None,
        data=with_document_xml(
            default_template("reply_letter"), lambda x: x.replace("{{ title }}", "{{ title }}（通用）", 1)
        ),
    )
    own = stored(here)
    assert active_template("reply_letter", here) == own.file.open("rb").read()
    assert active_template("reply_letter", elsewhere) == general.file.open("rb").read()
    assert active_template("opinion", here) == default_template("opinion")
    text = document_text(render_reply_letter(sample_letter(), active_template("reply_letter", here)))
    assert "张三代表：（本区域定制模板）" in text


@pytest.mark.django_db
def test_activating_a_template_switches_the_previous_one_off() -> None:
    here = JurisdictionFactory()
    first = stored(here)
    second = stored(here)  # saved active: the first is switched off in the same transaction
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    activate_template(first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_active, second.is_active) == (True, False)
    assert DocumentTemplate.objects.filter(jurisdiction=here, is_active=True).count() == 1


def upload(
    client: Client, data: bytes, name: str = "模板.docx", kind: str = "reply_letter", jurisdiction=None
):  # type: ignore[no-untyped-def]
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": kind,
            "name": "2025年答复函",
            "file": file,
            "is_active": "on",
            "jurisdiction": jurisdiction or "",
        },
    )


def test_administrator_uploads_a_template_that_renders_the_sample(
    admin_client: Client, admin_user, org: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    response = upload(admin_client, custom_letter_template(), jurisdiction=org.jurisdiction.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    template = DocumentTemplate.objects.get()
    assert template.uploaded_by == admin_user
    assert template.original_name == "模板.docx"
    assert len(template.sha256) == 64
    assert template.file.name.startswith("document_templates/reply_letter/")
    assert active_template("reply_letter", org.jurisdiction) == custom_letter_template()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"hello", "模板.docx", "不是有效的 Word"),
        (b"whatever", "模板.doc", "请上传 .docx"),
        (None, "模板.docx", "缺少标题"),
        ("broken", "模板.docx", "模板有误"),
        ("unknown", "模板.docx", "模板有误"),
    ],
)
def test_unfit_uploads_are_refused_and_nothing_is_stored(
    admin_client: Client, data, name: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    letter = default_template("reply_letter")
    if data is None:  # a template that lost its title tag
        data = with_document_xml(letter, lambda x: x.replace("{{ title }}", "", 1))
    elif data == "broken":
        data = with_document_xml(letter, lambda x: x.replace("{{ title }}", "{{ title ", 1))
    elif data == "unknown":
        data = with_document_xml(letter, lambda x: x.replace("{{ title }}", "{{ headline }}", 1))
    response = upload(admin_client, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_macro_enabled_document_is_refused(admin_client: Client) -> None:
    letter = default_template("reply_letter")
    source = zipfile.ZipFile(io.BytesIO(letter))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
            target.writestr(item, data)
    response = upload(admin_client, out.getvalue())
    assert "不接受含宏的文档" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_report_template_is_checked_with_the_sample_report(admin_client: Client) -> None:
    response = upload(admin_client, default_template("reply_letter"), kind="handling_report")
    assert (
        response.status_code == 200 and "模板有误" in response.content.decode()
    )  # a letter lacks report fields
    response = upload(admin_client, default_template("handling_report"), kind="handling_report")
    assert response.status_code == 302


def test_administrator_downloads_defaults_and_previews_a_template(admin_client: Client, db) -> None:  # type: ignore[no-untyped-def]
    page = admin_client.get(reverse("admin:documents_documenttemplate_changelist"))
    assert page.status_code == 200 and "下载默认答复函模板" in page.content.decode()
    default = admin_client.get(reverse("admin:documents_template_default", args=["handling_report"]))
    assert default.content == default_template("handling_report")
    assert admin_client.get(reverse("admin:documents_template_default", args=["leaflet"])).status_code == 404
    template = stored(None)
    download = admin_client.get(reverse("admin:documents_template_download", args=[template.pk]))
    assert download.content == custom_letter_template()
    preview = admin_client.get(reverse("admin:documents_template_preview", args=[template.pk]))
    assert preview.status_code == 200
    assert "张三代表：（本区域定制模板）" in document_text(preview.content)


def test_staff_without_the_permission_cannot_download(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    template = stored(None)
    assert client.get(reverse("admin:documents_template_download", args=[template.pk])).status_code == 403
    assert client.get(reverse("admin:documents_template_default", args=["reply_letter"])).status_code == 403


def test_admin_actions_switch_templates_on_and_off(admin_client: Client, db) -> None:  # type: ignore[no-untyped-def]
    here = JurisdictionFactory()
    first, second = stored(here), stored(here)
    url = reverse("admin:documents_documenttemplate_changelist")
    admin_client.post(url, {"action": "activate", "_selected_action": [first.pk]})
    assert DocumentTemplate.objects.get(is_active=True) == first
    admin_client.post(url, {"action": "deactivate", "_selected_action": [first.pk, second.pk]})
    assert not DocumentTemplate.objects.filter(is_active=True).exists()
    assert active_template("reply_letter", here) == default_template("reply_letter")
