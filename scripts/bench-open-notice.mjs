#!/usr/bin/env node
// Opening a 200-item .docx notice (tests/data/sources/big.docx, written by
// tests/data/sources/make.py) to its preview in 打开通知, in Chromium and
// Firefox (#12: ≤ 300 ms). Measured in the page: from the file input's
// `change` event to the preview showing 200 items (reading the file's bytes,
// unzipping, reading the XML, the parse and the preview's rendering).
// Then 逐项核对与更正 on the same 200 items: the click to the editor's 200
// rows, and one correction (an item's units) to the row showing it.
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
  const [editorTimes, fixTimes] = [[], []];
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
    // Measured in the page: from the click (or the change event) until the rows show it, a frame later.
    const until = (start, done) =>
      page.evaluate(
        (start, done) =>
          new Promise((resolve) => {
            const t0 = performance.now();
            new Function(start)();
            const check = () => (new Function(`return ${done}`)() ? resolve(performance.now() - t0) : requestAnimationFrame(check));
            check();
          }),
        start,
        done,
      );
    editorTimes.push(await until(`document.querySelector("#open-notice-fix").click()`, `document.querySelectorAll("#notice-editor .fix-item").length === 200`));
    fixTimes.push(
      await until(
        `const i = document.querySelector('#notice-editor .fix-item[data-key="100"] .fix-units'); i.value = "县测试局"; i.dispatchEvent(new Event("change", { bubbles: true }));`,
        `document.querySelector('#notice-editor .fix-item[data-key="100"] .fix-units')?.value === "县测试局" && !document.querySelector("#fix-error")?.textContent`,
      ),
    );
    await page.close();
  }
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
  const line = (what, t) => {
    t.sort((x, y) => x - y);
    console.log(`${b.name}: ${what}: median ${t[t.length >> 1].toFixed(1)} ms (min ${t[0].toFixed(1)}, max ${t.at(-1).toFixed(1)}, ${t.length} runs)`);
  };
  line(`${DOCX.split("/").pop()} (200 items) to its preview`, times);
  line("逐项核对与更正: the editor's 200 rows", editorTimes);
  line("one correction (item 100's units) shown", fixTimes);
}
