// Figures as people write them (#16): 12.5万, 4500人次, 1,200, full-width
// digits, 万元 amounts; the conversion said under the field while typing;
// warnings that never block (far above the target, below an earlier report,
// paid above plan); money shown in 万元 with two decimals.
//
// DOM: .target-row[data-target] input.target-value .figure-hint > .conversion|.doubt
//      .subsidy-row[data-subsidy] input.subsidy-served|subsidy-disbursed|subsidy-planned (placeholder) .computed
import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, openApp } from "./harness.mjs";
import { editor, envelope, waitEditor, waitEditorShows, waitSaved } from "./ui.mjs";

const TIMEOUT = { timeout: 120_000 };

/** Type `text` key by key into a cleared field, without leaving it. */
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.$eval(selector, (el) => el.select?.());
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
}

/** The lines under a field, once they include `want`. */
async function hintOf(app, rowSelector, want) {
  return app.waitFor(`${rowSelector}'s hint to say ${want}`, (sel, w) => {
    const lines = [...document.querySelectorAll(`${sel} .figure-hint > div`)].map((d) => `${d.className}: ${d.textContent.trim()}`);
    return lines.some((l) => l.includes(w)) ? lines : false;
  }, rowSelector, want);
}

forEachBrowser("figures as people write them", (ctx) => {
  it("a target in 万人次 takes 4500人次 and 0.3万, says the conversion, and warns without blocking", TIMEOUT, async () => {
    // Item 3: 培训家政服务人员0.6万人次.
    const app = await openApp(ctx, { url: `${APP_URL}#at=2023-06-30&item=3` });
    try {
      const { page } = app;
      await waitEditor(app, 3);
      const row = '.target-row[data-target="0"]';
      const field = `${row} input.target-value`;

      const start = (await envelope(app))?.revision ?? null;
      await typeInto(page, field, "4500人次");
      const typing = await hintOf(app, row, "4500人次 = 0.45万人次");
      assert.ok(typing.every((l) => l.startsWith("conversion")), `no doubt about 75 %: ${typing}`);
      assert.equal((await envelope(app))?.revision ?? null, start, "nothing saved while typing");
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 3, targets: { 0: { value: "0.45" } } }, "0.45万人次 recorded");
      assert.match((await editor(page)).targets[0].share, /75%/);

      // The classic slip: people typed where the unit is 万人次. Warned, still recorded.
      const saved = await waitSaved(app, -1, "the first value");
      await typeInto(page, field, "4500");
      const slip = await hintOf(app, row, "750000%");
      assert.ok(slip.some((l) => l.startsWith("doubt") && l.includes("远超目标")), slip.join(" | "));
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 3, targets: { 0: { value: "4500" } } }, "a doubted value is still recorded");
      await waitSaved(app, saved.revision, "the doubted value");
      await typeInto(page, field, "0.45");
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 3, targets: { 0: { value: "0.45" } } }, "corrected");

      // A quarter later, less than reported at 2023-06-30: a doubt naming it.
      await page.$eval("#as-of", (el) => {
        el.value = "2023-09-30";
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await app.waitFor("the editor on 2023-09-30", () => document.querySelector(".target-row input.target-date")?.value === "2023-09-30");
      await typeInto(page, field, "0.3万");
      const lower = await hintOf(app, row, "低于此前填报的0.45（截至2023-06-30）");
      assert.ok(lower.some((l) => l.startsWith("conversion") && l.includes("0.3万 = 0.3万人次")), lower.join(" | "));
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 3, targets: { 0: { value: "0.3" } } }, "recorded for 2023-09-30");

      // A unit of another kind is refused with both units named; nothing changes.
      const before = await envelope(app);
      await typeInto(page, field, "5公里");
      await page.keyboard.press("Tab");
      const error = await app.waitFor("the refusal", () => document.querySelector("#item-detail .edit-error")?.textContent.trim() || false);
      assert.match(error, /公里.*万人次/);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await envelope(app)).revision, before.revision, "nothing saved");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("money: 500万 into 已发放 is 5000000元, over the plan is said, amounts show in 万元; 1,２００ people", TIMEOUT, async () => {
    // Item 7, subsidy 0: 每人1.5万元 for 280 children, planned 420万元.
    const app = await openApp(ctx, { url: `${APP_URL}#at=2023-06-30&item=7` });
    try {
      const { page } = app;
      await waitEditor(app, 7);
      const row = '.subsidy-row[data-subsidy="0"]';
      assert.equal(await page.$eval(`${row} input.subsidy-planned`, (el) => el.placeholder), "420.00万元");

      await typeInto(page, `${row} input.subsidy-disbursed`, "500万");
      const over = await hintOf(app, row, "500万 = 5000000元");
      assert.ok(over.some((l) => l.startsWith("doubt") && l.includes("已发放金额超过计划金额（计划420万元）")), over.join(" | "));
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 7, subsidies: { 0: { disbursed: "5000000" } } }, "500万 recorded in 元");
      await app.waitFor("the amount in 万元", (sel) => [...document.querySelectorAll(`${sel} .computed`)].some((c) => c.textContent.includes("500.00万元")), row);

      await typeInto(page, `${row} input.subsidy-served`, "1,２００");
      const many = await hintOf(app, row, "远超目标");
      assert.ok(many.some((l) => l.includes("428.6%")), `1200 of 280: ${many.join(" | ")}`);
      await page.keyboard.press("Tab");
      await waitEditorShows(app, { no: 7, subsidies: { 0: { served: "1200" } } }, "1200 people recorded");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
