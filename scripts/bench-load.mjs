#!/usr/bin/env node
// Load-time benchmark: how long from opening dist/minsheng.html (file://) until
// the app is ready, in headless Chromium (and optionally Firefox ESR).
//
//   bash build.sh && node scripts/bench-load.mjs [--runs 10] [--browser chromium|firefox|all] [--html path]
//                                                [--store empty|year|empty,year] [--json]
//
// --html takes several files too (`--html dist/minsheng.html,tests/data/release-0.1/minsheng.html`):
// every file is opened with every store, one browser each, all alternating;
// ratios are given against the first file with the first store.
//
// --store (scripts/bench-store.mjs) is planted in the browser's profile first
// (empty, or a year of daily edits plus backups as release 0.1 stored them,
// migrated by a newer build before measuring). Several stores (`--store empty,year`)
// are planted in one browser each, all kept open, and their opens alternate
// (empty, year, empty, year, …), so a ratio between them is not skewed by the
// machine's load drifting between two separate runs. Each run then opens the file in
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
// Also the build's phase marks (scripts/inline-html.mjs's boot script, then the
// app's), and each open's own durations between the boot's marks (check → boot:
// the glue and the boot script parsed; boot → unpacked: the wasm LZMA decoder
// instantiated and base64 + LZMA decoded; unpacked → start: the app's wasm
// compiled and instantiated; start → ready: the app itself).
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
const stores = opts.store.split(",").map((s) => s.trim());
if (!stores.every((s) => STORES.includes(s))) {
  console.error(`bench-load: --store must be one or more of ${STORES.join(", ")}, comma-separated`);
  process.exit(1);
}
const RUNS = Number(opts.runs);
const TIMEOUT = Number(opts.timeout);
const htmls = opts.html.split(",").map((h) => h.trim());
for (const html of htmls) {
  if (!existsSync(resolve(ROOT, html))) {
    console.error(`bench-load: ${resolve(ROOT, html)} missing: run \`bash build.sh\` first`);
    process.exit(1);
  }
}
const urlOf = (html) => pathToFileURL(resolve(ROOT, html)).href;
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

