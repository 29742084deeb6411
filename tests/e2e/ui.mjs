// UI helpers shared by the end-to-end tests that edit progress: open an
// item, read and wait for its editor, wait for saves and banners.

import assert from "node:assert/strict";
import { setField } from "./harness.mjs";

export const HASH = "3f3298e0f460c17a";
/** The head of the stored progress (schema 3); items, chunks, backups and quarantine keys are `${KEY}:…`. */
export const KEY = `minsheng:v3:${HASH}`;
/** Release 0.1's record (schema 2): planted to test the migration; the app reads it, never writes or deletes it. */
export const LEGACY_KEY = `minsheng:v2:${HASH}`;
/** Release 0.1's schema-1 record. */
export const LEGACY_V1_KEY = `minsheng:v1:${HASH}`;
export const QUARANTINE_PREFIX = `${KEY}:quarantine:`;

/** Type into a field with the keyboard and leave it with Tab (the real commit path). */
export async function typeAndTab(page, selector, text) {
  await page.click(selector);
  await page.$eval(selector, (el) => el.select?.());
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
  await page.keyboard.press("Tab");
}

/**
 * `ctx` whose new pages see a stopped clock, set before any page script: a
 * `new Date()` without arguments and `Date.now()` give `time` (NaN: a
 * clock that gives no date).
 */
export function withClock(ctx, time) {
  const stop = (page) =>
    page.evaluateOnNewDocument((timeText) => {
      const time = Number(timeText);
      const RealDate = Date;
      class StoppedDate extends RealDate {
        constructor(...args) {
          super(...(args.length ? args : [time]));
        }
        static now() {
          return time;
        }
      }
      window.Date = StoppedDate;
    }, String(time)); // as text: puppeteer passes arguments as JSON, where NaN is null
  return { ...ctx, browser: { newPage: async () => { const page = await ctx.browser.newPage(); await stop(page); return page; } } };
}

export const bannerSel = (kind) => `#banners .banner[data-banner="${kind}"]`;

/** Wait for a banner of `kind` and return its message. */
export async function waitBanner(app, kind, what = "") {
  return app.waitFor(`the ${kind} banner ${what}`, (sel) => {
    const b = document.querySelector(sel);
    return !!b && b.getClientRects().length > 0 && (b.querySelector(".banner-message")?.textContent.trim() || null);
  }, bannerSel(kind));
}

export async function banners(page) {
  return page.$$eval("#banners .banner", (els) => els.filter((el) => el.getClientRects().length > 0).map((el) => el.dataset.banner));
}

export async function storageMode(page) {
  return page.evaluate(() => {
    const el = document.querySelector("#storage-status");
    return el ? { mode: el.dataset.mode ?? null, text: el.textContent.trim() } : null;
  });
}

export async function setAsOf(app, day) {
  await setField(app.page, "#as-of", day);
  await app.waitFor(`#as-of = ${day}`, (d) => document.querySelector("#as-of")?.value === d, day);
}

/** Open item `no`'s detail (closing another one first) and wait for its editor. */
export async function openItem(app, no) {
  const open = await app.page.evaluate(() => document.querySelector("#item-detail")?.dataset.no ?? null);
  if (open === String(no)) return;
  if (open !== null) {
    await app.page.click("button#detail-close");
    await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
  }
  await app.page.click(`#items article.item-card[data-no="${no}"] button.item-open`);
  await waitEditor(app, no);
}

export async function waitEditor(app, no) {
  await app.waitFor(`item ${no}'s detail with #progress-editor`, (n) => {
    const d = document.querySelector("#item-detail");
    return !!d && d.dataset.no === String(n) && !!d.querySelector("#progress-editor select#edit-status");
  }, no);
}

/** What the open item's editor shows. */
export async function editor(page) {
  return page.evaluate(() => {
    const d = document.querySelector("#item-detail");
    if (!d) return null;
    const q = (s) => d.querySelector(s);
    return {
      no: Number(d.dataset.no),
      status: q("select#edit-status")?.value ?? null,
      pauseReason: q("#edit-pause-reason")?.value ?? null,
      note: q("textarea#edit-note")?.value ?? null,
      evidence: q("textarea#edit-evidence")?.value ?? null,
      light: q("#progress-editor .item-light")?.dataset.light ?? null,
      targets: [...d.querySelectorAll(".target-row")].map((r) => ({
        value: r.querySelector("input.target-value")?.value ?? null,
        date: r.querySelector("input.target-date")?.value ?? null,
        light: r.querySelector(".target-light")?.dataset.light ?? null,
        share: r.querySelector(".target-share")?.textContent.trim() ?? null,
      })),
      subsidies: [...d.querySelectorAll(".subsidy-row")].map((r) => ({
        served: r.querySelector("input.subsidy-served")?.value ?? null,
        disbursed: r.querySelector("input.subsidy-disbursed")?.value ?? null,
        planned: r.querySelector("input.subsidy-planned")?.value ?? null,
      })),
      error: q(".edit-error")?.textContent.trim() ?? "",
      updated: q(".detail-updated")?.textContent.trim() ?? "",
      history: [...d.querySelectorAll("ul.detail-history li")].map((li) => li.textContent.trim()),
    };
  });
}

