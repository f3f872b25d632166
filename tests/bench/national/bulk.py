"""Fast inserts for the national seed: COPY on PostgreSQL, big bulk_create batches elsewhere.

Rows carry their own ids (handed out by `Ids`), so foreign keys and unit paths are
computed in Python before anything is written; `sequences_reset` moves the database's
sequences past them at the end. Columns a row does not give take the field's default,
and `created_at`/`updated_at` (auto_now fields) the moment of the seed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from common.search import folded_text

BATCH = 5000


class Ids:
    """The next free id of each model, read once from the database."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """The first of `count` consecutive free ids."""
        if model not in self._next:
            highest = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = highest + 1
        first = self._next[model]
        self._next[model] = first + count
        return first


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()  # None, or "" for a string column without null


def put(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert `rows` (dicts keyed by attname, `id` included) into `model`'s table."""
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    defaults = {f.attname: _default(f, now) for f in fields}
    sources = getattr(model, "search_text_from", ())
    if sources:  # the accent-free search column, as `SearchTextMixin.save` fills it
        rows = ({**row, "search_text": folded_text(*(row.get(name, "") for name in sources))} for row in rows)
    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        f.get_db_prep_save(row[f.attname] if f.attname in row else defaults[f.attname], connection)
                        for f in fields
                    ]
                )
                count += 1
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**{**defaults, **row}))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


def sequences_reset(model_list: list[type[models.Model]]) -> None:
    """Move the id sequences past the ids the seed handed out (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
