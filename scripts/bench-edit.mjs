#!/usr/bin/env node
// Edit benchmark: how long from committing an edit until it is saved AND shown,
// in headless Chromium (and optionally Firefox ESR), from file://.
//
//   bash build.sh && node scripts/bench-edit.mjs [--edits 100] [--browser chromium|firefox|all] [--html path[,path…]]
//                                                [--store empty|year] [--json] [--profile out.cpuprofile]
//
// --html takes several files (`--html dist/minsheng.html,target/previous-layout/minsheng.html`):
// each is opened in its own browser and profile, all kept open, and their edits
// alternate (one edit in each file, then the next round), so the machine's load
// drifting during the run weighs on all of them alike; ratios against the first.
//
// Opens dist/minsheng.html#item=7 in a fresh profile with --store planted
// (scripts/bench-store.mjs: empty, or a year of daily edits plus backups as
// release 0.1 stored them, migrated by a newer build before measuring), sets the
// target row's day to 2023-12-31, then makes N edits of item 7's (only) target
// value, each to a share at least 1 point from the previous one (10 %…89 %), so
// every edit is saved and changes the shown percent. For
// each edit, inside the page (no protocol round trip in the measurement):
//   t0 = performance.now(); input.value = v; input.dispatchEvent(change)
//   then, checked synchronously right after the dispatch, on every DOM mutation and
//   every animation frame, until BOTH hold:
//     saved  the record's commit point was written to localStorage (schema 2: the
//            record, schema 3: the head, written last), counted by a setItem hook
//            installed before any page script (bench-store.mjs hookCommits), so
//            any layout is seen the moment its save lands, at no cost to it
//     shown  the row's .target-share text shows the new share (percent of the target
//            as the app prints it, "{:.0}%")
//   The time is taken when both are first seen; "saved" and "shown" times are
//   reported separately too. rAF polling means a change that lands between frames
//   is seen at the next frame (≤ ~16 ms late) unless a mutation or the synchronous
//   check sees it first.
// Prints p50/p95/max per measure, and at the end the bytes of localStorage used by
// keys starting with "minsheng:" by schema (key + value, UTF-16: 2 bytes per code
// unit, the way browsers count their quota). --profile (Chromium): a CPU profile of the
// edits (sampled every 100 µs; open it in DevTools, or `node scripts/profile-top.mjs` for
// the functions by own time; a build with names: see BENCHMARKS.md). --json: one JSON line per browser. Firefox rounds
// performance.now() to 1 ms (reduced timer precision), so its figures are coarse.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";
import { hookCommits, plant, storedBytes, STORES } from "./bench-store.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    edits: { type: "string", default: "100" },
    browser: { type: "string", default: "chromium" },
    html: { type: "string", default: process.env.E2E_HTML || "dist/minsheng.html" },
    timeout: { type: "string", default: "30000" },
    store: { type: "string", default: "empty" },
    json: { type: "boolean", default: false },
    profile: { type: "string" },
  },
});
if (!STORES.includes(opts.store)) {
  console.error(`bench-edit: --store must be one of ${STORES.join(", ")}`);
  process.exit(1);
}
const EDITS = Number(opts.edits);
const TIMEOUT = Number(opts.timeout);
const HTMLS = opts.html.split(",").map((h) => h.trim());
const ITEM = 7;
const TARGET_VALUE = 797; // item 7's target (为797名残疾人提供康复救助)
for (const html of HTMLS) {
  if (!existsSync(resolve(ROOT, html))) {
    console.error(`bench-edit: ${resolve(ROOT, html)} missing: run \`bash build.sh\` first`);
    process.exit(1);
  }
}
if (!(EDITS >= 1)) {
  console.error("bench-edit: --edits must be a positive number");
  process.exit(1);
}

