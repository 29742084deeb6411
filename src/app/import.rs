//! Importing snapshots: the file picker, and the dialog that shows what an
//! import would change before the user replaces or merges. Reading and
//! checking a file (`progress::snapshot::read_for`), merging (`progress::merge`),
//! adding a notice a file carries (`progress::import::add_notice_with`)
//! and the rows shown (`view::import`) are native and tested there; this
//! file reads files and lays the rows out.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::clock;
use super::local_store::LocalStore;
use super::state::app_state;
use crate::notice::source::read_sheets;
use crate::progress::carried::Here;
use crate::progress::import::{add_notice_with, decisions, merged, received, Foreign, Pending, Source};
use crate::progress::keys::notice_hash;
use crate::progress::library;
use crate::progress::snapshot::{read_for, text_of, ImportError, Page, MAX_BYTES};
use crate::view::fill_form;
use crate::view::import::{change_rows, conflict_rows, ChangeRow};

/// Rows beyond this are counted, not listed (a year of edits is thousands).
const MAX_ROWS_SHOWN: usize = 300;

/// The "导入数据" button: a label around a hidden file input (so it works
/// without script tricks in both browsers), several files at once.
#[component]
pub fn ImportButton() -> impl IntoView {
    let app = app_state();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files: Vec<web_sys::File> = input.files().map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect());
        // Cleared so that picking the same file again fires `change` again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            let mut pending = Pending::default();
            // What this browser has, for files of other notices that carry theirs.
            let (listed, removed) = library::lists(&LocalStore).unwrap_or_default();
            for file in files {
                let name = file.name();
                match read_file(&file).await {
                    // A zip: a 填报表 filled in Excel or WPS.
                    Ok(bytes) if bytes.starts_with(b"PK") => match read_form(&bytes, app.page()) {
                        Ok(source) => pending.sources.push(Source { name, ..source }),
                        Err(why) => pending.refused.push((name, why)),
                    },
                    Ok(bytes) => match text_of(&bytes).and_then(|text| read_for(&text, app.page())) {
                        Ok(snapshot) => pending.sources.push(Source::new(name, snapshot)),
                        Err(ImportError::OtherNotice { carried: Some(snapshot), .. }) => pending.add_foreign(name, *snapshot, &listed, &removed),
                        Err(e) => pending.refused.push((name, e.to_string())),
                    },
                    Err(message) => pending.refused.push((name, message)),
                }
            }
            app.offer_as_of(pending.sources.iter().find_map(|s| s.as_of));
            app.import.set(Some(pending));
        });
    };
    view! {
        <label class="button import-button" title="导入其他单位或本单位导出的 JSON 快照，或填好的 Excel 填报表（可一次选多个）">
            "⇧ 导入数据"
            <input id="import-file" type="file" accept=".json,application/json,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" multiple class="visually-hidden" on:change=on_change/>
        </label>
    }
}

/// A filled 填报表 (`view::fill_form`) as a copy to merge, or why not (Chinese).
fn read_form(bytes: &[u8], page: Page<'_>) -> Result<Source, String> {
    let sheets = read_sheets(bytes).map_err(|e| format!("{e}"))?;
    let filled = fill_form::read(page.notice, &notice_hash(page.text), &sheets).map_err(|e| e.to_string())?;
    let now = clock::now().map_err(|year| format!("电脑日期不正确（{year}年），请校正后再导入。"))?;
    Ok(fill_form::source(String::new(), &filled, now))
}

/// The file's bytes (decoded by `text_of`, the same in every browser); a
/// file too large is refused unread.
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > MAX_BYTES as f64 {
        return Err(ImportError::TooLarge { bytes: size as usize }.to_string());
    }
    file_bytes(file).await
}

/// A picked file's bytes, or why the browser could not read it.
pub(crate) async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| "浏览器未能读取此文件。".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Merge,
    Replace,
}

#[component]
pub fn ImportDialog() -> impl IntoView {
    let app = app_state();
    view! {
        <Show when=move || app.import.with(Option::is_some)>
            <ImportBody pending=app.import.get_untracked().unwrap_or_default()/>
        </Show>
    }
}

