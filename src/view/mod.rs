//! View models: what the screens show, computed from the notice (and, later,
//! progress) by pure functions. Browser-free, tested natively; the Leptos
//! components in `app` only lay these out.

pub mod banner;
pub mod charts;
pub mod format;
pub mod import;
pub mod overview;
pub mod plot;
pub mod progress;
pub mod report;
pub mod route;
pub mod xlsx;
