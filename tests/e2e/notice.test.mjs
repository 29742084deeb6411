// The notice UI end to end, in both browsers: category overview, filters, item
// detail, the 数据核查 panel and the view in the URL hash.
//
// Expected figures come from `notice2json` (the parser the app embeds), plus the
// few facts the issue names, hard-coded, so a parser change cannot silently move
// both sides at once. The DOM contract these tests rely on:
//   #app[data-ready="1"]  .notice-title  .notice-date
//   #overview .category-card[data-category=N] > .category-name .category-listed .category-light[data-light][data-count]
//   (a heading's count that differs is a 数据核查 finding: a#overview-checks, no badge on the card)
//   #filters  select#filter-category|#filter-unit|#filter-level  input#filter-search
//             button#filter-reset  .result-count[data-count=N]
//   #items    section.category-group[data-category=N] > article.item-card[data-no=K] >
//             .item-no .item-text .item-units .item-level[data-level] .item-targets .target
//             .item-subsidies .subsidy button.item-open
//   #item-detail[data-no=K] > .detail-text [.detail-attachment-text] ol.detail-measures>li
//             .detail-targets li  .detail-subsidies li  button#detail-close
//   a#tab-items  a#tab-checks  #checks .diagnostic[data-kind] > .diagnostic-message
//             .diagnostic-quote a.diagnostic-item[data-no=K]
//   hash: #cat=4&unit=…&level=city&q=…&item=7&panel=check (percent-encoded)

import { it } from "node:test";
import assert from "node:assert/strict";
import { APP_URL, forEachBrowser, noticeJson, openApp } from "./harness.mjs";

const TIMEOUT = { timeout: 90_000 };
const notice = noticeJson();
const itemByNo = new Map(notice.items.map((i) => [i.no, i]));

/** The items a view lists, in notice order (mirrors src/view/route.rs). */
function expectedNos({ cat = null, unit = null, level = null, q = "" } = {}) {
  const needle = q.trim().toLowerCase();
  const matches = (i) => {
    if (Number(needle.replace(/^第/, "").replace(/项$/, "")) === i.no && needle !== "") return true;
    const hay = [i.text, i.attachment_text ?? "", ...i.measures, ...i.units, ...i.targets.map((t) => t.label)];
    return hay.some((h) => h.toLowerCase().includes(needle));
  };
  return notice.items
    .filter((i) => cat === null || i.category === cat)
    .filter((i) => unit === null || i.units.includes(unit))
    .filter((i) => level === null || i.level === level)
    .filter((i) => needle === "" || matches(i))
    .map((i) => i.no);
}
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

/** Wait until exactly `nos` are listed (visible, in order) and .result-count says so. */
async function expectListed(app, nos, what) {
  await app.waitFor(
    `${what}: items [${nos}] listed and .result-count[data-count="${nos.length}"]`,
    (want) => {
      const shown = (el) => el.getClientRects().length > 0;
      const got = [...document.querySelectorAll("#items article.item-card")]
        .filter(shown)
        .map((el) => Number(el.dataset.no));
      const rc = document.querySelector(".result-count");
      return JSON.stringify(got) === JSON.stringify(want) && rc?.dataset.count === String(want.length);
    },
    nos,
  );
  // Only the groups of the listed items are shown (no empty category headings).
  const groups = await app.page.evaluate(() =>
    [...document.querySelectorAll("#items section.category-group")]
      .filter((el) => el.getClientRects().length > 0 && [...el.querySelectorAll("article.item-card")].some((c) => c.getClientRects().length > 0))
      .map((el) => Number(el.dataset.category)),
  );
  const wantGroups = [...new Set(nos.map((n) => itemByNo.get(n).category))];
  assert.deepEqual(groups, wantGroups, `${what}: category groups shown`);
  // Every listed card sits in its category's group.
  const misplaced = await app.page.evaluate(() =>
    [...document.querySelectorAll("#items article.item-card")]
      .filter((c) => c.getClientRects().length > 0)
      .map((c) => [Number(c.dataset.no), Number(c.closest("section.category-group")?.dataset.category)]),
  );
  for (const [no, cat] of misplaced) assert.equal(cat, itemByNo.get(no).category, `item ${no} is in group ${cat}`);
}

