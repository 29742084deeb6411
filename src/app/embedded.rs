//! The data a "网页带数据" copy of this file carries (`html_copy` writes it):
//! a snapshot in a `<script type="application/json">` before the boot
//! scripts, read once at start. The notice it carries, if any, is the page's
//! when the address names none (`notices::current`); its data is then
//! checked like an imported file (`snapshot::read_for`).

use wasm_bindgen::JsCast;

/// The id of the `<script type="application/json">` holding the data.
pub const DATA_ID: &str = "minsheng-data";

/// The snapshot's text this file carries, if it is such a copy.
pub fn raw() -> Option<String> {
    let element = web_sys::window()?.document()?.get_element_by_id(DATA_ID)?;
    element.dyn_into::<web_sys::HtmlElement>().ok()?.text_content()
}