/** Wait until the open editor satisfies `want` (a subset: { status, note, targets: {0: {value}} … }). */
export async function waitEditorShows(app, want, what) {
  return app.waitFor(`${what}: the editor shows ${JSON.stringify(want)}`, (w) => {
    const d = document.querySelector("#item-detail");
    if (!d || (w.no !== undefined && d.dataset.no !== String(w.no))) return false;
    const val = (s) => d.querySelector(s)?.value ?? null;
    if (w.status !== undefined && val("select#edit-status") !== w.status) return false;
    if (w.note !== undefined && val("textarea#edit-note") !== w.note) return false;
    if (w.evidence !== undefined && val("textarea#edit-evidence") !== w.evidence) return false;
    for (const [i, t] of Object.entries(w.targets ?? {})) {
      const r = d.querySelector(`.target-row[data-target="${i}"]`);
      if (!r) return false;
      if (t.value !== undefined && r.querySelector("input.target-value")?.value !== t.value) return false;
      if (t.date !== undefined && r.querySelector("input.target-date")?.value !== t.date) return false;
      if (t.light !== undefined && r.querySelector(".target-light")?.dataset.light !== t.light) return false;
    }
    for (const [i, s] of Object.entries(w.subsidies ?? {})) {
      const r = d.querySelector(`.subsidy-row[data-subsidy="${i}"]`);
      if (!r) return false;
      for (const [k, v] of Object.entries(s)) if (r.querySelector(`input.subsidy-${k}`)?.value !== v) return false;
    }
    if (w.light !== undefined && d.querySelector("#progress-editor .item-light")?.dataset.light !== w.light) return false;
    return true;
  }, want);
}

/** The parsed head at KEY (null when absent; throws on non-JSON). */
export async function envelope(app) {
  const raw = (await app.storage())?.[KEY];
  return raw == null ? null : JSON.parse(raw);
}

/** Wait until KEY holds a schema-3 head with revision > `after` and return it (checked against the layout). */
export async function waitSaved(app, after = -1, what = "a save") {
  const rev = await app.waitFor(`${what}: ${KEY} with revision > ${after}`, (key, a) => {
    try {
      const v = JSON.parse(localStorage.getItem(key));
      return v && v.schema === 4 && typeof v.revision === "number" && v.revision > a ? v.revision : false;
    } catch {
      return false;
    }
  }, KEY, after);
  const head = await envelope(app);
  assert.equal(head.schema, 4);
  assert.equal(head.notice, HASH, "head.notice");
  assert.match(head.saved_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$/, "head.saved_at");
  assert.equal(typeof head.writer, "string", "head.writer");
  assert.ok(head.writer.length > 0, "head.writer");
  assert.equal(typeof head.generation, "number", "head.generation");
  assert.ok(Array.isArray(head.items), "head.items");
  assert.equal(typeof head.log?.chunks, "number", "head.log.chunks");
  assert.equal(typeof head.log?.last, "number", "head.log.last");
  assert.equal(typeof head.settings, "object", "head.settings");
  assert.ok(!("data" in head) && !("progress" in head), "the head holds no progress itself");
  assert.ok(head.revision >= rev);
  return head;
}

/**
 * Everything stored under KEY, decoded in the page: { head, items: {no: state}, history: [change…] (chunks
 * 0..head.log.chunks-1 in order), chunks: [{key, count, sealed}] }. Sealed chunks ("<n>;z<base64>") are
 * inflated with DecompressionStream("deflate-raw"); "z"+base64 items likewise.
 */
