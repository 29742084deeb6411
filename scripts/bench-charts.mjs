#!/usr/bin/env node
// Chart redraw benchmark: time to recompute and redraw all five charts after one edit.
//
//   bash build.sh && node scripts/bench-charts.mjs [--runs 20] [--browser chromium|firefox|all] [--dpr 1,2]
//
// Opens dist/minsheng.html#item=7&panel=charts (item 7's editor and the charts), then
// edits item 7's first target `runs` times (400, 401, …: each a real edit through the
// editor). The app measures performance.now() around the series + drawing of all
// charts and writes it to #charts[data-redraw-ms]; this reads it after each edit.
// #charts[data-redraws] counts the redraws (each edit must cause exactly one).
// Prints median/min/max per browser and devicePixelRatio (the canvases' backing
// stores grow with it).

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    browser: { type: "string", default: "chromium" },
    dpr: { type: "string", default: "1,2" },
    html: { type: "string", default: process.env.E2E_HTML || "dist/minsheng.html" },
  },
});
const HTML_PATH = resolve(ROOT, opts.html);
if (!existsSync(HTML_PATH)) {
  console.error(`bench-charts: ${HTML_PATH} missing: run \`bash build.sh\` first`);
  process.exit(1);
}
const URL = `${pathToFileURL(HTML_PATH).href}#item=7&panel=charts`;

// The browsers and launch flags of the e2e harness (Debian's, never downloaded).
const LAUNCHERS = Object.fromEntries(BROWSERS.map((b) => [b.name, b.launch]));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: mid, min: s[0], max: s[s.length - 1] };
};

async function bench(name, dpr) {
  const dir = mkdtempSync(join(os.tmpdir(), "minsheng-bench-charts-"));
  const browser = await LAUNCHERS[name](dir);
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: dpr });
    await page.goto(URL, { waitUntil: "load" });
    await page.waitForSelector("#charts[data-redraw-ms]", { timeout: 30_000 });
    await page.waitForSelector('.target-row[data-target="0"] input.target-value', { timeout: 30_000 });
    const times = [];
    for (let i = 0; i <= Number(opts.runs); i++) {
      const before = await page.$eval("#charts", (el) => Number(el.dataset.redraws));
      await page.$eval('.target-row[data-target="0"] input.target-value', (el, v) => {
        el.value = v;
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }, String(400 + i));
      await page.waitForFunction((n) => Number(document.querySelector("#charts").dataset.redraws) > n, { timeout: 10_000 }, before);
      const ms = await page.$eval("#charts", (el) => Number(el.dataset.redrawMs));
      if (i > 0) times.push(ms); // the first edit warms up
    }
    const scale = await page.$eval("#charts canvas", (c) => c.dataset.scale);
    const version = await browser.version();
    return { name, dpr, scale, version, ...stats(times), runs: times.length };
  } finally {
    await browser.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const browsers = opts.browser === "all" ? Object.keys(LAUNCHERS) : [opts.browser];
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const b of browsers) {
  for (const dpr of opts.dpr.split(",").map(Number)) {
    const r = await bench(b, dpr);
    console.log(`${r.name} (${r.version}) devicePixelRatio ${r.scale}: redraw all charts after one edit: median ${r.median.toFixed(2)} ms, min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)} (${r.runs} edits)`);
  }
}
