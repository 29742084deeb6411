//! Which notice this page shows, and opening another (#12): the bundled
//! sample, one of the library's (`progress::library`) named by `#n=<id>`,
//! or the one a "网页带数据" copy carries (`progress::carried`).
//! A page shows one notice for its whole life (components borrow it
//! `'static`): switching is going to its address and reloading.

use leptos::prelude::*;

use super::local_store::LocalStore;
use super::state::app_state;
use crate::notice::corrections::{Corrections, Unapplied};
use crate::notice::keys::Unplaced;
use crate::notice::{parse, Notice};
use crate::progress::carried::{here, Carried, Here};
use crate::progress::library::{self, Entry};
use crate::progress::store::Store as _;
use crate::progress::{notice_hash, Timestamp};
use crate::view::route::Route;

/// The notice of this page: its id (the bundled one's is its text's hash,
/// as its stored progress is keyed), its text and its reading.
#[derive(Clone, Copy)]
pub struct Current {
    pub id: &'static str,
    pub text: &'static str,
    /// Its reading with the user's corrections applied: what the page tracks.
    pub notice: &'static Notice,
    /// The parser's reading, keyed, before the corrections (核对与更正 edits them).
    pub read: &'static Notice,
    pub corrections: &'static Corrections,
    /// What the last stored reading had and this one has not.
    pub unplaced: &'static [Unplaced],
    /// Corrections that found nothing to apply to.
    pub unapplied: &'static [Unapplied],
    /// The stored corrections could not be read (Chinese).
    pub problem: Option<&'static str>,
    /// Whether it is on the library's list (`#n=` names it).
    pub in_library: bool,
    /// What the library knows of it (None: the bundled notice). A notice
    /// this file carries that is not listed has the file's facts: it is put
    /// on the list when this browser first stores data for it (`AppState`).
    pub entry: Option<&'static Entry>,
}

/// The notice the address names, if the library lists it; else the one
/// this file carries (`carried`: a "网页带数据" copy of a library notice),
/// as this browser has it if it does; else the bundled one.
pub fn current(carried: Option<Carried>) -> Current {
    let wanted = Route::from_hash(&window().location().hash().unwrap_or_default()).notice;
    let (listed, removed) = library_lists();
    // (The first `localStorage` read, which loads the origin's store; the notice is read after it.)
    super::mark("minsheng-library-read");
    // (The text read straight from its key: the list was just read.)
    let stored = |e: &Entry| LocalStore.get(&library::text_key(&e.id)).ok().flatten();
    let named = wanted.and_then(|id| listed.iter().find(|e| e.id == id).cloned());
    if let Some(entry) = named {
        if let Some(text) = stored(&entry) {
            return of_library(entry, text, true, None);
        }
    }
    if let Some(carried) = carried {
        match here(&carried, listed, removed) {
            Here::Listed(entry) => {
                if let Some(text) = stored(&entry) {
                    return of_library(entry, text, true, None);
                }
            }
            // Shown as this browser has it; put back on the list with its data (`AppState`).
            Here::Removed(entry) => {
                if let Some(text) = stored(&entry) {
                    return of_library(entry, text, false, None);
                }
            }
            Here::Nothing => {}
        }
        let corrections = carried.corrections.clone();
        return of_library(carried.entry(Timestamp::PRIOR), carried.text, false, Some(corrections));
    }
    let text = crate::BUNDLED_NOTICE;
    opened(leak(notice_hash(text)), text, crate::bundled_notice(), false, None, None)
}

/// The library's lists as this page started: read once for choosing the
/// page's notice and for the switcher (any change to them reloads the page).
fn library_lists() -> &'static (Vec<Entry>, Vec<Entry>) {
    static LISTS: std::sync::OnceLock<(Vec<Entry>, Vec<Entry>)> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| library::lists(&LocalStore).unwrap_or_default())
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A library notice (`listed` or not) with its text, for the whole page;
/// `carried`: the corrections a file carries with a notice not stored here.
fn of_library(entry: Entry, text: String, listed: bool, carried: Option<Corrections>) -> Current {
    let entry: &'static Entry = Box::leak(Box::new(entry));
    let text = leak(text);
    opened(&entry.id, text, parse(text), listed, Some(entry), carried)
}

