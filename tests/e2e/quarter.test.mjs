// The quarterly cycle as a 督查考核办 runs it (#15), on a clock stopped at
// 2023-10-08: set the period to 三季度末, record Q3's facts in October (a
// figure, a note, a written 完成情况), set one item's 完成状况 by hand, fill an
// item's people and quarterly goal, see who has reported (报送), then issue
// the 通报 in all four forms —
// the page (and its print), CSV, XLSX and Word — and read each back with a
// reader that is not ours (read-excel-file, python-docx, LibreOffice).
//
// Selectors: #as-of-q3 #fact-day #edit-summary #edit-judgement #edit-judgement-reason
//   details.people-box #edit-leader #edit-responsible #edit-partners
//   .quarter-row[data-quarter] input.quarter-goal input.quarter-share
//   #report-summary tr.report-row[data-item] tr.report-category #report-csv #report-xlsx #report-docx
//   #submissions #reported-count #unreported-units #reminder-text #submission-rates tr[data-category]
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import readExcelFile from "read-excel-file/node";
import { APP_URL, ROOT, forEachBrowser, openApp, setField, withFreshBrowser } from "./harness.mjs";
import { editor, openItem, waitEditorShows, withClock } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };
/** 2023-10-08 09:00 local: Q3 is over, its report is being compiled. */
const OCTOBER = new Date(2023, 9, 8, 9, 0, 0).getTime();
const HEADERS = ["序号", "年度目标", "分管领导", "牵头单位", "责任人", "配合单位", "季度目标", "完成情况", "完成状况", "环比", "备注"];

/** What python-docx reads from a .docx (tests/support/docx_readback.py, in the venv install-tools.sh makes). */
function readDocx(path) {
  const python = join(ROOT, ".venv-tests/bin/python");
  return JSON.parse(execFileSync(python, [join(ROOT, "tests/support/docx_readback.py"), path], { encoding: "utf8" }));
}

