#!/usr/bin/env node
// What Chromium's first localStorage read in a page costs, by what the
// file:// origin holds (any page's keys: Chromium shares one store across
// file:// pages, and loads all of it on a page's first read). Not the app:
// a blank page, so the figure is the floor under the app's opening.
//
//   node scripts/bench-first-read.mjs [--runs 9]

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const dir = mkdtempSync(join(os.tmpdir(), "first-read-"));
const page = join(dir, "first.html");
writeFileSync(page, `<!doctype html><meta charset=utf-8><script>
const t0 = performance.now(); localStorage.getItem("nothing"); window.__first = performance.now() - t0;
</script>`);
const url = pathToFileURL(page).href;
const chromium = BROWSERS.find((b) => b.name === "chromium");
const cases = [["nothing stored", 0, 0], ["350 K characters in 134 keys", 134, 350_000], ["700 K characters in 134 keys", 134, 700_000], ["700 K characters in 4 keys", 4, 700_000], ["1.4 M characters in 1 key", 1, 1_400_000]];
for (const [label, keys, total] of cases) {
  const profile = join(dir, `profile-${keys}-${total}`);
  mkdirSync(profile);
  const browser = await chromium.launch(profile);
  const setup = await browser.newPage();
  await setup.goto(url);
  await setup.evaluate((keys, total) => {
    const per = Math.floor(total / Math.max(keys, 1));
    for (let i = 0; i < keys; i++) localStorage.setItem(`k${i}`, "x".repeat(per - 10) + String(i).padStart(10, "0"));
  }, keys, total);
  await setup.close();
  const times = [];
  for (let i = 0; i < Number(opts.runs); i++) {
    const p = await browser.newPage();
    await p.goto(url);
    times.push(await p.evaluate(() => window.__first));
    await p.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[times.length >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`);
}
rmSync(dir, { recursive: true, force: true });
