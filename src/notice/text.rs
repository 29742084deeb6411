//! Text normalization and small lexical helpers shared by the parser.
//!
//! Everything downstream sees normalized text: no BOM, `\n` line ends,
//! full-width Chinese punctuation (ASCII `():;,` mapped where they are
//! punctuation, not part of a number), ASCII digits, and `%`.

/// Normalize a whole notice. Total: any input gives some output.
pub fn normalize(input: &str) -> String {
    let text = input.trim_start_matches('\u{feff}');
    // (Joining cells adds no tab: one search tells both steps whether they have work.)
    let tabs = text.contains('\t');
    let joined = if tabs { join_wrapped_cells(text) } else { None };
    let text = joined.as_deref().unwrap_or(text);
    // A line with two tabs or more is a table's row copied from a spreadsheet
    // or a web page: its tabs part cells (`|`, as `flat` reads rows); elsewhere a tab is a space.
    let tabbed_rows: Vec<bool> = if tabs { text.split('\n').map(|l| l.bytes().filter(|&b| b == b'\t').count() >= 2).collect() } else { Vec::new() };
    // A list table saved as CSV (`序号,项目名称,…`): a line with three commas
    // or more is a row, its commas outside double quotes part cells (`|`),
    // the quotes dropped.
    let csv_rows: Vec<bool> =
        if text.contains("序号,") { text.split('\n').map(|l| l.bytes().filter(|&b| b == b',').count() >= 3).collect() } else { Vec::new() };
    let (mut in_quotes, mut line) = (false, 0);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Text before `kept` is in `out`. Only the few characters below change, so
    // the runs between them are copied whole and the rest is never decoded
    // (the seed's 41 KB: one pass over bytes, not a `char` at a time).
    let mut kept = 0;
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| NORMALIZE_FIRST_BYTES[usize::from(b)]) {
        i += at;
        if !may_change(&bytes[i..]) {
            i += 1;
            continue;
        }
        // A byte `may_change` accepts is ASCII or a character's first byte.
        let c = text[i..].chars().next().unwrap_or(' ');
        let after = i + c.len_utf8();
        if c == '\n' {
            line += 1;
            in_quotes = false;
        }
        let in_csv_row = csv_rows.get(line).copied().unwrap_or(false);
        let mapped = match c {
            '"' if in_csv_row => {
                in_quotes = !in_quotes;
                None
            }
            ',' if in_csv_row && !in_quotes => Some('|'),
            _ => {
                let prev = text[..i].chars().next_back().unwrap_or(' ');
                let next = text[after..].chars().next().unwrap_or(' ');
                normalized_char(c, prev, next, tabbed_rows.get(line).copied().unwrap_or(false))
            }
        };
        if mapped != Some(c) {
            out.push_str(&text[kept..i]);
            out.extend(mapped);
            kept = after;
        }
        i = after;
    }
    out.push_str(&text[kept..]);
    out
}

/// The bytes `may_change` looks at closer (a table: asked of every byte of the notice).
const NORMALIZE_FIRST_BYTES: [bool; 256] = byte_set(b"\n\r\t():;,.\"\xC2\xE3\xEF");

/// A table of the bytes in `bytes`.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// Whether the character starting at `rest[0]` may be one `normalized_char`
/// changes (or a line end, which `normalize` counts): ASCII punctuation, the
/// full-width digits, `．` and `％`, and the wide and no-break spaces.
fn may_change(rest: &[u8]) -> bool {
    match rest[0] {
        b'\n' | b'\r' | b'\t' | b'(' | b')' | b':' | b';' | b',' | b'.' | b'"' => true,
        0xC2 => rest.get(1) == Some(&0xA0),
        0xE3 => rest.get(1..3) == Some(&[0x80, 0x80]),
        0xEF => rest.get(1) == Some(&0xBC) && rest.get(2).is_some_and(|&b| matches!(b, 0x85 | 0x8E | 0x90..=0x99)),
        _ => false,
    }
}

