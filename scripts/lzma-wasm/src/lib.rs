//! The LZMA decoder that unpacks the app's wasm when dist/minsheng.html opens.
//!
//! A `no_std` cdylib for wasm32-unknown-unknown, no dependencies, no wasm-bindgen:
//! scripts/lzma-unpack.js instantiates it synchronously and drives it through
//! these exports over its linear memory:
//!
//! * `alloc(n)`: n bytes (16-aligned) from a bump allocator that grows the memory;
//!   0 when the memory cannot grow;
//! * `unpack(ptr, len)`: the base64 text of an .lzma stream ("LZMA alone", as
//!   `xz --format=lzma` writes it, with the uncompressed size in its header) at ptr
//!   → the decoded bytes; returns where they are (their count is `out_len()`) or a
//!   negative error code (see `Error`; scripts/lzma-unpack.js has their messages).
//!
//! Why wasm and not JavaScript: a single cold run of a JavaScript decoder spends
//! much of its time before the engine's optimizing tier has compiled it; wasm is
//! compiled ahead of the run. The decoding loop is the function `run`, called once
//! per 64 KB of output: engines swap in their optimizing tier's code between calls
//! (neither V8 nor SpiderMonkey replaces wasm code of a running call), so most of
//! the output is decoded by optimized code even in a single run.
//!
//! It follows Igor Pavlov's reference decoder LzmaSpec.cpp (LZMA SDK, public
//! domain): the range decoder, the literal coder with matched literals (the matched
//! literal loop as LzmaDec.c writes it, without branches on the match bit), the two
//! length decoders, pos slots / direct bits / align bits, the 12-state machine,
//! rep0-rep3 and the end rules. The whole output is the dictionary (a match copies
//! within it). Corrupt input gives an error code, never bytes outside the output:
//! every distance is checked against the bytes decoded so far and every length
//! against the room left; reading past the input's end is an error.
//!
//! Checked by tests/js/lzma-unpack.test.mjs against xz (round trips and crafted
//! streams) and, at every build, by scripts/inline-html.mjs on the app's own wasm.

#![no_std]

use core::arch::wasm32;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

extern "C" {
    /// The first byte after the data and the stack (set by the linker).
    static __heap_base: u8;
}

static mut HEAP_TOP: usize = 0;
static mut OUT_LEN: usize = 0;

/// The error codes `unpack` returns (negated).
#[repr(i32)]
#[derive(Clone, Copy)]
enum Error {
    Base64 = 1,
    TooShort = 2,
    Properties = 3,
    SizeUnknown = 4,
    TooLarge = 5,
    Memory = 6,
    Truncated = 7,
    Corrupt = 8,
    Distance = 9,
    Overrun = 10,
    EndMarker = 11,
}

/// n bytes, 16-aligned, after everything allocated before; 0 if the memory cannot grow.
#[no_mangle]
pub extern "C" fn alloc(n: usize) -> usize {
    // SAFETY: single-threaded; __heap_base is only used for its address.
    unsafe {
        let mut top = HEAP_TOP;
        if top == 0 {
            top = core::ptr::addr_of!(__heap_base) as usize;
        }
        let start = (top as u64 + 15) & !15;
        let end = start + n as u64;
        let have = wasm32::memory_size(0) as u64 * 65536;
        if end > have {
            let pages = (end - have).div_ceil(65536);
            if end > u32::MAX as u64 || wasm32::memory_grow(0, pages as usize) == usize::MAX {
                return 0;
            }
        }
        HEAP_TOP = end as usize;
        start as usize
    }
}

/// How many bytes the last successful `unpack` returned.
#[no_mangle]
pub extern "C" fn out_len() -> usize {
    // SAFETY: single-threaded.
    unsafe { OUT_LEN }
}

/// Decodes the base64 text at ptr (len bytes) and then the .lzma stream in it.
/// Returns the address of the output (`out_len()` bytes) or -(error code).
#[no_mangle]
pub extern "C" fn unpack(ptr: usize, len: usize) -> isize {
    // SAFETY: the caller hands over len bytes at ptr from `alloc`.
    let text = unsafe { core::slice::from_raw_parts_mut(ptr as *mut u8, len) };
    let n = match base64_in_place(text) {
        Some(n) => n,
        None => return -(Error::Base64 as isize),
    };
    match decode(&text[..n]) {
        Ok((out, size)) => {
            // SAFETY: single-threaded.
            unsafe { OUT_LEN = size };
            out as isize
        }
        Err(e) => -(e as isize),
    }
}

