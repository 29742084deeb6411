// scripts/lzma-unpack.js with the wasm LZMA decoder of scripts/lzma-wasm (what the
// single HTML file unpacks its wasm with): round trips through the xz CLI (liblzma,
// .lzma format) with several settings, byte for byte; streams crafted here that xz
// does not write; clear errors on bad base64, bad headers and corrupt streams.
//
//   node --test tests/js/
//
// Needs `xz` (xz-utils, in every Debian base system) and cargo with the target
// wasm32-unknown-unknown (the decoder is built first, as the build does).

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLzmaWasm } from "../../scripts/lzma-wasm/build.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = readFileSync(join(ROOT, "scripts/lzma-unpack.js"), "utf8");
// Loaded the way the page has it: a classic script, not a module.
const lzmaUnpack = new Function(`${SOURCE}\nreturn lzmaUnpack;`)();
const DECODER = buildLzmaWasm().toString("base64");
/** The bytes of an .lzma stream (a Buffer), through base64 as the page has them. */
const unpack = (stream) => lzmaUnpack(Buffer.from(stream).toString("base64"), DECODER);

/** `xz --format=lzma <args>` of `data`. */
const xz = (data, args) =>
  execFileSync("xz", ["--format=lzma", ...args, "--stdout"], { input: data, maxBuffer: 64 * 1024 * 1024 });

/** The same stream with the uncompressed size written into the header (as scripts/inline-html.mjs does). */
function withKnownSize(stream, size) {
  const s = Buffer.from(stream);
  s.writeUInt32LE(size, 5);
  s.writeUInt32LE(0, 9);
  return s;
}