/// What `c` becomes in a normalized text, between `prev` and `next`; None: dropped.
fn normalized_char(c: char, prev: char, next: char, tabbed_row: bool) -> Option<char> {
    let between_digits = prev.is_ascii_digit() && next.is_ascii_digit();
    Some(match c {
        '\r' if next == '\n' => return None,
        '\r' => '\n',
        '(' => '（',
        ')' => '）',
        ':' if !between_digits => '：',
        ';' => '；',
        ',' if !between_digits => '，',
        // A sentence's ASCII full stop (`…挂牌运营.牵头单位:…`), not a
        // number's point, an item number's (`1.`) or a file name's.
        '.' if is_han(prev) || matches!(prev, '）' | ')' | '”' | '"') && !next.is_ascii_alphanumeric() => '。',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        '\t' if tabbed_row => '|',
        '\u{3000}' | '\u{a0}' | '\t' => ' ',
        _ => c,
    })
}

/// A table copied from Word with tabs (→ here) between its cells, a cell of several
/// lines broken over them (`1→城区学校扩容→新建小学1所，` / `新增学位900个→县教育局→县发改局` /
/// `县住建局→2026年8月`): each row joined back onto one line, as many tabs as its
/// header's (`序号→…`). A line continues the row while the row has fewer tabs
/// than the header, and the line starts no row (`2→…`) and is not blank;
/// lines of unit names broken in a cell are parted by `、`. None when nothing is joined.
fn join_wrapped_cells(text: &str) -> Option<String> {
    let tabs = |l: &str| l.bytes().filter(|&b| b == b'\t').count();
    let starts_row = |l: &str| l.split_once('\t').is_some_and(|(no, _)| !no.is_empty() && no.trim().bytes().all(|b| b.is_ascii_digit()));
    let mut out = String::with_capacity(text.len());
    // Tabs of the header row of the table being read, and of the row so far.
    let (mut width, mut row) = (0usize, 0usize);
    let mut joined = false;
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let t = tabs(line);
        if row < width && !line.trim().is_empty() && !starts_row(line) {
            let cell = out.rsplit(['\t', '\n']).next().unwrap_or("");
            let first = line.split('\t').next().unwrap_or("").trim();
            if super::list::only_unit_names(cell) && super::list::only_unit_names(first) {
                out.push('、');
            }
            out.push_str(line.trim());
            row += t;
            joined = true;
            continue;
        }
        if i > 0 {
            out.push('\n');
        }
        // (`\r` dropped: the joined text has `\n` line ends, as normalizing gives.)
        out.push_str(line);
        if t >= 2 && (line.starts_with("序号") || line.starts_with("编号")) {
            width = t;
            row = t;
        } else if starts_row(line) {
            row = t;
        }
    }
    joined.then_some(out)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Remove white space inside a line of Chinese text, keeping it only where it
/// separates two ASCII words ("GB T" stays, "不少于 500 件" → "不少于500件").
/// One pass: a run of white space becomes one space or nothing, decided by
/// the characters on either side of the run (#11: it used to look ahead
/// from every space of the run, quadratic in the run's length).
pub fn collapse_spaces(line: &str) -> String {
    let line = line.trim();
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    // Text before `kept` is in `out`; runs without white space are copied whole.
    let (mut kept, mut i) = (0, 0);
    while let Some(at) = bytes[i..].iter().position(|&b| may_start_white_space(b)) {
        i += at;
        let Some(space) = white_space_at(line, i) else {
            i += 1;
            continue;
        };
        out.push_str(&line[kept..i]);
        i += space;
        while let Some(space) = white_space_at(line, i) {
            i += space;
        }
        // (`trim`: a run always has a character after it.)
        let two_words = bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) && out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric);
        if two_words {
            out.push(' ');
        }
        kept = i;
    }
    out.push_str(&line[kept..]);
    out
}

/// `\t \n \v \f \r` and space, or the first byte of a non-ASCII white space.
fn may_start_white_space(b: u8) -> bool {
    WHITE_SPACE_FIRST_BYTES[usize::from(b)]
}

const WHITE_SPACE_FIRST_BYTES: [bool; 256] = byte_set(b"\t\n\x0B\x0C\r \xC2\xE1\xE2\xE3");

/// The length of the white space character at byte `i` of `s`, if one is
/// there. Only ASCII and the first bytes of Unicode's non-ASCII white space
/// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) are looked at closer.
fn white_space_at(s: &str, i: usize) -> Option<usize> {
    if !may_start_white_space(*s.as_bytes().get(i)?) {
        return None;
    }
    s[i..].chars().next().filter(|c| c.is_whitespace()).map(char::len_utf8)
}

