"""Fill a 填报表 (src/view/fill_form.rs) as a unit would in Excel or WPS, with
openpyxl (a reader and writer that is not ours): used by tests/e2e/fill_form.test.mjs.

    python fill_form.py IN.xlsx OUT.xlsx '{"cells": {"7-t0": {"完成值": 450}}, "headers": {"G": "完成数"}}'

`cells`: by the row's 编号 (column 编号), by header, the value to type (a number
or a text such as "1.2万"). `headers`: header cells (row 3) to overwrite, by
column letter. Prints what openpyxl read of the form before filling, as JSON.
"""
import json
import sys

import openpyxl

source, target, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
book = openpyxl.load_workbook(source)
sheet = book["填报表"]
headers = [c.value for c in sheet[3]]
key_col = headers.index("编号") + 1
rows = {}
for r in range(4, sheet.max_row + 1):
    key = sheet.cell(row=r, column=key_col).value
    if key:
        rows[key] = r
seen = {
    "sheets": book.sheetnames,
    "headers": headers,
    "rows": len(rows),
    "protected": sheet.protection.sheet,
    "hidden": [letter for letter, dim in sheet.column_dimensions.items() if dim.hidden],
    "values": {key: [sheet.cell(row=r, column=c).value for c in range(7, 11)] for key, r in rows.items()},
    "about": {row[0].value: row[1].value for row in book["说明"].iter_rows() if row[0].value},
}
for key, by_header in spec.get("cells", {}).items():
    for header, value in by_header.items():
        sheet.cell(row=rows[key], column=headers.index(header) + 1).value = value
for letter, text in spec.get("headers", {}).items():
    sheet[f"{letter}3"] = text
book.save(target)
print(json.dumps(seen, ensure_ascii=False))
