"""Fast inserts for the load generator: rows as tuples, primary keys given here, one COPY (PostgreSQL) or
one ``executemany`` (SQLite) per batch.

The ORM's ``bulk_create`` builds a model instance and a parameter list per row, which is most of the time
of a million-row load; here a row is a tuple in the table's column order, with the model's defaults filled
in once per table and values adapted to the database as they come. No signal fires and nothing is audited:
the generator writes a benchmark database, never one that people use.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import connection, models
from django.db.models import Max

BATCH = 20_000


class Table:
    """Rows for one model's table, inserted ``BATCH`` at a time; ``add`` answers the new row's id."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.defaults = [self._default(f) for f in self.fields]
        self.adapters = [self._adapter(f) for f in self.fields]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.next_id = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    @staticmethod
    def _default(field: models.Field) -> Any:  # type: ignore[type-arg]
        if field.primary_key:
            return None
        if field.has_default():
            return field.get_default()
        return None if field.null else ""

    @staticmethod
    def _adapter(field: models.Field) -> Callable[[Any], Any] | None:  # type: ignore[type-arg]
        ops = connection.ops
        if isinstance(field, models.JSONField):
            return lambda v: json.dumps(v, ensure_ascii=False)
        if connection.vendor != "sqlite":
            return None
        if isinstance(field, models.DateTimeField):
            return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
        if isinstance(field, models.DateField):
            return lambda v: None if v is None else v.isoformat()
        return None

    def add(self, **values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        row = list(self.defaults)
        row[0] = pk
        for name, value in values.items():
            row[self.index[name]] = value
        for i, adapt in enumerate(self.adapters):
            if adapt is not None and row[i] is not None:
                row[i] = adapt(row[i])
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        table = self.model._meta.db_table
        columns = [f.column for f in self.fields]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                quoted = ", ".join(f'"{c}"' for c in columns)
                with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                quoted = ", ".join(f'"{c}"' for c in columns)
                cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', self.rows)
        self.written += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        """Write what is left and, on PostgreSQL, move the id sequence past the ids given here."""
        self.flush()
        if connection.vendor == "postgresql":
            table = self.model._meta.db_table
            column = self.model._meta.pk.column
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                    f'(SELECT COALESCE(MAX("{column}"), 1) FROM "{table}"))'
                )


def aware(day: dt.date, minutes: int) -> dt.datetime:
    """``minutes`` after midnight of ``day`` in Beijing time (the project's time zone)."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))
