#!/usr/bin/env python3
"""Reads a .docx with python-docx (not our code) and prints what it holds as JSON,
for tests/docx_readback.rs:

    .venv-tests/bin/python tests/support/docx_readback.py FILE.docx

{"title": core title,
 "paragraphs": [para], "tables": [{"columns_twips": [...], "borders": {side: val},
   "rows": [{"repeat_header": bool, "cant_split": bool, "cells": [{"span": n, **para}]}]}],
 "sections": [{"orientation", "page_twips": [w, h], "margins_twips": {top, bottom, left, right,
   footer}, "footer": {"text", "fields": [instr], **para}}]}

para = {"text", "style", "alignment", "size_pt", "bold", "fonts": {"ascii", "hAnsi", "eastAsia"},
        "first_line_chars", "line_twips", "line_rule"}: each property as it takes effect, looked up
in the run, the paragraph, its style and the styles it is based on, then the document defaults
(python-docx gives only what is set where it asks, so the cascade is walked here).
A cell's text is python-docx's: paragraphs joined by "\\n", a <w:br/> read as "\\n".
"""
import json
import sys

import docx
from docx.oxml.ns import qn


def first(elements, path, attribute=None):
    """The first element (or its attribute) that `path` finds under any of `elements`."""
    for element in elements:
        if element is None:
            continue
        found = element.xpath(path)
        if found:
            return found[0] if attribute is None else found[0].get(qn(attribute))
    return None


class Cascade:
    def __init__(self, document):
        styles = document.styles.element
        self.default_rpr = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr")
        self.default_ppr = styles.xpath("w:docDefaults/w:pPrDefault/w:pPr")

    def paragraph(self, paragraph, text=None):
        chain = []
        style = paragraph.style
        while style is not None:
            chain.append(style.element)
            style = style.base_style
        runs = [r._r.rPr for r in paragraph.runs]
        rprs = runs + [s.find(qn("w:rPr")) for s in chain] + self.default_rpr
        pprs = [paragraph._p.pPr] + [s.find(qn("w:pPr")) for s in chain] + self.default_ppr
        size = first(rprs, "w:sz", "w:val")
        bold = first(rprs, "w:b")
        return {
            "text": paragraph.text if text is None else text,
            "style": paragraph.style.name,
            "alignment": first(pprs, "w:jc", "w:val"),
            "size_pt": int(size) / 2 if size else None,
            "bold": bold is not None and bold.get(qn("w:val")) not in ("0", "false"),
            "fonts": {k: first(rprs, "w:rFonts[@w:%s]" % k, "w:" + k) for k in ("ascii", "hAnsi", "eastAsia")},
            "first_line_chars": first(pprs, "w:ind[@w:firstLineChars]", "w:firstLineChars"),
            "line_twips": first(pprs, "w:spacing[@w:line]", "w:line"),
            "line_rule": first(pprs, "w:spacing[@w:lineRule]", "w:lineRule"),
        }


def table(cascade, t):
    rows = []
    for row in t.rows:
        tr = row._tr
        flag = lambda name: tr.trPr is not None and tr.trPr.find(qn(name)) is not None
        cells = []
        for tc in tr.tc_lst:
            cell = docx.table._Cell(tc, t)
            cells.append({"span": tc.grid_span, **cascade.paragraph(cell.paragraphs[0], cell.text)})
        rows.append({"repeat_header": flag("w:tblHeader"), "cant_split": flag("w:cantSplit"), "cells": cells})
    borders = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in t._tbl.xpath("w:tblPr/w:tblBorders/*")}
    return {"columns_twips": [c.width.twips for c in t.columns], "borders": borders, "rows": rows}


def section(cascade, s):
    footer = s.footer
    fields = [i.text for p in footer.paragraphs for i in p._p.xpath(".//w:instrText")]
    fields += [f.get(qn("w:instr")) for p in footer.paragraphs for f in p._p.xpath(".//w:fldSimple")]
    return {
        "orientation": "landscape" if s.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE else "portrait",
        "page_twips": [s.page_width.twips, s.page_height.twips],
        "margins_twips": {
            "top": s.top_margin.twips,
            "bottom": s.bottom_margin.twips,
            "left": s.left_margin.twips,
            "right": s.right_margin.twips,
            "footer": s.footer_distance.twips,
        },
        "footer": {"fields": fields, **cascade.paragraph(footer.paragraphs[0], "\n".join(p.text for p in footer.paragraphs))},
    }


def main(path):
    document = docx.Document(path)
    cascade = Cascade(document)
    out = {
        "title": document.core_properties.title,
        "paragraphs": [cascade.paragraph(p) for p in document.paragraphs],
        "tables": [table(cascade, t) for t in document.tables],
        "sections": [section(cascade, s) for s in document.sections],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: docx_readback.py FILE.docx")
    main(sys.argv[1])
