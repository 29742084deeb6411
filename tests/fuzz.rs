//! A fuzz harness on stable Rust (#11 part 6), run by plain `cargo test`:
//! four targets — the notice parser, the snapshot reader, the stored-record
//! decoder, the notice-file reader (#12) — each fed mutations of a committed corpus (`tests/fuzz/corpus/
//! <target>/`) by a deterministic engine (seeded xorshift), for a budget of
//! time (`FUZZ_SECONDS`, all four together; 10 s by default) or of runs
//! (`FUZZ_ITERS` per target). A run fails on a panic, on a run that takes
//! more than 5 s (parsing, reading or rendering: each run is done on a worker
//! thread under a watchdog), on English in a refusal, and on a broken
//! invariant (an accepted snapshot exported and read again is the same; a
//! save reads back). Every failing input is written to `tests/fuzz/crashes/
//! <target>-<hash>`; the files of `tests/fuzz/regressions/<target>/` are
//! replayed on every run. See tests/fuzz/README.md.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use minsheng::notice::{parse, Notice};
use minsheng::progress::persist::{load, Loaded, Mode, StorageEvent};
use minsheng::progress::snapshot::{export, read, text_of};
use minsheng::progress::store::MemoryStore;
use minsheng::progress::{bounds, notice_hash, Day, Edit, Field, Progress, Status, Timestamp, Tracker, Value};
use minsheng::view;

#[path = "support/messages.rs"]
mod messages;

/// Every view of a state the app computes natively: the chart series, the
/// 通报 rows and CSV, and each chart's SVG, at mid-year and at the year's end.
/// The one place that calls the views: adapt it when they change.
fn render_all(notice: &Notice, progress: &Progress) -> usize {
    let year = view::progress::notice_year(notice, 2023);
    let items: Vec<_> = notice.items.iter().collect();
    let mut size = 0;
    for at in [Day::new(year, 6, 30), Day::new(year, 12, 31)].into_iter().flatten() {
        size += view::charts::completion_by_category(notice, progress, at).len();
        size += view::charts::completion_by_unit(notice, progress, at).len();
        size += view::charts::subsidies_by_category(notice, progress, at).len();
        size += view::charts::lights_by_category(notice, progress, at).len();
        size += view::charts::progress_over_time(notice, progress, at).len();
        size += view::report::csv(notice, &view::report::heading(notice, at), &view::report::rows(notice, &items, progress, at)).len();
        for chart in view::plot::charts(notice, progress, at) {
            let height = chart.natural_height(800.0);
            size += chart.svg(800, height as u32, &view::palette::LIGHT_THEME).len();
        }
    }
    size
}

// ---- the targets ------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Notice,
    Snapshot,
    Record,
    Source,
}

impl Target {
    const ALL: [Target; 4] = [Target::Notice, Target::Snapshot, Target::Record, Target::Source];

    fn name(self) -> &'static str {
        match self {
            Target::Notice => "notice",
            Target::Snapshot => "snapshot",
            Target::Record => "record",
            Target::Source => "source",
        }
    }

    /// Inputs larger than this are cut (the notice target's regressions stay < 200 KB).
    fn max_len(self) -> usize {
        match self {
            Target::Notice => 200_000,
            Target::Snapshot | Target::Record | Target::Source => 400_000,
        }
    }

    fn tokens(self) -> &'static [&'static str] {
        match self {
            Target::Notice | Target::Source => NOTICE_TOKENS,
            Target::Snapshot | Target::Record => JSON_TOKENS,
        }
    }

    /// One run on one input: Ok(whether it was accepted) or what went wrong.
    fn run(self, input: &[u8]) -> Result<bool, String> {
        match self {
            Target::Notice => run_notice(input),
            Target::Snapshot => run_snapshot(input),
            Target::Record => run_record(input),
            Target::Source => run_source(input),
        }
    }
}

fn bundled() -> &'static Notice {
    static N: OnceLock<Notice> = OnceLock::new();
    N.get_or_init(|| parse(minsheng::BUNDLED_NOTICE))
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a timestamp")
}

