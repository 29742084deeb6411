// lzma-unpack.js: turns the base64 text of an .lzma stream ("LZMA alone", as
// `xz --format=lzma` writes it, with the uncompressed size in its header) back
// into its bytes, synchronously, with the wasm decoder of scripts/lzma-wasm.
//
//   var bytes = lzmaUnpack(text, decoderBase64);   // string in, Uint8Array out
//
// decoderBase64 is the decoder's wasm in base64 (scripts/inline-html.mjs puts it
// in the boot script). It is compiled and instantiated synchronously (no fetch, no
// promise: the page opens from file://), the text is copied into its memory with
// TextEncoder.encodeInto (ASCII: one byte a character), and the decoder does the
// rest there: base64, then LZMA. The result is a view into the decoder's memory,
// which lives as long as the view (initSync copies it into the app's module).
//
// scripts/inline-html.mjs inlines this file into a classic <script> of
// dist/minsheng.html: plain ES5 syntax (typed arrays aside), no module, and never
// a closing script tag or an HTML comment opener in it.
// Corrupt input throws an Error("lzma: ...") rather than returning bad bytes.

function lzmaUnpack(text, decoderBase64) {
  // The decoder's error codes (scripts/lzma-wasm/src/lib.rs, enum Error).
  var ERRORS = ["", "bad base64", "input too short (header and range coder take 18 bytes)",
    "bad header: properties byte not below 225", "bad header: uncompressed size unknown",
    "bad header: uncompressed size too large", "out of memory", "truncated input",
    "corrupt stream", "corrupt stream: distance out of range",
    "corrupt stream: output overrun (more data than the uncompressed size)",
    "corrupt stream: end marker before the uncompressed size or with the range coder not at 0"];
  var bin = atob(decoderBase64), n = bin.length, code = new Uint8Array(n), i;
  for (i = 0; i < n; i++) code[i] = bin.charCodeAt(i);
  var x = new WebAssembly.Instance(new WebAssembly.Module(code)).exports;
  n = text.length;
  var at = x.alloc(n);
  if (!at) throw new Error("lzma: out of memory");
  // Anything but ASCII is no base64: encodeInto then stops short of the end.
  if (new TextEncoder().encodeInto(text, new Uint8Array(x.memory.buffer, at, n)).read !== n) {
    throw new Error("lzma: bad base64");
  }
  var r = x.unpack(at, n);
  if (r < 0) throw new Error("lzma: " + (ERRORS[-r] || "error " + -r));
  // memory.buffer after the call: growing the memory replaced it.
  return new Uint8Array(x.memory.buffer, r, x.out_len());
}
