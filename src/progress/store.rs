//! Where records are kept, as a trait: the browser's localStorage in the app
//! (`app::local_store`), memory in tests. Everything about what is stored,
//! when and how (`persist`) is written against this, so it is tested
//! natively under every fault a browser shows: a full quota, storage that
//! throws or is switched off, a read-only store, and a second writer.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The quota is full: this write was refused, nothing else changed.
    Quota,
    /// Storage is off, blocked or throwing: nothing can be read or written.
    Unavailable,
}

/// A string key–value store shared by every page of this origin (all of
/// file:// in Chromium), so every key this app writes starts with `minsheng:`.
pub trait Store {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key that starts with `prefix`.
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError>;
}

/// What a `MemoryStore` does wrong on purpose.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// The quota in UTF-16 code units of keys and values together, like the
    /// browsers' (~5 M units); None: unlimited.
    pub quota: Option<usize>,
    /// Every call fails with `Unavailable` (site data blocked).
    pub unavailable: bool,
    /// Reads work, writes fail with `Unavailable`.
    pub read_only: bool,
    /// Writes fail with `Unavailable` after this many more succeed (a
    /// browser that starts throwing mid-session).
    pub writes_left: Option<usize>,
}

/// A store in memory. Clones share the same map, as two tabs share one
/// localStorage.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    pub map: Rc<RefCell<BTreeMap<String, String>>>,
    pub faults: Rc<RefCell<Faults>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// UTF-16 units in use, as a browser counts them against the quota.
    pub fn used(&self) -> usize {
        self.map.borrow().iter().map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count()).sum()
    }

    /// Bytes of `minsheng:` keys and values as UTF-8.
    pub fn bytes(&self) -> usize {
        self.map.borrow().iter().filter(|(k, _)| k.starts_with("minsheng:")).map(|(k, v)| k.len() + v.len()).sum()
    }

    pub fn raw(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }

    pub fn put_raw(&self, key: &str, value: &str) {
        self.map.borrow_mut().insert(key.to_string(), value.to_string());
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.faults.borrow().unavailable {
            return Err(StoreError::Unavailable);
        }
        Ok(())
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.check()?;
        Ok(self.raw(key))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.check()?;
        {
            let mut faults = self.faults.borrow_mut();
            if faults.read_only {
                return Err(StoreError::Unavailable);
            }
            if let Some(left) = faults.writes_left.as_mut() {
                if *left == 0 {
                    return Err(StoreError::Unavailable);
                }
                *left -= 1;
            }
        }
        let quota = self.faults.borrow().quota;
        if let Some(quota) = quota {
            let units = |s: &str| s.encode_utf16().count();
            let before = self.raw(key).map_or(0, |old| units(key) + units(&old));
            if self.used() - before + units(key) + units(value) > quota {
                return Err(StoreError::Quota);
            }
        }
        self.put_raw(key, value);
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.check()?;
        if self.faults.borrow().read_only {
            return Err(StoreError::Unavailable);
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        self.check()?;
        Ok(self.map.borrow().range(prefix.to_string()..).take_while(|(k, _)| k.starts_with(prefix)).map(|(k, _)| k.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_map_and_faults_apply() {
        let mut a = MemoryStore::new();
        let mut b = a.clone();
        a.set("minsheng:x", "1").unwrap();
        assert_eq!(b.get("minsheng:x").unwrap().as_deref(), Some("1"));
        b.set("minsheng:y", "2").unwrap();
        assert_eq!(a.keys_with_prefix("minsheng:").unwrap(), ["minsheng:x", "minsheng:y"]);
        a.faults.borrow_mut().quota = Some(a.used() + 3);
        assert_eq!(a.set("minsheng:z", "1"), Err(StoreError::Quota), "key and value count");
        a.set("minsheng:x", "1234").unwrap();
        assert_eq!(a.set("minsheng:x", "12345"), Err(StoreError::Quota));
        a.faults.borrow_mut().read_only = true;
        assert_eq!(a.set("minsheng:x", "1"), Err(StoreError::Unavailable));
        assert_eq!(a.get("minsheng:x").unwrap().as_deref(), Some("1234"));
        a.faults.borrow_mut().unavailable = true;
        assert_eq!(b.get("minsheng:x"), Err(StoreError::Unavailable));
    }
}
