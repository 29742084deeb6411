#!/usr/bin/env node
// Opening a 200-item .docx notice (tests/data/sources/big.docx, written by
// tests/data/sources/make.py) to its preview in 打开通知, in Chromium and
// Firefox (#12: ≤ 300 ms). Measured in the page: from the file input's
// `change` event to the preview showing 200 items (reading the file's bytes,
// unzipping, reading the XML, the parse and the preview's rendering).
//
//   bash build.sh && node scripts/bench-open-notice.mjs [--runs 10] [--browser chromium|firefox|all]

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BROWSERS } from "../tests/e2e/harness.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "10" }, browser: { type: "string", default: "all" } } });
const HTML = join(ROOT, "dist/minsheng.html");
const DOCX = join(ROOT, "tests/data/sources/big.docx");
if (!existsSync(HTML)) {
  console.error("bench-open-notice: dist/minsheng.html missing: run `bash build.sh` first");
  process.exit(1);
}
const browsers = opts.browser === "all" ? BROWSERS : BROWSERS.filter((b) => b.name === opts.browser);
for (const b of browsers) {
  const dir = mkdtempSync(join(os.tmpdir(), "bench-open-notice-"));
  const browser = await b.launch(dir);
  const times = [];
  for (let i = 0; i < Number(opts.runs); i++) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(HTML).href, { waitUntil: "load" });
    await page.waitForSelector('#app[data-ready="1"]');
    await page.click("#open-notice");
    await page.waitForSelector("#open-notice-file");
    await page.evaluate(() => {
      window.__t0 = null;
      document.querySelector("#open-notice-file").addEventListener("change", () => (window.__t0 = performance.now()), { capture: true });
    });
    const input = await page.$("#open-notice-file");
    await input.uploadFile(DOCX);
    const ms = await page.evaluate(
      () =>
        new Promise((done) => {
          const check = () => {
            if (document.querySelector("#open-notice-preview .preview-items")?.textContent === "200") done(performance.now() - window.__t0);
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    times.push(ms);
    await page.close();
  }
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((x, y) => x - y);
  console.log(`${b.name}: ${DOCX.split("/").pop()} (200 items) to its preview: median ${times[times.length >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}, ${times.length} runs)`);
}
