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
