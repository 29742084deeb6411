//! The bar above the list: the as-of day, undo/redo, the lights at a glance,
//! and the settings (my unit, light thresholds).

use leptos::prelude::*;

use super::clock;
use super::download::download;
use super::state::{app_state, AppState};
use crate::progress::{Day, Light};
use crate::view::format::{number, parse_number_input};
use crate::view::overview::units;
use crate::view::period::Preset;
use crate::view::progress::light_counts;

/// 一季度末 · 二季度末 · 三季度末 · 年末 (of the list's year) · 今天: the days a
/// 督查 office reports at, one click each; the one shown is pressed.
#[component]
fn AsOfPresets() -> impl IntoView {
    let app = app_state();
    let year = crate::view::progress::notice_year(app.notice, app.today.year());
    let buttons = Preset::ALL.map(|preset| {
        let day = preset.day(year, app.today);
        view! {
            <button id=format!("as-of-{}", preset.key()) type="button" class="as-of-preset"
                aria-pressed=move || (app.as_of.get() == day).to_string()
                on:click=move |_| app.set_as_of(day)>{preset.label()}</button>
        }
    });
    view! { <span class="as-of-presets" role="group" aria-label="截至日期预设">{buttons.into_iter().collect_view()}</span> }
}

/// A sender's 截至日期 (an imported file's, a copy's), offered to the receiver.
#[component]
fn OfferedAsOf() -> impl IntoView {
    let app = app_state();
    view! {
        {move || app.offered_as_of.get().map(|day| view! {
            <span id="offered-as-of" class="offered-as-of" role="status">
                "发送方的截至日期为 " <strong>{crate::view::format::date_cn(&day.to_string())}</strong> " "
                <button id="offered-as-of-use" type="button" on:click=move |_| app.set_as_of(day)>"切换到该日期"</button>
                <button id="offered-as-of-dismiss" type="button" aria-label="不切换" on:click=move |_| app.offered_as_of.set(None)>"×"</button>
            </span>
        })}
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let app = app_state();
    let settings_open = RwSignal::new(false);
    let counts = move || light_counts(&app.states.get());
    let pick_as_of = move |ev: leptos::ev::Event| {
        if let Some(day) = Day::parse(&event_target_value(&ev)) {
            app.set_as_of(day);
        }
    };
    view! {
        <section id="toolbar" class="toolbar" aria-label="进度工具">
            <label class="as-of">
                <span>"截至日期"</span>
                // On input too: WebKit fires a date field's change only when it loses focus, so the
                // view redrew under the click that took the focus away (a card's 详情 button
                // replaced between mousedown and mouseup: the click lost). The change that
                // follows brings the same day, which redraws nothing.
                <input id="as-of" type="date" title="年、月、日之间用 ← → 移动" prop:value=move || app.as_of.get().to_string()
                    on:input=pick_as_of on:change=pick_as_of/>
            </label>
            <AsOfPresets/>
            <OfferedAsOf/>
            <ul id="light-summary" class="light-summary" aria-label="红黄绿灯统计">
                {move || counts().map(|(light, n)| view! {
                    <li class="light-count" data-light=light.key() data-count=n.to_string()>
                        <span class="light-dot" data-light=light.key()></span>
                        {light.label()} " " <strong>{n}</strong>
                    </li>
                }).into_iter().collect_view()}
            </ul>
            <span class="toolbar-gap"></span>
            <button id="undo" type="button" title="撤销（Ctrl+Z）" on:click=move |_| app.undo()
                disabled=move || !app.tracker.with(|t| t.can_undo())>"↶ 撤销"</button>
            <button id="redo" type="button" title="重做（Ctrl+Y）" on:click=move |_| app.redo()
                disabled=move || !app.tracker.with(|t| t.can_redo())>"↷ 重做"</button>
            <button id="export-json" type="button" title="把全部进度保存为 JSON 文件" on:click=move |_| export_json(app)>"⇩ 导出数据"</button>
            <super::import::ImportButton/>
            <button id="save-html" type="button" title="保存一份带有当前进度的本网页文件，同事打开即可看到这些数据"
                on:click=move |_| if let Err(message) = super::html_copy::save(app) { app.edit_error.set(Some(message)) }>
                "⇩ 另存为带数据的网页"
            </button>
            <button id="settings-open" type="button" aria-expanded=move || settings_open.get().to_string()
                on:click=move |_| settings_open.update(|o| *o = !*o)>"⚙ 设置"</button>
        </section>
        // Refusals and failures of actions outside an item (settings, saving
        // a copy, exports): an open item's editor shows its own, right at the fields.
        {move || app.edit_error.get().filter(|_| app.route.with(|r| r.item.is_none())).map(|message| view! {
            <p id="toolbar-error" class="edit-error" role="alert">{message}</p>
        })}
        <Show when=move || settings_open.get()>
            <Settings/>
        </Show>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let app = app_state();
    let unit_choices = units(app.notice);
    let threshold = move |which: fn(&mut crate::progress::Settings) -> &mut f64| {
        move |ev: leptos::ev::Event| match parse_number_input(&event_target_value(&ev)) {
            Ok(Some(v)) => {
                let mut settings = app.tracker.with_untracked(|t| t.progress.settings.clone());
                *which(&mut settings) = v;
                app.set_settings(settings);
            }
            _ => app.edit_error.set(Some("阈值应为 0 到 100 之间的数字（百分点）。".to_string())),
        }
    };
    view! {
        <section id="settings" class="settings" aria-label="设置">
            <label>
                <span>"我的单位（记录在每次修改中）"</span>
                <input id="setting-unit" list="unit-choices" placeholder="如：区残联"
                    prop:value=move || app.my_unit()
                    on:change=move |ev| {
                        let unit = event_target_value(&ev);
                        app.set_settings(crate::progress::Settings { unit, ..app.tracker.with_untracked(|t| t.progress.settings.clone()) });
                    }/>
                <datalist id="unit-choices">
                    {unit_choices.into_iter().map(|u| view! { <option value=u/> }).collect_view()}
                </datalist>
            </label>
            <label>
                <span>"落后多少个百分点亮黄灯"</span>
                <input id="setting-yellow" inputmode="decimal"
                    prop:value=move || app.tracker.with(|t| number(t.progress.settings.yellow_lag))
                    on:change=threshold(|s| &mut s.yellow_lag)/>
            </label>
            <label>
                <span>"落后超过多少个百分点亮红灯"</span>
                <input id="setting-red" inputmode="decimal"
                    prop:value=move || app.tracker.with(|t| number(t.progress.settings.red_lag))
                    on:change=threshold(|s| &mut s.red_lag)/>
            </label>
            <Backups/>
            <p class="hint">
                {format!("{}：按序时进度（截至日期占全年或占事项自身期限的比例）计算落后程度；", Light::Grey.label())}
                "未启动或无量化目标的事项为灰灯。"
            </p>
        </section>
    }
}

/// Download all progress as a JSON snapshot (`progress::snapshot`).
pub fn export_json(app: AppState) {
    let now = match clock::now() {
        Ok(now) => now,
        Err(year) => return app.edit_error.set(Some(format!("电脑日期不正确（{year}年），请校正后再导出。"))),
    };
    app.ensure_history();
    let (name, text) = app
        .tracker
        .with_untracked(|t| crate::progress::snapshot::export(app.notice_text, app.notice, &t.progress, now, app.carried(), Some(app.as_of.get_untracked())));
    if let Err(message) = download(&name, &text, "application/json;charset=utf-8") {
        app.edit_error.set(Some(message));
    }
}

#[component]
fn Backups() -> impl IntoView {
    let app = app_state();
    // Re-read after each change: a save may have written a backup.
    let entries = move || {
        app.tracker.track();
        app.persistence.with_value(|p| p.backups(&super::local_store::LocalStore))
    };
    view! {
        <div class="backups-box">
            <span>"自动备份（最多10份，越早的越稀疏）"</span>
            <ul id="backups">
                {move || {
                    let list = entries();
                    if list.is_empty() {
                        return view! { <li class="none">"暂无备份"</li> }.into_any();
                    }
                    list.into_iter().map(|e| {
                        let saved_at = e.saved_at;
                        view! {
                            <li class="backup" data-slot=e.slot.to_string()>
                                <time>{e.saved_at.shown()}</time> " · " {e.changes} " 条修改 "
                                <button type="button" class="backup-restore" on:click=move |_| app.restore(e.slot, saved_at)>"恢复"</button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
