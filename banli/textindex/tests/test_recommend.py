"""Recommended units: learned from who led past items, keywords for a cold start, stored models."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banli.core.tests.factories import AssignmentFactory, SubmissionFactory, UnitFactory
from banli.textindex import recommend as rec
from banli.textindex.centroids import CentroidModel
from banli.textindex.models import RecommenderModel, UnitKeyword
from banli.textindex.recommend import recommend, retrain_if_stale, train, training_samples
from banli.textindex.segment import segment
from banli.textindex.selectors import recommendations_for
from banli.textindex.tests.history import add_history, composed, units_of

pytestmark = pytest.mark.django_db
CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@pytest.fixture
def history(org: SimpleNamespace) -> SimpleNamespace:
    add_history(org, 12)
    return org


def test_a_new_jurisdiction_without_history_or_keywords_gets_no_recommendation(org: SimpleNamespace) -> None:
    assert train(org.jurisdiction) is None
    assert not RecommenderModel.objects.exists()
    assert recommend(composed("unit_b", 1), org.jurisdiction) == []


def test_keywords_alone_serve_a_new_jurisdiction(org: SimpleNamespace) -> None:
    UnitKeyword.objects.create(jurisdiction=org.jurisdiction, keyword="停车", unit=org.units.unit_a, weight=2)
    UnitKeyword.objects.create(jurisdiction=org.jurisdiction, keyword="学校", unit=org.units.unit_b)
    UnitKeyword.objects.create(jurisdiction=org.jurisdiction, keyword="电梯", unit=org.units.unit_b)
    found = recommend(("关于缓解学校周边停车难的建议", "上下学高峰期学校门口车辆乱停。"), org.jurisdiction)
    assert [(r.unit, r.words, r.source) for r in found] == [
        (org.units.unit_a, ("停车",), "keywords"),
        (org.units.unit_b, ("学校",), "keywords"),
    ]
    assert found[0].score == pytest.approx(2 / 3, abs=1e-4) and found[0].percent == 67
    assert recommend(("关于加强农村饮水安全的建议", ""), org.jurisdiction) == []


def test_training_learns_which_unit_leads_each_matter(history: SimpleNamespace) -> None:
    row = train(history.jurisdiction)
    assert row is not None and row.version == 1
    assert (row.sample_count, row.unit_count, row.method) == (48, 4, "nearest_centroid_tfidf")
    units = units_of(history)
    for n, key in enumerate(units):
        title, body = composed(key, 1000 + n)
        found = recommend((title, body), history.jurisdiction)
        assert found[0].unit == units[key], title
        assert len(found) == 3 and found[0].score > found[1].score >= found[2].score >= 0
        assert 0 < sum(r.score for r in found) <= 1.0001
        item_words = set(segment(title)) | set(segment(body))
        assert found[0].words and all(CHINESE.match(w) and w in item_words for w in found[0].words)
        assert found[0].source == "model"


def test_a_submission_is_recommended_from_its_title_problem_and_advice(history: SimpleNamespace) -> None:
    train(history.jurisdiction)
    title, body = composed("water", 77)
    problem, advice = body.split("\n")
    sub = SubmissionFactory(lead_author=history.deputy, title=title, problem=problem, advice=advice)
    assert recommend(sub, history.jurisdiction.pk, k=1)[0].unit == history.units.water
    assert [r.unit for r in recommend(sub, history.jurisdiction)] == [
        r.unit for r in recommend((title, body), history.jurisdiction)
    ]
    assert recommend(f"{title}\n{body}", history.jurisdiction, k=1)[0].unit == history.units.water
    assert recommend("", history.jurisdiction) == [] and recommend(sub, history.jurisdiction, k=0) == []


def test_the_lead_of_the_latest_formal_round_is_what_is_learned(org: SimpleNamespace) -> None:
    a, b = org.units.unit_a, org.units.unit_b
    moved = SubmissionFactory(lead_author=org.deputy, state="handling")
    AssignmentFactory(submission=moved, unit=a, role="lead", state="cancelled", round=1)
    AssignmentFactory(submission=moved, unit=b, role="lead", state="received", round=2)
    AssignmentFactory(submission=moved, unit=a, role="co", state="received", round=2)
    proposed = SubmissionFactory(lead_author=org.deputy, state="assigning")
    AssignmentFactory(submission=proposed, unit=a, role="sole", state="pre_assigned")
    separate = SubmissionFactory(lead_author=org.deputy, state="handling")
    AssignmentFactory(submission=separate, unit=a, role="separate", state="received")
    samples, top = training_samples(org.jurisdiction.pk)
    assert samples == [(moved.pk, b.pk)]
    assert top == moved.assignments.get(unit=b).pk


def test_only_active_handling_units_of_the_asked_system_are_proposed(history: SimpleNamespace) -> None:
    train(history.jurisdiction)
    title_body = composed("health", 5)
    assert recommend(title_body, history.jurisdiction, k=1)[0].unit == history.units.health
    history.units.health.is_active = False
    history.units.health.save()
    assert history.units.health not in [r.unit for r in recommend(title_body, history.jurisdiction, k=4)]
    history.units.water.system = "party"
    history.units.water.save()
    party = recommend(title_body, history.jurisdiction, system="party")
    assert [r.unit for r in party] == [history.units.water]


def test_keywords_outweigh_a_thin_history(org: SimpleNamespace) -> None:
    add_history(org, 2, seed=4)  # eight items: the model weighs 8 / 108
    train(org.jurisdiction)
    title, body = composed("water", 12)
    assert recommend((title, body), org.jurisdiction, k=1)[0].unit != org.units.unit_b
    UnitKeyword.objects.create(
        jurisdiction=org.jurisdiction, keyword=segment(title)[1], unit=org.units.unit_b
    )
    first = recommend((title, body), org.jurisdiction)[0]
    assert first.unit == org.units.unit_b and first.source == "model+keywords"
    assert first.words[0] == segment(title)[1]


def test_keywords_hardly_move_a_rich_history(history: SimpleNamespace) -> None:
    train(history.jurisdiction)  # 48 items: the model weighs 48 / 148, the keyword table the rest
    title, body = composed("water", 12)
    UnitKeyword.objects.create(
        jurisdiction=history.jurisdiction, keyword="毫不相干", unit=history.units.unit_b
    )
    assert recommend((title, body), history.jurisdiction, k=1)[0].unit == history.units.water


def test_a_stored_model_is_read_once_per_version(history: SimpleNamespace, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    train(history.jurisdiction)
    item = composed("unit_b", 3)
    expected = recommend(item, history.jurisdiction)
    rec.clear_cache()  # another process: it has the rows, not the arrays
    with django_assert_num_queries(4):  # version, arrays, keywords, units
        assert recommend(item, history.jurisdiction) == expected
    with django_assert_num_queries(3):  # version, keywords, units
        assert recommend(item, history.jurisdiction) == expected
    RecommenderModel.objects.update(version=7, trained_at=timezone.now())  # retrained elsewhere
    with django_assert_num_queries(4):
        recommend(item, history.jurisdiction)
    with django_assert_num_queries(3):
        recommend(item, history.jurisdiction)


def test_the_arrays_are_read_back_without_pickle(history: SimpleNamespace) -> None:
    row = train(history.jurisdiction)
    assert row is not None
    stored = CentroidModel.from_bytes(bytes(RecommenderModel.objects.get().arrays))
    fitted = rec.current_model(history.jurisdiction.pk)[0]
    assert fitted is not None and stored.words == fitted.words
    title, body = composed("water", 9)
    for model in (stored, fitted):
        vector = model.vector(segment(title), segment(body), title, body)
        assert model.probabilities(vector).argmax() == list(model.units).index(history.units.water.pk)


def test_a_damaged_model_is_ignored_until_retrained(history: SimpleNamespace) -> None:
    train(history.jurisdiction)
    RecommenderModel.objects.update(arrays=b"not an archive", version=2, trained_at=timezone.now())
    assert rec.current_model(history.jurisdiction.pk) == (None, 0)


def test_a_model_of_another_format_is_ignored_until_retrained(history: SimpleNamespace) -> None:
    train(history.jurisdiction)
    with np.load(io.BytesIO(bytes(RecommenderModel.objects.get().arrays))) as stored:
        arrays = {name: stored[name] for name in stored.files}
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{**arrays, "format": np.array([99])})
    RecommenderModel.objects.update(arrays=buffer.getvalue(), version=2, trained_at=timezone.now())
    rec.clear_cache()
    assert rec.current_model(history.jurisdiction.pk) == (None, 0)
    assert recommend(composed("water", 9), history.jurisdiction) == []
    train(history.jurisdiction)
    assert recommend(composed("water", 9), history.jurisdiction, k=1)[0].unit == history.units.water


def test_new_assignments_retrain_the_model_once_enough_have_accumulated(history: SimpleNamespace) -> None:
    first = retrain_if_stale(history.jurisdiction)  # no model yet: trains
    assert first is not None and first.version == 1
    assert retrain_if_stale(history.jurisdiction) is None
    add_history(history, 4, seed=9)  # 16 new sole assignments
    assert rec.new_since_training(history.jurisdiction.pk) == 16
    assert retrain_if_stale(history.jurisdiction) is None
    add_history(history, 1, seed=10)
    again = retrain_if_stale(history.jurisdiction)
    assert again is not None and (again.version, again.sample_count) == (2, 68)
    assert rec.new_since_training(history.jurisdiction.pk) == 0


def test_another_jurisdictions_history_and_keywords_stay_its_own(
    history: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    train(history.jurisdiction)
    other = UnitFactory(jurisdiction=other_org.jurisdiction, name="合肥市水务局")
    UnitKeyword.objects.create(jurisdiction=other_org.jurisdiction, keyword="供水", unit=other)
    found = recommend(composed("water", 21), history.jurisdiction)
    assert other not in [r.unit for r in found]
    assert [r.unit for r in recommend(composed("water", 21), other_org.jurisdiction)] == [other]


def test_only_the_offices_assigning_an_item_see_its_recommendations(history: SimpleNamespace) -> None:
    train(history.jurisdiction)
    title, body = composed("health", 31)
    sub = SubmissionFactory(lead_author=history.deputy, title=title, problem=body, state="registered")
    users = history.users
    assert recommendations_for(users.registry, sub)[0].unit == history.units.health
    assert recommendations_for(users.coordinator, sub) == []  # not sent to the government system yet
    for user in (users.liaison, users.deputy, users.leader, users.cppcc_registry, users.system_admin):
        assert recommendations_for(user, sub) == [], user
    sub.system = "government"
    history.units.water.system = "party"
    history.units.water.save()
    found = recommendations_for(users.coordinator, sub, k=4)
    assert found[0].unit == history.units.health and history.units.water not in [r.unit for r in found]
    assert recommendations_for(users.party_coordinator, sub) == []


def test_a_keyword_must_name_a_handling_unit_of_its_jurisdiction(
    org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    cases = [
        (UnitKeyword(jurisdiction=org.jurisdiction, keyword="  ", unit=org.units.unit_a), "请填写关键词。"),
        (UnitKeyword(jurisdiction=org.jurisdiction, keyword="停车", unit=other_org.units.unit_a), "不属于"),
        (
            UnitKeyword(jurisdiction=org.jurisdiction, keyword="停车", unit=org.units.gov_office),
            "只能选择承办单位",
        ),
    ]
    for keyword, message in cases:
        with pytest.raises(ValidationError) as error:
            keyword.full_clean()
        assert message in str(error.value)
    good = UnitKeyword(jurisdiction=org.jurisdiction, keyword=" 停车 ", unit=org.units.unit_a)
    good.full_clean()
    assert good.keyword == "停车"
