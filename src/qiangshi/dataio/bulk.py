"""Writing many rows at once without building a model instance per row.

Imports of enterprise data run to hundreds of thousands of rows; Django's bulk_create
spends most of its time preparing each field of each instance. Here the rows come
ready-made from polars (values already validated and typed) and go to the database in
one `executemany` per batch. Use only for models without save() logic or signals that
matter; callers record revisions and audit entries themselves.
"""

from collections.abc import Sequence

from django.db import connection

BATCH = 5000


def bulk_insert(model, fields: Sequence[str], rows: Sequence[tuple]) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
    return len(rows)


def bulk_set(model, field: str, ids_by_value: dict, *, chunk: int = 5000) -> None:
    """UPDATE … SET field = value WHERE pk IN (…), once per distinct value."""
    for value, ids in ids_by_value.items():
        for start in range(0, len(ids), chunk):
            model.objects.filter(pk__in=ids[start:start + chunk]).update(**{field: value})


def bulk_update_rows(model, fields: Sequence[str], rows: Sequence[tuple]) -> int:
    """UPDATE … SET each of `fields` WHERE pk = …, one `executemany` per batch; each row is
    the fields' values followed by the pk. Django's bulk_update builds a CASE expression per
    field and row, which costs seconds per thousand rows; values must already be in database
    form (datetimes through connection.ops.adapt_datetimefield_value)."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(model._meta.get_field(name).column)} = %s" for name in fields)
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {sets} "  # noqa: S608
           f"WHERE {quote(model._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
    return len(rows)
