"""Small handling histories for the recommender tests: items written by the demo's composer, each led by
a unit of the test organisation standing for a demo unit."""

from __future__ import annotations

import random
from types import SimpleNamespace

from banli.core.demo_history import compose, topics_of
from banli.core.demo_history import units as demo_units
from banli.core.models import Unit
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory, UnitFactory
from banli.submissions.models import Submission

#: The matters each test unit stands for (a demo unit's own topics).
STANDS_FOR = {
    "unit_a": demo_units.DRC,
    "unit_b": demo_units.EDU,
    "water": demo_units.WATER,
    "health": demo_units.HEALTH,
}


def units_of(org: SimpleNamespace) -> dict[str, Unit]:
    """The organisation's two handling units and two more, all of the government system."""
    j = org.jurisdiction
    if not hasattr(org.units, "water"):
        org.units.water = UnitFactory(jurisdiction=j, name=f"{j.name}水利局", system="government")
        org.units.health = UnitFactory(jurisdiction=j, name=f"{j.name}卫生健康委员会", system="government")
    return {key: getattr(org.units, key) for key in STANDS_FOR}


def own_topics(key: str) -> list:  # type: ignore[type-arg]
    unit = STANDS_FOR[key]
    return [t for t in topics_of(unit) if t.units[0] == unit]


def composed(key: str, seed: int) -> tuple[str, str]:
    """(title, body) of a fresh item on one of the matters of test unit ``key``."""
    rng = random.Random(seed)
    text = compose(STANDS_FOR[key], rng, topic=rng.choice(own_topics(key)))
    return text.title, f"{text.problem}\n{text.advice}"


def add_history(
    org: SimpleNamespace, per_unit: int, *, seed: int = 1, role: str = "sole", state: str = "replied"
) -> list[Submission]:
    """``per_unit`` handled items led by each of the four units (their own matters), one year."""
    rng = random.Random(seed)
    items = []
    for key, unit in units_of(org).items():
        for _ in range(per_unit):
            text = compose(STANDS_FOR[key], rng, topic=rng.choice(own_topics(key)))
            sub = SubmissionFactory(
                lead_author=org.deputy,
                title=text.title,
                problem=text.problem,
                advice=text.advice,
                state="closed",
                year=2024,
                system="government",
            )
            AssignmentFactory(submission=sub, unit=unit, role=role, state=state)
            items.append(sub)
    return items
