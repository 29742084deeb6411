//! Storage banners: what went wrong (or what happened) with saving, and what
//! the user can do. Problems stay until solved; notices can be dismissed.

use leptos::prelude::*;

use super::download::download;
use super::state::app_state;
use crate::progress::persist::Mode;
use crate::view::banner::Banner;

#[component]
pub fn Banners() -> impl IntoView {
    let app = app_state();
    view! {
        <section id="banners" aria-live="polite">
            {move || app.banners.get().into_iter().map(|banner| {
                let kind = banner.kind();
                let moved = banner.moved_aside();
                let export = match &banner {
                    Banner::Quarantined { .. } | Banner::Repaired { .. } if !moved.is_empty() => Some(view! {
                        <button type="button" class="banner-export" on:click=move |_| export_moved(&moved)>"导出损坏的数据"</button>
                    }.into_any()),
                    Banner::Unavailable | Banner::Quota | Banner::ReadOnly { .. } => Some(view! {
                        <button type="button" class="banner-export" on:click=move |_| super::toolbar::export_json(app)>"导出数据"</button>
                    }.into_any()),
                    _ => None,
                };
                view! {
                    <div class="banner" class:problem=banner.is_problem() data-banner=kind role=if banner.is_problem() { "alert" } else { "status" }>
                        <span class="banner-message">{banner.message()}</span>
                        {export}
                        <button type="button" class="banner-dismiss" aria-label="关闭提示" on:click=move |_| app.dismiss(kind)>"×"</button>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

/// Download the values moved aside (as kept this session), one text file each.
fn export_moved(keys: &[String]) {
    let app = app_state();
    for key in keys {
        let text = app.persistence.with_value(|p| p.quarantined.iter().find(|(k, _)| k == key).map(|(_, t)| t.clone()));
        if let Some(text) = text {
            let name = format!("minsheng-损坏的数据-{}.txt", key.rsplit(":quarantine:").next().unwrap_or("").replace(':', "-"));
            if let Err(message) = download(&name, &text, "text/plain;charset=utf-8") {
                app.edit_error.set(Some(message));
            }
        }
    }
}

/// Where the data lives, always visible in the footer.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let app = app_state();
    let key = app.persistence.with_value(|p| p.head_key().to_string());
    view! {
        <p id="storage-status" data-mode=move || app.mode.get().key()>
            {move || match app.mode.get() {
                Mode::Normal => format!("进度保存在本浏览器的本地存储中（{key}），只在这台电脑的这个浏览器里；换电脑前请导出数据。"),
                Mode::Memory => "本浏览器不允许保存：进度只在本页面内存中，关闭即丢失，请导出数据。".to_string(),
                Mode::ReadOnly => "浏览器中的数据来自更新版本，本页面不会写入；修改只在内存中。".to_string(),
            }}
        </p>
    }
}