/// Any text parses; the notice it gives renders, with some progress on its first items.
fn run_notice(input: &[u8]) -> Result<bool, String> {
    let notice = parse(&String::from_utf8_lossy(input));
    let mut tracker = Tracker::default();
    let at = ts("2023-10-01T09:00:00");
    // Edits name an item, target and subsidy by its key (unique even where printed numbers repeat).
    for (i, item) in notice.items.iter().take(6).enumerate() {
        let value = if i % 2 == 0 { bounds::MAX_VALUE } else { 1.5 };
        let mut edits = vec![Edit { item: item.key, field: Field::Status, value: Value::Text(Status::InProgress.key().into()) }];
        if let Some(target) = item.targets.first() {
            let as_of = Day::new(2023, 9, 30).expect("a day");
            edits.push(Edit { item: item.key, field: Field::TargetAchieved { target: target.key, as_of }, value: Value::Number(value) });
        }
        if let Some(subsidy) = item.subsidies.first() {
            edits.push(Edit { item: item.key, field: Field::SubsidyServed { subsidy: subsidy.key }, value: Value::Number(value) });
            edits.push(Edit { item: item.key, field: Field::SubsidyPlanned { subsidy: subsidy.key }, value: Value::Number(value) });
        }
        for edit in edits {
            tracker.edit(&notice, edit, at).map_err(|e| format!("an edit the parsed notice should allow was refused: {e}"))?;
        }
    }
    // The views cost categories × items × sample days (`view::charts::progress_over_time`):
    // ~6 s unoptimized for a mangled text of 1502 categories and 1509 items
    // (regressions/notice/categories-1502.txt, README "Findings"). The app renders
    // only its bundled notice; the parser is fuzzed at any size, the views at sizes
    // a notice of this layout has (a real one: ≤ 20 categories, ≤ 100 items).
    if notice.categories.len() <= MAX_RENDERED_CATEGORIES && notice.items.len() <= MAX_RENDERED_ITEMS {
        render_all(&notice, &tracker.progress);
    }
    Ok(true)
}

/// A notice file (text in any encoding, .docx, .xlsx, or anything else) is
/// read into text the parser takes, or refused in Chinese.
fn run_source(input: &[u8]) -> Result<bool, String> {
    let name = match input {
        [b'P', b'K', ..] if input.windows(5).any(|w| w == b"word/") => "通知.docx",
        [b'P', b'K', ..] => "清单.xlsx",
        _ => "通知.txt",
    };
    match minsheng::notice::source::read(name, input) {
        Ok(source) => {
            let _ = parse(&source.text);
            Ok(true)
        }
        Err(e) => {
            let message = e.to_string();
            let english = messages::english_words(&message, &String::from_utf8_lossy(input));
            if english.is_empty() {
                Ok(false)
            } else {
                Err(format!("English {english:?} in the refusal: {message}"))
            }
        }
    }
}

const MAX_RENDERED_CATEGORIES: usize = 100;
const MAX_RENDERED_ITEMS: usize = 500;

/// A file is refused in Chinese, or it is a snapshot that renders and
/// exports to itself.
fn run_snapshot(input: &[u8]) -> Result<bool, String> {
    let notice = bundled();
    let text = text_of(input);
    let snapshot = match text.clone().and_then(|text| read(&text, minsheng::BUNDLED_NOTICE, notice)) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            let message = e.to_string();
            let file = text.unwrap_or_else(|_| String::from_utf8_lossy(input).into_owned());
            let english = messages::english_words(&message, &file);
            return if english.is_empty() { Ok(false) } else { Err(format!("English {english:?} in the refusal: {message}")) };
        }
    };
    render_all(notice, &snapshot.progress);
    let (_, again) = export(minsheng::BUNDLED_NOTICE, notice, &snapshot.progress, snapshot.exported_at, snapshot.notice_source.clone(), snapshot.as_of);
    match read(&again, minsheng::BUNDLED_NOTICE, notice) {
        Ok(back) if back.progress == snapshot.progress => Ok(true),
        Ok(_) => Err("exported and read again, the progress differs".into()),
        Err(e) => Err(format!("its own export is refused: {e}")),
    }
}