/// Value of a Chinese numeral such as 三, 十一, 二十, 五十, 一百零五.
/// None for anything else (or an absurdly large value).
pub fn chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            digit = Some(digit.unwrap_or(0).saturating_mul(10).saturating_add(d));
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total = total.saturating_add(digit.unwrap_or(1).saturating_mul(unit));
        digit = None;
    }
    let value = total.saturating_add(digit.unwrap_or(0));
    u32::try_from(value).ok().filter(|v| *v < 100_000)
}

/// Leading ASCII digits of `s` as a number, and the rest.
pub fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// How far, in bytes, the parser looks on either side of a figure for its
/// clause, sentence or quote (~200 CJK characters). A real notice's clauses
/// and sentences are far shorter (the seed's longest sentence: 372 bytes), so
/// they are always whole; only a run-on text without punctuation is cut, which
/// keeps the work per figure bounded and the parser linear (#11).
pub const REACH: usize = 600;

/// The text between the last of `delims` before `pos` and the first after it,
/// looking at most [`REACH`] bytes either way.
pub fn clause_around<'a>(text: &'a str, pos: usize, delims: &[char]) -> &'a str {
    let (start, end) = clause_range(text, pos, delims);
    &text[start..end]
}

/// Byte range of [`clause_around`].
pub fn clause_range(text: &str, pos: usize, delims: &[char]) -> (usize, usize) {
    let pos = floor_boundary(text, pos);
    let lo = floor_boundary(text, pos.saturating_sub(REACH));
    let hi = floor_boundary(text, pos.saturating_add(REACH));
    let start = text[lo..pos].rfind(|c| delims.contains(&c)).map_or(lo, |i| lo + i + char_len(text, lo + i));
    let end = text[pos..hi].find(|c| delims.contains(&c)).map_or(hi, |i| pos + i);
    (start, end.max(start))
}

/// What a cut quote keeps on either side of its figure, in bytes (~40 CJK characters).
pub const QUOTE_REACH: usize = 120;

/// The quote for a figure at `start..end` of `text` (its clause or sentence):
/// all of `text` up to [`REACH`] bytes (~200 CJK characters: every sentence of
/// a real notice), else [`QUOTE_REACH`] bytes either side of the figure, so
/// that a run-on text is not copied into each of its figures (#11).
pub fn quote(text: &str, start: usize, end: usize) -> &str {
    if text.len() <= REACH {
        return text;
    }
    let lo = floor_boundary(text, start.saturating_sub(QUOTE_REACH));
    let hi = floor_boundary(text, end.saturating_add(QUOTE_REACH));
    &text[lo..hi.max(lo)]
}

/// The end of `text` as a label's context: all of it up to [`REACH`] bytes,
/// else its last [`QUOTE_REACH`] bytes (a run-on text).
pub fn tail(text: &str) -> &str {
    if text.len() <= REACH {
        return text;
    }
    &text[floor_boundary(text, text.len().saturating_sub(QUOTE_REACH))..]
}

/// A clause or sentence longer than this is read in pieces of at most this
/// many bytes (~500 CJK characters). The seed's longest sentence is 122
/// characters; only a damaged or hostile text has longer ones, and there the
/// per-figure work (the clause around it, the words before it) stays bounded:
/// the parser is linear in the text, not in its figures × its clause length.
pub const MAX_PIECE_BYTES: usize = 1500;

/// `text` itself when short enough, else consecutive pieces of at most
/// `MAX_PIECE_BYTES`, each cut after a character that is not part of a number.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > MAX_PIECE_BYTES {
        let mut cut = floor_boundary(rest, MAX_PIECE_BYTES);
        let in_number = |c: char| c.is_ascii_digit() || c == '.';
        while cut > MAX_PIECE_BYTES / 2 && rest[..cut].chars().next_back().is_some_and(in_number) {
            cut = floor_boundary(rest, cut - 1);
        }
        if cut == 0 {
            cut = rest.char_indices().nth(1).map_or(rest.len(), |(i, _)| i);
        }
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out.push(rest);
    out
}

/// Every `2023年` of a line, in order: the four digits right before a 年
/// (not part of a longer number), and whether a month's digit follows
/// (`2023年9月1日` is a date, not a year named on its own).
pub fn years(line: &str) -> impl Iterator<Item = (i32, bool)> + '_ {
    let bytes = line.as_bytes();
    line.match_indices('年').filter_map(move |(at, y)| {
        let digits = bytes[..at].iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let month_after = bytes.get(at + y.len()).is_some_and(u8::is_ascii_digit);
        (digits == 4).then(|| line[at - 4..at].parse().ok().map(|year| (year, month_after))).flatten()
    })
}

