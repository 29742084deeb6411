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
// Also: app.waitFor(what, pageFn, ...args) waits for a reactive DOM state and fails
// with a summary of the view; app.reload() reloads (keeping the #hash) until ready;
// noticeJson() is the parsed seed as `notice2json` prints it (expected figures).
//
// A fresh profile per test (storage starts empty), optionally with storage blocked or
// downloads captured:
//
//   forEachBrowser("storage", (ctx) => {
//     it("…", () => withFreshBrowser(ctx, { blockStorage: true, downloads: true }, async (fresh) => {
//       const a = await openApp(fresh, { plant: { [KEY]: "not json" } });  // set before the app's first load
//       const b = await openApp(fresh);            // a second tab of the same browser (same storage)
//       await a.storage();                         // { key: value } of the minsheng:* keys
//       await fresh.waitForDownload("…");          // { name, text } of the next finished download
//     }));
//   }, { launch: false });                         // no shared browser for this block
//
// Env: E2E_BROWSERS=chromium,firefox,webkit (default all three; WebKit has its own
// file, webkit.test.mjs, driven through WebDriver classic by webkit.mjs), E2E_HTML=<path> (default dist/minsheng.html),
// E2E_NOTICE_JSON=<file> (saved notice2json output instead of running cargo).

import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const HTML_PATH = resolve(ROOT, process.env.E2E_HTML || "dist/minsheng.html");
export const APP_URL = pathToFileURL(HTML_PATH).href;
export const SCREENSHOT_DIR = join(ROOT, "tests/e2e/screenshots");
/** How long the app may take to mount (wasm compile on a slow CI machine). */
export const READY_TIMEOUT_MS = 30_000;

/** Browsers under test. Never downloaded: Debian's packages only. */
export const BROWSERS = [
  {
    name: "chromium",
    // opts.blockStorage: site data blocked in the profile (localStorage throws SecurityError).
    // opts.downloadDir: where downloads go (set per browser through CDP, see launchBrowser).
    launch: (userDataDir, opts = {}) => {
      if (opts.blockStorage) {
        mkdirSync(join(userDataDir, "Default"), { recursive: true });
        writeFileSync(join(userDataDir, "Default", "Preferences"), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
      }
      return puppeteer.launch({
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
      });
    },
  },
  {
    name: "firefox",
    // Puppeteer creates (and deletes) a fresh temporary profile for Firefox and
    // writes its automation prefs there; protocol is WebDriver BiDi.
    // opts.blockStorage: dom.storage.enabled=false (window.localStorage is null).
    // opts.downloadDir: saved there without asking.
    launch: (_userDataDir, opts = {}) =>
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
          ...(opts.blockStorage ? { "dom.storage.enabled": false } : {}),
          ...(opts.downloadDir
            ? {
                "browser.download.dir": opts.downloadDir,
                "browser.download.folderList": 2,
                "browser.download.useDownloadDir": true,
                "browser.download.always_ask_before_handling_new_types": false,
                "browser.download.start_downloads_in_tmp_dir": false,
                "browser.helperApps.neverAsk.saveToDisk": "application/json,text/plain,application/octet-stream",
              }
            : {}),
        },
      }),
  },
];

/** The browsers E2E_BROWSERS names (default all three); webkit.test.mjs drives WebKit itself (WebDriver classic). */
export function wantedBrowsers() {
  const want = (process.env.E2E_BROWSERS || "chromium,firefox,webkit").split(",").map((s) => s.trim()).filter(Boolean);
  const known = [...BROWSERS.map((b) => b.name), "webkit"];
  const unknown = want.filter((n) => !known.includes(n));
  assert.ok(want.length && !unknown.length, `E2E_BROWSERS=${process.env.E2E_BROWSERS}: choose among ${known.join(", ")}`);
  return want;
}

/** The puppeteer browsers selected (none when E2E_BROWSERS=webkit). */
function selectedBrowsers() {
  const want = wantedBrowsers();
  return BROWSERS.filter((b) => want.includes(b.name));
}

/**
 * Declare one `describe` block per browser. `body(ctx)` declares the tests;
 * ctx.browserName is the browser's name, and openApp(ctx) opens a fresh page.
 * The browser is launched once per block and closed after it; with
 * `{ launch: false }` it is not (the tests use withFreshBrowser(ctx, …)).
 */
