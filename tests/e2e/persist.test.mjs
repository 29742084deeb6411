// The persistence layer of #10 (schema 4), end to end in both browsers from file://:
//   a. two tabs of the same file saving at the same instant lose nothing (state and history);
//   b. release 0.1's own file writes progress, the new file (same path, same profile) migrates it,
//      and release 0.1's stored record + backups (tests/data/release-0.1) migrate, backups restorable;
//   c. a year of history (18,250 changes) migrates, and one edit then writes only the head, one item
//      key and one history chunk;
//   d. quarantine keys never collide, even for values moved aside in the same second;
//   e. refused numbers and settings.
// The storage layout is described at the top of progress.test.mjs.

import { it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { APP_URL, HTML_PATH, ROOT, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import {
  KEY,
  factOf,
  localToday,
  LEGACY_KEY,
  QUARANTINE_PREFIX,
  bannerSel,
  withClock,
  banners,
  clickToolbar,
  editor,
  envelope,
  openItem,
  setAsOf,
  storedProgress,
  waitBanner,
  waitEditor,
  waitEditorShows,
  waitSaved,
} from "./ui.mjs";

const TIMEOUT = { timeout: 240_000 };
const DATA = join(ROOT, "tests/data/release-0.1");
const RELEASE_0_1 = join(DATA, "minsheng.html");
const read = (name) => readFileSync(join(DATA, name), "utf8");
const EXPECTED = JSON.parse(read("expected-progress.json"));

const quarantined = (store) => Object.entries(store).filter(([k]) => k.startsWith(QUARANTINE_PREFIX));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Set a field of the open editor from node without waiting (an edit "at this instant"). */
function fire(app, selector, value) {
  return app.page.$eval(
    selector,
    (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    value,
  );
}

/** Wait until `fn(storedProgress)` holds and the head has not changed for `quietMs`. */
async function waitStored(app, what, fn, { timeout = 30_000, quietMs = 1000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  let since = Date.now();
  let stored = null;
  while (Date.now() < deadline) {
    stored = await storedProgress(app.page);
    const raw = JSON.stringify(stored?.head ?? null);
    if (raw !== last) {
      last = raw;
      since = Date.now();
    }
    if (stored && fn(stored) && Date.now() - since >= quietMs) return stored;
    await sleep(200);
  }
  const summary = stored && { head: stored.head, history: stored.history.map((c) => `${c.item}:${c.field}=${c.new}`) };
  assert.fail(`timed out waiting for ${what}; stored: ${JSON.stringify(summary)}`);
}

const notesOf = (history, item) => history.filter((c) => c.item === item && c.field === "note").map((c) => c.new);

/** Release 0.1's deflate+base64 envelope, decoded in node. */
function legacyProgress(text) {
  const env = JSON.parse(text);
  if (env.encoding === "deflate+base64") return JSON.parse(inflateRawSync(Buffer.from(env.data, "base64")).toString("utf8"));
  return env.progress;
}

forEachBrowser("persistence (#10)", (ctx) => {
  it("two tabs saving at the same instant lose nothing: 10 pairs and a burst of 20 edits per tab", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const a = await openApp(fresh, { url: `${APP_URL}#item=7` });
      const b = await openApp(fresh, { url: `${APP_URL}#item=8` });
      try {
        await waitEditor(a, 7);
        await waitEditor(b, 8);
        const wantA = [];
        const wantB = [];
        // 10 pairs: each tab edits its own item, both dispatched from node ~0 ms apart.
        for (let i = 0; i < 10; i++) {
          wantA.push(`甲${i}`);
          wantB.push(`乙${i}`);
          await Promise.all([fire(a, "textarea#edit-note", `甲${i}`), fire(b, "textarea#edit-note", `乙${i}`)]);
          await sleep(150);
        }
        // A burst: 20 edits per tab, both tabs at once, one task apart each.
        const burst = (app, prefix) =>
          app.page.evaluate(async (p) => {
            const el = document.querySelector("textarea#edit-note");
            for (let j = 0; j < 20; j++) {
              el.value = `${p}${j}`;
              el.dispatchEvent(new Event("input", { bubbles: true }));
              el.dispatchEvent(new Event("change", { bubbles: true }));
              await new Promise((r) => setTimeout(r, 0));
            }
          }, prefix);
        for (let j = 0; j < 20; j++) {
          wantA.push(`甲连${j}`);
          wantB.push(`乙连${j}`);
        }
        await Promise.all([burst(a, "甲连"), burst(b, "乙连")]);

        // Both settle (the storage events are taken in): the store holds every change of both tabs.
        // Every check below is made and reported together (the open tabs, the store, a fresh tab).
        const problems = [];
        const check = async (what, fn) => {
          try {
            await fn();
          } catch (e) {
            problems.push(`${what}: ${e.message.split("\n")[0]}`);
          }
        };
        let settled = null;
        await check("the store", async () => {
          settled = await waitStored(a, "every edit of both tabs in the stored history", (st) => {
            const h = st.history;
            return wantA.every((v) => notesOf(h, 7).includes(v)) && wantB.every((v) => notesOf(h, 8).includes(v));
          });
          assert.equal(settled.history.length, 60, `60 changes stored, each once: ${settled.history.map((c) => `${c.item}=${c.new}@${c.at}/${c.unit}`).join(" ")}`);
          assert.deepEqual(notesOf(settled.history, 7), wantA, "tab A's changes, in order");
          assert.deepEqual(notesOf(settled.history, 8), wantB, "tab B's changes, in order");
          assert.equal(factOf(settled.items[7], "note"), "甲连19", "item 7's stored state is tab A's last edit");
          assert.equal(factOf(settled.items[8], "note"), "乙连19", "item 8's stored state is tab B's last edit");
          assert.ok(settled.chunks.every((c) => !c.missing && c.count === c.length), `chunks as the head says: ${JSON.stringify(settled.chunks)}`);
        });
        // Each open tab shows its own and the other's last edit.
        for (const [name, app, first, second] of [["A", a, 7, 8], ["B", b, 8, 7]]) {
          for (const no of [first, second]) {
            await check(`tab ${name}, item ${no}`, async () => {
              // Puppeteer's clicks need the page in front.
              await app.page.bringToFront();
              await openItem(app, no);
              await waitEditorShows(app, { no, note: no === 7 ? "甲连19" : "乙连19" }, `tab ${name} shows item ${no}'s last edit`);
            });
          }
        }

        // A fresh tab sees every edit and every history entry.
        const c = await openApp(fresh, { url: `${APP_URL}#item=7` });
        try {
          await c.page.bringToFront();
          await waitEditor(c, 7);
          for (const [no, want] of [[7, wantA], [8, wantB]]) {
            await check(`a fresh tab, item ${no}`, async () => {
              await openItem(c, no);
              await waitEditorShows(c, { no, note: want.at(-1) }, `a fresh tab: item ${no}`);
              const rows = await c.waitFor(`item ${no}'s 修改记录 with all 30 of its notes`, (w) => {
                const r = [...document.querySelectorAll("#item-detail ul.detail-history li")].map((li) => li.textContent);
                return w.every((v) => r.some((x) => x.includes(v))) ? r : false;
              }, want);
              assert.equal(rows.length, 30, `item ${no}'s 修改记录 has 30 rows: ${rows.join(" | ")}`);
            });
          }
          await c.assertClean();
        } finally {
          await c.close();
        }
        assert.deepEqual(problems, [], "two tabs saving at the same instant must lose nothing");
        console.log(`# [${ctx.browserName}] two tabs: banners A=${(await banners(a.page)).join(",") || "-"} B=${(await banners(b.page)).join(",") || "-"}; revision ${settled?.head.revision}, ${settled?.head.log.chunks} chunk(s)`);
        await a.assertClean();
        await b.assertClean();
      } finally {
        await a.close();
        await b.close();
      }
    }));

  it("release 0.1's own file records progress; the new file at the same path migrates it", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const dir = mkdtempSync(join(tmpdir(), "minsheng-e2e-upgrade-"));
      // The same path both times: Firefox scopes file:// storage by path.
      const file = join(dir, "minsheng.html");
      const url = pathToFileURL(file).href;
      try {
        copyFileSync(RELEASE_0_1, file);
        const old = await openApp(fresh, { url: `${url}#item=7&at=2023-09-30` });
        let legacy;
        try {
          const { page } = old;
          await waitEditor(old, 7);
          await page.select("select#edit-status", "in_progress");
          await setField(page, "textarea#edit-note", "旧版本填写的备注");
          await setField(page, '.target-row[data-target="0"] input.target-date', "2023-09-30");
          await setField(page, '.target-row[data-target="0"] input.target-value', "321");
          await waitEditorShows(old, { no: 7, status: "in_progress", note: "旧版本填写的备注", targets: { 0: { value: "321" } } }, "release 0.1's editor");
          legacy = await old.waitFor("release 0.1's record with the three edits", (key) => {
            const raw = localStorage.getItem(key);
            try {
              return raw && JSON.parse(raw).revision >= 3 ? raw : false;
            } catch {
              return false;
            }
          }, LEGACY_KEY);
          await sleep(300);
          legacy = (await old.storage())[LEGACY_KEY];
          assert.equal((await old.storage())[KEY], undefined, "release 0.1 knows nothing of v3");
        } finally {
          await old.close();
        }

        copyFileSync(HTML_PATH, file);
        // Release 0.1's facts hold from the day they were recorded (#15): today.
        const app = await openApp(fresh, { url: `${url}#item=7&at=${localToday()}` });
        try {
          assert.match(await waitBanner(app, "migrated", "after replacing release 0.1 by the new file"), /升级/);
          await waitEditor(app, 7);
          await waitEditorShows(app, { no: 7, status: "in_progress", note: "旧版本填写的备注" }, "the new file shows release 0.1's progress");
          await setField(app.page, '.target-row[data-target="0"] input.target-date', "2023-09-30");
          await waitEditorShows(app, { targets: { 0: { value: "321", date: "2023-09-30" } } }, "the target value at 2023-09-30");
          const e = await editor(app.page);
          assert.ok(e.history.length >= 3, `release 0.1's 修改记录 migrated: ${JSON.stringify(e.history)}`);
          const head = await waitSaved(app, -1, "the migration written as schema 4");
          const store = await app.storage();
          assert.equal(store[LEGACY_KEY], legacy, "release 0.1's record is unchanged");
          const stored = await storedProgress(app.page);
          assert.equal(stored.items[7].note, "旧版本填写的备注");
          assert.equal(stored.history.length, head.log.chunks ? (head.log.chunks - 1) * 256 + head.log.last : 0);

          // An edit in the new file does not touch release 0.1's record either.
          await setField(app.page, "textarea#edit-note", "新版本修改");
          await waitSaved(app, head.revision, "an edit after the migration");
          await app.reload();
          await waitEditor(app, 7);
          await waitEditorShows(app, { no: 7, note: "新版本修改" }, "after reload");
          assert.ok(!(await banners(app.page)).includes("migrated"), "migrated once");
          assert.equal((await app.storage())[LEGACY_KEY], legacy, "release 0.1's record is still unchanged");
          await app.assertClean();
        } finally {
          await app.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  it("a store of schema 3 opens, is upgraded to schema 4 at once, and reads the same (tests/data/schema-3)", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const planted = JSON.parse(readFileSync(join(ROOT, "tests/data/schema-3/store.json"), "utf8"));
      const itemsBefore = Object.keys(planted).filter((k) => k.includes(":item:")).length;
      const app = await openApp(fresh, { plant: planted, url: `${APP_URL}#item=7&at=2023-03-01` });
      try {
        // The first 60 days of tests/support/year.rs: item 7 (the 7th item) has target 0 at 59×3+6 on 2023-03-01.
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, targets: { 0: { value: "183" } } }, "item 7 as the schema 3 store had it");
        const head = await waitSaved(app, -1, "the upgrade to schema 4");
        const stored = await storedProgress(app.page);
        assert.equal(stored.history.length, 3000, "the history as it was");
        assert.equal(Object.keys(stored.items).length, itemsBefore, "every item");
        const series = stored.items[7].targets[0];
        assert.equal(series.length, 60);
        assert.deepEqual(series.at(-1), { as_of: "2023-03-01", value: 183 }, "read back by the test's own reader of schema 4");
        assert.deepEqual(series[0], { as_of: "2023-01-01", value: 6 });
        const store = await app.storage();
        assert.equal(store[`${KEY}:log:0.0`], planted[`${KEY}:log:0.0`], "the history is not rewritten");
        assert.notEqual(store[`${KEY}:item:0.7`], planted[`${KEY}:item:0.7`], "the items are");
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, targets: { 0: { value: "183" } } }, "after the upgrade");
        assert.equal((await envelope(app)).revision, head.revision, "upgraded once");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("release 0.1's stored record and backup migrate: the items, the backup listed in 设置 → 自动备份 and restorable", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const record = read("record-v2.txt").trim();
      const slot0 = read("backup-slot-0.txt").trim();
      const index = read("backup-index.json").trim();
      // At the list's year end, where a 2023 list opens once the year is over: release
      // 0.1's facts (recorded in October 2023) hold from the day they were recorded (#15).
      const app = await openApp(fresh, {
        url: APP_URL,
        plant: { [LEGACY_KEY]: record, [`${LEGACY_KEY}:backup:0`]: slot0, [`${LEGACY_KEY}:backups`]: index },
      });
      try {
        const { page } = app;
        await waitBanner(app, "migrated");
        assert.ok(!(await banners(page)).includes("repaired"), "release 0.1's record reads whole");
        const head = await waitSaved(app, -1, "the migration");
        await sleep(300);
        let store = await app.storage();
        assert.equal(store[LEGACY_KEY], record, "release 0.1's record is unchanged");
        assert.equal(store[`${LEGACY_KEY}:backup:0`], undefined, "release 0.1's backup moved (not copied)");
        assert.equal(store[`${LEGACY_KEY}:backups`], undefined, "release 0.1's backup index moved");
        assert.equal(store[`${KEY}:backup:0`], slot0, "the backup is in the v3 ring, as it was");
        assert.ok(store[`${KEY}:backups`], "the v3 backup index");

        // Every item as release 0.1 stored it.
        const stored = await storedProgress(page);
        assert.deepEqual(Object.keys(stored.items).map(Number).sort((x, y) => x - y), Object.keys(EXPECTED.items).map(Number).sort((x, y) => x - y), "the same items");
        for (const [no, want] of Object.entries(EXPECTED.items)) {
          const got = stored.items[no];
          for (const f of ["status", "pause_reason", "note", "evidence"]) assert.equal(got[f] ?? "", want[f] ?? "", `item ${no}.${f}`);
        }
        assert.equal(stored.head.settings.unit, EXPECTED.settings.unit, "settings.unit");
        assert.equal(stored.head.settings.yellow_lag, EXPECTED.settings.yellow_lag, "settings.yellow_lag");
        assert.equal(stored.head.settings.red_lag, EXPECTED.settings.red_lag, "settings.red_lag");
        assert.equal(stored.history.length, EXPECTED.history.length, "every history entry migrated");
        // And as the page shows them.
        await openItem(app, 7);
        await setField(page, '.target-row[data-target="0"] input.target-date', "2023-09-30");
        await waitEditorShows(app, { no: 7, status: EXPECTED.items[7].status, note: EXPECTED.items[7].note, evidence: EXPECTED.items[7].evidence, targets: { 0: { value: "612.5" } } }, "item 7");
        await openItem(app, 30);
        await waitEditorShows(app, { no: 30, status: "paused", note: EXPECTED.items[30].note }, "item 30");

        // Change item 7, then restore release 0.1's backup from 设置 → 自动备份.
        await openItem(app, 7);
        await setField(page, "textarea#edit-note", "备份之后的修改");
        await waitSaved(app, head.revision, "an edit");
        await clickToolbar(app, "#settings-open");
        const listed = await app.waitFor("release 0.1's backup in #backups", () => {
          const li = document.querySelector('#backups li.backup[data-slot="0"]');
          return li ? li.textContent : false;
        });
        assert.match(listed, /2023-10-08 09:50:00/, `the backup's time: ${listed}`);
        assert.match(listed, /27 条修改/, `the backup's size: ${listed}`);
        await page.click('#backups li.backup[data-slot="0"] button.backup-restore');
        await waitBanner(app, "restored");
        const backup = legacyProgress(slot0);
        await openItem(app, 7);
        await waitEditorShows(app, { no: 7, note: backup.items[7].note }, "item 7 as the backup holds it");
        await waitSaved(app, head.revision + 1, "the restore");
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, note: backup.items[7].note }, "after reload");
        store = await app.storage();
        assert.equal(store[LEGACY_KEY], record, "release 0.1's record is still unchanged");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a year of history migrates; then one edit writes only the head, one item and one history chunk", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const year = read("record-v2-year.txt").trim();
      const app = await openApp(fresh, { url: `${APP_URL}#item=7`, plant: { [LEGACY_KEY]: year } });
      try {
        const { page } = app;
        await waitBanner(app, "migrated");
        const migrated = await waitSaved(app, -1, "a year migrated");
        assert.equal((migrated.log.chunks - 1) * 256 + migrated.log.last, 18_250, `18,250 changes stored: ${JSON.stringify(migrated.log)}`);
        const stored = await storedProgress(page);
        assert.equal(stored.history.length, 18_250);
        assert.ok(stored.chunks.slice(0, -1).every((c) => c.sealed && c.count === 256), "full chunks are sealed (deflated)");
        assert.ok(!stored.chunks.at(-1).sealed, "the last chunk is open");
        assert.equal(Object.keys(stored.items).length, 50, "all 50 items stored");
        assert.equal((await app.storage())[LEGACY_KEY], year, "release 0.1's record is unchanged");

        await app.reload();
        await waitEditor(app, 7);
        assert.ok(!(await banners(page)).includes("migrated"), "migrated once");
        // Let the history read after the first paint (and anything it may write) settle.
        await sleep(1500);
        const before = await app.storage();
        const head = JSON.parse(before[KEY]);
        await setField(page, "textarea#edit-note", "一年之后的修改");
        const after0 = await waitSaved(app, head.revision, "one edit");
        await sleep(500);
        const after = await app.storage();
        const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
        const chunk = `${KEY}:log:${head.generation}.${head.log.last === 256 ? head.log.chunks : head.log.chunks - 1}`;
        assert.deepEqual(changed, [KEY, `${KEY}:item:${head.generation}.7`, chunk].sort(), "the keys one save wrote");
        assert.equal(after0.revision, head.revision + 1, "one save");
        assert.equal(after0.log.chunks * 256 + after0.log.last - 256, 18_251, "one change appended");
        const written = changed.reduce((n, k) => n + (after[k]?.length ?? 0), 0);
        const total = Object.values(after).reduce((n, v) => n + v.length, 0);
        console.log(`# [${ctx.browserName}] a year: one edit wrote ${changed.length} keys, ${written} chars of ${total} stored`);
        assert.ok(written < total / 10, `one edit rewrites a small part: ${written} of ${total} chars`);
        await app.reload();
        await waitEditor(app, 7);
        await waitEditorShows(app, { no: 7, note: "一年之后的修改" }, "after reload");
        // The 修改记录 of an item edited every day: the newest 100 rows, the rest on request.
        const history = await app.waitFor("item 7's whole 修改记录 counted", () => {
          const n = Number(document.querySelector("#item-detail .detail-history-box summary")?.textContent.match(/（(\d+)）/)?.[1]);
          return n > 300 ? { n, rows: document.querySelectorAll("#item-detail ul.detail-history li").length, first: document.querySelector("#item-detail ul.detail-history li")?.textContent } : false;
        });
        assert.equal(history.rows, 100, `the newest 100 of ${history.n} rows are shown`);
        assert.ok(history.first.includes("一年之后的修改"), `newest first: ${history.first}`);
        await page.$eval("#item-detail .detail-history-box", (d) => (d.open = true));
        assert.equal(await page.$eval("#item-detail button.history-more", (b) => b.textContent), `显示更早的 ${history.n - 100} 条`);
        await page.click("#item-detail button.history-more");
        await app.waitFor("every row shown", (n) => document.querySelectorAll("#item-detail ul.detail-history li").length === n && !document.querySelector("#item-detail button.history-more"), history.n);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("quarantine keys never collide: values moved aside in the same second each get their own key", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      // The page's clock stands still at one whole second: every value moved aside has the same time.
      const T = Math.floor(Date.now() / 1000) * 1000 + 1000;
      const frozen = withClock(fresh, T);
      const first = "第一份无法读取的索引";
      const second = '{"schema":3,"notice":"第二份无法读取';
      const a = await openApp(frozen, { plant: { [KEY]: first } });
      try {
        await waitBanner(a, "quarantined", "for the first head");
        let q = quarantined(await a.storage());
        assert.deepEqual(q.map(([, v]) => v), [first]);
        // A second unreadable head, opened at once (the same frozen second) in another tab.
        await a.page.evaluate((k, v) => localStorage.setItem(k, v), KEY, second);
        const b = await openApp(frozen);
        try {
          await waitBanner(b, "quarantined", "for the second head");
          q = quarantined(await b.storage());
          assert.equal(q.length, 2, `two quarantine keys: ${JSON.stringify(q)}`);
          assert.deepEqual(q.map(([, v]) => v).sort(), [first, second].sort(), "each value under its own key, none overwritten");
          const times = q.map(([k]) => k.slice(QUARANTINE_PREFIX.length).replace(/:\d+$/, ""));
          console.log(`# [${ctx.browserName}] quarantine keys: ${q.map(([k]) => k.slice(QUARANTINE_PREFIX.length)).join(", ")}`);
          assert.equal(times[0], times[1], "the same time (the collision case)");
          await b.assertClean();
        } finally {
          await b.close();
        }

        // Three unreadable values in one load (head, an item, a chunk): three keys.
        await a.page.evaluate((prefix) => {
          for (const k of Object.keys(localStorage)) if (k.startsWith(prefix)) localStorage.removeItem(k);
        }, "minsheng:");
        const c = await openApp(frozen, {
          plant: { [KEY]: "坏的索引", [`${KEY}:item:0.7`]: '{"note":', [`${KEY}:log:0.0`]: "1;[{" },
        });
        try {
          await c.waitFor("a quarantined or repaired banner", () => !!document.querySelector('#banners .banner[data-banner="repaired"], #banners .banner[data-banner="quarantined"]'));
          await sleep(300);
          q = quarantined(await c.storage());
          assert.deepEqual(q.map(([, v]) => v).sort(), ["坏的索引", '{"note":', "1;[{"].sort(), `each unreadable value under its own key: ${JSON.stringify(q)}`);
          console.log(`# [${ctx.browserName}] banners for three unreadable values: ${(await banners(c.page)).join(", ")}`);
          await c.assertClean();
        } finally {
          await c.close();
        }
        await a.assertClean();
      } finally {
        await a.close();
      }
    }));

  it("refused input: numbers over 1e13 or negative, thresholds out of order, a unit too long or with control characters", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh, { url: `${APP_URL}#item=7` });
      try {
        const { page } = app;
        await waitEditor(app, 7);
        await setField(page, "textarea#edit-note", "先存一次");
        await waitSaved(app, -1, "a first edit");
        let valid = 1;
        for (const [value, want] of [
          ["20000000000000", /上限/],
          ["-5", /负数/],
        ]) {
          for (const sel of ['.target-row[data-target="0"] input.target-value', '.subsidy-row[data-subsidy="0"] input.subsidy-disbursed']) {
            const before = await editor(page);
            const rev = JSON.parse((await app.storage())[KEY]).revision;
            await setField(page, sel, value);
            const error = await app.waitFor(`.edit-error matching ${want} after ${value} in ${sel}`, (re) => {
              const t = document.querySelector("#item-detail .edit-error")?.textContent.trim() ?? "";
              return new RegExp(re).test(t) ? t : false;
            }, want.source);
            assert.match(error, want, `${value} in ${sel}: ${error}`);
            assert.deepEqual((await editor(page)).history, before.history, `${value} in ${sel}: no history row`);
            await sleep(300);
            assert.equal(JSON.parse((await app.storage())[KEY]).revision, rev, `${value} in ${sel}: nothing saved`);
            // A valid value is taken and clears the message.
            await setField(page, sel, String(valid++));
            await app.waitFor("the message cleared by a valid edit", () => !document.querySelector("#item-detail .edit-error")?.textContent.trim());
          }
        }
        const saved = await waitSaved(app, -1, "the valid edits");
        await clickToolbar(app, "#settings-open");
        await page.waitForSelector("#setting-yellow", { timeout: 10_000 });
        // Each refused setting: nothing saved, and a message the user can see (with the settings open).
        const unseen = [];
        for (const [sel, value, want, what] of [
          ["#setting-yellow", "60", /不能大于/, "yellow 60 > red 30"],
          ["#setting-red", "120", /0 到 100/, "red 120"],
          ["#setting-unit", "单".repeat(51), /过长/, "a unit of 51 characters"],
          ["#setting-unit", "区残联\u202e", /控制字符/, "a bidi control in the unit"],
        ]) {
          await setField(page, sel, value);
          await sleep(300);
          const head = JSON.parse((await app.storage())[KEY]);
          assert.equal(head.revision, saved.revision, `${what}: nothing saved`);
          assert.deepEqual(head.settings, saved.settings, `${what}: the stored settings are unchanged`);
          const shown = await page.evaluate((re) => [...document.querySelectorAll(".edit-error")].some((e) => e.getClientRects().length > 0 && new RegExp(re).test(e.textContent)), want.source);
          if (!shown) unseen.push(what);
        }
        assert.deepEqual(unseen, [], "a refused setting shows its message in .edit-error while 设置 is open (no item detail)");
        // A valid unit is taken.
        await setField(page, "#setting-unit", "区残联");
        const ok = await waitSaved(app, saved.revision, "a valid unit");
        assert.equal(ok.settings.unit, "区残联");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
}, { launch: false });