/// Length in bytes of the char starting at byte `i`.
pub fn char_len(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(0, char::len_utf8)
}

/// The largest char boundary not above `pos`.
pub fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Shorten a quote for a message, on a char boundary.
pub fn shorten(text: &str, max_chars: usize) -> String {
    // Looks at `max_chars` + 1 chars at most, however long the text.
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (what `text::chinese_numeral`
/// reads back); from 1000 on, digits (no list has that many categories).
pub fn numeral(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| D[d as usize % 10];
    // A units digit after 十: none for 0 (二十, not 二十零).
    let ones = |d: u32| if d == 0 { String::new() } else { digit(d).to_string() };
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", ones(n % 10)),
        20..=99 => format!("{}十{}", digit(n / 10), ones(n % 10)),
        1000.. => n.to_string(),
        _ => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", digit(rest)),
                10..=19 => format!("一{}", numeral(rest)),
                _ => numeral(rest),
            };
            format!("{}百{tail}", numeral(n / 100))
        }
    }
}

/// `text` without any `part` (what `text.replace(part, "")` gives), for a
/// short text (a subsidy's clause, asked of every subsidy found): no searcher
/// is built per call, as std's and memchr's are ([`find_in_short`]).
pub fn without(text: &str, part: &str) -> String {
    if part.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    while let Some(at) = find_word(part.as_bytes(), text.as_bytes(), kept) {
        out.push_str(&text[kept..at]);
        kept = at + part.len();
    }
    out.push_str(&text[kept..]);
    out
}

/// `text.lines()`, natively with memchr's SIMD search for the line ends: std's
/// byte search over a line costs several mispredicted branches (its loops' ends,
/// at each line's own length), a few thousand for the seed's 292 lines.
#[cfg(not(target_arch = "wasm32"))]
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).map(Some).chain([None]).filter_map(move |end| {
        let from = start;
        match end {
            // A line ending `\r\n` or `\n`; the last line (with no `\n` after it) as it is, if not empty.
            Some(end) => {
                start = end + 1;
                let line = &text[from..end];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => (from < text.len()).then(|| &text[from..]),
        }
    })
}

/// (In wasm, std's: see [`Word`].)
#[cfg(target_arch = "wasm32")]
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
}

/// A [`Word`] for a literal, its searcher built on first use and kept:
/// `word!("牵头").is_in(line)`.
macro_rules! word {
    ($word:literal) => {{
        static WORD: $crate::notice::text::Word = $crate::notice::text::Word::new($word);
        &WORD
    }};
}
pub(crate) use word;

/// A word many texts are searched for, its searcher built once (a `static`).
/// `str::find` looks for a word's last byte and compares from there; in CJK
/// text that byte is part of many other characters (`月` ends in the byte 0x88,
/// as about one character in 32 does), and each near miss is a mispredicted
/// branch. memchr's pair search (SSE2/AVX2) checks two of the word's bytes at
/// once. In wasm (no SIMD in our build) memchr has no pair search and its
/// searchers would add ~6 KB to the file; std's two-way search is slow there
/// on CJK text, so the wasm build finds the word's last byte eight bytes at a
/// time ([`find_word`]; BENCHMARKS.md, #13).
pub struct Word {
    word: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Word {
    pub const fn new(word: &'static str) -> Self {
        Self { word, finder: std::sync::OnceLock::new() }
    }

    fn finder(&'static self) -> &'static memchr::memmem::Finder<'static> {
        self.finder.get_or_init(|| memchr::memmem::Finder::new(self.word))
    }

    /// The byte offsets of the word in `text`, not overlapping, as `match_indices` gives them.
    pub fn find_iter<'h>(&'static self, text: &'h str) -> impl Iterator<Item = usize> + 'h {
        self.finder().find_iter(text.as_bytes())
    }

    pub fn is_in(&'static self, text: &str) -> bool {
        self.is_in_bytes(text.as_bytes())
    }

    /// Also in bytes that may end inside a character (a line's first bytes).
    pub fn is_in_bytes(&'static self, bytes: &[u8]) -> bool {
        self.finder().find(bytes).is_some()
    }
}

/// Where `word` starts at or after `from` in `hay` (the wasm build's search): the
/// word's last byte found eight bytes at a time, each candidate then compared.
/// std's search (two-way, skipping by a set of the word's bytes) stops at almost
/// every byte of CJK text for a CJK word; with this the seed's warm parse in wasm
/// is 8 % faster (BENCHMARKS.md, #13). Natively a [`Word`] uses memchr's pair
/// search; this serves there only short texts searched for a word from a list
/// ([`find_in_short`], [`without`]), where building a searcher costs more.
fn find_word(word: &[u8], hay: &[u8], from: usize) -> Option<usize> {
    let last = word.len() - 1;
    let mut end = from + last;
    while end < hay.len() {
        end += find_byte(&hay[end..], word[last])?;
        // The byte before the last first: in CJK text it rejects nearly every
        // candidate without the call to memcmp that comparing slices makes.
        let candidate = &hay[end - last..end];
        if candidate.last() == word[..last].last() && candidate == &word[..last] {
            return Some(end - last);
        }
        end += 1;
    }
    None
}

/// The first `byte` in `hay`, eight bytes at a time ([`find_by_words`]).
fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    let repeated = u64::from_ne_bytes([byte; 8]);
    find_by_words(hay, |word| zero_bytes(word ^ repeated), |&b| b == byte)
}

