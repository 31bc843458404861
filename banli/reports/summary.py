"""The summary table of what the statistics count (``ItemMeasures`` per item, ``UnitMeasures`` per unit
and item): how it is kept current, and the conditions the dashboards group and filter it by.

**Kept by recomputing, never by editing.** The rows of a set of items are computed by the database from
the definitions in ``measures`` restricted to those items and written in one ``INSERT … SELECT … ON
CONFLICT DO UPDATE`` per table (and one ``DELETE`` of unit rows whose unit no longer has an assignment
there), so the definitions stay in one place and a refresh is idempotent. Writers touch the items they
change (``core.changes.touch``): the receivers in ``reports.receivers`` do it for every save or delete of
a submission, assignment, reply, second reply, evaluation, deadline and event (so every workflow
transition), and the services that write in bulk (closing and recomputing deadlines, the paper import)
do it themselves. The touched items are refreshed at the end of the outermost ``writing()`` block, in
its transaction. The load generator and the demo history fill the table in one pass at their end;
``manage.py refresh_figures`` rebuilds it by ranges of ids.

**Versions.** The same statements give the (jurisdiction, year) of every refreshed item a new random
token (``FiguresVersion``): what is computed from the figures (the dashboard) is cached under the
tokens it read (``reports.cache``), so a write makes exactly its year's cached figures stale.

**Late is computed at read time.** An open deadline becomes late with the date, without a write, so
the rows hold ``late_closed`` and ``open_due`` and :func:`late` / :func:`not_late` compare with today.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterable
from contextlib import nullcontext

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from banli.assignments.models import Assignment
from banli.core import changes
from banli.core.transactions import writing
from banli.handling.models import SOLVED_OR_PLANNED
from banli.reports import measures as m
from banli.reports.models import FiguresVersion, ItemMeasures, UnitMeasures
from banli.submissions.models import Submission

#: Items refreshed per statement (touched ids; ``rebuild`` goes by ranges of ``REBUILD_BATCH`` ids).
REFRESH_BATCH = 500
REBUILD_BATCH = 10_000
ITEM_FIELDS = ("answered", "late_closed", "open_due", "result_id", "rating_id", "unit_count")
UNIT_FIELDS = ("answering", "co", "answered", "late_closed", "open_due", "result_id", "rating_id")

Narrow = Callable[[str], Q]
Statement = tuple[str, tuple[object, ...]]


# ---- conditions ----------------------------------------------------------------------------------------


def late(today: dt.date, prefix: str = "") -> Q:
    """A row (``prefix`` ``"measures__"`` from a submission, ``"unit_measures__"`` …) whose answering
    deadline was done late or is open past today."""
    return Q(**{f"{prefix}late_closed": True}) | Q(**{f"{prefix}open_due__lt": today})


def not_late(today: dt.date, prefix: str = "") -> Q:
    """The opposite of :func:`late`, written without a negation (so it stays on the same row of a
    multi-valued relation)."""
    return Q(**{f"{prefix}late_closed": False}) & (
        Q(**{f"{prefix}open_due__isnull": True}) | Q(**{f"{prefix}open_due__gte": today})
    )


def item_counts(today: dt.date) -> dict[str, Count]:
    """Every headline figure as an aggregate over submissions joined to their measures."""
    answered = Q(measures__answered=True)
    return {
        "total": Count("*"),
        "answered": Count("pk", filter=answered),
        "on_time": Count("pk", filter=answered & not_late(today, "measures__")),
        "late": Count("pk", filter=answered & late(today, "measures__")),
        "addressed": Count("pk", filter=Q(measures__result__semantic_type__in=SOLVED_OR_PLANNED)),
        "evaluated": Count("pk", filter=Q(measures__rating__isnull=False)),
        "satisfied": Count("pk", filter=Q(measures__rating__satisfied=True)),
        "key": Count("pk", filter=Q(is_key=True)),
        "multi": Count("pk", filter=Q(measures__unit_count__gt=1)),
    }


# ---- keeping it current ----------------------------------------------------------------------------------


def _item_rows(narrow: Narrow, using: str) -> QuerySet:
    return (
        Submission.objects.using(using)
        .filter(narrow("pk"))
        .order_by()
        .annotate(
            m_answered=m.answered(),
            m_late_closed=m.late_closed(),
            m_open_due=m.open_due(),
            m_result=m.item_result(),
            m_rating=m.item_rating(),
            m_units=m.unit_count(),
        )
        .values_list("pk", "m_answered", "m_late_closed", "m_open_due", "m_result", "m_rating", "m_units")
    )


def _unit_rows(narrow: Narrow, using: str) -> QuerySet:
    """One row per (item, unit) that has an assignment: the unit's first assignment on the item, with
    the unit's figures (each defined over all its assignments there)."""
    earlier = Assignment.objects.filter(
        submission_id=OuterRef("submission_id"), unit_id=OuterRef("unit_id"), pk__lt=OuterRef("pk")
    )
    return (
        Assignment.objects.using(using)
        .filter(narrow("submission_id"))
        .exclude(Exists(earlier))
        .order_by()
        .annotate(
            m_answering=m.unit_holds(co=False),
            m_co=m.unit_holds(co=True),
            m_answered=m.unit_answered(),
            m_late_closed=m.unit_late_closed(),
            m_open_due=m.unit_open_due(),
            m_result=m.unit_result(),
            m_rating=m.unit_rating(),
        )
        .values_list(
            "submission_id",
            "unit_id",
            "m_answering",
            "m_co",
            "m_answered",
            "m_late_closed",
            "m_open_due",
            "m_result",
            "m_rating",
        )
    )


