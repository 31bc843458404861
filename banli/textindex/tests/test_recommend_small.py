"""A new jurisdiction with a handful of handled items: the recommender learns from the words that tell
them apart, explains itself with them, and does not call a guess from one item a unit certain."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from scipy import sparse

from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.textindex import centroids
from banli.textindex import recommend as rec
from banli.textindex.recommend import recommend, train
from banli.textindex.tests.history import add_history, composed, units_of

pytestmark = pytest.mark.django_db

SCHOOLS = (
    "关于新建城区中小学校化解大班额的建议",
    "城区中小学校学位紧张，大班额问题突出。",
    "加快新建和改扩建城区中小学校，增加学位供给。",
)
PROJECTS = (
    "关于加快重大项目谋划储备的建议",
    "我市重大项目储备不足，前期工作滞后。",
    "建立重大项目库，加强项目前期经费保障。",
)


def handled(org: SimpleNamespace, text: tuple[str, str, str], unit: object, number: int) -> None:
    title, problem, advice = text
    sub = SubmissionFactory(
        lead_author=org.other_deputy,
        state="closed",
        year=2025,
        number=number,
        system="government",
        title=title,
        problem=problem,
        advice=advice,
    )
    AssignmentFactory(submission=sub, unit=unit, role="sole", state="replied")


def test_two_items_two_units(org: SimpleNamespace) -> None:
    handled(org, SCHOOLS, org.units.unit_b, 17)
    handled(org, PROJECTS, org.units.unit_a, 18)
    train(org.jurisdiction)
    recs = recommend(
        ("关于加快城区中小学校建设缓解大班额问题的建议", "城区学校大班额现象普遍，学位供给不足。"),
        org.jurisdiction.pk,
    )
    assert recs[0].unit == org.units.unit_b  # the school item's unit (教育局)
    assert "大班额" in recs[0].words
    assert [r.unit for r in recs] == [org.units.unit_b, org.units.unit_a]
    assert recs[0].score > recs[1].score and sum(r.score for r in recs) == pytest.approx(1, abs=1e-3)
    projects = recommend(("关于加快水利项目前期工作的建议", "水利项目储备不足。"), org.jurisdiction)
    assert projects[0].unit == org.units.unit_a and "储备" in projects[0].words


def test_words_of_a_single_training_item_are_learned_and_stored(org: SimpleNamespace) -> None:
    handled(org, SCHOOLS, org.units.unit_b, 17)
    handled(org, PROJECTS, org.units.unit_a, 18)
    row = train(org.jurisdiction)
    assert row is not None and (row.sample_count, row.unit_count) == (2, 2)
    model = centroids.CentroidModel.from_bytes(bytes(row.arrays))
    assert {"大班额", "学位", "重大项目", "储备"} <= set(model.words)
    # one item a unit: nothing can be held out, so the temperature is the prior's, not the sharpest
    assert model.temperature == centroids.PRIOR_TEMPERATURE


def test_a_freshly_trained_model_is_used_without_reading_it_back(
    org: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    handled(org, SCHOOLS, org.units.unit_b, 17)
    handled(org, PROJECTS, org.units.unit_a, 18)
    train(org.jurisdiction)
    question = ("关于化解大班额的建议", "学位紧张。")
    with django_assert_num_queries(3):  # the model's version, the keywords, the units
        assert recommend(question, org.jurisdiction)[0].unit == org.units.unit_b
    rec.clear_cache()
    with django_assert_num_queries(4):  # and the arrays, once
        assert recommend(question, org.jurisdiction)[0].unit == org.units.unit_b


@pytest.mark.parametrize(("per_unit", "right"), [(1, 20), (3, 30)])
def test_a_handful_of_items_a_unit_already_points_the_right_way(
    org: SimpleNamespace, per_unit: int, right: int
) -> None:
    add_history(org, per_unit, seed=per_unit)
    train(org.jurisdiction)
    units = units_of(org)
    asked = [(key, seed) for key in units for seed in range(10)]
    firsts = [recommend(composed(key, 500 + seed), org.jurisdiction)[0] for key, seed in asked]
    hits = sum(r.unit == units[key] for r, (key, _seed) in zip(firsts, asked, strict=True))
    assert hits >= right  # of 40; a guess among four units would hit 10
    assert all(r.words for r in firsts)
    # the scores say how sure the model may be: on average no surer than it is right, give or take
    assert np.mean([r.score for r in firsts]) < hits / 40 + 0.1


def test_the_temperature_of_a_few_held_out_items_is_drawn_towards_the_prior() -> None:
    # two units of two items each, every item predicted right when held out: the likelihood alone
    # would take the sharpest temperature of the grid
    vectors = sparse.csr_matrix(np.array([[1.0, 0], [1.0, 0], [0, 1.0], [0, 1.0]]))
    y = np.array([0, 0, 1, 1])
    sums = sparse.csr_matrix(np.array([[2.0, 0], [0, 2.0]]))
    counts = np.array([2, 2])
    temperature = centroids._fit_temperature(vectors, y, sums, counts)
    sharpest = centroids.TEMPERATURES[0]
    expected = np.exp(
        (4 * np.log(sharpest) + centroids.PRIOR_ITEMS * np.log(centroids.PRIOR_TEMPERATURE))
        / (4 + centroids.PRIOR_ITEMS)
    )
    assert temperature == pytest.approx(expected)
    assert sharpest < temperature < centroids.PRIOR_TEMPERATURE
    # one item a unit: only the prior
    single = centroids._fit_temperature(
        vectors[[0, 2]], np.array([0, 1]), sparse.csr_matrix(np.eye(2)), np.array([1, 1])
    )
    assert single == centroids.PRIOR_TEMPERATURE
