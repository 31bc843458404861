"""The demo city's past years: realistic volumes, texts that read like suggestions and never name the unit
that handled them, deterministic, and a composer a load generator can reuse."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from banli.core import demo
from banli.core.demo_history import all_topics, compose, topics_of
from banli.core.demo_history import units as u
from banli.core.demo_history.plan import SYSTEM_OF, YEARS, history

HANDLING = [name for name, _short, _system in demo.HANDLING_UNITS]
CATEGORIES = {name for name, _c, children in demo.CATEGORIES for name in (name, *children)}


def unit_names() -> set[str]:
    """Every way a text could name a handling unit: full and short names, with and without 市."""
    names: set[str] = set()
    for name, short, _system in demo.HANDLING_UNITS:
        for n in (name, short):
            if n:
                names |= {n, n.removeprefix("市")}
    return names


def test_every_unit_constant_is_a_demo_handling_unit_and_every_unit_has_topics() -> None:
    constants = {v for k, v in vars(u).items() if k.isupper() and isinstance(v, str)}
    assert constants == set(HANDLING)
    for name in HANDLING:
        assert topics_of(name), name


def test_topics_are_well_formed() -> None:
    keys = [t.key for t in all_topics()]
    assert len(keys) == len(set(keys)), "topic keys are unique"
    for topic in all_topics():
        assert topic.category in CATEGORIES, topic.key
        assert set(topic.units) | set(topic.partners) <= set(HANDLING), topic.key
        assert len(topic.titles) >= 2 and topic.context and len(topic.problems) >= 2, topic.key
        assert len(topic.advice) >= 3, topic.key
        for clause in topic.advice:
            assert not clause.endswith(("。", "；", "，")), f"{topic.key}: {clause}"
    shared = [t for t in all_topics() if len(t.units) > 1]
    assert len(shared) >= 20, "some matters are led by one unit one year and by another the next"


def test_compose_is_deterministic_and_writes_a_suggestion_or_a_proposal() -> None:
    first = compose(u.HOUSING, random.Random(7), kind="proposal")
    again = compose(u.HOUSING, random.Random(7), kind="proposal")
    assert first == again
    assert first.title.startswith("关于") and first.title.endswith("的提案")
    assert compose(u.WATER, random.Random(1)).title.endswith("的建议")
    assert first.topic in topics_of(u.HOUSING)
    assert first.problem.endswith("。") and first.advice.endswith("。")
    assert "{" not in first.title + first.problem + first.advice


def test_compose_varies_the_wording_of_one_matter() -> None:
    rng = random.Random(3)
    topic = topics_of(u.EDU)[0]
    texts = [compose(u.EDU, rng, topic=topic) for _ in range(30)]
    assert len({t.problem for t in texts}) >= 25
    assert len({t.advice for t in texts}) >= 25
    styles = {next(s for s in ("是", "（一）", "1.", "建议") if s in t.advice) for t in texts}
    assert len(styles) >= 3, "numbered 一是…, （一）…, 1.… and plain prose"


def test_history_has_a_citys_volumes_for_four_years() -> None:
    items = history()
    per_year = Counter(i.year for i in items)
    assert sorted(per_year) == list(YEARS) == [2022, 2023, 2024, 2025]
    assert all(250 <= n <= 350 for n in per_year.values()), per_year
    sessions = Counter((i.year, i.assembly) for i in items)
    for (year, kind), count in sessions.items():
        numbers = sorted(i.number for i in items if (i.year, i.assembly) == (year, kind))
        assert numbers == list(range(1, count + 1)), "numbered 1..N per session and kind"


def test_about_forty_percent_are_co_handled_within_the_leads_system() -> None:
    items = history()
    co = [i for i in items if len(i.units) > 1]
    assert 0.35 <= len(co) / len(items) <= 0.45
    for item in co:
        assert len(item.units) <= 3 and len(set(item.units)) == len(item.units)
        assert {SYSTEM_OF[name] for name in item.units} == {SYSTEM_OF[item.units[0]]}


def test_every_unit_leads_some_items_and_the_big_ones_many() -> None:
    leads = Counter(i.units[0] for i in history())
    assert set(leads) == set(HANDLING)
    assert leads[u.HOUSING] > 80 and leads[u.UNITED_FRONT] >= 3


def test_texts_never_name_a_handling_unit() -> None:
    names = unit_names()
    for item in history():
        text = item.title + item.problem + item.advice
        assert not [n for n in names if n in text], item.title


def test_texts_are_chinese_with_problem_and_advice() -> None:
    for item in history():
        assert re.fullmatch(r"关于.+的(建议|提案)", item.title)
        assert 40 <= len(item.problem) <= 400 and 20 <= len(item.advice) <= 400, item.title
        assert item.category in CATEGORIES


def test_times_lie_in_the_items_year_in_order() -> None:
    for item in history():
        assert item.submitted_at.year == item.year
        assert item.submitted_at < item.registered_at < item.assigned_at <= item.received_at
        assert item.received_at.year == item.year


def test_history_is_the_same_every_time() -> None:
    before = history()
    history.cache_clear()
    assert history() == before


@pytest.mark.parametrize("unit", [u.COURT, u.POWER, u.ORG])
def test_small_units_have_their_own_matters(unit: str) -> None:
    text = compose(unit, random.Random(5))
    assert text.topic.units[0] == unit or unit in text.topic.units
