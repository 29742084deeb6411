// Runs before the app (scripts/inline-html.mjs inlines it first): a browser
// too old for the app gets a message in Chinese, not a blank page.
//
// Written in ES3-era JavaScript (var, function, no arrows) so that the oldest
// browser can still run it and show the message. It checks what the app
// needs that old browsers lack: WebAssembly with the features the wasm is
// built with (rustc's defaults for wasm32 since 1.82/1.87, and the
// --enable-… flags wasm-opt gets in index.html), each tested by validating a
// tiny module that uses it (bytes checked by tests/js/browser-check.test.mjs
// against binaryen's wasm-as), and the JavaScript APIs the glue calls.
// The oldest versions with all of them, also in README.md:
//   reference types: Chrome/Edge 96, Firefox 79, Safari 15 (the last to come);
//   bulk memory: Chrome 75, Firefox 79, Safari 15; saturating float-to-int:
//   Chrome 75, Firefox 64, Safari 15; sign extension: Chrome 74, Firefox 62,
//   Safari 14.1; multi-value: Chrome 85, Firefox 78, Safari 13.1; mutable
//   globals: Chrome 74, Firefox 61, Safari 13.1.
// A browser that fails sets window.__minshengUnsupported (the boot script then
// does not start the app).
(function () {
  "use strict";
  var head = [0, 97, 115, 109, 1, 0, 0, 0];
  var FEATURES = [
    ["符号扩展（sign-ext）", [1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 7, 1, 5, 0, 65, 0, 192, 11]],
    ["非陷入浮点转换（nontrapping-float-to-int）", [1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 252, 0, 11]],
    ["批量内存（bulk-memory）", [1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 10, 14, 1, 12, 0, 65, 0, 65, 0, 65, 0, 252, 10, 0, 0, 11]],
    ["引用类型（reference-types）", [1, 5, 1, 96, 0, 1, 111, 3, 2, 1, 0, 10, 6, 1, 4, 0, 208, 111, 11]],
    ["多返回值（multivalue）", [1, 6, 1, 96, 0, 2, 127, 127, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 65, 0, 11]],
    ["可变全局量（mutable-globals）", [2, 8, 1, 1, 97, 1, 98, 3, 127, 1]]
  ];
  var missing = [];
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function" || typeof Uint8Array !== "function") {
    missing.push("WebAssembly");
  } else {
    for (var i = 0; i < FEATURES.length; i++) {
      var ok = false;
      try {
        ok = WebAssembly.validate(new Uint8Array(head.concat(FEATURES[i][1])));
      } catch (e) {
        ok = false;
      }
      if (!ok) missing.push("WebAssembly " + FEATURES[i][0]);
    }
  }
  var APIS = ["Promise", "TextDecoder", "TextEncoder", "queueMicrotask", "Blob", "URL", "WeakMap"];
  for (var j = 0; j < APIS.length; j++) {
    if (typeof window[APIS[j]] === "undefined") missing.push(APIS[j]);
  }
  if (!missing.length) return;
  window.__minshengUnsupported = missing;

  var box = document.createElement("div");
  box.id = "unsupported";
  box.setAttribute("role", "alert");
  box.setAttribute("style", "max-width:40em;margin:2em auto;padding:1em 1.5em;border:2px solid #b42318;border-radius:8px;background:#fff;color:#1f2328;font:16px/1.7 sans-serif");
  var lines = [
    ["h1", "此浏览器版本过旧，无法打开民生实事进度看板"],
    ["p", "请用以下浏览器（或更新的版本）打开此文件：Chrome、Edge、360 极速浏览器、QQ 浏览器等 Chromium 内核 96 及以上；Firefox 79 及以上；Safari（iPhone、iPad、Mac）15 及以上。"],
    ["p", "在微信、钉钉等应用里打开时，请点右上角“…”，选择“在浏览器中打开”。"],
    ["p", "已记录的进度不会因此丢失：它保存在您平时使用的浏览器中。"],
    ["p", "缺少的功能：" + missing.join("、")]
  ];
  for (var k = 0; k < lines.length; k++) {
    var el = document.createElement(lines[k][0]);
    el.appendChild(document.createTextNode(lines[k][1]));
    if (lines[k][0] === "h1") el.setAttribute("style", "font-size:1.3em;color:#b42318");
    box.appendChild(el);
  }
  (document.body || document.documentElement).appendChild(box);
})();
