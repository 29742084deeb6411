// UI helpers shared by the end-to-end tests that edit progress: open an
// item, read and wait for its editor, wait for saves and banners.

import assert from "node:assert/strict";
import { setField } from "./harness.mjs";

export const HASH = "3f3298e0f460c17a";
export const KEY = `minsheng:v2:${HASH}`;

/** Type into a field with the keyboard and leave it with Tab (the real commit path). */
export async function typeAndTab(page, selector, text) {
  await page.click(selector);
  await page.$eval(selector, (el) => el.select?.());
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
  await page.keyboard.press("Tab");
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

/** The parsed envelope at the main key (null when absent; throws on non-JSON). */
export async function envelope(app) {
  const raw = (await app.storage())?.[KEY];
  return raw == null ? null : JSON.parse(raw);
}

/** Wait until the main key holds a schema-2 envelope with revision > `after` and return it. */
export async function waitSaved(app, after = -1, what = "a save") {
  const rev = await app.waitFor(`${what}: ${KEY} with revision > ${after}`, (key, a) => {
    try {
      const v = JSON.parse(localStorage.getItem(key));
      return v && v.schema === 2 && typeof v.revision === "number" && v.revision > a ? v.revision : false;
    } catch {
      return false;
    }
  }, KEY, after);
  const env = await envelope(app);
  assert.equal(env.schema, 2);
  assert.equal(env.notice, HASH, "envelope.notice");
  assert.equal(env.encoding, "deflate+base64", "envelope.encoding");
  assert.equal(typeof env.data, "string");
  assert.equal(typeof env.saved_at, "string");
  assert.ok(env.revision >= rev);
  return env;
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