// ---- base64 -------------------------------------------------------------------

const B64_PAD: u8 = 64;
const B64_SPACE: u8 = 65;
const B64_BAD: u8 = 255;

const B64: [u8; 256] = {
    let mut t = [B64_BAD; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'+' as usize] = 62;
    t[b'/' as usize] = 63;
    t[b'=' as usize] = B64_PAD;
    t[b' ' as usize] = B64_SPACE;
    t[b'\t' as usize] = B64_SPACE;
    t[b'\n' as usize] = B64_SPACE;
    t[0x0c] = B64_SPACE;
    t[b'\r' as usize] = B64_SPACE;
    t
};

/// Decodes base64 in place (the output never overtakes the input) as atob does:
/// ASCII whitespace is skipped, padding is optional but only at the end. Returns
/// the number of bytes, or None for any other character or a dangling sixth of a byte.
fn base64_in_place(buf: &mut [u8]) -> Option<usize> {
    let len = buf.len();
    let (mut i, mut o) = (0, 0);
    // Four characters to three bytes while they are all plain base64.
    while i + 4 <= len {
        let (a, b, c, d) = (B64[buf[i] as usize], B64[buf[i + 1] as usize], B64[buf[i + 2] as usize], B64[buf[i + 3] as usize]);
        if (a | b | c | d) >= 64 {
            break;
        }
        let v = (a as u32) << 18 | (b as u32) << 12 | (c as u32) << 6 | d as u32;
        buf[o] = (v >> 16) as u8;
        buf[o + 1] = (v >> 8) as u8;
        buf[o + 2] = v as u8;
        i += 4;
        o += 3;
    }
    // The rest one character at a time: whitespace, padding, the last group.
    let (mut acc, mut bits, mut padded) = (0u32, 0u32, false);
    while i < len {
        let v = B64[buf[i] as usize];
        i += 1;
        match v {
            B64_SPACE => {}
            B64_PAD => padded = true,
            B64_BAD => return None,
            _ => {
                if padded {
                    return None;
                }
                acc = (acc << 6) | v as u32;
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    buf[o] = (acc >> bits) as u8;
                    o += 1;
                }
            }
        }
    }
    // 6 bits left over: a lone character after the last full byte.
    if bits >= 6 {
        return None;
    }
    Some(o)
}

// ---- LZMA ---------------------------------------------------------------------

// Offsets into the one probability array (u16). kNumPosBitsMax = 4: the tables
// "per state and pos state" have 12 * 16 entries. Trees are indexed from 1.
const IS_MATCH: usize = 0; // [state][posState]
const IS_REP: usize = 192; // [state]
const IS_REP_G0: usize = 204; // [state]
const IS_REP_G1: usize = 216; // [state]
const IS_REP_G2: usize = 228; // [state]
const IS_REP0_LONG: usize = 240; // [state][posState]
const POS_SLOT: usize = 432; // [min(len, 3)]: 6-bit trees of 64
const SPEC_POS: usize = 688; // reverse trees of the pos slots 4..13: 1 + 128 - 14 entries
const ALIGN: usize = 803; // 4-bit reverse tree of the pos slots 14..63
const LEN: usize = 819; // choice, choice2, low[16] (3-bit trees of 8), mid[16], high (8-bit tree)
const REP_LEN: usize = 1333; // the same for rep matches (514 entries each)
const LITERAL: usize = 1847; // 0x300 per literal state, 1 << (lc + lp) states
const LEN_LOW: usize = 2;
const LEN_MID: usize = 130;
const LEN_HIGH: usize = 258;

const TOP: u32 = 1 << 24;
/// Output decoded per call of `run` (see the module's comment).
const CHUNK: usize = 1 << 16;

/// The range decoder over the input [ip, end). Reading past the end feeds zeros and
/// sets `bad` (bit 0); bad direct bits set bit 1. `run` checks `bad` before each symbol.
#[derive(Clone, Copy)]
struct Rc {
    range: u32,
    code: u32,
    ip: *const u8,
    end: *const u8,
    bad: u32,
}

