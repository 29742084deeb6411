//! The write-ahead copy: each save's new changes also go to IndexedDB, in a
//! transaction with `durability: "strict"` (on disk when it commits, a few
//! milliseconds later). localStorage alone reaches the disk lazily —
//! Chromium up to about a minute after a write, Firefox after seconds — so a
//! browser killed right after an edit would lose it. At start the copy is
//! read back and whatever the stored history lacks is merged in by the core
//! (`Persistence::take_recovered`); entries older than a day are dropped.
//!
//! Best effort by design: where IndexedDB is missing or refuses (a private
//! window, storage blocked), the app works as before and says nothing more
//! than the storage banners already do.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

const DB_NAME: &str = "minsheng-wal";
const STORE: &str = "changes";
/// Entries older than this are on disk in localStorage by now.
const KEEP_MS: f64 = 24.0 * 3600.0 * 1000.0;

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// Writes made before the database was open, written once it is.
    static QUEUED: RefCell<Vec<(String, u32, String)>> = const { RefCell::new(Vec::new()) };
}

/// Open the database, hand this notice's entries (each the generation and a
/// JSON array of changes) to `found`, drop old entries, then write what was queued.
pub fn open(hash: String, found: impl FnOnce(Vec<(u32, String)>) + 'static) {
    let Some(request) = open_request() else { return };
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        if let Some(db) = event.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok()) {
            let db: IdbDatabase = db.unchecked_into();
            let params = web_sys::IdbObjectStoreParameters::new();
            params.set_auto_increment(true);
            let _ = db.create_object_store_with_optional_parameters(STORE, &params);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let opened = request.clone();
    let success = Closure::once_into_js(move || {
        let Ok(db) = opened.result() else { return };
        let db: IdbDatabase = db.unchecked_into();
        DB.with(|slot| *slot.borrow_mut() = Some(db.clone()));
        read_back(&db, hash, found);
        for (hash, generation, json) in QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut())) {
            write(&db, &hash, generation, &json);
        }
    });
    request.set_onsuccess(Some(success.unchecked_ref()));
}

fn open_request() -> Option<IdbOpenDbRequest> {
    let factory = web_sys::window()?.indexed_db().ok()??;
    factory.open_with_u32(DB_NAME, 1).ok()
}

/// Keep `changes_json` (a JSON array of changes of stored generation
/// `generation`) for notice `hash`.
pub fn append(hash: &str, generation: u32, changes_json: String) {
    match DB.with(|slot| slot.borrow().clone()) {
        Some(db) => write(&db, hash, generation, &changes_json),
        None => QUEUED.with(|q| q.borrow_mut().push((hash.to_string(), generation, changes_json))),
    }
}

/// `db.transaction(STORE, "readwrite", { durability: "strict" })`: the
/// options argument is not in web-sys's stable API; a browser that does not
/// know it ignores it.
fn strict_transaction(db: &IdbDatabase) -> Option<IdbTransaction> {
    let transaction: Function = Reflect::get(db, &"transaction".into()).ok()?.dyn_into().ok()?;
    let options = Object::new();
    Reflect::set(&options, &"durability".into(), &"strict".into()).ok()?;
    transaction.call3(db, &STORE.into(), &"readwrite".into(), &options).ok()?.dyn_into().ok()
}

fn write(db: &IdbDatabase, hash: &str, generation: u32, json: &str) {
    let Some(tx) = strict_transaction(db) else { return };
    let Ok(store) = tx.object_store(STORE) else { return };
    let entry = Object::new();
    let _ = Reflect::set(&entry, &"hash".into(), &hash.into());
    let _ = Reflect::set(&entry, &"time".into(), &js_sys::Date::now().into());
    let _ = Reflect::set(&entry, &"generation".into(), &generation.into());
    let _ = Reflect::set(&entry, &"changes".into(), &json.into());
    let _ = store.add(&entry);
}

/// This notice's entries, and the old ones (any notice) deleted.
fn read_back(db: &IdbDatabase, hash: String, found: impl FnOnce(Vec<(u32, String)>) + 'static) {
    let Some(tx) = strict_transaction(db) else { return };
    let Ok(store) = tx.object_store(STORE) else { return };
    let (Ok(values), Ok(keys)) = (store.get_all(), store.get_all_keys()) else { return };
    // Both requests belong to one transaction: the second finishes last.
    let last = keys.clone();
    let done = Closure::once_into_js(move || {
        let (Ok(values), Ok(keys_found)) = (values.result(), keys.result()) else { return };
        let (values, keys_found): (Array, Array) = (values.unchecked_into(), keys_found.unchecked_into());
        let cutoff = js_sys::Date::now() - KEEP_MS;
        let mut mine = Vec::new();
        for (value, key) in values.iter().zip(keys_found.iter()) {
            let field = |name: &str| Reflect::get(&value, &name.into()).ok();
            if field("time").and_then(|t| t.as_f64()).is_none_or(|t| t < cutoff) {
                let _ = store.delete(&key);
                continue;
            }
            if field("hash").and_then(|h| h.as_string()).as_deref() == Some(hash.as_str()) {
                let generation = field("generation").and_then(|g| g.as_f64()).map_or(0, |g| g as u32);
                mine.extend(field("changes").and_then(|c| c.as_string()).map(|c| (generation, c)));
            }
        }
        found(mine);
    });
    last.set_onsuccess(Some(done.unchecked_ref()));
}
