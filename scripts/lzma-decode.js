// lzma-decode.js: a small, fast, dependency-free LZMA decoder for the
// "LZMA alone" (.lzma) format that `xz --format=lzma` writes.
//
//   var bytes = lzmaDecode(input);   // Uint8Array in, Uint8Array out, synchronous
//
// scripts/inline-html.mjs inlines this file verbatim into a classic <script> of
// dist/minsheng.html: plain ES5 syntax (typed arrays aside), no module, and
// never a closing script tag or an HTML comment opener in it.
//
// It follows Igor Pavlov's reference decoder LzmaSpec.cpp (LZMA SDK, public
// domain): the range decoder, the literal coder with matched literals, the two
// length decoders, pos slots / direct bits / align bits, the 12-state machine,
// rep0-rep3 and the end-marker rules. Differences are for speed only:
//   * the whole output is the dictionary (no separate window): a match is a
//     copy within the output array, which has the header's size (or grows
//     while the size is unknown);
//   * all probabilities live in one Uint16Array, at the offsets in lzmaDecode;
//   * the range coder state is an Int32Array rc = [range, code, input position],
//     passed to small top-level functions that decode one bit, a bit tree, a
//     reverse bit tree, direct bits or a literal with locals in their loops.
//     Small functions reach the engines' optimizing tiers within the first few
//     kilobytes; one big function with everything inline stayed in the
//     baseline tier for most of a 1 MB decode in Chromium.
//   * range and code are uint32 values kept as int32 (| 0): unsigned
//     comparisons xor both sides with 0x80000000; Math.imul makes the bound.
// One bit with probability p[i] (11 bits; 1024 = 1/2) decodes as:
//   bound = (range >>> 11) * p[i]
//   code < bound:  bit 0, range = bound,          p[i] += (2048 - p[i]) >> 5
//   else:          bit 1, range -= bound, code -= bound, p[i] -= p[i] >> 5
//   then, while range < 2^24: range <<= 8, code = code << 8 | next input byte.
// Corrupt input throws an Error("lzma: ...") rather than returning bad bytes.

function lzmaError(msg) {
  return new Error("lzma: " + msg);
}

/** One bit with probability p[i]. */
function lzmaBit(rc, input, p, i) {
  var range = rc[0], code = rc[1], prob = p[i], bit = 0;
  var bound = Math.imul(range >>> 11, prob);
  if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
    range = bound; p[i] = prob + ((2048 - prob) >>> 5);
  } else {
    range = (range - bound) | 0; code = (code - bound) | 0; p[i] = prob - (prob >>> 5); bit = 1;
  }
  if ((range >>> 24) === 0) {
    var ip = rc[2];
    if (ip >= input.length) throw lzmaError("truncated input");
    range <<= 8; code = (code << 8) | input[ip]; rc[2] = ip + 1;
  }
  rc[0] = range; rc[1] = code;
  return bit;
}

/** numBits bits, most significant first, through the tree p[base + 1 ..]. */
function lzmaTree(rc, input, p, base, numBits) {
  var range = rc[0], code = rc[1], ip = rc[2], inLen = input.length;
  var m = 1, i = 0, prob = 0, bound = 0;
  for (var k = 0; k < numBits; k++) {
    i = base + m; prob = p[i]; bound = Math.imul(range >>> 11, prob);
    if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
      range = bound; p[i] = prob + ((2048 - prob) >>> 5); m <<= 1;
    } else {
      range = (range - bound) | 0; code = (code - bound) | 0; p[i] = prob - (prob >>> 5); m = (m << 1) | 1;
    }
    if ((range >>> 24) === 0) {
      if (ip >= inLen) throw lzmaError("truncated input");
      range <<= 8; code = (code << 8) | input[ip++];
    }
  }
  rc[0] = range; rc[1] = code; rc[2] = ip;
  return m - (1 << numBits);
}

