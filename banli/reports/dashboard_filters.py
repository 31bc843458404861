"""The dashboard's filters (assembly, session, year, unit, kind), the choices offered for them, and the
links that carry them to the submission list."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from banli.core.models import Assembly, RoleCode, Session, Unit, UnitKind, User
from banli.core.policies import roles_of, roles_with, scope, unit_ids
from banli.reports import cache as figures_cache
from banli.reports import measures as m
from banli.submissions.models import Submission, SubmissionKind
from banli.submissions.policies import UNIT_ROLE_CODES

OFFICE_ROLES = (RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER)
#: a value the query string carries as it is (what ``urlencode`` leaves unquoted): ids and codes
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*\Z")


def _digits(params: Mapping[str, str], key: str) -> str:
    raw = (params.get(key) or "").strip()
    return raw if raw.isdigit() else ""


@dataclass
class DashboardFilters:
    """What the user chose, checked against what they may choose."""

    assembly: str = ""
    session: str = ""  # an id, "none" (between sessions) or ""
    year: str = ""
    unit: str = ""
    kind: str = ""
    #: a unit's own people see their units' figures only (None: every unit of the items they see)
    own_units: set[int] | None = None
    role_label: str = ""
    assemblies: list[Assembly] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    #: the figures' versions read with the filters (``reports.cache``)
    versions: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def parse(cls, user: User, params: Mapping[str, str]) -> DashboardFilters:
        """The filters from the query string; the year defaults to the latest with items. At most five
        queries (assemblies, sessions, units, the figures' versions and, unless they are cached under
        those versions, the years)."""
        jurisdictions = {r.jurisdiction_id for r in roles_of(user)}
        office = bool(roles_with(user, *OFFICE_ROLES))
        own = unit_ids(user, *UNIT_ROLE_CODES)
        f = cls(own_units=None if office else own)
        f.role_label = _role_label(user)
        f.assemblies = list(
            Assembly.objects.filter(jurisdiction_id__in=jurisdictions).order_by("kind", "-term", "pk")
        )
        f.sessions = list(
            Session.objects.filter(assembly__jurisdiction_id__in=jurisdictions)
            .select_related("assembly")
            .order_by("-opens_on", "pk")
        )
        if office:
            units = Unit.objects.filter(jurisdiction_id__in=jurisdictions, kind=UnitKind.HANDLING)
            systems = {r.unit.system for r in roles_with(user, RoleCode.COORDINATOR_STAFF) if r.unit}
            if systems and not roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.LEADER):
                units = units.filter(system__in=systems)
            f.units = list(units.order_by("system", "sort", "name"))
        else:
            f.units = sorted(
                {r.unit for r in roles_with(user, *UNIT_ROLE_CODES) if r.unit}, key=lambda u: (u.sort, u.name)
            )
        assembly_ids = {str(a.pk) for a in f.assemblies}
        f.assembly = _digits(params, "assembly") if _digits(params, "assembly") in assembly_ids else ""
        session_ids = {str(s.pk) for s in f.sessions if not f.assembly or str(s.assembly_id) == f.assembly}
        raw_session = params.get("session") or ""
        f.session = raw_session if raw_session == "none" or raw_session in session_ids else ""
        f.unit = _digits(params, "unit") if _digits(params, "unit") in {str(u.pk) for u in f.units} else ""
        f.kind = params.get("kind", "") if params.get("kind") in SubmissionKind.values else ""
        f.versions = figures_cache.versions(user)
        f.years = _years(user, f.versions)
        if "year" in params:
            f.year = _digits(params, "year")  # an empty year means every year
        elif f.years:
            f.year = str(f.years[0])
        return f

    def list_params(self, **changes: str) -> dict[str, str]:
        """The submission list's parameters that select the dashboard's items (plus ``changes``)."""
        params = {
            "registered": "1",
            "assembly": self.assembly,
            "session": self.session,
            "year": self.year,
            "unit": self.unit,
            "kind": self.kind,
            **changes,
        }
        return {k: v for k, v in params.items() if v}

    def link(self, **changes: str) -> str:
        """The submission list of the dashboard's items narrowed by ``changes``. A dashboard links every
        figure of every unit (3,500 links for 240 units): the list's path and the filters' own part of
        the query are encoded once, and only the changes for each link."""
        base = self.list_params()
        if changes.keys() & base.keys():  # a change replaces one of the filters: encode it all
            return f"{reverse('submissions:list')}?{urlencode(self.list_params(**changes))}"
        cached = self.__dict__.get("_link_base")
        if cached is None or cached[0] != base:
            cached = self.__dict__["_link_base"] = (base, f"{reverse('submissions:list')}?{urlencode(base)}")
        extra = "&".join(
            f"{k}={v}" if _PLAIN.match(v) else urlencode({k: v}) for k, v in changes.items() if v
        )
        return f"{cached[1]}&{extra}" if extra else cached[1]

    def query(self, **changes: str) -> str:
        """The dashboard's own query string (for the export link and the year-over-year rows)."""
        params = {
            "assembly": self.assembly,
            "session": self.session,
            "year": self.year,
            "unit": self.unit,
            "kind": self.kind,
            **changes,
        }
        return urlencode({k: v for k, v in params.items() if v or k == "year"})


def _years(user: User, versions: figures_cache.Versions) -> list[int]:
    """The years of the counted items the user sees, latest first: those before the latest year with
    figures and the rest each kept in the cache under their own versions, so a write in the current
    year costs a look at that year's items rather than a scan of twenty years'."""
    counted = scope(user, Submission.objects.filter(m.counted_filter())).order_by()
    latest = max((y for _j, y in versions), default=0)

    def part(years: list[int], **lookup: int) -> list[int]:
        return figures_cache.kept(
            figures_cache.key("years", user, versions, years, lookup),
            lambda: sorted(set(counted.filter(**lookup).values_list("year", flat=True).distinct())),
        )

    earlier = part([y for _j, y in versions if 0 < y < latest], year__lt=latest)
    return sorted({*earlier, *part([latest], year__gte=latest)}, reverse=True)


def _role_label(user: User) -> str:
    for code, label in (
        (RoleCode.REGISTRY_STAFF, "交办机构"),
        (RoleCode.COORDINATOR_STAFF, "协调机构"),
        (RoleCode.LEADER, "领导"),
    ):
        found = roles_with(user, code)
        if found:
            return found[0].unit.name if found[0].unit else label
    units = sorted({r.unit.name for r in roles_with(user, *UNIT_ROLE_CODES) if r.unit})
    return "、".join(units) or "承办单位"
