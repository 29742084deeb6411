// What the browser benchmarks (bench-load.mjs, bench-edit.mjs) have stored
// before they measure, and how they see a save, for any build of the app
// (release 0.1's schema-2 record or the current schema-3 layout):
//
//   --store empty  nothing stored (a fresh profile)
//   --store year   a year of daily edits to all 50 items, 18,250 changes, as
//                  release 0.1 stored it (tests/data/release-0.1/record-v2-year.txt,
//                  written by that release's encoder from tests/support/year.rs),
//                  plus 10 backups in release 0.1's slots. The page is then
//                  opened twice, unmeasured: a newer build migrates the record
//                  to its own layout on the first open, so the measured opens
//                  see what a user sees on every day after the upgrade.
//   --store year-new  the same year as a user who never had release 0.1 has it:
//                  planted and migrated as above, then release 0.1's keys
//                  (which the app never deletes) removed.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = join(ROOT, "tests/data/release-0.1");
/** Release 0.1's key of the bundled notice (its hash never changes). */
export const V2_KEY = "minsheng:v2:3f3298e0f460c17a";

export const STORES = ["empty", "year", "year-new"];

/** The keys and values `--store year` plants. */
export function yearStore() {
  const record = readFileSync(join(DATA, "record-v2-year.txt"), "utf8").trim();
  const slot = readFileSync(join(DATA, "backup-slot-0.txt"), "utf8").trim();
  const entries = [];
  const items = [[V2_KEY, record]];
  for (let i = 0; i < 10; i++) {
    items.push([`${V2_KEY}:backup:${i}`, slot]);
    entries.push({ slot: i, saved_at: `2023-12-${String(20 + i).padStart(2, "0")}T09:00:00`, changes: 18000 + i * 25 });
  }
  items.push([`${V2_KEY}:backups`, JSON.stringify({ entries })]);
  return items;
}

/**
 * Installed before any page script: counts the writes of a record's commit
 * point (schema 2: the record; schema 3: the head, written last), so a save is
 * seen the moment it lands whatever the layout. `window.__commits`.
 */
export function hookCommits() {
  window.__commits = 0;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.call(this, key, value);
    if (/^minsheng:v[23]:[0-9a-f]{16}$/.test(key)) window.__commits++;
    return result;
  };
}

/** Bytes the app's keys take in localStorage (UTF-16, as browsers count quota), by schema. */
export async function storedBytes(page) {
  return page.evaluate(() => {
    const by = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k.startsWith("minsheng:")) continue;
      const schema = k.split(":")[1];
      by[schema] = (by[schema] ?? 0) + 2 * (k.length + (localStorage.getItem(k) ?? "").length);
    }
    return by;
  });
}

/**
 * Plant `store` in the profile behind `page` (same file, so Firefox's
 * per-path storage is the one measured), then open the app twice so any
 * migration is done. Returns the bytes stored afterwards.
 */
export async function plant(page, url, store, timeout) {
  const ready = async (first = false) => {
    // A reload, not a goto: a goto to the same URL with a #fragment would not reopen the page.
    if (first) await page.goto(url, { waitUntil: "load", timeout });
    else await page.reload({ waitUntil: "load", timeout });
    await page.waitForSelector('#app[data-ready="1"]', { timeout });
  };
  await ready(true);
  if (store === "empty") return storedBytes(page);
  await page.evaluate((items) => {
    for (const [k, v] of items) localStorage.setItem(k, v);
  }, yearStore());
  await ready();
  // The first open after planting migrates (a newer build); give its writes time to land.
  await new Promise((r) => setTimeout(r, 1500));
  await ready();
  await new Promise((r) => setTimeout(r, 500));
  if (store === "year-new") {
    await page.evaluate((prefix) => {
      for (const k of Object.keys(localStorage)) if (k.startsWith(prefix)) localStorage.removeItem(k);
    }, V2_KEY);
    await ready();
  }
  return storedBytes(page);
}
