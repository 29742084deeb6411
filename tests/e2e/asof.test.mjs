// The as-of day is part of the view: it lives in the URL hash, so a reload or
// a mailed briefing link keeps the day the lights were computed for.
import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, openApp, withFreshBrowser } from "./harness.mjs";
import { importFiles, waitBanner, withClock } from "./ui.mjs";

const TIMEOUT = { timeout: 90_000 };

/** Today in the page's local time, as a date field shows it. */
function localToday(page) {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
}

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
      const today = await localToday(page);
      await app.waitFor("today shown", (d) => document.querySelector("#as-of").value === d, today);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("a link with at= opens at that day; a bad day opens the list's year end (2023 is over)", TIMEOUT, async () => {
    for (const [hash, expected] of [["#at=2023-09-30&item=7", "2023-09-30"], ["#at=2023-02-30", "2023-12-31"]]) {
      const app = await openApp(ctx, { url: APP_URL + hash });
      try {
        const value = await app.page.$eval("#as-of", (el) => el.value);
        assert.equal(value, expected, hash);
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
        // The year end is where this list opens (2023 is over): no at= for it.
        const inHash = day !== "2023-12-31";
        await app.waitFor(`#as-of = ${day}`, (d, h) => document.querySelector("#as-of").value === d && location.hash.includes(`at=${d}`) === h, day, inHash);
        assert.deepEqual(await pressed(), [`as-of-${id}`], `only ${id} is pressed`);
      }
      await page.click("#as-of-today");
      await app.waitFor("today shown", (d) => document.querySelector("#as-of").value === d, await localToday(page));
      assert.deepEqual(await pressed(), ["as-of-today"]);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  // #15: a 2023 list opened in 2026 is read as of its year end, the day last
  // chosen for a notice is where it opens, and a file carries its sender's day.
  it("the 截至日期 is remembered per notice; a sender's day is offered with their file", TIMEOUT, () =>
    withFreshBrowser(ctx, { downloads: true }, async (fresh) => {
      const open = () => openApp(fresh, { keepAsOf: true });
      const asOf = (app) => app.page.$eval("#as-of", (el) => el.value);
      let app = await open();
      try {
        assert.equal(await asOf(app), "2023-12-31", "the list's year is over: its year end, not today");
        await app.page.click("#as-of-q3");
        await app.waitFor("Q3", () => document.querySelector("#as-of").value === "2023-09-30");
        await app.page.click("#export-json");
        var file = await fresh.waitForDownload("#export-json");
        assert.match(file.text, /"as_of": "2023-09-30"/, "the snapshot carries the sender's day");
      } finally {
        await app.close();
      }
      app = await open();
      try {
        assert.equal(await asOf(app), "2023-09-30", "opened again at the day last chosen");
        assert.ok(!(await app.page.evaluate(() => location.hash.includes("at="))), "no at= needed for it");
        await app.page.click("#as-of-today");
        await app.waitFor("today", (d) => document.querySelector("#as-of").value === d, await localToday(app.page));
      } finally {
        await app.close();
      }
      app = await open();
      try {
        assert.equal(await asOf(app), "2023-12-31", "今天 forgets the day: the year end again");
        assert.equal(await app.page.$("#offered-as-of"), null);
        await importFiles(app, [file.path]);
        await app.page.click("#import-cancel");
        const offer = await app.waitFor("the sender's day offered", () => document.querySelector("#offered-as-of")?.textContent ?? "");
        assert.match(offer, /发送方的截至日期为 2023年9月30日/);
        await app.page.click("#offered-as-of-use");
        await app.waitFor("the sender's day taken", () => document.querySelector("#as-of").value === "2023-09-30" && !document.querySelector("#offered-as-of"));
        await app.assertClean();
      } finally {
        await app.close();
      }
    }));
});