#[component]
fn ImportBody(pending: Pending) -> impl IntoView {
    let app = app_state();
    let notice = app.notice;
    let Pending { sources, refused, embedded, foreign } = pending;
    let sources = StoredValue::new(sources);
    let mode = RwSignal::new(Mode::Merge);
    // Merging needs the whole local history.
    app.ensure_history();
    let merged = Memo::new(move |_| app.tracker.with(|t| sources.with_value(|s| merged(&t.progress, s))));
    // Per conflict, the chosen candidate (default: the newest, which the merge took).
    let choices = RwSignal::new(Vec::<usize>::new());
    Effect::new(move |_| merged.with(|m| choices.set(m.conflicts.iter().map(|c| c.candidates.len().saturating_sub(1)).collect())));
    let changes = Memo::new(move |_| {
        app.tracker.with(|t| match mode.get() {
            Mode::Merge => merged.with(|m| change_rows(notice, &t.progress, &m.progress)),
            Mode::Replace => sources.with_value(|s| change_rows(notice, &t.progress, &s[0].progress)),
        })
    });
    let conflicts = Memo::new(move |_| merged.with(|m| conflict_rows(notice, &m.conflicts)));
    let can_replace = sources.with_value(|s| s.len() == 1);
    let has_sources = sources.with_value(|s| !s.is_empty());
    let error = RwSignal::new(None::<String>);
    let close = move || app.import.set(None);

    let apply = move |_| {
        let result = match mode.get_untracked() {
            Mode::Replace => {
                let (progress, summary) = sources.with_value(|s| (s[0].progress.clone(), format!("已用“{}”替换本机数据。", s[0].name)));
                app.apply_import(progress, Vec::new(), summary)
            }
            Mode::Merge => {
                let resolutions = merged.with_untracked(|m| choices.with_untracked(|chosen| decisions(m, chosen)));
                let summary = sources.with_value(|s| {
                    let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
                    let n = changes.with_untracked(Vec::len);
                    let decided = conflicts.with_untracked(Vec::len);
                    let decided = if decided > 0 { format!("，{decided} 处冲突已按所选处理") } else { String::new() };
                    format!("已合并 {}：{n} 处修改{decided}。", names.join("、"))
                });
                app.apply_import(merged.with_untracked(|m| m.progress.clone()), resolutions, summary)
            }
        };
        match result {
            Ok(()) => close(),
            Err(message) => error.set(Some(message)),
        }
    };

    view! {
        <div class="modal-backdrop">
            <section id="import-dialog" class="modal import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title"
                tabindex="-1" data-embedded=embedded.to_string()>
                <super::modal::ModalFocus id="import-dialog" close=move || close()/>
                <h2 id="import-title">{if embedded { "此文件附带了进度数据" } else { "导入数据" }}</h2>
                {embedded.then(|| view! {
                    <p class="hint">"此文件由同事“另存为带数据的网页”生成，附带的数据与本浏览器中已有的不同。可以合并或替换；选“暂不导入”则不做改动，以后再次打开此文件时还会询问。"</p>
                })}
                <ul id="import-sources" class="import-sources">
                    {sources.with_value(|s| s.iter().map(|s| view! {
                        <li class="import-source"><strong>{s.name.clone()}</strong> "（" {s.by()} "）"</li>
                    }).collect_view())}
                </ul>
                {(!refused.is_empty()).then(|| view! {
                    <ul id="import-refused" class="import-refused" role="alert">
                        {refused.into_iter().map(|(name, why)| view! {
                            <li class="import-error"><strong>{name}</strong> "：未导入。" {why}</li>
                        }).collect_view()}
                    </ul>
                })}
                {(!foreign.is_empty()).then(|| view! {
                    <div id="import-foreign">
                        {foreign.into_iter().map(|foreign| view! { <ForeignNotice foreign error/> }).collect_view()}
                    </div>
                })}
                {has_sources.then(|| view! {
                    <fieldset class="import-mode">
                        <legend>"导入方式"</legend>
                        <label>
                            <input type="radio" name="import-mode" id="import-merge" prop:checked=move || mode.get() == Mode::Merge
                                on:change=move |_| mode.set(Mode::Merge)/>
                            "合并：逐项比较，保留较新的修改，双方都改过的列为冲突由您决定"
                        </label>
                        {can_replace.then(|| view! {
                            <label>
                                <input type="radio" name="import-mode" id="import-replace" prop:checked=move || mode.get() == Mode::Replace
                                    on:change=move |_| mode.set(Mode::Replace)/>
                                "替换：本机数据全部换成文件中的数据"
                            </label>
                        })}
                    </fieldset>
                    <Conflicts conflicts choices mode=Signal::derive(move || mode.get() == Mode::Merge)/>
                    <ChangeList changes/>
                })}
                {move || error.get().map(|m| view! { <p id="import-apply-error" class="edit-error" role="alert">{m}</p> })}
                <div class="modal-actions">
                    {has_sources.then(|| view! {
                        <button id="import-apply" type="button" class="primary" on:click=apply>
                            {move || if mode.get() == Mode::Merge { "确认合并" } else { "确认替换" }}
                        </button>
                    })}
                    <button id="import-cancel" type="button" on:click=move |_| close()>
                        {if embedded { "暂不导入" } else if has_sources { "取消" } else { "关闭" }}
                    </button>
                </div>
            </section>
        </div>
    }
}

