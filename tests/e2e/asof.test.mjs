// The as-of day is part of the view: it lives in the URL hash, so a reload or
// a mailed briefing link keeps the day the lights were computed for.
import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, openApp } from "./harness.mjs";
import { waitBanner, withClock } from "./ui.mjs";

const TIMEOUT = { timeout: 90_000 };

forEachBrowser("as-of day in the URL", (ctx) => {
  it("picking a day writes at= to the hash, a reload keeps it, 今天 removes it", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      await page.$eval("#as-of", (el) => {
        el.value = "2023-06-30";
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await app.waitFor("at= in the hash", () => location.hash.includes("at=2023-06-30"));
      await app.reload();
      assert.equal(await page.$eval("#as-of", (el) => el.value), "2023-06-30", "the day survives a reload");
      await page.click("#as-of-today");
      await app.waitFor("no at= in the hash", () => !location.hash.includes("at="));
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("a link with at= opens at that day, and a bad day opens today", TIMEOUT, async () => {
    for (const [hash, expectToday] of [["#at=2023-09-30&item=7", false], ["#at=2023-02-30", true]]) {
      const app = await openApp(ctx, { url: APP_URL + hash });
      try {
        const value = await app.page.$eval("#as-of", (el) => el.value);
        const today = await app.page.evaluate(() => {
          const d = new Date();
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
        });
        assert.equal(value, expectToday ? today : "2023-09-30", hash);
        await app.assertClean();
      } finally {
        await app.close();
      }
    }
  });
  // #11: a clock that gives no date made the app fall back to 2023-01-01
  // (every 2023 light then said "not yet due"); now the list's own year end.
  it("a clock without a date: the list's year end, a banner, no edit saved without a time", TIMEOUT, async () => {
    const noClock = withClock(ctx, NaN);
    const app = await openApp(noClock);
    try {
      assert.equal(await app.page.$eval("#as-of", (el) => el.value), "2023-12-31", "the list's year end");
      const message = await waitBanner(app, "bad_clock");
      assert.match(message, /日期不正确/);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("presets: 一季度末 … 年末 of the list's year and 今天, one click each, the shown one pressed", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      const pressed = () => page.$$eval(".as-of-preset", (bs) => bs.filter((b) => b.getAttribute("aria-pressed") === "true").map((b) => b.id));
      for (const [id, day] of [["q1", "2023-03-31"], ["q2", "2023-06-30"], ["q3", "2023-09-30"], ["year-end", "2023-12-31"]]) {
        await page.click(`#as-of-${id}`);
        await app.waitFor(`#as-of = ${day}`, (d) => document.querySelector("#as-of").value === d && location.hash.includes(`at=${d}`), day);
        assert.deepEqual(await pressed(), [`as-of-${id}`], `only ${id} is pressed`);
      }
      await page.click("#as-of-today");
      await app.waitFor("no at= in the hash", () => !location.hash.includes("at="));
      assert.deepEqual(await pressed(), ["as-of-today"]);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
