#!/usr/bin/env node
// The persistence figures of #10 in one run: open → ready and edit → saved +
// shown, with an empty store and with a year of daily edits plus backups
// stored (scripts/bench-store.mjs), in Chromium and Firefox, for three files:
//   current          dist/minsheng.html
//   previous layout  today's app with release 0.1's stored layout (built by
//                    scripts/build-previous-layout.sh: the Cargo feature
//                    `previous-layout`), so the layout is the only difference
//   release 0.1      tests/data/release-0.1/minsheng.html (the previous layout
//                    and the previous app: smaller, fewer features)
// Every figure comes from bench-load.mjs (all files and stores in one run, their
// opens alternating) and bench-edit.mjs (all files in one run per store, their
// edits alternating), so all see the same machine at the same time.
//
//   bash build.sh && bash scripts/build-previous-layout.sh &&
//   node scripts/bench-compare.mjs [--runs 10] [--edits 100] [--browser all|chromium|firefox]
//
// Prints Markdown tables (for BENCHMARKS.md) with the ratios the issue asks
// for: year/empty for this build, and this build against the previous layout
// (and against release 0.1) per cell.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    edits: { type: "string", default: "100" },
    browser: { type: "string", default: "all" },
  },
});
const BUILDS = {
  current: "dist/minsheng.html",
  "previous layout": "target/previous-layout/minsheng.html",
  "release 0.1": "tests/data/release-0.1/minsheng.html",
};
for (const html of Object.values(BUILDS)) {
  if (!existsSync(resolve(ROOT, html))) {
    console.error(`bench-compare: ${html} is missing: run bash build.sh and bash scripts/build-previous-layout.sh first`);
    process.exit(1);
  }
}
const browsers = opts.browser === "all" ? ["chromium", "firefox"] : [opts.browser];

function run(script, args) {
  const out = execFileSync(process.execPath, [resolve(ROOT, "scripts", script), ...args, "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  return out.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

const STORES = ["empty", "year"];
const results = [];
for (const browser of browsers) {
  process.stderr.write(`${browser}: load, every file and store alternating…`);
  const htmls = Object.values(BUILDS).join(",");
  const loads = run("bench-load.mjs", ["--browser", browser, "--store", STORES.join(","), "--html", htmls, "--runs", opts.runs]);
  process.stderr.write(" done\n");
  for (const store of STORES) {
    process.stderr.write(`${browser} ${store}: edits, every file alternating…`);
    const edits = run("bench-edit.mjs", ["--browser", browser, "--store", store, "--html", htmls, "--edits", opts.edits]);
    process.stderr.write(" done\n");
    for (const [build, html] of Object.entries(BUILDS)) {
      const load = loads.find((l) => l.html === html && l.store === store);
      const edit = edits.find((e) => e.html === html);
      results.push({ browser, store, build, load, edit });
    }
  }
}

const get = (browser, store, build) => results.find((r) => r.browser === browser && r.store === store && r.build === build);
const f1 = (x) => x.toFixed(1);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");
const bytes = (stored) => Object.entries(stored ?? {}).map(([schema, n]) => `${schema} ${(n / 1e6).toFixed(2)} MB`).join(", ") || "0";

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim()}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${new Date().toISOString()}`);
console.log(`${opts.runs} opens and ${opts.edits} edits per cell; ms; edit = edit → saved + shown (p50 / p95); ready = the "minsheng-ready" mark (median)\n`);
console.log("| browser | store | build | open → ready | loadEventEnd | edit p50 | edit p95 | stored after the edits |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of results) {
  const e = r.edit.figures.both;
  console.log(`| ${r.browser} | ${r.store} | ${r.build} | ${f1(r.load.ready.median)} | ${f1(r.load.load.median)} | ${f1(e.p50)} | ${f1(e.p95)} | ${bytes(r.edit.storedAfter)} |`);
}
console.log("\n| browser | ratio | open → ready | edit p50 | edit p95 |");
console.log("|---|---|---|---|---|");
for (const b of browsers) {
  const row = (label, x, y) =>
    console.log(`| ${b} | ${label} | ${ratio(x.load.ready.median, y.load.ready.median)} | ${ratio(x.edit.figures.both.p50, y.edit.figures.both.p50)} | ${ratio(x.edit.figures.both.p95, y.edit.figures.both.p95)} |`);
  row("current: year / empty", get(b, "year", "current"), get(b, "empty", "current"));
  row("previous layout: year / empty", get(b, "year", "previous layout"), get(b, "empty", "previous layout"));
  row("empty: current / previous layout", get(b, "empty", "current"), get(b, "empty", "previous layout"));
  row("year: current / previous layout", get(b, "year", "current"), get(b, "year", "previous layout"));
  row("empty: current / release 0.1", get(b, "empty", "current"), get(b, "empty", "release 0.1"));
  row("year: current / release 0.1", get(b, "year", "current"), get(b, "year", "release 0.1"));
}
