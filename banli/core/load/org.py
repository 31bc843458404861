"""The organisation a load is generated into: the demo city (``load_demo``) grown to the scale's size.

Earlier terms of both assemblies and their yearly sessions back to the first year, more handling units
(the district's, counties' and development zones' bureaus, each taking its texts from the city bureau of the
same name), a liaison and a handler in each new unit, and deputies and members up to the scale's count.
Everything is keyed on natural names, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings

from banli.core import demo
from banli.core.demo_history import units as u
from banli.core.models import (
    Assembly,
    AssemblyKind,
    Category,
    Jurisdiction,
    Member,
    Role,
    RoleCode,
    Session,
    Unit,
    UnitKind,
    User,
)

#: Places whose bureaus join the city's own as handling units.
PLACES = ("埇桥区", "砀山县", "萧县", "灵璧县", "泗县", "宿州经开区", "宿州高新区", "宿马园区")
#: Term of the current assemblies (demo.ASSEMBLIES) and its first year; earlier terms run five years each.
CURRENT_TERM, CURRENT_FIRST_YEAR = 6, 2022
LAST_YEAR = 2026
TERM_NAMES = "一二三四五六七八九十"
#: Usernames of the accounts the load creates (their presence tells that a load was written).
LOAD_ACCOUNT_PREFIX = "load-"


@dataclass
class LoadOrg:
    jurisdiction: Jurisdiction
    assemblies: dict[tuple[str, int], Assembly]  # (kind, term)
    sessions: dict[tuple[str, int], Session]  # (kind, year)
    units: list[Unit]  # handling units
    prefix: str  # how the jurisdiction's own organs' names begin (the others are its districts')
    base_of: dict[int, str]  # unit id → the city unit whose texts it uses
    same_system: dict[str, list[Unit]]
    categories: dict[str, Category]
    members: dict[tuple[str, int], list[Member]]  # (kind, term)
    staff: dict[tuple[int, str], User]  # (unit id, role code)
    office_staff: dict[str, User]  # registry kind or coordinator system → a staff member
    demo_authors: dict[str, Member] = field(default_factory=dict)  # kind → the demo login's membership


def local(prefix: str, city_name: str) -> str:
    """The name of the city organ ``市…`` in a place whose names begin with ``prefix``."""
    return prefix + city_name.removeprefix("市")


def term_of(year: int) -> int:
    return CURRENT_TERM - (CURRENT_FIRST_YEAR + 4 - year) // 5 if year < CURRENT_FIRST_YEAR else CURRENT_TERM


def build_org(
    first_year: int,
    handling_units: int,
    members: int,
    rng: random.Random,
    jurisdiction: Jurisdiction | None = None,
    prefix: str = "市",
) -> LoadOrg:
    """Grow the demo city to the scale (or, given ``jurisdiction``, another of the province's, whose
    organs' names begin with ``prefix``); ``load_demo`` must have run. Runs in the caller's transaction."""
    j = jurisdiction or Jurisdiction.objects.get(code=settings.BANLI_JURISDICTION)
    home = j.code == settings.BANLI_JURISDICTION
    assemblies = _assemblies(j, first_year)
    sessions = _sessions(assemblies, first_year)
    units, base_of = _units(j, handling_units, prefix, home)
    staff = _staff(j, units)
    members_by = _members(assemblies, members, rng)
    office_staff: dict[str, User] = {}
    for role in Role.objects.filter(
        jurisdiction=j, code__in=[RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF]
    ).select_related("unit", "user"):
        assert role.unit is not None
        key = role.unit.assembly_kind if role.code == RoleCode.REGISTRY_STAFF else role.unit.system
        office_staff.setdefault(key, role.user)
    same_system: dict[str, list[Unit]] = {}
    for unit in units:
        same_system.setdefault(unit.system, []).append(unit)
    demo_authors = {
        m.assembly.kind: m
        for m in Member.objects.filter(
            assembly__jurisdiction=j, user__username__in=("daibiao", "weiyuan"), assembly__term=CURRENT_TERM
        ).select_related("assembly")
    }
    return LoadOrg(
        jurisdiction=j,
        assemblies=assemblies,
        sessions=sessions,
        units=units,
        prefix=prefix,
        base_of=base_of,
        same_system=same_system,
        categories={c.name: c for c in Category.objects.filter(jurisdiction=j)},
        members=members_by,
        staff=staff,
        office_staff=office_staff,
        demo_authors=demo_authors,
    )


def _assemblies(j: Jurisdiction, first_year: int) -> dict[tuple[str, int], Assembly]:
    out = {}
    for kind in (AssemblyKind.NPC, AssemblyKind.CPPCC):
        for term in range(term_of(first_year), CURRENT_TERM + 1):
            start = CURRENT_FIRST_YEAR - 5 * (CURRENT_TERM - term)
            ordinal = TERM_NAMES[term - 1]
            name = (
                f"{j.name}第{ordinal}届人民代表大会"
                if kind == AssemblyKind.NPC
                else f"政协{j.name}第{ordinal}届委员会"
            )
            short = f"{j.short_name}{ordinal}届{'人大' if kind == AssemblyKind.NPC else '政协'}"
            out[(kind, term)], _ = Assembly.objects.get_or_create(
                jurisdiction=j,
                kind=kind,
                term=term,
                defaults={
                    "name": name,
                    "short_name": short,
                    "start_year": start,
                    "end_year": start + 4,
                    "is_current": term == CURRENT_TERM,
                },
            )
    return out


def _sessions(assemblies: dict[tuple[str, int], Assembly], first_year: int) -> dict[tuple[str, int], Session]:
    out = {}
    for year in range(first_year, LAST_YEAR + 1):
        term = term_of(year)
        number = year - (CURRENT_FIRST_YEAR - 5 * (CURRENT_TERM - term)) + 1
        # The sessions open in the second week of January; CPPCC the day before the NPC.
        opens = dt.date(year, 1, 6 + (year * 7) % 6)
        for kind in (AssemblyKind.NPC, AssemblyKind.CPPCC):
            earlier = dt.timedelta(days=1 if kind == AssemblyKind.CPPCC else 0)
            name = f"{TERM_NAMES[term - 1]}届{TERM_NAMES[number - 1]}次会议"
            out[(kind, year)], _ = Session.objects.get_or_create(
                assembly=assemblies[(kind, term)],
                number=number,
                defaults={
                    "name": name,
                    "opens_on": opens - earlier,
                    "closes_on": opens + dt.timedelta(days=3) - earlier,
                },
            )
    return out


def _units(
    j: Jurisdiction, handling_units: int, prefix: str, home: bool
) -> tuple[list[Unit], dict[int, str]]:
    """The demo city's units and its districts' bureaus; elsewhere, the place's own bureaus named after
    the city's (``市教育局`` → ``合肥市教育局``), each writing on its city namesake's topics."""
    city = {name: system for name, _short, system in demo.HANDLING_UNITS}
    with_texts = [name for name in city if name in u.__dict__.values()]
    wanted: list[tuple[str, str, str]] = []  # (name, base, system)
    if home:
        for place in PLACES:
            for base in with_texts:
                if city[base] == demo.G and base.startswith("市"):
                    wanted.append((f"{place}{base[1:]}", base, str(city[base])))
        wanted = wanted[: max(0, handling_units - len(city))]
    else:
        wanted = [(local(prefix, b), b, str(city[b])) for b in with_texts if b.startswith("市")][
            :handling_units
        ]
        city = {}
    existing = set(Unit.objects.filter(jurisdiction=j).values_list("name", flat=True))
    Unit.objects.bulk_create(
        [
            Unit(jurisdiction=j, name=name, kind=UnitKind.HANDLING, system=system, sort=1000 + i)
            for i, (name, _base, system) in enumerate(wanted)
            if name not in existing
        ]
    )
    base_by_name = {name: name for name in city} | {name: base for name, base, _s in wanted}
    units = list(
        Unit.objects.filter(jurisdiction=j, kind=UnitKind.HANDLING, name__in=base_by_name).order_by(
            "sort", "pk"
        )
    )
    return units, {unit.pk: base_by_name[unit.name] for unit in units}


def _staff(j: Jurisdiction, units: list[Unit]) -> dict[tuple[int, str], User]:
    """A liaison and a handler in every unit that has none (accounts that cannot log in)."""
    codes = (RoleCode.LIAISON, RoleCode.HANDLER)
    have = {(r.unit_id, r.code) for r in Role.objects.filter(unit__in=units, code__in=codes)}
    users, roles = [], []
    for unit in units:
        for code in codes:
            if (unit.pk, code) not in have:
                user = User(
                    username=f"{LOAD_ACCOUNT_PREFIX}{unit.pk}-{code}",
                    full_name=f"{unit.name}{code}",
                    jurisdiction=j,
                    password="!",
                )
                users.append(user)
                roles.append((user, code, unit))
    User.objects.bulk_create(users)
    stored = {x.username: x for x in User.objects.filter(username__in=[x.username for x in users])}
    Role.objects.bulk_create(
        [Role(user=stored[user.username], code=code, jurisdiction=j, unit=unit) for user, code, unit in roles]
    )
    out: dict[tuple[int, str], User] = {}
    for role in Role.objects.filter(unit__in=units, code__in=codes).select_related("user").order_by("pk"):
        assert role.unit_id is not None
        out.setdefault((role.unit_id, role.code), role.user)
    return out


def _members(
    assemblies: dict[tuple[str, int], Assembly], total: int, rng: random.Random
) -> dict[tuple[str, int], list[Member]]:
    """Deputies and members without accounts, so that every assembly has its share of ``total``."""
    each = max(1, total // len(assemblies))
    out = {}
    for key, assembly in assemblies.items():
        have = Member.objects.filter(assembly=assembly).count()
        kind = key[0]
        new = []
        for i in range(have, each):
            name = rng.choice(demo.SURNAMES) + rng.choice(demo.GIVEN_FIRST) + rng.choice(demo.GIVEN_SECOND)
            new.append(
                Member(
                    assembly=assembly,
                    name=name,
                    delegation=f"{rng.choice(demo.COUNTIES)}代表团" if kind == AssemblyKind.NPC else "",
                    sector=rng.choice(demo.SECTORS) if kind == AssemblyKind.CPPCC else "",
                    employer=rng.choice(demo.EMPLOYERS).format(rng.choice(demo.COUNTIES)),
                    mobile=f"139{i:08d}"[:11],
                )
            )
        Member.objects.bulk_create(new, batch_size=2000)
        out[key] = list(Member.objects.filter(assembly=assembly).order_by("pk"))
    return out
