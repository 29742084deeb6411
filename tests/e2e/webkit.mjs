// WebKit for the end-to-end tests: Debian's WebKitGTK MiniBrowser, driven by
// WebKitWebDriver (apt webkit2gtk-driver) under a private Xvfb (MiniBrowser has no
// headless mode). WebKitWebDriver speaks classic WebDriver only (no BiDi, no CDP), so
// puppeteer cannot drive it.
//
// The client is the WebDriver HTTP protocol through node's fetch (the dozen commands
// below), not an npm client: selenium-webdriver or webdriverio would add a large
// dependency tree for these few calls, and this file shows exactly what runs.
//
//   const wk = await startWebKit();               // Xvfb on a free display, the driver on a free port
//   const s = await wk.session();                 // a fresh MiniBrowser (empty storage)
//   await s.open(APP_URL);                        // navigate, wait for [data-ready="1"], collect errors
//   await s.click("#export-json"); await s.keys(KEY.ArrowRight);
//   await s.waitFor("what", (a) => …, a);         // polled in the page, fails with `what`
//   await s.close(); await wk.stop();
//
// Errors: WebDriver classic cannot run a script before the page's own (no
// evaluateOnNewDocument), so s.open() and s.reload() install the collectors
// (error, unhandledrejection, console.error, securitypolicyviolation) as soon as the
// page has loaded; the app mounts synchronously before `load`, and a panic while
// mounting leaves no [data-ready="1"], which open() fails on. MiniBrowser runs with
// --allow-file-access-from-file-urls=true, without which WebKit reports every error of
// a file:// page as "Script error.".
//
// Downloads go to <home>/Downloads: the driver and the browser run with HOME set to a
// fresh directory whose ~/.config/user-dirs.dirs names it (WebKitGTK saves there
// without asking).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { READY_TIMEOUT_MS, WAIT_TIMEOUT_MS } from "./harness.mjs";

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = process.env.MINIBROWSER_PATH || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
export const XVFB = "/usr/bin/Xvfb";