// The browsers and launch flags of the e2e harness (Debian's, never downloaded).
const LAUNCHERS = Object.fromEntries(BROWSERS.map((b) => [b.name, b.launch]));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** In the page: one edit, timed until saved and shown. */
function timedEdit({ row, value, expectShare, timeout }) {
  return new Promise((resolvePromise, reject) => {
    const input = document.querySelector(`#item-detail .target-row[data-target="${row.target}"] input.target-value`);
    const share = () => document.querySelector(`#item-detail .target-row[data-target="${row.target}"] .target-share`)?.textContent ?? "";
    const date = document.querySelector(`#item-detail .target-row[data-target="${row.target}"] input.target-date`);
    if (!input || !date) return reject(new Error("no target row in the open detail"));
    const revisionOf = () => window.__commits;
    const before = revisionOf();
    if (share().includes(expectShare)) return reject(new Error(`.target-share already shows ${expectShare} before the edit`));
    let savedAt = null;
    let shownAt = null;
    let done = false;
    let observer = null;
    let raf = 0;
    let phase = "mutation"; // where both were first seen: "sync" (right after dispatch), "mutation" or "frame"
    const check = () => {
      if (done) return;
      const now = performance.now();
      if (savedAt === null && revisionOf() > before) savedAt = now;
      if (shownAt === null && share().includes(expectShare)) shownAt = now;
      if (savedAt !== null && shownAt !== null) {
        done = true;
        observer?.disconnect();
        cancelAnimationFrame(raf);
        resolvePromise({ both: Math.max(savedAt, shownAt) - t0, saved: savedAt - t0, shown: shownAt - t0, phase });
      } else if (now - t0 > timeout) {
        done = true;
        observer?.disconnect();
        reject(new Error(`edit to ${value} not saved+shown after ${timeout} ms (saved=${savedAt !== null}, shown=${shownAt !== null}, share="${share()}")`));
      }
    };
    const frame = () => {
      phase = "frame";
      check();
      if (!done) raf = requestAnimationFrame(frame);
    };
    observer = new MutationObserver(check);
    observer.observe(document.getElementById("item-detail"), { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    phase = "sync";
    check();
    phase = "mutation";
    if (!done) raf = requestAnimationFrame(frame);
  });
}

/** One file in its own browser and profile, the store planted, item 7's detail open at the row's day. */
async function open(browserName, html) {
  const url = `${pathToFileURL(resolve(ROOT, html)).href}#item=${ITEM}`;
  const userDataDir = mkdtempSync(join(os.tmpdir(), `minsheng-bench-edit-${browserName}-`));
  const browser = await LAUNCHERS[browserName](userDataDir);
  const session = { html, browser, userDataDir, results: [], k: 0 };
  session.version = await browser.version();
  const page = (session.page = await browser.newPage());
  await page.evaluateOnNewDocument(hookCommits);
  session.before = await plant(page, url, opts.store, TIMEOUT);
  await page.waitForSelector(`#item-detail[data-no="${ITEM}"] .target-row input.target-value`, { timeout: TIMEOUT });
  const rows = await page.$$eval(`#item-detail .target-row`, (els) => els.length);
  if (rows < 1) throw new Error(`item ${ITEM} has no target row`);
  // The row's day (the value is recorded for it; the last day of the stored year, so the
  // shown share is the edited one): set once, not measured.
  await page.$eval(`#item-detail .target-row[data-target="0"] input.target-date`, (el) => {
    el.value = "2023-12-31";
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector(`#item-detail .target-row[data-target="0"] input.target-date`)?.value === "2023-12-31", { timeout: TIMEOUT });
  return session;
}

/** The session's next measured edit. */
async function editOnce(session) {
  const shown = () => session.page.$eval(`#item-detail .target-row[data-target="0"] .target-share`, (e) => e.textContent);
  for (;;) {
    // Shares 10 %…89 %, consecutive edits ≥ 1 point apart, so the shown percent always changes
    // (a share the stored year already shows for that day is skipped).
    const pct = 10 + ((session.k++ * 37) % 80);
    const value = Math.round((TARGET_VALUE * pct) / 100);
    const expectShare = `${Math.round((value / TARGET_VALUE) * 100)}%`;
    if ((await shown()).includes(expectShare)) continue;
    session.results.push(await session.page.evaluate(timedEdit, { row: { target: 0 }, value, expectShare, timeout: TIMEOUT }));
    return;
  }
}

async function bench(browserName) {
  const sessions = [];
  try {
    for (const html of HTMLS) sessions.push(await open(browserName, html));
    const first = sessions[0];
    const profiler = opts.profile && browserName === "chromium" ? await first.page.createCDPSession() : null;
    if (profiler) {
      await profiler.send("Profiler.enable");
      await profiler.send("Profiler.setSamplingInterval", { interval: 100 });
      await profiler.send("Profiler.start");
    }
    for (let i = 0; i < EDITS; i++) for (const session of sessions) await editOnce(session);
    if (profiler) writeFileSync(opts.profile, JSON.stringify((await profiler.send("Profiler.stop")).profile));
    // The last save's writes are done: the last edit was seen saved.
    for (const session of sessions) session.storage = await storedBytes(session.page);
    return sessions;
  } finally {
    for (const session of sessions) {
      await session.browser.close();
      rmSync(session.userDataDir, { recursive: true, force: true });
    }
  }
}

const browsers = opts.browser === "all" ? ["chromium", "firefox"] : [opts.browser];
for (const b of browsers) {
  if (!LAUNCHERS[b]) {
    console.error(`bench-edit: unknown browser ${b} (chromium, firefox, all)`);
    process.exit(1);
  }
}
const log = opts.json ? () => {} : console.log;
log(`bench-edit: ${EDITS} edits of item ${ITEM}'s target value, ${HTMLS.join(" and ")}${HTMLS.length > 1 ? ", alternating" : ""}, store ${opts.store}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const figuresOf = (results) => {
  const figures = {};
  for (const m of ["both", "saved", "shown"]) {
    const xs = results.map((r) => r[m]).sort((x, y) => x - y);
    figures[m] = { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: xs[xs.length - 1] };
  }
  return figures;
};
for (const b of browsers) {
  const sessions = await bench(b);
  for (const { html, version, results, storage, before } of sessions) {
    const figures = figuresOf(results);
    if (opts.json) {
      console.log(JSON.stringify({ bench: "edit", browser: b, version, html, store: opts.store, edits: EDITS, figures, storedBefore: before, storedAfter: storage }));
      continue;
    }
    log(`\n${b} (${version}), ${html}`);
    for (const m of ["both", "saved", "shown"]) {
      const label = { both: "edit → saved + shown", saved: "edit → saved", shown: "edit → shown" }[m];
      log(`  ${label.padEnd(22)} p50 ${fmt(figures[m].p50)}  p95 ${fmt(figures[m].p95)}  max ${fmt(figures[m].max)}`);
    }
    const phases = results.reduce((m, r) => ({ ...m, [r.phase]: (m[r.phase] ?? 0) + 1 }), {});
    log(`  both first seen: ${Object.entries(phases).map(([k, n]) => `${k} ${n}`).join(", ")} (sync = already true when dispatchEvent returned)`);
    log(`  localStorage minsheng:* before the edits, by schema: ${JSON.stringify(before)} bytes; after: ${JSON.stringify(storage)}`);
  }
  for (const other of sessions.slice(1)) {
    const [x, y] = [figuresOf(other.results).both, figuresOf(sessions[0].results).both];
    log(`${b}: ${other.html} / ${sessions[0].html}: p50 ${(x.p50 / y.p50).toFixed(2)}×, p95 ${(x.p95 / y.p95).toFixed(2)}×`);
  }
}
