//! Offer text or bytes as a file download (Blob + object URL; no network).

use wasm_bindgen::JsCast;

/// Start the download of `text` as `filename`. Err carries a Chinese message.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    save_blob(filename, &js_sys::Array::of1(&text.into()), mime)
}

/// The same for binary content (an XLSX workbook).
pub fn download_bytes(filename: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    save_blob(filename, &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into()), mime)
}

fn save_blob(filename: &str, parts: &js_sys::Array, mime: &str) -> Result<(), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options).map_err(|_| "浏览器未能生成下载文件。".to_string())?;
    download_blob(filename, &blob)
}

/// Start the download of `blob` as `filename` (made safe for every system:
/// names carry user text). The one place the app saves a file.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |_| "浏览器未能生成下载文件。".to_string();
    let filename = &crate::view::filename::sanitize(filename);
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("没有页面文档。")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "无法创建下载链接。".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_attribute("data-download", filename).ok();
    anchor.style().set_property("display", "none").ok();
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
    Ok(())
}
