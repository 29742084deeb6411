#!/usr/bin/env node
// Grid paste benchmark (#16: committing a pasted block of 50 values ≤ 50 ms p95):
// how long from a paste of 50 values into the 填报 grid until they are saved AND
// shown, in headless Chromium (and optionally Firefox ESR), from file://.
//
//   bash build.sh && node scripts/bench-grid.mjs [--pastes 30] [--browser chromium|firefox|all] [--html path]
//                                                [--store empty|year] [--json]
//
// Opens dist/minsheng.html#at=2023-12-31&panel=grid (every item: the grid's
// largest) in a fresh profile with --store planted (scripts/bench-store.mjs),
// then pastes N blocks into the 完成值 column from the first row: the first 50
// targets' values (blank lines on the subsidy rows between), each paste's
// values different from the last, so each is one change set of 50 edits. For
// each paste, inside the page:
//   t0 = performance.now(); input.dispatchEvent(paste with a DataTransfer holding text/plain)
//   then, right after the dispatch, on every DOM mutation and every animation frame,
//   until BOTH hold:
//     saved  the head (the commit point) was written to localStorage (bench-store.mjs hookCommits)
//     shown  the 50th target's field shows its new value
// Prints p50/p95/max per measure; --json: one JSON line per browser.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";
import { hookCommits, plant, STORES } from "./bench-store.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    pastes: { type: "string", default: "30" },
    values: { type: "string", default: "50" },
    browser: { type: "string", default: "chromium" },
    html: { type: "string", default: process.env.E2E_HTML || "dist/minsheng.html" },
    timeout: { type: "string", default: "30000" },
    store: { type: "string", default: "empty" },
    json: { type: "boolean", default: false },
  },
});
if (!STORES.includes(opts.store)) {
  console.error(`bench-grid: --store must be one of ${STORES.join(", ")}`);
  process.exit(1);
}
const PASTES = Number(opts.pastes);
const VALUES = Number(opts.values);
const TIMEOUT = Number(opts.timeout);
const HTML_PATH = resolve(ROOT, opts.html);
const URL = pathToFileURL(HTML_PATH).href;
if (!existsSync(HTML_PATH)) {
  console.error(`bench-grid: ${HTML_PATH} missing: run \`bash build.sh\` first`);
  process.exit(1);
}
const LAUNCHERS = Object.fromEntries(BROWSERS.map((b) => [b.name, b.launch]));
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** In the page: paste round `round`'s block into the first 完成值 cell, timed until saved and shown. */
function timedPaste({ round, values, timeout }) {
  return new Promise((resolvePromise, reject) => {
    const cells = [...document.querySelectorAll('#grid input.grid-input[data-col="0"]')].slice(0, values);
    if (cells.length < values) return reject(new Error(`the grid has ${cells.length} 完成值 cells, not ${values}`));
    const targetRows = new Set(cells.map((c) => Number(c.dataset.row)));
    const last = Number(cells.at(-1).dataset.row);
    const valueOf = (row) => String(100 + row + round);
    let text = "";
    for (let row = 0; row <= last; row++) text += (targetRows.has(row) ? valueOf(row) : "") + "\r\n";
    const want = valueOf(last);
    const lastCell = cells.at(-1);
    const before = window.__commits;
    let savedAt = null;
    let shownAt = null;
    let done = false;
    let raf = 0;
    const check = () => {
      if (done) return;
      const now = performance.now();
      if (savedAt === null && window.__commits > before) savedAt = now;
      if (shownAt === null && lastCell.value === want) shownAt = now;
      if (savedAt !== null && shownAt !== null) {
        done = true;
        observer.disconnect();
        cancelAnimationFrame(raf);
        resolvePromise({ both: Math.max(savedAt, shownAt) - t0, saved: savedAt - t0, shown: shownAt - t0 });
      } else if (now - t0 > timeout) {
        done = true;
        observer.disconnect();
        reject(new Error(`paste ${round} not saved+shown after ${timeout} ms (saved=${savedAt !== null}, shown=${shownAt !== null}, message=${document.querySelector("#grid-message")?.textContent})`));
      }
    };
    const frame = () => {
      check();
      if (!done) raf = requestAnimationFrame(frame);
    };
    const observer = new MutationObserver(check);
    observer.observe(document.getElementById("grid"), { subtree: true, childList: true, characterData: true, attributes: true });
    cells[0].focus();
    const data = new DataTransfer();
    data.setData("text/plain", text);
    // Chromium takes the DataTransfer; Firefox builds its own from dataType and data.
    const event = new ClipboardEvent("paste", { clipboardData: data, dataType: "text/plain", data: text, bubbles: true, cancelable: true });
    const t0 = performance.now();
    cells[0].dispatchEvent(event);
    check();
    if (!done) raf = requestAnimationFrame(frame);
  });
}

async function bench(browserName) {
  const userDataDir = mkdtempSync(join(os.tmpdir(), `minsheng-bench-grid-${browserName}-`));
  const browser = await LAUNCHERS[browserName](userDataDir);
  try {
    const version = await browser.version();
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(hookCommits);
    await plant(page, `${URL}#at=2023-12-31&panel=grid`, opts.store, TIMEOUT);
    await page.waitForSelector("#grid input.grid-input", { timeout: TIMEOUT });
    const results = [];
    for (let round = 1; round <= PASTES; round++) {
      results.push(await page.evaluate(timedPaste, { round, values: VALUES, timeout: TIMEOUT }));
    }
    const message = await page.$eval("#grid-message", (el) => el.textContent);
    return { version, results, message };
  } finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const browsers = opts.browser === "all" ? ["chromium", "firefox"] : [opts.browser];
const log = opts.json ? () => {} : console.log;
log(`bench-grid: ${PASTES} pastes of ${VALUES} values into the 填报 grid (all items), ${HTML_PATH}, store ${opts.store}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const b of browsers) {
  if (!LAUNCHERS[b]) {
    console.error(`bench-grid: unknown browser ${b} (chromium, firefox, all)`);
    process.exit(1);
  }
  const { version, results, message } = await bench(b);
  const figures = {};
  for (const m of ["both", "saved", "shown"]) {
    const xs = results.map((r) => r[m]).sort((x, y) => x - y);
    figures[m] = { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs[xs.length - 1] };
  }
  if (opts.json) {
    console.log(JSON.stringify({ bench: "grid", browser: b, version, html: opts.html, store: opts.store, pastes: PASTES, values: VALUES, figures }));
    continue;
  }
  log(`\n${b} (${version}); last message: ${message}`);
  for (const m of ["both", "saved", "shown"]) {
    const label = { both: "paste → saved + shown", saved: "paste → saved", shown: "paste → shown" }[m];
    log(`  ${label.padEnd(22)} p50 ${fmt(figures[m].p50)}  p95 ${fmt(figures[m].p95)}  max ${fmt(figures[m].max)}`);
  }
}
