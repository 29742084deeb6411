#!/usr/bin/env python3
"""Writes the notice-file fixtures of tests/notice_sources.rs (run from anywhere:
`python3 tests/data/sources/make.py`; needs `pip install python-docx openpyxl`).

All wording is invented (a made-up 青禾县). Python's own writers (codecs,
zipfile, python-docx, openpyxl) make the files, and Python's own readers write
down what they read (expected.json), so the Rust reader is checked against an
independent implementation. The output is deterministic: zip timestamps and
document properties are fixed.
"""
import datetime
import io
import json
import os
import random
import re
import zipfile

import docx
from docx.shared import Pt  # noqa: F401  (python-docx is importable)
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = datetime.datetime(2026, 1, 2, 3, 4, 5)

NOTICE = """关于印发青禾县2026年五项民生实事的通知

各乡镇人民政府，县直各单位：
现将《青禾县2026年五项民生实事》印发给你们，请认真组织实施。

                    2026年3月2日
青禾县2026年五项民生实事

一、教育提升（2项）
1.新建乡镇幼儿园2所，新增学位360个，10月底前完工。（牵头单位：县教育局）
2.为1200名农村学生提供营养午餐。（牵头单位：县教育局、县财政局）
二、健康服务（3项）
3.为65岁以上老人免费体检8000人次，6月30日前完成。（牵头单位：县卫健委）
4.新建村卫生室5个。（牵头单位：县卫健委）
5.培训乡村医生150人次。（配合单位：县人社局）
"""


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def fixed_zip(name, build):
    """Re-pack an archive with fixed timestamps (python-docx/openpyxl stamp the time)."""
    with open(path(name), "rb") as f:
        src = zipfile.ZipFile(io.BytesIO(f.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-01-02T03:04:05Z", data)
            z.writestr(zipfile.ZipInfo(info.filename, FIXED.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    write(name, out.getvalue())


def texts():
    write("notice.gbk.txt", NOTICE.replace("\n", "\r\n").encode("gbk"))
    write("notice.utf16le.txt", b"\xff\xfe" + NOTICE.encode("utf-16-le"))
    write("notice.utf8.txt", NOTICE.encode("utf-8"))


DOCX_ITEMS = [
    ("一、就业创业（2项）",),
    ("1", "零工驿站", "建成县城零工驿站1个、乡镇零工服务点8个，服务灵活就业人员3000人次", "县人社局", "各乡镇", "2026年9月"),
    ("2", "技能培训", "开展职业技能培训2000人次", "县人社局", "", "12月底前"),
    ("二、城乡环境（2项）",),
    ("3", "背街小巷改造", "改造背街小巷12条，总长4.5公里", "县住建局", "县城管局、县财政局", "2026-10-31"),
    ("4", "公厕提升", "新建改建公厕20座", "县城管局", "", "2026年底"),
]


def new_document():
    """A Word document whose properties do not change from run to run."""
    d = docx.Document()
    d.core_properties.created = FIXED
    d.core_properties.modified = FIXED
    d.core_properties.author = "fixture"
    return d


def make_docx():
    d = new_document()
    d.add_paragraph("关于印发青禾县2026年四项民生实事的通知")
    d.add_paragraph("各乡镇人民政府，县直各单位：")
    p = d.add_paragraph("现将清单印发给你们，")
    p.add_run("请认真组织实施。")
    d.add_paragraph("2026年3月2日")
    d.add_paragraph("青禾县2026年四项民生实事")
    header = ("序号", "项目名称", "主要内容", "牵头单位", "配合单位", "完成时限")
    t = d.add_table(rows=1 + len(DOCX_ITEMS), cols=len(header))
    for c, h in enumerate(header):
        t.cell(0, c).text = h
    for r, row in enumerate(DOCX_ITEMS, start=1):
        if len(row) == 1:
            merged = t.cell(r, 0).merge(t.cell(r, len(header) - 1))
            merged.text = row[0]
        else:
            for c, v in enumerate(row):
                t.cell(r, c).text = v
    # 牵头单位 of items 1 and 2 in one cell merged down (Word repeats nothing: the reader must).
    top = t.cell(2, 3).merge(t.cell(3, 3))
    top.text = "县人社局"
    d.add_paragraph("附：联系人\t张三")
    d.save(path("list.docx"))
    fixed_zip("list.docx", None)
    # What python-docx reads: the body paragraphs, and each table row's cells.
    back = docx.Document(path("list.docx"))
    return {
        "paragraphs": [p.text for p in back.paragraphs],
        "rows": [[c.text for c in row.cells] for row in back.tables[0].rows],
    }


XLSX_ITEMS = [
    ("一、社会保障",),
    (1, "助餐服务", "新增老年助餐点15个", "县民政局", "各乡镇", datetime.datetime(2026, 6, 30), 300),
    (2, "居家养老", "为300户困难老人家庭实施适老化改造", None, "县残联", "9月底前完成", 90.5),
    ("二、交通出行",),
    (3, "公交线路", "新开通城乡公交线路3条", "县交通局", "", "2026年11月", 0),
]


def make_xlsx():
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "清单"
    header = ["序号", "项目名称", "主要内容", "牵头单位", "责任单位", "完成时限", "年度投资（万元）", "备注"]
    ws.append(["青禾县2026年民生实事项目表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in XLSX_ITEMS:
        ws.append(list(row))
        if len(row) == 1:
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
    # 牵头单位 of items 1 and 2 merged down: the second row's cell is empty in the file.
    ws.merge_cells("D4:D5")
    ws["H4"] = "已列入预算"
    notes = wb.create_sheet("说明")
    notes.append(["本表由县发改委汇总。"])
    notes.append(["联系电话", "0000-1234567"])
    wb.save(path("list.xlsx"))
    fixed_zip("list.xlsx", None)
    back = openpyxl.load_workbook(path("list.xlsx"))
    return {
        "sheets": back.sheetnames,
        "rows": [[("" if v is None else str(v)) for v in row] for row in back["清单"].iter_rows(values_only=True)],
    }


INLINE_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>目标任务</t></is></c><c r="D1" t="inlineStr"><is><t>责任单位</t></is></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="inlineStr"><is><t>改造供水管网8.5公里 &amp; 泵站2座</t></is></c><c r="D2" t="s"><v>2</v></c><c r="E2" t="s"><v>3</v></c></row>
<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>路灯</t></is></c><c r="C3" t="inlineStr"><is><t>安装路灯&#x0031;20盏</t></is></c><c r="D3" t="inlineStr"><is><t>县城管局</t></is></c></row>
</sheetData></worksheet>"""

SHARED = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>实事名称</t></si>
<si><r><rPr><b/></rPr><t>饮水</t></r><r><t xml:space="preserve">安全</t></r><rPh sb="0" eb="2"><t>インスイ</t></rPh></si>
<si><t>县水利局</t></si>
<si/>
</sst>"""

INLINE_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId7"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
    "xl/worksheets/data.xml": INLINE_SHEET,
    "xl/sharedStrings.xml": SHARED,
}


def zip_of(parts, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, FIXED.timetuple()[:6]), data, method)
    return out.getvalue()


def bad_files():
    write("empty.txt", b"")
    rng = random.Random(12)
    write("junk.bin", bytes(rng.randrange(256) for _ in range(4096)))
    write("scan.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    write("old.doc", ole)
    write("old.xls", ole)
    write("other.docx", zip_of({"readme.txt": "不是文档"}))
    with open(path("list.docx"), "rb") as f:
        good = bytearray(f.read())
    # Bytes in the middle of the deflated document.xml changed: inflating or the CRC fails.
    z = zipfile.ZipFile(io.BytesIO(bytes(good)))
    info = z.getinfo("word/document.xml")
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    for i in range(at, at + 16):
        good[i] ^= 0x5A
    write("corrupt.docx", bytes(good))
    write("truncated.xlsx", open(path("list.xlsx"), "rb").read()[:1000])
    # 100 MB of document.xml in ~100 KB: over the 64 MB unpacking cap.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED.timetuple()[:6]), "<Types/>", zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("word/document.xml", FIXED.timetuple()[:6]), b" " * (100 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    write("bomb.docx", bomb.getvalue())


def make_empty_ones():
    wb = openpyxl.Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.active.title = "说明"
    wb.active.append(["本表由县发改委汇总。"])
    wb.save(path("nolist.xlsx"))
    fixed_zip("nolist.xlsx", None)
    d = docx.Document()
    d.core_properties.created = FIXED
    d.core_properties.modified = FIXED
    d.add_paragraph("")
    d.save(path("blank.docx"))
    fixed_zip("blank.docx", None)


def make_renamed():
    """list.docx with its main part at word/document2.xml (as Word Online writes some files)."""
    src = zipfile.ZipFile(path("list.docx"))
    parts = {}
    for info in src.infolist():
        data = src.read(info.filename)
        name = info.filename
        if name == "word/document.xml":
            name = "word/document2.xml"
        elif name == "word/_rels/document.xml.rels":
            name = "word/_rels/document2.xml.rels"
        elif name in ("_rels/.rels", "[Content_Types].xml"):
            data = data.replace(b"word/document.xml", b"word/document2.xml")
        parts[name] = data
    write("renamed.docx", zip_of(parts))
    return [p.text for p in docx.Document(path("renamed.docx")).paragraphs]


def make_big_docx():
    """A 200-item notice as a district office drafts it (paragraphs, ten
    categories of twenty items), for scripts/bench-open-notice.mjs."""
    d = new_document()
    d.add_paragraph("关于印发青禾县2026年二百项民生实事的通知")
    d.add_paragraph("各乡镇人民政府，县直各单位：")
    d.add_paragraph("现将清单印发给你们，请认真组织实施。")
    d.add_paragraph("2026年1月20日")
    d.add_paragraph("青禾县2026年二百项民生实事")
    numerals = "一二三四五六七八九十"
    kinds = ["新建", "改造", "培训", "发放", "新增"]
    things = [("社区服务站", "个"), ("农村公路", "公里"), ("技能人员", "人次"), ("助学金", "万元"), ("托位", "个")]
    no = 0
    for c in range(10):
        d.add_paragraph(f"{numerals[c]}、第{numerals[c]}类民生工程（20项）")
        for i in range(20):
            no += 1
            kind = kinds[(c + i) % 5]
            thing, unit = things[(c * 3 + i) % 5]
            d.add_paragraph(f"{no}.{kind}{thing}{10 + (no * 7) % 90}{unit}，{(no % 12) + 1}月底前完成。（牵头单位：县第{c + 1}局）")
    d.save(path("big.docx"))
    fixed_zip("big.docx", None)


def main():
    texts()
    make_big_docx()
    expected = {"docx": make_docx(), "xlsx": make_xlsx()}
    write("handmade.xlsx", zip_of(INLINE_PARTS))
    write("stored.xlsx", zip_of(INLINE_PARTS, zipfile.ZIP_STORED))
    bad_files()
    make_empty_ones()
    expected["renamed_docx_paragraphs"] = make_renamed()
    expected["gbk"] = open(path("notice.gbk.txt"), "rb").read().decode("gbk")
    expected["utf16le"] = open(path("notice.utf16le.txt"), "rb").read().decode("utf-16")
    with open(path("expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
