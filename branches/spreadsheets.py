"""Writing .xlsx files the way every export of the ledger does."""

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

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