async function filterValues(page) {
  return page.evaluate(() => ({
    category: document.querySelector("#filter-category").value,
    unit: document.querySelector("#filter-unit").value,
    level: document.querySelector("#filter-level").value,
    search: document.querySelector("#filter-search").value,
  }));
}

/** Open item `no`'s detail from its card and wait for it. */
async function openDetail(app, no) {
  await app.page.click(`#items article.item-card[data-no="${no}"] button.item-open`);
  await waitDetail(app, no, `detail of item ${no} after clicking its button.item-open`);
}

async function waitDetail(app, no, what) {
  await app.waitFor(what, (n) => {
    const d = document.querySelector("#item-detail");
    return !!d && d.getClientRects().length > 0 && d.dataset.no === String(n) && !!d.querySelector(".detail-text");
  }, no);
}

async function detailFacts(page) {
  return page.evaluate(() => {
    const d = document.querySelector("#item-detail");
    const texts = (sel) => [...d.querySelectorAll(sel)].map((el) => el.textContent.trim());
    return {
      text: d.querySelector(".detail-text")?.textContent.trim() ?? null,
      attachment: d.querySelector(".detail-attachment-text")?.textContent.trim() ?? null,
      measures: texts("ol.detail-measures > li"),
      targets: texts(".detail-targets li"),
      subsidies: texts(".detail-subsidies li"),
      close: !!d.querySelector("button#detail-close") || !!document.querySelector("button#detail-close"),
    };
  });
}

const decodedHash = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const hashParams = async (page) => Object.fromEntries(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)));

async function openChecks(app) {
  await app.page.click("a#tab-checks");
  await app.waitFor(
    `#checks shown with ${notice.diagnostics.length} .diagnostic after clicking a#tab-checks`,
    (n) => {
      const c = document.querySelector("#checks");
      return !!c && c.getClientRects().length > 0 && c.querySelectorAll(".diagnostic").length === n;
    },
    notice.diagnostics.length,
  );
}

