"""Fast inserts for generated data: COPY on PostgreSQL, bulk_create elsewhere.

Rows get their ids here, so related rows can point at them before anything is written;
the sequences are moved past them at the end. Every NOT NULL column a row leaves out
takes the field's default ("" for text), as the ORM would give it. Values for columns
the model does not have are left out, so a record's values can be written again as its
history row (django-simple-history leaves some fields out of its historical models).
"""

from collections import Counter, defaultdict

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 50_000


class Writer:
    def __init__(self):
        self.now = timezone.now()
        self.next_id = {}
        self.pending = defaultdict(list)
        self.counts = Counter()

    def reserve(self, model):
        """The id the next row of `model` will get."""
        if model not in self.next_id:
            last = model.objects.aggregate(last=models.Max("pk"))["last"] or 0
            self.next_id[model] = last + 1
        return self.next_id[model]

    def add(self, model, **values):
        """Queue one row of `model`; returns its id (a historical row's history_id)."""
        row_id = values.setdefault(model._meta.pk.attname, self.reserve(model))
        self.next_id[model] = row_id + 1
        self.pending[model].append(values)
        if len(self.pending[model]) >= BATCH:
            self.flush(model)
        return row_id

    def flush(self, model):
        rows, self.pending[model] = self.pending[model], []
        if not rows:
            return
        fields = model._meta.concrete_fields
        if connection.vendor == "postgresql":
            self._copy(model, fields, rows)
        else:
            model.objects.bulk_create(
                [model(**{f.attname: self._value(f, row) for f in fields}) for row in rows],
                batch_size=1000,
            )
        self.counts[model] += len(rows)

    def finish(self):
        for model in list(self.pending):
            self.flush(model)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.next_id)):
                cursor.execute(statement)

    def _value(self, field, row):
        if field.attname in row:
            return row[field.attname]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()

    def _copy(self, model, fields, rows):
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([self._value(field, row) for field in fields])
