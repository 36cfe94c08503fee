"""The member roster as an .xlsx file: the import template, the import, and the export.

The import is all or nothing: every row is checked with the same form the web page uses,
and nothing is saved unless every row is valid.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import (
    SpreadsheetError,
    cell_text,
    choice_code,
    is_blank,
    is_header,
    read_first_sheet,
    row_errors,
    workbook_bytes,
)

from .forms import MemberForm
from .models import Member

MAX_ROWS = 2000

# (form field, column header) in the order of the template's columns.
COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("gender", gettext_lazy("Gender")),
    ("birth_date", gettext_lazy("Birth date")),
    ("joined_on", gettext_lazy("Joined the party on")),
    ("full_member_on", gettext_lazy("Full member since")),
    ("status", gettext_lazy("Status")),
    ("group", gettext_lazy("Party group")),
    ("committee_role", gettext_lazy("Committee role")),
    ("job", gettext_lazy("Job on the project")),
    ("phone", gettext_lazy("Phone")),
]
# The export is a ledger: these widths also give it a bold header row that stays in view.
EXPORT_WIDTHS = [10, 6, 12, 12, 12, 10, 14, 12, 16, 16]
CHOICE_FIELDS = {
    "gender": Member.Gender,
    "status": Member.Status,
    "committee_role": Member.CommitteeRole,
}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # of CellError, in row order


def _headers():
    return [str(header) for _, header in COLUMNS]


def template_xlsx():
    choices = [
        f"{header}: {'、'.join(str(label) for label in CHOICE_FIELDS[name].labels)}"
        for name, header in COLUMNS
        if name in CHOICE_FIELDS
    ]
    instructions = [
        [_("Fill in the first sheet, one member per row below the header. Example:")],
        _headers(),
        [
            "张三",
            str(Member.Gender.MALE.label),
            datetime.date(1990, 3, 1),
            datetime.date(2015, 7, 1),
            datetime.date(2016, 7, 1),
            str(Member.Status.FULL.label),
            "",
            "",
            "施工员",
            "13800000000",
        ],
        [_("Dates as 2015-07-01. Allowed values:")],
        *[[line] for line in choices],
        [_("Party group: the name of a group of the branch; leave empty for none.")],
    ]
    return workbook_bytes(
        [(_("Members"), [_headers()], None), (_("Instructions"), instructions, None)]
    )


def export_xlsx(members):
    rows = [
        [
            member.name,
            member.get_gender_display(),
            member.birth_date,
            member.joined_on,
            member.full_member_on,
            member.get_status_display(),
            member.group.name if member.group else "",
            member.get_committee_role_display(),
            member.job,
            member.phone,
        ]
        for member in members
    ]
    return workbook_bytes([(_("Members"), [_headers(), *rows], EXPORT_WIDTHS)])


def import_xlsx(branch, uploaded_file):
    rows = read_first_sheet(uploaded_file, MAX_ROWS, len(COLUMNS))
    if not rows or not is_header(rows[0], [header for _name, header in COLUMNS]):
        raise SpreadsheetError(
            _("The first row must be the template's header: %(header)s.")
            % {"header": "、".join(_headers())}
        )
    rows = rows[1:]

    groups = {group.name: group.pk for group in branch.party_groups.all()}
    # A member is taken to be known already when name and birth date both match.
    seen = set(branch.members.active().values_list("name", "birth_date"))
    result = ImportResult()
    forms = []
    for number, row in enumerate(rows, start=2):
        if is_blank(row):
            continue
        data, found = _row_to_data(row, groups)
        form = MemberForm(data, branch=branch)
        if form.is_valid():
            known = (form.cleaned_data["name"], form.cleaned_data["birth_date"])
            if known in seen:
                form.add_error(
                    None,
                    _("%(name)s with this birth date is already in the branch.")
                    % {"name": known[0]},
                )
            seen.add(known)
        result.errors += row_errors(number, COLUMNS, form, found)
        forms.append(form)
    if not forms:
        raise SpreadsheetError(_("The file has no member rows."))
    if not result.errors:
        with transaction.atomic():
            result.created = [form.save() for form in forms]
    return result


def _row_to_data(row, groups):
    """The form data of a row, and what was found wrong in its cells (field: message)."""
    data, found = {}, {}
    for (name, _header), value in zip(COLUMNS, row, strict=True):
        value = cell_text(value)
        if name in CHOICE_FIELDS and value:
            code = choice_code(CHOICE_FIELDS[name], value)
            if code is None:
                found[name] = _("Unknown value “%(value)s”.") % {"value": value}
            value = code or ""
        elif name == "group" and value:
            if value not in groups:
                found[name] = _("No party group named “%(value)s” in this branch.") % {
                    "value": value
                }
            value = groups.get(value, "")
        data[name] = value
    # An empty status column means a full member, the common case.
    data["status"] = data["status"] or Member.Status.FULL
    return data, found
