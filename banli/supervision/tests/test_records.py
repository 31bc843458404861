"""督办活动: offices, leaders and the committee of the field record meetings, visits, letters and talks on
one or several items, with files checked like every upload; each item's timeline shows it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banli.core.models import Attachment, Event
from banli.core.workflow import GuardFailed, NotAllowed
from banli.notifications.models import Notification
from banli.supervision.models import SupervisionRecord
from banli.supervision.services import RecordInput, record_supervision
from banli.supervision.tests.conftest import field_category, late_item

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "督办会纪要.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def data(items, **changes) -> RecordInput:  # type: ignore[no-untyped-def]
    base = RecordInput(
        kind="meeting",
        held_on=timezone.localdate() - dt.timedelta(days=1),
        notes="召开督办会，要求两个单位月底前答复。",
        items=items,
        participants="市人大财经委、市发改委",
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_an_office_records_a_meeting_on_two_items_with_its_minutes(org: SimpleNamespace) -> None:
    first, second = late_item(org, number=1), late_item(org, number=2)
    rec = record_supervision(org.users.coordinator, data([first.sub, second.sub], files=[pdf()]))
    assert set(rec.items.all()) == {first.sub, second.sub}
    assert rec.recorded_as == f"{org.units.gov_office.name}工作人员"
    att = Attachment.objects.get()
    assert (att.object_id, att.mime_type, att.name) == (rec.pk, "application/pdf", "督办会纪要.pdf")
    events = Event.objects.filter(action="supervise").order_by("submission_id")
    assert [e.submission_id for e in events] == sorted([first.sub.pk, second.sub.pk])
    assert all("督办会" in e.comment and e.payload["files"] == ["督办会纪要.pdf"] for e in events)
    assert (
        Notification.objects.filter(kind="event.submission.supervise", recipient=org.users.liaison).count()
        == 2
    )


def test_the_committee_of_the_field_records_a_site_visit(org: SimpleNamespace) -> None:
    mine = late_item(org, number=1, category=field_category(org))
    other = late_item(org, number=2)
    rec = record_supervision(org.users.committee_member, data([mine.sub], kind="site_visit"))
    assert rec.recorded_as == f"{org.units.committee.name}成员"
    with pytest.raises(NotAllowed, match="无权督办"):
        record_supervision(org.users.committee_member, data([mine.sub, other.sub]))
    assert SupervisionRecord.objects.count() == 1


@pytest.mark.parametrize("name", ["liaison", "handler", "deputy", "party_coordinator"])
def test_units_and_deputies_do_not_record_supervision(org: SimpleNamespace, name: str) -> None:
    item = late_item(org)
    with pytest.raises(NotAllowed):
        record_supervision(getattr(org.users, name), data([item.sub]))
    assert not SupervisionRecord.objects.exists()


def test_bad_input_and_bad_files_change_nothing(org: SimpleNamespace) -> None:
    item = late_item(org)
    with pytest.raises(GuardFailed, match="督办方式、督办情况"):
        record_supervision(org.users.coordinator, data([item.sub], kind="", notes=" "))
    with pytest.raises(GuardFailed, match="不能晚于今天"):
        record_supervision(
            org.users.coordinator, data([item.sub], held_on=timezone.localdate() + dt.timedelta(1))
        )
    script = SimpleUploadedFile("纪要.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(GuardFailed, match="不是可接受的"):
        record_supervision(org.users.coordinator, data([item.sub], files=[pdf(), script]))
    assert not SupervisionRecord.objects.exists()
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(action="supervise").exists()


def test_the_pages_record_and_serve_the_file_to_those_who_see_the_item(
    org: SimpleNamespace, client: Client
) -> None:
    item = late_item(org)
    client.force_login(org.users.leader)
    response = client.post(
        reverse("supervision:record"),
        {
            "items": [item.sub.pk],
            "kind": "talk",
            "held_on": f"{timezone.localdate():%Y-%m-%d}",
            "notes": "约谈发改委主要负责人。",
            "files": [pdf("约谈记录.pdf")],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "督办活动已记录" in html and "约谈发改委主要负责人。" in html
    att = Attachment.objects.get()
    url = reverse("supervision:file", args=[att.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(org.users.liaison)  # the unit sees its item, and so the record
    assert client.get(url).status_code == 200
    assert "约谈发改委主要负责人。" in client.get(reverse("supervision:records")).content.decode()
    client.force_login(org.users.other_deputy)
    assert client.get(url).status_code == 404
    assert "约谈发改委" not in client.get(reverse("supervision:records")).content.decode()


def test_the_records_list_and_the_item_page_cost_the_same_for_more_records(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    first, second = late_item(org, number=1), late_item(org, number=2)
    record_supervision(org.users.coordinator, data([first.sub, second.sub], files=[pdf()]))
    client.force_login(org.users.registry)
    pages = [reverse("supervision:records"), reverse("supervision:item", args=[first.sub.pk])]
    measured = []
    for url in pages:
        with django_assert_max_num_queries(20) as few:
            assert client.get(url).status_code == 200
        measured.append(len(few.captured_queries))
    for n in range(3):
        record_supervision(
            org.users.leader, data([first.sub], kind="letter", notes=f"督办函{n}", files=[pdf()])
        )
    for url, count in zip(pages, measured, strict=True):
        with django_assert_max_num_queries(count):
            assert "督办函2" in client.get(url).content.decode()
