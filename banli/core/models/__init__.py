"""Core data: the organisation, users and roles, the calendar, deadlines and the event log."""

from banli.core.models.calendar import CalendarDay, CalendarDayKind
from banli.core.models.deadlines import Deadline, DeadlineUnit, Duty
from banli.core.models.events import Event
from banli.core.models.files import Attachment
from banli.core.models.org import (
    Assembly,
    AssemblyKind,
    Category,
    Jurisdiction,
    JurisdictionLevel,
    Member,
    Role,
    RoleCode,
    Session,
    System,
    Unit,
    UnitKind,
    User,
)

__all__ = [
    "Assembly",
    "AssemblyKind",
    "Attachment",
    "CalendarDay",
    "CalendarDayKind",
    "Category",
    "Deadline",
    "DeadlineUnit",
    "Duty",
    "Event",
    "Jurisdiction",
    "JurisdictionLevel",
    "Member",
    "Role",
    "RoleCode",
    "Session",
    "System",
    "Unit",
    "UnitKind",
    "User",
]
