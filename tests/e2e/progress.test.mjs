// Progress saved in the browser, end to end, in both browsers from file://:
// edits survive a reload, undo/redo, two tabs of the same file, a damaged
// (quarantined or repaired) or newer stored record, a full or denied
// localStorage, the migration of release 0.1's records (schema 1 and 2) into
// schema 4, and refused input. Every test runs in a fresh profile, so storage
// starts empty. (persist.test.mjs: concurrent tabs, release 0.1's real file and
// data, a year of history, what one save writes.)
//
// The DOM / storage contract these tests rely on:
//   head minsheng:v3:<hash>  (hash = 16 hex of SHA-256 of the notice text; checked below)
//        value {"schema":4,"notice":"<hash>","saved_at":"2023-…T…[.mmm]","revision":N,"writer":"<tab id>",
//               "generation":g,"settings":{…},"items":[7,…],"log":{"chunks":k,"last":m}}
//        <head>:item:<g>.<no>  one item's state: JSON and its targets' series, or "z"+base64(raw deflate) when large
//        <head>:log:<g>.<n>    history chunk: "<count>;" + JSON array of changes, or "<count>;z"+base64(deflate) once full (256)
//        <head>:backups (index; most entries are markers with "generation")  <head>:backup:<slot> (a copy, before an import)
//        <head>:quarantine:<time>:<n>  an unreadable value moved aside (unique key)
//        A save writes the chunk, the touched item(s), then the head last.
//   release 0.1 (read once to migrate, never written or deleted): minsheng:v2:<hash> (schema 2 envelope
//        {"schema":2,…,"encoding":"deflate+base64","data":…} or plain {"schema":2,…,"progress":…}),
//        minsheng:v1:<hash> (schema 1); its backups minsheng:v2:<hash>:backup:<n> + :backups move into the v3 ring.
//   Unreadable: nothing readable → banner quarantined (blank start, value copied aside; a legacy key stays);
//        part readable → banner repaired (the rest loads, originals kept aside, button.banner-export).
//        A newer schema (5+ in the head, 3+ under minsheng:v2:) → read_only, never written.
//   #banners .banner[data-banner=unavailable|quota|quarantined|repaired|read_only|migrated|first_run|merged|restored]
//        > .banner-message [button.banner-export] button.banner-dismiss
//   #storage-status[data-mode=normal|memory|read_only]
//   #as-of #as-of-today #undo #redo  #light-summary .light-count[data-light][data-count]
//   #settings-open → #settings #setting-unit #setting-yellow #setting-red  #backups li.backup[data-slot] button.backup-restore
//   .item-card[data-no] .item-light[data-light] .item-standing .item-share  button.item-open
//   #item-detail[data-no] #progress-editor select#edit-status #edit-pause-reason textarea#edit-note textarea#edit-evidence
//        .target-row[data-target] input.target-value input.target-date .target-share .target-light[data-light]
//        .subsidy-row[data-subsidy] input.subsidy-served|subsidy-disbursed|subsidy-planned
//        .edit-error .detail-updated ul.detail-history li
//   Ctrl+Z / Ctrl+Y undo/redo unless a value is being typed (an input since the field's last change).

import { it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_URL, ROOT, SEED_PATH, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { HASH, KEY, LEGACY_KEY, LEGACY_V1_KEY, QUARANTINE_PREFIX, typeAndTab, bannerSel, waitBanner, banners, storageMode, setAsOf, openItem, waitEditor, editor, waitEditorShows, envelope, waitSaved, lightCounts, cardLight, clickToolbar } from "./ui.mjs";

const TIMEOUT = { timeout: 120_000 };
const V1_KEY = LEGACY_V1_KEY;
const V1_TEXT = readFileSync(join(ROOT, "tests/data/progress-v1.json"), "utf8");
const CJK = /[\u4e00-\u9fff]/;

// The hash the tests hard-code is the one notice_hash computes (BOM dropped, CRLF → LF).
{
  const text = readFileSync(SEED_PATH, "utf8").replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  assert.equal(createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16), HASH, "notice hash of the seed");
  assert.equal(JSON.parse(V1_TEXT).notice, HASH, "tests/data/progress-v1.json belongs to the bundled notice");
}

// ---- helpers ------------------------------------------------------------

/** Fire Ctrl+<key> with the focus outside any field. */
async function ctrlKey(page, key) {
  await page.evaluate(() => document.activeElement?.blur?.());
  await page.keyboard.down("Control");
  await page.keyboard.press(key);
  await page.keyboard.up("Control");
}