/** WebDriver's codes for the keys the tests press. */
export const KEY = {
  Backspace: "\uE003",
  Tab: "\uE004",
  Escape: "\uE00C",
  PageUp: "\uE00E",
  PageDown: "\uE00F",
  End: "\uE010",
  Home: "\uE011",
  ArrowLeft: "\uE012",
  ArrowRight: "\uE014",
  Control: "\uE009",
};

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Xvfb on a display it picks itself (-displayfd writes the number it took). */
async function startXvfb() {
  const proc = spawn(XVFB, ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const display = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 20 s: ${stderr}`)), 20_000);
    proc.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  return { proc, display };
}

function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
    }, 5_000);
    proc.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

/**
 * Start Xvfb and WebKitWebDriver. Returns { display, home, downloadDir, session(), stop() }.
 * Each session() is a new MiniBrowser (WebKit's automation sessions are ephemeral: storage starts empty).
 */
export async function startWebKit() {
  for (const p of [WEBKIT_DRIVER, MINIBROWSER, XVFB]) assert.ok(existsSync(p), `${p} missing: run \`bash scripts/install-tools.sh browsers\``);
  const home = mkdtempSync(join(tmpdir(), "minsheng-e2e-webkit-"));
  const downloadDir = join(home, "Downloads");
  mkdirSync(downloadDir, { recursive: true });
  mkdirSync(join(home, ".config"), { recursive: true });
  writeFileSync(join(home, ".config", "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="$HOME/Downloads"\n`);

  const xvfb = await startXvfb();
  const port = await freePort();
  const env = { ...process.env, DISPLAY: xvfb.display, HOME: home, LANG: "C.UTF-8" };
  for (const k of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_DOWNLOAD_DIR", "WAYLAND_DISPLAY"]) delete env[k];
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: ["ignore", "pipe", "pipe"] });
  let driverLog = "";
  const keep = (d) => (driverLog = (driverLog + d).slice(-4000));
  driver.stdout.on("data", keep);
  driver.stderr.on("data", keep);
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    await stopProcess(driver);
    await stopProcess(xvfb.proc);
    rmSync(home, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`${base}/status`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}): ${driverLog}`);
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver not ready on ${base}: ${driverLog}`);
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }

  async function command(method, path, body) {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`WebDriver ${method} ${path}: HTTP ${r.status}, not JSON: ${text.slice(0, 500)}`);
    }
    if (!r.ok || json.value?.error) {
      const v = json.value ?? {};
      throw new Error(`WebDriver ${method} ${path}: ${v.error ?? r.status}: ${v.message ?? text.slice(0, 500)}`);
    }
    return json.value;
  }

  return {
    display: xvfb.display,
    home,
    downloadDir,
    stop,
    /** Finished downloads in <home>/Downloads: [{ name, path }] (WebKit's partial files skipped). */
    downloads() {
      return readdirSync(downloadDir)
        .filter((f) => !f.endsWith(".wkdownload") && !f.startsWith(".") && statSync(join(downloadDir, f)).isFile())
        .map((name) => ({ name, path: join(downloadDir, name) }));
    },
    async waitForDownload(what, { seen = [], timeout = WAIT_TIMEOUT_MS } = {}) {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const all = readdirSync(downloadDir);
        const got = this.downloads().filter((d) => !seen.includes(d.name));
        // WebKit writes to a temporary name and renames when done; wait a beat for the size to settle.
        if (got.length && !all.some((f) => f.endsWith(".wkdownload"))) {
          const size = statSync(got[0].path).size;
          await sleep(200);
          if (size > 0 && statSync(got[0].path).size === size) return { ...got[0], text: readFileSync(got[0].path, "utf8") };
        }
        await sleep(100);
      }
      assert.fail(`timed out waiting for a download: ${what} (in ${downloadDir}: ${JSON.stringify(readdirSync(downloadDir))})`);
    },
    /** A fresh MiniBrowser (WebKitWebDriver runs one session at a time: close the last one first). */
    async session() {
      const { sessionId } = await command("POST", "/session", {
        capabilities: {
          alwaysMatch: {
            "webkitgtk:browserOptions": {
              binary: MINIBROWSER,
              // Without --allow-file-access-from-file-urls WebKit hides every error of a file:// page as "Script error.".
              args: ["--automation", "--allow-file-access-from-file-urls=true"],
            },
          },
        },
      });
      return makeSession(command, `/session/${sessionId}`);
    },
  };
}

/** Install the collectors of problems in the current document (idempotent per document). */
const INSTALL_COLLECTORS = `
  if (window.__e2eProblems) return;
  const problems = (window.__e2eProblems = []);
  const where = (err) => (err && err.stack && err.stack !== "@" ? " at " + err.stack.replace(/\\s+/g, " ") : "");
  addEventListener("error", (e) => problems.push("error: " + e.message + (e.filename ? " (" + e.filename.slice(-40) + ":" + e.lineno + ")" : "") + where(e.error)));
  addEventListener("unhandledrejection", (e) => problems.push("unhandledrejection: " + String(e.reason) + where(e.reason)));
  document.addEventListener("securitypolicyviolation", (e) => problems.push("csp: " + e.violatedDirective + " blocked " + (e.blockedURI || "(inline)")));
  const consoleError = console.error;
  console.error = function (...args) {
    problems.push("console.error: " + args.map(String).join(" "));
    return consoleError.apply(this, args);
  };
`;