/// The first of two bytes (the wasm build's search: see [`find_by_words`]).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn find_either_byte_by_words(hay: &[u8], [a, b]: [u8; 2]) -> Option<usize> {
    let (ra, rb) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    find_by_words(hay, |word| zero_bytes(word ^ ra) | zero_bytes(word ^ rb), |&x| x == a || x == b)
}

/// Non-zero where `x` has a zero byte, and its lowest flag is the first zero
/// byte (exact: only flags above a zero byte can be wrong, so the lowest flag
/// of several such tests joined is the first byte any of them looks for).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The first byte of `hay` that `flags` (eight bytes at a time, a word of the
/// 64-bit arithmetic wasm has: [`zero_bytes`]) and `is_one` (the last few)
/// look for. No SIMD in our wasm build, and std's own `memchr` is not public.
/// (Closures, not a loop over the bytes looked for: at opt-level "z" such a
/// loop is not unrolled and cost more than the search.)
#[inline(always)]
fn find_by_words(hay: &[u8], flags: impl Fn(u64) -> u64, is_one: impl Fn(&u8) -> bool) -> Option<usize> {
    let mut rest = hay;
    while let Some((chunk, after)) = rest.split_first_chunk::<8>() {
        let found = flags(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Some(hay.len() - rest.len() + found.trailing_zeros() as usize / 8);
        }
        rest = after;
    }
    rest.iter().position(is_one).map(|at| hay.len() - rest.len() + at)
}

/// A few full-width marks a text is split at (`。；`, `，；。：`): what
/// `str::split(&[char])` gives, found by bytes. std's split by a set of chars
/// decodes every character and compares it with each mark, which was ~10 % of
/// the seed's parse in wasm (subsidies' sentences, targets' clauses; #13). A
/// mark's first byte (0xE3 for `。`, 0xEF for the full-width `，；：`) is rare
/// in CJK text, whose characters mostly start with 0xE4–0xE9: the search
/// looks for it, then compares the mark's three bytes.
pub struct Marks {
    encoded: [[u8; 3]; 4],
    count: usize,
    first_bytes: [u8; 2],
}

impl Marks {
    /// At most four marks of three bytes each (U+0800–U+FFFF), with at most two
    /// first bytes between them (checked when compiled: a `static`'s value).
    pub const fn new(marks: &[char]) -> Self {
        assert!(!marks.is_empty() && marks.len() <= 4, "one to four marks");
        let mut encoded = [[0u8; 3]; 4];
        let mut first_bytes = [0u8; 2];
        let mut i = 0;
        while i < marks.len() {
            let c = marks[i] as u32;
            assert!(c >= 0x800 && c <= 0xFFFF, "a mark of three bytes");
            encoded[i] = [0xE0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3F) as u8, 0x80 | (c & 0x3F) as u8];
            let first = encoded[i][0];
            if i == 0 {
                first_bytes = [first, first];
            } else if first != first_bytes[0] {
                assert!(first_bytes[1] == first_bytes[0] || first_bytes[1] == first, "at most two first bytes");
                first_bytes[1] = first;
            }
            i += 1;
        }
        Self { encoded, count: marks.len(), first_bytes }
    }

    /// Where the first mark at or after `from` starts.
    fn find(&self, text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut at = from;
        loop {
            at += find_either_byte(&bytes[at..], self.first_bytes)?;
            // (A first byte of three is followed by two more in a `str`.)
            if self.encoded[..self.count].iter().any(|mark| bytes[at..].starts_with(mark)) {
                return Some(at);
            }
            at += 1;
        }
    }

    /// `text.split(marks)`: the text between the marks, empty ones too.
    pub fn split<'a>(&'static self, text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut from = Some(0);
        std::iter::from_fn(move || {
            let start = from?;
            let end = self.find(text, start);
            from = end.map(|at| at + 3);
            Some(&text[start..end.unwrap_or(text.len())])
        })
    }
}

