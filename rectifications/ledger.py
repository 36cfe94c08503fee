"""Rectification items as .xlsx: the import template, the bulk import from a file or from
rows pasted out of a spreadsheet, and the ledger a secretary hands in.

The import is all or nothing: every row is checked with the form the web page uses, and
nothing is saved unless every row is valid (a safety check may find 30 hazards at once).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Member
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

from .forms import ItemForm
from .models import Item

MAX_ROWS = 500

# (form field, column header) in the template's order.
COLUMNS = [
    ("problem", gettext_lazy("Problem")),
    ("category", gettext_lazy("Category")),
    ("owner", gettext_lazy("Person responsible")),
    ("measures", gettext_lazy("Measures")),
    ("found_on", gettext_lazy("Found on")),
    ("deadline", gettext_lazy("Deadline")),
]
LEDGER_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Problem"),
    gettext_lazy("Category"),
    gettext_lazy("Person responsible"),
    gettext_lazy("Measures"),
    gettext_lazy("Deadline"),
    gettext_lazy("Status"),
    gettext_lazy("Closed on"),
]
LEDGER_WIDTHS = [6, 48, 8, 10, 40, 12, 12, 12]
# Dates as people type them in Chinese spreadsheets: 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日.
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # of CellError, in row order


def _headers():
    return [str(header) for _name, header in COLUMNS]


def template_xlsx():
    example = [
        "3号墩临边防护栏杆缺失",
        str(Item.Category.SAFETY.label),
        "张三",
        "立即补设防护栏杆并挂设警示标志",
        datetime.date(2024, 10, 2),
        datetime.date(2024, 10, 5),
    ]
    instructions = [
        [_("Fill in the first sheet, one problem per row below the header. Example:")],
        _headers(),
        example,
        [
            _("Category, one of: %(labels)s.")
            % {"labels": "、".join(map(str, Item.Category.labels))}
        ],
        [_("Responsible: the name of a member of the branch.")],
        [_("Dates as 2024-10-05; an empty “found on” means today. Numbers are given in order.")],
    ]
    return workbook_bytes(
        [(_("Items"), [_headers()], None), (_("Instructions"), instructions, None)]
    )


def ledger_xlsx(items, name_checklists=False):
    """The ledger layout: 序号, 问题, 类别, 责任人, 整改措施, 时限, 状态, 销号日期. Items of
    several checklists (`name_checklists`) also name theirs, as each numbers its own."""
    headers = [str(header) for header in LEDGER_HEADERS]
    widths = LEDGER_WIDTHS
    if name_checklists:
        headers = [headers[0], _("Checklist"), *headers[1:]]
        widths = [widths[0], 24, *widths[1:]]
    rows = [
        [
            item.number,
            *([item.checklist.title] if name_checklists else []),
            item.problem,
            item.get_category_display(),
            item.owner.name,
            item.measures,
            item.deadline,
            item.get_status_display(),
            item.closed_on,
        ]
        for item in items
    ]
    return workbook_bytes([(_("Rectification ledger"), [headers, *rows], widths)])


def rows_from_file(uploaded_file):
    """(row number, cells) of a file made from the template, which must keep its header."""
    rows = read_first_sheet(uploaded_file, MAX_ROWS, len(COLUMNS))
    if not rows or not is_header(rows[0], [header for _name, header in COLUMNS]):
        raise SpreadsheetError(
            _("The first row must be the template's header: %(header)s.")
            % {"header": "、".join(_headers())}
        )
    return list(enumerate(rows[1:], start=2))


def rows_from_paste(text):
    """(row number, cells) of rows pasted from a spreadsheet: cells split by tabs; a
    header row, if pasted along, is skipped."""
    lines = [line.rstrip("\r") for line in text.splitlines()]
    rows = [tuple(line.split("\t")) for line in lines]
    numbered = list(enumerate(rows, start=1))
    if numbered and is_header(numbered[0][1], [header for _name, header in COLUMNS]):
        numbered = numbered[1:]
    if len(numbered) > MAX_ROWS:
        raise SpreadsheetError(
            _("There are more than %(count)d rows; split them.") % {"count": MAX_ROWS}
        )
    return numbered


def import_rows(checklist, numbered_rows, user):
    """Check every row; save them all, numbered on, only when all are valid."""
    owners = {}
    for member in Member.objects.filter(branch=checklist.branch_id).active():
        owners.setdefault(member.name, []).append(member.pk)
    result = ImportResult()
    forms = []
    for number, row in numbered_rows:
        if is_blank(row):
            continue
        data, found = _row_to_data(row, owners)
        form = ItemForm(data, instance=Item(checklist=checklist))
        result.errors += row_errors(number, COLUMNS, form, found)
        forms.append(form)
    if not forms:
        raise SpreadsheetError(_("There are no rows to import."))
    if not result.errors:
        with transaction.atomic():
            result.created = checklist.add_items([form.save(commit=False) for form in forms], user)
    return result


def _row_to_data(row, owners):
    """The form data of a row, and what was found wrong in its cells (field: message)."""
    # Pasted rows have as many cells as the line has tabs.
    cells = list(row) + [None] * (len(COLUMNS) - len(row))
    data, found = {}, {}
    for (name, _header), value in zip(COLUMNS, cells, strict=False):
        value = cell_text(value)
        if name == "category" and value:
            code = choice_code(Item.Category, value)
            if code is None:
                found[name] = _("Unknown value “%(value)s”.") % {"value": value}
            value = code or ""
        elif name == "owner" and value:
            matches = owners.get(value, [])
            if not matches:
                found[name] = _("No member named “%(value)s” in this branch.") % {"value": value}
            elif len(matches) > 1:
                found[name] = _("Several members are named “%(value)s”; add it by hand.") % {
                    "value": value
                }
            value = matches[0] if len(matches) == 1 else ""
        elif name in ("found_on", "deadline") and value:
            value = _iso_date(value)
        data[name] = value
    data["found_on"] = data["found_on"] or timezone.localdate().isoformat()
    return data, found


def _iso_date(text):
    """2024/5/1 or 2024年5月1日 as 2024-05-01; anything else as typed, for the form to refuse."""
    match = DATE.match(text)
    if not match:
        return text
    try:
        return datetime.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return text
