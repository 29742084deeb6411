// Opening the user's own notice (#12), end to end in both browsers from file://:
// paste a notice (our own wording: a made-up county's list) into 打开通知, see
// what was read, start tracking it; it opens under its own address (#n=<id>)
// with its own progress; switch back to the bundled sample and again.
//
//   masthead: select#notice-select (option "" = the sample), button#open-notice
//   #open-notice-dialog: input#open-notice-file, textarea#open-notice-text, #open-notice-notes, #open-notice-preview (.preview-items,
//     .preview-categories, .preview-place, .preview-year), #open-notice-error, button#open-notice-add

import { it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { COUNTY, openItem, reloadedBy, waitEditorShows } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };

const titleOf = (app) => app.page.$eval(".notice-title", (el) => el.textContent);

const SOURCES = join(ROOT, "tests/data/sources");

/** Pick `name` from tests/data/sources in 打开通知's file input. */
async function pick(app, name) {
  const input = await app.page.$("#open-notice-file");
  await input.uploadFile(join(SOURCES, name));
}

forEachBrowser("the notice library", (ctx) => {
  it("notice files open in 打开通知: GBK and UTF-16 text, Word, Excel; PDF and old Word refused in Chinese, changing nothing", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await page.click("#open-notice");
        await page.waitForSelector("#open-notice-file");
        const previewed = (items) =>
          app.waitFor(`a preview of ${items} items`, (n) => document.querySelector("#open-notice-preview .preview-items")?.textContent === String(n), items);
        for (const [file, items] of [["notice.gbk.txt", 5], ["notice.utf16le.txt", 5], ["list.docx", 4], ["list.xlsx", 3]]) {
          await pick(app, file);
          await previewed(items);
          const text = await page.$eval("#open-notice-text", (el) => el.value);
          assert.match(text, /青禾县/, `${file}: read as Chinese, no mojibake`);
          assert.equal(await page.$eval("#open-notice-preview .preview-place", (el) => el.textContent), "青禾县", file);
        }
        for (const [file, said] of [["scan.pdf", /PDF/], ["old.doc", /docx/], ["junk.bin", /./]]) {
          await pick(app, file);
          // The refusal names its file: the one before stands until this one is read.
          const error = await app.waitFor(
            `${file} refused`,
            (name) => {
              const said = document.querySelector("#open-notice-error")?.textContent;
              return said?.includes(`“${name}”`) ? said : false;
            },
            file,
          );
          assert.match(error, said, `${file}: ${error}`);
          assert.match(error, /[\u4e00-\u9fff]/, `${file}: in Chinese`);
          assert.equal(await page.$eval("#open-notice-preview .preview-items", (el) => el.textContent), "3", `${file} changed nothing`);
        }
        await pick(app, "list.docx");
        await previewed(4);
        await reloadedBy(app, () => page.click("#open-notice-add"));
        assert.match(await page.evaluate(() => location.hash), /^#n=[0-9a-f]{16}$/);
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "4", "the Word notice is tracked");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a pasted notice is previewed, tracked under its own address with its own progress, and switched with the sample", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        const sampleTitle = await titleOf(app);
        await page.click("#open-notice");
        await page.waitForSelector("#open-notice-dialog");
        assert.ok(await page.$eval("#open-notice-add", (b) => b.disabled), "nothing to add yet");
        await setField(page, "#open-notice-text", "这是一段没有清单的文字。");
        await app.waitFor("text without items: add stays disabled", () => document.querySelector("#open-notice-add")?.disabled === true);
        await setField(page, "#open-notice-text", COUNTY);
        await app.waitFor("the preview", () => document.querySelector("#open-notice-preview .preview-items")?.textContent === "3");
        const preview = await page.$eval("#open-notice-preview", (el) => ({
          categories: el.querySelector(".preview-categories").textContent,
          place: el.querySelector(".preview-place").textContent,
          year: el.querySelector(".preview-year").textContent,
          list: [...el.querySelectorAll(".preview-list li")].map((li) => li.textContent),
        }));
        assert.deepEqual([preview.categories, preview.place, preview.year], ["2", "青禾县", "2025"], "issued in 2024 for 2025");
        assert.match(preview.list[2], /新改建农村公路45公里/);

        await reloadedBy(app, () => page.click("#open-notice-add"));
        assert.match(await page.evaluate(() => location.hash), /^#n=[0-9a-f]{16}$/);
        assert.equal(await titleOf(app), "关于印发青禾县2025年十项民生实事的通知");
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "3");
        assert.equal(await page.$eval(".item-level", (el) => el.textContent), "县级", "a county's own tasks");

        await openItem(app, 3);
        await setField(page, "textarea#edit-note", "青禾县：路基已完成");
        await waitEditorShows(app, { note: "青禾县：路基已完成" }, "the county's item 3");
        await app.reload();
        await openItem(app, 3);
        await waitEditorShows(app, { note: "青禾县：路基已完成" }, "after reload, under #n=");

        // Back to the sample: its own (empty) progress; then the county again.
        await reloadedBy(app, () => page.select("#notice-select", ""));
        assert.equal(await titleOf(app), sampleTitle);
        await openItem(app, 3);
        await waitEditorShows(app, { note: "" }, "the sample's item 3 is not the county's");
        const id = (await page.$$eval("#notice-select option", (os) => os.map((o) => o.value))).find((v) => v);
        await reloadedBy(app, () => page.select("#notice-select", id));
        await openItem(app, 3);
        await waitEditorShows(app, { note: "青禾县：路基已完成" }, "the county again");
        const stored = await app.storage();
        assert.ok(stored[`minsheng:notice:${id}`]?.includes("青禾县2025年十项民生实事"), "the text is kept in the library");
        assert.ok(stored[`minsheng:v3:${id}`], "its progress under its own id");

        // 移除此通知 asks first; declined, nothing happens; accepted, the sample opens and
        // 已移除的通知 lists it; 恢复 brings it back with its progress.
        await page.click("#detail-close");
        await app.waitFor("the detail closed", () => !document.querySelector("#detail-close"));
        await page.evaluate(() => { window.confirm = () => false; });
        await page.click("#remove-notice");
        assert.match(await page.evaluate(() => location.hash), new RegExp(`^#n=${id}`), "declined: still here");
        assert.ok(await page.$("#remove-notice"), "declined: still this notice");
        await page.evaluate(() => { window.confirm = () => true; });
        await reloadedBy(app, () => page.click("#remove-notice"));
        assert.equal(await titleOf(app), sampleTitle);
        assert.deepEqual(await page.$$eval("#notice-select option", (os) => os.map((o) => o.value)), [""], "off the list");
        assert.match(await page.$eval("#removed-notices", (el) => el.textContent), /青禾县2025年十项民生实事/);
        assert.ok((await app.storage())[`minsheng:v3:${id}`], "its progress is kept");
        await page.click("#removed-notices summary");
        await reloadedBy(app, () => page.click("#removed-notices .restore-notice"));
        assert.equal(await page.evaluate(() => location.hash), `#n=${id}`);
        await openItem(app, 3);
        await waitEditorShows(app, { note: "青禾县：路基已完成" }, "restored with its progress");
        // 永久删除 (only for a removed notice) frees its space: text, reading, progress all gone.
        await page.click("#detail-close");
        await app.waitFor("the detail closed", () => !document.querySelector("#detail-close"));
        await page.evaluate(() => { window.confirm = () => true; });
        await reloadedBy(app, () => page.click("#remove-notice"));
        await page.click("#removed-notices summary");
        await page.evaluate(() => { window.confirm = () => true; });
        await reloadedBy(app, () => page.click("#removed-notices .delete-notice"));
        assert.equal(await page.$("#removed-notices"), null, "nothing removed is left");
        assert.deepEqual(Object.keys(await app.storage()).filter((k) => k.includes(id)), [], "every key of the notice is deleted");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
