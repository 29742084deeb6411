//! One item in full: text, 附件1 wording where it differs, targets, subsidy
//! standards with their quotes, 推进举措, and what 数据核查 says about it.

use leptos::prelude::*;

use crate::notice::{Item, Notice};
use crate::view::format::{category_heading, diagnostic_kind, level_label, subsidy, target, yuan};
use crate::view::route::Route;

use super::items::units_line;

#[component]
pub fn ItemDetail(notice: &'static Notice, route: RwSignal<Route>) -> impl IntoView {
    let close = move || route.update(|r| r.item = None);
    // Only the open item, not the whole address: a filter changed behind the
    // dialog does not rebuild it (nor move focus).
    let open_item = Memo::new(move |_| route.with(|r| r.item));
    move || {
        let item = open_item.get().and_then(|key| notice.items.iter().find(|i| i.key == key))?;
        Some(view! {
            <div class="detail-backdrop" on:click=move |_| close()>
                <div id="item-detail" data-no=item.no.to_string() data-key=item.key.to_string() role="dialog" aria-modal="true" aria-labelledby="detail-title"
                    tabindex="-1" on:click=|ev| ev.stop_propagation()>
                    <super::modal::ModalFocus id="item-detail" close=move || close()/>
                    <DetailBody notice item/>
                    <button id="detail-close" type="button" on:click=move |_| close()>"关闭"</button>
                </div>
            </div>
        })
    }
}

#[component]
fn DetailBody(notice: &'static Notice, item: &'static Item) -> impl IntoView {
    let category = notice.categories.iter().find(|c| c.index == item.category).map(|c| category_heading(c.index, &c.name));
    let diagnostics: Vec<_> = notice.diagnostics.iter().filter(|d| d.items.contains(&item.no)).collect();
    view! {
        <header class="detail-head">
            <h2 id="detail-title">"第 " {item.no} " 项"</h2>
            <p class="detail-meta">
                {category} " · " {level_label(notice, item.level)} " · " {units_line(item)}
                {(!item.partner_units.is_empty()).then(|| view! { <span class="detail-partners">" · 配合单位：" {item.partner_units.join("、")}</span> })}
                {item.investment_yuan.map(|y| format!(" · 投资{}", yuan(y)))}
                {item.citywide_reference.then_some("  · 全市参照执行")}
            </p>
        </header>
        <section>
            <h3>"事项"</h3>
            <p class="detail-text">{item.text.clone()}</p>
        </section>
        {item.attachment_text.clone().map(|t| view! {
            <section>
                <h3>"附件1中的表述（与清单不同）"</h3>
                <p class="detail-attachment-text">{t}</p>
            </section>
        })}
        <super::progress_editor::ProgressEditor item/>
        <section>
            <h3>"量化目标"</h3>
            {if item.targets.is_empty() {
                view! { <p class="none">"无量化目标"</p> }.into_any()
            } else {
                view! {
                    <ul class="detail-targets">
                        {item.targets.iter().map(|t| view! { <li><span class="label">{t.label.clone()}</span> " " <strong>{target(t)}</strong></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!item.subsidies.is_empty()).then(|| view! {
            <section>
                <h3>"补助标准"</h3>
                <ul class="detail-subsidies">
                    {item.subsidies.iter().map(|s| view! {
                        <li>
                            <strong>{subsidy(s)}</strong> " " <span class="label">{s.label.clone()}</span>
                            <q class="quote">{s.quote.clone()}</q>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section>
            <h3>"推进举措"</h3>
            {if item.measures.is_empty() {
                view! { <p class="none">"附件1未列推进举措"</p> }.into_any()
            } else {
                view! { <ol class="detail-measures">{item.measures.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ol> }.into_any()
            }}
        </section>
        {(!diagnostics.is_empty()).then(|| view! {
            <section class="detail-checks">
                <h3>"数据核查"</h3>
                <ul>
                    {diagnostics.into_iter().map(|d| view! { <li><span class="diagnostic-kind">{diagnostic_kind(d.kind)}</span> " " {d.message.clone()}</li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}
