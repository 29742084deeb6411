//! The browser's localStorage as a `progress::store::Store` (through
//! gloo-storage). Only the browser calls live here: what is stored when is
//! `progress::persist`'s, tested natively.

use gloo_storage::{LocalStorage, Storage as _};

use crate::progress::store::{Store, StoreError};

/// This page's localStorage (a handle: copies are the same storage).
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStore;

thread_local! {
    /// The storage, if this page may use it (Chrome with site data blocked
    /// throws on the mere access; Firefox with storage disabled gives null).
    /// Looked up once: each `window.localStorage` is a call into the browser,
    /// and opening with a year stored makes ~55 of them.
    static STORAGE: Option<web_sys::Storage> = match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(_))) => Some(LocalStorage::raw()),
        _ => None,
    };
}

fn storage() -> Result<web_sys::Storage, StoreError> {
    STORAGE.with(|s| s.clone()).ok_or(StoreError::Unavailable)
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        storage()?.get_item(key).map_err(|_| StoreError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        storage()?.set_item(key, value).map_err(|e| {
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
            if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
                StoreError::Quota
            } else {
                StoreError::Unavailable
            }
        })
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        storage()?.remove_item(key).map_err(|_| StoreError::Unavailable)
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let storage = storage()?;
        let length = storage.length().map_err(|_| StoreError::Unavailable)?;
        Ok((0..length).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect())
    }
}