/// The first of two bytes: memchr's SIMD search natively, eight bytes at a time in wasm.
#[cfg(not(target_arch = "wasm32"))]
fn find_either_byte(hay: &[u8], [a, b]: [u8; 2]) -> Option<usize> {
    memchr::memchr2(a, b, hay)
}

#[cfg(target_arch = "wasm32")]
fn find_either_byte(hay: &[u8], bytes: [u8; 2]) -> Option<usize> {
    find_either_byte_by_words(hay, bytes)
}

#[cfg(target_arch = "wasm32")]
impl Word {
    pub const fn new(word: &'static str) -> Self {
        Self { word }
    }

    pub fn find_iter<'h>(&'static self, text: &'h str) -> impl Iterator<Item = usize> + 'h {
        let mut from = 0;
        std::iter::from_fn(move || {
            let at = find_word(self.word.as_bytes(), text.as_bytes(), from)?;
            from = at + self.word.len();
            Some(at)
        })
    }

    pub fn is_in(&'static self, text: &str) -> bool {
        self.is_in_bytes(text.as_bytes())
    }

    pub fn is_in_bytes(&'static self, bytes: &[u8]) -> bool {
        find_word(self.word.as_bytes(), bytes, 0).is_some()
    }
}

impl Word {
    /// The last offset of the word in `text`: the forward search's last match,
    /// as `rfind` would give it for a word that cannot overlap itself (a CJK
    /// character or punctuation mark); memchr has no pair search backwards.
    pub fn rfind(&'static self, text: &str) -> Option<usize> {
        self.find_iter(text).last()
    }
}

