#!/usr/bin/env node
// Import benchmark: a year-sized snapshot (daily notes on all 50 items, ~18k
// changes, ~5 MB) imported into an empty copy, from file://.
//
//   bash build.sh && node scripts/bench-import.mjs [--browser chromium|firefox|all] [--runs 3] [--html path]
//
// Each run opens dist/minsheng.html in a fresh profile, picks the file in
// input#import-file and measures, in the page (performance.now):
//   check   from the input's change event to the dialog shown (file read,
//           validated, merged with the local copy, changes listed)
//   apply   from the click on #import-apply to the imported banner (backup,
//           the merged state in place, lights recomputed), plus the save that
//           follows in the same task
// Prints each run and the median.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser, openApp, BROWSERS } from "../tests/e2e/harness.mjs";

const { values: opts } = parseArgs({
  options: {
    browser: { type: "string", default: "all" },
    runs: { type: "string", default: "3" },
  },
});
const HASH = "3f3298e0f460c17a";

/** A year of daily notes on every item, as a snapshot file. */
function yearSnapshot() {
  const items = {};
  const history = [];
  const day = new Date(Date.UTC(2023, 0, 1));
  for (let d = 0; d < 365; d++, day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    for (let no = 1; no <= 50; no++) {
      const at = `${date}T09:${String(no).padStart(2, "0")}:00`;
      const note = `第${d + 1}天：已召开推进会，完成阶段性工作${(d % 7) + 1}项。`;
      const item = (items[no] ??= {});
      history.push({ at, unit: "区残联", item: no, field: "note", old: item.note ?? null, new: note });
      item.note = note;
      item.updated = at;
      item.updated_by = "区残联";
    }
  }
  return {
    format: "minsheng-snapshot",
    format_version: 1,
    app_version: "0.1.0",
    notice: HASH,
    notice_title: "关于印发相山区2023年实施50项民生实事的通知",
    exported_at: "2023-12-31T18:00:00",
    unit: "区残联",
    progress: { items, settings: { unit: "区残联", yellow_lag: 10, red_lag: 30 }, history },
  };
}

const dir = mkdtempSync(join(os.tmpdir(), "minsheng-bench-import-"));
const file = join(dir, "相山区民生实事_2023-12-31_区残联.json");
const text = JSON.stringify(yearSnapshot(), null, 2);
writeFileSync(file, text);
console.log(`snapshot: ${Buffer.byteLength(text)} bytes, ${365 * 50} changes`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const names = opts.browser === "all" ? BROWSERS.map((b) => b.name) : [opts.browser];
try {
  for (const name of names) {
    const checks = [];
    const applies = [];
    for (let run = 0; run < Number(opts.runs); run++) {
      const fresh = await launchBrowser(name);
      try {
        const app = await openApp(fresh);
        const { page } = app;
        await page.evaluate(() => {
          window.__t = {};
          document.querySelector("#import-file").addEventListener("change", () => (window.__t.picked = performance.now()), { capture: true });
          new MutationObserver(() => {
            if (!window.__t.shown && document.querySelector("#import-dialog #import-apply")) window.__t.shown = performance.now();
            if (!window.__t.imported && document.querySelector('#banners [data-banner="imported"]')) window.__t.imported = performance.now();
          }).observe(document.body, { childList: true, subtree: true });
        });
        await (await page.$("#import-file")).uploadFile(file);
        await page.waitForFunction(() => window.__t.shown, { timeout: 60_000 });
        await page.evaluate(() => {
          window.__t.click = performance.now();
          document.querySelector("#import-apply").click();
        });
        await page.waitForFunction(() => window.__t.imported, { timeout: 60_000 });
        const t = await page.evaluate(() => window.__t);
        checks.push(t.shown - t.picked);
        applies.push(t.imported - t.click);
        console.log(`${name} run ${run + 1}: check ${(t.shown - t.picked).toFixed(0)} ms, apply ${(t.imported - t.click).toFixed(0)} ms`);
      } finally {
        await fresh.close();
      }
    }
    console.log(`${name} median: check ${median(checks).toFixed(0)} ms, apply ${median(applies).toFixed(0)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