/// The notice `id` (`text`, as read: `read`) with its stored reading and corrections
/// (else those `carried`); it lives as long as the page, so components borrow it 'static.
fn opened(id: &'static str, text: &'static str, read: Notice, in_library: bool, entry: Option<&'static Entry>, carried: Option<Corrections>) -> Current {
    let mut opened = library::open_read(&LocalStore, id, read);
    if let Some(corrections) = carried.filter(|_| opened.corrections.is_empty() && opened.problem.is_none()) {
        (opened.notice, opened.unapplied) = crate::notice::corrections::apply(&opened.read, &corrections);
        opened.corrections = corrections;
    }
    Current {
        id,
        text,
        notice: Box::leak(Box::new(opened.notice)),
        read: Box::leak(Box::new(opened.read)),
        corrections: Box::leak(Box::new(opened.corrections)),
        unplaced: Box::leak(opened.unplaced.into_boxed_slice()),
        unapplied: Box::leak(opened.unapplied.into_boxed_slice()),
        problem: opened.problem.map(leak),
        in_library,
        entry,
    }
}

/// Show the notice `id` (None: the bundled one): its address, then a reload.
pub(crate) fn open(id: Option<&str>) {
    let hash = Route { notice: id.map(str::to_string), ..Route::default() }.to_hash();
    let location = window().location();
    let _ = location.set_hash(&hash);
    let _ = location.reload();
}

/// The notices this browser has, to switch between, and 打开通知.
#[component]
pub fn NoticeSwitcher() -> impl IntoView {
    let app = app_state();
    // One read of the list at start-up for both the switcher and 已移除的通知.
    let (entries, removed) = library_lists().clone();
    let current = app.notice_id;
    let bundled_title = parse_title(crate::BUNDLED_NOTICE);
    let label = |e: &Entry| format!("{}（{}）", e.title, e.year.map_or("年份未知".to_string(), |y| format!("{y}年")));
    let options = entries.into_iter().map(|e| {
        let label = label(&e);
        view! { <option value=e.id.clone() prop:selected=e.id == current>{label}</option> }
    });
    // A notice this file carries, not (yet) on the list.
    let from_file = app.notice_entry.filter(|_| !app.notice_in_library).map(|e| {
        let label = format!("{}（随此文件）", label(e));
        view! { <option value=e.id.clone() prop:selected=true>{label}</option> }
    });
    let dialog_open = RwSignal::new(false);
    let correcting = RwSignal::new(false);
    view! {
        <div class="notice-switcher">
            <label>
                "通知："
                <select id="notice-select" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    open((!id.is_empty()).then_some(id.as_str()));
                }>
                    <option value="" prop:selected=app.notice_entry.is_none()>{bundled_title} "（示例）"</option>
                    {options.collect_view()}
                    {from_file}
                </select>
            </label>
            <button id="open-notice" type="button" on:click=move |_| dialog_open.set(true)>"打开通知…"</button>
            <button id="correct-notice" type="button" on:click=move |_| correcting.set(true)>"核对与更正…"</button>
            {app.notice_in_library.then(|| view! { <RemoveNotice id=current/> })}
            <RemovedNotices removed/>
            <OpenNoticeDialog open=dialog_open/>
            <super::corrections::CorrectNoticeDialog open=correcting/>
        </div>
    }
}

