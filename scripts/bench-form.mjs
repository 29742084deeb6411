#!/usr/bin/env node
// 填报表 import benchmark (#16: importing a filled 填报表 for 50 items ≤ 200 ms):
// every unit's form exported from the 填报 grid, every row filled by openpyxl
// (tests/support/fill_form.py: each target's 完成值, each subsidy's 已惠及; the
// sample's items that have a figure to fill, all 50 but the few without), then
// picked N times in 导入数据, in headless Chromium (and optionally Firefox ESR), from file://.
//
//   bash build.sh && node scripts/bench-form.mjs [--imports 20] [--browser chromium|firefox|all] [--store empty|year] [--json]
//
// For each import, inside the page:
//   t0 = the input's `change` (a capture listener on window, before the app's own)
//   read = the import dialog is in the DOM with its change rows (the file read, checked
//          cell by cell, turned into a copy, merged with the local history, rows listed)
// then 取消. Once at the end, 确认合并 → saved + the grid shows the values (apply).
// Prints p50/p95/max; --json: one JSON line per browser.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { HTML_PATH, launchBrowser } from "../tests/e2e/harness.mjs";
import { hookCommits, plant, STORES } from "./bench-store.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    imports: { type: "string", default: "20" },
    browser: { type: "string", default: "chromium" },
    timeout: { type: "string", default: "30000" },
    store: { type: "string", default: "empty" },
    json: { type: "boolean", default: false },
  },
});
if (!STORES.includes(opts.store)) {
  console.error(`bench-form: --store must be one of ${STORES.join(", ")}`);
  process.exit(1);
}
const IMPORTS = Number(opts.imports);
const TIMEOUT = Number(opts.timeout);
const URL = `${pathToFileURL(HTML_PATH).href}#at=2023-12-31&panel=grid`;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** The exported form with every row (`keys`) filled: the path of the copy. */
function fill(path, keys) {
  const out = join(mkdtempSync(join(os.tmpdir(), "minsheng-bench-form-")), "填报表.xlsx");
  const cells = Object.fromEntries(keys.map((k, i) => [k, k.includes("-t") ? { 完成值: 1 + i } : { "已惠及（人）": 1 + i }]));
  execFileSync(join(ROOT, ".venv-tests/bin/python"), [join(ROOT, "tests/support/fill_form.py"), path, out, JSON.stringify({ cells })]);
  return out;
}

/** In the page: arm the timer; resolved when the dialog lists its changes. */
function armTimer({ timeout }) {
  window.__importTimes = new Promise((resolvePromise, reject) => {
    let t0 = null;
    window.addEventListener("change", (ev) => { if (ev.target.id === "import-file") t0 = performance.now(); }, { capture: true, once: true });
    const started = performance.now();
    const check = () => {
      if (t0 !== null && document.querySelector("#import-dialog #import-changes tr.import-change")) {
        observer.disconnect();
        resolvePromise({ read: performance.now() - t0 });
      } else if (performance.now() - started > timeout) {
        observer.disconnect();
        reject(new Error(`no import dialog after ${timeout} ms: ${document.querySelector("#import-refused")?.textContent ?? ""}`));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true });
  });
}

async function bench(browserName) {
  const fresh = await launchBrowser(browserName, { downloads: true });
  try {
    const version = await fresh.browser.version();
    const page = await fresh.browser.newPage();
    await page.evaluateOnNewDocument(hookCommits);
    await plant(page, URL, opts.store, TIMEOUT);
    await page.waitForSelector("#grid-export", { timeout: TIMEOUT });
    await page.click("#grid-export");
    const form = await fresh.waitForDownload("#grid-export", { timeout: TIMEOUT });
    const keys = await page.$$eval("#grid tr.grid-row", (rows) => rows.map((r) => r.dataset.key));
    const items = new Set(keys.map((k) => k.split("-")[0])).size;
    const filled = fill(form.path, keys);
    const results = [];
    for (let i = 0; i < IMPORTS; i++) {
      await page.evaluate(armTimer, { timeout: TIMEOUT });
      const input = await page.$("input#import-file");
      await input.uploadFile(filled);
      results.push(await page.evaluate(() => window.__importTimes));
      const rows = await page.$$eval("#import-changes tr.import-change", (trs) => trs.length);
      if (rows < keys.length) throw new Error(`the dialog lists ${rows} changes, not ${keys.length}`);
      await page.click("#import-cancel");
      await page.waitForFunction(() => !document.querySelector("#import-dialog"), { timeout: TIMEOUT });
    }
    return { version, results, items, values: keys.length };
  } finally {
    await fresh.close();
  }
}

const browsers = opts.browser === "all" ? ["chromium", "firefox"] : [opts.browser];
const log = opts.json ? () => {} : console.log;
log(`bench-form: ${IMPORTS} imports of every unit's 填报表 filled, ${HTML_PATH}, store ${opts.store}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const b of browsers) {
  const { version, results, items, values } = await bench(b);
  const xs = results.map((r) => r.read).sort((x, y) => x - y);
  const figures = { read: { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs[xs.length - 1] } };
  if (opts.json) {
    console.log(JSON.stringify({ bench: "form", browser: b, version, store: opts.store, imports: IMPORTS, items, values, figures }));
    continue;
  }
  log(`\n${b} (${version}); ${values} values of ${items} items`);
  log(`  pick → dialog with its changes  p50 ${fmt(figures.read.p50)}  p95 ${fmt(figures.read.p95)}  max ${fmt(figures.read.max)}`);
}
