//! The few parts of a zip archive a `.docx` or `.xlsx` is made of: the
//! central directory, and an entry inflated with `miniz_oxide` (already in the
//! tree for the stored progress) and checked against its CRC-32. Stored and
//! deflated entries only (what Word, WPS, Excel, LibreOffice and the Python
//! and .NET writers produce); no ZIP64 (a notice is far below 4 GB), no
//! encryption. Unpacking stops at [`MAX_INFLATED`] in all.
//!
//! Hand-written because the `zip` crate costs 42.6 KB gzip more in the wasm (BENCHMARKS.md,
//! "Reading notice files"); tested against archives written by Python's
//! `zipfile`, python-docx and openpyxl (`tests/notice_sources.rs`).

use super::SourceError;

/// What all the entries read from one archive may unpack to together.
pub const MAX_INFLATED: usize = 64 * 1024 * 1024;

const WHAT: &str = "压缩文件";

struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: usize,
    size: usize,
    local_offset: usize,
}

pub struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
    /// Bytes that may still be unpacked.
    budget: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn corrupt(detail: &str) -> SourceError {
    SourceError::Corrupt { what: WHAT, detail: detail.to_string() }
}

impl<'a> Archive<'a> {
    /// Read the central directory.
    pub fn open(bytes: &'a [u8]) -> Result<Self, SourceError> {
        // The end record is the last 22 bytes, before a comment of at most 65,535.
        let search_from = bytes.len().saturating_sub(22 + 65_535);
        let end = (search_from..=bytes.len().saturating_sub(22))
            .rev()
            .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| corrupt("找不到压缩目录，文件可能不完整"))?;
        let count = usize::from(u16_at(bytes, end + 10).unwrap_or(0));
        let dir_size = u32_at(bytes, end + 12).unwrap_or(0);
        let dir_offset = u32_at(bytes, end + 16).unwrap_or(0);
        if count == 0xFFFF || dir_offset == u32::MAX || dir_size == u32::MAX {
            return Err(corrupt("不支持 ZIP64 格式"));
        }
        let mut entries = Vec::with_capacity(count.min(4096));
        let mut at = dir_offset as usize;
        for _ in 0..count {
            if at > bytes.len() {
                return Err(corrupt("压缩目录不完整"));
            }
            let field = |off: usize| u32_at(bytes, at + off).ok_or_else(|| corrupt("压缩目录不完整"));
            if field(0)? != 0x0201_4b50 {
                return Err(corrupt("压缩目录已损坏"));
            }
            let short = |off: usize| u16_at(bytes, at + off).map(usize::from).ok_or_else(|| corrupt("压缩目录不完整"));
            let (name_len, extra_len, comment_len) = (short(28)?, short(30)?, short(32)?);
            let name = bytes.get(at + 46..at + 46 + name_len).ok_or_else(|| corrupt("压缩目录不完整"))?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).replace('\\', "/"),
                flags: short(8)? as u16,
                method: short(10)? as u16,
                crc: field(16)?,
                compressed: field(20)? as usize,
                size: field(24)? as usize,
                local_offset: field(42)? as usize,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive { bytes, entries, budget: MAX_INFLATED })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name || (e.name.eq_ignore_ascii_case(name)))
    }

    /// The unpacked bytes of `name` (None: no such entry).
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, SourceError> {
        let Some(e) = self.entry(name) else { return Ok(None) };
        if e.flags & 1 != 0 {
            return Err(SourceError::Encrypted);
        }
        if e.size > self.budget {
            return Err(SourceError::Inflated);
        }
        let b = self.bytes;
        let local = e.local_offset;
        if u32_at(b, local) != Some(0x0403_4b50) {
            return Err(corrupt(&format!("“{}”的位置不对", e.name)));
        }
        let skip = usize::from(u16_at(b, local + 26).unwrap_or(0)) + usize::from(u16_at(b, local + 28).unwrap_or(0));
        let start = local + 30 + skip;
        let data = b.get(start..start.saturating_add(e.compressed)).ok_or_else(|| corrupt(&format!("“{}”不完整", e.name)))?;
        let out = match e.method {
            0 => data.to_vec(),
            // One byte more than declared shows a size that lies (then the CRC check fails).
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, e.size + 1).map_err(|err| {
                if err.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
                    corrupt(&format!("“{}”解压后比目录所记的大", e.name))
                } else {
                    corrupt(&format!("“{}”无法解压", e.name))
                }
            })?,
            m => return Err(corrupt(&format!("“{}”使用了不支持的压缩方式 {m}", e.name))),
        };
        if out.len() != e.size || crc32(&out) != e.crc {
            return Err(corrupt(&format!("“{}”的校验和不符", e.name)));
        }
        self.budget -= out.len();
        Ok(Some(out))
    }
}

/// CRC-32 (IEEE, reflected, as zip and zlib compute it); a table of 256 built
/// per call is cheaper in the wasm than a stored one and nothing next to inflating.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *slot = c;
    }
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The catalogued check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn not_an_archive() {
        assert!(matches!(Archive::open(b"PK\x03\x04 truncated"), Err(SourceError::Corrupt { .. })));
        assert!(Archive::open(&[]).is_err());
    }
}