/** numBits bits, least significant first, through the tree p[base + 1 ..]. */
function lzmaReverseTree(rc, input, p, base, numBits) {
  var range = rc[0], code = rc[1], ip = rc[2], inLen = input.length;
  var m = 1, sym = 0, i = 0, prob = 0, bound = 0;
  for (var k = 0; k < numBits; k++) {
    i = base + m; prob = p[i]; bound = Math.imul(range >>> 11, prob);
    if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
      range = bound; p[i] = prob + ((2048 - prob) >>> 5); m <<= 1;
    } else {
      range = (range - bound) | 0; code = (code - bound) | 0; p[i] = prob - (prob >>> 5); m = (m << 1) | 1;
      sym |= 1 << k;
    }
    if ((range >>> 24) === 0) {
      if (ip >= inLen) throw lzmaError("truncated input");
      range <<= 8; code = (code << 8) | input[ip++];
    }
  }
  rc[0] = range; rc[1] = code; rc[2] = ip;
  return sym;
}

/** numBits bits of probability 1/2 (no model), most significant first. */
function lzmaDirectBits(rc, input, numBits) {
  var range = rc[0], code = rc[1], ip = rc[2], inLen = input.length;
  var res = 0, t = 0;
  for (; numBits > 0; numBits--) {
    range >>>= 1;
    code = (code - range) | 0;
    t = code >> 31; // -1 if code was below range: bit 0, undo the subtraction
    code = (code + (range & t)) | 0;
    if (code === range) throw lzmaError("corrupt stream: bad direct bits");
    res = (res << 1) + (t + 1);
    if ((range >>> 24) === 0) {
      if (ip >= inLen) throw lzmaError("truncated input");
      range <<= 8; code = (code << 8) | input[ip++];
    }
  }
  rc[0] = range; rc[1] = code; rc[2] = ip;
  return res;
}

/**
 * One literal byte through the 0x300 probabilities at base. After a match
 * (matchByte >= 0, the byte at distance rep0) the tree is steered by
 * matchByte's bits until the first bit that differs.
 */
function lzmaLiteral(rc, input, p, base, matchByte) {
  var range = rc[0], code = rc[1], ip = rc[2], inLen = input.length;
  var sym = 1, i = 0, prob = 0, bound = 0, bit = 0, matchBit = 0;
  if (matchByte >= 0) {
    do {
      matchBit = (matchByte >> 7) & 1;
      matchByte <<= 1;
      i = base + ((1 + matchBit) << 8) + sym; prob = p[i]; bound = Math.imul(range >>> 11, prob);
      if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
        range = bound; p[i] = prob + ((2048 - prob) >>> 5); bit = 0;
      } else {
        range = (range - bound) | 0; code = (code - bound) | 0; p[i] = prob - (prob >>> 5); bit = 1;
      }
      if ((range >>> 24) === 0) {
        if (ip >= inLen) throw lzmaError("truncated input");
        range <<= 8; code = (code << 8) | input[ip++];
      }
      sym = (sym << 1) | bit;
    } while (matchBit === bit && sym < 0x100);
  }
  while (sym < 0x100) {
    i = base + sym; prob = p[i]; bound = Math.imul(range >>> 11, prob);
    if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
      range = bound; p[i] = prob + ((2048 - prob) >>> 5); sym <<= 1;
    } else {
      range = (range - bound) | 0; code = (code - bound) | 0; p[i] = prob - (prob >>> 5); sym = (sym << 1) | 1;
    }
    if ((range >>> 24) === 0) {
      if (ip >= inLen) throw lzmaError("truncated input");
      range <<= 8; code = (code << 8) | input[ip++];
    }
  }
  rc[0] = range; rc[1] = code; rc[2] = ip;
  return sym & 0xff;
}

/** Copy len bytes from `from` to `to` (to > from; the ranges may overlap). */
function lzmaCopy(out, to, from, len) {
  for (var k = 0; k < len; k++) out[to + k] = out[from + k];
}