impl Rc {
    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < TOP {
            self.range <<= 8;
            let byte = if self.ip < self.end {
                // SAFETY: ip is inside the input.
                unsafe {
                    let b = *self.ip;
                    self.ip = self.ip.add(1);
                    b
                }
            } else {
                self.bad |= 1;
                0
            };
            self.code = (self.code << 8) | byte as u32;
        }
    }

    /// One bit with probability *p (11 bits; 1024 = 1/2).
    ///
    /// # Safety
    /// p points into the probability array.
    #[inline(always)]
    unsafe fn bit(&mut self, p: *mut u16) -> u32 {
        let prob = *p as u32;
        let bound = (self.range >> 11).wrapping_mul(prob);
        let bit = if self.code < bound {
            self.range = bound;
            *p = (prob + ((2048 - prob) >> 5)) as u16;
            0
        } else {
            self.range = self.range.wrapping_sub(bound);
            self.code = self.code.wrapping_sub(bound);
            *p = (prob - (prob >> 5)) as u16;
            1
        };
        self.normalize();
        bit
    }

    /// One bit with probability *p, without a branch on the bit (for the trees:
    /// their bits are hard to predict).
    ///
    /// # Safety
    /// p points into the probability array.
    #[inline(always)]
    unsafe fn bit_nb(&mut self, p: *mut u16) -> u32 {
        let prob = *p as u32;
        let bound = (self.range >> 11).wrapping_mul(prob);
        // mask: all ones for bit 1 (code >= bound).
        let bit = (self.code >= bound) as u32;
        let mask = 0u32.wrapping_sub(bit);
        self.range = (bound & !mask) | (self.range.wrapping_sub(bound) & mask);
        self.code = self.code.wrapping_sub(bound & mask);
        // bit 0: prob + ((2048 - prob) >> 5) = prob - ((prob - 2017) >> 5) (arithmetic
        // shift: floor); bit 1: prob - (prob >> 5).
        *p = (prob as i32 - ((prob as i32 - (!mask & 2017) as i32) >> 5)) as u16;
        self.normalize();
        bit
    }

    /// num_bits bits, most significant first, through the tree p[1 ..].
    ///
    /// # Safety
    /// p[1 .. 1 << num_bits] is in the probability array.
    #[inline(always)]
    unsafe fn tree(&mut self, p: *mut u16, num_bits: u32) -> u32 {
        let mut m = 1u32;
        for _ in 0..num_bits {
            m = (m << 1) | self.bit_nb(p.add(m as usize));
        }
        m - (1 << num_bits)
    }

    /// num_bits bits, least significant first, through the tree p[1 ..].
    ///
    /// # Safety
    /// p[1 .. 1 << num_bits] is in the probability array.
    #[inline(always)]
    unsafe fn reverse_tree(&mut self, p: *mut u16, num_bits: u32) -> u32 {
        let (mut m, mut sym) = (1u32, 0u32);
        for i in 0..num_bits {
            let b = self.bit(p.add(m as usize));
            m = (m << 1) | b;
            sym |= b << i;
        }
        sym
    }

    /// num_bits bits of probability 1/2, most significant first.
    #[inline(always)]
    fn direct_bits(&mut self, num_bits: u32) -> u32 {
        let mut res = 0u32;
        for _ in 0..num_bits {
            self.range >>= 1;
            self.code = self.code.wrapping_sub(self.range);
            // All ones if code was below range: bit 0, undo the subtraction.
            let t = 0u32.wrapping_sub(self.code >> 31);
            self.code = self.code.wrapping_add(self.range & t);
            if self.code == self.range {
                self.bad |= 2;
            }
            res = (res << 1).wrapping_add(t.wrapping_add(1));
            self.normalize();
        }
        res
    }
}

/// The decoder between two calls of `run`.
struct Decoder {
    rc: Rc,
    probs: *mut u16,
    out: *mut u8,
    size: usize,
    pos: usize,
    state: usize,
    reps: [usize; 4],
    lc: usize,
    lp_mask: usize,
    pb_mask: usize,
    dict_size: usize,
}

