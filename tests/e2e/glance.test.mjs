// Progress at a glance (#16, parts 5 and 6), in both browsers from file://: the overview's
// cards show each category's lights and its completion against 序时进度 and change when
// progress is recorded; a category with nothing reported is grey, never red; 报送率 is shown
// apart from 完成度 (on the cards and in the charts); months before the first report are
// gaps; the parser's warnings are one link away (数据核查), not on the cards; one line
// tells a newcomer what the file is and what to do first.
//
// DOM contract:
//   #overview > p#overview-intro > a#overview-checks
//   #overview .category-card[data-category=N] >
//     .category-lights > .category-light[data-light=green|yellow|red|grey][data-count]
//     .category-completion[data-light][data-reported][data-targets] > .category-state .category-share
//     .category-rate
//   #checks .diagnostic  figure.chart[data-chart] table.chart-data  .chart-notes li

import { it } from "node:test";
import assert from "node:assert/strict";
import { forEachBrowser, noticeJson, openApp, setField, withFreshBrowser } from "./harness.mjs";
import { openItem, setAsOf } from "./ui.mjs";

const TIMEOUT = { timeout: 120_000 };
const notice = noticeJson();
const item = (no) => notice.items.find((i) => i.no === no);
// src/view/palette.rs REPORTED: the 报送率 strip.
const REPORTED = [0x4a, 0x6f, 0xa5];

/** Every card: its lights, completion and 报送率 as shown. */
async function cards(page) {
  return page.$$eval("#overview .category-card", (els) =>
    Object.fromEntries(
      els.map((el) => {
        const c = el.querySelector(".category-completion");
        return [
          el.dataset.category,
          {
            lights: Object.fromEntries([...el.querySelectorAll(".category-light")].map((l) => [l.dataset.light, Number(l.dataset.count)])),
            light: c?.dataset.light ?? null,
            state: c?.querySelector(".category-state")?.textContent.trim() ?? null,
            share: c?.querySelector(".category-share")?.textContent.trim() ?? null,
            rate: el.querySelector(".category-rate")?.textContent.trim() ?? null,
            badge: !!el.querySelector(".count-badge"),
          },
        ];
      }),
    ),
  );
}

/** Wait until card `category` shows `want` (a subset of what `cards` reads). */
async function waitCard(app, category, want, what) {
  return app.waitFor(
    `${what}: card ${category} shows ${JSON.stringify(want)}`,
    (cat, w) => {
      const el = document.querySelector(`#overview .category-card[data-category="${cat}"]`);
      const c = el?.querySelector(".category-completion");
      if (!c) return false;
      const lights = Object.fromEntries([...el.querySelectorAll(".category-light")].map((l) => [l.dataset.light, Number(l.dataset.count)]));
      if (w.lights && Object.entries(w.lights).some(([k, n]) => lights[k] !== n)) return false;
      if (w.light && c.dataset.light !== w.light) return false;
      if (w.share && c.querySelector(".category-share")?.textContent.trim() !== w.share) return false;
      if (w.rate && el.querySelector(".category-rate")?.textContent.trim() !== w.rate) return false;
      return true;
    },
    String(category),
    want,
  );
}

/** Record target `target` of item `no` at `value` for `day` in its editor. */
async function recordTarget(app, no, target, value, day) {
  await openItem(app, no);
  const row = `#item-detail .target-row[data-target="${target}"]`;
  await setField(app.page, `${row} input.target-date`, day);
  await setField(app.page, `${row} input.target-value`, String(value));
  await app.waitFor(`item ${no}'s target ${target} at ${value}`, (r) => !!document.querySelector(`${r} .target-share`)?.textContent.match(/\d/), row);
}

async function closeDetail(app) {
  await app.page.click("button#detail-close");
  await app.waitFor("the detail to close", () => !document.querySelector("#item-detail"));
}

/** The rows of a chart's data table, by their first cell. */
async function chartRows(page, kind) {
  return page.$$eval(`#charts figure.chart[data-chart="${kind}"] table.chart-data`, ([t]) => ({
    head: [...t.querySelectorAll("thead th")].map((th) => th.textContent),
    rows: Object.fromEntries([...t.querySelectorAll("tbody tr")].map((tr) => [tr.children[0].textContent, [...tr.children].map((c) => c.textContent)])),
  }));
}