/// A store of `key<TAB>value` lines opens (whatever is in it), what it
/// tells is Chinese, what loads is within bounds and renders, and an edit
/// saved to it reads back.
fn run_record(input: &[u8]) -> Result<bool, String> {
    let text = String::from_utf8_lossy(input);
    let mut store = MemoryStore::new();
    // A line that begins with a tab continues the value before it (schema 4's
    // items hold line breaks).
    let mut entries: Vec<(&str, String)> = Vec::new();
    for line in text.lines() {
        match (line.strip_prefix('\t'), entries.last_mut()) {
            (Some(more), Some((_, value))) => {
                value.push('\n');
                value.push_str(more);
            }
            _ => entries.extend(line.split_once('\t').map(|(key, value)| (key, value.to_string()))),
        }
    }
    for (key, value) in entries {
        store.put_raw(key, &value);
    }
    let notice = bundled();
    let hash = notice_hash(minsheng::BUNDLED_NOTICE);
    let now = ts("2023-11-01T08:00:00");
    let Loaded { progress, mut events, mut persistence } = load(&mut store, &hash, "fuzz", now);
    let mut tracker = Tracker::new(progress);
    events.extend(persistence.load_history(&mut store, &mut tracker.progress, now));
    let mut file = None;
    for event in &events {
        let told = match event {
            StorageEvent::ReadOnly { message } | StorageEvent::Quarantined { message, .. } => vec![message.clone()],
            StorageEvent::Repaired { problems, .. } => problems.clone(),
            _ => vec![],
        };
        for message in told {
            let file = file.get_or_insert_with(|| messages::prepared(&readable(&text)));
            let english = messages::english_words_in(&message, file);
            if !english.is_empty() {
                return Err(format!("English {english:?} in what the user is told: {message}"));
            }
        }
    }
    for (no, item) in &tracker.progress.items {
        bounds::check_item(item).map_err(|(path, why)| format!("loaded item {no} out of bounds at {path}: {why}"))?;
    }
    render_all(notice, &tracker.progress);
    if persistence.mode != Mode::Normal {
        return Ok(false);
    }
    let note = "模糊测试写入的备注";
    tracker.edit(notice, Edit { item: 7, field: Field::Note, value: Value::Text(note.into()) }, ts("2023-11-01T08:00:01")).map_err(|e| e.to_string())?;
    let saved = persistence.save(&mut store, &mut tracker.progress, ts("2023-11-01T08:00:02"));
    if saved.iter().any(|e| matches!(e, StorageEvent::Quota | StorageEvent::Unavailable | StorageEvent::ReadOnly { .. })) {
        return Ok(true);
    }
    let again = load(&mut store, &hash, "fuzz-again", ts("2023-11-01T08:00:03"));
    match again.progress.items.get(&7) {
        Some(item) if item.note == note => Ok(true),
        other => Err(format!("a saved note does not read back: {:?} ({:?})", other.map(|i| &i.note), again.events)),
    }
}

/// The store's text with its deflated values inflated (what a message may quote).
fn readable(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut out = text.to_string();
    for packed in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')).filter(|w| w.len() > 8) {
        let packed = packed.strip_prefix('z').unwrap_or(packed);
        for candidate in [packed, &packed[1.min(packed.len())..]] {
            if let Some(json) = b64.decode(candidate).ok().and_then(|d| miniz_oxide::inflate::decompress_to_vec_with_limit(&d, 1 << 24).ok()) {
                out.push('\n');
                out.push_str(&String::from_utf8_lossy(&json));
            }
        }
    }
    out
}

// ---- the mutation engine --------------------------------------------------------------

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

const JSON_TOKENS: &[&str] = &[
    "1e308",
    "-0",
    "-1",
    "1e400",
    "1e13",
    "10000000000001",
    "1e307",
    "0.30000000000000004",
    "99999999999999999999999999999999999999999999999999999999999999999999999999999999999",
    "NaN",
    "\"\\u202e\"",
    "\u{202e}",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "\"\"",
    "{}",
    "[]",
    "\"7\":",
    "\"items\":{\"7\":{}},",
    "\"status\":\"done\",",
    "\"note\":\"甲\",",
    "\"value\":1e13,",
    "\"as_of\":\"2023-02-29\",",
    "\"at\":\"\",",
    "\"2023-10-01T09:00:00\"",
    "\"field\":\"target_achieved\",",
    "\"schema\":3,",
    "\"schema\":4,",
    "\"generation\":4294967295,",
    "\"revision\":18446744073709551615,",
    "\"chunks\":4294967295,",
    "z",
    "256;",
    "\u{feff}",
    "\r\n",
];

