"""Reading and writing .xlsx files the way every import and export of the ledger does."""

import datetime
import zipfile
from io import BytesIO
from itertools import islice

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(sheets):
    """`sheets`: (title, rows, column widths or None); the first row of each is bold when
    widths are given, as a ledger's header row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, widths in sheets:
        sheet = workbook.create_sheet(str(title))
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column, value=value)
                if isinstance(value, str):
                    # Stored as text, so a value like "=HYPERLINK(...)" is never a formula.
                    cell.data_type = "s"
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(sheet.columns):
            width = widths[index] if widths else 16
            sheet.column_dimensions[column[0].column_letter].width = width
        if widths and rows:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Templates and imports accept headers and choice labels in every interface language.
LANGUAGES = ("zh-hans", "en")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class SpreadsheetError(Exception):
    """A file that cannot be imported at all; the message says why, for the user."""


def read_first_sheet(uploaded_file, max_rows):
    """The rows of the first sheet as tuples of cell values, the header row included."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    try:
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError(
            _("This is not an Excel .xlsx file. Download the template and fill it in.")
        ) from None
    try:
        rows = list(islice(workbook.worksheets[0].iter_rows(values_only=True), max_rows + 2))
    finally:
        workbook.close()
    if len(rows) > max_rows + 1:
        raise SpreadsheetError(
            _("The file has more than %(count)d rows; split it.") % {"count": max_rows}
        )
    return rows


def is_header(cells, headers):
    """Whether `cells` begin with the (translatable) `headers` in an interface language."""
    cells = [str(cell or "").strip() for cell in cells][: len(headers)]
    for language in LANGUAGES:
        with translation.override(language):
            if cells == [str(header) for header in headers]:
                return True
    return False


def is_blank(row):
    return all(cell in (None, "") for cell in row)


def choice_code(choices, value):
    """A choice given by its code or by its label in any interface language, or None."""
    for code, label in choices.choices:
        if value == code:
            return code
        for language in LANGUAGES:
            with translation.override(language):
                if value == str(label):
                    return code
    return None


def cell_text(value):
    """A cell as the text a form field expects; dates as ISO dates."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def form_messages(form):
    """A row's form errors as one list of messages, each naming its column."""
    return [
        f"{form.fields[name].label}: {message}" if name in form.fields else message
        for name, messages in form.errors.items()
        for message in messages
    ]
