//! The data a "网页带数据" copy of this file carries (`html_copy` writes it):
//! a snapshot in a `<script type="application/json">` before the boot
//! scripts, read once at start and checked like an imported file.

use wasm_bindgen::JsCast;

use crate::notice::Notice;
use crate::progress::snapshot::{read, ImportError, Snapshot};

/// The id of the `<script type="application/json">` holding the data.
pub const DATA_ID: &str = "minsheng-data";

/// The snapshot this file carries, if it is such a copy.
pub fn carried(notice_text: &str, notice: &Notice) -> Option<Result<Snapshot, ImportError>> {
    let element = web_sys::window()?.document()?.get_element_by_id(DATA_ID)?;
    let text = element.dyn_into::<web_sys::HtmlElement>().ok()?.text_content()?;
    Some(read(&text, notice_text, notice))
}
