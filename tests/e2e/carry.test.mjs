// Files carry their notice (#12), end to end in both browsers from file://: a
// snapshot and a "网页带数据" copy of a library notice hold the notice itself,
// so a colleague who never had it gets it (a fresh profile: another computer).
//
// DOM contract:
//   #import-dialog > #import-foreign > section.import-foreign[data-notice=<id>]
//     (bdi.foreign-title, bdi.foreign-place, span.foreign-year, p.hint)
//     > button.import-add-notice (the browser lacks the notice) | button.import-switch-notice (it has it)
//   #import-apply-error: a refusal, nothing changed
//   select#notice-select: a notice a copy carries, not yet listed, is an option "…（随此文件）"

import { it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { COUNTY, clickToolbar, importFiles, openItem, reloadedBy, waitBanner, waitEditorShows } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };
const COUNTY_TITLE = "关于印发青禾县2025年十项民生实事的通知";
const NOTE = "青禾县：路基已完成 </script> <b>不是标签</b>";

const titleOf = (app) => app.page.$eval(".notice-title", (el) => el.textContent);
const hashOf = (app) => app.page.evaluate(() => location.hash);
const idOf = async (app) => (await hashOf(app)).match(/^#n=([0-9a-f]{16})/)?.[1];

/** Wait until the progress of notice `id` is stored (a save with revision ≥ 1). */
async function waitStored(app, id, what) {
  return app.waitFor(`${what}: minsheng:v3:${id} saved`, (key) => {
    try {
      return (JSON.parse(localStorage.getItem(key))?.revision ?? 0) > 0;
    } catch {
      return false;
    }
  }, `minsheng:v3:${id}`);
}

/**
 * In `fresh` (a profile with downloads): add the county's notice, write a note on
 * its item 3, and download the file `button` makes. Returns { id, file }.
 */
async function countyFile(fresh, button) {
  const app = await openApp(fresh);
  try {
    const { page } = app;
    await page.click("#open-notice");
    await setField(page, "#open-notice-text", COUNTY);
    await app.waitFor("the preview", () => document.querySelector("#open-notice-preview .preview-items")?.textContent === "3");
    await reloadedBy(app, () => page.click("#open-notice-add"));
    const id = await idOf(app);
    assert.ok(id, await hashOf(app));
    await openItem(app, 3);
    await setField(page, "textarea#edit-note", NOTE);
    await waitEditorShows(app, { note: NOTE }, "the county's item 3");
    await waitStored(app, id, "the note");
    await clickToolbar(app, button);
    const file = await fresh.waitForDownload(button);
    assert.match(file.name, /^青禾县民生实事_\d{4}-\d{2}-\d{2}\.(json|html)$/);
    await app.assertClean();
    return { id, file };
  } finally {
    await app.close();
  }
}

async function noteOf(app, no) {
  await openItem(app, no);
  return app.page.$eval("textarea#edit-note", (el) => el.value);
}

async function foreign(page) {
  return page.$$eval("#import-foreign section.import-foreign", (els) =>
    els.map((s) => ({
      notice: s.dataset.notice,
      title: s.querySelector(".foreign-title").textContent,
      place: s.querySelector(".foreign-place").textContent,
      year: s.querySelector(".foreign-year").textContent,
      add: !!s.querySelector("button.import-add-notice"),
      switchTo: !!s.querySelector("button.import-switch-notice"),
      hint: s.querySelector(".hint").textContent,
    })),
  );
}

forEachBrowser("files carry their notice", (ctx) => {
  it("a snapshot of a library notice, imported in a fresh profile, offers the notice, adds it and opens it with the progress", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (sender) => {
      const { id, file } = await countyFile(sender, "#export-json");
      const json = JSON.parse(file.text);
      assert.equal(json.format_version, 1, "still format 1");
      assert.equal(json.notice_source.id, id);
      assert.equal(json.notice_source.text, COUNTY);
      assert.deepEqual([json.notice_source.place, json.notice_source.year], ["青禾县", 2025]);
      assert.equal(json.notice_source.text_hash, json.notice);

      await withFreshBrowser(ctx, {}, async (colleague) => {
        const app = await openApp(colleague);
        try {
          const { page } = app;
          const sampleTitle = await titleOf(app);
          await importFiles(app, [file.path]);
          const offered = await foreign(page);
          assert.deepEqual(offered.map(({ notice, title, place, year, add, switchTo }) => ({ notice, title, place, year, add, switchTo })), [
            { notice: id, title: "青禾县2025年十项民生实事", place: "青禾县", year: "2025年", add: true, switchTo: false },
          ]);
          assert.match(offered[0].hint, /还没有这份通知/);
          assert.ok(!(await page.$("#import-apply")), "nothing to apply to the sample");
          assert.equal((await app.storage())["minsheng:library"], undefined, "nothing changed before the button");
          assert.equal(await titleOf(app), sampleTitle);

          await reloadedBy(app, () => page.click("#import-foreign button.import-add-notice"));
          assert.equal(await hashOf(app), `#n=${id}`, "the sender's id: their next files match it");
          assert.equal(await titleOf(app), COUNTY_TITLE);
          assert.equal(await noteOf(app, 3), NOTE, "with the progress");
          assert.ok((await page.$$eval("#notice-select option", (os) => os.map((o) => o.value))).includes(id), "in the switcher");
          const stored = await app.storage();
          assert.equal(stored[`minsheng:notice:${id}`], COUNTY);

          // The same file again, now on its notice's page: nothing to change.
          await page.click("button#detail-close");
          await app.waitFor("the detail closed", () => !document.querySelector("#item-detail"));
          await importFiles(app, [file.path]);
          assert.equal(await page.$eval("#import-change-count", (el) => el.textContent), "0");
          assert.deepEqual(await foreign(page), []);
          await page.click("#import-cancel");

          // On the sample's page, the file's notice is here: switching to it is offered, not importing into the sample.
          await reloadedBy(app, () => page.select("#notice-select", ""));
          assert.equal(await titleOf(app), sampleTitle);
          await importFiles(app, [file.path]);
          const again = await foreign(page);
          assert.deepEqual(again.map(({ add, switchTo }) => ({ add, switchTo })), [{ add: false, switchTo: true }]);
          assert.match(again[0].hint, /本浏览器已有这份通知/);
          await reloadedBy(app, () => page.click("#import-foreign button.import-switch-notice"));
          assert.equal(await hashOf(app), `#n=${id}`);
          assert.equal(await noteOf(app, 3), NOTE);

          // Removed from the list: restoring it and switching is offered.
          await page.click("button#detail-close");
          await app.waitFor("the detail closed", () => !document.querySelector("#item-detail"));
          await page.evaluate(() => { window.confirm = () => true; });
          await reloadedBy(app, () => page.click("#remove-notice"));
          await importFiles(app, [file.path]);
          const removed = await foreign(page);
          assert.deepEqual(removed.map(({ add, switchTo }) => ({ add, switchTo })), [{ add: false, switchTo: true }]);
          assert.match(removed[0].hint, /已移除的通知/);
          await reloadedBy(app, () => page.click("#import-foreign button.import-switch-notice"));
          assert.equal(await hashOf(app), `#n=${id}`);
          assert.ok(await page.$("#remove-notice"), "back on the list");
          assert.equal(await noteOf(app, 3), NOTE);
          await app.assertClean();
        } finally {
          await app.close();
        }
      });
    }));

  it("a 网页带数据 copy of a library notice shows that notice and its data in a fresh profile, and puts it on the list", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (sender) => {
      const { id, file } = await countyFile(sender, "#save-html");
      assert.ok(file.text.includes('"notice_source"'), "the copy carries the notice");
      const dir = mkdtempSync(join(tmpdir(), "minsheng-e2e-carry-"));
      try {
        const copyPath = join(dir, "青禾县_同事发来.html");
        writeFileSync(copyPath, file.text);
        await withFreshBrowser(ctx, {}, async (colleague) => {
          const app = await openApp(colleague, { url: pathToFileURL(copyPath).href });
          try {
            const { page } = app;
            assert.equal(await titleOf(app), COUNTY_TITLE, "the carried notice, not the bundled sample");
            assert.match(await waitBanner(app, "embedded_loaded"), /已载入此文件附带的进度数据/);
            assert.equal(await noteOf(app, 3), NOTE);
            await waitStored(app, id, "the carried data saved in this browser");
            await app.waitFor("the address names the notice", (want) => location.hash.startsWith(want), `#n=${id}`);
            const library = JSON.parse((await app.storage())["minsheng:library"]);
            assert.deepEqual(library.notices.map((e) => [e.id, e.place, e.year]), [[id, "青禾县", 2025]], "on the list, under the sender's id");
            // Opened again: a library notice now, in the switcher, its data there and nothing to ask.
            await app.reload();
            assert.equal(await titleOf(app), COUNTY_TITLE);
            assert.equal(await page.$eval("#notice-select", (s) => s.value), id);
            assert.ok(await page.$("#remove-notice"), "a listed notice");
            assert.ok(!(await page.$("#import-dialog")), "nothing to merge");
            assert.equal(await noteOf(app, 3), NOTE);
            await app.assertClean();
          } finally {
            await app.close();
          }
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));
});