/// Files of a notice this page does not show, which carry it: add it with
/// their data (this browser lacks it), or switch to it (it has it). Nothing
/// changes before the button; a refusal is shown in the dialog.
#[component]
fn ForeignNotice(foreign: Foreign, error: RwSignal<Option<String>>) -> impl IntoView {
    let app = app_state();
    let c = &foreign.carried;
    let year = c.year.map_or("年份未知".to_string(), |y| format!("{y}年"));
    let place = if c.place.is_empty() { "地点未知".to_string() } else { c.place.clone() };
    let files = foreign.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("、");
    let (say, label, class) = match &foreign.here {
        Here::Nothing => (
            "本浏览器中还没有这份通知。文件附带了通知全文：可以添加此通知，并把这些文件的数据作为它的进度导入。".to_string(),
            "添加此通知并导入数据",
            "import-add-notice primary",
        ),
        Here::Listed(e) => (
            format!("本浏览器已有这份通知（“{}”），但本页显示的是另一份通知。请切换到该通知后再导入这些文件。", e.title),
            "切换到该通知",
            "import-switch-notice",
        ),
        Here::Removed(e) => (
            format!("这份通知（“{}”）在本浏览器的“已移除的通知”中。可恢复并切换到该通知，再导入这些文件。", e.title),
            "恢复并切换到该通知",
            "import-switch-notice",
        ),
    };
    let title = c.title.clone();
    let id = c.id.clone();
    let foreign = StoredValue::new(foreign);
    let act = move |_| {
        let result = foreign.with_value(|f| match &f.here {
            Here::Nothing => {
                let Ok(now) = super::clock::now() else { return Err("电脑日期不正确，暂不能导入。".to_string()) };
                let files: Vec<&crate::progress::Progress> = f.sources.iter().map(|s| &s.progress).collect();
                let progress = received(&files, &app.tracker.with_untracked(|t| t.progress.settings.unit.clone()));
                add_notice_with(&mut LocalStore, &f.carried, progress, &super::clock::tab_id(), now).map(|entry| entry.id)
            }
            Here::Listed(e) => Ok(e.id.clone()),
            Here::Removed(e) => library::restore(&mut LocalStore, &e.id).map(|()| e.id.clone()).map_err(|e| e.to_string()),
        });
        match result {
            Ok(id) => super::notices::open(Some(&id)),
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <section class="import-foreign" data-notice=id>
            <h3>"另一份通知的数据"</h3>
            <p>
                <strong>{files}</strong> " 属于通知 " <bdi class="foreign-title">{title}</bdi>
                "（" <bdi class="foreign-place">{place}</bdi> "，" <span class="foreign-year">{year}</span> "）。"
            </p>
            <p class="hint">{say}</p>
            <button type="button" class=class on:click=act>{label}</button>
        </section>
    }
}

#[component]
fn Conflicts(conflicts: Memo<Vec<crate::view::import::ConflictRow>>, choices: RwSignal<Vec<usize>>, mode: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || mode.get() && conflicts.with(|c| !c.is_empty())>
            <h3>"冲突（双方都修改过，请选择保留哪一个）"</h3>
            <ol id="import-conflicts" class="import-conflicts">
                {move || conflicts.get().into_iter().enumerate().map(|(i, row)| {
                    let group = format!("conflict-{i}");
                    view! {
                        <li class="import-conflict" data-item=row.item.to_string()>
                            <span class="change-where">"第" {row.no} "项 " {row.title} " · " {row.field}</span>
                            {row.choices.into_iter().enumerate().map(|(j, choice)| view! {
                                <label class="conflict-choice">
                                    <input type="radio" name=group.clone() value=j.to_string()
                                        prop:checked=move || choices.with(|c| c.get(i) == Some(&j))
                                        on:change=move |_| choices.update(|c| if let Some(slot) = c.get_mut(i) { *slot = j })/>
                                    <bdi class="choice-value">{choice.shown}</bdi> " （" <bdi class="choice-by">{choice.by}</bdi> "）"
                                </label>
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </Show>
    }
}

#[component]
fn ChangeList(changes: Memo<Vec<ChangeRow>>) -> impl IntoView {
    view! {
        <h3>"将要发生的改动 " <span id="import-change-count">{move || changes.with(Vec::len)}</span> " 处"</h3>
        {move || changes.with(|rows| {
            if rows.is_empty() {
                return view! { <p class="none">"没有改动：本机数据已包含这些内容。"</p> }.into_any();
            }
            let more = rows.len().saturating_sub(MAX_ROWS_SHOWN);
            view! {
                <table id="import-changes" class="import-changes">
                    <thead><tr><th>"事项"</th><th>"内容"</th><th>"原值"</th><th>"新值"</th></tr></thead>
                    <tbody>
                        {rows.iter().take(MAX_ROWS_SHOWN).map(|r| view! {
                            <tr class="import-change" data-item=r.item.to_string()>
                                <td>"第" {r.no} "项 " {r.title.clone()}</td>
                                <td>{r.field.clone()}</td>
                                <td class="old"><bdi>{r.old.clone()}</bdi></td>
                                <td class="new"><bdi>{r.new.clone()}</bdi></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(more > 0).then(|| view! { <p class="hint">"另有 " {more} " 处改动未列出。"</p> })}
            }.into_any()
        })}
    }
}
