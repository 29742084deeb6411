// Shared end-to-end harness: launches Debian's Chromium (CDP) and Firefox ESR
// (WebDriver BiDi) with puppeteer-core, opens dist/minsheng.html from file://,
// and records everything a test needs to assert "works offline, cleanly".
//
// Write a test file as:
//
//   import { forEachBrowser, openApp } from "./harness.mjs";
//   forEachBrowser("my feature", (ctx) => {
//     it("does X", async () => {
//       const app = await openApp(ctx);      // page is ready ([data-ready="1"])
//       ... await app.page.click(...) ...
//       await app.assertClean();             // no errors, no network, no CSP violation
//     });
//   });
//
// Env: E2E_BROWSERS=chromium,firefox (default both), E2E_HTML=<path> (default dist/minsheng.html).

import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const HTML_PATH = resolve(ROOT, process.env.E2E_HTML || "dist/minsheng.html");
export const APP_URL = pathToFileURL(HTML_PATH).href;
export const SCREENSHOT_DIR = join(ROOT, "tests/e2e/screenshots");
/** How long the app may take to mount (wasm compile on a slow CI machine). */
export const READY_TIMEOUT_MS = 30_000;

/** Browsers under test. Never downloaded: Debian's packages only. */
export const BROWSERS = [
  {
    name: "chromium",
    launch: (userDataDir) =>
      puppeteer.launch({
        browser: "chrome",
        executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
        headless: true,
        userDataDir,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--lang=zh-CN",
        ],
      }),
  },
  {
    name: "firefox",
    // Puppeteer creates (and deletes) a fresh temporary profile for Firefox and
    // writes its automation prefs there; protocol is WebDriver BiDi.
    launch: () =>
      puppeteer.launch({
        browser: "firefox",
        protocol: "webDriverBiDi",
        executablePath: process.env.FIREFOX_PATH || "/usr/lib/firefox-esr/firefox-esr",
        headless: true,
        extraPrefsFirefox: {
          "intl.accept_languages": "zh-CN, zh",
          // Keep the browser itself quiet on the network, too.
          "network.captive-portal-service.enabled": false,
          "network.connectivity-service.enabled": false,
          "browser.safebrowsing.update.enabled": false,
        },
      }),
  },
];

function selectedBrowsers() {
  const want = (process.env.E2E_BROWSERS || "chromium,firefox").split(",").map((s) => s.trim());
  const picked = BROWSERS.filter((b) => want.includes(b.name));
  assert.ok(picked.length, `E2E_BROWSERS=${process.env.E2E_BROWSERS} selects no browser`);
  return picked;
}

/**
 * Declare one `describe` block per browser. `body(ctx)` declares the tests;
 * ctx.browserName is the browser's name, and openApp(ctx) opens a fresh page.
 * The browser is launched once per block and closed after it.
 */
export function forEachBrowser(title, body) {
  for (const spec of selectedBrowsers()) {
    describe(`${title} [${spec.name}]`, () => {
      const ctx = { browserName: spec.name, browser: null };
      let userDataDir = null;
      before(async () => {
        assert.ok(existsSync(HTML_PATH), `${HTML_PATH} missing: run \`bash build.sh\` first`);
        userDataDir = mkdtempSync(join(tmpdir(), `minsheng-e2e-${spec.name}-`));
        ctx.browser = await spec.launch(userDataDir);
      }, { timeout: 90_000 });
      after(async () => {
        await ctx.browser?.close();
        if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
      });
      body(ctx);
    });
  }
}

/** URLs a page may load: the document itself, data: and blob:. Anything else fails. */
function isAllowedUrl(url) {
  return url === APP_URL || url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";
}

/**
 * Open the app in a new page of ctx.browser and wait until it is ready.
 * Returns { page, consoleErrors, pageErrors, requests, cspViolations, assertClean, screenshot, close }.
 */
export async function openApp(ctx, { url = APP_URL } = {}) {
  const page = await ctx.browser.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];

  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => pageErrors.push(String(err?.message ?? err)));
  page.on("request", (req) => requests.push(req.url()));

  if (ctx.browserName === "chromium") {
    // Chromium reports CSP violations and blocked loads through the Log domain,
    // not as console API calls; WebSockets do not show up as page requests.
    const cdp = await page.createCDPSession();
    await cdp.send("Log.enable");
    cdp.on("Log.entryAdded", ({ entry }) => {
      if (entry.level === "error") consoleErrors.push(`[${entry.source}] ${entry.text}`);
    });
    await cdp.send("Network.enable");
    cdp.on("Network.webSocketCreated", ({ url: wsUrl }) => requests.push(wsUrl));
  }

  // Portable CSP check (both browsers): the document itself reports violations.
  // Also record whether the app was already mounted when `load` fired.
  await page.evaluateOnNewDocument(() => {
    window.__cspViolations = [];
    window.addEventListener("load", () => {
      window.__readyAtLoad = !!document.querySelector('[data-ready="1"]');
    });
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`);
    });
  });

  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('[data-ready="1"]', { timeout: READY_TIMEOUT_MS });

  const app = {
    page,
    consoleErrors,
    pageErrors,
    requests,
    /** Was [data-ready="1"] in the DOM when the load event fired? */
    async readyAtLoad() {
      return page.evaluate(() => window.__readyAtLoad === true);
    },
    async cspViolations() {
      return page.evaluate(() => window.__cspViolations ?? []);
    },
    /** No console error, no page error, no CSP violation, no request but file:/data:/blob:. */
    async assertClean() {
      // Collect every kind of problem, so one failure message shows them all.
      const problems = {
        pageErrors,
        consoleErrors,
        cspViolations: await app.cspViolations(),
        // Anything but the file itself and data:/blob: (http(s), ws(s), other files…).
        foreignRequests: requests.filter((u) => !isAllowedUrl(u)),
      };
      for (const [k, v] of Object.entries(problems)) if (!v.length) delete problems[k];
      assert.deepEqual(problems, {}, "the page must run without errors and without any network");
    },
    /** Save tests/e2e/screenshots/<name>-<browser>.png and return its path. */
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}-${ctx.browserName}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => page.close(),
  };
  return app;
}
