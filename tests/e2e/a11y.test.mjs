// Accessibility (#14), in every browser from file://:
//   - axe-core (npm, not ours) finds no serious or critical violation on any
//     view — list, 数据核查, 图表, 通报, the item editor, settings, the import
//     dialog, 打开通知, each briefing slide in its light and dark theme — with
//     progress recorded so that every light (green, yellow, red, grey) shows;
//   - the keyboard: the skip link is the first Tab stop and leads to the first
//     详情 in one more; each dialog takes focus when it opens, keeps Tab inside,
//     closes on Esc and gives focus back to what opened it; a date field is one
//     Tab stop (browsers stop at its year, month and day).
//
// axe runs in the page through the driver's own evaluation (CDP / BiDi), which
// the page's CSP does not govern; the app's CSP stays as it ships.

import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_URL, ROOT, forEachBrowser, openApp, setField, withFreshBrowser } from "./harness.mjs";
import { eachPanel, importFiles, lightCounts, openItem, setAsOf } from "./ui.mjs";

const TIMEOUT = { timeout: 240_000 };
const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const SNAPSHOT = join(ROOT, "tests/data/release-0.1/snapshot-v1.json");
/** What Tab can reach (as src/app/modal.rs's TABBABLE). */
const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/** Serious and critical axe violations on the page as it is: ["<rule>: <element> (<why>)", …]. */
async function axeFindings(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${(n.any[0]?.message ?? n.failureSummary ?? "").slice(0, 160)})`));
  });
}

/** Items 7, 8 and 9 (one target each: 797, 98, 245) at 50 %, 26 % and 12 % on 2023-06-30: green, yellow, red; the rest grey. */
async function recordEveryLight(app) {
  const { page } = app;
  await setAsOf(app, "2023-06-30");
  for (const [no, value] of [[7, "400"], [8, "25"], [9, "30"]]) {
    await openItem(app, no);
    await setField(page, '.target-row[data-target="0"] input.target-date', "2023-06-30");
    await setField(page, '.target-row[data-target="0"] input.target-value', value);
  }
  await app.waitFor("a green, a yellow and a red light", () => {
    const n = (l) => Number(document.querySelector(`#light-summary .light-count[data-light="${l}"]`)?.dataset.count ?? 0);
    return n("green") >= 1 && n("yellow") >= 1 && n("red") >= 1 && n("grey") >= 1;
  });
}

/** The element that has focus: { id, cls, inside: id of the open dialog containing it, or null }. */
async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const dialog = a?.closest('[role="dialog"]');
    return { id: a?.id ?? "", tag: a?.tagName ?? "", cls: a?.className ?? "", label: a?.getAttribute("aria-label") ?? "", inside: dialog?.id ?? null };
  });
}

/** Press Tab `n` times (Shift+Tab when `back`) and return where focus was after each press. */
async function tabs(page, n, back = false) {
  const seen = [];
  for (let i = 0; i < n; i++) {
    if (back) await page.keyboard.down("Shift");
    await page.keyboard.press("Tab");
    if (back) await page.keyboard.up("Shift");
    seen.push(await focused(page));
  }
  return seen;
}

/** How many Tab stops the open dialog `id` has (shown, enabled). */
async function tabStops(page, id) {
  return page.evaluate((id, sel) => {
    return [...document.getElementById(id).querySelectorAll(sel)].filter((el) => el.getClientRects().length > 0).length;
  }, id, TABBABLE);
}

/** Tab once round the dialog and more: focus never leaves it; Shift+Tab likewise. */
async function assertTrapped(page, id, what) {
  const stops = await tabStops(page, id);
  assert.ok(stops > 0, `${what}: the dialog has tab stops`);
  for (const back of [false, true]) {
    const seen = await tabs(page, stops + 2, back);
    const out = seen.filter((f) => f.inside !== id);
    assert.deepEqual(out, [], `${what}: ${back ? "Shift+" : ""}Tab ×${stops + 2} stays in #${id}`);
  }
}