export async function storedProgress(page) {
  return page.evaluate(async (key) => {
    const inflate = async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return new Response(stream).text();
    };
    const value = async (raw) => (raw.startsWith("z") ? JSON.parse(await inflate(raw.slice(1))) : JSON.parse(raw));
    // An item (schema 4): its JSON, then "\n<target>:<day>=<value>;+<days>=<value>;…" per target,
    // read here independently of the app's Rust reader.
    const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
    const item = async (raw) => {
      const text = raw.startsWith("z") ? await inflate(raw.slice(1)) : raw;
      const [json, ...lines] = text.split("\n");
      const state = JSON.parse(json);
      for (const line of lines) {
        const colon = line.indexOf(":");
        let day = null;
        state.targets[line.slice(0, colon)] = line.slice(colon + 1).split(";").filter(Boolean).map((entry) => {
          const [d, v] = entry.split("=");
          day = d.startsWith("+") ? addDays(day, Number(d.slice(1))) : d;
          return { as_of: day, value: Number(v) };
        });
      }
      return state;
    };
    const headRaw = localStorage.getItem(key);
    if (headRaw == null) return null;
    const head = JSON.parse(headRaw);
    const items = {};
    for (const no of head.items) {
      const raw = localStorage.getItem(`${key}:item:${head.generation}.${no}`);
      items[no] = raw == null ? null : await item(raw);
    }
    const history = [];
    const chunks = [];
    for (let n = 0; n < head.log.chunks; n++) {
      const k = `${key}:log:${head.generation}.${n}`;
      const raw = localStorage.getItem(k);
      if (raw == null) {
        chunks.push({ key: k, missing: true });
        continue;
      }
      const i = raw.indexOf(";");
      const count = Number(raw.slice(0, i));
      const body = raw.slice(i + 1);
      const sealed = body.startsWith("z");
      const changes = await value(body);
      chunks.push({ key: k, count, sealed, length: changes.length });
      history.push(...changes);
    }
    return { head, items, history, chunks };
  }, KEY);
}

export async function lightCounts(page) {
  return page.$$eval("#light-summary .light-count", (els) => Object.fromEntries(els.map((el) => [el.dataset.light, Number(el.dataset.count)])));
}

export async function cardLight(page, no) {
  return page.$eval(`.item-card[data-no="${no}"]`, (c) => ({
    light: c.querySelector(".item-light")?.dataset.light ?? null,
    standing: c.querySelector(".item-standing")?.textContent.trim() ?? null,
    share: c.querySelector(".item-share")?.textContent.trim() ?? null,
  }));
}

/**
 * Click a toolbar button (#undo, #redo, #settings-open). The item detail is a modal drawer that
 * covers the toolbar, so close it first, as a user must; undo/redo reopen the
 * detail of the item they changed.
 */
export async function clickToolbar(app, selector) {
  if (await app.page.$("#item-detail")) {
    await app.page.click("button#detail-close");
    await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
  }
  await app.page.click(selector);
}

/** Pick `paths` in 导入数据's file input and wait for the import dialog. */
export async function importFiles(app, paths) {
  const input = await app.page.$("input#import-file");
  await input.uploadFile(...paths);
  return app.waitFor("#import-dialog", () => !!document.querySelector("#import-dialog"));
}

/** A county's own list (our wording: a made-up county), to open as a library notice. */
export const COUNTY = `关于印发青禾县2025年十项民生实事的通知

各乡镇人民政府，县直各单位：
现将《青禾县2025年十项民生实事》印发给你们，请抓好落实。

青禾县人民政府
2024年12月28日

青禾县2025年十项民生实事

一、教育托育（2项）
1.新建普惠性托育园3所，新增托位180个。（牵头单位：县卫健委）
2.改造乡村学校食堂12所。（牵头单位：县教育局）
二、道路出行（1项）
3.新改建农村公路45公里，10月底前完工。（牵头单位：县交通运输局）
`;

/**
 * Do `action`, which makes the page go to another address and reload, and wait until the
 * reloaded app is ready. The old document is marked first: the address's hash changes before
 * the reload, and a wait for a navigation alone may end on that, with the old app still there.
 */
export async function reloadedBy(app, action) {
  await app.page.evaluate(() => { window.__beforeReload = true; });
  await action();
  await app.page.waitForFunction(
    () => !window.__beforeReload && !!document.querySelector('#app[data-ready="1"]') && !!document.querySelector(".notice-title"),
    { timeout: 30_000, polling: 100 },
  );
}

/** Show 数据核查, 图表 (drawn at `asOf`), 通报 and 填报 (every item's grid) in turn, calling `fn(tab)` on each once it is shown. */
export async function eachPanel(app, asOf, fn) {
  for (const [tab, ready] of [
    ["checks", "#checks"],
    ["charts", `#charts[data-as-of="${asOf}"]`],
    ["report", ".report-table"],
    ["grid", "#grid"],
  ]) {
    await app.page.click(`#tab-${tab}`);
    await app.waitFor(`the ${tab} view`, (sel) => !!document.querySelector(sel), ready);
    await fn(tab);
  }
}

/**
 * A fact's stored value in an item's stored state: the latest day's (#15:
 * facts are stored for the day they are true for, in day order), else the
 * value recorded before facts had a day.
 */
export function factOf(item, field) {
  const dated = (item?.dated ?? []).filter((f) => f.field === field);
  return dated.length ? dated.at(-1).value : item?.[field];
}

/** Today on this machine (the browsers' clock and time zone), as a date field shows it. */
export function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
