// Notices in other layouts (#13), end to end in both browsers from file://:
// notices of tests/corpus/ (our own wording, made-up places) pasted into
// 打开通知 are previewed with every item and tracked: a list without
// categories shows its items (under 未分类), and 数据核查 says how an unusual
// text was read (读法说明, data-kind="read_as").
//
//   #open-notice-dialog: textarea#open-notice-text, #open-notice-preview .preview-items / .preview-categories,
//     button#open-notice-add; the page: .category-group[data-category] > .item-card[data-no]; a#tab-checks,
//     #checks .diagnostic[data-kind] > .diagnostic-message

import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, forEachBrowser, openApp, withFreshBrowser, setField } from "./harness.mjs";
import { reloadedBy } from "./ui.mjs";

const TIMEOUT = { timeout: 180_000 };
const corpus = (name) => readFileSync(join(ROOT, "tests/corpus", name), "utf8");

/** Paste `text` into 打开通知, wait for a preview of `items` items, start tracking it. */
async function track(app, text, items) {
  const { page } = app;
  await page.click("#open-notice");
  await page.waitForSelector("#open-notice-dialog");
  await setField(page, "#open-notice-text", text);
  await app.waitFor(`a preview of ${items} items`, (n) => document.querySelector("#open-notice-preview .preview-items")?.textContent === String(n), items);
  await reloadedBy(app, () => page.click("#open-notice-add"));
}

forEachBrowser("notices in other layouts", (ctx) => {
  it("a table copied as text with its 年度投资 column: each category card sums its items' investment", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await track(app, corpus("table-pipe-rows.txt"), 9);
        const cards = await page.$$eval(".category-card", (cs) => cs.map((c) => [c.querySelector(".category-name").textContent, c.querySelector(".category-investment")?.textContent ?? null]));
        const json = JSON.parse(readFileSync(join(ROOT, "tests/corpus/table-pipe-rows.json"), "utf8"));
        const sums = {};
        for (const item of json.items) sums[item.category] = (sums[item.category] ?? 0) + (item.investment_wan ?? 0);
        assert.deepEqual(
          cards.map(([name, investment]) => [name.replace(/^[一二三四五六七八九十]+、/, ""), investment]),
          Object.entries(sums).map(([name, wan]) => [name, `投资 ${wan} 万元`]),
        );
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a news report's 一是…十是 list without categories is tracked with all its items, and 数据核查 says how it was read", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await track(app, corpus("news-headline-with-colon.txt"), 10);
        const groups = await page.$$eval(".category-group", (gs) =>
          gs.map((g) => ({ category: g.dataset.category, heading: g.querySelector("h2").textContent, items: [...g.querySelectorAll(".item-card")].map((c) => c.dataset.no) })),
        );
        assert.deepEqual(groups.length, 1, JSON.stringify(groups));
        assert.equal(groups[0].category, "0");
        assert.match(groups[0].heading, /^未分类/);
        assert.deepEqual(groups[0].items, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
        assert.match(await page.$eval('.item-card[data-no="1"]', (c) => c.textContent), /新建城南小学/);

        await page.click("a#tab-checks");
        const readAs = await app.waitFor("a 读法说明 in 数据核查", () => {
          const d = document.querySelector('#checks .diagnostic[data-kind="read_as"] .diagnostic-message');
          return d && d.getClientRects().length > 0 ? d.textContent : false;
        });
        assert.match(readAs, /一是、二是/);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));

  it("a list in 附件1 with （一） categories, 1. items restarting and requirements after it is tracked as its categories and items", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await track(app, corpus("closing-requirements-after-list.txt"), 5);
        const groups = await page.$$eval(".category-group", (gs) => gs.map((g) => [g.querySelector("h2").textContent.replace(/\s*\d+\s*项$/, ""), g.querySelectorAll(".item-card").length]));
        assert.deepEqual(groups, [
          ["一、城市更新", 2],
          ["二、养老托育", 3],
        ]);
        assert.match(await page.$eval(".category-group:nth-of-type(2) .item-card", (c) => c.textContent), /区民政局/);
        // 牵头 and 配合单位 of item 2 (（牵头单位：区卫健局；配合单位：区教育局）) in its detail.
        // Numbering restarts: two items are printed 2; this one's key is its position, 4.
        await page.click('#items article.item-card[data-key="4"] button.item-open');
        const meta = await app.waitFor("item 4's detail", () => document.querySelector("#item-detail .detail-meta")?.textContent || false);
        assert.match(meta, /牵头单位：区卫健局 · 配合单位：区教育局/);
        // No investment stated: no 投资 on the category cards.
        assert.equal(await page.$(".category-investment"), null);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
