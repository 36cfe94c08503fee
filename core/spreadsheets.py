"""Reading and writing .xlsx files the way every import and export of the ledger does."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from itertools import islice
from typing import IO, TYPE_CHECKING, NoReturn
from xml.parsers import expat

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms import BaseForm
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from typing import TypeAlias

    from django_stubs_ext import StrOrPromise

    # What the ledger writes into a cell (a Percent is a float).
    CellValue: TypeAlias = str | float | datetime.date | None
    # A sheet: its title, its rows, and its column widths or None.
    Sheet: TypeAlias = tuple[StrOrPromise, Sequence[Sequence[CellValue]], Sequence[float] | None]
    # A row as read: whatever its cells hold.
    Row: TypeAlias = tuple[object, ...]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Percent(float):
    """A fraction written as a number shown as a percentage, such as an attendance rate."""


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """`sheets`: (title, rows, column widths or None); when widths are given, the sheet is
    a ledger and its first row a bold header that stays in view."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # a new workbook has one sheet
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
                elif isinstance(value, Percent):
                    cell.number_format = "0.0%"
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


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Templates and imports accept headers and choice labels in every interface language.
LANGUAGES = ("zh-hans", "en")

# What an upload may hold, checked before openpyxl reads any of it. An .xlsx is a zip of XML
# parts: a small file can unpack to gigabytes, and openpyxl keeps whole parts in memory.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A workbook from Excel or WPS has a dozen parts; pictures and more sheets add a few each.
MAX_PARTS = 1000
# A full 2000-row roster unpacks to about 1 MB; the rest is room for formatting and sheets.
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_UNPACKED_BYTES = 24 * 1024 * 1024
# Spreadsheet XML deflates about ten to one; a hundred to one is padding, as in a zip bomb.
MAX_COMPRESSION_RATIO = 100
# openpyxl keeps up to 650 bytes for each element of a part it reads whole (the styles, the
# workbook), so this bounds its memory to about 50 MB. A full 2000-row roster written by
# Excel has some 52,000 elements in all.
MAX_XML_ELEMENTS = 75_000
# Excel's own limits: 16,384 columns, so as many cells in a row, and 32,767 characters in a
# cell. No part of a workbook needs more children under one element or a longer text.
MAX_CHILDREN = 16_384
MAX_TEXT_CHARS = 32_767
# openpyxl reads the relationships of every sheet, which a file can point at one large part:
# its work grows with sheets times that part. The template has two sheets.
MAX_SHEETS = 10
# The longest text an import fills in, a problem or its measures, is a paragraph.
MAX_CELL_CHARS = 2000
# Excel writes its parts stored or deflated; other methods decompress without a bound.
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class SpreadsheetError(Exception):
    """A file that cannot be imported at all; the message says why, for the user."""


def _not_a_workbook() -> SpreadsheetError:
    return SpreadsheetError(
        _("This is not an Excel .xlsx file. Download the template and fill it in.")
    )


def _too_large() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file is too large to import. Keep only the rows to import on its first "
            "sheet, or copy them into the template."
        )
    )


