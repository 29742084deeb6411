//! View models: what the screens show, computed from the notice (and, later,
//! progress) by pure functions. Browser-free, tested natively; the Leptos
//! components in `app` only lay these out.

pub mod banner;
pub mod charts;
pub mod docx;
pub mod entry;
pub mod filename;
pub mod fill_form;
pub mod format;
pub mod glance;
pub mod grid;
pub mod headline;
pub mod import;
pub mod in_app;
pub mod overview;
pub mod palette;
pub mod period;
pub mod plot;
pub mod progress;
pub mod report;
pub mod route;
pub mod spreadsheet;
pub mod submissions;
pub mod xlsx;
pub mod zip_write;
