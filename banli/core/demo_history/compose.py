"""One realistic suggestion or proposal for a unit: title (案由), 问题 and 建议, from the unit's topics.

A :class:`Topic` is the material of one recurring matter of a unit (老旧小区改造, 农村饮水…): a few ways
to name it, sentences about the situation and its problems, and clauses of advice. :func:`compose`
picks a topic, a place of 宿州, some sentences and clauses, and one of several ways of writing them up,
so that items on the same matter read differently. A topic may name several units that lead it: real
items on 停车 or 城市内涝 go to one unit one year and to another the next.

Deterministic for a given ``random.Random``; reused by the load generator of the performance tests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from banli.core.demo_history.units import COUNTIES, TOWNS


@dataclass(frozen=True)
class Topic:
    """The material of one recurring matter. Texts may hold ``{county}``, ``{town}`` and ``{place}``."""

    key: str
    #: The units that lead items on it, the usual one first; the others lead it now and then.
    units: tuple[str, ...]
    category: str
    titles: tuple[str, ...]  # what goes between 关于 and 的建议
    context: tuple[str, ...]  # the opening sentence: the situation
    problems: tuple[str, ...]  # sentences: what is wrong
    advice: tuple[str, ...]  # clauses without ordinal or final punctuation
    partners: tuple[str, ...] = ()  # units that usually co-handle it
    places: tuple[str, ...] = ()  # what ``{place}`` may be; the county when empty
    weight: float = 1.0


@dataclass(frozen=True)
class Composed:
    """One generated item: its text, category and the topic it came from."""

    title: str
    problem: str
    advice: str
    category: str
    topic: Topic


OPENERS = ("", "", "近年来，", "当前，", "调研中发现，", "据了解，", "从基层调研情况看，", "群众普遍反映，")
#: An opener goes only before a plain statement of the situation (我市…, 城区…, 砀山县…).
_OPENS_PLAINLY = ("我市", "城区", "农村", "部分", *COUNTIES, *(t for towns in TOWNS.values() for t in towns))
#: Titles whose matter starts with one of these verbs now and then say 进一步 first: 关于进一步加强…
_FURTHER = ("加强", "加快", "推进", "完善", "优化", "提升", "规范", "推动", "深化", "做好")
CLOSINGS = (
    "", "", "", "",
    "这些问题亟待研究解决。",
    "上述问题在一定程度上影响了群众的获得感和满意度。",
    "群众对此反映较为强烈。",
    "这些问题制约了相关工作的深入推进。",
    "如不及时加以解决，将影响群众切身利益。",
)  # fmt: skip
#: Advice any item may carry, whatever its matter: noise the recommender must see through.
GENERIC_ADVICE = (
    "加强部门协同配合，形成工作合力",
    "加大财政资金投入，建立稳定的经费保障机制",
    "将相关工作纳入年度目标考核，压实各方责任",
    "加强宣传引导，提高群众知晓率和参与度",
    "开展专项调研，摸清底数、建立台账",
    "学习借鉴先进地区经验做法，结合我市实际抓好落实",
    "建立长效管理机制，防止问题反弹",
    "畅通群众意见反映渠道，及时回应社会关切",
)
ORDINALS = "一二三四五六"
ADVICE_PREFIXES = ("建议：", "为此建议：", "对此，建议：", "", "")


def _fill(text: str, slots: dict[str, str]) -> str:
    return text.format(**slots) if "{" in text else text


def _problem(topic: Topic, rng: random.Random, slots: dict[str, str]) -> str:
    context = _fill(rng.choice(topic.context), slots)
    opener = rng.choice(OPENERS)
    if opener and context.startswith(_OPENS_PLAINLY):
        context = opener + context
    count = min(len(topic.problems), rng.choice((2, 2, 3, 3, 4)))
    sentences = [_fill(s, slots) for s in rng.sample(topic.problems, count)]
    return context + "".join(sentences) + rng.choice(CLOSINGS)


def _advice(topic: Topic, rng: random.Random, slots: dict[str, str]) -> str:
    count = min(len(topic.advice), rng.choice((2, 3, 3, 3, 4, 4)))
    clauses = [_fill(c, slots) for c in rng.sample(topic.advice, count)]
    if rng.random() < 0.35:
        clauses.append(rng.choice(GENERIC_ADVICE))
    style = rng.random()
    if style < 0.55:
        numbered = "；".join(f"{ORDINALS[i]}是{c}" for i, c in enumerate(clauses))
        return f"{rng.choice(ADVICE_PREFIXES)}{numbered}。"
    if style < 0.75:
        return "".join(f"（{ORDINALS[i]}）{c}。" for i, c in enumerate(clauses))
    if style < 0.85:
        return "".join(f"{i + 1}.{c}{'。' if i == len(clauses) - 1 else '；'}" for i, c in enumerate(clauses))
    return f"建议{'；'.join(clauses)}。"


def compose(
    unit: str, rng: random.Random, *, kind: str = "suggestion", topic: Topic | None = None
) -> Composed:
    """A new item on one of ``unit``'s topics (or on ``topic``): title, 问题, 建议 and category.

    ``kind`` is ``suggestion`` (…的建议) or ``proposal`` (…的提案). Consumes ``rng``; changes nothing else.
    Raises ``KeyError`` for a unit without topics.
    """
    if topic is None:
        choices = topics_of(unit)
        weights = [t.weight * (1.0 if t.units[0] == unit else 0.6) for t in choices]
        topic = rng.choices(choices, weights=weights)[0]
    county = rng.choice(COUNTIES)
    slots = {"county": county, "town": rng.choice(TOWNS[county])}
    slots["place"] = rng.choice(topic.places) if topic.places else county
    ending = "提案" if kind == "proposal" else "建议"
    matter = _fill(rng.choice(topic.titles), slots)
    if matter.startswith(_FURTHER) and rng.random() < 0.25:
        matter = f"进一步{matter}"
    title = f"关于{matter}的{ending}"
    return Composed(
        title=title,
        problem=_problem(topic, rng, slots),
        advice=_advice(topic, rng, slots),
        category=topic.category,
        topic=topic,
    )


@cache
def all_topics() -> tuple[Topic, ...]:
    """Every topic of the demo city, in a fixed order."""
    from banli.core.demo_history import (
        material_business,
        material_city,
        material_economy,
        material_rural,
        material_safety,
        material_society,
        material_transport,
        material_welfare,
    )

    return (
        *material_economy.TOPICS,
        *material_business.TOPICS,
        *material_city.TOPICS,
        *material_transport.TOPICS,
        *material_safety.TOPICS,
        *material_society.TOPICS,
        *material_welfare.TOPICS,
        *material_rural.TOPICS,
    )


@cache
def _by_unit() -> dict[str, tuple[Topic, ...]]:
    units: dict[str, list[Topic]] = {}
    for topic in all_topics():
        for unit in topic.units:
            units.setdefault(unit, []).append(topic)
    return {unit: tuple(topics) for unit, topics in units.items()}


def topics_of(unit: str) -> tuple[Topic, ...]:
    """The topics ``unit`` leads, its own first. ``KeyError`` when it has none."""
    return _by_unit()[unit]


def units_with_topics() -> tuple[str, ...]:
    """Every unit that leads some topic."""
    return tuple(_by_unit())