/** The .docx laid out by LibreOffice headless: its pages' count and text (pdfinfo, pdftotext). */
function layOut(path) {
  const dir = mkdtempSync(join(tmpdir(), "minsheng-docx-"));
  try {
    execFileSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, path], { timeout: 120_000, stdio: "ignore" });
    const pdf = join(dir, path.split("/").pop().replace(/\.docx$/, ".pdf"));
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)[1]), size: /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info).slice(1).map(Number), text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The 通报's item rows as the page shows them, by item number. */
async function reportRows(page) {
  const rows = await page.$$eval("#report-table tr.report-row", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
  return Object.fromEntries(rows.map((r) => [r[0], r]));
}

forEachBrowser("the quarterly cycle (#15)", (ctx) => {
  it("Q3 recorded in October, one item judged by hand, people filled: the 通报 on the page, in print, CSV, XLSX and Word", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(withClock(fresh, OCTOBER));
      try {
        const { page } = app;
        assert.equal(await page.$eval("#as-of", (el) => el.value), "2023-10-08", "the list's year runs: today");
        await page.click("#as-of-q3");
        await app.waitFor("Q3", () => document.querySelector("#as-of").value === "2023-09-30");

        // Item 7 (797 people): Q3's figure, note and written account, typed in October for 09-30.
        await openItem(app, 7);
        assert.match(await page.$eval("#fact-day", (p) => p.textContent), /记为 2023年9月30日 的情况/);
        await setField(page, '.target-row[data-target="0"] input.target-value', "620");
        await setField(page, "textarea#edit-note", "三季度资金已全部拨付");
        // 完成情况 starts from the numbers' account, then is written over.
        await page.click("#summary-from-numbers");
        await app.waitFor("the numbers' account", () => document.querySelector("#edit-summary").value.includes("完成620名（目标797名，78%）"));
        await setField(page, "textarea#edit-summary", "已为620名残疾人提供康复救助，资金到位");
        // Its people and its Q3 goal (75 % of the year by 09-30).
        await page.click("details.people-box > summary");
        await setField(page, "#edit-leader", "王副区长");
        await setField(page, "#edit-responsible", "李科长");
        await setField(page, "#edit-partners", "区财政局、各镇街");
        await setField(page, '.quarter-row[data-quarter="3"] input.quarter-goal', "救助600名");
        await setField(page, '.quarter-row[data-quarter="3"] input.quarter-share', "75");
        await waitEditorShows(app, { no: 7, note: "三季度资金已全部拨付", targets: { 0: { value: "620", date: "2023-09-30" } } }, "item 7's Q3 facts");
        const history = (await editor(page)).history;
        assert.ok(history.some((h) => h.includes("备注（截至2023-09-30）") && h.includes("2023-10-08")), `recorded on 10-08 for 09-30: ${history.join(" | ")}`);

        // Item 25 has no figure to measure: a person judges it.
        await openItem(app, 25);
        await page.select("#edit-judgement", "on_schedule");
        await app.waitFor("the reason field", () => !!document.querySelector("#edit-judgement-reason"));
        await setField(page, "#edit-judgement-reason", "已完成招标，正按计划施工");
        await app.waitFor("item 25 judged", () => document.querySelector("#progress-editor .item-standing")?.textContent === "序时推进" && document.querySelector("#progress-editor .progress-summary").textContent.includes("人工认定"));
        await page.click("button#detail-close");

        // The 通报 at 三季度末.
        await page.click("#tab-report");
        await app.waitFor("the 通报", () => document.querySelectorAll("#report-table tr.report-row").length === 50);
        const rows = await reportRows(page);
        assert.deepEqual(rows["7"].slice(2), ["王副区长", "区残联", "李科长", "区财政局、各镇街", "救助600名（累计完成75%）", "已为620名残疾人提供康复救助，资金到位", "序时推进", "—", "三季度资金已全部拨付"]);
        assert.deepEqual([rows["25"][8], rows["25"][10]], ["序时推进", "完成状况为人工认定：已完成招标，正按计划施工"]);
        assert.ok(Object.values(rows).every((r) => ["", "完成", "序时推进", "未达到序时进度"].includes(r[8])), "only the three official words");
        const summary = await page.$eval("#report-summary", (td) => td.textContent.trim());
        assert.equal(summary, "截至2023年9月30日，50件民生实事已完成0件，完成率0%；序时推进2件；未达到序时进度0件；尚未评估48件（无完成数据，也未人工认定）。");

        // 报送: 区残联 (item 7) and 区医保局 (item 25) have reported for Q3; the rest are to be reminded.
        await page.click("#submissions > summary");
        const submitted = await page.evaluate(() => ({
          reported: Number(document.querySelector("#reported-count").textContent),
          unreported: document.querySelector("#unreported-units").textContent,
          reminder: document.querySelector("#reminder-text").value,
        }));
        assert.equal(submitted.reported, 2, JSON.stringify(submitted));
        assert.ok(!/区残联|区医保局/.test(submitted.unreported) && submitted.unreported.includes("区人社局"), submitted.unreported);
        assert.match(submitted.reminder, /^截至2023年9月30日，以下单位尚未报送三季度进展：区人社局、/);
        const rate = await page.$eval('#submission-rates tr[data-category="三、困难群体救助"]', (tr) => [...tr.cells].map((td) => td.textContent));
        assert.deepEqual(rate, ["三、困难群体救助", "11", "1", "9%"]);

        // Q2 shows Q2's facts: none of Q3's.
        await page.click("#as-of-q2");
        await app.waitFor("Q2's 通报", () => document.querySelector("#report-summary")?.textContent.includes("截至2023年6月30日"));
        const q2 = await reportRows(page);
        assert.deepEqual([q2["7"][7], q2["7"][8], q2["7"][10], q2["25"][8]], ["未填报", "", "", ""], "Q3's facts are not Q2's");
        assert.equal(q2["7"][6], "", "nor is Q3's goal");
        await page.click("#as-of-q3");
        await app.waitFor("Q3's 通报 again", () => document.querySelector("#report-summary")?.textContent.includes("截至2023年9月30日"));
        const shown = Object.values(await reportRows(page));

        // CSV.
        await page.click("#report-csv");
        const csv = await fresh.waitForDownload("#report-csv");
        assert.equal(csv.name, "相山区2023年民生实事完成情况通报_2023-09-30.csv");
        const lines = csv.text.replace(/^\ufeff/, "").trimEnd().split("\r\n");
        assert.deepEqual(lines.slice(0, 3), ["相山区2023年民生实事完成情况通报（截至2023年9月30日）", summary, HEADERS.join(",")]);
        assert.ok(lines.includes(["7", ...rows["7"].slice(1)].map((c) => (/[,"]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",")), "item 7's row");

        // XLSX.
        await page.click("#report-xlsx");
        const xlsx = await fresh.waitForDownload("#report-xlsx", { seen: [csv.name] });
        const [{ data }] = await readExcelFile(readFileSync(xlsx.path));
        assert.deepEqual([data[0][0], data[1][0], data[2]], ["相山区2023年民生实事完成情况通报（截至2023年9月30日）", summary, HEADERS]);
        const xlsxItems = data.slice(3).filter((r) => typeof r[0] === "number").map((r) => r.map((c) => (c === null ? "" : String(c))));
        assert.deepEqual(xlsxItems, shown, "the workbook holds the rows the page shows");

        // Word (公文 style), read back by python-docx, laid out by LibreOffice.
        await page.click("#report-docx");
        const docx = await fresh.waitForDownload("#report-docx", { seen: [csv.name, xlsx.name] });
        assert.equal(docx.name, "相山区2023年民生实事完成情况通报_2023-09-30.docx");
        const read = readDocx(docx.path);
        const texts = read.paragraphs.map((p) => p.text);
        assert.deepEqual(texts.slice(0, 3), ["相山区2023年民生实事完成情况通报", "（截至2023年9月30日）", summary]);
        const [table] = read.tables;
        assert.deepEqual(table.rows[0].cells.map((c) => c.text), HEADERS);
        const docItems = table.rows.slice(1).filter((r) => r.cells.length === HEADERS.length).map((r) => r.cells.map((c) => c.text));
        assert.deepEqual(docItems, shown, "the Word table holds the rows the page shows");
        assert.equal(table.rows.filter((r) => r.cells.length === 1).length, 10, "a row per category");
        assert.equal(read.sections[0].orientation, "landscape");
        const laid = layOut(docx.path);
        assert.ok(laid.pages >= 2, `${laid.pages} pages`);
        assert.ok(Math.abs(laid.size[0] - 841.9) < 2 && Math.abs(laid.size[1] - 595.3) < 2, `A4 landscape: ${laid.size}`);
        const flat = laid.text.replace(/\s+/g, "");
        for (const want of [summary, "已为620名残疾人提供康复救助，资金到位", "完成状况为人工认定：已完成招标，正按计划施工", "—1—"]) {
          assert.ok(flat.includes(want.replace(/\s+/g, "")), `LibreOffice's layout shows ${want}`);
        }

        // Print: the summary once, item 7's row with its people.
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const printed = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", "-", "-"], { input: Buffer.from(pdf), encoding: "utf8" }).replace(/\s+/g, "");
        assert.ok(printed.includes(summary), "the summary is printed");
        for (const want of ["王副区长", "救助600名（累计完成75%）", "已为620名残疾人提供康复救助，资金到位"]) assert.ok(printed.includes(want), `printed: ${want}`);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