const NOTICE_TOKENS: &[&str] = &[
    "一、",
    "十一、",
    "（一）",
    "1.",
    "51.",
    "推进举措：",
    "附件1",
    "（牵头单位：区民政局）",
    "（全市参照执行）",
    "（3项）",
    "万人",
    "0.98万人",
    "1.5亿元",
    "元/人",
    "每人每月100元",
    "10月底前",
    "6月30日前",
    "由3千伏安提高至3.1千伏安",
    "零",
    "１２３",
    "．",
    "％",
    "\u{3000}",
    "\r\n",
    "\n",
    "\u{feff}",
    "\u{202e}",
    "(",
    ")",
    "）",
    "99999999999999999999999999999999",
    "1e308",
    "-0",
];

/// A position at or after `i` that does not split a UTF-8 character.
fn boundary(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && (data[i] & 0xc0) == 0x80 {
        i += 1;
    }
    i.min(data.len())
}

/// A JSON value's span after a `:` at or after `from`: up to the next `,` `}` `]` or line end.
fn value_span(data: &[u8], from: usize) -> Option<(usize, usize)> {
    let colon = from + data.get(from..)?.iter().position(|&b| b == b':')?;
    let start = colon + 1;
    let len = data[start..].iter().position(|&b| matches!(b, b',' | b'}' | b']' | b'\n')).unwrap_or(data.len() - start);
    Some((start, start + len))
}

fn mutate(rng: &mut Rng, seed: &[u8], pool: &[Vec<u8>], target: Target) -> Vec<u8> {
    let mut data = seed.to_vec();
    let tokens = target.tokens();
    let max = target.max_len();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&data, rng.below(data.len() + 1));
        match rng.below(12) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = *rng.pick(b"\0\xff\"{}[],:\\\n0-e.");
            }
            2 | 3 => {
                let token = rng.pick(tokens).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            4 => {
                // A value replaced by a token (JSON), or a number by another.
                if let Some((a, b)) = value_span(&data, at) {
                    let token = rng.pick(tokens).as_bytes();
                    data.splice(a..b, token.iter().copied());
                }
            }
            5 => {
                let end = boundary(&data, (at + 1 + rng.below(64)).min(data.len()));
                data.drain(at..end);
            }
            6 => data.truncate(at),
            7 => {
                // A slice repeated (up to a few thousand times).
                let end = boundary(&data, (at + 1 + rng.below(200)).min(data.len()));
                let slice = data[at..end].to_vec();
                let most = if rng.below(8) == 0 { 5000 } else { 8 };
                let times = 1 + rng.below(most);
                let repeated: Vec<u8> = slice.iter().copied().cycle().take(slice.len() * times).collect();
                data.splice(end..end, repeated);
            }
            8 => {
                // Crossover with another input of the pool.
                let other = rng.pick(pool);
                let from = boundary(other, rng.below(other.len() + 1));
                let to = boundary(other, (from + rng.below(4096)).min(other.len()));
                if rng.below(2) == 0 {
                    data.splice(at..at, other[from..to].iter().copied());
                } else {
                    data.truncate(at);
                    data.extend_from_slice(&other[from..]);
                }
            }
            9 => {
                // A line given twice (a key twice, a store entry twice, a heading twice).
                let start = data[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let end = data[at..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| at + i + 1);
                let line = data[start..end].to_vec();
                let to = boundary(&data, rng.below(data.len() + 1));
                let to = data[to..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| to + i + 1);
                data.splice(to..to, line);
            }
            10 if target == Target::Record => packed_mutation(rng, &mut data, pool),
            11 if target == Target::Snapshot && rng.below(4) == 0 => {
                // Another encoding of the same text.
                if let Ok(text) = std::str::from_utf8(&data) {
                    let le = rng.below(2) == 0;
                    let mut out = if le { vec![0xff, 0xfe] } else { vec![0xfe, 0xff] };
                    out.extend(text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }));
                    return out;
                }
            }
            _ => {
                let token = rng.pick(tokens).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
        }
        data.truncate(max);
    }
    data
}

