"""Readable change history for a record's page, from django-simple-history.

The page shows at most HISTORY_LIMIT entries in a fixed number of queries: the history
rows, one query per many-to-many field for its historical rows, and one per related
model to name the objects that changed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import _User  # AUTH_USER_MODEL (core imports no app)
    from django_stubs_ext import StrOrPromise

    Field: TypeAlias = models.Field[Any, Any]
    # A change as read from the history: the field, its old value and its new one (a
    # frozenset of keys for a many-to-many field).
    RawChange: TypeAlias = tuple[Field, Any, Any]
    # The objects named in the changes: {related model: {pk: object}}.
    Names: TypeAlias = dict[type[models.Model], dict[Any, models.Model]]
    # A row of a historical model that django-simple-history made: it ships no types.
    HistoricalRecord: TypeAlias = Any

HISTORY_LIMIT = 20
SKIPPED_FIELDS = {"updated_at", "created_at", "path"}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: _User | None
    action: StrOrPromise
    changes: list[Change]


class Recorded(Protocol):
    """A model instance whose history django-simple-history keeps."""

    history: Any  # the library's manager of its historical records

    @property
    def _meta(self) -> models.options.Options[Any]: ...


def history_of(record: Recorded, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    # One more than shown, so the oldest shown entry can be compared with its predecessor.
    records = list(record.history.select_related("history_user")[: limit + 1])
    if not records:
        return []
    m2m_fields: list[models.ManyToManyField[Any, Any]]
    m2m_fields = list(records[0]._history_m2m_fields)
    m2m_values = {field.name: _m2m_values(records, field) for field in m2m_fields}
    skipped = SKIPPED_FIELDS | {field.name for field in m2m_fields}

    raw_entries: list[tuple[HistoricalRecord, list[RawChange]]] = []
    for newer, older in zip(records[:limit], records[1:] + [None], strict=False):
        changes: list[RawChange] = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=skipped)
            changes = [
                # diff_against compares the model's own fields.
                (cast("Field", record._meta.get_field(change.field)), change.old, change.new)
                for change in delta.changes
            ]
            for field in m2m_fields:
                old, new = m2m_values[field.name][older.pk], m2m_values[field.name][newer.pk]
                if old != new:
                    changes.append((field, old, new))
            if not changes and newer.history_type == "~":
                continue  # saved without a change worth showing
        raw_entries.append((newer, changes))

    names = _related_names(change for _, changes in raw_entries for change in changes)
    return [
        HistoryEntry(
            when=newer.history_date,
            who=newer.history_user,
            action=ACTIONS[newer.history_type],
            changes=[
                Change(
                    str(field.verbose_name),
                    _display(field, old, names),
                    _display(field, new, names),
                )
                for field, old, new in changes
            ],
        )
        for newer, changes in raw_entries
    ]


def _m2m_values(
    records: list[HistoricalRecord], field: models.ManyToManyField[Any, Any]
) -> defaultdict[int, frozenset[int]]:
    """{historical record pk: frozenset of related pks} for one many-to-many field."""
    through = getattr(records[0], field.name).model
    related = f"{get_m2m_reverse_field_name(field)}_id"
    grouped: defaultdict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(history__in=[r.pk for r in records]).values_list(
        "history_id", related
    )
    for history_id, related_id in rows:
        grouped[history_id].add(related_id)
    return defaultdict(frozenset, {key: frozenset(ids) for key, ids in grouped.items()})


def _related_names(changes: Iterable[RawChange]) -> Names:
    """{related model: {pk: object}} for every object named in the changes, a query each."""
    wanted: defaultdict[type[models.Model], set[Any]] = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation:
            for value in (old, new):
                if isinstance(value, frozenset):
                    wanted[_related_model(field)].update(value)
                elif value is not None:
                    wanted[_related_model(field)].add(value)
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}


def _related_model(field: Field) -> type[models.Model]:
    """The model a relation points to: a class once the apps are loaded, never "self"."""
    return cast("type[models.Model]", field.related_model)


def _display(field: Field, value: Any, names: Names) -> str:
    if value in (None, "") or value == frozenset():
        return "—"
    if field.many_to_many:
        objects = names[_related_model(field)]
        return "、".join(sorted(str(objects.get(pk, pk)) for pk in value))
    if field.is_relation:
        return str(names[_related_model(field)].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