/** Fill localStorage with filler keys until even one more character is refused. Returns the number of keys. */
async function fillStorage(page) {
  return page.evaluate(() => {
    const isQuota = (e) => e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22 || e.code === 1014);
    let n = 0;
    let size = 1 << 20;
    while (size >= 1) {
      try {
        localStorage.setItem(`e2e-filler:${n}`, "x".repeat(size));
        n++;
      } catch (e) {
        if (!isQuota(e)) throw e;
        size = Math.floor(size / 2);
      }
    }
    // Proof: a small write is now refused.
    try {
      localStorage.setItem("e2e-filler:probe", "x");
      localStorage.removeItem("e2e-filler:probe");
      throw new Error("localStorage still accepts writes after filling");
    } catch (e) {
      if (!isQuota(e)) throw e;
    }
    return n;
  });
}

async function clearFiller(page) {
  return page.evaluate(() => {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i).startsWith("e2e-filler:")) keys.push(localStorage.key(i));
    keys.forEach((k) => localStorage.removeItem(k));
    return keys.length;
  });
}

const quarantined = (store) => Object.entries(store).filter(([k]) => k.startsWith(QUARANTINE_PREFIX));

// ---- tests --------------------------------------------------------------

forEachBrowser("progress storage", (ctx) => {
  it("an edit survives a reload; lights at 2023-06-30 as expected", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        // A fresh profile: the first-run banner says where data lives; normal mode.
        const firstRun = await waitBanner(app, "first_run", "in a fresh profile");
        assert.match(firstRun, CJK, "first_run message in Chinese");
        const status = await storageMode(page);
        assert.equal(status?.mode, "normal", `#storage-status: ${JSON.stringify(status)}`);
        assert.match(status.text, CJK, "#storage-status says in Chinese where data is kept");

        await setAsOf(app, "2023-06-30");
        await openItem(app, 7);
        const before = await editor(page);
        assert.equal(before.targets[0]?.date, "2023-06-30", ".target-date defaults to #as-of");

        await page.select("select#edit-status", "in_progress");
        await typeAndTab(page, "textarea#edit-note", "第二季度已救助400人");
        await setField(page, '.target-row[data-target="0"] input.target-value', "400");
        await setField(page, '.subsidy-row[data-subsidy="0"] input.subsidy-served', "100");
        const want = {
          no: 7,
          status: "in_progress",
          note: "第二季度已救助400人",
          targets: { 0: { value: "400", date: "2023-06-30", light: "green" } },
          subsidies: { 0: { served: "100" } },
          light: "green",
        };
        await waitEditorShows(app, want, "after the edits");
        const saved = await waitSaved(app, 0, "the edits");
        // 400/797 = 50.2 % vs 序时进度 181/365 = 49.6 %: on schedule.
        assert.deepEqual(await cardLight(page, 7), { light: "green", standing: "序时推进", share: "50%" }, "item 7's card");
        assert.equal((await lightCounts(page)).green, 1, "#light-summary green count");

        await app.reload();
        assert.ok(!(await banners(page)).includes("first_run"), "no first_run banner once data exists");
        // The detail is open again (#item=7); lights at the same day.
        await waitEditor(app, 7);
        await setAsOf(app, "2023-06-30");
        await setField(page, '.target-row[data-target="0"] input.target-date', "2023-06-30");
        await waitEditorShows(app, want, "after reload");
        assert.equal((await envelope(app)).revision, saved.revision, "loading does not save again");
        assert.deepEqual(await cardLight(page, 7), { light: "green", standing: "序时推进", share: "50%" }, "item 7's card after reload");
        assert.equal((await lightCounts(page)).green, 1, "#light-summary green count after reload");

        // 100/797 = 12.5 %: 37 points behind (> 30) → red; saved too.
        await setField(page, '.target-row[data-target="0"] input.target-value', "100");
        await waitEditorShows(app, { targets: { 0: { value: "100", light: "red" } }, light: "red" }, "value 100");
        await waitSaved(app, saved.revision, "value 100");
        assert.equal((await cardLight(page, 7)).light, "red");
        assert.equal((await lightCounts(page)).red, 1, "#light-summary red count");
        await app.reload();
        await waitEditor(app, 7);
        await setAsOf(app, "2023-06-30");
        await setField(page, '.target-row[data-target="0"] input.target-date', "2023-06-30");
        await waitEditorShows(app, { ...want, targets: { 0: { value: "100", light: "red" } }, light: "red" }, "value 100 after reload");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("undo/redo with the buttons and Ctrl+Z/Ctrl+Y; history names my unit", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await page.click("#settings-open");
        await setField(page, "#setting-unit", "区残联");
        await openItem(app, 7);
        assert.equal(await page.$eval("#undo", (b) => b.disabled), true, "#undo disabled before any edit");
        assert.equal(await page.$eval("#redo", (b) => b.disabled), true, "#redo disabled before any edit");

        await page.select("select#edit-status", "in_progress");
        await setField(page, "textarea#edit-note", "甲");
        await waitEditorShows(app, { status: "in_progress", note: "甲" }, "after two edits");
        const e = await editor(page);
        assert.equal(e.history.length, 2, `two history rows: ${JSON.stringify(e.history)}`);
        assert.ok(e.history.every((h) => h.includes("区残联")), `history rows name 区残联: ${JSON.stringify(e.history)}`);
        assert.ok(e.history.some((h) => h.includes("状态") && h.includes("推进中")), `a 状态 → 推进中 row: ${JSON.stringify(e.history)}`);
        assert.ok(e.history.some((h) => h.includes("备注") && h.includes("甲")), `a 备注 → 甲 row: ${JSON.stringify(e.history)}`);
        assert.match(e.updated, /区残联/, ".detail-updated names the unit");
        assert.equal(await page.$eval("#undo", (b) => b.disabled), false);

        await clickToolbar(app, "#undo");
        await waitEditorShows(app, { no: 7, status: "in_progress", note: "" }, "#undo (reopens item 7)");
        assert.equal(await page.$eval("#redo", (b) => b.disabled), false, "#redo enabled after undo");

        // #16: Ctrl+Z in a field whose value is committed is the app's undo
        // (while typing, the field's own: undo.test.mjs).
        await page.focus("textarea#edit-note");
        await page.keyboard.down("Control");
        await page.keyboard.press("z");
        await page.keyboard.up("Control");
        await waitEditorShows(app, { status: "not_started", note: "" }, "Ctrl+Z in a committed field");
        await app.waitFor("#undo disabled with nothing left to undo", () => document.querySelector("#undo")?.disabled === true);

        await ctrlKey(page, "y");
        await waitEditorShows(app, { status: "in_progress", note: "" }, "Ctrl+Y");
        await clickToolbar(app, "#redo");
        await waitEditorShows(app, { no: 7, status: "in_progress", note: "甲" }, "#redo (reopens item 7)");
        await app.waitFor("#redo disabled with nothing left to redo", () => document.querySelector("#redo")?.disabled === true);

        // What is saved is the state after undo/redo.
        await waitSaved(app, 0);
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { status: "in_progress", note: "甲" }, "after reload");
        const h = (await editor(page)).history;
        assert.ok(h.length >= 2 && h.every((r) => r.includes("区残联")), `history after reload: ${JSON.stringify(h)}`);
        await clickToolbar(app, "#settings-open");
        await page.waitForSelector("#setting-unit", { timeout: 10_000 });
        assert.equal(await page.$eval("#setting-unit", (i) => i.value), "区残联", "the unit setting is kept");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("two tabs of the same file: edits appear in the other tab and none is lost", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const a = await openApp(fresh, { url: `${APP_URL}#item=7` });
      const b = await openApp(fresh, { url: `${APP_URL}#item=7` });
      const seenBanners = new Set();
      try {
        await waitEditor(a, 7);
        await waitEditor(b, 7);
        // A user works in the tab in front; the other one is in the background
        // (puppeteer's clicks need the page in front: no animation frames behind).
        const front = (app) => app.page.bringToFront();

        // A edits item 7; B, in the background, shows it without a reload.
        await front(a);
        await setField(a.page, "textarea#edit-note", "A的备注");
        await waitSaved(a, 0, "tab A's edit");
        await waitEditorShows(b, { no: 7, note: "A的备注" }, "tab B, without reload, after tab A's edit");
        (await banners(b.page)).forEach((k) => seenBanners.add(`B:${k}`));

        // B edits another item; A shows it without a reload.
        await front(b);
        await openItem(b, 18);
        await b.page.select("select#edit-status", "in_progress");
        await setField(b.page, "textarea#edit-note", "B的备注");
        await waitEditorShows(b, { no: 18, status: "in_progress", note: "B的备注" }, "tab B after its edits");
        const afterB = await waitSaved(b, 1, "tab B's edit");
        await front(a);
        await openItem(a, 18);
        await waitEditorShows(a, { no: 18, status: "in_progress", note: "B的备注" }, "tab A, without reload, after tab B's edit");
        await openItem(a, 7);
        await waitEditorShows(a, { no: 7, note: "A的备注" }, "tab A keeps its own edit");
        (await banners(a.page)).forEach((k) => seenBanners.add(`A:${k}`));

        // The same field in both tabs, B after A: B's value wins, the history has both.
        await front(b);
        await openItem(b, 7);
        await front(a);
        await setField(a.page, "textarea#edit-note", "A二");
        await front(b);
        await setField(b.page, "textarea#edit-note", "B二");
        await waitSaved(b, afterB.revision + 1, "both tabs' edits of the same field");
        for (const [name, app] of [["A", a], ["B", b]]) {
          await waitEditorShows(app, { no: 7, note: "B二" }, `tab ${name}: the later edit wins`);
          await app.waitFor(`tab ${name}: item 7's history lists A的备注, A二 and B二`, () => {
            const rows = [...document.querySelectorAll("#item-detail ul.detail-history li")].map((li) => li.textContent);
            return rows.some((r) => r.includes("A二")) && rows.some((r) => r.includes("B二")) && rows.some((r) => r.includes("A的备注"));
          });
          (await banners(app.page)).forEach((k) => seenBanners.add(`${name}:${k}`));
        }

        // Reload both: both tabs' edits everywhere.
        for (const [name, app] of [["A", a], ["B", b]]) {
          await front(app);
          await app.reload();
          await waitEditor(app, 7);
          await waitEditorShows(app, { no: 7, note: "B二" }, `tab ${name} after reload: item 7`);
          await openItem(app, 18);
          await waitEditorShows(app, { no: 18, status: "in_progress", note: "B的备注" }, `tab ${name} after reload: item 18`);
        }
        await a.assertClean();
        await b.assertClean();
      } finally {
        // Not asserted (the contract does not say when it shows): reported for the record.
        console.log(`# [${ctx.browserName}] banners seen in the two-tab test: ${[...seenBanners].join(", ") || "(none)"}`);
        await a.close();
        await b.close();
      }
    }));

  // Nothing readable: quarantined (a blank start), the value copied aside; a v3 head is moved away,
  // release 0.1's key is left exactly as it is (this version never writes or deletes it).
  for (const [label, key, planted] of [
    ["a truncated head", KEY, `{"schema":3,"notice":"${HASH}","items":[7`],
    ["text that is not JSON at the head", KEY, "not json at all"],
    ["a truncated release-0.1 record", LEGACY_KEY, `{"schema":2,"notice":"${HASH}","data":"%%%"`],
    ["release-0.1 text that is not JSON", LEGACY_KEY, "not json at all"],
  ]) {
    it(`${label} is quarantined, exportable, and not replaced until an edit`, TIMEOUT, () =>
      withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
        const app = await openApp(fresh, { plant: { [key]: planted } });
        try {
          const { page } = app;
          const message = await waitBanner(app, "quarantined", `for ${label}`);
          assert.match(message, CJK, "quarantined message in Chinese");
          assert.match(message, /从空白进度开始/, "the user is told the page starts blank");
          assert.ok(!(await banners(page)).includes("repaired"), "nothing was readable: not repaired");
          let store = await app.storage();
          const q = quarantined(store);
          assert.equal(q.length, 1, `one quarantine key: ${JSON.stringify(Object.keys(store))}`);
          assert.match(q[0][0], /^minsheng:v3:3f3298e0f460c17a:quarantine:.+:\d+$/, "quarantine key <head>:quarantine:<time>:<n>");
          assert.equal(q[0][1], planted, "the quarantine key holds exactly the planted text");
          if (key === LEGACY_KEY) {
            assert.equal(store[LEGACY_KEY], planted, "release 0.1's key is left untouched");
          }
          assert.equal(store[KEY], undefined, `nothing is written at the head before an edit: ${JSON.stringify(store[KEY])}`);

          // The export button downloads the planted text.
          await page.click(`${bannerSel("quarantined")} button.banner-export`);
          const file = await fresh.waitForDownload("the quarantined text");
          assert.equal(file.text, planted, `downloaded ${file.name}`);

          // In a later second than the load's quarantine key (its name has a timestamp),
          // so a second copy of the same text would show as a second key.
          await new Promise((r) => setTimeout(r, 1100));
          await openItem(app, 7);
          await setField(page, "textarea#edit-note", "损坏后重新填写");
          await waitSaved(app, -1, "the first edit after quarantine");
          store = await app.storage();
          assert.deepEqual(quarantined(store).map(([, v]) => v), [planted], "the quarantine key is still there after an edit, and the text is not quarantined twice");
          if (key === LEGACY_KEY) assert.equal(store[LEGACY_KEY], planted, "release 0.1's key is still untouched after an edit");
          await app.reload();
          await waitEditor(app, 7);
          await waitEditorShows(app, { note: "损坏后重新填写" }, "after reload");
          assert.ok(!(await banners(page)).includes("quarantined"), "a readable record is not quarantined again");
          store = await app.storage();
          assert.equal(quarantined(store).length, 1, `no second quarantine key: ${JSON.stringify(Object.keys(store))}`);
          if (key === LEGACY_KEY) assert.equal(store[LEGACY_KEY], planted, "release 0.1's key is still untouched after a reload");
          await app.assertClean();
        } finally {
          await app.close();
        }
      }));
  }

  it("a damaged item, then a damaged history chunk, is repaired: the rest loads, nothing is lost, originals kept aside", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await openItem(app, 7);
        await setField(page, "textarea#edit-note", "七的备注");
        await openItem(app, 8);
        await page.select("select#edit-status", "in_progress");
        await setField(page, "textarea#edit-note", "八的备注");
        await waitEditorShows(app, { no: 8, status: "in_progress", note: "八的备注" }, "item 8 edited");
        let head = await waitSaved(app, 2, "three edits");
        assert.deepEqual(head.items, [7, 8], "head.items");
        let store = await app.storage();
        const item8 = `${KEY}:item:${head.generation}.8`;
        assert.ok(store[item8], `${item8} stored: ${JSON.stringify(Object.keys(store))}`);

        // 1. Item 8's state is damaged: it is rebuilt from the history.
        const badItem = '{"status":"in_progress","note":';
        await page.evaluate((k, v) => localStorage.setItem(k, v), item8, badItem);
        await app.reload();
        let message = await waitBanner(app, "repaired", "for a damaged item");
        assert.match(message, /第8项/, `the banner names item 8: ${message}`);
        assert.ok(!(await banners(page)).includes("quarantined"), "not quarantined: the rest was readable");
        store = await app.storage();
        assert.deepEqual(quarantined(store).map(([, v]) => v), [badItem], "the damaged value is kept aside as it was");
        // (The reload reopened item 8's detail, a modal drawer over the banners: close it first.)
        await clickToolbar(app, `${bannerSel("repaired")} button.banner-export`);
        const file = await fresh.waitForDownload("the damaged item");
        assert.equal(file.text, badItem, `downloaded ${file.name}`);
        await openItem(app, 8);
        await waitEditorShows(app, { no: 8, status: "in_progress", note: "八的备注" }, "item 8 rebuilt from its history");
        await openItem(app, 7);
        await waitEditorShows(app, { no: 7, note: "七的备注" }, "item 7 as it was");
        head = await waitSaved(app, head.revision, "the repaired state written again");
        store = await app.storage();
        assert.ok(store[`${KEY}:item:${head.generation}.8`] && store[`${KEY}:item:${head.generation}.8`] !== badItem, "item 8 written again");

        // 2. The history chunk is damaged (its count kept): the items' own states load.
        const chunkKey = `${KEY}:log:${head.generation}.0`;
        const chunk = store[chunkKey];
        assert.match(chunk ?? "", /^\d+;/, `${chunkKey}: ${JSON.stringify(Object.keys(store))}`);
        const badChunk = `${chunk.split(";")[0]};[{"at":"2023-`;
        await page.evaluate((k, v) => localStorage.setItem(k, v), chunkKey, badChunk);
        await app.reload();
        message = await waitBanner(app, "repaired", "for a damaged history chunk");
        assert.match(message, /修改记录/, `the banner names the history: ${message}`);
        store = await app.storage();
        assert.deepEqual(quarantined(store).map(([, v]) => v).sort(), [badItem, badChunk].sort(), "both damaged values kept aside, each once");
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, note: "七的备注" }, "item 7 after the chunk was lost");
        await openItem(app, 8);
        await waitEditorShows(app, { no: 8, status: "in_progress", note: "八的备注" }, "item 8 after the chunk was lost");
        await waitSaved(app, head.revision, "the repaired state written again");
        await app.reload();
        await waitEditor(app, 8);
        await waitEditorShows(app, { no: 8, status: "in_progress", note: "八的备注" }, "after a reload");
        assert.ok(!(await banners(page)).includes("repaired"), "repaired once: the store is readable again");
        assert.equal(quarantined(await app.storage()).length, 2, "no further quarantine key");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a release-0.1 record with one unreadable item is repaired: the rest migrates, the old key is kept", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const record = JSON.stringify({
        schema: 2,
        notice: HASH,
        saved_at: "2023-10-01T08:00:00",
        revision: 3,
        progress: {
          items: {
            7: { status: "in_progress", note: "可读的第七项" },
            8: { status: 3, note: "状态写坏了" },
            9: { status: "done", note: "可读的第九项" },
          },
          history: [],
        },
      });
      const app = await openApp(fresh, { plant: { [LEGACY_KEY]: record } });
      try {
        const { page } = app;
        await waitBanner(app, "migrated");
        const message = await waitBanner(app, "repaired", "for an item release 0.1 stored badly");
        assert.match(message, /8/, `the banner names item 8: ${message}`);
        await waitSaved(app, -1, "the migrated record");
        let store = await app.storage();
        assert.equal(store[LEGACY_KEY], record, "release 0.1's key is left as it was");
        await openItem(app, 7);
        await waitEditorShows(app, { no: 7, status: "in_progress", note: "可读的第七项" }, "item 7 migrated");
        await openItem(app, 9);
        await waitEditorShows(app, { no: 9, status: "done", note: "可读的第九项" }, "item 9 migrated");
        // The original stays readable for a technician: the banner's export gives it.
        assert.ok(await page.$(`${bannerSel("repaired")} button.banner-export`), "the repaired banner offers 导出损坏的数据");
        await clickToolbar(app, `${bannerSel("repaired")} button.banner-export`);
        const file = await fresh.waitForDownload("导出损坏的数据 of the release-0.1 record", { timeout: 5000 });
        assert.equal(file.text, record, `downloaded ${file.name}`);
        await app.reload();
        assert.ok(!(await banners(page)).includes("repaired"), "once migrated, not repaired again");
        store = await app.storage();
        assert.equal(store[LEGACY_KEY], record, "release 0.1's key is still as it was");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a full localStorage: quota banner, the edit stays; freed space saves both edits", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#item=7` });
      try {
        const { page } = app;
        await waitEditor(app, 7);
        const fillers = await fillStorage(page);
        assert.ok(fillers > 0);
        await page.select("select#edit-status", "in_progress");
        const message = await waitBanner(app, "quota", "after an edit with storage full");
        assert.match(message, CJK, "quota message in Chinese");
        await waitEditorShows(app, { status: "in_progress" }, "the edit stays in the UI");
        assert.equal((await app.storage())[KEY], undefined, "nothing could be saved");

        assert.equal(await clearFiller(page), fillers);
        await setField(page, "textarea#edit-note", "腾出空间后");
        await waitSaved(app, -1, "the edit after freeing space");
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { status: "in_progress", note: "腾出空间后" }, "both edits after reload");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("storage denied: the app loads, says so, and edits work in memory", TIMEOUT, () =>
    withFreshBrowser(ctx, { blockStorage: true }, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#item=7` });
      try {
        const { page } = app;
        // The mechanism really denies storage.
        const probe = await page.evaluate(() => {
          try {
            return window.localStorage === null ? "null" : (localStorage.setItem("e2e", "1"), "usable");
          } catch (e) {
            return `throws ${e.name}`;
          }
        });
        assert.equal(probe, ctx.browserName === "chromium" ? "throws SecurityError" : "null", "localStorage is denied");

        const message = await waitBanner(app, "unavailable");
        assert.match(message, CJK, "unavailable message in Chinese");
        const status = await storageMode(page);
        assert.equal(status?.mode, "memory", `#storage-status: ${JSON.stringify(status)}`);
        assert.match(status.text, CJK);

        await waitEditor(app, 7);
        await page.select("select#edit-status", "in_progress");
        await setField(page, "textarea#edit-note", "只在内存中");
        await waitEditorShows(app, { status: "in_progress", note: "只在内存中" }, "edits in memory");
        await clickToolbar(app, "#undo");
        await waitEditorShows(app, { no: 7, status: "in_progress", note: "" }, "undo in memory");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a v1 record is migrated: banner, values shown, v3 written, v1 kept, no v2 written", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh, { plant: { [V1_KEY]: V1_TEXT } });
      try {
        const { page } = app;
        assert.match(await waitBanner(app, "migrated"), CJK, "migrated message in Chinese");
        const env = await waitSaved(app, -1, "the migrated record");
        assert.equal((await app.storage())[V1_KEY], V1_TEXT, "the v1 key is unchanged");
        assert.equal((await app.storage())[LEGACY_KEY], undefined, "release 0.1's schema-2 key is never written");

        await setAsOf(app, "2023-09-30");
        await openItem(app, 7);
        await waitEditorShows(app, {
          no: 7,
          status: "in_progress",
          note: "已完成第三季度康复救助，资金已拨付。",
          targets: { 0: { value: "480", date: "2023-09-30" } },
          subsidies: { 0: { served: "280" }, 2: { served: "35" } },
        }, "item 7 migrated");
        await openItem(app, 30);
        await waitEditorShows(app, { no: 30, status: "paused", note: "雨季停工" }, "item 30 migrated");
        await openItem(app, 25);
        await waitEditorShows(app, { no: 25, status: "done", note: "线上办理途径已全面开通。" }, "item 25 migrated");

        // An edit after the migration is not undone by migrating again on reload.
        await openItem(app, 7);
        await setField(page, "textarea#edit-note", "迁移后修改");
        await waitSaved(app, env.revision, "an edit after migration");
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, status: "in_progress", note: "迁移后修改" }, "after reload");
        assert.equal((await app.storage())[V1_KEY], V1_TEXT, "the v1 key is still unchanged");
        assert.ok(!(await banners(page)).includes("migrated"), "migrated once: the reload reads the v3 head");
        console.log(`# [${ctx.browserName}] banners after reloading a migrated profile: ${(await banners(page)).join(", ") || "(none)"}`);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  for (const [label, key, planted] of [
    ["a head of schema 5", KEY, JSON.stringify({ schema: 5, notice: HASH, saved_at: "2031-01-01T08:00:00", revision: 5, writer: "未来", parts: "未来" })],
    ["schema 3 under release 0.1's key", LEGACY_KEY, JSON.stringify({ schema: 3, notice: HASH, saved_at: "2031-01-01T08:00:00", revision: 5, encoding: "zstd", data: "未来" })],
  ]) {
    it(`a record from a newer version (${label}): read-only banner, edits in memory, stored value untouched`, TIMEOUT, () =>
      withFreshBrowser(ctx, {}, async (fresh) => {
        const app = await openApp(fresh, { plant: { [key]: planted }, url: `${APP_URL}#item=7` });
        try {
          const { page } = app;
          assert.match(await waitBanner(app, "read_only"), CJK, "read_only message in Chinese");
          const status = await storageMode(page);
          assert.equal(status?.mode, "read_only", `#storage-status: ${JSON.stringify(status)}`);

          await waitEditor(app, 7);
          await page.select("select#edit-status", "in_progress");
          await setField(page, "textarea#edit-note", "只在内存中");
          await waitEditorShows(app, { status: "in_progress", note: "只在内存中" }, "edits in memory");
          await new Promise((r) => setTimeout(r, 500));
          const store = await app.storage();
          assert.deepEqual(store, { [key]: planted }, "the stored value is never changed and nothing else is written");
          assert.deepEqual(quarantined(store), [], "a newer record is not quarantined");

          await app.reload();
          await waitBanner(app, "read_only", "after reload");
          await waitEditor(app, 7);
          await waitEditorShows(app, { status: "not_started", note: "" }, "after reload the in-memory edits are gone");
          assert.deepEqual(await app.storage(), { [key]: planted }, "still never changed");
          await app.assertClean();
        } finally {
          await app.close();
        }
      }));
  }

  it('"abc" in a number field is refused in Chinese and changes nothing', TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#item=7` });
      try {
        const { page } = app;
        await waitEditor(app, 7);
        await page.select("select#edit-status", "in_progress");
        const saved = await waitSaved(app, -1, "a first edit");
        const before = await editor(page);
        const counts = await lightCounts(page);

        for (const sel of ['.target-row[data-target="0"] input.target-value', '.subsidy-row[data-subsidy="0"] input.subsidy-served']) {
          await setField(page, sel, "abc");
          const error = await app.waitFor(`.edit-error after "abc" in ${sel}`, () => document.querySelector("#item-detail .edit-error")?.textContent.trim() || false);
          assert.match(error, CJK, `.edit-error in Chinese: ${error}`);
          const after = await editor(page);
          assert.deepEqual(after.history, before.history, "no history row");
          assert.equal(after.light, before.light);
          assert.deepEqual(after.targets.map((t) => t.light), before.targets.map((t) => t.light));
          assert.deepEqual(await lightCounts(page), counts);
        }
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await envelope(app)).revision, saved.revision, "nothing saved");
        // Undo undoes the status edit, not a refused one.
        await clickToolbar(app, "#undo");
        await waitEditorShows(app, { no: 7, status: "not_started" }, "undo after refused input");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
  it("1e307 is refused with its bound and the charts still draw; a note's U+202E stays inside its <bdi>", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#item=7` });
      try {
        const { page } = app;
        await waitEditor(app, 7);
        // The value that made 图表 hang for ever (#11): refused, with the bound in the message.
        await setField(page, '.subsidy-row[data-subsidy="0"] input.subsidy-served', "1e307");
        const error = await app.waitFor("the refusal of 1e307", () => document.querySelector("#item-detail .edit-error")?.textContent.trim() || false);
        assert.match(error, /上限/, error);
        const note = "已完成\u202e3户";
        await setField(page, "textarea#edit-note", note);
        const row = await app.waitFor("the note's history row", (n) => {
          const b = [...document.querySelectorAll("#item-detail li bdi.new")].find((e) => e.textContent === n);
          return b ? { line: b.parentElement.textContent, tag: b.tagName, field: b.previousSibling?.textContent ?? "" } : false;
        }, note);
        assert.equal(row.tag, "BDI");
        assert.ok(row.line.includes("备注") && row.line.indexOf("→") < row.line.indexOf(note), `our words stay before the user's text: ${row.line}`);
        await page.click("#detail-close");
        await page.click("#tab-charts");
        await app.waitFor("the charts drawn", () => !!document.querySelector("#charts")?.dataset.asOf);
        const ink = await page.$eval('#charts figure.chart[data-chart="subsidies"] canvas', (c) => {
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++;
          return n;
        });
        assert.ok(ink > 1000, `the subsidy chart is drawn (${ink} dark pixels)`);
        assert.ok(!(await page.$eval("#charts", (e) => e.textContent)).match(/inf|NaN/), "no inf or NaN in the charts' tables");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
  it("banners can be dismissed; #export-json downloads the record; a backup can be restored", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await waitBanner(app, "first_run");
        await page.click(`${bannerSel("first_run")} button.banner-dismiss`);
        await app.waitFor("the first_run banner gone after button.banner-dismiss", (sel) => !document.querySelector(sel), bannerSel("first_run"));

        await openItem(app, 7);
        await setField(page, "textarea#edit-note", "备份前");
        const first = await waitSaved(app, 0, "the first edit");
        await setField(page, "textarea#edit-note", "备份后");
        await waitSaved(app, first.revision, "the second edit");

        // Export: a JSON file with the current record.
        await clickToolbar(app, "#export-json");
        const file = await fresh.waitForDownload("#export-json");
        assert.match(file.name, /\.json$/, `download name ${file.name}`);
        const exported = JSON.parse(file.text);
        assert.equal(exported.notice, HASH, "the export names the notice");
        assert.ok(file.text.includes("备份后"), "the export holds the current note (readable, not compressed)");

        // The first save wrote a backup; restoring it brings the first note back, undoably.
        await clickToolbar(app, "#settings-open");
        const slots = await app.waitFor("#backups li.backup", () => {
          const li = [...document.querySelectorAll("#backups li.backup")];
          return li.length ? li.map((el) => el.dataset.slot) : false;
        });
        await page.click(`#backups li.backup[data-slot="${slots[slots.length - 1]}"] button.backup-restore`);
        assert.match(await waitBanner(app, "restored"), CJK, "restored message in Chinese");
        await openItem(app, 7);
        await waitEditorShows(app, { no: 7, note: "备份前" }, "after restoring the backup");
        const restored = await waitSaved(app, first.revision + 1, "the restore");
        await ctrlKey(page, "z");
        await waitEditorShows(app, { no: 7, note: "备份后" }, "Ctrl+Z undoes the restore");
        await waitSaved(app, restored.revision, "the undone restore");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
}, { launch: false });