/// Decodes an .lzma stream whose header gives the uncompressed size.
fn decode(input: &[u8]) -> Result<(*mut u8, usize), Error> {
    if input.len() < 18 {
        return Err(Error::TooShort);
    }
    let props = input[0] as usize;
    if props >= 9 * 5 * 5 {
        return Err(Error::Properties);
    }
    let (lc, lp, pb) = (props % 9, (props / 9) % 5, props / 45);
    let le32 = |i: usize| u32::from_le_bytes([input[i], input[i + 1], input[i + 2], input[i + 3]]);
    let dict_size = le32(1).max(4096) as usize;
    let (size_lo, size_hi) = (le32(5), le32(9));
    if size_lo == u32::MAX && size_hi == u32::MAX {
        return Err(Error::SizeUnknown);
    }
    if size_hi != 0 || size_lo > 0x7fff_ffff {
        return Err(Error::TooLarge);
    }
    let size = size_lo as usize;
    let num_probs = LITERAL + (0x300 << (lc + lp));
    let probs = alloc(num_probs * 2) as *mut u16;
    let out = alloc(size.max(1)) as *mut u8;
    if probs.is_null() || out.is_null() {
        return Err(Error::Memory);
    }
    // Range decoder: a zero byte, then the first 4 code bytes (big-endian).
    let code = u32::from_be_bytes([input[14], input[15], input[16], input[17]]);
    if input[13] != 0 || code == u32::MAX {
        return Err(Error::Corrupt);
    }
    // SAFETY: probs has num_probs entries; the input's range is its slice.
    let mut d = unsafe {
        core::slice::from_raw_parts_mut(probs, num_probs).fill(1024);
        Decoder {
            rc: Rc { range: u32::MAX, code, ip: input.as_ptr().add(18), end: input.as_ptr().add(input.len()), bad: 0 },
            probs,
            out,
            size,
            pos: 0,
            state: 0,
            reps: [0; 4],
            lc,
            lp_mask: (1 << lp) - 1,
            pb_mask: (1 << pb) - 1,
            dict_size,
        }
    };
    loop {
        let stop = d.size.min(d.pos + CHUNK);
        // SAFETY: d was set up above: probs and out as large as run assumes.
        match unsafe { run(&mut d, stop) } {
            Step::More => {}
            Step::Done => return Ok((out, size)),
            Step::Fail(e) => return Err(e),
        }
    }
}

enum Step {
    More,
    Done,
    Fail(Error),
}