def _upsert(
    model: type, keys: tuple[str, ...], fields: tuple[str, ...], rows: QuerySet, using: str
) -> Statement:
    q = connections[using].ops.quote_name
    select, params = rows.query.get_compiler(using).as_sql()
    columns = ", ".join(q(c) for c in (*keys, *fields))
    updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in fields)
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({columns}) {select} "
        f"ON CONFLICT ({', '.join(q(k) for k in keys)}) DO UPDATE SET {updates}"
    )
    return sql, tuple(params)


def _drop_gone_units(narrow: Narrow, using: str) -> Statement:
    """Unit rows of units that no longer have any assignment on the item (derived rows: no signals, no
    audit record)."""
    gone = UnitMeasures.objects.using(using).filter(narrow("submission_id"))
    gone = gone.exclude(
        Exists(
            Assignment.objects.filter(submission_id=OuterRef("submission_id"), unit_id=OuterRef("unit_id"))
        )
    )
    select, params = gone.order_by().values("pk").query.get_compiler(using).as_sql()
    q = connections[using].ops.quote_name
    return f"DELETE FROM {q(UnitMeasures._meta.db_table)} WHERE {q('id')} IN ({select})", tuple(params)


def _new_versions(narrow: Narrow, using: str, token: object) -> Statement:
    """A new token for the (jurisdiction, year) of every item refreshed (``FiguresVersion``), in the
    order of the key so that two writers never wait for each other's rows crosswise."""
    years = (
        Submission.objects.using(using)
        .filter(narrow("pk"), year__isnull=False)
        .order_by()
        .values_list("jurisdiction_id", "year")
        .distinct()
    )
    select, params = years.query.get_compiler(using).as_sql()
    q = connections[using].ops.quote_name
    table, j, y, t = (q(n) for n in (FiguresVersion._meta.db_table, "jurisdiction_id", "year", "token"))
    sql = (
        f"INSERT INTO {table} ({j}, {y}, {t}) "
        f"SELECT r.{j}, r.{y}, CAST(%s AS BIGINT) FROM ({select}) r WHERE true ORDER BY 1, 2 "
        f"ON CONFLICT ({j}, {y}) DO UPDATE SET {t} = excluded.{t}"
    )
    return sql, (token, *params)


def _statements(narrow: Narrow, using: str, token: object) -> list[Statement]:
    return [
        _upsert(ItemMeasures, ("submission_id",), ITEM_FIELDS, _item_rows(narrow, using), using),
        _upsert(UnitMeasures, ("submission_id", "unit_id"), UNIT_FIELDS, _unit_rows(narrow, using), using),
        _drop_gone_units(narrow, using),
        *([_new_versions(narrow, using, token)] if token is not None else []),
    ]


def _run(statements: Iterable[Statement], using: str) -> None:
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


