//! minsheng: the 民生实事 notice as data, progress on it, and the browser app.
//!
//! Data flows one way: notice text → [`notice`] → domain state → view
//! models → the Leptos app (`app`, wasm only). Everything outside `app` is
//! browser-free and tested natively.

pub mod notice;
pub mod progress;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;

/// The notice this build ships with (bundled into the binary).
pub const BUNDLED_NOTICE: &str = include_str!("../seeds/xiangshan-2023-50-minsheng.txt");

/// [`BUNDLED_NOTICE`] as this parser reads it (`notice::parse`, as JSON), kept
/// with the seed so that opening the page reads it instead of parsing the text:
/// in a fresh page the parse is ~30 ms of Chromium's open (its code compiled on
/// first use), reading this ~2 ms (BENCHMARKS.md, #10). A test checks that it is
/// the parser's reading and rewrites it when asked (`tests/bundled_reading.rs`).
pub const BUNDLED_READING: &str = include_str!("../seeds/xiangshan-2023-50-minsheng.reading.json");

/// The bundled notice as read: [`BUNDLED_READING`], else (never expected: the
/// test above keeps it current) the text parsed.
pub fn bundled_notice() -> notice::Notice {
    serde_json::from_str(BUNDLED_READING).unwrap_or_else(|_| notice::parse(BUNDLED_NOTICE))
}
