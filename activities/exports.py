"""The meeting, activity and honour ledgers as .xlsx, in the layout a secretary hands in."""

from django.utils.translation import gettext as _

from core.spreadsheets import Percent, workbook_bytes


def _rate(meeting):
    # A number, so that Excel can average the rates; empty when nobody was expected.
    rate = meeting.attendance_rate
    return Percent(rate) if rate is not None else None


def _absence(row):
    reason = f"{row.reason}：{row.note}" if row.note else row.reason
    return f"{row.member.name}（{reason}）"


def meetings_xlsx(meetings):
    """`meetings` need `host` selected and absentees prefetched as `absences`."""
    header = [
        _("No."),
        _("Date"),
        _("Kind"),
        _("Topic"),
        _("Host"),
        _("Expected"),
        _("Present"),
        _("Attendance rate"),
        _("Absent (reason)"),
    ]
    rows = [
        [
            number,
            meeting.held_on,
            meeting.get_kind_display(),
            meeting.topic,
            meeting.host.name if meeting.host else "",
            meeting.expected_count,
            meeting.present_count,
            _rate(meeting),
            "、".join(_absence(row) for row in meeting.absences),
        ]
        for number, meeting in enumerate(meetings, start=1)
    ]
    widths = [6, 12, 16, 40, 10, 8, 8, 10, 40]
    return workbook_bytes([(_("Meetings"), [header, *rows], widths)])


def activities_xlsx(activities):
    """`activities` need partners and members prefetched."""
    header = [
        _("No."),
        _("Date"),
        _("Kind"),
        _("Title"),
        _("Place"),
        _("Partner organizations"),
        _("Participants"),
        _("People served"),
        _("Volunteer hours"),
    ]
    rows = [
        [
            number,
            activity.held_on,
            activity.get_kind_display(),
            activity.title,
            activity.place,
            "、".join(partner.name for partner in activity.partners.all()),
            activity.participants,
            activity.people_served,
            activity.volunteer_hours,
        ]
        for number, activity in enumerate(activities, start=1)
    ]
    widths = [6, 12, 16, 40, 16, 30, 8, 8, 8]
    return workbook_bytes([(_("Activities"), [header, *rows], widths)])


def honours_xlsx(honours):
    header = [
        _("No."),
        _("Date"),
        _("Kind"),
        _("Title"),
        _("Level"),
        _("Grade"),
        _("Issued by"),
        _("Quantity"),
        _("Days gained"),
    ]
    rows = [
        [
            number,
            honour.awarded_on,
            honour.get_kind_display(),
            honour.title,
            honour.get_level_display(),
            honour.grade,
            honour.issuer,
            honour.quantity,
            honour.days_gained,
        ]
        for number, honour in enumerate(honours, start=1)
    ]
    widths = [6, 12, 12, 40, 8, 10, 30, 8, 8]
    return workbook_bytes([(_("Honours and achievements"), [header, *rows], widths)])