function makeSession(command, prefix) {
  const cmd = (method, path, body) => command(method, `${prefix}${path}`, body);
  const s = {
    /** Run `fn` (a function, serialised) in the page with `args`; returns its (JSON) value. Async functions are awaited. */
    async eval(fn, ...args) {
      return cmd("POST", "/execute/async", {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (${fn})(...Array.prototype.slice.call(arguments, 0, -1)))
            .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e) + (e && e.stack ? " at " + e.stack : "") }));`,
        args,
      }).then((r) => {
        if (r && "err" in r) throw new Error(`in the page: ${r.err}`);
        return r?.ok;
      });
    },
    async installCollectors() {
      await cmd("POST", "/execute/sync", { script: INSTALL_COLLECTORS, args: [] });
    },
    async waitReady() {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (!(await s.eval(() => !!document.querySelector('#app[data-ready="1"]')))) {
        if (Date.now() > deadline) assert.fail(`the app did not mount in ${READY_TIMEOUT_MS} ms: ${JSON.stringify(await s.viewState())}`);
        await sleep(100);
      }
      await s.installCollectors();
    },
    /** Navigate (WebDriver waits for `load`), then wait until the app is ready. */
    async open(url) {
      await cmd("POST", "/url", { url });
      await s.waitReady();
    },
    async reload() {
      await s.eval(() => {
        window.__beforeReload = true;
      });
      await cmd("POST", "/refresh", {});
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (!(await s.eval(() => !window.__beforeReload && !!document.querySelector('#app[data-ready="1"]')))) {
        if (Date.now() > deadline) assert.fail("the reloaded app did not mount");
        await sleep(100);
      }
      await s.installCollectors();
    },
    /** Problems seen since the document's collectors were installed. */
    async problems() {
      return s.eval(() => window.__e2eProblems ?? ["(no collectors in this document)"]);
    },
    /** No error, no console.error, no CSP violation, no resource but the file itself or data:/blob:. */
    async assertClean() {
      const problems = await s.problems();
      const foreign = await s.eval(() =>
        performance.getEntriesByType("resource").map((e) => e.name).filter((u) => !/^(data|blob):/.test(u) && u.split("#")[0] !== location.href.split("#")[0]),
      );
      assert.deepEqual({ problems, foreign }, { problems: [], foreign: [] }, "the page must run without errors and without any network");
    },
    async find(css) {
      const v = await cmd("POST", "/element", { using: "css selector", value: css });
      return v[ELEMENT];
    },
    /** A real click (WebDriver scrolls the element into view and checks it can be clicked). */
    async click(css) {
      await cmd("POST", `/element/${await s.find(css)}/click`, {});
    },
    /** Element Send Keys: typed into the element (for input[type=file], the path of a file). */
    async sendKeys(css, text) {
      await cmd("POST", `/element/${await s.find(css)}/value`, { text });
    },
    /** Press keys (KEY.* or characters) at the focused element, one after another; `mods` held throughout. */
    async keys(keys, { mods = [] } = {}) {
      const list = typeof keys === "string" ? [...keys] : keys;
      const actions = [
        ...mods.map((m) => ({ type: "keyDown", value: m })),
        ...list.flatMap((k) => [{ type: "keyDown", value: k }, { type: "keyUp", value: k }]),
        ...[...mods].reverse().map((m) => ({ type: "keyUp", value: m })),
      ];
      await cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
      await cmd("DELETE", "/actions");
    },
    async screenshotPng() {
      return Buffer.from(await cmd("GET", "/screenshot"), "base64");
    },
    /** Wait until `fn(...args)` is truthy in the page (polled every 100 ms) and return it. */
    async waitFor(what, fn, ...args) {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      let last = null;
      for (;;) {
        try {
          const v = await s.eval(fn, ...args);
          if (v) return v;
        } catch (e) {
          last = e;
        }
        if (Date.now() > deadline) {
          let state;
          try {
            state = JSON.stringify(await s.viewState());
          } catch (e2) {
            state = `(could not read the view: ${e2?.message ?? e2})`;
          }
          assert.fail(`timed out waiting for ${what}\n  view: ${state}${last ? `\n  last error: ${last.message}` : ""}`);
        }
        await sleep(100);
      }
    },
    async viewState() {
      return s.eval(() => ({
        hash: location.hash,
        ready: document.querySelector("#app")?.dataset.ready ?? null,
        detail: document.querySelector("#item-detail")?.dataset.no ?? null,
        banners: [...document.querySelectorAll("#banners .banner")].map((b) => `${b.dataset.banner}: ${b.textContent.trim().slice(0, 80)}`),
        problems: window.__e2eProblems ?? null,
      }));
    },
    async close() {
      await cmd("DELETE", "").catch(() => {});
    },
  };
  return s;
}
