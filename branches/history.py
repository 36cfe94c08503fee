"""Readable change history for a record's page, from django-simple-history."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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
    records = list(record.history.select_related("history_user")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(
                older, excluded_fields=SKIPPED_FIELDS, foreign_keys_are_objs=True
            )
            changes = [_describe(record, change) for change in delta.changes]
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                action=ACTIONS[newer.history_type],
                changes=changes,
            )
        )
    return entries


def _describe(record, change):
    field = record._meta.get_field(change.field)
    return Change(str(field.verbose_name), _display(field, change.old), _display(field, change.new))


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.many_to_many:
        related = field.related_model._meta.model_name
        return "、".join(sorted(str(row[related]) for row in value)) or "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
