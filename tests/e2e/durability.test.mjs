// Durability (#10): an edit survives the browser process being killed 2 s
// after it, in Chromium and Firefox. localStorage alone does not give this
// (Chromium writes it to disk up to about a minute later, Firefox after
// seconds); the app keeps a write-ahead copy of each change in IndexedDB with
// durability "strict" and takes back at start whatever storage lacks.
//
// Each run: a persistent profile; open the file; make an edit; wait 2 s;
// SIGKILL the browser's main process (no shutdown, no flush); start the
// browser again on the same profile; the edit must be there. Release 0.1's
// file (tests/data/release-0.1/minsheng.html) is run the same way and its
// result is printed, not asserted: it is the figure this work is measured
// against.

import { it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { HTML_PATH, ROOT, forEachBrowser, openApp } from "./harness.mjs";

const TIMEOUT = { timeout: 180_000 };
const KILL_AFTER_MS = 2_000;
const RELEASE_0_1 = join(ROOT, "tests/data/release-0.1/minsheng.html");

/** The browser on a profile that outlives it (the harness's Firefox launch uses a throwaway one). */
function launch(browserName, userDataDir) {
  return browserName === "chromium"
    ? puppeteer.launch({
        executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
        userDataDir,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      })
    : puppeteer.launch({
        browser: "firefox",
        protocol: "webDriverBiDi",
        executablePath: process.env.FIREFOX_PATH || "/usr/lib/firefox-esr/firefox-esr",
        userDataDir,
        headless: true,
        extraPrefsFirefox: { "network.captive-portal-service.enabled": false, "network.connectivity-service.enabled": false },
      });
}

/** The note item `no`'s editor shows (the page opened at #item=no). */
async function noteOf(app, no) {
  return app.waitFor(`item ${no}'s note field`, (n) => {
    const d = document.querySelector("#item-detail");
    const t = d && d.dataset.no === String(n) ? d.querySelector("textarea#edit-note") : null;
    return t ? { value: t.value } : false;
  }, no);
}

/** Edit item 9's note in `htmlFile`, kill the browser `KILL_AFTER_MS` later, reopen: what does the note say? */
async function killAfterEdit(browserName, htmlFile, text) {
  const dir = mkdtempSync(join(tmpdir(), `minsheng-kill-${browserName}-`));
  // The same path both times: Firefox scopes file:// storage by path.
  const file = join(dir, "minsheng.html");
  copyFileSync(htmlFile, file);
  const url = `${pathToFileURL(file).href}#item=9`;
  const profile = join(dir, "profile");
  try {
    let browser = await launch(browserName, profile);
    let app = await openApp({ browserName, browser }, { url });
    await noteOf(app, 9);
    await app.page.$eval("textarea#edit-note", (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }, text);
    await app.waitFor("the edit in the 修改记录", (v) => [...document.querySelectorAll("ul.detail-history li")].some((li) => li.textContent.includes(v)), text);
    await new Promise((r) => setTimeout(r, KILL_AFTER_MS));
    // The whole process group (puppeteer starts the browser detached): the
    // storage and network services die with it, as in a power cut or a crash.
    const pid = browser.process().pid;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      process.kill(pid, "SIGKILL");
    }
    await new Promise((r) => setTimeout(r, 500));
    browser = await launch(browserName, profile);
    try {
      app = await openApp({ browserName, browser }, { url });
      const shown = await noteOf(app, 9);
      // The write-ahead copy is read back asynchronously after the first paint.
      if (shown.value !== text) {
        await app.waitFor("the recovered note", (v) => document.querySelector("textarea#edit-note")?.value === v, text).catch(() => {});
      }
      const note = await app.page.$eval("textarea#edit-note", (el) => el.value);
      const recovered = await app.page.evaluate(() => performance.getEntriesByName("minsheng-wal-recovered").length > 0);
      return { note, recovered };
    } finally {
      await browser.close().catch(() => {});
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

forEachBrowser(
  "durability",
  (ctx) => {
    it(`an edit survives the browser being killed ${KILL_AFTER_MS / 1000} s after it`, TIMEOUT, async () => {
      for (const attempt of [1, 2, 3]) {
        const text = `杀进程前的修改 ${attempt}`;
        const after = await killAfterEdit(ctx.browserName, HTML_PATH, text);
        assert.equal(after.note, text, `attempt ${attempt}: the edit made ${KILL_AFTER_MS} ms before the kill is there after a restart`);
        console.log(`# [${ctx.browserName}] attempt ${attempt}: kept${after.recovered ? ", taken back from the write-ahead copy (localStorage had lost it)" : " (localStorage had it)"}`);
      }
    });

    it("release 0.1 under the same kill (printed, not asserted)", TIMEOUT, async () => {
      const text = "旧版本杀进程前的修改";
      const { note } = await killAfterEdit(ctx.browserName, RELEASE_0_1, text);
      console.log(`# [${ctx.browserName}] release 0.1, killed ${KILL_AFTER_MS} ms after an edit: ${note === text ? "kept" : `lost (note is ${JSON.stringify(note)})`}`);
    });
  },
  { launch: false },
);
