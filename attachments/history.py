"""A record's history with the removal and restoring of its photos and files, which
are saved on the attachment, not on the record (core.history)."""

from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.history import HISTORY_LIMIT, HistoryEntry, history_of

from .models import REMOVED, RESTORED, Attachment

ACTIONS = {REMOVED: _("removed “%(file)s”"), RESTORED: _("restored “%(file)s”")}


def history_with_files(record, limit=HISTORY_LIMIT):
    entries = history_of(record, limit) + _file_entries(record, limit)
    return sorted(entries, key=attrgetter("when"), reverse=True)[:limit]


def _file_entries(record, limit):
    rows = (
        Attachment.history.filter(
            target_type=ContentType.objects.get_for_model(record),
            target_id=record.pk,
            history_change_reason__in=ACTIONS,
        )
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    return [
        HistoryEntry(
            when=row.history_date,
            who=row.history_user,
            action=ACTIONS[row.history_change_reason] % {"file": row.instance.described()},
            changes=[],
        )
        for row in rows
    ]
