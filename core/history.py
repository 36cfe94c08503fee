"""Readable change history for a record's page, from django-simple-history.

The page shows at most HISTORY_LIMIT entries in a fixed number of queries: the history
rows, one query per many-to-many field for its historical rows, and one per related
model to name the objects that changed.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

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
    when: object
    who: object
    action: str
    changes: list


def history_of(record, limit=HISTORY_LIMIT):
    # One more than shown, so the oldest shown entry can be compared with its predecessor.
    records = list(record.history.select_related("history_user")[: limit + 1])
    if not records:
        return []
    m2m_fields = list(records[0]._history_m2m_fields)
    m2m_values = {field.name: _m2m_values(records, field) for field in m2m_fields}
    skipped = SKIPPED_FIELDS | {field.name for field in m2m_fields}

    raw_entries = []
    for newer, older in zip(records[:limit], records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=skipped)
            changes = [
                (record._meta.get_field(change.field), change.old, change.new)
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


def _m2m_values(records, field):
    """{historical record pk: frozenset of related pks} for one many-to-many field."""
    through = getattr(records[0], field.name).model
    related = f"{get_m2m_reverse_field_name(field)}_id"
    grouped = defaultdict(set)
    rows = through.objects.filter(history__in=[r.pk for r in records]).values_list(
        "history_id", related
    )
    for history_id, related_id in rows:
        grouped[history_id].add(related_id)
    return defaultdict(frozenset, {key: frozenset(ids) for key, ids in grouped.items()})


def _related_names(changes):
    """{related model: {pk: object}} for every object named in the changes, a query each."""
    wanted = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation:
            for value in (old, new):
                if isinstance(value, frozenset):
                    wanted[field.related_model].update(value)
                elif value is not None:
                    wanted[field.related_model].add(value)
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}


def _display(field, value, names):
    if value in (None, "") or value == frozenset():
        return "—"
    if field.many_to_many:
        objects = names[field.related_model]
        return "、".join(sorted(str(objects.get(pk, pk)) for pk in value))
    if field.is_relation:
        return str(names[field.related_model].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