class _Slot:
    """Stands for a value of one refresh (its ids, its version token) in the statements compiled once
    per database."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_IDS, _TOKEN = _Slot("ids"), _Slot("token")
_ID_LISTS = {
    "postgresql": ("SELECT unnest(%s::bigint[])", list),
    "sqlite": ("SELECT value FROM json_each(%s)", json.dumps),
}
_compiled: dict[tuple[str, int], list[Statement]] = {}


def _by_ids(using: str) -> list[Statement]:
    """The three statements over a set of ids given as one parameter (an array, or JSON on SQLite),
    compiled once per database: building the definitions' expressions took most of a refresh's time
    (about 40 ms an item, against 10 ms of SQL). The definitions hold the assignments' content type id
    (deadlines are on assignments), so that id is part of the key: a database whose content types were
    recreated (a flushed test database) gets its statements compiled again."""
    from django.contrib.contenttypes.models import ContentType

    key = (using, ContentType.objects.db_manager(using).get_for_model(Assignment).pk)  # cached by Django
    if key not in _compiled:
        sql, _convert = _ID_LISTS[connections[using].vendor]
        statements = _statements(lambda field: Q(**{f"{field}__in": RawSQL(sql, (_IDS,))}), using, _TOKEN)
        for _sql, params in statements:  # a value of the moment (today) would go stale in the cache
            assert not any(isinstance(p, dt.date) for p in params), "summary statements must not hold dates"
        _compiled[key] = statements
    return _compiled[key]


def new_token() -> int:
    """A version token (``FiguresVersion``): 62 random bits."""
    return secrets.randbits(62)


def _refresh(narrow: Narrow, using: str, versions: bool) -> None:
    _run(_statements(narrow, using, new_token() if versions else None), using)


def refresh(ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the rows of these submissions (three statements per ``REFRESH_BATCH`` of them)."""
    ordered = sorted(set(ids))
    _sql, convert = _ID_LISTS[connections[using].vendor]
    for start in range(0, len(ordered), REFRESH_BATCH):
        values = {_IDS: convert(ordered[start : start + REFRESH_BATCH]), _TOKEN: new_token()}
        _run(
            [
                (sql, tuple(values[p] if isinstance(p, _Slot) else p for p in params))
                for sql, params in _by_ids(using)
            ],
            using,
        )


def rebuild(
    using: str = DEFAULT_DB_ALIAS,
    batch: int = REBUILD_BATCH,
    progress: Callable[[int, int], None] = lambda _done, _last: None,
    *,
    queue: bool = True,
) -> int:
    """Recompute every row, by ranges of ``batch`` submission ids; answers how many items there are.
    ``progress(upto, last_id)`` is called after each range.

    With ``queue`` each range is its own ``writing()`` transaction, so writers wait for the range being
    computed (and it for them) instead of one overwriting the other's rows with what it read before; a
    migration, which runs alone and maybe before the audit tables exist, passes ``queue=False``."""
    bounds = Submission.objects.using(using).aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    _analyze(using)
    # the migration that made this table first filled it before the versions' table existed
    versions = FiguresVersion._meta.db_table in connections[using].introspection.table_names()
    for start in range(bounds["low"], bounds["high"] + 1, batch):
        end = start + batch
        with writing(using, savepoint=False) if queue else nullcontext():
            _refresh(
                lambda f, start=start, end=end: Q(**{f"{f}__gte": start, f"{f}__lt": end}), using, versions
            )
        progress(min(end - 1, bounds["high"]), bounds["high"])
    return ItemMeasures.objects.using(using).count()


def _analyze(using: str) -> None:
    """The planner (PostgreSQL's, and SQLite's) chooses how to run the correlated definitions by the
    tables' statistics; after a bulk load (COPY, executemany) there are none yet and it scans instead of
    probing the indexes (tens of ms per item instead of a fraction of one). ``ANALYZE`` samples the
    tables read here, in seconds."""
    connection = connections[using]
    from banli.core.models import Deadline
    from banli.evaluation.models import Evaluation, FollowUp
    from banli.handling.models import Reply, ReplyRecipient

    tables = (Submission, Assignment, Deadline, Reply, ReplyRecipient, FollowUp, Evaluation)
    names = [connection.ops.quote_name(t._meta.db_table) for t in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(names))
        else:  # SQLite analyses one table per statement; without it the planner guesses at every join
            for name in names:
                cursor.execute(f"ANALYZE {name}")


def flush(using: str = DEFAULT_DB_ALIAS) -> None:
    """Before reading the table: refresh what this thread's writes touched and has not refreshed yet."""
    changes.flush(using)