/// Take this notice off the list, after a confirmation. Its text and progress
/// stay stored (that is the backup): 已移除的通知 brings it back.
#[component]
fn RemoveNotice(id: &'static str) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let remove = move |_| {
        let asked = window().confirm_with_message("从列表中移除这份通知？它的文本和进度仍保存在本浏览器中，可在“已移除的通知”中恢复。");
        if asked != Ok(true) {
            return;
        }
        match library::remove(&mut LocalStore, id) {
            Ok(()) => open(None),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <button id="remove-notice" type="button" on:click=remove>"移除此通知"</button>
        {move || error.get().map(|e| view! { <span class="import-error" role="alert">{e}</span> })}
    }
}

/// The notices taken off the list, each with 恢复.
#[component]
fn RemovedNotices(removed: Vec<library::Entry>) -> impl IntoView {
    (!removed.is_empty()).then(|| {
        let count = removed.len();
        let rows = removed.into_iter().map(|e| {
            let id = e.id.clone();
            let restore = {
                let id = id.clone();
                move |_| {
                    if library::restore(&mut LocalStore, &id).is_ok() {
                        open(Some(&id));
                    }
                }
            };
            // For good, to free space: after a warning that suggests exporting it first.
            let delete = move |_| {
                let asked = window()
                    .confirm_with_message("永久删除这份通知及其全部进度、历史和备份？删除后无法恢复。\n如需留存，请先恢复它并用“导出数据”保存一份快照。");
                if asked == Ok(true) && library::delete_removed(&mut LocalStore, &id).is_ok() {
                    let _ = window().location().reload();
                }
            };
            view! {
                <li class="removed-notice"><bdi>{e.title}</bdi> " "
                    <button type="button" class="restore-notice" on:click=restore>"恢复"</button> " "
                    <button type="button" class="delete-notice" on:click=delete>"永久删除"</button>
                </li>
            }
        });
        view! {
            <details id="removed-notices">
                <summary>"已移除的通知（" {count} "）"</summary>
                <ul>{rows.collect_view()}</ul>
            </details>
        }
    })
}

fn parse_title(text: &str) -> String {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("民生实事").trim_start_matches('\u{feff}').to_string()
}

/// GB18030/GBK text by the browser's own decoder (compiled in, a decoder
/// would cost ~104 KB gzip); None when the bytes are not valid GB18030.
fn gb18030(bytes: &[u8]) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    let decoder = web_sys::TextDecoder::new_with_label_and_options("gb18030", &options).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

