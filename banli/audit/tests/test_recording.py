"""What is recorded without anyone asking: logins, failures, logouts, every change, every workflow
event, admin changes, downloads, exports and imports, with who, in which capacity and from where."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from banli.audit.chain import verify
from banli.audit.models import AuditRecord
from banli.core.models import Category
from banli.core.tests.factories import PASSWORD, SubmissionFactory
from banli.core.workflow import transition
from banli.submissions.paper import import_workbook
from banli.submissions.services import add_attachment
from banli.submissions.tests.test_paper_import import good_row, workbook

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FROM = {"REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": "Mozilla/5.0 测试浏览器"}


def newest(action: str, **filters: object) -> AuditRecord:
    record = AuditRecord.objects.filter(action=action, **filters).order_by("-id").first()
    assert record is not None, f"no {action} record"
    return record


def test_a_login_records_who_from_where_with_which_browser(org: SimpleNamespace, client: Client) -> None:
    user = org.users.registry

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, **FROM)

    assert response.status_code == 302
    record = newest("login")
    assert (record.actor_id, record.actor_name) == (user.pk, user.username)
    assert (record.ip, record.user_agent) == ("192.0.2.10", "Mozilla/5.0 测试浏览器")
    assert record.capacity == "交办机构工作人员"


def test_a_failed_login_records_the_name_tried_and_the_address(org: SimpleNamespace, client: Client) -> None:
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, **FROM)

    record = newest("login_failed")
    assert (record.actor_id, record.actor_name, record.ip) == (None, "nobody", "192.0.2.10")
    assert "wrong" not in str(record.detail)


def test_a_logout_is_recorded(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.deputy)

    client.post(reverse("logout"), **FROM)

    assert newest("logout").actor_id == org.users.deputy.pk


def test_drafting_records_create_update_and_delete_with_the_changes(
    org: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.deputy)
    fields = {"title": "关于推进老旧小区加装电梯的建议", "problem": "进展慢。", "advice": "给予补贴。"}
    fields["publication_consent"] = "on"

    client.post(reverse("submissions:new"), fields, **FROM)
    created = newest("create", object_type="submissions.submission")
    pk = created.object_id
    client.post(reverse("submissions:edit", args=[pk]), {**fields, "title": "关于加快老旧小区加装电梯的建议"})
    client.post(reverse("submissions:delete", args=[pk]))

    assert created.actor_id == org.users.deputy.pk and created.ip == "192.0.2.10"
    assert created.detail["fields"]["title"] == "关于推进老旧小区加装电梯的建议"
    updated = newest("update", object_type="submissions.submission", object_id=pk)
    assert updated.detail["changes"]["title"] == [
        "关于推进老旧小区加装电梯的建议",
        "关于加快老旧小区加装电梯的建议",
    ]
    assert (
        newest("delete", object_type="submissions.submission", object_id=pk).actor_id == org.users.deputy.pk
    )
    assert newest("event", object_type="submissions.submission", object_id=pk).detail["action"] == "create"
    assert verify().ok


def test_a_workflow_event_is_recorded_with_the_capacity_the_policy_granted(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)

    event = transition(sub, "register", org.users.registry)

    record = newest("event", detail__event=event.pk)
    assert record.actor_id == org.users.registry.pk
    assert record.capacity == event.actor_role and record.capacity.endswith("工作人员")
    assert (record.detail["from_state"], record.detail["to_state"]) == ("submitted", "registered")


def test_saving_without_a_change_records_nothing(org: SimpleNamespace) -> None:
    category = Category.objects.create(jurisdiction=org.jurisdiction, name="城建")
    count = AuditRecord.objects.count()

    Category.objects.get(pk=category.pk).save()

    assert AuditRecord.objects.count() == count


def test_a_new_password_is_recorded_but_never_written_down(org: SimpleNamespace) -> None:
    user = org.users.handler
    user.set_password("Another-pass-2027")
    user.save()

    record = newest("update", object_type="core.user", object_id=str(user.pk))
    assert record.detail["changes"]["password"] == ["（不记录）", "（已修改）"]
    assert user.password not in str(AuditRecord.objects.filter(object_id=str(user.pk)).values_list("detail"))
    assert newest("password_changed").object_id == str(user.pk)


def test_an_admin_change_is_recorded(org: SimpleNamespace, admin_client: Client) -> None:
    unit = org.units.unit_b
    url = reverse("admin:core_unit_change", args=[unit.pk])
    data = {
        "jurisdiction": unit.jurisdiction_id,
        "name": unit.name,
        "short_name": "教育",
        "kind": unit.kind,
        "system": unit.system,
        "assembly_kind": "",
        "parent": "",
        "phone": "0557-1234567",
        "sort": 0,
        "is_active": "on",
    }

    response = admin_client.post(url, data, **FROM)

    assert response.status_code == 302
    record = newest("admin", object_type="core.unit", object_id=str(unit.pk))
    assert record.detail["kind"] == "修改" and record.ip == "192.0.2.10"
    assert newest("update", object_type="core.unit").detail["changes"]["phone"] == ["", "0557-1234567"]


def test_downloading_a_letter_is_a_recorded_read(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy)
    att = add_attachment(sub, org.users.deputy, SimpleUploadedFile("材料.pdf", PDF))
    client.force_login(org.users.deputy)

    response = client.get(reverse("submissions:download", args=[att.pk]), **FROM)

    assert response.status_code == 200
    record = newest("download")
    assert (record.object_type, record.object_id) == ("core.attachment", str(att.pk))
    assert record.detail["submission"] == sub.pk and record.actor_id == org.users.deputy.pk


def test_exporting_a_ledger_is_a_recorded_read(org: SimpleNamespace, client: Client) -> None:
    SubmissionFactory.create_batch(3, lead_author=org.deputy, state="submitted", session=org.session)
    client.force_login(org.users.registry)

    response = client.get(reverse("submissions:list"), {"export": "xlsx", "state": "submitted"}, **FROM)
    b"".join(response.streaming_content)

    record = newest("export")
    assert record.object_label == "建议提案台账" and record.detail["rows"] == 3
    assert "待审查" in record.detail["filters"]
    assert (record.actor_id, record.ip) == (org.users.registry.pk, "192.0.2.10")


def test_a_paper_import_is_one_record_naming_every_item(org: SimpleNamespace) -> None:
    from banli.core.models import Member

    Member.objects.bulk_create([Member(assembly=org.npc, name=f"代表{i:02d}") for i in range(1, 6)])
    Category.objects.create(jurisdiction=org.jurisdiction, name="城建")
    names = [f"代表{i:02d}" for i in range(1, 6)]

    result = import_workbook(
        workbook([good_row(i, names) for i in range(4)]),
        assembly=org.npc,
        actor=org.users.registry,
        session=org.session,
    )

    assert result.ok, result.errors
    record = newest("import")
    assert sorted(record.detail["submissions"]) == sorted(s.pk for s in result.created)
    assert record.actor_id == org.users.registry.pk


@pytest.mark.django_db
def test_raw_saves_of_a_restore_are_not_recorded() -> None:
    from django.core import serializers

    from banli.core.tests.factories import JurisdictionFactory

    j = JurisdictionFactory()
    data = serializers.serialize("json", [j])
    count = AuditRecord.objects.count()
    for obj in serializers.deserialize("json", data):
        obj.save()

    assert AuditRecord.objects.count() == count


def test_an_act_whose_event_is_amended_is_recorded_once(org: SimpleNamespace) -> None:
    """Found by the year's scenario: an after-hook saving its event's payload again (withdrawal counts
    what it cancelled) put the act in the trail twice, as if it had happened twice."""
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)

    event = transition(sub, "withdraw", org.users.deputy, comment="本人书面申请撤回")

    assert AuditRecord.objects.filter(action="event", detail__event=event.pk).count() == 1
    amended = newest("update", object_type="core.event", object_id=str(event.pk))
    assert "payload" in amended.detail["changes"]
