// Sharing the data (#6) end to end, in both browsers from file://: JSON
// snapshots exported and imported (replace and merge, with a conflict decided),
// bad files refused with nothing changed, the HTML file that carries its data
// opened in a fresh profile, and the 通报 table as CSV, XLSX and print.
//
// DOM contract:
//   toolbar: button#export-json  label > input#import-file[type=file][multiple]  button#save-html
//   #import-dialog[data-embedded=true|false] > #import-sources li, #import-refused li.import-error,
//     input#import-merge / input#import-replace, #import-conflicts li.import-conflict[data-item] input[type=radio][value=j],
//     #import-change-count, #import-changes tr.import-change[data-item] > td.old td.new,
//     button#import-apply, button#import-cancel
//   banners: imported, embedded_loaded, embedded_unreadable
//   a#tab-report  #report-panel  #report-table tbody tr.report-row[data-item][data-light] > td.no .goal .units .achieved .standing .remark
//   button#report-print  button#report-xlsx  button#report-csv   hash: #panel=report

import { it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import readExcelFile from "read-excel-file/node";
import { APP_URL, ROOT, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { HASH, KEY, LEGACY_KEY, bannerSel, waitBanner, openItem, waitEditorShows, waitSaved, clickToolbar, importFiles } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };
const TITLE = "关于印发相山区2023年实施50项民生实事的通知";

// ---- snapshot files written by hand (the format is public) ---------------

/** A snapshot whose state is the replay of `changes` ({ at, unit, item, field: "note"|"status", new }). */
function snapshot(unit, changes) {
  const items = {};
  const history = [];
  for (const c of [...changes].sort((a, b) => (a.at < b.at ? -1 : 1))) {
    const item = (items[c.item] ??= {});
    history.push({ at: c.at, unit: c.unit, item: c.item, field: c.field, old: item[c.field] ?? null, new: c.new });
    item[c.field] = c.new;
    item.updated = c.at;
    item.updated_by = c.unit;
  }
  return {
    format: "minsheng-snapshot",
    format_version: 1,
    app_version: "0.1.0",
    notice: HASH,
    notice_title: TITLE,
    exported_at: "2023-10-31T17:00:00",
    unit,
    progress: { items, settings: { unit, yellow_lag: 10, red_lag: 30 }, history },
  };
}

/** The same data as release 0.1's plain (uncompressed) stored record, to plant at LEGACY_KEY (it migrates). */
function storedRecord(changes) {
  const { progress } = snapshot("", changes);
  return JSON.stringify({ schema: 2, notice: HASH, saved_at: "2023-10-01T08:00:00", revision: 1, progress });
}

function writeFiles(files) {
  const dir = mkdtempSync(join(tmpdir(), "minsheng-e2e-files-"));
  return {
    dir,
    paths: Object.entries(files).map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
      return path;
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Two units edited their own items since a common state, and both changed item 7's note.
const COMMON = { at: "2023-09-01T09:00:00", unit: "区民政局", item: 7, field: "note", new: "共同的基础" };
const MINZHENG = snapshot("区民政局", [
  COMMON,
  { at: "2023-10-01T09:00:00", unit: "区民政局", item: 7, field: "note", new: "民政局：已完成" },
  { at: "2023-10-01T10:00:00", unit: "区民政局", item: 9, field: "status", new: "done" },
]);
const CANLIAN = snapshot("区残联", [
  COMMON,
  { at: "2023-10-02T09:00:00", unit: "区残联", item: 7, field: "note", new: "残联：已完成" },
  { at: "2023-10-02T10:00:00", unit: "区残联", item: 12, field: "note", new: "残联填报" },
]);

// ---- dialog helpers ------------------------------------------------------

async function dialog(page) {
  return page.evaluate(() => {
    const d = document.querySelector("#import-dialog");
    if (!d) return null;
    return {
      embedded: d.dataset.embedded,
      sources: [...d.querySelectorAll("#import-sources li")].map((li) => li.textContent.trim()),
      refused: [...d.querySelectorAll("#import-refused li")].map((li) => li.textContent.trim()),
      conflicts: [...d.querySelectorAll("#import-conflicts li.import-conflict")].map((li) => ({
        item: Number(li.dataset.item),
        choices: [...li.querySelectorAll("label")].map((l) => l.textContent.trim()),
        checked: [...li.querySelectorAll("input[type=radio]")].findIndex((r) => r.checked),
      })),
      count: Number(d.querySelector("#import-change-count")?.textContent ?? NaN),
      changes: [...d.querySelectorAll("#import-changes tr.import-change")].map((tr) => ({
        item: Number(tr.dataset.item),
        old: tr.querySelector("td.old").textContent,
        new: tr.querySelector("td.new").textContent,
      })),
      canApply: !!d.querySelector("#import-apply"),
    };
  });
}

async function closeDialog(app) {
  await app.page.click("#import-cancel");
  await app.waitFor("the import dialog closed", () => !document.querySelector("#import-dialog"));
}

async function applyImport(app) {
  await app.page.click("#import-apply");
  await app.waitFor("the import dialog closed after #import-apply", () => !document.querySelector("#import-dialog"));
  return waitBanner(app, "imported");
}

/** Item fields as the app shows them, through the item's editor. */
async function noteOf(app, no) {
  await openItem(app, no);
  const note = await app.page.$eval("textarea#edit-note", (el) => el.value);
  const status = await app.page.$eval("select#edit-status", (el) => el.value);
  await app.page.click("button#detail-close");
  await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
  return { note, status };
}

forEachBrowser("sharing the data", (ctx) => {
  it("export, clear storage, import (replace): the state is back, with a backup taken first", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await openItem(app, 7);
        await setField(page, "textarea#edit-note", "导出前填写的备注");
        await setField(page, '.target-row[data-target="0"] input.target-date', "2023-09-30");
        await setField(page, '.target-row[data-target="0"] input.target-value', "512");
        await waitEditorShows(app, { note: "导出前填写的备注", targets: { 0: { value: "512" } } }, "before export");
        await waitSaved(app, 0, "the edits");

        await clickToolbar(app, "#export-json");
        const file = await fresh.waitForDownload("#export-json");
        assert.match(file.name, /^相山区民生实事_\d{4}-\d{2}-\d{2}\.json$/);
        const exported = JSON.parse(file.text);
        assert.equal(exported.format, "minsheng-snapshot");
        assert.equal(exported.notice, HASH);
        assert.ok(file.text.includes("导出前填写的备注"), "pretty JSON, Chinese unescaped");

        // Clear the site's data: localStorage and the write-ahead copy in IndexedDB (#10), which
        // would otherwise bring the edits back. The deletion waits for the page's connection to close
        // (the reload), and the reloaded page's open waits for the deletion.
        await page.evaluate(() => {
          localStorage.clear();
          indexedDB.deleteDatabase("minsheng-wal");
        });
        await app.reload();
        assert.equal((await noteOf(app, 7)).note, "", "storage cleared: the note is gone");

        await importFiles(app, [file.path]);
        let d = await dialog(page);
        assert.equal(d.embedded, "false");
        assert.equal(d.sources.length, 1);
        assert.match(d.sources[0], new RegExp(file.name.replace(/[.]/g, "\\.")));
        assert.ok(d.count >= 2, `changes listed: ${JSON.stringify(d.changes)}`);
        assert.ok(d.changes.some((c) => c.item === 7 && c.old === "（空）" && c.new === "导出前填写的备注"), JSON.stringify(d.changes));
        await page.click("#import-replace");
        await app.waitFor("#import-apply says 替换", () => document.querySelector("#import-apply")?.textContent.includes("替换"));
        d = await dialog(page);
        assert.deepEqual(d.conflicts, [], "replace lists no conflicts");
        const message = await applyImport(app);
        assert.match(message, /已用.*替换本机数据。导入前的数据已自动备份/);

        await openItem(app, 7);
        await setField(page, '.target-row[data-target="0"] input.target-date', "2023-09-30");
        await waitEditorShows(app, { note: "导出前填写的备注", targets: { 0: { value: "512" } } }, "after import");
        await waitSaved(app, 0, "the import saved");
        await app.reload();
        await openItem(app, 7);
        await waitEditorShows(app, { note: "导出前填写的备注" }, "after import and reload");
        const store = await app.storage();
        assert.ok(Object.keys(store).some((k) => k.startsWith(`${KEY}:backup:`)), `a backup key: ${Object.keys(store)}`);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a snapshot exported by release 0.1 imports into a fresh profile unchanged (tests/data/release-0.1)", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        const path = join(ROOT, "tests/data/release-0.1/snapshot-v1.json");
        const expected = JSON.parse(readFileSync(join(ROOT, "tests/data/release-0.1/expected-progress.json"), "utf8"));
        await importFiles(app, [path]);
        const d = await dialog(page);
        assert.equal(d.sources.length, 1);
        assert.ok(d.changes.some((c) => c.item === 7), JSON.stringify(d.changes));
        await applyImport(app);
        await openItem(app, 7);
        await waitEditorShows(app, { no: 7, status: expected.items[7].status, note: expected.items[7].note }, "release 0.1's exported item 7");
        await waitSaved(app, -1, "the import saved");
        await app.reload();
        await openItem(app, 7);
        await waitEditorShows(app, { note: expected.items[7].note }, "after reload");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("bad files are refused with what and where; nothing changes", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const badStatus = JSON.stringify(MINZHENG, null, 2).replace('"status": "done"', '"status": 3');
      const files = writeFiles({
        "坏的状态.json": badStatus,
        "不是JSON.json": "序号,年度目标\n7,康复救助",
        "别的通知.json": { ...MINZHENG, notice: "0123456789abcdef", notice_title: "关于印发某县2024年民生实事的通知" },
        "太大了.json": " ".repeat(21 << 20),
      });
      const app = await openApp(fresh, { plant: { [LEGACY_KEY]: storedRecord([COMMON]) } });
      try {
        const { page } = app;
        await waitBanner(app, "migrated");
        await waitSaved(app, -1, "the migrated record");
        // Let the history read after the first paint and any backup marker settle.
        await new Promise((r) => setTimeout(r, 500));
        const before = await app.storage();
        await importFiles(app, files.paths);
        const d = await dialog(page);
        assert.equal(d.refused.length, 4, JSON.stringify(d.refused));
        const [status, notJson, other, big] = d.refused;
        assert.match(status, /^坏的状态\.json：未导入。快照内容有误，位置 progress\.items\.9\.status：/);
        assert.match(notJson, /不是JSON\.json：未导入。文件不是有效的 JSON（第1行第1列/);
        assert.match(other, /属于另一份通知《关于印发某县2024年民生实事的通知》/);
        assert.match(big, /太大了\.json：未导入。文件太大（21\.0 MB）/);
        assert.equal(d.canApply, false, "nothing to apply");
        await closeDialog(app);
        assert.deepEqual(await app.storage(), before, "storage untouched");
        assert.equal((await noteOf(app, 7)).note, "共同的基础", "state untouched");
        await app.assertClean();
      } finally {
        await app.close();
        files.remove();
      }
    }));

  // #11: the bytes are decoded by the app, not the browser, so Notepad's UTF-16
  // (with BOM) reads in Firefox as in Chromium; a key given twice is refused
  // wherever it is (never "the last one wins").
  it("one snapshot in UTF-8, UTF-16 LE and BE with BOM reads alike; a repeated key is refused", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const text = JSON.stringify(MINZHENG, null, 2);
      const utf16be = (t) => {
        const le = Buffer.from(t, "utf16le");
        for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
        return le;
      };
      const files = writeFiles({
        "UTF-8带BOM.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]),
        "UTF-16LE.json": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
        "UTF-16BE.json": Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
        "键重复.json": text.replace('"items": {', '"items": {"7": {"note": "甲"},'),
      });
      const app = await openApp(fresh);
      try {
        const before = await app.storage();
        await importFiles(app, files.paths);
        const d = await dialog(app.page);
        assert.equal(d.refused.length, 1, JSON.stringify(d.refused));
        assert.match(d.refused[0], /^键重复\.json：未导入。.*progress\.items.*键“7”重复出现/);
        assert.equal(d.sources.length, 3, JSON.stringify(d.sources));
        // Three copies of one snapshot: its changes once, no conflict among them.
        assert.equal(d.conflicts.length, 0, JSON.stringify(d.conflicts));
        const shown = d.changes.map((c) => `${c.item}:${c.new}`);
        assert.ok(shown.some((c) => c.startsWith("7:") && c.includes("民政局：已完成")), JSON.stringify(shown));
        assert.equal(new Set(shown).size, shown.length, `each change once: ${JSON.stringify(shown)}`);
        await closeDialog(app);
        assert.deepEqual(await app.storage(), before, "storage untouched");
        await app.assertClean();
      } finally {
        await app.close();
        files.remove();
      }
    }));

  it("two units' files merge; the one conflict is decided; merging again changes nothing", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const files = writeFiles({ "相山区民生实事_2023-10-31_区民政局.json": MINZHENG, "相山区民生实事_2023-10-31_区残联.json": CANLIAN });
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await importFiles(app, files.paths);
        const d = await dialog(page);
        assert.equal(d.sources.length, 2);
        assert.ok(!(await page.$("#import-replace")), "replace needs a single file");
        assert.equal(d.conflicts.length, 1, JSON.stringify(d.conflicts));
        const [conflict] = d.conflicts;
        assert.equal(conflict.item, 7);
        assert.match(conflict.choices[0], /民政局：已完成.*区民政局 2023-10-01 09:00/);
        assert.match(conflict.choices[1], /残联：已完成.*区残联 2023-10-02 09:00/);
        assert.equal(conflict.checked, 1, "the newer edit is chosen by default");
        assert.deepEqual(d.changes.map((c) => c.item).sort((a, b) => a - b), [7, 9, 12]);

        // Keep the older value this time.
        await page.click('#import-conflicts li.import-conflict[data-item="7"] input[value="0"]');
        const message = await applyImport(app);
        assert.match(message, /已合并 .*区民政局\.json、.*区残联\.json：3 处修改，1 处冲突已按所选处理/);
        assert.deepEqual(await noteOf(app, 7), { note: "民政局：已完成", status: "not_started" });
        assert.deepEqual(await noteOf(app, 9), { note: "", status: "done" });
        assert.equal((await noteOf(app, 12)).note, "残联填报");

        // Idempotent: the same files again, in the other order, change nothing and conflict no more.
        await importFiles(app, [...files.paths].reverse());
        const again = await dialog(page);
        assert.equal(again.count, 0, JSON.stringify(again.changes));
        assert.deepEqual(again.conflicts, []);
        await closeDialog(app);
        await app.assertClean();
      } finally {
        await app.close();
        files.remove();
      }
    }));

  it("an HTML file saved with data shows that data in a fresh profile, and offers a merge where there is local data", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh);
      let copyPath;
      try {
        await openItem(app, 7);
        await setField(app.page, "textarea#edit-note", "随网页带走的备注 </script> <b>不是标签</b>");
        await waitSaved(app, 0, "the note");
        // The sender looks at 三季度末: the copy carries that day (#15).
        await clickToolbar(app, "#as-of-q3");
        await app.waitFor("Q3", () => document.querySelector("#as-of").value === "2023-09-30");
        // What an extension might add to the page is not saved.
        await app.page.evaluate(() => {
          // (Not JavaScript: the page's CSP would block and report that.)
          const s = Object.assign(document.createElement("script"), { type: "text/x-extension", textContent: "/* injected */" });
          document.body.append(s, Object.assign(document.createElement("div"), { id: "injected", textContent: "x" }));
        });
        await clickToolbar(app, "#save-html");
        const file = await fresh.waitForDownload("#save-html");
        assert.match(file.name, /^相山区民生实事_\d{4}-\d{2}-\d{2}\.html$/);
        assert.ok(file.text.includes('<script type="application/json" id="minsheng-data">'));
        assert.ok(!file.text.includes('<main id="app"'), "the app's own DOM is not saved");
        assert.ok(!file.text.includes("injected"), "nor what an extension added");
        assert.equal(file.text.match(/<script data-minsheng(="")?>/g)?.length, 3, "the three boot scripts (browser check, glue, boot), once each");
        assert.equal(file.text.match(/<script type="application\/octet-stream" id="minsheng-wasm" data-minsheng(="")?>/g)?.length, 1, "the packed wasm, once");
        copyPath = join(mkdtempSync(join(tmpdir(), "minsheng-e2e-copy-")), "从同事处收到.html");
        writeFileSync(copyPath, file.text);
        await app.assertClean();
      } finally {
        await app.close();
      }
      const copyUrl = pathToFileURL(copyPath).href;

      // Another computer: a fresh profile, no data of its own.
      await withFreshBrowser(ctx, {}, async (other) => {
        const copy = await openApp(other, { url: copyUrl });
        try {
          assert.match(await waitBanner(copy, "embedded_loaded"), /已载入此文件附带的进度数据/);
          assert.equal((await noteOf(copy, 7)).note, "随网页带走的备注 </script> <b>不是标签</b>");
          await waitSaved(copy, 0, "the carried data saved in this browser");
          assert.ok(!(await copy.page.$("#import-dialog")), "no dialog when there is nothing to merge with");
          assert.equal(await copy.page.$eval("#as-of", (el) => el.value), "2023-12-31", "the receiver's own day first");
          const offer = await copy.waitFor("the sender's day offered", () => document.querySelector("#offered-as-of")?.textContent ?? "");
          assert.match(offer, /发送方的截至日期为 2023年9月30日/);
          await copy.assertClean();
        } finally {
          await copy.close();
        }
      });

      // A colleague with progress of their own for this notice: a merge is offered.
      await withFreshBrowser(ctx, {}, async (other) => {
        const own = storedRecord([{ at: "2023-10-03T09:00:00", unit: "区教体局", item: 12, field: "note", new: "教体局自己的记录" }]);
        const copy = await openApp(other, { url: copyUrl, plant: { [LEGACY_KEY]: own } });
        try {
          await copy.waitFor("#import-dialog for the carried data", () => document.querySelector("#import-dialog")?.dataset.embedded === "true");
          const d = await dialog(copy.page);
          assert.deepEqual(d.changes.map((c) => c.item), [7]);
          await applyImport(copy);
          assert.equal((await noteOf(copy, 7)).note, "随网页带走的备注 </script> <b>不是标签</b>");
          assert.equal((await noteOf(copy, 12)).note, "教体局自己的记录", "the local data is kept");
          assert.equal((await copy.storage())[LEGACY_KEY], own, "release 0.1's record (migrated) is left unchanged");
          await copy.reload();
          assert.ok(!(await copy.page.$("#import-dialog")), "once merged, the file no longer asks");
          await copy.assertClean();
        } finally {
          await copy.close();
        }
      });
      rmSync(join(copyPath, ".."), { recursive: true, force: true });
    }));
});

