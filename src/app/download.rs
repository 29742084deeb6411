//! Offer text or bytes as a file download (Blob + object URL; no network).
//! In an in-app browser (微信, 钉钉 …), which may ignore a download, the
//! user is also told so and offered another way: [`DownloadHelp`].

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::view::in_app::in_app_browser;

/// Start the download of `text` as `filename`. Err carries a Chinese message.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    save_blob(filename, &js_sys::Array::of1(&text.into()), mime, Some(text))
}

/// The same for binary content (an XLSX workbook).
pub fn download_bytes(filename: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    save_blob(filename, &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into()), mime, None)
}

fn save_blob(filename: &str, parts: &js_sys::Array, mime: &str, text: Option<&str>) -> Result<(), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options).map_err(|_| "浏览器未能生成下载文件。".to_string())?;
    save(filename, &blob, text)
}

/// Start the download of `blob` as `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    save(filename, blob, None)
}

/// Save `blob` as `filename` (made safe for every system: names carry user
/// text); `text` is its content when it is text (it can then be copied
/// instead). The one place the app saves a file.
fn save(filename: &str, blob: &web_sys::Blob, text: Option<&str>) -> Result<(), String> {
    let fail = |_| "浏览器未能生成下载文件。".to_string();
    let filename = &crate::view::filename::sanitize(filename);
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("没有页面文档。")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "无法创建下载链接。".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_attribute("data-download", filename).ok();
    web_sys::HtmlElement::style(&anchor).set_property("display", "none").ok();
    let body = document.body().ok_or("没有页面主体。")?;
    body.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    // Revoke later: Firefox needs the URL alive while the download starts.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    offer_another_way(filename, text);
    Ok(())
}

/// What the help dialog offers after a download in an in-app browser.
#[derive(Clone)]
struct Offered {
    /// "微信"
    app: &'static str,
    name: String,
    text: Option<String>,
}

thread_local! {
    /// The download the next [`HELP_EVENT`] is about (set by `save`, taken by the dialog).
    static OFFERED: RefCell<Option<Offered>> = const { RefCell::new(None) };
}

/// Dispatched on `window` when a download may not have happened.
const HELP_EVENT: &str = "minsheng-download-help";

fn offer_another_way(name: &str, text: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let Some(app) = window.navigator().user_agent().ok().and_then(|ua| in_app_browser(&ua)) else { return };
    OFFERED.with(|o| *o.borrow_mut() = Some(Offered { app, name: name.to_string(), text: text.map(str::to_string) }));
    if let Ok(event) = web_sys::Event::new(HELP_EVENT) {
        let _ = window.dispatch_event(&event);
    }
}

/// After a download in an in-app browser: it may not have saved the file;
/// open the page in a browser, or copy a text file's content.
#[component]
pub fn DownloadHelp() -> impl IntoView {
    let offered = RwSignal::new(None::<Offered>);
    let handle = window_event_listener_untyped(HELP_EVENT, move |_| {
        if let Some(o) = OFFERED.with(|o| o.borrow_mut().take()) {
            offered.set(Some(o));
        }
    });
    on_cleanup(move || handle.remove());
    move || offered.get().map(|o| view! { <HelpDialog offered=o close=move || offered.set(None)/> })
}

#[component]
fn HelpDialog(offered: Offered, close: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let Offered { app, name, text } = offered;
    let copied = RwSignal::new(None::<&'static str>);
    let close_button = close.clone();
    view! {
        <div class="modal-backdrop">
            <section id="download-help" class="modal" role="dialog" aria-modal="true" aria-labelledby="download-help-title" tabindex="-1">
                <super::modal::ModalFocus id="download-help" close=move || close()/>
                <h2 id="download-help-title">"文件可能没有保存"</h2>
                <p>{format!("您正在{app}里打开本页面，{app}的内置浏览器可能不会保存文件“{name}”。")}</p>
                <p>"请点右上角“…”，选择“在浏览器中打开”，在浏览器里再操作一次。"</p>
                {text.map(|text| view! {
                    <p>"或者复制文件内容，粘贴到电脑上的文本文件中，以“" {name.clone()} "”为名保存："</p>
                    <textarea id="download-help-text" rows="4" readonly aria-label="文件内容" prop:value=text.clone()></textarea>
                    <button id="download-help-copy" type="button" on:click=move |_| copy(text.clone(), "download-help-text", copied)>"复制内容"</button>
                    {move || copied.get().map(|m| view! { <p id="download-help-copied" role="status">{m}</p> })}
                })}
                <div class="modal-actions">
                    <button id="download-help-close" type="button" on:click=move |_| close_button()>"关闭"</button>
                </div>
            </section>
        </div>
    }
}

/// Copy `text` with the Clipboard API; where it is missing or refused, select
/// the same text in the textarea `area` and use the older copy command; else
/// say how to copy by hand.
pub(crate) fn copy(text: String, area: &'static str, copied: RwSignal<Option<&'static str>>) {
    const DONE: &str = "已复制。";
    const BY_HAND: &str = "未能自动复制：请在上面的文本框中全选（长按或 Ctrl+A）后复制。";
    let clipboard = web_sys::window().and_then(|w| js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok()).filter(|c| c.is_object());
    let write = clipboard.as_ref().and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let promise = match (clipboard, write) {
        (Some(c), Some(f)) => f.call1(&c, &text.into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok()),
        _ => None,
    };
    leptos::task::spawn_local(async move {
        let ok = match promise {
            Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            None => false,
        };
        copied.set(Some(if ok || copy_selected(area) { DONE } else { BY_HAND }));
    });
}

/// Select a textarea's text and run the copy command (browsers without the Clipboard API).
fn copy_selected(area: &str) -> bool {
    let Some(area) = document().get_element_by_id(area).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else {
        return false;
    };
    area.select();
    let exec = js_sys::Reflect::get(&document(), &"execCommand".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    exec.and_then(|f| f.call1(&document(), &"copy".into()).ok()).is_some_and(|r| r.as_bool() == Some(true))
}
