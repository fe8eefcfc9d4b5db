"""A ``Chart`` on a sheet of the workbook: its data as a small table (a row per category, a column per series,
numbers as numbers) and a native bar chart over that table beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appraise.schemes.document import Chart

if TYPE_CHECKING:
    from appraise.io.deliver.xlsx_sheet import SheetWriter

#: The chart's size (cm) and the rows it covers at the default row height, so what follows starts below it.
WIDTH_CM, HEIGHT_CM, ROWS_COVERED = 16.0, 7.5, 16


def chart(sheet: SheetWriter, block: Chart) -> None:
    """``block`` at the sheet's current row: its title, its data table, the bar chart anchored right of it."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    if block.title:
        sheet.line(block.title, bold=True)
    top = sheet.row
    sheet.header(("", *(s.name for s in block.series)))
    for i, category in enumerate(block.categories):
        sheet.put(sheet.row, 1, category, measure=True)
        for col, series in enumerate(block.series, 2):
            value = series.values[i] if i < len(series.values) else None
            if value is not None:
                sheet.put(sheet.row, col, int(value) if block.integer and float(value).is_integer() else value,
                          measure=True)
        sheet.row += 1
    last = sheet.row - 1
    if not block.categories or not block.series:
        return
    bar = BarChart()
    bar.type = "bar" if block.kind == "bar" else "col"
    if block.kind == "bar":  # the first category on top, as the table reads
        bar.x_axis.scaling.orientation = "maxMin"
    bar.title = block.title or None
    bar.width, bar.height = WIDTH_CM, HEIGHT_CM
    data = Reference(sheet.ws, min_col=2, max_col=1 + len(block.series), min_row=top, max_row=last)
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(Reference(sheet.ws, min_col=1, min_row=top + 1, max_row=last))
    bar.y_axis.scaling.min = 0
    if block.y_max is not None:
        bar.y_axis.scaling.max = block.y_max
    if block.integer:
        bar.y_axis.majorUnit = 1
        bar.y_axis.number_format = _tick_format(block)
    if block.axis_title:
        bar.y_axis.title = block.axis_title
    bar.x_axis.delete = False  # openpyxl hides both axes unless told
    bar.y_axis.delete = False
    if len(block.series) == 1:
        bar.legend = None
    sheet.ws.add_chart(bar, f"{get_column_letter(len(block.series) + 3)}{top}")
    sheet.row = max(sheet.row, top + ROWS_COVERED) + 1


def _tick_format(block: Chart) -> str:
    """The axis's number format: ``"CL "0`` when every tick's word is one prefix and the number ("CL 0" ..
    "CL 5"), else the number."""
    words = {str(k): str(v) for k, v in block.labels.items()}
    prefixes = {v[:-len(k)] for k, v in words.items() if v.endswith(k)}
    if words and len(prefixes) == 1 and all(v.endswith(k) for k, v in words.items()):
        prefix = prefixes.pop().replace('"', "")
        return f'"{prefix}"0' if prefix else "0"
    return "0"
