// 核对与更正 (#12), end to end in both browsers from file://: a Word notice
// (tests/data/sources/list.docx, our own made-up county's list) corrected in
// 打开通知 before tracking — a target's figure, an item's units, the year,
// an item split in two — then tracked with progress, corrected again on the
// tracked page (a join), the progress of the joined item listed, not lost,
// and back when the item is restored. Bad input is refused in Chinese.
//
//   #open-notice-fix opens the editor #notice-editor: .fix-item[data-key] with textarea.fix-text, input.fix-units,
//   select.fix-category, select.fix-level, .fix-split, .fix-join, .fix-remove; .fix-target[data-key] (.fix-target-label/-value/-unit,
//   .fix-target-remove), .fix-target-add; same for subsidies; .fix-title, .fix-place, .fix-year; #fix-error; #fix-removed .fix-restore;
//   #correct-notice → #correct-notice-dialog (#correct-notice-save, #correct-without-item)

import { it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { openItem, waitEditorShows } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };

/** Do `action`, which makes the page go to another address and reload, and wait until the app is ready. */
async function reloadedBy(app, action) {
  await Promise.all([app.page.waitForNavigation({ waitUntil: "load" }).catch(() => {}), action()]);
  await app.page.waitForSelector('#app[data-ready="1"]', { timeout: 30_000 });
  await app.page.waitForFunction(() => document.querySelector(".notice-title") !== null);
}

const item = (key) => `#notice-editor .fix-item[data-key="${key}"]`;

/** The editor's items: key, printed number, text, units. */
const editorItems = (page) =>
  page.$$eval("#notice-editor .fix-item", (lis) =>
    lis.map((li) => ({
      key: Number(li.dataset.key),
      no: li.querySelector(".item-no").textContent,
      text: li.querySelector(".fix-text").value,
      units: li.querySelector(".fix-units").value,
    })),
  );

/** Put the cursor of item `key`'s text before `before`, and split there. */
async function splitBefore(app, key, before) {
  await app.page.$eval(
    `${item(key)} .fix-text`,
    (el, b) => {
      const at = el.value.indexOf(b);
      el.focus();
      el.setSelectionRange(at, at);
    },
    before,
  );
  await app.page.click(`${item(key)} .fix-split`);
}

forEachBrowser("核对与更正", (ctx) => {
  it("a Word notice corrected before tracking and after, progress kept through a join and a restore", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await page.click("#open-notice");
        const input = await page.waitForSelector("#open-notice-file");
        await input.uploadFile(join(ROOT, "tests/data/sources/list.docx"));
        await app.waitFor("the preview of 4 items", () => document.querySelector("#open-notice-preview .preview-items")?.textContent === "4");
        await page.click("#open-notice-fix");
        await page.waitForSelector(item(1));
        assert.deepEqual((await editorItems(page)).map((i) => i.key), [1, 2, 3, 4]);
        assert.match(await page.$eval(`${item(3)} .fix-deadlines`, (el) => el.textContent), /10月31日前/, "the deadline read is shown");

        // Item 1's third target (服务灵活就业人员3000人次) corrected to 3500.
        const targets = await page.$$eval(`${item(1)} .fix-target`, (rows) => rows.map((r) => [r.dataset.key, r.querySelector(".fix-target-value").value]));
        const served = targets.find(([, v]) => v === "3000");
        assert.ok(served, JSON.stringify(targets));
        await setField(page, `${item(1)} .fix-target[data-key="${served[0]}"] .fix-target-value`, "3500");
        await app.waitFor("3500 taken", (k) => document.querySelector(`#notice-editor .fix-item[data-key="1"] .fix-target[data-key="${k}"] .fix-target-value`)?.value === "3500", served[0]);
        // A figure that is not one is refused in Chinese and changes nothing.
        await setField(page, `${item(1)} .fix-target[data-key="${served[0]}"] .fix-target-value`, "三千");
        const refused = await app.waitFor("the refusal", () => document.querySelector("#fix-error")?.textContent || false);
        assert.match(refused, /[\u4e00-\u9fff]/);
        await setField(page, "#notice-editor .fix-year", "明年");
        // Waits for the year's own refusal: the figure's may stand until the year is read.
        assert.match(await app.waitFor("the year refused", () => document.querySelector("#fix-error")?.textContent.match(/年份/)?.input || false), /年份/);
        assert.equal(await page.$eval("#open-notice-preview .preview-year", (el) => el.textContent), "2026", "unchanged");
        // Units of item 2; the year; item 1 split before 服务灵活就业人员.
        await setField(page, `${item(2)} .fix-units`, "县人社局、县就业服务中心");
        await setField(page, "#notice-editor .fix-year", "2027");
        await app.waitFor("the year corrected", () => document.querySelector("#open-notice-preview .preview-year")?.textContent === "2027");
        await splitBefore(app, 1, "服务灵活就业人员");
        await app.waitFor("5 items", () => document.querySelectorAll("#notice-editor .fix-item").length === 5);
        const split = await editorItems(page);
        assert.deepEqual(split.map((i) => i.key), [1, 5, 2, 3, 4], "the split-off part follows its item");
        assert.match(split[1].text, /^服务灵活就业人员3000人次/);
        assert.equal(split[2].units, "县人社局、县就业服务中心");
        assert.equal(await page.$eval("#open-notice-preview .preview-items", (el) => el.textContent), "5");

        await reloadedBy(app, () => page.click("#open-notice-add"));
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "5", "tracked as corrected");
        await openItem(app, 5);
        await setField(page, "textarea#edit-note", "驿站已选址");
        await waitEditorShows(app, { note: "驿站已选址" }, "the split-off item");
        await app.reload();
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "5", "corrections kept after a reload");
        await openItem(app, 5);
        await waitEditorShows(app, { note: "驿站已选址" }, "after reload");
        await openItem(app, 1);
        const goals = await page.$$eval("#item-detail .target-row .goal", (gs) => gs.map((g) => g.textContent));
        assert.equal(goals.length, 2, `item 1 lost the split-off target: ${goals}`);
        await page.click("#detail-close");
        await app.waitFor("the detail closed", () => !document.querySelector("#item-detail"));

        // Corrected again on the tracked page: item 5 joined back into item 1.
        await page.click("#correct-notice");
        await page.waitForSelector(`#correct-notice-dialog ${item(1)} .fix-join`);
        await page.click(`#correct-notice-dialog ${item(1)} .fix-join`);
        await app.waitFor("4 items", () => document.querySelectorAll("#notice-editor .fix-item").length === 4);
        await reloadedBy(app, () => page.click("#correct-notice-save"));
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "4");
        await page.click("#correct-notice");
        const without = await page.waitForSelector("#correct-without-item");
        assert.match(await without.evaluate((el) => el.textContent), /5/, "the joined item's progress is listed, not lost");
        // Restored: the item and its progress are back.
        await page.click("#fix-removed .fix-restore");
        await app.waitFor("5 items again", () => document.querySelectorAll("#notice-editor .fix-item").length === 5);
        await reloadedBy(app, () => page.click("#correct-notice-save"));
        assert.equal(await page.$eval(".item-count", (el) => el.textContent), "5");
        await openItem(app, 5);
        await waitEditorShows(app, { note: "驿站已选址" }, "restored with its progress");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
