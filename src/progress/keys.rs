//! The notice's identity and every localStorage key this app writes.
//!
//! Chromium shares one localStorage among all file:// pages, so every key
//! starts with `minsheng:` and then names the notice by a hash of its text.

use sha2::{Digest, Sha256};

pub const KEY_PREFIX: &str = "minsheng:";

/// The notice's identity: the first 16 hex chars (64 bits) of the SHA-256
/// of its text, after removing a leading BOM and unifying line endings (so a
/// copy saved with CRLF finds the same progress). Deliberately no other
/// normalization: this must never change, or saved progress disappears.
pub fn notice_hash(notice_text: &str) -> String {
    let text = notice_text.strip_prefix('\u{feff}').unwrap_or(notice_text);
    let mut hasher = Sha256::new();
    let mut rest = text;
    while let Some(cr) = rest.find('\r') {
        hasher.update(&rest.as_bytes()[..cr]);
        hasher.update(b"\n");
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    hasher.update(rest.as_bytes());
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    digest[..8].iter().flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char]).collect()
}

/// The keys of one notice's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The head of the current layout (schemas 3 and 4 share the key): `minsheng:v3:<hash>`.
    pub head: String,
}

impl Keys {
    pub fn for_hash(hash: &str) -> Keys {
        Keys { head: format!("{KEY_PREFIX}v3:{hash}") }
    }

    pub fn for_text(notice_text: &str) -> Keys {
        Keys::for_hash(&notice_hash(notice_text))
    }

    /// One item's current state in generation `g`: `<head>:item:<g>.<no>`.
    pub fn item(&self, generation: u32, no: u32) -> String {
        format!("{}:item:{generation}.{no}", self.head)
    }

    /// Chunk `n` of the history in generation `g`: `<head>:log:<g>.<n>`.
    pub fn chunk(&self, generation: u32, n: u32) -> String {
        format!("{}:log:{generation}.{n}", self.head)
    }

    /// Backup slot `n`: `<head>:backup:<n>`.
    pub fn backup(&self, slot: u32) -> String {
        format!("{}:backup:{slot}", self.head)
    }

    /// The backup ring's index: `<head>:backups`.
    pub fn backup_index(&self) -> String {
        format!("{}:backups", self.head)
    }

    /// Where an unreadable value is moved before its key is reused:
    /// `<head>:quarantine:<time>:<n>`, `n` making it unique (see `persist`).
    pub fn quarantine(&self, at: &str, n: u32) -> String {
        format!("{}:quarantine:{at}:{n}", self.head)
    }

    /// The prefix of every key of this notice's progress but the head.
    pub fn family(&self) -> String {
        format!("{}:", self.head)
    }
}

/// Release 0.1's record of a notice (schema 2; the release also read schema
/// 1 from `minsheng:v1:<hash>`). Read once to migrate, never written or
/// deleted: the old release still finds its data.
/// Where a notice's 截至日期 is remembered (#15): the day last chosen, absent
/// when 今天 was. Outside the progress family: it is this browser's view, not data.
pub fn as_of_key(notice_id: &str) -> String {
    format!("minsheng:as-of:{notice_id}")
}

pub fn legacy_keys(hash: &str) -> [String; 2] {
    [format!("{KEY_PREFIX}v2:{hash}"), format!("{KEY_PREFIX}v1:{hash}")]
}

/// Release 0.1's backups of a notice: `minsheng:v2:<hash>:backup:<n>` and the
/// index `minsheng:v2:<hash>:backups`.
pub fn legacy_backup_prefix(hash: &str) -> String {
    format!("{KEY_PREFIX}v2:{hash}:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_16_hex_and_ignores_bom_and_crlf() {
        let h = notice_hash("一、\n二、\n");
        assert_eq!(h.len(), 16);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(notice_hash("\u{feff}一、\r\n二、\r\n"), h);
        assert_eq!(notice_hash("一、\r二、\r"), h);
        assert_ne!(notice_hash("一、\n二、"), h);
        // SHA-256("abc") = ba7816bf8f01cfea…
        assert_eq!(notice_hash("abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn every_key_is_namespaced_under_its_notice() {
        let keys = Keys::for_hash("3f3298e0f460c17a");
        assert_eq!(keys.head, "minsheng:v3:3f3298e0f460c17a");
        for k in [keys.item(0, 7), keys.chunk(1, 0), keys.backup(3), keys.backup_index(), keys.quarantine("2023-10-08T10:05:00", 1)] {
            assert!(k.starts_with(&keys.family()), "{k}");
        }
        assert_eq!(legacy_keys("3f3298e0f460c17a")[0], "minsheng:v2:3f3298e0f460c17a");
    }
}