forEachBrowser("progress at a glance", (ctx) => {
  it("tells a newcomer what the file is; the parser's warnings are a link to 数据核查, not badges on the cards", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      const intro = await page.$eval("#overview-intro", (p) => p.textContent);
      assert.match(intro, /进度看板/, intro);
      assert.match(intro, /离线/, intro);
      assert.match(intro, /先点「打开通知…」/, "the first thing to do, on the bundled sample");
      assert.match(intro, /「详情」/, intro);
      const all = await cards(page);
      assert.deepEqual(Object.keys(all).map(Number).sort((a, b) => a - b), notice.categories.map((c) => c.index));
      assert.ok(Object.values(all).every((c) => !c.badge), "no heading-count badge on the cards");

      const link = await page.$eval("a#overview-checks", (a) => a.textContent);
      assert.match(link, new RegExp(`数据核查：${notice.diagnostics.length} 条疑点`), link);
      await page.click("a#overview-checks");
      await app.waitFor(
        "#checks after the overview's link",
        (n) => {
          const c = document.querySelector("#checks");
          return !!c && c.getClientRects().length > 0 && c.querySelectorAll(".diagnostic").length === n && location.hash.includes("panel=check");
        },
        notice.diagnostics.length,
      );
      // What the cards' badges said is there: each heading whose count differs.
      const mismatches = await page.$$eval('#checks .diagnostic[data-kind="category_count_mismatch"]', (ds) => ds.map((d) => d.textContent));
      assert.equal(mismatches.length, notice.diagnostics.filter((d) => d.kind === "category_count_mismatch").length);
      assert.ok(mismatches.some((m) => m.includes("教育惠民")), mismatches.join("\n"));
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  // Each card reads its own state through a Memo (src/app/items.rs, overview.rs): under
  // erase_components a rebuilt card removes and sets all its attributes again, and an edit
  // used to rebuild all 50 (BENCHMARKS, "An edit rebuilt all 50 item cards").
  // A fresh profile: the value recorded here must not reach the next test's store.
  it("an edit changes its own item's card and its own category's card, no other", TIMEOUT, () =>
    withFreshBrowser(ctx, {}, async (fresh) => {
      const app = await openApp(fresh);
      try {
        const { page } = app;
        await setAsOf(app, "2023-09-30");
        await openItem(app, 7);
        const row = `#item-detail .target-row[data-target="0"]`;
        await setField(page, `${row} input.target-date`, "2023-09-30");
        await page.evaluate(() => {
          window.__touched = { items: new Set(), categories: new Set() };
          const note = (window.__noteTouched = (node) => {
            const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
            const card = el?.closest("article.item-card");
            if (card) window.__touched.items.add(Number(card.dataset.no));
            const category = el?.closest(".category-card");
            if (category) window.__touched.categories.add(Number(category.dataset.category));
          });
          window.__cardsObserver = new MutationObserver((records) => records.forEach((r) => note(r.target)));
          for (const id of ["#items", "#overview"]) {
            window.__cardsObserver.observe(document.querySelector(id), { subtree: true, childList: true, attributes: true, characterData: true });
          }
        });
        await setField(page, `${row} input.target-value`, "400");
        const seven = item(7);
        await app.waitFor("item 7's card shows its share", () => /\d+%/.test(document.querySelector('#items article.item-card[data-no="7"] .item-share')?.textContent ?? ""));
        await waitCard(app, seven.category, { lights: { grey: notice.items.filter((i) => i.category === seven.category).length - 1 } }, "item 7's category");
        const touched = await page.evaluate(() => {
          // Records not yet delivered count too.
          window.__cardsObserver.takeRecords().forEach((r) => window.__noteTouched(r.target));
          window.__cardsObserver.disconnect();
          return { items: [...window.__touched.items], categories: [...window.__touched.categories] };
        });
        assert.deepEqual(touched.items, [7], "only item 7's card changed");
        assert.deepEqual(touched.categories, [seven.category], "only item 7's category card changed");
        await app.assertClean();
      } finally {
        await app.close();
      }
    }),
  );

  it("the cards' lights and completion follow recorded progress; nothing reported is grey; the charts show 报送率 apart and gaps", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      await setAsOf(app, "2023-09-30");
      // Nothing recorded: every category grey, 未报送, whatever the day (at 09-30 a 0 % would be red).
      const before = await cards(page);
      for (const [cat, c] of Object.entries(before)) {
        const n = notice.items.filter((i) => i.category === Number(cat)).length;
        assert.deepEqual(c.lights, { green: 0, yellow: 0, red: 0, grey: n }, `category ${cat}`);
        assert.equal(c.light, "grey", `category ${cat}`);
        assert.equal(c.state, "灰灯", `category ${cat}`);
      }
      assert.deepEqual([before[4].share, before[4].rate], ["未报送", "报送 0/6"]);

      // 教育惠民: item 18's two targets met by 06-30.
      await recordTarget(app, 18, 0, item(18).targets[0].value, "2023-06-30");
      await recordTarget(app, 18, 1, item(18).targets[1].value, "2023-06-30");
      await closeDetail(app);
      // Completion of the reported targets only (not 2/6 = 33 %), against 序时进度 at 09-30 (273/365).
      await waitCard(app, 4, { lights: { green: 1, yellow: 0, red: 0, grey: 4 }, light: "green", share: "完成度 100%（序时 75%）", rate: "报送 2/6" }, "item 18 met");
      // Item 17 far behind: red on its card and in the category's count; the category's mean is close to 序时进度.
      await recordTarget(app, 17, 0, item(17).targets[0].value / 10, "2023-09-30");
      await closeDetail(app);
      await waitCard(app, 4, { lights: { green: 1, yellow: 0, red: 1, grey: 3 }, light: "green", share: "完成度 70%（序时 75%）", rate: "报送 3/6" }, "item 17 at 10 %");
      const after = await cards(page);
      // 交通出行: nothing reported, grey — not red, though its item 30 is due by 10-31.
      assert.deepEqual([after[7].light, after[7].state, after[7].share, after[7].rate], ["grey", "灰灯", "未报送", "报送 0/6"]);
      assert.deepEqual(after[7].lights, { green: 0, yellow: 0, red: 0, grey: 2 });
      await app.screenshot("glance-overview");

      // The charts say the same.
      await page.click("a#tab-charts");
      await app.waitFor("the charts drawn at 09-30", () => document.querySelector("#charts")?.dataset.asOf === "2023-09-30");
      const completion = await chartRows(page, "completion");
      assert.deepEqual(completion.head, ["类别", "完成度（已报送目标）", "序时进度", "灯", "报送率（已报送/目标数）"]);
      assert.deepEqual(completion.rows["教育惠民"], ["教育惠民", "70.0%", "74.8%", "绿灯", "3/6"]);
      assert.deepEqual(completion.rows["交通出行"].slice(1).filter((_, i) => i !== 1), ["未报送", "灰灯", "0/6"]);
      // 报送率 is drawn apart: a strip in its own colour under the completion bars.
      const strip = await page.$eval('#charts figure.chart[data-chart="completion"] canvas', (c, rgb) => {
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - rgb[0]) < 6 && Math.abs(d[i + 1] - rgb[1]) < 6 && Math.abs(d[i + 2] - rgb[2]) < 6) n++;
        return n;
      }, REPORTED);
      assert.ok(strip > 100, `the 报送率 strip is drawn (${strip} px)`);
      const notes = await page.$$eval('#charts figure.chart[data-chart="completion"] .chart-notes li', (lis) => lis.map((li) => li.textContent));
      assert.ok(notes.some((n) => n.includes("未报送的不按0%计")), notes.join("\n"));
      // The tick of a category with an item due before the year's end is explained.
      assert.ok(notes.some((n) => n.startsWith("竖线为序时进度") && n.includes("交通出行") && n.includes("自身完成时限")), notes.join("\n"));
      // Months before the first report (06-30) are gaps, not 0 %.
      const timeline = await chartRows(page, "timeline");
      const whole = ["2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30"].map((d) => timeline.rows[d][1]);
      assert.deepEqual(whole, ["未报送", "未报送", "未报送", "未报送", "未报送", "100.0%"]);
      assert.equal(timeline.rows["2023-09-30"].at(-1), `3/${notice.items.reduce((n, i) => n + i.targets.length, 0)}`, "报送（全部）");
      await app.screenshot("glance-charts");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
