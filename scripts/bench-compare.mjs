#!/usr/bin/env node
// The persistence figures of #10 in one run: open → ready and edit → saved +
// shown, with an empty store and with a year of daily edits plus backups
// stored (scripts/bench-store.mjs), for this build and for release 0.1's file
// (tests/data/release-0.1/minsheng.html, the previous layout), in Chromium and
// Firefox. Every figure comes from bench-load.mjs / bench-edit.mjs run here,
// interleaved, so both builds see the same machine.
//
//   bash build.sh && node scripts/bench-compare.mjs [--runs 10] [--edits 100] [--browser all|chromium|firefox]
//
// Prints a Markdown table (for BENCHMARKS.md) with the ratios the issue asks
// for: year/empty for this build, and this build/release 0.1 per cell.

import { execFileSync } from "node:child_process";
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
const BUILDS = { current: "dist/minsheng.html", "release 0.1": "tests/data/release-0.1/minsheng.html" };
const browsers = opts.browser === "all" ? ["chromium", "firefox"] : [opts.browser];

function run(script, args) {
  const out = execFileSync(process.execPath, [resolve(ROOT, "scripts", script), ...args, "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  return out.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

const results = [];
for (const browser of browsers) {
  for (const store of ["empty", "year"]) {
    for (const [build, html] of Object.entries(BUILDS)) {
      process.stderr.write(`${browser} ${store} ${build}: load…`);
      const [load] = run("bench-load.mjs", ["--browser", browser, "--store", store, "--html", html, "--runs", opts.runs]);
      process.stderr.write(" edit…");
      const [edit] = run("bench-edit.mjs", ["--browser", browser, "--store", store, "--html", html, "--edits", opts.edits]);
      process.stderr.write(" done\n");
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
  row("release 0.1: year / empty", get(b, "year", "release 0.1"), get(b, "empty", "release 0.1"));
  row("empty: current / release 0.1", get(b, "empty", "current"), get(b, "empty", "release 0.1"));
  row("year: current / release 0.1", get(b, "year", "current"), get(b, "year", "release 0.1"));
}