def read_first_sheet(uploaded_file: UploadedFile, max_rows: int, max_columns: int) -> list[Row]:
    """The rows of the first sheet, the header row included, each as a tuple of its first
    `max_columns` cell values. The file is checked first, so that reading it never takes
    more memory than an import needs, whatever it holds."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:  # type: ignore[operator]  # an upload has a size
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    try:
        _check_workbook(uploaded_file)
        uploaded_file.seek(0)
        rows = _first_rows(uploaded_file, max_rows + 2, max_columns)
    except SpreadsheetError:
        raise
    # zipfile and openpyxl answer a damaged file with any of a dozen exceptions (BadZipFile,
    # XML parse errors, KeyError, TypeError...): to the user they all mean a broken file.
    except Exception:
        raise _not_a_workbook() from None
    if len(rows) > max_rows + 1:
        raise SpreadsheetError(
            _("The file has more than %(count)d rows; split it.") % {"count": max_rows}
        )
    _check_cell_lengths(rows)
    return rows


def _first_rows(file: IO[bytes], count: int, max_columns: int) -> list[Row]:
    workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    try:
        # Read-only rows are as wide as the sheet says it is, unless told otherwise.
        rows = workbook.worksheets[0].iter_rows(max_col=max_columns, values_only=True)
        return list(islice(rows, count))
    finally:
        workbook.close()


def _check_workbook(file: IO[bytes]) -> None:
    """Refuse, before openpyxl reads it, a file that is not a plain .xlsx zip or that holds
    more than any import needs (see the limits above)."""
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
        _check_parts(parts)
        check = _XmlCheck()
        for part in parts:
            with archive.open(part) as stream:
                check.read(stream)


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    """Check what the zip's directory declares; Python's zipfile never unpacks more of a
    part than its declared size."""
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise _too_large()
    for part in parts:
        if part.compress_type not in ZIP_METHODS or part.flag_bits & 0x1:  # 0x1: encrypted
            raise _not_a_workbook()
        if (
            part.file_size > MAX_PART_BYTES
            or part.file_size > MAX_COMPRESSION_RATIO * part.compress_size
        ):
            raise _too_large()


class _XmlCheck:
    """Streams the parts through expat, as openpyxl's parser would read them, and refuses a
    DTD (its entities expand a few bytes to gigabytes, or read the server's files), a chart
    sheet (openpyxl would read its drawings and charts) and XML bigger than a spreadsheet
    needs. A part that is not XML, or is broken, is left to whoever reads it: openpyxl
    fails on it the same way if it does."""

    def __init__(self) -> None:
        self.elements_left = MAX_XML_ELEMENTS
        self.sheets_left = MAX_SHEETS

    def read(self, stream: IO[bytes]) -> None:
        self.children = [0]  # counted so far, of each open element and of the part
        self.text_length = 0  # of the run of text being read
        # The arguments xml.etree gives expat, so that both read a part alike.
        parser = expat.ParserCreate(None, "}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self.refuse_doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            pass

    def refuse_doctype(self, *_declaration: object) -> NoReturn:
        raise _not_a_workbook()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements_left -= 1
        self.children[-1] += 1
        if self.elements_left < 0 or self.children[-1] > MAX_CHILDREN:
            raise _too_large()
        if any(len(value) > MAX_TEXT_CHARS for value in attributes.values()):
            raise _too_large()
        # As openpyxl tells a chart sheet: by its relationship's type.
        if "chartsheet" in attributes.get("Type", ""):
            raise _not_a_workbook()
        if name.rpartition("}")[2] == "sheet":
            self.sheets_left -= 1
            if self.sheets_left < 0:
                raise _too_large()
        self.children.append(0)
        self.text_length = 0

    def end(self, _name: str) -> None:
        self.children.pop()
        self.text_length = 0

    def text(self, data: str) -> None:
        self.text_length += len(data)
        if self.text_length > MAX_TEXT_CHARS:
            raise _too_large()


def _check_cell_lengths(rows: list[Row]) -> None:
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                too_long = _("the cell holds more than %(count)d characters.") % {
                    "count": MAX_CELL_CHARS
                }
                raise SpreadsheetError(str(CellError(number, column, "", too_long)))


@dataclass(frozen=True)
class CellError:
    """A problem of an imported row, in one cell (`column`, counted from 1, under `header`)
    or in the whole row (`column` None). Shown as “第3行 C列（出生日期）：…”."""

    row: int
    column: int | None
    header: str
    message: str

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    @property
    def location(self) -> str:
        if self.column is None:
            return _("Row %(row)d") % {"row": self.row}
        place = {"row": self.row, "column": self.column_letter, "header": self.header}
        if not self.header:
            return _("Row %(row)d, column %(column)s") % place
        return _("Row %(row)d, column %(column)s (%(header)s)") % place

    def __str__(self) -> str:
        return _("%(location)s: %(message)s") % {
            "location": self.location,
            "message": self.message,
        }


def row_errors(
    row: int, columns: Iterable[tuple[str, StrOrPromise]], form: BaseForm, found: dict[str, str]
) -> list[CellError]:
    """The problems of sheet row `row`, cell by cell: `found` (field name: message) met in
    reading its cells, then the errors of `form` on its other fields and on the whole row.
    `columns`: (field name, header) in the sheet's order."""
    places = {name: (number, str(header)) for number, (name, header) in enumerate(columns, start=1)}
    errors = [CellError(row, *places[name], message) for name, message in found.items()]
    for name, messages in form.errors.items():
        # A cell found wrong was left empty for the form, which would only add "required".
        if name in found:
            continue
        column, header = places.get(name, (None, ""))
        errors += [CellError(row, column, header, str(message)) for message in messages]
    return sorted(errors, key=lambda error: (error.column is None, error.column or 0))


def is_header(cells: Sequence[object], headers: Sequence[StrOrPromise]) -> bool:
    """Whether `cells` begin with the (translatable) `headers` in an interface language."""
    cells = [str(cell or "").strip() for cell in cells][: len(headers)]
    for language in LANGUAGES:
        with translation.override(language):
            if cells == [str(header) for header in headers]:
                return True
    return False


def is_blank(row: Iterable[object]) -> bool:
    return all(cell in (None, "") for cell in row)


def choice_code(choices: type[models.TextChoices], value: str) -> str | None:
    """A choice given by its code or by its label in any interface language, or None."""
    for code, label in choices.choices:
        if value == code:
            return code
        for language in LANGUAGES:
            with translation.override(language):
                if value == str(label):
                    return code
    return None


def cell_text(value: object) -> str:
    """A cell as the text a form field expects; dates as ISO dates."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()
