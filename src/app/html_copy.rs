//! "另存为带数据的网页": a copy of this very HTML file with the current
//! progress embedded as a snapshot (TiddlyWiki's way of saving, no server).
//! Reading what such a copy carries is `embedded`'s.
//!
//! The copy is rebuilt from the live document: the `<head>` (styles, CSP)
//! and the elements of `<body>` marked `data-minsheng` (the boot scripts
//! and the `<noscript>`, marked by scripts/inline-html.mjs and index.html)
//! are the file as built — the app's own `<main>`, and whatever a browser
//! extension may have added, are left out — and the data goes first in the
//! body, before the scripts that start the app, so that it is parsed when
//! the app looks for it. A script's text serializes verbatim, so the CSP's
//! script hashes still match.

use leptos::prelude::*;

use super::clock;
use super::download::download;
use super::embedded::DATA_ID;
use super::state::AppState;
use crate::progress::snapshot::{export, for_html};

/// Download the copy: "相山区民生实事_2023-10-31_区残联.html".
pub fn save(app: AppState) -> Result<(), String> {
    let now = clock::now().map_err(|year| format!("电脑日期不正确（{year}年），请校正后再保存。"))?;
    app.ensure_history();
    let (name, json) = app.tracker.with_untracked(|t| export(app.notice_text, app.notice, &t.progress, now, app.carried(), Some(app.as_of.get_untracked())));
    let name = format!("{}.html", name.trim_end_matches(".json"));
    let document = web_sys::window().and_then(|w| w.document()).ok_or("没有页面文档。")?;
    let head = document.head().ok_or("页面缺少 head。")?.outer_html();
    let body = document.body().ok_or("没有页面主体。")?;
    let mut html = String::with_capacity(head.len() + json.len() + 600_000);
    html.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n");
    html.push_str(&head);
    html.push_str("\n<body>\n<script type=\"application/json\" id=\"");
    html.push_str(DATA_ID);
    html.push_str("\">");
    html.push_str(&for_html(&json));
    html.push_str("</script>\n");
    let children = body.children();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else { continue };
        if child.has_attribute("data-minsheng") {
            html.push_str(&child.outer_html());
            html.push('\n');
        }
    }
    html.push_str("</body>\n</html>\n");
    download(&name, &html, "text/html;charset=utf-8")
}
