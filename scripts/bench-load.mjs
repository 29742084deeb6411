#!/usr/bin/env node
// Load-time benchmark: how long from opening dist/minsheng.html (file://) until
// the app is ready, in headless Chromium (and optionally Firefox ESR).
//
//   bash build.sh && node scripts/bench-load.mjs [--runs 10] [--browser chromium|firefox|all] [--html path]
//                                                [--store empty|year] [--json]
//
// --store (scripts/bench-store.mjs) is planted in the browser's profile first
// (empty, or a year of daily edits plus backups as release 0.1 stored them,
// migrated by a newer build before measuring). Each run then opens the file in
// a fresh page of that profile with the cache disabled (a cold-ish open; the
// browser process itself stays up, and so does what is stored), then reads
// from the page:
//   ready  performance.getEntriesByName("minsheng-ready")[0].startTime (the app marks
//          it right after mounting). If the build has no such mark, a fallback is
//          used and named in the output: performance.now() when a MutationObserver
//          (installed before any page script) first sees #app[data-ready="1"].
//   dcl    navigation timing domContentLoadedEventEnd
//   load   navigation timing loadEventEnd
// All three are milliseconds since navigation start (performance.timeOrigin).
// Prints median/min/max, file size (raw, gzip -9), browser version and machine.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";
import { plant, STORES } from "./bench-store.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    browser: { type: "string", default: "chromium" },
    html: { type: "string", default: process.env.E2E_HTML || "dist/minsheng.html" },
    timeout: { type: "string", default: "30000" },
    store: { type: "string", default: "empty" },
    json: { type: "boolean", default: false },
  },
});
if (!STORES.includes(opts.store)) {
  console.error(`bench-load: --store must be one of ${STORES.join(", ")}`);
  process.exit(1);
}
const RUNS = Number(opts.runs);
const TIMEOUT = Number(opts.timeout);
const HTML_PATH = resolve(ROOT, opts.html);
const URL = pathToFileURL(HTML_PATH).href;
if (!existsSync(HTML_PATH)) {
  console.error(`bench-load: ${HTML_PATH} missing: run \`bash build.sh\` first`);
  process.exit(1);
}
if (!(RUNS >= 1)) {
  console.error(`bench-load: --runs must be a positive number`);
  process.exit(1);
}

// The browsers and launch flags of the e2e harness (Debian's, never downloaded).
const LAUNCHERS = Object.fromEntries(BROWSERS.map((b) => [b.name, b.launch]));

const browsers = opts.browser === "all" ? Object.keys(LAUNCHERS) : opts.browser.split(",").map((s) => s.trim());
for (const b of browsers) {
  if (!LAUNCHERS[b]) {
    console.error(`bench-load: unknown --browser ${b} (chromium, firefox, all)`);
    process.exit(1);
  }
}

/** Installed before any page script: records when #app[data-ready="1"] first exists. */
function watchReady() {
  window.__benchReadyAt = null;
  const check = () => {
    if (window.__benchReadyAt === null && document.querySelector('#app[data-ready="1"]')) {
      window.__benchReadyAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
}

async function oneRun(browser) {
  // The profile's own context: what --store planted is there.
  const context = browser.defaultBrowserContext();
  {
    const page = await context.newPage();
    try {
      await page.setCacheEnabled(false);
    } catch {
      // Not every protocol supports it; a fresh context has an empty cache anyway.
    }
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e?.message ?? e)));
    await page.evaluateOnNewDocument(watchReady);
    await page.goto(URL, { waitUntil: "load", timeout: TIMEOUT });
    await page.waitForFunction(
      () => {
        const nav = performance.getEntriesByType("navigation")[0];
        return !!document.querySelector('#app[data-ready="1"]') && nav && nav.loadEventEnd > 0;
      },
      { timeout: TIMEOUT, polling: 50 },
    );
    const r = await page.evaluate(() => {
      const mark = performance.getEntriesByName("minsheng-ready")[0];
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        mark: mark ? mark.startTime : null,
        observed: window.__benchReadyAt,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
      };
    });
    if (errors.length) throw new Error(`page errors: ${errors.join(" | ")}`);
    await page.close();
    return r;
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(1)} ms`;
const fmtRow = (name, xs) => {
  const { median, min, max } = stats(xs);
  return `  ${name.padEnd(34)} median ${ms(median).padStart(10)}   min ${ms(min).padStart(10)}   max ${ms(max).padStart(10)}`;
};

const bytes = readFileSync(HTML_PATH);
// The same figure build.sh prints (gzip -9 CLI); node's zlib if there is no gzip.
let gz, gzTool = "gzip -9";
try {
  gz = execFileSync("gzip", ["-9", "-c", HTML_PATH], { maxBuffer: 256 * 1024 * 1024 }).length;
} catch {
  gz = gzipSync(bytes, { level: 9 }).length;
  gzTool = "zlib level 9";
}
const cpus = os.cpus();
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const log = opts.json ? () => {} : console.log;
log(`bench-load: ${RUNS} cold-ish opens of ${opts.html} from file:// (fresh page, cache disabled), store ${opts.store}`);
log(`file:    ${bytes.length} bytes (${kib(bytes.length)}), ${gzTool}: ${gz} bytes (${kib(gz)})`);
log(
  `machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${os.type()} ${os.release()} ${os.arch()}, node ${process.version}`,
);
log(`date:    ${new Date().toISOString()}`);

let failed = false;
for (const name of browsers) {
  const userDataDir = name === "chromium" ? mkdtempSync(join(os.tmpdir(), "minsheng-bench-")) : undefined;
  const browser = await LAUNCHERS[name](userDataDir);
  try {
    const version = await browser.version();
    const planter = await browser.newPage();
    const stored = await plant(planter, URL, opts.store, TIMEOUT);
    await planter.close();
    // One unmeasured warm-up open: the first navigation also pays for process start-up.
    await oneRun(browser);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(browser));
    const haveMark = runs.every((r) => r.mark !== null);
    const someMark = runs.some((r) => r.mark !== null);
    const ready = runs.map((r) => (haveMark ? r.mark : r.observed));
    if (opts.json) {
      console.log(JSON.stringify({ bench: "load", browser: name, version, html: opts.html, store: opts.store, runs: RUNS, ready: stats(ready), load: stats(runs.map((r) => r.load)), stored }));
      continue;
    }
    console.log("");
    console.log(`${name}: ${version} (headless), ${RUNS} runs after 1 warm-up; stored bytes by schema ${JSON.stringify(stored)}`);
    console.log(
      fmtRow(haveMark ? 'ready (mark "minsheng-ready")' : 'ready (observed #app[data-ready])', ready),
    );
    if (haveMark && runs.every((r) => r.observed !== null))
      console.log(fmtRow("ready (observed #app[data-ready])", runs.map((r) => r.observed)));
    console.log(fmtRow("domContentLoadedEventEnd", runs.map((r) => r.dcl)));
    console.log(fmtRow("loadEventEnd", runs.map((r) => r.load)));
    if (!haveMark)
      console.log(
        someMark
          ? '  note: the "minsheng-ready" mark was missing in some runs; ready = observed time for all runs'
          : '  note: no performance mark "minsheng-ready" in this build; ready = performance.now() when a MutationObserver first saw #app[data-ready="1"]',
      );
  } catch (e) {
    failed = true;
    console.error(`${name}: FAILED: ${e?.stack ?? e}`);
  } finally {
    await browser.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