forEachBrowser("accessibility", (ctx) => {
  it("axe-core: no serious or critical violation on any view, with every light shown", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      const { page } = app;
      const findings = {};
      const check = async (view) => {
        const f = await axeFindings(page);
        if (f.length) findings[view] = f;
      };
      try {
        await recordEveryLight(app);
        await check("item editor");
        await page.click("button#detail-close");
        await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
        const lights = await lightCounts(page);
        for (const l of ["green", "yellow", "red", "grey"]) assert.ok(lights[l] > 0, `a ${l} light shows: ${JSON.stringify(lights)}`);
        await check("list");
        await page.click("#settings-open");
        await app.waitFor("the settings", () => !!document.querySelector("#settings"));
        await check("settings");
        await eachPanel(app, "2023-06-30", check);
        await page.click("#tab-items");
        await importFiles(app, [SNAPSHOT]);
        await check("import dialog");
        await page.click("#import-cancel");
        await page.click("#open-notice");
        await app.waitFor("打开通知", () => !!document.querySelector("#open-notice-dialog"));
        await check("open-notice dialog");
        await page.click("#open-notice-cancel");

        await page.click("#tab-charts");
        await page.waitForSelector("#briefing-open");
        await page.click("#briefing-open");
        const slides = Number((await page.$eval("#briefing .briefing-page", (el) => el.textContent)).split("/")[1]);
        assert.ok(slides > 5, `the briefing has its slides (${slides})`);
        for (const theme of ["light", "dark"]) {
          for (let n = 0; n < slides; n++) {
            await app.waitFor(`slide ${n} (${theme})`, (k, t) => {
              const b = document.querySelector("#briefing");
              return b.dataset.slide === String(k) && b.dataset.theme === t && !!b.querySelector(".slide");
            }, n, theme);
            await check(`briefing slide ${n + 1} (${theme})`);
            await page.keyboard.press("ArrowRight");
          }
          await page.keyboard.press("t");
          await page.keyboard.press("Home");
        }
        await page.keyboard.press("Escape");
        assert.deepEqual(findings, {}, "axe-core: serious or critical violations");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("keyboard: skip link, then each dialog takes focus, keeps Tab inside, closes on Esc and gives focus back", TIMEOUT, async () => {
    const app = await openApp(ctx);
    const { page } = app;
    try {
      // The skip link is the first stop; through it, the first 详情 is one Tab on.
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press("Tab");
      assert.equal((await focused(page)).id, "skip-to-items", "the first Tab stop is the skip link");
      await page.keyboard.press("Enter");
      await app.waitFor("#items focused", () => document.activeElement?.id === "items");
      await page.keyboard.press("Tab");
      const first = await focused(page);
      assert.match(first.cls, /item-open/, `one Tab after the skip link: the first 详情 (${JSON.stringify(first)})`);
      assert.equal(first.label, "第 1 项详情", "the 详情 button names its item");

      // The item detail: focus in, Tab trapped, Esc closes, focus back on the same 详情.
      await page.keyboard.press("Enter");
      await app.waitFor("the detail focused", () => document.activeElement?.id === "item-detail");
      await assertTrapped(page, "item-detail", "item detail");
      await page.keyboard.press("Escape");
      await app.waitFor("the detail closed", () => !document.querySelector("#item-detail"));
      assert.equal((await focused(page)).label, "第 1 项详情", "focus is back on item 1's 详情");

      // 打开通知.
      await page.focus("#open-notice");
      await page.keyboard.press("Enter");
      await app.waitFor("打开通知 focused", () => document.activeElement?.id === "open-notice-dialog");
      await assertTrapped(page, "open-notice-dialog", "打开通知");
      await page.keyboard.press("Escape");
      await app.waitFor("打开通知 closed", () => !document.querySelector("#open-notice-dialog"));
      assert.equal((await focused(page)).id, "open-notice", "focus is back on 打开通知…");

      // The import dialog (opened from the file input).
      await page.focus("input#import-file");
      await importFiles(app, [SNAPSHOT]);
      await app.waitFor("the import dialog focused", () => document.activeElement?.id === "import-dialog");
      await assertTrapped(page, "import-dialog", "import dialog");
      await page.keyboard.press("Escape");
      await app.waitFor("the import dialog closed", () => !document.querySelector("#import-dialog"));
      assert.equal((await focused(page)).id, "import-file", "focus is back on 导入数据");

      // The briefing.
      await page.click("#tab-charts");
      await page.waitForSelector("#briefing-open");
      await page.focus("#briefing-open");
      await page.keyboard.press("Enter");
      await app.waitFor("the briefing focused", () => document.activeElement?.id === "briefing");
      await assertTrapped(page, "briefing", "briefing");
      await page.keyboard.press("Escape");
      await app.waitFor("the briefing closed", () => document.querySelector("#briefing").hidden);
      // Once full screen has ended (a moment after the briefing is hidden).
      await app.waitFor("focus back on 汇报模式", () => document.activeElement?.id === "briefing-open");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("keyboard: a date field is one Tab stop, forwards and back, on the page and in a dialog", TIMEOUT, async () => {
    const app = await openApp(ctx);
    const { page } = app;
    try {
      // The stop before and after a field, by the page's own order of tab stops.
      const around = (sel) => page.evaluate((sel, tabbable) => {
        const stops = [...document.querySelectorAll(tabbable)]
          .filter((el) => el.getClientRects().length > 0);
        const at = stops.indexOf(document.querySelector(sel));
        const name = (el) => el.id || el.className;
        return { before: name(stops[at - 1]), after: name(stops[at + 1]) };
      }, sel, TABBABLE);
      const name = async () => { const f = await focused(page); return f.id || f.cls; };
      const { before, after } = await around("#as-of");
      await page.focus("#as-of");
      await page.keyboard.press("Tab");
      assert.equal(await name(), after, "one Tab leaves the date field");
      await page.keyboard.down("Shift");
      await page.keyboard.press("Tab");
      assert.equal(await name(), "as-of", "Shift+Tab comes back to it");
      await page.keyboard.press("Tab");
      await page.keyboard.up("Shift");
      assert.equal(await name(), before, "one Shift+Tab leaves it backwards");

      // In the item editor (a dialog): a target's date field.
      await openItem(app, 7);
      const date = '.target-row[data-target="0"] input.target-date';
      const inDialog = await around(date);
      await page.focus(date);
      await page.keyboard.press("Tab");
      assert.equal(await name(), inDialog.after, "one Tab leaves the target's date field");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("Esc in the item editor keeps the value being typed (committed, no console error)", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      const { page } = app;
      try {
        await openItem(app, 7);
        const value = '.target-row[data-target="0"] input.target-value';
        await page.click(value);
        await page.type(value, "300");
        await page.keyboard.press("Escape");
        await app.waitFor("the detail closed", () => !document.querySelector("#item-detail"));
        await openItem(app, 7);
        await app.waitFor("item 7's value kept", (sel) => document.querySelector(sel)?.value === "300", value);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