function assertSameBytes(actual, expected, what) {
  assert.ok(actual instanceof Uint8Array, `${what}: not a Uint8Array`);
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.length);
  if (Buffer.compare(a, expected) !== 0) {
    let i = 0;
    while (a[i] === expected[i]) i++;
    assert.fail(`${what}: first difference at byte ${i} (${a[i]} instead of ${expected[i]})`);
  }
}

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(n, seed) {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** The first n bytes of a file (a real binary: the node executable running this test). */
function head(path, n) {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

const repetitive = Buffer.concat([
  Buffer.from("民生实事 abc ".repeat(20000)),
  Buffer.alloc(300000, 0), // one long run: matches of the maximum length 273
  Buffer.from("xyz".repeat(1000)),
]);
const text = Buffer.concat([
  readFileSync(join(ROOT, "seeds/xiangshan-2023-50-minsheng.txt")),
  readFileSync(join(ROOT, "README.md")),
  readFileSync(join(ROOT, "scripts/lzma-wasm/src/lib.rs")),
]);

const INPUTS = [
  ["empty", Buffer.alloc(0)],
  ["1 byte", Buffer.from([0x61])],
  ["repetitive (text runs, 300 KB of zeros)", repetitive],
  ["random, incompressible (256 KB)", randomBytes(256 * 1024, 0x5eed)],
  ["text (the seed notice, README, the decoder's source)", text],
  ["binary (first 2 MB of the node executable)", head(process.execPath, 2 * 1024 * 1024)],
];

const SETTINGS = [
  ["-9e", ["-9e"]],
  ["-0", ["-0"]],
  ["lc=0,lp=2,pb=2", ["--lzma1=preset=6,lc=0,lp=2,pb=2"]],
  ["lc=4,lp=0,pb=0 (the build's)", ["--lzma1=preset=9e,lc=4,lp=0,pb=0"]],
];

describe("lzmaUnpack: round trips through xz --format=lzma", () => {
  for (const [setting, args] of SETTINGS) {
    for (const [name, data] of INPUTS) {
      it(`${setting}: ${name}`, () => {
        const stream = xz(data, args);
        // xz writes "size unknown" (all FF) and an end marker; the build writes the size in.
        assert.equal(stream.subarray(5, 13).toString("hex"), "ff".repeat(8));
        assertSameBytes(unpack(withKnownSize(stream, data.length)), data, "size known");
      });
    }
  }

  it("base64 with line breaks and spaces, as atob takes it", () => {
    const stream = withKnownSize(xz(text, ["-6"]), text.length);
    const wrapped = Buffer.from(stream).toString("base64").replace(/.{76}/g, "$&\r\n").replace(/=/g, " = ");
    assertSameBytes(lzmaUnpack(wrapped, DECODER), text, "wrapped base64");
    // Without its padding too.
    assertSameBytes(lzmaUnpack(Buffer.from(stream).toString("base64").replace(/=+$/, ""), DECODER), text, "unpadded base64");
  });

  it("the decoder is a fresh instance each time (nothing left from the last stream)", () => {
    const a = withKnownSize(xz(repetitive, ["-1"]), repetitive.length);
    const b = withKnownSize(xz(text, ["-9e"]), text.length);
    assertSameBytes(unpack(a), repetitive, "first");
    assertSameBytes(unpack(b), text, "second");
    assertSameBytes(unpack(a), repetitive, "first again");
  });
});

describe("lzmaUnpack: bad input throws a clear error", () => {
  const data = text;
  const stream = withKnownSize(xz(data, ["-9e"]), data.length);

  it("bad base64", () => {
    const b64 = stream.toString("base64");
    for (const bad of [b64.slice(0, 100) + "!" + b64.slice(100), b64.slice(0, 100) + "é" + b64.slice(100), b64 + "A", "AB=C" + b64, "\u4e2d"]) {
      assert.throws(() => lzmaUnpack(bad, DECODER), /^Error: lzma: bad base64$/);
    }
  });

  it("truncated streams", () => {
    for (const cut of [0, 5, 13, 17]) {
      assert.throws(() => unpack(stream.subarray(0, cut)), /^Error: lzma: input too short/, `cut at ${cut}`);
    }
    for (const cut of [18, 100, stream.length >> 1, stream.length - 1]) {
      assert.throws(() => unpack(stream.subarray(0, cut)), /^Error: lzma: truncated input$/, `cut at ${cut}`);
    }
  });

  it("corrupted bytes in the middle", () => {
    for (const at of [40, 1000, stream.length >> 1, stream.length - 20]) {
      const bad = Buffer.from(stream);
      bad[at] ^= 0x55;
      assert.throws(() => unpack(bad), /^Error: lzma: (corrupt stream|truncated input)/, `byte ${at} changed`);
    }
  });

  it("one byte changed, at 300 places of a ~20 KB stream", () => {
    const part = data.subarray(0, 60000);
    const small = withKnownSize(xz(part, ["-9e"]), part.length);
    assertSameBytes(unpack(small), part, "unchanged");
    for (let at = 13; at < small.length; at += Math.ceil(small.length / 300)) {
      const bad = Buffer.from(small);
      bad[at] ^= 1 << (at % 8);
      assert.throws(() => unpack(bad), /^Error: lzma: (corrupt stream|truncated input)/, `byte ${at} changed`);
    }
  });

  it("random bytes after a valid header", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const bad = Buffer.concat([stream.subarray(0, 14), randomBytes(3000, seed)]);
      assert.throws(() => unpack(bad), /^Error: lzma: (corrupt stream|truncated input)/, `seed ${seed}`);
    }
  });

  it("a bad header", () => {
    const badProps = Buffer.from(stream);
    badProps[0] = 225;
    assert.throws(() => unpack(badProps), /^Error: lzma: bad header: properties byte not below 225$/);
    const huge = Buffer.from(stream);
    huge.writeUInt32LE(1, 9); // 4 GiB and more
    assert.throws(() => unpack(huge), /^Error: lzma: bad header: uncompressed size too large$/);
    const unknown = Buffer.from(stream);
    unknown.fill(0xff, 5, 13);
    assert.throws(() => unpack(unknown), /^Error: lzma: bad header: uncompressed size unknown$/);
    const badStart = Buffer.from(stream);
    badStart[13] = 1;
    assert.throws(() => unpack(badStart), /^Error: lzma: corrupt stream$/);
  });

  it("a header size that does not match the data", () => {
    assert.throws(() => unpack(withKnownSize(stream, data.length - 1)), /^Error: lzma: corrupt stream: output overrun/);
    assert.throws(() => unpack(withKnownSize(stream, data.length + 1)), /^Error: lzma: corrupt stream: end marker before the uncompressed size/);
  });

  it("a match distance beyond the output", () => {
    // "a", then a match 4 bytes back at byte 1.
    const s = craft({ size: 3 }, (e) => {
      e.literal(0x61);
      e.match(4, 2);
      e.endMarker();
    });
    assert.throws(() => unpack(s), /^Error: lzma: corrupt stream: distance out of range$/);
  });

  it("a rep match before any output", () => {
    const s = craft({ size: 1 }, (e) => e.rep0Short());
    assert.throws(() => unpack(s), /^Error: lzma: corrupt stream$/);
  });
});

describe("lzmaUnpack: streams xz does not write (crafted here)", () => {
  it("a known size and no end marker", () => {
    // "ab" + a match 1 back of length 5 -> "abbbbbb"; the size in the header ends it.
    const s = craft({ size: 7 }, (e) => {
      e.literal(0x61);
      e.literal(0x62);
      e.match(1, 5);
    });
    assertSameBytes(unpack(s), Buffer.from("abbbbbb"), "crafted");
    assert.throws(() => unpack(withKnownSize(s, 6)), /^Error: lzma: corrupt stream: output overrun/);
  });

  it("a known size and an end marker (the build's layout)", () => {
    const s = craft({ size: 3 }, (e) => {
      e.literal(0x61);
      e.match(1, 2);
      e.endMarker();
    });
    assertSameBytes(unpack(s), Buffer.from("aaa"), "crafted");
  });
});

