"""The member roster as an .xlsx file: the import template, the import, and the export.

The import is all or nothing: every row is checked with the same form the web page uses,
and nothing is saved unless every row is valid.
"""

import datetime
import zipfile
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .forms import MemberForm
from .models import Member
from .spreadsheets import workbook_bytes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
LANGUAGES = ("zh-hans", "en")

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
CHOICE_FIELDS = {
    "gender": Member.Gender,
    "status": Member.Status,
    "committee_role": Member.CommitteeRole,
}


class RosterFileError(Exception):
    pass


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    row_errors: list = field(default_factory=list)  # (row number, [messages])


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
    return workbook_bytes([(_("Members"), [_headers(), *rows], None)])


def import_xlsx(branch, uploaded_file):
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise RosterFileError(_("The file is larger than 5 MB."))
    try:
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise RosterFileError(
            _("This is not an Excel .xlsx file. Download the template and fill it in.")
        ) from None
    sheet = workbook.worksheets[0]
    header = [
        str(cell or "").strip() for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())
    ]
    if not _is_header(header):
        workbook.close()
        raise RosterFileError(
            _("The first row must be the template's header: %(header)s.")
            % {"header": "、".join(_headers())}
        )
    rows = list(islice(sheet.iter_rows(min_row=2, values_only=True), MAX_ROWS + 1))
    workbook.close()
    if len(rows) > MAX_ROWS:
        raise RosterFileError(
            _("The file has more than %(count)d rows; split it.") % {"count": MAX_ROWS}
        )

    groups = {group.name: group.pk for group in branch.party_groups.all()}
    # A member is taken to be known already when name and birth date both match.
    seen = set(branch.members.active().values_list("name", "birth_date"))
    result = ImportResult()
    forms = []
    for number, row in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        data, errors = _row_to_data(row, groups)
        form = MemberForm(data, branch=branch)
        if not form.is_valid():
            errors += [
                f"{form.fields[name].label}: {message}" if name in form.fields else message
                for name, messages in form.errors.items()
                for message in messages
            ]
        elif (form.cleaned_data["name"], form.cleaned_data["birth_date"]) in seen:
            errors.append(
                _("%(name)s with this birth date is already in the branch.")
                % {"name": form.cleaned_data["name"]}
            )
        else:
            seen.add((form.cleaned_data["name"], form.cleaned_data["birth_date"]))
        if errors:
            result.row_errors.append((number, errors))
        forms.append(form)
    if not forms:
        raise RosterFileError(_("The file has no member rows."))
    if not result.row_errors:
        with transaction.atomic():
            result.created = [form.save() for form in forms]
    return result


def _row_to_data(row, groups):
    cells = list(row) + [None] * (len(COLUMNS) - len(row))
    data, errors = {}, []
    for (name, header), value in zip(COLUMNS, cells, strict=False):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        value = "" if value is None else str(value).strip()
        if name in CHOICE_FIELDS and value:
            code = _choice_code(CHOICE_FIELDS[name], value)
            if code is None:
                errors.append(
                    _("%(column)s: unknown value “%(value)s”.") % {"column": header, "value": value}
                )
            value = code or ""
        elif name == "group" and value:
            if value not in groups:
                errors.append(
                    _("%(column)s: no party group named “%(value)s” in this branch.")
                    % {"column": header, "value": value}
                )
            value = groups.get(value, "")
        data[name] = value
    # An empty status column means a full member, the common case.
    data["status"] = data["status"] or Member.Status.FULL
    return data, errors


def _is_header(cells):
    cells = cells[: len(COLUMNS)]
    for language in LANGUAGES:
        with translation.override(language):
            if cells == _headers():
                return True
    return False


def _choice_code(choices, value):
    """Accept a choice by its code or by its label in any of the interface languages."""
    for code, label in choices.choices:
        if value == code:
            return code
        for language in LANGUAGES:
            with translation.override(language):
                if value == str(label):
                    return code
    return None
