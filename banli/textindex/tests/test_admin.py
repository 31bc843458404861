"""管理后台: the keyword → unit table is edited with checks; trained models are read-only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from banli.textindex.models import RecommenderModel, UnitKeyword
from banli.textindex.recommend import train
from banli.textindex.tests.history import add_history

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_keyword_for_a_unit_of_the_same_jurisdiction(
    admin_client: Client, org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    url = reverse("admin:textindex_unitkeyword_add")
    assert admin_client.get(url).status_code == 200
    data = {"jurisdiction": org.jurisdiction.pk, "keyword": "停车", "weight": 3}
    refused = admin_client.post(url, {**data, "unit": other_org.units.unit_a.pk})
    assert refused.status_code == 200 and "所选单位不属于该行政区域。" in refused.content.decode()
    office = admin_client.post(url, {**data, "unit": org.units.gov_office.pk})
    assert office.status_code == 200 and not UnitKeyword.objects.exists()
    too_heavy = admin_client.post(url, {**data, "unit": org.units.unit_a.pk, "weight": 11})
    assert too_heavy.status_code == 200 and not UnitKeyword.objects.exists()
    assert admin_client.post(url, {**data, "unit": org.units.unit_a.pk}).status_code == 302
    keyword = UnitKeyword.objects.get()
    assert (keyword.unit, keyword.weight, str(keyword)) == (org.units.unit_a, 3, f"停车 → {org.units.unit_a}")
    assert admin_client.get(reverse("admin:textindex_unitkeyword_changelist")).status_code == 200


def test_trained_models_are_shown_and_never_edited(admin_client: Client, org: SimpleNamespace) -> None:
    add_history(org, 2)
    row = train(org.jurisdiction)
    assert row is not None
    listing = admin_client.get(reverse("admin:textindex_recommendermodel_changelist"))
    assert listing.status_code == 200 and "智能分办模型" in listing.content.decode()
    page = admin_client.get(reverse("admin:textindex_recommendermodel_change", args=[row.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:textindex_recommendermodel_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:textindex_recommendermodel_delete", args=[row.pk])).status_code == 403
    )
    assert RecommenderModel.objects.count() == 1
