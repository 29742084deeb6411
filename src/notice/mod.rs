//! The notice parser: text in, [`Notice`] out. Pure, total (never panics),
//! knows nothing of this particular notice beyond its layout.

mod model;

pub use model::*;

/// Parse a notice. Never panics; anything unreadable becomes a diagnostic.
pub fn parse(text: &str) -> Notice {
    Notice {
        format_version: NOTICE_FORMAT_VERSION,
        title: text.lines().find(|l| !l.trim().is_empty()).map(|l| l.trim().to_string()),
        date: None,
        list_title: None,
        stated_total: None,
        categories: vec![],
        items: vec![],
        diagnostics: vec![],
    }
}