export function forEachBrowser(title, body, { launch = true } = {}) {
  for (const spec of selectedBrowsers()) {
    describe(`${title} [${spec.name}]`, () => {
      const ctx = { browserName: spec.name, browser: null };
      let userDataDir = null;
      before(async () => {
        assert.ok(existsSync(HTML_PATH), `${HTML_PATH} missing: run \`bash build.sh\` first`);
        if (!launch) return;
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

/**
 * Launch `browserName` with a fresh profile (empty storage). Options:
 *   blockStorage  localStorage denied (Chromium: site data blocked, it throws;
 *                 Firefox: dom.storage.enabled=false, it is null)
 *   downloads     save downloads to a fresh directory, read by waitForDownload
 * Returns a ctx for openApp: { browserName, browser, userDataDir, downloadDir,
 * downloads(), waitForDownload(what), close() }.
 */
export async function launchBrowser(browserName, { blockStorage = false, downloads = false } = {}) {
  const spec = BROWSERS.find((b) => b.name === browserName);
  assert.ok(spec, `unknown browser ${browserName}`);
  assert.ok(existsSync(HTML_PATH), `${HTML_PATH} missing: run \`bash build.sh\` first`);
  const userDataDir = mkdtempSync(join(tmpdir(), `minsheng-e2e-${browserName}-`));
  const downloadDir = downloads ? mkdtempSync(join(tmpdir(), `minsheng-e2e-dl-${browserName}-`)) : null;
  const browser = await spec.launch(userDataDir, { blockStorage, downloadDir });
  if (downloadDir && browserName === "chromium") {
    const cdp = await browser.target().createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloadDir, eventsEnabled: true });
  }
  const fresh = {
    browserName,
    browser,
    userDataDir,
    downloadDir,
    /** Finished downloads: [{ name, path, text }] (partial files skipped). */
    downloads() {
      if (!downloadDir) return [];
      return readdirSync(downloadDir)
        .filter((f) => !/\.(crdownload|part)$/.test(f) && statSync(join(downloadDir, f)).isFile())
        .map((name) => ({ name, path: join(downloadDir, name), text: readFileSync(join(downloadDir, name), "utf8") }));
    },
    /** Wait for a finished download not in `seen` (names) and return it. */
    async waitForDownload(what, { seen = [], timeout = WAIT_TIMEOUT_MS } = {}) {
      assert.ok(downloadDir, "launchBrowser(…, { downloads: true }) to observe downloads");
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const pending = readdirSync(downloadDir).some((f) => /\.(crdownload|part)$/.test(f));
        const got = fresh.downloads().filter((d) => !seen.includes(d.name));
        if (got.length && !pending) return got[0];
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(`timed out waiting for a download: ${what} (in ${downloadDir}: ${JSON.stringify(readdirSync(downloadDir))})`);
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
      if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
    },
  };
  return fresh;
}

/** Run `fn(fresh)` with launchBrowser(ctx.browserName, opts), closing it afterwards. */
export async function withFreshBrowser(ctx, opts, fn) {
  const fresh = await launchBrowser(ctx.browserName, opts);
  try {
    return await fn(fresh);
  } finally {
    await fresh.close();
  }
}

/** URLs a page may load: the document itself (with any #hash), data: and blob:. Anything else fails. */
function isAllowedUrl(url, documentUrl) {
  // Chromium's CDP reports the fragment as part of the request URL.
  return url.split("#")[0] === documentUrl || url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";
}

/**
 * Open the app (`url`: dist/minsheng.html, or a copy of it such as a saved
 * HTML-with-data file) in a new page of ctx.browser and wait until it is ready.
 * `plant`: { key: value } set in localStorage before the app's first load in
 * this page (once: a reload does not set them again).
 * Returns { page, consoleErrors, pageErrors, requests, cspViolations, assertClean, screenshot, storage, close }.
 */
export async function openApp(ctx, { url = APP_URL, plant = null, keepAsOf = false } = {}) {
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

  let planter = null;
  if (plant) {
    // Runs before any page script, only in the app's document (Firefox also runs it
    // in the new tab's about:blank, where storage access throws). Removed after the
    // first load: a sessionStorage flag proved unreliable in Chromium (sometimes
    // lost across a reload, which re-planted over the app's own save).
    planter = await page.evaluateOnNewDocument((entries, appUrl) => {
      if (location.href.split("#")[0] !== appUrl || sessionStorage.getItem("e2e-planted")) return;
      for (const [k, v] of entries) localStorage.setItem(k, v);
      sessionStorage.setItem("e2e-planted", "1");
    }, Object.entries(plant), url.split("#")[0]);
  }

  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('[data-ready="1"]', { timeout: READY_TIMEOUT_MS });
  if (planter) await page.removeScriptToEvaluateOnNewDocument(planter.identifier);

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
        foreignRequests: requests.filter((u) => !isAllowedUrl(u, url.split("#")[0])),
      };
      for (const [k, v] of Object.entries(problems)) if (!v.length) delete problems[k];
      assert.deepEqual(problems, {}, "the page must run without errors and without any network");
    },
    /** Save tests/e2e/screenshots/<name>-<browser>.png and return its path (fullPage: false = the viewport only). */
    async screenshot(name, { fullPage = true } = {}) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}-${ctx.browserName}.png`);
      await page.screenshot({ path, fullPage });
      return path;
    },
    /**
     * Wait until `pageFn(...args)` is truthy in the page (polled on DOM mutations
     * and every 100 ms) and return its value. On timeout, fail with `what` and a
     * summary of the view (hash, listed items, open detail, panel) instead of
     * puppeteer's bare "Waiting failed".
     */
    async waitFor(what, pageFn, ...args) {
      try {
        const handle = await page.waitForFunction(pageFn, { timeout: WAIT_TIMEOUT_MS, polling: 100 }, ...args);
        const value = await handle.jsonValue();
        await handle.dispose();
        return value;
      } catch (e) {
        let state;
        try {
          state = JSON.stringify(await app.viewState());
        } catch (e2) {
          state = `(could not read the view: ${e2?.message ?? e2})`;
        }
        const err = new assert.AssertionError({ message: `timed out waiting for ${what}\n  view: ${state}\n  cause: ${e?.message ?? e}` });
        err.cause = e;
        throw err;
      }
    },
    /** A summary of what the page shows, for failure messages. */
    async viewState() {
      return page.evaluate(() => {
        const shown = (el) => !!el && el.getClientRects().length > 0;
        const q = (s) => document.querySelector(s);
        return {
          hash: location.hash,
          ready: q("#app")?.dataset.ready ?? null,
          resultCount: q(".result-count")?.dataset.count ?? null,
          listed: [...document.querySelectorAll("article.item-card")].filter(shown).map((el) => el.dataset.no),
          detail: shown(q("#item-detail")) ? q("#item-detail").dataset.no : null,
          checksShown: shown(q("#checks")),
          filters: Object.fromEntries(
            ["filter-category", "filter-unit", "filter-level", "filter-search"].map((id) => [id, q(`#${id}`)?.value ?? null]),
          ),
        };
      });
    },
    /** Reload (keeping the URL and its #hash) and wait until the app is ready again. */
    async reload() {
      await page.reload({ waitUntil: "load" });
      await page.waitForSelector('[data-ready="1"]', { timeout: READY_TIMEOUT_MS });
    },
    /** { key: value } of the localStorage keys starting with `prefix` (null when storage is unusable). */
    async storage(prefix = "minsheng:") {
      return page.evaluate((p) => {
        let ls;
        try {
          ls = window.localStorage;
        } catch {
          return null;
        }
        if (!ls) return null;
        const out = {};
        for (let i = 0; i < ls.length; i++) {
          const k = ls.key(i);
          if (k.startsWith(p)) out[k] = ls.getItem(k);
        }
        return out;
      }, prefix);
    },
    // A notice opens at the 截至日期 last chosen for it (#15), and the tests of a file
    // share one profile: a page forgets its remembered days when it closes, unless
    // the test is about remembering. (Not at the next page's start: a script touching
    // localStorage before the page's own made Chromium, under load, lose writes
    // across a reload.)
    close: async () => {
      if (!keepAsOf) {
        await page
          .evaluate(() => {
            for (const k of Object.keys(localStorage)) if (k.startsWith("minsheng:as-of:")) localStorage.removeItem(k);
          })
          .catch(() => {});
      }
      await page.close();
      // #16: no panic in the console, ever, in any test (a Rust panic, a trap,
      // a disposed reactive value), whether or not the test asserts clean.
      const panics = [...pageErrors, ...consoleErrors].filter((t) => /panicked at|RuntimeError|unreachable|already been disposed/i.test(t));
      assert.deepEqual(panics, [], "a panic in the page");
    },
  };
  return app;
}

