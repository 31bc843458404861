"""Every supervision list is exported to Excel with what the page lists, in its order, and the export is
scoped like the page: 领办 and 对口 items with their progress, records, key topics, assessments."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from types import SimpleNamespace

import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.audit.models import AuditRecord
from banli.core.tests.factories import SubmissionFactory
from banli.supervision.services import AssessmentInput, record_assessment, record_supervision
from banli.supervision.tests.conftest import NOW, field_category, late_item, led_item
from banli.supervision.tests.test_records import data
from banli.supervision.tests.test_topics import topic_for

HEADER_ROWS = 4  # title, filters, time and user, column headers


def sheet(client: Client, url: str, **params: str) -> list[tuple]:
    response = client.get(url, {**params, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)


def test_the_leaders_items_are_exported_with_their_progress(org: SimpleNamespace, client: Client) -> None:
    first, second = led_item(org, 1), led_item(org, 2)
    late_item(org, number=3)  # not led: neither on the page nor in the file
    client.force_login(org.users.leader)
    with time_machine.travel(NOW, tick=False):
        rows = sheet(client, reverse("supervision:led"), sort="-number")
    assert rows[0][0] == "领办件办理进度"
    assert rows[3][:3] == ("件", "案由", "状态")
    body = rows[HEADER_ROWS:]
    assert [r[0] for r in body] == [second.sub.reference, first.sub.reference]  # the page's sort
    assert all(r[3] == org.users.leader.display_name for r in body)
    assert all(org.units.unit_a.name in r[4] for r in body)
    assert all(r[6] == "是" for r in body)  # the reply was due on 2 June
    assert AuditRecord.objects.filter(action="export", object_label="领办件办理进度").count() == 1


def test_the_committee_exports_its_fields_items_only(org: SimpleNamespace, client: Client) -> None:
    mine = late_item(org, number=1, category=field_category(org))
    late_item(org, number=2)
    client.force_login(org.users.committee_member)
    rows = sheet(client, reverse("supervision:field"), year=str(mine.sub.year))
    assert [r[0] for r in rows[HEADER_ROWS:]] == [mine.sub.reference]
    assert f"年度：{mine.sub.year}" in rows[1][0]


def test_records_topics_and_assessments_are_exported(org: SimpleNamespace, client: Client) -> None:
    first, second = late_item(org, number=1, co=False), late_item(org, number=2, co=False)
    record_supervision(org.users.coordinator, data([first.sub, second.sub]))
    topic = topic_for(org)
    closed = SubmissionFactory(
        lead_author=org.deputy, state="closed", year=2025, number=9, session=org.session
    )
    record_assessment(
        closed,
        org.users.registry,
        AssessmentInput("安徽大学评估中心", dt.date(2025, 11, 3), "basically_solved", "基本解决。"),
    )
    client.force_login(org.users.registry)

    records = sheet(client, reverse("supervision:records"))[HEADER_ROWS:]
    assert len(records) == 1
    assert records[0][1] == "督办会/座谈会"
    assert first.sub.reference in records[0][6] and second.sub.reference in records[0][6]
    assert records[0][7] == "召开督办会，要求两个单位月底前答复。"

    topics = sheet(client, reverse("supervision:topics"))[HEADER_ROWS:]
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in topics] == [
        (topic.year, "城市内涝治理", org.users.leader.display_name, org.units.committee.name, 0)
    ]

    assessments = sheet(client, reverse("supervision:assessments"), conclusion="basically_solved")
    assert [r[:5] for r in assessments[HEADER_ROWS:]] == [
        (closed.reference, closed.title, "安徽大学评估中心", "2025-11-03", "基本解决")
    ]
    assert "评估结论：基本解决" in assessments[1][0]
    # unit_b handles neither item: it sees no record: the export is scoped like the page
    client.force_login(org.users.other_liaison)
    assert sheet(client, reverse("supervision:records"))[HEADER_ROWS:] == []
