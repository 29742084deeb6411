//! 核对与更正 (#12): the notice as the parser read it, every thing editable.
//! What the user changes is a `notice::corrections::Corrections` (edits by
//! key, applied after every reading), checked before it is taken: a value
//! that is not sound is refused with a Chinese message and changes nothing.
//! Used by 打开通知 (before tracking) and for the notice this page tracks.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::notice::corrections::{apply, check, AddedItem, Corrections, ItemCorrection, SubsidyFix, TargetFix};
use crate::notice::{Item, Level, Notice};
use crate::view::format::{level_label, number, parse_number_input};

/// The editor's handle on the corrections: every change goes through `commit`.
#[derive(Clone, Copy)]
struct Editing {
    read: Signal<Option<Notice>>,
    corrections: RwSignal<Corrections>,
    error: RwSignal<Option<String>>,
}

impl Editing {
    /// Change the corrections with `change`, unless the result is not sound.
    fn commit(self, change: impl FnOnce(&mut Corrections)) {
        let mut next = self.corrections.get_untracked();
        change(&mut next);
        next.items.retain(|_, fix| *fix != ItemCorrection::default());
        match check(&next) {
            Ok(()) => {
                self.error.set(None);
                self.corrections.set(next);
            }
            Err(why) => self.error.set(Some(format!("未更正：{why}。"))),
        }
    }

    /// Change the correction of the item `key`.
    fn fix(self, key: u32, change: impl FnOnce(&mut ItemCorrection, Option<&Item>)) {
        let read_item = self.read.with_untracked(|r| r.as_ref().and_then(|r| r.items.iter().find(|i| i.key == key).cloned()));
        self.commit(|c| change(c.items.entry(key).or_default(), read_item.as_ref()));
    }

    fn refuse(self, message: String) {
        self.error.set(Some(message));
    }
}

/// Rows drawn before 显示其余.
const ROWS_AT_ONCE: usize = 50;