/** How long app.waitFor waits for the reactive UI to reach a state. */
export const WAIT_TIMEOUT_MS = 10_000;

export const SEED_PATH = join(ROOT, "seeds/xiangshan-2023-50-minsheng.txt");
let noticeCache = null;

/**
 * The parsed notice as `notice2json` prints it (the same parser the app embeds),
 * so tests read expected figures from the notice instead of hard-coding them.
 * E2E_NOTICE_JSON=<file> uses a saved copy instead of running cargo.
 */
export function noticeJson() {
  if (noticeCache) return noticeCache;
  if (process.env.E2E_NOTICE_JSON) {
    noticeCache = JSON.parse(readFileSync(resolve(ROOT, process.env.E2E_NOTICE_JSON), "utf8"));
    return noticeCache;
  }
  const run = (cmd, args, stderr) =>
    execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 300_000, stdio: ["ignore", "pipe", stderr] });
  let text;
  try {
    text = run("cargo", ["run", "-q", "--offline", "--bin", "notice2json", "--", SEED_PATH], "pipe");
  } catch (e) {
    // The sources may be mid-edit while dist/ is fine: use the last built binary, loudly.
    const built = ["target/debug/notice2json", "target/release/notice2json"].map((p) => join(ROOT, p)).filter((p) => existsSync(p));
    if (!built.length) throw new Error(`notice2json: cargo run failed and no built binary:\n${e.stderr ?? e.message}`);
    console.error(`warning: \`cargo run --bin notice2json\` failed; using the last built ${built[0]}\n${String(e.stderr ?? e.message).slice(0, 2000)}`);
    text = run(built[0], [SEED_PATH], "inherit");
  }
  noticeCache = JSON.parse(text);
  return noticeCache;
}

/** Set an input/textarea/select like a user who then leaves the field: input + change events. */
export async function setField(page, selector, value) {
  await page.waitForSelector(selector, { timeout: WAIT_TIMEOUT_MS });
  await page.$eval(
    selector,
    (el, v) => {
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      el.blur();
    },
    value,
  );
}