/// A mutation inside a deflated stored value (schema 3's `z…` items and
/// sealed chunks, release 0.1's `"data"`): inflated, mutated as JSON, packed again.
fn packed_mutation(rng: &mut Rng, data: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let Ok(text) = String::from_utf8(data.clone()) else { return };
    let lines: Vec<&str> = text.split('\n').collect();
    let which = rng.below(lines.len());
    let line = lines[which];
    let b64 = base64::engine::general_purpose::STANDARD;
    // (the text before the packed part, the base64, the text after it)
    let parts = if let Some(i) = line.find("\tz").or_else(|| line.find(";z")) {
        let start = i + 2;
        Some((&line[..start], &line[start..], ""))
    } else if let Some(i) = line.find("\"data\":\"") {
        let start = i + "\"data\":\"".len();
        line[start..].find('"').map(|len| (&line[..start], &line[start..start + len], &line[start + len..]))
    } else {
        None
    };
    let Some((before, packed, after)) = parts else { return };
    let Ok(deflated) = b64.decode(packed) else { return };
    let Ok(json) = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, 1 << 22) else { return };
    let json = mutate(rng, &json, pool, Target::Snapshot);
    let repacked = b64.encode(miniz_oxide::deflate::compress_to_vec(&json, 1));
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[which] = format!("{before}{repacked}{after}");
    *data = out.join("\n").into_bytes();
}

// ---- running under a watchdog --------------------------------------------------------------

/// A run may take this long (parse/read/load and every render) before it
/// counts as a hang: 5 s optimized; unoptimized code (plain `cargo test`) is
/// about ten times slower, so it gets 15 s.
const WATCHDOG: Duration = Duration::from_secs(if cfg!(debug_assertions) { 15 } else { 5 });

thread_local! {
    /// On a worker: panics are recorded here instead of printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let message = info.payload().downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| info.payload().downcast_ref::<String>().cloned());
                let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panic: {}{at}", message.unwrap_or_default())));
            } else {
                default(info);
            }
        }));
    });
}

type Job = (Target, Vec<u8>);

/// A thread that runs one input at a time; replaced when a run hangs.
struct Worker {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Result<bool, String>>,
}

impl Worker {
    fn new() -> Worker {
        install_panic_hook();
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("fuzz-worker".into())
            .stack_size(64 << 20)
            .spawn(move || {
                QUIET.with(|q| q.set(true));
                for (target, input) in inbox {
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| target.run(&input)))
                        .unwrap_or_else(|_| Err(LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panic".into())));
                    if outbox.send(outcome).is_err() {
                        break;
                    }
                }
            })
            .expect("a worker thread");
        Worker { jobs, done }
    }

    fn run(&mut self, target: Target, input: &[u8]) -> Result<bool, String> {
        self.jobs.send((target, input.to_vec())).expect("the worker is alive");
        match self.done.recv_timeout(WATCHDOG) {
            Ok(outcome) => outcome,
            Err(_) => {
                // The stuck thread is left behind (it cannot be stopped); the process ends it.
                *self = Worker::new();
                Err(format!("took more than {} s (a hang)", WATCHDOG.as_secs()))
            }
        }
    }
}

// ---- files --------------------------------------------------------------------------

fn dir(kind: &str, target: Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz").join(kind).join(target.name())
}

/// The files of a directory, by name (README.md excluded).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md" && n != ".gitignore")).collect()
        })
        .unwrap_or_else(|_| Vec::new())
        .into_iter()
        .map(|p: PathBuf| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("readable")))
        .collect();
    out.sort();
    out
}

/// FNV-1a, for crash file names.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Writes the input to tests/fuzz/crashes/<target>-<hash>; returns the path.
fn keep_crash(target: Target, input: &[u8]) -> String {
    let crashes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/crashes");
    let _ = std::fs::create_dir_all(&crashes);
    let path = crashes.join(format!("{}-{:016x}", target.name(), fnv(input)));
    let _ = std::fs::write(&path, input);
    path.display().to_string()
}

// ---- budget and the fuzz loop -----------------------------------------------------------

struct Budget {
    time: Option<Duration>,
    iters: Option<u64>,
}

fn budget() -> Budget {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite() && *v >= 0.0);
    let iters = var("FUZZ_ITERS").map(|n| n as u64);
    let seconds = var("FUZZ_SECONDS").or(if iters.is_some() { None } else { Some(10.0) });
    Budget { time: seconds.map(Duration::from_secs_f64), iters }
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0x6d69_6e73_6865_6e67)
}