/// Paste a notice's text or open its file, see what was read, and add it to the library.
#[component]
fn OpenNoticeDialog(open: RwSignal<bool>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // What reading the file said (the format, skipped sheets…), shown with the preview.
    let notes = RwSignal::new(Vec::<String>::new());
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
        input.set_value("");
        // The last file's refusal would otherwise stand while this one is read.
        error.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            if file.size() > crate::notice::source::MAX_FILE_BYTES as f64 {
                let e = crate::notice::source::SourceError::TooLarge { bytes: file.size() as usize };
                return error.set(Some(format!("“{name}”：{e}")));
            }
            let read =
                super::import::file_bytes(&file).await.and_then(|bytes| crate::notice::source::read_with(&name, &bytes, &gb18030).map_err(|e| e.to_string()));
            match read {
                Ok(source) => {
                    notes.set(source.notes);
                    error.set(None);
                    text.set(source.text);
                }
                // The text already there stays: a refused file changes nothing.
                Err(message) => error.set(Some(format!("“{name}”：{message}"))),
            }
        });
    };
    let preview = Memo::new(move |_| text.with(|t| (!t.trim().is_empty()).then(|| parse(t))));
    // What the user corrected before tracking, by key (kept when the text changes: what no longer applies is listed).
    let corrections = RwSignal::new(Corrections::default());
    let corrected = Memo::new(move |_| preview.with(|p| p.as_ref().map(|n| corrections.with(|c| crate::notice::corrections::apply(n, c).0))));
    let fixing = RwSignal::new(false);
    let add = move |_| {
        let Ok(now) = super::clock::now() else {
            return error.set(Some("电脑日期不正确，请校正后再试。".into()));
        };
        let id = super::clock::notice_id();
        match text.with_untracked(|t| corrections.with_untracked(|c| library::add(&mut LocalStore, t, &id, now, c))) {
            Ok(_) => super::notices::open(Some(&id)),
            Err(library::LibraryError::AlreadyThere { id, .. }) => super::notices::open(Some(&id)),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
           <Show when=move || open.get()>
               <div class="modal-backdrop">
               <section id="open-notice-dialog" class="modal" role="dialog" aria-modal="true" aria-labelledby="open-notice-title" tabindex="-1">
                   <super::modal::ModalFocus id="open-notice-dialog" close=move || open.set(false)/>
                   <h2 id="open-notice-title">"打开通知"</h2>
                   <p class="hint">"选择通知文件（文本、Word 或 Excel 清单），或把通知全文（含清单）粘贴到下面，查看读出的事项，确认后开始跟踪。暂不支持 PDF：请从 PDF 中复制文字粘贴。"</p>
                   <label class="button">
                       "选择文件（.txt / .docx / .xlsx）"
                       <input id="open-notice-file" type="file" class="visually-hidden"
                           accept=".txt,.docx,.xlsx,.text,text/plain" on:change=on_file/>
                   </label>
                   <textarea id="open-notice-text" rows="10" aria-label="通知全文" prop:value=move || text.get()
                       on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); notes.set(vec![]); }></textarea>
                   {move || notes.with(|n| (!n.is_empty()).then(|| view! {
                       <ul id="open-notice-notes" class="hint">{n.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}</ul>
                   }))}
                   {move || corrected.with(|p| p.as_ref().map(|n| {
                       let items = n.items.iter().take(8).map(|i| view! { <li><bdi>{format!("{}. {}", i.no, i.text)}</bdi></li> }).collect_view();
                       view! {
                           <div id="open-notice-preview" class="preview">
                               <p>
                                   "读出 " <strong class="preview-items">{n.items.len()}</strong> " 项，"
                                   <strong class="preview-categories">{n.categories.len()}</strong> " 个类别；"
                                   "地点：" <bdi class="preview-place">{n.place.clone().unwrap_or_else(|| "未识别".into())}</bdi> "；"
                                   "年份：" <span class="preview-year">{n.year.map_or("未识别".to_string(), |y| y.to_string())}</span> "；"
                                   "数据核查提示 " {n.diagnostics.len()} " 条。"
                               </p>
                               <ol class="preview-list">{items}</ol>
                               {(!n.diagnostics.is_empty()).then(|| view! {
                                   <details id="open-notice-checks">
                                       <summary>"可能未读准的地方（数据核查提示）"</summary>
                                       <ul>{n.diagnostics.iter().take(50).map(|d| view! { <li>{d.message.clone()}</li> }).collect_view()}</ul>
                                   </details>
                               })}
                               <button id="open-notice-fix" type="button" on:click=move |_| fixing.update(|f| *f = !*f)>
                                   {move || if fixing.get() { "收起核对与更正" } else { "逐项核对与更正…" }}
                               </button>
                           </div>
                       }
                   }))}
    <Show when=move || fixing.get() && preview.with(Option::is_some)>
                       <super::corrections::NoticeEditor read=preview corrections/>
                   </Show>
                   {move || error.get().map(|e| view! { <p id="open-notice-error" class="import-error" role="alert">{e}</p> })}
                   <div class="modal-actions">
                       <button id="open-notice-add" class="primary" type="button" on:click=add
                           disabled=move || preview.with(|p| p.as_ref().is_none_or(|n| n.items.is_empty()))>"开始跟踪这份通知"</button>
                       <button id="open-notice-cancel" type="button" on:click=move |_| open.set(false)>"取消"</button>
                   </div>
               </section>
               </div>
           </Show>
       }
}