/// Decodes until the output reaches `stop` (≤ size; then returns More unless it is
/// the size) or the stream ends.
///
/// # Safety
/// d.probs holds LITERAL + (0x300 << (lc + lp)) probabilities, d.out d.size bytes.
#[inline(never)]
unsafe fn run(d: &mut Decoder, stop: usize) -> Step {
    let mut rc = d.rc;
    let (p, out, size, dict_size) = (d.probs, d.out, d.size, d.dict_size);
    let (lc, lp_mask, pb_mask) = (d.lc, d.lp_mask, d.pb_mask);
    let lit_shift = 8 - lc;
    let mut pos = d.pos;
    let mut state = d.state;
    let [mut rep0, mut rep1, mut rep2, mut rep3] = d.reps;

    let step = loop {
        if rc.bad != 0 {
            break Step::Fail(if rc.bad & 1 != 0 { Error::Truncated } else { Error::Corrupt });
        }
        if pos >= stop {
            if pos < size {
                break Step::More;
            }
            // All bytes out and the range coder at 0: finished without an end
            // marker. Otherwise only the end marker may follow.
            if rc.code == 0 {
                break Step::Done;
            }
        }
        let pos_state = pos & pb_mask;

        if rc.bit(p.add(IS_MATCH + (state << 4) + pos_state)) == 0 {
            // A literal; its tree depends on the position and the previous byte.
            if pos >= size {
                break Step::Fail(Error::Overrun);
            }
            let prev = if pos > 0 { *out.add(pos - 1) as usize } else { 0 };
            let lit = p.add(LITERAL + 0x300 * (((pos & lp_mask) << lc) + (prev >> lit_shift)));
            let mut sym = 1u32;
            if state >= 7 {
                // After a match: steered by the byte at rep0 until a bit differs
                // (offs turns 0 at the first difference).
                let mut match_byte = *out.add(pos - rep0 - 1) as u32;
                let mut offs = 0x100u32;
                while sym < 0x100 {
                    match_byte <<= 1;
                    let bit = offs;
                    offs &= match_byte;
                    let b = rc.bit_nb(lit.add((offs + bit + sym) as usize));
                    sym = (sym << 1) | b;
                    offs ^= bit & b.wrapping_sub(1);
                }
            } else {
                while sym < 0x100 {
                    sym = (sym << 1) | rc.bit_nb(lit.add(sym as usize));
                }
            }
            *out.add(pos) = sym as u8;
            pos += 1;
            state = if state < 4 {
                0
            } else if state < 10 {
                state - 3
            } else {
                state - 6
            };
            continue;
        }

        let (len_probs, new_match);
        if rc.bit(p.add(IS_REP + state)) != 0 {
            // A match at one of the last four distances.
            if pos >= size {
                break Step::Fail(Error::Overrun);
            }
            if pos == 0 {
                break Step::Fail(Error::Corrupt);
            }
            if rc.bit(p.add(IS_REP_G0 + state)) == 0 {
                if rc.bit(p.add(IS_REP0_LONG + (state << 4) + pos_state)) == 0 {
                    // "Short rep": one byte from rep0.
                    state = if state < 7 { 9 } else { 11 };
                    *out.add(pos) = *out.add(pos - rep0 - 1);
                    pos += 1;
                    continue;
                }
            } else {
                let dist;
                if rc.bit(p.add(IS_REP_G1 + state)) == 0 {
                    dist = rep1;
                } else {
                    if rc.bit(p.add(IS_REP_G2 + state)) == 0 {
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
            (len_probs, new_match) = (p.add(REP_LEN), false);
            state = if state < 7 { 8 } else { 11 };
        } else {
            // A new match: the length, then the distance.
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            (len_probs, new_match) = (p.add(LEN), true);
            state = if state < 7 { 7 } else { 10 };
        }

        // Length - 2: 0..7 (low), 8..15 (mid), 16..271 (high).
        let len = if rc.bit(len_probs) == 0 {
            rc.tree(len_probs.add(LEN_LOW + (pos_state << 3)), 3)
        } else if rc.bit(len_probs.add(1)) == 0 {
            8 + rc.tree(len_probs.add(LEN_MID + (pos_state << 3)), 3)
        } else {
            16 + rc.tree(len_probs.add(LEN_HIGH), 8)
        } as usize;

        if new_match {
            // Distance - 1: a pos slot; slots 0..3 are the distance, higher ones give
            // the top two bits (2 or 3) and the count of the bits below them, which
            // come from a reverse tree (slots < 14) or as direct bits + 4 align bits.
            let slot = rc.tree(p.add(POS_SLOT + (len.min(3) << 6)), 6);
            let dist = if slot < 4 {
                slot
            } else {
                let num_bits = (slot >> 1) - 1;
                let base = (2 | (slot & 1)) << num_bits;
                if slot < 14 {
                    base + rc.reverse_tree(p.add(SPEC_POS + base as usize - slot as usize), num_bits)
                } else {
                    let high = rc.direct_bits(num_bits - 4) << 4;
                    base.wrapping_add(high).wrapping_add(rc.reverse_tree(p.add(ALIGN), 4))
                }
            };
            if dist == u32::MAX {
                // The end marker (distance 0xFFFFFFFF).
                if rc.bad != 0 {
                    break Step::Fail(if rc.bad & 1 != 0 { Error::Truncated } else { Error::Corrupt });
                }
                if rc.code != 0 || pos != size {
                    break Step::Fail(Error::EndMarker);
                }
                break Step::Done;
            }
            if pos >= size {
                break Step::Fail(Error::Overrun);
            }
            let dist = dist as usize;
            if dist >= pos || dist >= dict_size {
                break Step::Fail(Error::Distance);
            }
            rep0 = dist;
        }

        let len = len + 2;
        if len > size - pos {
            break Step::Fail(Error::Overrun);
        }
        let src = out.add(pos - rep0 - 1);
        let dst = out.add(pos);
        if rep0 >= len && len > 16 {
            core::ptr::copy_nonoverlapping(src, dst, len);
        } else {
            for k in 0..len {
                *dst.add(k) = *src.add(k);
            }
        }
        pos += len;
    };

    // Zeros fed past the input's end may have decoded as anything: say what went wrong first.
    let step = match step {
        Step::Fail(_) if rc.bad & 1 != 0 => Step::Fail(Error::Truncated),
        step => step,
    };
    d.rc = rc;
    d.pos = pos;
    d.state = state;
    d.reps = [rep0, rep1, rep2, rep3];
    step
}