async function oneRun(browser, URL) {
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
      // The app's own phase marks, where the build sets them (null otherwise).
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      return {
        phases: {
          check: at("minsheng-check"),
          boot: at("minsheng-boot"),
          base64Read: at("minsheng-base64-read"),
          unpacked: at("minsheng-unpacked"),
          start: at("minsheng-start"),
          libraryRead: at("minsheng-library-read"),
          noticeRead: at("minsheng-notice-read"),
          storeReadStart: at("minsheng-store-read-start"),
          storeRead: at("minsheng-store-read"),
          stateBuilt: at("minsheng-state-built"),
        },
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

// The same figure build.sh prints (gzip -9 CLI); node's zlib if there is no gzip.
function sizes(html) {
  const path = resolve(ROOT, html);
  const bytes = readFileSync(path);
  try {
    return { raw: bytes.length, gz: execFileSync("gzip", ["-9", "-c", path], { maxBuffer: 256 * 1024 * 1024 }).length, gzTool: "gzip -9" };
  } catch {
    return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, gzTool: "zlib level 9" };
  }
}
const cpus = os.cpus();
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const log = opts.json ? () => {} : console.log;
log(`bench-load: ${RUNS} cold-ish opens of ${htmls.join(" and ")} from file:// (fresh page, cache disabled), store ${stores.join(" and ")}${stores.length > 1 ? ", alternating" : ""}`);
for (const html of htmls) {
  const { raw, gz, gzTool } = sizes(html);
  log(`file:    ${html}: ${raw} bytes (${kib(raw)}), ${gzTool}: ${gz} bytes (${kib(gz)})`);
}
log(
  `machine: ${cpus.length} × ${cpus[0]?.model?.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${os.type()} ${os.release()} ${os.arch()}, node ${process.version}`,
);
log(`date:    ${new Date().toISOString()}`);

let failed = false;
for (const name of browsers) {
  // One browser (and profile) per file and store, all open while their opens alternate.
  const opened = [];
  try {
    for (const [html, store] of htmls.flatMap((h) => stores.map((s) => [h, s]))) {
      const URL = urlOf(html);
      const userDataDir = name === "chromium" ? mkdtempSync(join(os.tmpdir(), "minsheng-bench-")) : undefined;
      const browser = await LAUNCHERS[name](userDataDir);
      opened.push({ html, URL, store, browser, userDataDir, runs: [] });
      const planter = await browser.newPage();
      opened.at(-1).stored = await plant(planter, URL, store, TIMEOUT);
      await planter.close();
      // One unmeasured warm-up open: the first navigation also pays for process start-up.
      await oneRun(browser, URL);
    }
    const version = await opened[0].browser.version();
    for (let i = 0; i < RUNS; i++) for (const o of opened) o.runs.push(await oneRun(o.browser, o.URL));
    for (const { html, store, runs, stored } of opened) report(name, version, html, store, runs, stored);
    if (opened.length > 1 && !opts.json) {
      const [base, ...others] = opened;
      for (const o of others) {
        const ratios = o.runs.map((r, i) => readyOf(o.runs)[i] / readyOf(base.runs)[i]);
        const { median, min, max } = stats(ratios);
        console.log(
          `\n${name}: ready ${label(o)} / ${label(base)}, open by open: median ${median.toFixed(2)}×  min ${min.toFixed(2)}×  max ${max.toFixed(2)}×; ` +
            `of the medians ${(stats(readyOf(o.runs)).median / stats(readyOf(base.runs)).median).toFixed(2)}×`,
        );
      }
    }
  } catch (e) {
    failed = true;
    console.error(`${name}: FAILED: ${e?.stack ?? e}`);
  } finally {
    for (const o of opened) {
      await o.browser.close();
      if (o.userDataDir) rmSync(o.userDataDir, { recursive: true, force: true });
    }
  }
}
process.exit(failed ? 1 : 0);

/** A variant's name in the ratios: its store, and its file when there are several. */
function label({ html, store }) {
  return htmls.length > 1 ? `${html} ${store}` : store;
}

/** Ready per open: the app's mark where every open has it, else the observed time. */
function readyOf(runs) {
  return runs.every((r) => r.mark !== null) ? runs.map((r) => r.mark) : runs.map((r) => r.observed);
}

function report(name, version, html, store, runs, stored) {
  const haveMark = runs.every((r) => r.mark !== null);
  const someMark = runs.some((r) => r.mark !== null);
  const ready = readyOf(runs);
  if (opts.json) {
    console.log(JSON.stringify({ bench: "load", browser: name, version, html, store, runs: RUNS, ready: stats(ready), load: stats(runs.map((r) => r.load)), stored }));
    return;
  }
  console.log("");
  console.log(`${name}: ${version} (headless), ${html}, store ${store}, ${RUNS} runs after 1 warm-up; stored bytes by schema ${JSON.stringify(stored)}`);
  console.log(fmtRow(haveMark ? 'ready (mark "minsheng-ready")' : "ready (observed #app[data-ready])", ready));
  if (haveMark && runs.every((r) => r.observed !== null)) console.log(fmtRow("ready (observed #app[data-ready])", runs.map((r) => r.observed)));
  for (const phase of ["check", "boot", "base64Read", "unpacked", "start", "libraryRead", "noticeRead", "storeReadStart", "storeRead", "stateBuilt"]) {
    const xs = runs.map((r) => r.phases[phase]);
    if (xs.every((x) => x !== null)) console.log(fmtRow(`phase mark ${phase}`, xs));
  }
  // Each open's own durations between the boot's marks (medians of differences, not
  // differences of medians): where the time before the app goes, e.g. boot → unpacked.
  const spans = [["check", "boot"], ["boot", "unpacked"], ["unpacked", "start"], ["start", "libraryRead"], ["libraryRead", "noticeRead"]];
  for (const [from, to] of spans) {
    const xs = runs.map((r) => (r.phases[from] !== null && r.phases[to] !== null ? r.phases[to] - r.phases[from] : null));
    if (xs.every((x) => x !== null)) console.log(fmtRow(`phase ${from} → ${to}`, xs));
  }
  if (haveMark && runs.every((r) => r.phases.start !== null)) console.log(fmtRow("phase start → ready", runs.map((r) => r.mark - r.phases.start)));
  console.log(fmtRow("domContentLoadedEventEnd", runs.map((r) => r.dcl)));
  console.log(fmtRow("loadEventEnd", runs.map((r) => r.load)));
  if (!haveMark)
    console.log(
      someMark
        ? '  note: the "minsheng-ready" mark was missing in some runs; ready = observed time for all runs'
        : '  note: no performance mark "minsheng-ready" in this build; ready = performance.now() when a MutationObserver first saw #app[data-ready="1"]',
    );
}