describe("lzma-unpack.js can be inlined in a classic <script>", () => {
  it("has no closing script tag, no HTML comment opener, and no module syntax", () => {
    assert.doesNotMatch(SOURCE, /<\/script/i);
    assert.ok(!SOURCE.includes("<!--"));
    const code = SOURCE.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, ""); // without comments
    assert.doesNotMatch(code, /^\s*(import|export)\b/m);
    assert.doesNotMatch(code, /\b(let|const|class)\s|=>|`/, "ES5 syntax only");
  });
});

/**
 * A minimal LZMA encoder for hand-made streams (lc=3, lp=0, pb=2): a range
 * encoder and the decoder's probability model, one probability per context
 * (keyed by name). `build` calls e.literal(byte) (only after literals),
 * e.match(distance, length) (length 2..9), e.rep0Short(), e.endMarker().
 */
function craft({ size }, build) {
  const out = [];
  let low = 0, range = 0xffffffff, cache = 0, cacheSize = 1;
  const shiftLow = () => {
    if (low < 0xff000000 || low >= 0x100000000) {
      const carry = low >= 0x100000000 ? 1 : 0;
      let temp = cache;
      do {
        out.push((temp + carry) & 0xff);
        temp = 0xff;
      } while (--cacheSize !== 0);
      cache = Math.floor(low / 0x1000000) & 0xff;
    }
    cacheSize++;
    low = (low % 0x1000000) * 256;
  };
  const normalize = () => {
    while (range < 0x1000000) {
      range = (range * 256) >>> 0;
      shiftLow();
    }
  };
  const probs = new Map();
  const bit = (key, b) => {
    const p = probs.get(key) ?? 1024;
    const bound = (range >>> 11) * p;
    if (b === 0) {
      range = bound;
      probs.set(key, p + ((2048 - p) >>> 5));
    } else {
      low += bound;
      range -= bound;
      probs.set(key, p - (p >>> 5));
    }
    normalize();
  };
  const tree = (key, numBits, value) => {
    for (let i = numBits - 1, m = 1; i >= 0; i--) {
      const b = (value >>> i) & 1;
      bit(`${key}:${m}`, b);
      m = (m << 1) | b;
    }
  };
  const reverseTree = (key, numBits, value) => {
    for (let i = 0, m = 1; i < numBits; i++) {
      const b = (value >>> i) & 1;
      bit(`${key}:${m}`, b);
      m = (m << 1) | b;
    }
  };
  const direct = (numBits, value) => {
    for (let i = numBits - 1; i >= 0; i--) {
      range >>>= 1;
      if ((value >>> i) & 1) low += range;
      normalize();
    }
  };
  let pos = 0, state = 0, prev = 0;
  const matchHead = (isRep) => {
    bit(`isMatch:${state}:${pos & 3}`, 1);
    bit(`isRep:${state}`, isRep);
  };
  const e = {
    literal(byte) {
      assert.ok(state < 7, "craft: literals only after literals");
      bit(`isMatch:${state}:${pos & 3}`, 0);
      tree(`literal:${prev >> 5}`, 8, byte);
      state = state < 4 ? 0 : state - 3;
      prev = byte;
      pos++;
    },
    match(distance, length) {
      assert.ok(length >= 2 && length <= 9 && distance <= 4);
      matchHead(0);
      bit("len:choice", 0);
      tree(`len:low:${pos & 3}`, 3, length - 2);
      tree(`posSlot:${Math.min(length - 2, 3)}`, 6, distance - 1);
      state = state < 7 ? 7 : 10;
      pos += length;
    },
    rep0Short() {
      matchHead(1);
      bit(`isRepG0:${state}`, 0);
      bit(`isRep0Long:${state}:${pos & 3}`, 0);
      state = state < 7 ? 9 : 11;
      pos++;
    },
    endMarker() {
      // A match of length 2 at distance 0xFFFFFFFF + 1: pos slot 63, 26 direct bits, 4 align bits.
      matchHead(0);
      bit("len:choice", 0);
      tree(`len:low:${pos & 3}`, 3, 0);
      tree("posSlot:0", 6, 63);
      direct(26, 0x3ffffff);
      reverseTree("align", 4, 15);
    },
  };
  build(e);
  for (let i = 0; i < 5; i++) shiftLow();
  const header = Buffer.alloc(13);
  header[0] = 3 + 9 * (0 + 5 * 2); // lc=3, lp=0, pb=2
  header.writeUInt32LE(1 << 16, 1);
  if (size === "unknown") header.fill(0xff, 5);
  else header.writeUInt32LE(size, 5);
  return Buffer.concat([header, Buffer.from(out)]);
}