forEachBrowser("notice UI", (ctx) => {
  it("lists all 50 items and the category overview with counts and lights", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      // Facts named by the issue (the parser's output must agree, too).
      assert.equal(notice.items.length, 50);
      assert.deepEqual(notice.categories.map((c) => c.item_nos.length), [3, 2, 11, 5, 6, 2, 2, 4, 11, 4]);

      const header = await page.evaluate(() => ({
        title: document.querySelector(".notice-title")?.textContent.trim(),
        date: document.querySelector(".notice-date")?.textContent.trim(),
      }));
      assert.match(header.title ?? "", /民生实事/);
      assert.match(header.date ?? "", /2023年9月1日|2023-09-01/);

      await expectListed(app, range(1, 50), "default view");
      assert.equal(await page.$$eval("#items article.item-card", (els) => els.length), 50, ".item-card count");

      // Every card: number, text, level as in the notice.
      const cards = await page.$$eval("#items article.item-card", (els) =>
        els.map((el) => ({
          no: Number(el.dataset.no),
          noText: el.querySelector(".item-no")?.textContent.trim() ?? null,
          text: el.querySelector(".item-text")?.textContent.trim() ?? null,
          units: el.querySelector(".item-units")?.textContent.trim() ?? null,
          level: el.querySelector(".item-level")?.dataset.level ?? null,
          targets: el.querySelectorAll(".item-targets .target").length,
          subsidies: el.querySelectorAll(".item-subsidies .subsidy").length,
          open: !!el.querySelector("button.item-open"),
        })),
      );
      for (const c of cards) {
        const item = itemByNo.get(c.no);
        assert.ok(item, `card data-no=${c.no} is an item of the notice`);
        assert.match(c.noText ?? "", new RegExp(`(^|\\D)${c.no}(\\D|$)`), `item ${c.no}: .item-no`);
        assert.ok(c.text?.includes(item.text), `item ${c.no}: .item-text shows the item text, got ${JSON.stringify(c.text)}`);
        assert.equal(c.level, item.level, `item ${c.no}: .item-level[data-level]`);
        for (const u of item.units) assert.ok(c.units?.includes(u), `item ${c.no}: .item-units names ${u}, got ${JSON.stringify(c.units)}`);
        assert.ok(c.open, `item ${c.no}: button.item-open`);
      }
      // Chips, for a few items with known targets and subsidies.
      const chip = (no) => cards.find((c) => c.no === no);
      assert.equal(chip(1).targets, 2, "item 1: 2 target chips (0.98万人, 36个)");
      assert.equal(chip(2).subsidies, 1, "item 2: 1 subsidy chip (1500元/人)");
      assert.equal(chip(22).targets, itemByNo.get(22).targets.length, "item 22: target chips");
      assert.equal(chip(7).subsidies, itemByNo.get(7).subsidies.length, "item 7: subsidy chips");

      // Category overview.
      const overview = await page.$$eval("#overview .category-card", (els) =>
        els.map((el) => ({
          category: Number(el.dataset.category),
          name: el.querySelector(".category-name")?.textContent.trim() ?? null,
          listed: el.querySelector(".category-listed")?.textContent.trim() ?? null,
          badge: el.querySelector(".count-badge")?.textContent.trim() ?? null,
          lights: [...el.querySelectorAll(".category-light")].map((l) => [l.dataset.light, Number(l.dataset.count)]),
        })),
      );
      assert.deepEqual(overview.map((c) => c.category), range(1, 10), "10 .category-card in order");
      assert.deepEqual(overview.map((c) => c.listed), ["3", "2", "11", "5", "6", "2", "2", "4", "11", "4"], ".category-listed");
      // The headings whose count differs (categories 3, 4, 5, 6, 8, 9, 10) are in 数据核查, one link away, not badges on the cards.
      assert.deepEqual(overview.filter((c) => c.badge !== null).map((c) => c.category), [], "no .count-badge on the cards");
      const counted = new Set(
        notice.diagnostics.filter((d) => d.kind === "category_count_mismatch" || d.kind === "attachment_count_mismatch").flatMap((d) => d.items.map((no) => itemByNo.get(no).category)),
      );
      assert.deepEqual([...counted].sort((a, b) => a - b), [3, 4, 5, 6, 8, 9, 10], "数据核查 names the categories whose heading count differs");
      assert.match(await page.$eval("a#overview-checks", (a) => a.textContent), new RegExp(`${notice.diagnostics.length} 条疑点`));
      for (const c of overview) {
        const cat = notice.categories[c.category - 1];
        assert.ok(c.name?.includes(cat.name), `category ${c.category}: .category-name ${JSON.stringify(c.name)} names ${cat.name}`);
        // Nothing recorded yet: every item of the category is grey.
        assert.deepEqual(c.lights, [["green", 0], ["yellow", 0], ["red", 0], ["grey", Number(c.listed)]], `category ${c.category}: .category-light`);
      }

      await app.screenshot("overview");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("clicking a category card filters the list to that category", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      await page.click('#overview .category-card[data-category="4"]');
      await expectListed(app, range(17, 21), "after clicking category card 4");
      assert.deepEqual(expectedNos({ cat: 4 }), range(17, 21));
      assert.equal((await filterValues(page)).category, "4", "select#filter-category follows the card");
      assert.equal((await hashParams(page)).cat, "4", "the hash records cat=4");

      await page.click('#overview .category-card[data-category="9"]');
      await expectListed(app, range(36, 46), "after clicking category card 9");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("filters by category, unit, level and search; reset lists all 50 again", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;

      // The choices offered.
      const options = await page.evaluate(() =>
        Object.fromEntries(
          ["filter-category", "filter-unit", "filter-level"].map((id) => [
            id,
            [...document.querySelectorAll(`select#${id} option`)].map((o) => o.value),
          ]),
        ),
      );
      assert.deepEqual(options["filter-category"], ["", ...range(1, 10).map(String)], "select#filter-category options");
      assert.deepEqual([...options["filter-level"]].sort(), ["", "city", "district", "province"], "select#filter-level options");
      assert.equal(options["filter-unit"][0], "", 'select#filter-unit starts with "" (全部)');
      const units = [...new Set(notice.items.flatMap((i) => i.units))];
      for (const u of units) assert.ok(options["filter-unit"].includes(u), `select#filter-unit offers ${u}`);

      const reset = async (what) => {
        await page.click("button#filter-reset");
        await expectListed(app, range(1, 50), `after reset (${what})`);
        assert.deepEqual(await filterValues(page), { category: "", unit: "", level: "", search: "" }, "reset clears every control");
      };

      await page.select("select#filter-category", "4");
      await expectListed(app, range(17, 21), "category 4");
      await reset("category");

      await page.select("select#filter-unit", "区残联");
      assert.deepEqual(expectedNos({ unit: "区残联" }), [7, 8, 9, 10, 11, 16]);
      await expectListed(app, [7, 8, 9, 10, 11, 16], "unit 区残联");
      await app.screenshot("filtered-unit");
      await reset("unit");

      await page.select("select#filter-level", "province");
      assert.deepEqual(expectedNos({ level: "province" }), [20, 27]);
      await expectListed(app, [20, 27], "level province");
      await page.select("select#filter-level", "city");
      await expectListed(app, expectedNos({ level: "city" }), "level city");
      await reset("level");

      await page.type("input#filter-search", "窝沟");
      assert.deepEqual(expectedNos({ q: "窝沟" }), [22]);
      await expectListed(app, [22], "search 窝沟");
      await reset("search 窝沟");

      // 假肢 is only in item 7's 推进举措: measures are searched too.
      await page.type("input#filter-search", "假肢");
      assert.deepEqual(expectedNos({ q: "假肢" }), [7]);
      await expectListed(app, [7], "search 假肢 (in the measures)");
      await reset("search 假肢");

      // Filters combine.
      await page.select("select#filter-category", "3");
      await page.select("select#filter-level", "city");
      await expectListed(app, expectedNos({ cat: 3, level: "city" }), "category 3 + level city");
      await reset("combined");

      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("item 7's detail shows its 4 measures and subsidy standards", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      const item = itemByNo.get(7);
      await openDetail(app, 7);
      const d = await detailFacts(page);
      assert.ok(d.text?.includes(item.text), `.detail-text shows the item, got ${JSON.stringify(d.text)}`);
      assert.ok(d.text.includes("797"));
      assert.equal(d.attachment, null, "no .detail-attachment-text where 附件1 words it the same");
      assert.equal(d.measures.length, 4, "4 推进举措");
      assert.equal(d.measures.length, item.measures.length);
      item.measures.forEach((m, k) => assert.ok(d.measures[k].includes(m), `measure ${k + 1}: ${JSON.stringify(d.measures[k])}`));
      assert.equal(d.targets.length, item.targets.length, ".detail-targets li");
      assert.equal(d.subsidies.length, item.subsidies.length, ".detail-subsidies li");
      assert.ok(
        d.subsidies.some((s) => s.includes("1.5万元") && s.includes("280")),
        `a subsidy mentions 1.5万元 and 280: ${JSON.stringify(d.subsidies)}`,
      );
      assert.ok(d.close, "button#detail-close");
      assert.equal((await hashParams(page)).item, "7", "the hash records item=7");
      // The drawer as a user sees it (a full-page shot would stretch it over the whole list).
      await page.setViewport({ width: 1280, height: 900 });
      await app.screenshot("item-7-detail", { fullPage: false });

      await page.click("button#detail-close");
      await app.waitFor("the detail to close after button#detail-close", () => {
        const d = document.querySelector("#item-detail");
        return (!d || d.getClientRects().length === 0) && !/(^#|&)item=/.test(location.hash);
      });
      await expectListed(app, range(1, 50), "after closing the detail");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("item 14's detail shows the 附件1 wording (全区)", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const item = itemByNo.get(14);
      assert.ok(item.attachment_text?.includes("全区") && item.text.includes("全市"));
      await openDetail(app, 14);
      const d = await detailFacts(app.page);
      assert.ok(d.text?.includes(item.text), `.detail-text: ${JSON.stringify(d.text)}`);
      assert.ok(d.attachment?.includes(item.attachment_text), `.detail-attachment-text shows 附件1's wording, got ${JSON.stringify(d.attachment)}`);
      assert.equal(d.measures.length, item.measures.length);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("the 数据核查 panel lists every diagnostic and links to the items", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      for (const k of [
        "category_count_mismatch",
        "breakdown_mismatch",
        "document_number",
        "scope_mismatch",
        "citywide_reference_mismatch",
        "attachment_count_mismatch",
        "stated_total_mismatch",
      ])
        assert.ok(notice.diagnostics.some((d) => d.kind === k), `the notice has a ${k} diagnostic`);

      await openChecks(app);
      assert.equal((await hashParams(page)).panel, "check", "the hash records panel=check");
      const shown = await page.$$eval("#checks .diagnostic", (els) =>
        els.map((el) => ({
          kind: el.dataset.kind,
          message: el.querySelector(".diagnostic-message")?.textContent.trim() ?? null,
          quote: el.querySelector(".diagnostic-quote")?.textContent.trim() ?? null,
          links: [...el.querySelectorAll("a.diagnostic-item")].map((a) => Number(a.dataset.no)),
        })),
      );
      // One .diagnostic per diagnostic, in the notice's order, with its message, quote and item links.
      assert.deepEqual(shown.map((d) => d.kind), notice.diagnostics.map((d) => d.kind), ".diagnostic[data-kind] in order");
      notice.diagnostics.forEach((want, k) => {
        const got = shown[k];
        assert.ok(got.message?.includes(want.message), `diagnostic ${k + 1} (${want.kind}): .diagnostic-message ${JSON.stringify(got.message)}`);
        assert.ok(got.quote?.includes(want.quote), `diagnostic ${k + 1} (${want.kind}): .diagnostic-quote ${JSON.stringify(got.quote)}`);
        assert.deepEqual([...got.links].sort((a, b) => a - b), [...want.items].sort((a, b) => a - b), `diagnostic ${k + 1} (${want.kind}): a.diagnostic-item links`);
      });
      const b7 = shown.find((d) => d.kind === "breakdown_mismatch" && d.links.includes(7));
      assert.ok(b7, "a breakdown_mismatch diagnostic for item 7");
      assert.ok(b7.message.includes("797") && b7.message.includes("980"), `item 7's breakdown mentions 797 and 980: ${b7.message}`);
      await app.screenshot("checks");

      await page.click('#checks .diagnostic[data-kind="breakdown_mismatch"] a.diagnostic-item[data-no="7"]');
      await waitDetail(app, 7, "item 7's detail after clicking its link in the 数据核查 panel");
      assert.equal((await hashParams(page)).item, "7");

      // The detail is a modal drawer over the page: close it, then back to the list.
      await page.click("button#detail-close");
      await app.waitFor("the detail to close", () => {
        const d = document.querySelector("#item-detail");
        return !d || d.getClientRects().length === 0;
      });
      await page.click("a#tab-items");
      await app.waitFor("#items shown after clicking a#tab-items", () => {
        const el = document.querySelector("#items");
        return !!el && el.getClientRects().length > 0;
      });
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("the URL hash restores filters and the open item after reload", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      const { page } = app;
      const view = { cat: 3, unit: "区残联", level: "district", q: "康复" };
      const nos = expectedNos(view);
      assert.deepEqual(nos, [7]);
      await page.select("select#filter-category", "3");
      await page.select("select#filter-unit", view.unit);
      await page.select("select#filter-level", view.level);
      await page.type("input#filter-search", view.q);
      await expectListed(app, nos, "category 3 + 区残联 + district + 康复");
      await openDetail(app, 7);

      const params = await hashParams(page);
      assert.deepEqual(
        { cat: params.cat, unit: params.unit, level: params.level, q: params.q, item: params.item },
        { cat: "3", unit: "区残联", level: "district", q: "康复", item: "7" },
        `hash ${await decodedHash(page)}`,
      );
      assert.ok(/^[\x21-\x7e]*$/.test(await page.evaluate(() => location.hash)), "the hash is percent-encoded ASCII");

      await app.reload();
      await waitDetail(app, 7, "item 7's detail restored from the hash after reload");
      await expectListed(app, nos, "filters restored from the hash after reload");
      assert.deepEqual(await filterValues(page), { category: "3", unit: "区残联", level: "district", search: "康复" }, "controls restored");
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("a bookmarked hash opens that view", TIMEOUT, async () => {
    const hash = `#cat=4&level=city&item=${expectedNos({ cat: 4, level: "city" })[0]}`;
    const app = await openApp(ctx, { url: APP_URL + hash });
    try {
      const nos = expectedNos({ cat: 4, level: "city" });
      assert.ok(nos.length > 0);
      await expectListed(app, nos, `opened with ${hash}`);
      await waitDetail(app, nos[0], `item ${nos[0]}'s detail opened from ${hash}`);
      const v = await filterValues(app.page);
      assert.equal(v.category, "4");
      assert.equal(v.level, "city");
      await app.assertClean();
    } finally {
      await app.close();
    }
    // Percent-encoded unit and query, as the app writes them.
    const q = `#unit=${encodeURIComponent("区残联")}&q=${encodeURIComponent("残疾人")}`;
    const app2 = await openApp(ctx, { url: APP_URL + q });
    try {
      await expectListed(app2, expectedNos({ unit: "区残联", q: "残疾人" }), `opened with ${q}`);
      assert.equal((await filterValues(app2.page)).search, "残疾人");
      await app2.assertClean();
    } finally {
      await app2.close();
    }
  });

  it("the 数据核查 panel is restored after reload", TIMEOUT, async () => {
    const app = await openApp(ctx);
    try {
      await openChecks(app);
      assert.match(await app.page.evaluate(() => location.hash), /(^#|&)panel=check(&|$)/);
      await app.reload();
      await app.waitFor("#checks shown after reload with panel=check", (n) => {
        const c = document.querySelector("#checks");
        return !!c && c.getClientRects().length > 0 && c.querySelectorAll(".diagnostic").length === n;
      }, notice.diagnostics.length);
      await app.assertClean();
    } finally {
      await app.close();
    }
  });

  it("a garbage hash opens the default view without errors", TIMEOUT, async () => {
    // Checks every hash, then reports all that failed at once.
    const failures = [];
    for (const hash of [
      "#cat=x&level=moon&item=&%%%&=&unit=",
      "#item=999&cat=99&panel=nope",
      `#unit=${encodeURIComponent("不存在的单位")}&level=`,
      "#%E0%A4%A&%%&q",
      "#<script>alert(1)</script>",
    ]) {
      const app = await openApp(ctx, { url: APP_URL + hash });
      try {
        await app.waitFor(`the default view for ${hash}`, () => {
          const d = document.querySelector("#item-detail");
          const c = document.querySelector("#checks");
          return (
            [...document.querySelectorAll("#items article.item-card")].filter((el) => el.getClientRects().length > 0).length === 50 &&
            document.querySelector(".result-count")?.dataset.count === "50" &&
            (!d || d.getClientRects().length === 0) &&
            (!c || c.getClientRects().length === 0)
          );
        });
        assert.deepEqual(await filterValues(app.page), { category: "", unit: "", level: "", search: "" }, `${hash}: controls`);
        await app.assertClean();
      } catch (e) {
        failures.push(`${hash}: ${e.message}`);
      } finally {
        await app.close();
      }
    }
    assert.deepEqual(failures, [], "every garbage hash opens the default view");
  });
});