// ---- the 通报 table --------------------------------------------------------

/** The items as shown: [[序号, 年度目标, 分管领导, 牵头单位, 责任人, 配合单位, 季度目标, 完成情况, 完成状况, 环比, 备注], …]. */
async function reportTable(page) {
  return page.$$eval("#report-table tbody tr.report-row", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())),
  );
}

/** Text of each page of a PDF, and each page's size in points. */
async function pdfPages(bytes) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const { width, height } = page.getViewport({ scale: 1 });
    const text = (await page.getTextContent()).items.map((t) => t.str).join("");
    pages.push({ width, height, text });
  }
  return pages;
}

forEachBrowser("the 通报 table", (ctx) => {
  // Item 7 on schedule at 2023-06-30 (400 of 797 with 50 % expected), item 8 paused.
  const RECORD = JSON.stringify({
    schema: 2,
    notice: HASH,
    saved_at: "2023-07-01T09:00:00",
    revision: 1,
    progress: {
      items: {
        7: { status: "in_progress", note: "首批资金已拨付, 含\"康复\"", targets: { 0: [{ as_of: "2023-06-30", value: 400 }] }, subsidies: { 0: { served: 100 } } },
        8: { status: "paused", pause_reason: "场地改造" },
      },
      history: [],
    },
  });

  it("shows every item or the filter; CSV and XLSX hold the same rows", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#panel=report&at=2023-06-30`, plant: { [LEGACY_KEY]: RECORD } });
      try {
        const { page } = app;
        await app.waitFor("#report-table rows", () => document.querySelectorAll("#report-table tr.report-row").length === 50);
        await waitBanner(app, "migrated");
        await waitSaved(app, -1, "the migrated record");
        assert.equal((await app.storage())[LEGACY_KEY], RECORD, "release 0.1's record is left unchanged");
        const caption = await page.$eval("#report-table caption", (c) => [".report-title", ".report-as-of", ".report-summary-caption"].map((s) => c.querySelector(s).textContent.trim()));
        assert.deepEqual(caption.slice(0, 2), ["相山区2023年民生实事完成情况通报", "截至2023年6月30日"]);
        const table = await reportTable(page);
        assert.deepEqual(table.map((r) => Number(r[0])), Array.from({ length: 50 }, (_, i) => i + 1));
        const row7 = table[6];
        assert.match(row7[7], /完成400名（目标797名，50%）/);
        assert.equal(row7[8], "序时推进", "the official word only");
        assert.equal(row7[10], "首批资金已拨付, 含\"康复\"");
        assert.equal(await page.$eval('tr.report-row[data-item="7"]', (tr) => tr.dataset.light), "green");
        assert.equal(table[7][10], "暂停：场地改造");
        const summary = await page.$eval("#report-summary", (td) => td.textContent.trim());
        assert.equal(summary, "截至2023年6月30日，50件民生实事已完成0件，完成率0%；序时推进1件；未达到序时进度0件；尚未评估49件（无完成数据，也未人工认定）。");
        assert.equal(caption[2], summary, "on screen the summary opens the table");
        const categories = await page.$$eval("#report-table tr.report-category", (trs) => trs.map((tr) => tr.textContent.trim()));
        assert.equal(categories.length, 10, "a heading row per category");

        await page.click("#report-csv");
        const csv = await fresh.waitForDownload("#report-csv");
        assert.equal(csv.name, "相山区2023年民生实事完成情况通报_2023-06-30.csv");
        const csvLines = csv.text.trimEnd().split("\r\n");
        assert.equal(csvLines[0], "\ufeff相山区2023年民生实事完成情况通报（截至2023年6月30日）", "UTF-8 with BOM, the title");
        assert.equal(csvLines[1], summary);
        assert.equal(csvLines[2], "序号,年度目标,分管领导,牵头单位,责任人,配合单位,季度目标,完成情况,完成状况,环比,备注");
        assert.equal(csvLines.length, 3 + 10 + 50, "title, summary, headers, 10 categories, 50 items");
        assert.ok(csv.text.includes(',序时推进,—,"首批资金已拨付, 含""康复"""\r\n'));

        await page.click("#report-xlsx");
        const xlsx = await fresh.waitForDownload("#report-xlsx", { seen: [csv.name] });
        assert.equal(xlsx.name, "相山区2023年民生实事完成情况通报_2023-06-30.xlsx");
        const sheets = await readExcelFile(readFileSync(xlsx.path));
        assert.deepEqual(sheets.map((s) => s.sheet), ["通报"]);
        const rows = sheets[0].data;
        assert.equal(rows[0][0], "相山区2023年民生实事完成情况通报（截至2023年6月30日）");
        assert.equal(rows[1][0], summary);
        assert.deepEqual(rows[2], ["序号", "年度目标", "分管领导", "牵头单位", "责任人", "配合单位", "季度目标", "完成情况", "完成状况", "环比", "备注"]);
        const itemRows = (all) => all.slice(3).filter((r) => typeof r[0] === "number").map((r) => r.map((c) => (c === null ? "" : String(c))));
        assert.deepEqual(itemRows(rows), table, "the XLSX holds the rows the table shows");
        assert.deepEqual(rows.slice(3).filter((r) => typeof r[0] !== "number").map((r) => r[0]), categories, "and the category rows");

        // The filter applies: 区残联's items only.
        await setField(page, "#filter-unit", "区残联");
        await app.waitFor("the filtered table", () => document.querySelectorAll("#report-table tr.report-row").length < 50);
        const filtered = await reportTable(page);
        assert.ok(filtered.length > 0 && filtered.every((r) => r[3].includes("区残联")), JSON.stringify(filtered.map((r) => r[3])));
        await page.click("#report-xlsx");
        const again = await fresh.waitForDownload("#report-xlsx (filtered)", { seen: [csv.name, xlsx.name] });
        assert.equal(again.name, "相山区2023年民生实事完成情况通报_2023-06-30_区残联.xlsx");
        const [{ data: filteredRows }] = await readExcelFile(readFileSync(again.path));
        assert.deepEqual(itemRows(filteredRows), filtered);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("prints on A4 landscape: only the table, colours kept, a header with place and day on every page, page numbers", TIMEOUT, async () => {
    const app = await openApp(ctx, { url: `${APP_URL}#panel=report&at=2023-06-30`, plant: { [LEGACY_KEY]: RECORD } });
    try {
      const { page } = app;
      await app.waitFor("#report-table rows", () => document.querySelectorAll("#report-table tr.report-row").length === 50);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = await pdfPages(pdf);
      assert.ok(pages.length >= 2, `${pages.length} pages`);
      for (const [i, p] of pages.entries()) {
        assert.ok(Math.abs(p.width - 841.9) < 2 && Math.abs(p.height - 595.3) < 2, `page ${i + 1} is A4 landscape: ${p.width}×${p.height}`);
        const compact = p.text.replace(/\s+/g, "");
        assert.ok(compact.includes("相山区2023年民生实事完成情况通报（截至2023年6月30日）"), `page ${i + 1} header: ${compact.slice(0, 120)}`);
        // Firefox ESR has no @page margin boxes: it prints page numbers in its own
        // footer (its print dialog's default), which a driven print leaves out.
        if (ctx.browserName === "chromium") {
          assert.ok(compact.includes(`第${i + 1}页，共${pages.length}页`), `page ${i + 1} number: ${compact.slice(-80)}`);
        }
      }
      const first = pages[0].text.replace(/\s+/g, "");
      assert.ok(first.includes("序号年度目标分管领导牵头单位责任人配合单位季度目标完成情况完成状况环比备注"), "the table's header");
      assert.ok(first.includes("截至2023年6月30日，50件民生实事已完成0件"), "the summary, once");
      assert.ok(!pages.slice(1).some((p) => p.text.replace(/\s+/g, "").includes("50件民生实事已完成")), "the summary is not repeated on later pages");
      assert.ok(!first.includes("事项清单") && !first.includes("截至日期"), "tabs and toolbar are not printed");
      const background = await page.$eval('tr.report-row[data-item="7"] td.standing', (td) => [getComputedStyle(td).backgroundColor, getComputedStyle(td).printColorAdjust]);
      assert.deepEqual(background, ["rgb(218, 251, 225)", "exact"], "the light's pale colour (src/view/palette.rs light_pale), kept when printing");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
