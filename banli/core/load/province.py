"""The province a ``--scale province`` load is generated into: 安徽省 hosting every level in one deployment.

The province itself, its sixteen cities (the demo city 宿州市 among them, with their real 区划代码) and enough
counties to make the scale's number of jurisdictions. Each new jurisdiction gets its registry and
coordinating offices with a staff member each, the demo's categories and, through :func:`.org.build_org`,
its assemblies, handling units and members. The counties' names are made of two syllables; their codes
(city prefix + 71…) stay clear of real county codes, so they never collide with a jurisdiction a user adds.

Everything is keyed on the code or a natural name, so a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings

from banli.core import demo
from banli.core.load.org import LOAD_ACCOUNT_PREFIX, local
from banli.core.models import Category, Jurisdiction, JurisdictionLevel, Role, RoleCode, Unit, UnitKind, User

PROVINCE = ("340000", "安徽省")
CITIES = (
    ("340100", "合肥市"), ("340200", "芜湖市"), ("340300", "蚌埠市"), ("340400", "淮南市"),
    ("340500", "马鞍山市"), ("340600", "淮北市"), ("340700", "铜陵市"), ("340800", "安庆市"),
    ("341000", "黄山市"), ("341100", "滁州市"), ("341200", "阜阳市"), ("341500", "六安市"),
    ("341600", "亳州市"), ("341700", "池州市"), ("341800", "宣城市"),
)  # fmt: skip
FIRST = "东西南北长青临太宁怀宜寿望凤定明潜岳休祁旌泾郎广石枞繁庐含颍界蒙利涡霍舒金叶和"
SECOND = "城阳山江河远湖溪丰源台川平安州"
#: Items per jurisdiction relative to a city's: the province's own organs have the most.
WEIGHT = {JurisdictionLevel.PROVINCE: 3.0, JurisdictionLevel.CITY: 1.5, JurisdictionLevel.COUNTY: 0.6}


@dataclass(frozen=True)
class Place:
    jurisdiction: Jurisdiction
    prefix: str  # how its organs' names begin: 省, 合肥市, 东城县
    weight: float
    home: bool  # the demo city, grown by :func:`.org.build_org` as at the national scale


def build_province(count: int, rng: random.Random) -> list[Place]:
    """The province, its cities and counties up to ``count`` jurisdictions, the demo city first."""
    home = Jurisdiction.objects.get(code=settings.BANLI_JURISDICTION)
    province = _jurisdiction(PROVINCE[0], PROVINCE[1], "省", JurisdictionLevel.PROVINCE, None)
    if home.parent_id is None:
        home.parent = province
        home.save(update_fields=["parent"])
    places = [
        Place(home, "市", WEIGHT[JurisdictionLevel.CITY], True),
        Place(province, "省", WEIGHT[JurisdictionLevel.PROVINCE], False),
    ]
    cities = [home]
    for code, name in CITIES[: max(0, count - len(places))]:
        city = _jurisdiction(code, name, "市", JurisdictionLevel.CITY, province)
        cities.append(city)
        places.append(Place(city, name, WEIGHT[JurisdictionLevel.CITY], False))
    names = [a + b for a in FIRST for b in SECOND]
    rng.shuffle(names)
    for i in range(max(0, count - len(places))):
        city = cities[i % len(cities)]
        suffix = "区" if i % 4 == 0 else "县"
        name = names[i] + suffix
        code = f"{city.code[:4]}{71 + i // len(cities):02d}"
        county = _jurisdiction(code, name, suffix, JurisdictionLevel.COUNTY, city)
        places.append(Place(county, name, WEIGHT[JurisdictionLevel.COUNTY], False))
    for place in places[1:]:
        _offices(place)
    return places


def _jurisdiction(code: str, name: str, short: str, level: str, parent: Jurisdiction | None) -> Jurisdiction:
    j, _ = Jurisdiction.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": short, "level": level, "parent": parent}
    )
    return j


def _offices(place: Place) -> None:
    """Registry and coordinating offices with a staff member each, and the demo's categories."""
    j = place.jurisdiction
    rows = [
        *((local(place.prefix, name), short, UnitKind.REGISTRY, "", served) for name, short, served in demo.REGISTRIES),
        *((local(place.prefix, name), "", UnitKind.COORDINATOR, system, "") for name, _s, system in demo.COORDINATORS),
    ]  # fmt: skip
    for sort, (name, short, kind, system, served) in enumerate(rows, start=1):
        unit, _ = Unit.objects.get_or_create(
            jurisdiction=j,
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "system": system,
                "assembly_kind": served,
                "sort": sort,
            },
        )
        code = RoleCode.REGISTRY_STAFF if kind == UnitKind.REGISTRY else RoleCode.COORDINATOR_STAFF
        user, _ = User.objects.get_or_create(
            username=f"{LOAD_ACCOUNT_PREFIX}{j.code}-{sort}",
            defaults={"full_name": f"{name}工作人员", "jurisdiction": j, "password": "!"},
        )
        Role.objects.get_or_create(user=user, code=code, unit=unit, defaults={"jurisdiction": j})
    for position, (name, _committee, children) in enumerate(demo.CATEGORIES, start=1):
        parent, _ = Category.objects.get_or_create(
            jurisdiction=j, parent=None, name=name, defaults={"sort": position * 10}
        )
        for sub, child in enumerate(children, start=1):
            Category.objects.get_or_create(
                jurisdiction=j, parent=parent, name=child, defaults={"sort": position * 10 + sub}
            )