/** Decode a whole .lzma stream (Uint8Array) into a new Uint8Array. */
function lzmaDecode(input) {
  // Offsets into the one probability array. kNumPosBitsMax = 4: the tables
  // "per state and pos state" have 12 * 16 entries.
  var IS_MATCH = 0, // [state][posState]
    IS_REP = 192, // [state]
    IS_REP_G0 = 204, // [state]
    IS_REP_G1 = 216, // [state]
    IS_REP_G2 = 228, // [state]
    IS_REP0_LONG = 240, // [state][posState]
    POS_SLOT = 432, // [min(len, 3)]: 6-bit trees of 64
    SPEC_POS = 688, // reverse trees of the pos slots 4..13: 1 + 128 - 14 entries
    ALIGN = 803, // 4-bit reverse tree of the pos slots 14..63
    LEN = 819, // length decoder: choice, choice2, low[16] (3-bit trees of 8), mid[16], high (8-bit tree)
    REP_LEN = 1333, // the same for rep matches (514 entries each)
    LITERAL = 1847; // 0x300 per literal state, 1 << (lc + lp) states
  var LEN_MID = 130, LEN_HIGH = 258; // low is at 2

  var inLen = input.length;
  if (inLen < 18) throw lzmaError("input too short (" + inLen + " bytes; header and range coder take 18)");

  // Header: properties byte (lc, lp, pb), dictionary size, uncompressed size (both little-endian).
  var props = input[0];
  if (props >= 9 * 5 * 5) throw lzmaError("bad header: properties byte " + props + " is not below 225");
  var lc = props % 9, lp = ((props / 9) | 0) % 5, pb = (props / 45) | 0;
  var dictSize = (input[1] | (input[2] << 8) | (input[3] << 16) | (input[4] << 24)) >>> 0;
  if (dictSize < 4096) dictSize = 4096;
  var sizeLo = (input[5] | (input[6] << 8) | (input[7] << 16) | (input[8] << 24)) >>> 0;
  var sizeHi = (input[9] | (input[10] << 8) | (input[11] << 16) | (input[12] << 24)) >>> 0;
  // All FF: size unknown, the stream ends with the end marker.
  var sizeKnown = !(sizeLo === 0xffffffff && sizeHi === 0xffffffff);
  if (sizeKnown && (sizeHi !== 0 || sizeLo > 0x7fffffff)) {
    throw lzmaError("bad header: uncompressed size " + (sizeHi * 4294967296 + sizeLo) + " is too large");
  }
  // limit: the most bytes the output may hold. Unknown size: the buffer grows
  // (doubling) to keep room for the longest match (273 bytes).
  var limit = sizeKnown ? sizeLo : 0x7fffffff;
  var out = new Uint8Array(sizeKnown ? sizeLo : Math.max(65536, inLen * 4));
  var outCap = sizeKnown ? sizeLo : out.length;

  var p = new Uint16Array(LITERAL + (0x300 << (lc + lp)));
  p.fill(1024);
  var lpMask = (1 << lp) - 1, pbMask = (1 << pb) - 1, litShift = 8 - lc;

  // Range decoder: a zero byte, then the first 4 code bytes (big-endian).
  if (input[13] !== 0) throw lzmaError("corrupt stream: first range coder byte is not 0");
  var rc = new Int32Array(3);
  rc[0] = -1; // range 0xFFFFFFFF
  rc[1] = (input[14] << 24) | (input[15] << 16) | (input[16] << 8) | input[17];
  rc[2] = 18;
  if (rc[1] === -1) throw lzmaError("corrupt stream: bad range coder start");

  var outPos = 0, state = 0, posState = 0;
  var rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0; // distances - 1 of the last four matches
  var len = 0, dist = 0, slot = 0, numBits = 0, lenBase = 0, grown = out;

  for (;;) {
    if (outPos + 273 > outCap) {
      if (sizeKnown) {
        // All bytes out and the range coder at 0: finished without end marker.
        // Otherwise only the end marker may follow.
        if (outPos === limit && rc[1] === 0) break;
      } else {
        if (out.length > 0x3fffffff) throw lzmaError("output too large");
        grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
        outCap = out.length;
      }
    }
    posState = outPos & pbMask;

    if (lzmaBit(rc, input, p, IS_MATCH + (state << 4) + posState) === 0) {
      // Literal; its tree depends on the position and the previous byte.
      if (outPos >= limit) throw lzmaError("corrupt stream: output overrun (literal past the uncompressed size)");
      out[outPos] = lzmaLiteral(rc, input, p,
        LITERAL + 0x300 * (((outPos & lpMask) << lc) + ((outPos > 0 ? out[outPos - 1] : 0) >> litShift)),
        state >= 7 ? out[outPos - rep0 - 1] : -1);
      outPos++;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }

    if (lzmaBit(rc, input, p, IS_REP + state) !== 0) {
      // A match at one of the last four distances.
      if (outPos >= limit) throw lzmaError("corrupt stream: output overrun (rep match past the uncompressed size)");
      if (outPos === 0) throw lzmaError("corrupt stream: rep match before any output");
      if (lzmaBit(rc, input, p, IS_REP_G0 + state) === 0) {
        if (lzmaBit(rc, input, p, IS_REP0_LONG + (state << 4) + posState) === 0) {
          // "Short rep": one byte from rep0.
          state = state < 7 ? 9 : 11;
          out[outPos] = out[outPos - rep0 - 1];
          outPos++;
          continue;
        }
      } else {
        if (lzmaBit(rc, input, p, IS_REP_G1 + state) === 0) {
          dist = rep1;
        } else {
          if (lzmaBit(rc, input, p, IS_REP_G2 + state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      lenBase = REP_LEN;
      state = state < 7 ? 8 : 11;
    } else {
      // A new match: the length, then the distance.
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      lenBase = LEN;
      state = state < 7 ? 7 : 10;
    }

    // Length - 2: 0..7 (low), 8..15 (mid), 16..271 (high).
    if (lzmaBit(rc, input, p, lenBase) === 0) {
      len = lzmaTree(rc, input, p, lenBase + 2 + (posState << 3), 3);
    } else if (lzmaBit(rc, input, p, lenBase + 1) === 0) {
      len = 8 + lzmaTree(rc, input, p, lenBase + LEN_MID + (posState << 3), 3);
    } else {
      len = 16 + lzmaTree(rc, input, p, lenBase + LEN_HIGH, 8);
    }

    if (lenBase === LEN) {
      // Distance - 1: a pos slot; slots 0..3 are the distance, higher ones give
      // the top two bits (2 or 3) and the count of the bits below them, which
      // come from a reverse tree (slots < 14) or as direct bits + 4 align bits.
      slot = lzmaTree(rc, input, p, POS_SLOT + ((len < 3 ? len : 3) << 6), 6);
      if (slot < 4) {
        dist = slot;
      } else {
        numBits = (slot >> 1) - 1;
        dist = (2 | (slot & 1)) << numBits; // int32: negative from slot 62 on
        if (slot < 14) {
          dist += lzmaReverseTree(rc, input, p, SPEC_POS + dist - slot, numBits);
        } else {
          dist += lzmaDirectBits(rc, input, numBits - 4) << 4;
          dist += lzmaReverseTree(rc, input, p, ALIGN, 4);
        }
      }
      if (dist === -1) {
        // The end marker (distance 0xFFFFFFFF).
        if (rc[1] !== 0) throw lzmaError("corrupt stream: range coder not at 0 at the end marker");
        if (sizeKnown && outPos !== limit) throw lzmaError("corrupt stream: end marker after " + outPos + " of " + limit + " bytes");
        break;
      }
      if (outPos >= limit) throw lzmaError("corrupt stream: output overrun (match past the uncompressed size)");
      if (dist < 0 || dist >= outPos || dist >= dictSize) {
        throw lzmaError("corrupt stream: distance " + ((dist >>> 0) + 1) + " out of range at byte " + outPos);
      }
      rep0 = dist;
    }

    len += 2;
    if (len > limit - outPos) throw lzmaError("corrupt stream: output overrun (match past the uncompressed size)");
    lzmaCopy(out, outPos, outPos - rep0 - 1, len);
    outPos += len;
  }

  return sizeKnown ? out : out.slice(0, outPos);
}