/// Fuzz one target for the budget: a line of figures, and the failures.
fn fuzz(target: Target) -> (String, Vec<String>) {
    let corpus: Vec<Vec<u8>> = files(&dir("corpus", target)).into_iter().map(|(_, data)| data).collect();
    assert!(!corpus.is_empty(), "tests/fuzz/corpus/{} is empty", target.name());
    let Budget { time, iters } = budget();
    let mut rng = Rng::new(seed() ^ fnv(target.name().as_bytes()));
    let mut worker = Worker::new();
    // The corpus, and inputs that were accepted after mutation (they reach deeper).
    let mut pool = corpus.clone();
    let (mut runs, mut accepted) = (0u64, 0u64);
    let mut failures: Vec<String> = Vec::new();
    let start = Instant::now();
    while time.is_none_or(|t| start.elapsed() < t) && iters.is_none_or(|n| runs < n) && failures.len() < 10 {
        let seed_input = if rng.below(4) == 0 { rng.pick(&corpus) } else { rng.pick(&pool) }.clone();
        let input = mutate(&mut rng, &seed_input, &pool, target);
        runs += 1;
        match worker.run(target, &input) {
            Ok(true) => {
                accepted += 1;
                if target != Target::Notice && input != seed_input {
                    if pool.len() < 256 {
                        pool.push(input);
                    } else {
                        let i = corpus.len() + rng.below(pool.len() - corpus.len());
                        pool[i] = input;
                    }
                }
            }
            Ok(false) => {}
            Err(why) => failures.push(format!("{}: {why}", keep_crash(target, &input))),
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let line = format!(
        "fuzz {}: {runs} runs in {seconds:.1} s = {:.0}/s, {accepted} accepted, {} in the pool, {} failures",
        target.name(),
        runs as f64 / seconds.max(1e-9),
        pool.len(),
        failures.len()
    );
    (line, failures)
}

/// The targets (`FUZZ_TARGETS=notice,record` picks some), all at once, each
/// for the whole budget: `FUZZ_SECONDS` is the run's wall-clock time.
#[test]
fn fuzz_the_parser_the_snapshot_reader_and_the_record_decoder() {
    let wanted = std::env::var("FUZZ_TARGETS").unwrap_or_default();
    let targets: Vec<Target> = Target::ALL.into_iter().filter(|t| wanted.trim().is_empty() || wanted.split(',').any(|w| w.trim() == t.name())).collect();
    assert!(!targets.is_empty(), "FUZZ_TARGETS names none of notice, snapshot, record, source");
    let runs: Vec<_> = targets.into_iter().map(|t| std::thread::spawn(move || fuzz(t))).collect();
    let mut failures = Vec::new();
    for run in runs {
        let (line, failed) = run.join().expect("the fuzz loop itself does not panic");
        println!("{line}");
        failures.extend(failed);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The corpus and every reproducer kept in tests/fuzz/regressions/<target>/ pass, every run
/// (and with `FUZZ_REPLAY=<dir>`, the `<target>-…` files there).
#[test]
fn corpus_and_regressions_replay() {
    let mut worker = Worker::new();
    let mut failures = Vec::new();
    for target in Target::ALL {
        let regressions = files(&dir("regressions", target));
        assert!(!regressions.is_empty(), "tests/fuzz/regressions/{} has reproducers", target.name());
        // FUZZ_REPLAY=tests/fuzz/crashes: also the failures kept there (`<target>-<hash>`).
        let kept = std::env::var("FUZZ_REPLAY").map(|d| files(Path::new(&d))).unwrap_or_default();
        let kept = kept.into_iter().filter(|(name, _)| name.starts_with(&format!("{}-", target.name())));
        for (name, input) in files(&dir("corpus", target)).into_iter().chain(regressions).chain(kept) {
            let started = Instant::now();
            match worker.run(target, &input) {
                Ok(accepted) => {
                    println!("{}/{name}: {} in {:.0} ms", target.name(), if accepted { "accepted" } else { "refused" }, started.elapsed().as_secs_f64() * 1e3)
                }
                Err(why) => failures.push(format!("{}/{name}: {why}", target.name())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
