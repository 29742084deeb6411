// The app opens from file:// in both browsers, shows the notice, and stays offline.
import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, openApp } from "./harness.mjs";

const TIMEOUT = { timeout: 60_000 };

forEachBrowser("app shell", (ctx) => {
  it("mounts from file://, shows the notice title and item count, no errors, no network", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      assert.equal(page.url(), APP_URL);
      assert.equal(await page.$eval("html", (el) => el.lang), "zh-CN");

      const title = await page.$eval(".notice-title", (el) => el.textContent.trim());
      assert.match(title, /民生实事/, "notice title shown");
      const count = await page.$eval(".item-count", (el) => el.textContent.trim());
      assert.match(count, /^\d+$/, "item count shown");

      // Mounted synchronously by the inline boot script, i.e. before `load`.
      assert.equal(await app.readyAtLoad(), true, "app mounted before the load event");

      // The request recorder is live, so an empty list of foreign requests below
      // means something. Chromium reports the file:// document itself; Firefox's
      // BiDi does not report file:// loads, but does report the data: favicon.
      const seen = JSON.stringify(app.requests);
      if (ctx.browserName === "chromium") assert.ok(app.requests.includes(APP_URL), `requests seen: ${seen}`);
      else assert.ok(app.requests.length > 0, `requests seen: ${seen}`);

      await app.screenshot("app");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("is one self-contained document with a no-network CSP", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      const facts = await page.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? "",
        externalScripts: [...document.scripts].filter((s) => s.src).map((s) => s.src),
        moduleScripts: [...document.scripts].filter((s) => s.type === "module").length,
        links: [...document.querySelectorAll("link[href]")].map((l) => l.href).filter((h) => !h.startsWith("data:")),
      }));
      assert.match(facts.csp, /default-src 'none'/);
      assert.match(facts.csp, /connect-src 'none'/);
      // The browser check, the wasm-bindgen glue and the boot script, each by its hash.
      assert.match(facts.csp, /script-src 'sha256-[^']+' 'sha256-[^']+' 'sha256-[^']+' 'wasm-unsafe-eval'/);
      assert.deepEqual(facts.externalScripts, []);
      assert.equal(facts.moduleScripts, 0);
      assert.deepEqual(facts.links, []);

      // The CSP really blocks network: a fetch must be refused, not attempted.
      const fetchResult = await page.evaluate(async () => {
        try {
          await fetch("https://example.invalid/");
          return "fetched";
        } catch (e) {
          return "blocked";
        }
      });
      assert.equal(fetchResult, "blocked");
      const violations = await app.cspViolations();
      assert.ok(violations.some((v) => v.startsWith("connect-src")), `expected a connect-src violation, got ${JSON.stringify(violations)}`);
    } finally {
      await app.close();
    }
  });

  it("has working localStorage on file:// (for saved progress later)", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      await page.evaluate(() => localStorage.setItem("minsheng-e2e", "进度"));
      await page.reload({ waitUntil: "load" });
      await page.waitForSelector('[data-ready="1"]');
      assert.equal(await page.evaluate(() => localStorage.getItem("minsheng-e2e")), "进度");
      await page.evaluate(() => localStorage.removeItem("minsheng-e2e"));
      await app.assertClean();
    } finally {
      await app.close();
    }
  });
});
