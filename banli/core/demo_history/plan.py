"""The demo city's past years as plain data: every suggestion and proposal of the sessions 2022–2025.

Each year the NPC session brings 150–185 suggestions and the CPPCC session 110–145 proposals (a city's
volumes, domain.md §3), handed in during the session, registered and numbered a few days after it, and
assigned to the units within a month. Every item has a lead (or sole) unit, chosen by how much each unit
usually handles; about 40% also have one or two co-handlers. Deterministic: the same list every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache

from banli.core import demo
from banli.core.demo_history import units as u
from banli.core.demo_history.compose import compose
from banli.core.models.org import AssemblyKind

YEARS = (2022, 2023, 2024, 2025)
#: (fewest, most) items per session: NPC suggestions, CPPCC proposals.
VOLUMES = {AssemblyKind.NPC: (150, 185), AssemblyKind.CPPCC: (110, 145)}
#: Chance that an item whose topic has partners in its lead's system gets one or two co-handlers (≈40% of all).
CO_HANDLED = 0.5

#: Chance that an item goes to one of its topic's partners to lead rather than to the usual unit: the
#: coordinators' judgement on the particular item, which no text model can fully follow.
PARTNER_LEADS = 0.06

#: How much of a year's items each unit leads (relative weights).
UNIT_SHARE: dict[str, float] = {
    u.HOUSING: 9, u.AGRI: 9, u.EDU: 8.5, u.HEALTH: 6.5, u.TRANSPORT: 6, u.URBAN: 6, u.CIVIL: 5.5,
    u.DRC: 5.5, u.HRSS: 5, u.POLICE: 4.5, u.ENV: 4, u.LAND: 3.5, u.WATER: 3.5, u.CULTURE: 3.5,
    u.ECON: 3.5, u.COMMERCE: 3, u.MARKET: 3, u.MEDICARE: 3, u.DATA: 2.5, u.SCI: 2, u.FIN: 2,
    u.EMERGENCY: 1.5, u.JUSTICE: 1.2, u.POWER: 1.2, u.FOREST: 1, u.VETERANS: 1, u.COOP: 0.8,
    u.ORG: 0.8, u.PROPAGANDA: 0.7, u.COURT: 0.7, u.PROCURATORATE: 0.7, u.UNITED_FRONT: 0.7,
}  # fmt: skip


@dataclass(frozen=True)
class HistoryItem:
    """One handled item of a past session."""

    year: int
    session: int  # number of the session (六届N次会议)
    assembly: str  # AssemblyKind
    number: int  # 第N号, per session and kind, in order of submission
    author: int  # index into demo.people().members[assembly]
    title: str
    problem: str
    advice: str
    category: str
    units: tuple[str, ...]  # the lead (or sole) unit first, then the co-handlers
    submitted_at: dt.datetime
    registered_at: dt.datetime
    assigned_at: dt.datetime
    received_at: dt.datetime

    @property
    def kind(self) -> str:
        return "suggestion" if self.assembly == AssemblyKind.NPC else "proposal"


def _at(
    day: dt.date, rng: random.Random, *, earliest: int = 8 * 60 + 30, latest: int = 17 * 60 + 30
) -> dt.datetime:
    """A moment of office hours on ``day``, between ``earliest`` and ``latest`` minutes after midnight,
    in the project's time zone (Asia/Shanghai)."""
    from django.utils import timezone

    minutes = rng.randrange(earliest, latest)
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    return timezone.make_aware(naive)


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


#: The system (government, party, court…) of each handling unit.
SYSTEM_OF: dict[str, str] = {name: str(system) for name, _short, system in demo.HANDLING_UNITS}


def _partner_lead(lead: str, partners: tuple[str, ...], rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """A partner of the same system leads instead (the item stressed its side of the matter); the usual
    lead becomes a co-handler candidate. Unchanged when the topic has no such partner."""
    others = [p for p in dict.fromkeys(partners) if p != lead and SYSTEM_OF[p] == SYSTEM_OF[lead]]
    if not others:
        return lead, partners
    chosen = rng.choice(others)
    return chosen, (lead, *(p for p in partners if p != chosen))


def _co_handlers(lead: str, partners: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """None, or one or two of the topic's partners in the lead's system."""
    system = SYSTEM_OF[lead]
    candidates = list(dict.fromkeys(p for p in partners if p != lead and SYSTEM_OF[p] == system))
    if not candidates or rng.random() >= CO_HANDLED:
        return ()
    count = 2 if len(candidates) > 1 and rng.random() < 0.3 else 1
    return tuple(rng.sample(candidates, count))


def _session_items(year: int, kind: str, rng: random.Random) -> list[HistoryItem]:
    number, _name, npc_opens, npc_closes = next(s for s in demo.SESSIONS if s[2].year == year)
    earlier = dt.timedelta(days=1 if kind == AssemblyKind.CPPCC else 0)  # 政协 opens the day before
    opens, closes = npc_opens - earlier, npc_closes - earlier
    registered = _workday(closes + dt.timedelta(days=rng.randint(5, 12)))
    assigned = _workday(registered + dt.timedelta(days=rng.randint(10, 20)))  # the assignment meeting
    assigned_at = _at(assigned, rng, earliest=9 * 60 + 30, latest=9 * 60 + 31)  # the meeting's morning
    authors = len(demo.people().members[kind])
    prolific = [1.0 + 3.0 * (i % 7 == 0) for i in range(authors)]  # a few write many
    units, shares = list(UNIT_SHARE), list(UNIT_SHARE.values())
    drafts = []
    for _ in range(rng.randint(*VOLUMES[kind])):
        lead = rng.choices(units, weights=shares)[0]
        text = compose(lead, rng, kind="proposal" if kind == AssemblyKind.CPPCC else "suggestion")
        partners = (*text.topic.units, *text.topic.partners)
        if rng.random() < PARTNER_LEADS:
            lead, partners = _partner_lead(lead, partners, rng)
        day = opens + dt.timedelta(days=min(rng.randint(0, (closes - opens).days + 2), (closes - opens).days))
        received = _workday(assigned + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3))))
        received_at = _at(received, rng, earliest=10 * 60 if received == assigned else 8 * 60 + 30)
        drafts.append(
            (
                _at(day, rng),
                rng.choices(range(authors), weights=prolific)[0],
                text,
                (lead, *_co_handlers(lead, partners, rng)),
                received_at,
            )
        )
    drafts.sort(key=lambda d: d[0])
    return [
        HistoryItem(
            year=year,
            session=number,
            assembly=kind,
            number=n,
            author=author,
            title=text.title,
            problem=text.problem,
            advice=text.advice,
            category=text.category,
            units=handling,
            submitted_at=submitted_at,
            registered_at=_at(registered, rng),
            assigned_at=assigned_at,
            received_at=received_at,
        )
        for n, (submitted_at, author, text, handling, received_at) in enumerate(drafts, start=1)
    ]


@cache
def history() -> tuple[HistoryItem, ...]:
    """Every past item, by year, NPC before CPPCC, in number order. Titles repeat rarely, as in life."""
    items: list[HistoryItem] = []
    for year in YEARS:
        for kind in (AssemblyKind.NPC, AssemblyKind.CPPCC):
            items += _session_items(year, kind, random.Random(demo.SEED * 100 + year * 2 + (kind == "cppcc")))
    return tuple(items)
