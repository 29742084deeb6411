// Screens (#14): on a phone (390×844) and a desktop (1920×1080), in every
// browser from file://, no element of any view reaches past the screen's
// right edge (nothing scrolls sideways), and on the phone every control a
// finger uses is at least 44 px tall. Each view is also saved as a
// screenshot for a person to look at: tests/e2e/screenshots/screen-<view>-<width>-<browser>.png
// (git-ignored).

import { it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, forEachBrowser, openApp } from "./harness.mjs";
import { eachPanel, importFiles, openItem, setAsOf } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };
const SCREENS = [
  { width: 390, height: 844, phone: true },
  { width: 1920, height: 1080, phone: false },
];
const SNAPSHOT = join(ROOT, "tests/data/release-0.1/snapshot-v1.json");

/** Shown elements whose box reaches past the viewport's left or right edge: ["tag#id.class [left,right]", …]. */
async function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1)) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")} [${Math.round(r.left)},${Math.round(r.right)}]`);
      }
    }
    if (document.documentElement.scrollWidth > width) out.unshift(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    return out;
  });
}

/** Shown controls (in `scope`) less than 44 px tall: ["tag#id.class: h px", …]. */
async function smallTargets(page, scope) {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    if (!root) return [`${scope} is not shown`];
    const out = [];
    for (const el of root.querySelectorAll("button, select, input:not([type=radio]):not([type=checkbox]):not(.visually-hidden), textarea, a[href], summary")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.height < 43.5) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}: ${r.height.toFixed(1)} px`);
      }
    }
    return out;
  }, scope);
}

forEachBrowser("screens", (ctx) => {
  for (const screen of SCREENS) {
    it(`${screen.width}×${screen.height}: no view scrolls sideways${screen.phone ? ", touch targets ≥ 44 px" : ""}`, TIMEOUT, async () => {
      const app = await openApp(ctx);
      const { page } = app;
      const problems = {};
      const look = async (view, touchScope = null) => {
        const over = await overflowing(page);
        if (over.length) problems[`${view}: past the edge`] = over.slice(0, 10);
        if (screen.phone && touchScope) {
          const small = await smallTargets(page, touchScope);
          if (small.length) problems[`${view}: controls under 44 px`] = small.slice(0, 10);
        }
        await app.screenshot(`screen-${view}-${screen.width}`, { fullPage: false });
      };
      try {
        await page.setViewport({ width: screen.width, height: screen.height, deviceScaleFactor: 1 });
        await app.waitFor("the layout at the new width", (w) => window.innerWidth === w, screen.width);
        await setAsOf(app, "2023-06-30");
        await look("list", "#app");
        await openItem(app, 1);
        await look("editor", "#item-detail");
        await page.click("button#detail-close");
        await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
        await eachPanel(app, "2023-06-30", (tab) => look(tab, "#app"));
        await page.click("#tab-items");
        await importFiles(app, [SNAPSHOT]);
        await look("import", "#import-dialog");
        await page.click("#import-cancel");

        await page.click("#tab-charts");
        await page.waitForSelector("#briefing-open");
        // Headless Firefox's full screen is its 1366×768 "screen", not the window under test (on a
        // phone, full screen is the phone's screen): the briefing fills the window, as where full screen is refused.
        await page.evaluate(() => {
          Element.prototype.requestFullscreen = () => Promise.reject(new Error("refused by the test"));
        });
        await page.click("#briefing-open");
        await app.waitFor("the first slide (the headline figures)", () => !!document.querySelector("#briefing .slide-cover .headline-figure"));
        await look("briefing-first", "#briefing");
        for (let n = 0; n < 3; n++) await page.keyboard.press("ArrowRight");
        await app.waitFor("the first chart drawn", () => {
          const c = document.querySelector("#briefing .slide-chart canvas");
          return !!c && c.width > 0;
        });
        await look("briefing-chart", "#briefing");
        await page.keyboard.press("End");
        await app.waitFor("the last slide", () => !!document.querySelector("#briefing .slide-category"));
        await look("briefing-last", "#briefing");
        // Whole item texts on a slide: none is cut with an ellipsis.
        const cut = await page.$$eval("#briefing .slide-item-text", (els) =>
          els
            .filter((el) => {
              // Its text wraps, and the text itself (not only its box) ends inside the box.
              const range = document.createRange();
              range.selectNodeContents(el);
              return getComputedStyle(el).whiteSpace === "nowrap" || range.getBoundingClientRect().right > el.getBoundingClientRect().right + 2;
            })
            .map((el) => el.textContent));
        if (screen.phone) assert.deepEqual(cut, [], "slide item texts are shown whole");
        await page.keyboard.press("Escape");
        assert.deepEqual(problems, {}, `at ${screen.width}×${screen.height}`);
        await app.assertClean();
      } finally {
        await app.close();
      }
    });
  }
});