/// Where `word` first is in a short `text`, for a word from a list (no
/// [`Word`] kept for it): std's search builds a two-way searcher for each
/// call, which costs more than the search itself in a clause of a few dozen
/// bytes (the comparator words asked of each figure; #13).
pub fn find_in_short(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return Some(0);
    }
    find_word(word.as_bytes(), text.as_bytes(), 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_broken_over_lines_are_joined_into_their_rows() {
        let text = "序号\t项目名称\t牵头单位\t完成时限\r\n1\t新建小学\t县教育局\r\n县住建局\t8月\r\n一、民生保障\r\n2\t养老\r\n服务站\t县民政局\t9月\r\n说明";
        assert_eq!(
            join_wrapped_cells(text).as_deref(),
            Some("序号\t项目名称\t牵头单位\t完成时限\n1\t新建小学\t县教育局、县住建局\t8月\n一、民生保障\n2\t养老服务站\t县民政局\t9月\n说明")
        );
        assert_eq!(join_wrapped_cells("甲\t乙\t丙\n丁"), None, "no header: nothing joined");
    }

    use super::*;

    #[test]
    fn long_text_is_read_in_bounded_pieces() {
        assert_eq!(pieces("短句"), ["短句"]);
        let long = "每人每月100元".repeat(1000);
        let parts = pieces(&long);
        assert_eq!(parts.concat(), long);
        assert!(parts.iter().all(|p| p.len() <= MAX_PIECE_BYTES && !p.is_empty()));
        assert!(parts[..parts.len() - 1].iter().all(|p| !p.ends_with(|c: char| c.is_ascii_digit())), "no figure is cut");
        assert_eq!(pieces(&"9".repeat(4000)).concat(), "9".repeat(4000));
    }

    #[test]
    fn numerals() {
        for (s, v) in [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十七", 27), ("五十", 50), ("一百零五", 105), ("九十九", 99)] {
            assert_eq!(chinese_numeral(s), Some(v), "{s}");
        }
        assert_eq!(chinese_numeral("三公里"), None);
        assert_eq!(chinese_numeral(""), None);
    }

    #[test]
    fn normalizes_ascii_punctuation_but_not_numbers() {
        assert_eq!(normalize("\u{feff}a(b):c;d,e\r\n7:3 1,660"), "a（b）：c；d，e\n7:3 1,660");
        assert_eq!(normalize("９８％"), "98%");
    }

    #[test]
    fn collapses_spaces_between_chinese_only() {
        assert_eq!(collapse_spaces(" 不少于 500 件 "), "不少于500件");
        assert_eq!(collapse_spaces("1. 贯彻 GB T"), "1.贯彻GB T");
        assert_eq!(collapse_spaces("a \u{3000} b  \t c 中 d"), "a b c中d");
        assert_eq!(collapse_spaces(&format!("新{}增", " ".repeat(100_000))), "新增");
    }

    #[test]
    fn clauses_and_windows_are_bounded() {
        assert_eq!(clause_around("甲，乙丙，丁", 7, &['，']), "乙丙");
        let long = "字".repeat(1000);
        let c = clause_around(&long, 1500, &['，']);
        assert!(c.len() <= 2 * REACH && !c.is_empty());
        assert_eq!(quote("短句", 0, 3), "短句");
        assert_eq!(quote(&long, 1500, 1503).len(), 2 * QUOTE_REACH + 3);
        assert_eq!(clause_range("甲，乙丙，丁", 7, &['，']), (6, 12));
        assert_eq!(tail("短句"), "短句");
        assert!(tail(&long).len() <= QUOTE_REACH);
    }

    proptest::proptest! {
        /// `Word` and `without` give what std's searches give, on text made of
        /// the words' own bytes and characters that share their last byte.
        #[test]
        fn word_searches_agree_with_std(text in "[月明由。，一是牵头甲\\u{9c88}a1 ]{0,40}") {
            for (word, w) in [("月", word!("月")), ("。", word!("。")), ("由", word!("由")), ("一是", word!("一是")), ("牵头", word!("牵头"))] {
                let expected: Vec<usize> = text.match_indices(word).map(|(i, _)| i).collect();
                proptest::prop_assert_eq!(w.find_iter(&text).collect::<Vec<_>>(), expected);
                proptest::prop_assert_eq!(w.rfind(&text), text.rfind(word));
                proptest::prop_assert_eq!(w.is_in(&text), text.contains(word));
                proptest::prop_assert_eq!(without(&text, word), text.replace(word, ""));
            }
        }

        #[test]
        fn the_wasm_search_agrees_with_std(text in "[月明由。，一是牵头甲\\u{9c88}a1 ]{0,60}", bytes in proptest::collection::vec(0u8..4, 0..40)) {
            for word in ["月", "。", "由", "一是", "牵头", "a1"] {
                let expected: Vec<usize> = text.match_indices(word).map(|(i, _)| i).collect();
                let found: Vec<usize> = std::iter::successors(super::find_word(word.as_bytes(), text.as_bytes(), 0), |&at| super::find_word(word.as_bytes(), text.as_bytes(), at + word.len())).collect();
                proptest::prop_assert_eq!(found, expected);
                proptest::prop_assert_eq!(super::find_in_short(&text, word), text.find(word));
            }
            for byte in 0u8..4 {
                proptest::prop_assert_eq!(super::find_byte(&bytes, byte), bytes.iter().position(|&b| b == byte));
                let either = [byte, (byte + 1) % 4];
                proptest::prop_assert_eq!(super::find_either_byte_by_words(&bytes, either), bytes.iter().position(|b| either.contains(b)));
            }
        }

        /// `Marks::split` is std's split by the same chars, on text made of the
        /// marks, characters sharing their first bytes (`、` `（`) and others.
        #[test]
        fn marks_split_as_std_does(text in "[。；，：、（甲a1 ]{0,60}") {
            static SENTENCE: Marks = Marks::new(&['。', '；']);
            static CLAUSE: Marks = Marks::new(&['，', '；', '。', '：']);
            proptest::prop_assert_eq!(SENTENCE.split(&text).collect::<Vec<_>>(), text.split(['。', '；']).collect::<Vec<_>>());
            proptest::prop_assert_eq!(CLAUSE.split(&text).collect::<Vec<_>>(), text.split(['，', '；', '。', '：']).collect::<Vec<_>>());
        }

        #[test]
        fn lines_are_std_lines(text in "[甲a\r\n]{0,30}") {
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }
    }
}