/// The corrected notice, item by item, with the controls to correct it.
#[component]
pub fn NoticeEditor(#[prop(into)] read: Signal<Option<Notice>>, corrections: RwSignal<Corrections>) -> impl IntoView {
    let editing = Editing { read, corrections, error: RwSignal::new(None) };
    let shown = Memo::new(move |_| read.with(|r| r.as_ref().map(|r| corrections.with(|c| apply(r, c)))));
    let header = move || shown.with(|s| s.as_ref().map(|(n, _)| view! { <HeaderFields notice=n.clone() editing/> }));
    // The first rows at once, the rest on request: drawing 200 rows of fields takes Chromium ~0.5 s.
    let limit = RwSignal::new(ROWS_AT_ONCE);
    let rows = move || {
        let limit = limit.get();
        shown.with(|s| {
            let Some((n, _)) = s else { return Vec::new() };
            n.items.iter().enumerate().take(limit).map(|(at, item)| (item.clone(), n.items.get(at + 1).map(|i| i.key))).collect::<Vec<_>>()
        })
    };
    let hidden = move || shown.with(|s| s.as_ref().map_or(0, |(n, _)| n.items.len().saturating_sub(limit.get())));
    // Items taken out (read or added ones), to bring back.
    let removed = move || {
        let c = corrections.get();
        read.with(|r| {
            let read_items = r.iter().flat_map(|r| r.items.iter().map(|i| (i.key, i.no, i.text.clone())));
            let added = c.added.iter().map(|a| (a.key, a.no, a.text.clone()));
            read_items.chain(added).filter(|(key, _, _)| c.items.get(key).is_some_and(|f| f.removed)).collect::<Vec<_>>()
        })
    };
    let unapplied = move || shown.with(|s| s.as_ref().map(|(_, u)| u.clone()).unwrap_or_default());
    view! {
        <div id="notice-editor" class="notice-editor">
            {header}
            <p class="edit-error" role="alert" id="fix-error">{move || editing.error.get()}</p>
            <ol class="fix-items">
                <For each=rows key=|(item, next)| (fingerprint(item), *next) let:row>
                    <ItemFields notice=shown item=row.0 next=row.1 editing/>
                </For>
            </ol>
            {move || (hidden() > 0).then(|| view! {
                <button id="fix-show-all" type="button" on:click=move |_| limit.set(usize::MAX)>"显示其余 " {hidden()} " 项"</button>
            })}
            <button id="fix-add-item" type="button" on:click=move |_| add_item(editing, shown)>"添加事项"</button>
            {move || {
                let removed = removed();
                (!removed.is_empty()).then(|| view! {
                    <h3>"已去掉的事项"</h3>
                    <ul id="fix-removed">
                        {removed.into_iter().map(|(key, no, text)| view! {
                            <li class="fix-removed" data-key=key.to_string()>
                                <bdi>{format!("{no}. {text}")}</bdi> " "
                                <button type="button" class="fix-restore" on:click=move |_| editing.fix(key, |f, _| f.removed = false)>"恢复"</button>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {move || {
                let unapplied = unapplied();
                (!unapplied.is_empty()).then(|| view! {
                    <h3>"未能应用的更正（事项已不在本次读取中）"</h3>
                    <ul id="fix-unapplied">{unapplied.into_iter().map(|u| view! { <li>{u.what}</li> }).collect_view()}</ul>
                })
            }}
        </div>
    }
}

/// What an item shows in the editor, hashed: a row is drawn again only when
/// it changed (typing in one item does not redraw the others).
fn fingerprint(item: &Item) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (item.key, item.no, &item.text, &item.units, item.category, item.level as u8).hash(&mut h);
    item.targets.iter().for_each(|t| (t.key, &t.label, t.value.to_bits(), &t.unit).hash(&mut h));
    item.subsidies.iter().for_each(|s| (s.key, &s.label, s.amount_yuan.to_bits(), &s.basis).hash(&mut h));
    h.finish()
}

/// The list's title, place and year.
#[component]
fn HeaderFields(notice: Notice, editing: Editing) -> impl IntoView {
    let set_text = move |which: fn(&mut Corrections) -> &mut Option<String>| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev).trim().to_string();
            editing.commit(|c| *which(c) = Some(value));
        }
    };
    let set_year = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        match value.trim().parse::<i32>() {
            Ok(year) => editing.commit(|c| c.year = Some(year)),
            Err(_) => editing.refuse(format!("年份应为四位数字，如 2025；“{}”不是年份。", value.trim())),
        }
    };
    view! {
        <div class="fix-header">
            <label>"清单标题 " <input class="fix-title" prop:value=notice.list_title.clone().or(notice.title.clone()).unwrap_or_default()
                on:change=set_text(|c| &mut c.title)/></label>
            <label>"地点 " <input class="fix-place" prop:value=notice.place.clone().unwrap_or_default() on:change=set_text(|c| &mut c.place)/></label>
            <label>"年份 " <input class="fix-year" inputmode="numeric" prop:value=notice.year.map(|y| y.to_string()).unwrap_or_default() on:change=set_year/></label>
        </div>
    }
}

/// An item of the corrected notice: text, units, category, level, its targets
/// and subsidies; split, join with the next, remove.
#[component]
fn ItemFields(notice: Memo<Option<(Notice, Vec<crate::notice::corrections::Unapplied>)>>, item: Item, next: Option<u32>, editing: Editing) -> impl IntoView {
    let key = item.key;
    let text_box = NodeRef::<leptos::html::Textarea>::new();
    let (categories, own_category, levels) = notice.with_untracked(|s| {
        let n = &s.as_ref().expect("rows exist only for a notice").0;
        let categories: Vec<String> = n.categories.iter().map(|c| c.name.clone()).collect();
        let own = n.categories.iter().find(|c| c.index == item.category).map(|c| c.name.clone()).unwrap_or_default();
        let levels = [Level::District, Level::City, Level::Province].map(|l| (l, level_label(n, l)));
        (categories, own, levels)
    });
    let set_text = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev).trim().to_string();
        if value.is_empty() {
            return editing.refuse("事项内容不能为空；不是事项的请点“不是事项”。".into());
        }
        editing.fix(key, |f, read| f.text = (read.map(|r| r.text.as_str()) != Some(value.as_str())).then_some(value));
    };
    let set_units = move |ev: leptos::ev::Event| {
        let units: Vec<String> =
            event_target_value(&ev).split(['、', '，', ',', '；', ';']).map(str::trim).filter(|u| !u.is_empty()).map(str::to_string).collect();
        editing.fix(key, |f, read| f.units = (read.map(|r| &r.units) != Some(&units)).then_some(units));
    };
    let set_category = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        editing.fix(key, |f, _| f.category = Some(name));
    };
    let set_level = move |ev: leptos::ev::Event| {
        let level = match event_target_value(&ev).as_str() {
            "city" => Level::City,
            "province" => Level::Province,
            _ => Level::District,
        };
        editing.fix(key, |f, read| f.level = (read.map(|r| r.level) != Some(level)).then_some(level));
    };
    let split = move |_| {
        let Some(area) = text_box.get_untracked() else { return };
        let text = area.value();
        let at = area.selection_start().ok().flatten().unwrap_or(0) as usize;
        // The cursor is counted in UTF-16 units; corrections count characters.
        let chars = text.chars().scan(0, |units, ch| {
            *units += ch.len_utf16();
            Some(*units)
        });
        let at_char = chars.take_while(|&units| units <= at).count();
        let (read, shown) = (editing.read.get_untracked(), notice.get_untracked());
        let (Some(read), Some((shown, _))) = (read, shown) else { return };
        let mut split_ok = false;
        editing.commit(|c| split_ok = c.split(&read, &shown, key, at_char).is_some());
        if !split_ok {
            editing.refuse("请先在事项内容中把光标放到要拆开的位置（不能在开头或末尾），再点“拆分”。".into());
        }
    };
    let join = move |_| {
        let Some(next) = next else { return };
        let Some((shown, _)) = notice.get_untracked() else { return };
        editing.commit(|c| {
            c.join(&shown, key, next);
        });
    };
    // Removed, not deleted (an added item too): 已去掉的事项 brings it back, with any progress recorded for it.
    let remove = move |_| editing.fix(key, |f, _| f.removed = true);
    view! {
        <li class="fix-item" data-key=key.to_string()>
            <div class="fix-line">
                <span class="item-no">{item.no} "."</span>
                <textarea class="fix-text" rows="2" node_ref=text_box prop:value=item.text.clone() on:change=set_text></textarea>
            </div>
            <div class="fix-line">
                <label>{item.units_label.clone().unwrap_or_else(|| "牵头单位".into())} " "
                    <input class="fix-units" prop:value=item.units.join("、") on:change=set_units/></label>
                <label>"类别 " <select class="fix-category" on:change=set_category>
                    {categories.into_iter().map(|c| view! { <option prop:selected=c == own_category value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select></label>
                <label>"层级 " <select class="fix-level" on:change=set_level>
                    {levels.into_iter().map(|(l, label)| {
                        let value = match l { Level::District => "district", Level::City => "city", Level::Province => "province" };
                        view! { <option value=value prop:selected=l == item.level>{label}</option> }
                    }).collect_view()}
                </select></label>
                <button type="button" class="fix-split" on:click=split>"拆分"</button>
                {next.map(|_| view! { <button type="button" class="fix-join" on:click=join>"与下一项合并"</button> })}
                <button type="button" class="fix-remove" on:click=remove>"不是事项"</button>
            </div>
            <p class="fix-deadlines hint">"完成时限（从内容读出，改内容即改）：" {deadlines_text(&item)}</p>
            <TargetFields item=item.clone() editing/>
            <SubsidyFields item editing/>
        </li>
    }
}

/// "10月底前、6月30日前", or the year's end when the text names no deadline.
fn deadlines_text(item: &Item) -> String {
    if item.deadlines.is_empty() {
        return "年底前（未写明）".into();
    }
    let each = item.deadlines.iter().map(|d| match d.day {
        Some(day) => format!("{}月{day}日前", d.month),
        None => format!("{}月底前", d.month),
    });
    each.collect::<Vec<_>>().join("、")
}

/// 去掉 the target or subsidy `thing` of the item `key` (`fixes`: the item's
/// fixes of that kind; `has`: whether an item has it). When the reading
/// without the user's entry for it has it, removing it is a correction;
/// else the thing was the user's own and its entry just goes.
fn remove_thing<F: Clone>(
    editing: Editing,
    key: u32,
    thing: usize,
    fixes: fn(&mut ItemCorrection) -> &mut BTreeMap<usize, Option<F>>,
    has: fn(&Item, usize) -> bool,
) {
    editing.commit(|c| {
        let mut probe = c.clone();
        if let Some(fix) = probe.items.get_mut(&key) {
            fixes(fix).remove(&thing);
        }
        let kept =
            editing.read.with_untracked(|r| r.as_ref().is_some_and(|r| apply(r, &probe).0.items.iter().find(|i| i.key == key).is_some_and(|i| has(i, thing))));
        let entries = fixes(c.items.entry(key).or_default());
        if kept {
            entries.insert(thing, None);
        } else {
            entries.remove(&thing);
        }
    })
}

#[component]
fn TargetFields(item: Item, editing: Editing) -> impl IntoView {
    let key = item.key;
    let next_key = item.targets.iter().map(|t| t.key + 1).max().unwrap_or(0);
    let rows = item.targets.into_iter().map(|t| {
        let target = t.key;
        let fix = TargetFix { label: t.label.clone(), value: t.value, unit: t.unit.clone() };
        let put = move |fix: TargetFix| {
            editing.fix(key, |f, _| {
                f.targets.insert(target, Some(fix));
            })
        };
        let (label_fix, value_fix, unit_fix) = (fix.clone(), fix.clone(), fix);
        let set_value = move |ev: leptos::ev::Event| match parse_number_input(&event_target_value(&ev)) {
            Ok(Some(value)) => put(TargetFix { value, ..value_fix.clone() }),
            Ok(None) => editing.refuse("目标数值不能为空；不是目标的请点“去掉”。".into()),
            Err(message) => editing.refuse(message),
        };
        let remove = move |_| remove_thing(editing, key, target, |f| &mut f.targets, |i, k| i.targets.iter().any(|t| t.key == k));
        view! {
            <tr class="fix-target" data-key=target.to_string()>
                <td><input class="fix-target-label" prop:value=t.label.clone()
                    on:change=move |ev| put(TargetFix { label: event_target_value(&ev).trim().to_string(), ..label_fix.clone() })/></td>
                <td><input class="fix-target-value" inputmode="decimal" prop:value=number(t.value) on:change=set_value/></td>
                <td><input class="fix-target-unit" prop:value=t.unit.clone()
                    on:change=move |ev| put(TargetFix { unit: event_target_value(&ev).trim().to_string(), ..unit_fix.clone() })/></td>
                <td><button type="button" class="fix-target-remove" on:click=remove>"去掉"</button></td>
            </tr>
        }
    });
    let add = move |_| {
        editing.fix(key, |f, _| {
            f.targets.insert(next_key, Some(TargetFix { label: "新目标".into(), value: 1.0, unit: "个".into() }));
        })
    };
    view! {
        <table class="fix-targets">
            <caption>"量化目标"</caption>
            <tbody>{rows.collect_view()}</tbody>
        </table>
        <button type="button" class="fix-target-add" on:click=add>"添加目标"</button>
    }
}

#[component]
fn SubsidyFields(item: Item, editing: Editing) -> impl IntoView {
    let key = item.key;
    let next_key = item.subsidies.iter().map(|s| s.key + 1).max().unwrap_or(0);
    let rows = item.subsidies.into_iter().map(|s| {
        let subsidy = s.key;
        let fix = SubsidyFix { label: s.label.clone(), amount_yuan: s.amount_yuan, basis: s.basis.clone() };
        let put = move |fix: SubsidyFix| {
            editing.fix(key, |f, _| {
                f.subsidies.insert(subsidy, Some(fix));
            })
        };
        let (label_fix, amount_fix, basis_fix) = (fix.clone(), fix.clone(), fix);
        let set_amount = move |ev: leptos::ev::Event| match crate::view::entry::read_figure(&event_target_value(&ev), "元") {
            Ok(Some(figure)) => put(SubsidyFix { amount_yuan: figure.value, ..amount_fix.clone() }),
            Ok(None) => editing.refuse("补助金额不能为空；不是补助标准的请点“去掉”。".into()),
            Err(message) => editing.refuse(message),
        };
        let remove = move |_| remove_thing(editing, key, subsidy, |f| &mut f.subsidies, |i, k| i.subsidies.iter().any(|s| s.key == k));
        view! {
            <tr class="fix-subsidy" data-key=subsidy.to_string()>
                <td><input class="fix-subsidy-label" prop:value=s.label.clone()
                    on:change=move |ev| put(SubsidyFix { label: event_target_value(&ev).trim().to_string(), ..label_fix.clone() })/></td>
                <td><input class="fix-subsidy-amount" inputmode="decimal" prop:value=number(s.amount_yuan) on:change=set_amount/> "元"</td>
                <td><input class="fix-subsidy-basis" prop:value=s.basis.clone()
                    on:change=move |ev| put(SubsidyFix { basis: event_target_value(&ev).trim().to_string(), ..basis_fix.clone() })/></td>
                <td><button type="button" class="fix-subsidy-remove" on:click=remove>"去掉"</button></td>
            </tr>
        }
    });
    let add = move |_| {
        editing.fix(key, |f, _| {
            f.subsidies.insert(next_key, Some(SubsidyFix { label: "新补助".into(), amount_yuan: 1.0, basis: "每人".into() }));
        })
    };
    view! {
        <table class="fix-subsidies">
            <caption>"补助标准"</caption>
            <tbody>{rows.collect_view()}</tbody>
        </table>
        <button type="button" class="fix-subsidy-add" on:click=add>"添加补助标准"</button>
    }
}

/// A new item at the end of the last category (its category can be changed).
fn add_item(editing: Editing, shown: Memo<Option<(Notice, Vec<crate::notice::corrections::Unapplied>)>>) {
    let (Some(read), Some((n, _))) = (editing.read.get_untracked(), shown.get_untracked()) else { return };
    let Some(category) = n.categories.last().map(|c| c.name.clone()) else {
        return editing.refuse("这份通知没有读出类别，无法添加事项。".into());
    };
    let no = n.items.iter().map(|i| i.no).max().unwrap_or(0) + 1;
    editing.commit(|c| {
        let key = c.next_item_key(&read);
        c.added.push(AddedItem { key, no, after: None, category, text: "（新事项：请填写内容）".into(), units: vec![], level: Level::District });
    });
}

/// 核对与更正 of the notice this page tracks: the editor over its reading,
/// what is recorded without an item, and (a library notice) its text to
/// correct and read again. Saving stores the corrections and reloads the page.
#[component]
pub fn CorrectNoticeDialog(open: RwSignal<bool>) -> impl IntoView {
    // Its state (a copy of the reading, of the text) is made when it opens, not at start-up.
    view! {
        <Show when=move || open.get()>
            <CorrectNoticeBody open/>
        </Show>
    }
}

#[component]
fn CorrectNoticeBody(open: RwSignal<bool>) -> impl IntoView {
    let app = super::state::app_state();
    let current = app.current;
    let read = RwSignal::new(Some(current.read.clone()));
    let corrections = RwSignal::new(current.corrections.clone());
    let error = RwSignal::new(current.problem.map(str::to_string));
    let reopen = move || super::notices::open(current.in_library.then_some(current.id));
    let save = move |_| {
        let saved =
            corrections.with_untracked(|c| crate::progress::library::save_corrections(&mut super::local_store::LocalStore, current.id, current.read, c));
        match saved {
            Ok(()) => reopen(),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let text = RwSignal::new(current.text.to_string());
    let retext = move |_| {
        let replaced = text.with_untracked(|t| crate::progress::library::replace_text(&mut super::local_store::LocalStore, current.id, t));
        match replaced {
            Ok(_) => reopen(),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let without_item = move || app.tracker.with(|t| crate::view::progress::keys_without_item(current.notice, &t.progress));
    view! {
            <div class="modal-backdrop">
            <section id="correct-notice-dialog" class="modal" role="dialog" aria-modal="true" aria-labelledby="correct-notice-title" tabindex="-1">
                <super::modal::ModalFocus id="correct-notice-dialog" close=move || open.set(false)/>
                <h2 id="correct-notice-title">"核对与更正"</h2>
                <p class="hint">"改正解析有误的地方：事项内容、牵头单位、类别、层级，量化目标和补助标准，拆分或合并事项。更正按事项保存，重新读取通知后仍然有效；已记录的进度不会丢失。保存后页面重新载入。"</p>
                {(!current.unplaced.is_empty()).then(|| view! {
                    <h3>"上次读取中有、这次读取找不到的"</h3>
                    <ul id="correct-unplaced">{current.unplaced.iter().map(|u| view! { <li>{unplaced_text(u)}</li> }).collect_view()}</ul>
                })}
                {move || {
                    let keys = without_item();
                    (!keys.is_empty()).then(|| view! {
                        <p id="correct-without-item" class="hint">
                            "以下编号下记录的进度找不到对应事项（仍保存在本浏览器中，恢复或改正事项后会重新显示）："
                            {keys.iter().map(|k| k.to_string()).collect::<Vec<_>>().join("、")}
                        </p>
                    })
                }}
                {current.in_library.then(|| view! {
                    <details id="correct-notice-source">
                        <summary>"修改通知原文后重新读取"</summary>
                        <textarea id="correct-notice-text" rows="10" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        <button id="correct-notice-retext" type="button" on:click=retext>"按修改后的原文重新读取"</button>
                    </details>
                })}
                <NoticeEditor read corrections/>
                {move || error.get().map(|e| view! { <p id="correct-notice-error" class="import-error" role="alert">{e}</p> })}
                <div class="modal-actions">
                    <button id="correct-notice-save" class="primary" type="button" on:click=save disabled=current.problem.is_some()>"保存更正"</button>
                    <button id="correct-notice-cancel" type="button" on:click=move |_| open.set(false)>"取消"</button>
                </div>
            </section>
            </div>
    }
}

fn unplaced_text(u: &crate::notice::keys::Unplaced) -> String {
    use crate::notice::keys::Unplaced;
    match u {
        Unplaced::Item { key, text } => format!("事项（编号 {key}）：{text}"),
        Unplaced::Target { item, label, .. } => format!("事项 {item} 的量化目标：{label}"),
        Unplaced::Subsidy { item, label, .. } => format!("事项 {item} 的补助标准：{label}"),
    }
}
