//! Writing a zip archive: the container of the 通报's `.xlsx` (`view::xlsx`)
//! and `.docx` (`view::docx`). Each entry deflated with the `miniz_oxide`
//! already in the tree; no ZIP64 (an Office part of a 通报 is far below 4 GB),
//! no extra fields, a fixed timestamp, so the same parts give the same bytes.
//!
//! Reading one is `notice::source::zip`'s job.

/// A zip archive of `files` (name, content), in that order, each deflated,
/// dated 1980-01-01 00:00.
pub(crate) fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in files {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
        // The fields a local header and a central directory entry share, from "version needed".
        let mut common = Vec::with_capacity(26);
        for half in [20u16, 0, 8, 0, 0x21] {
            // version 2.0, no flags, deflate, time 00:00, date 1980-01-01
            common.extend(half.to_le_bytes());
        }
        for word in [crc32(data), deflated.len() as u32, data.len() as u32] {
            common.extend(word.to_le_bytes());
        }
        common.extend((name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // no extra field
        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(20u16.to_le_bytes()); // made by: version 2.0
        directory.extend(&common);
        directory.extend([0; 10]); // comment length, disk, internal and external attributes
        directory.extend((out.len() as u32).to_le_bytes());
        directory.extend(name.as_bytes());
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(&common);
        out.extend(name.as_bytes());
        out.extend(&deflated);
    }
    let (offset, size, count) = (out.len() as u32, directory.len() as u32, files.len() as u16);
    out.extend(directory);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(size.to_le_bytes());
    out.extend(offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // no comment
    out
}

/// CRC-32 (IEEE, as zip uses it), bit by bit: no table in the wasm, and fast
/// enough for a document of a few hundred KB.
pub(crate) fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| (0..8).fold(crc ^ u32::from(byte), |c, _| (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::source::zip::Archive;

    #[test]
    fn crc32_is_the_zip_one() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn entries_read_back_in_order_and_the_same_parts_give_the_same_bytes() {
        let big = "民生实事".repeat(5_000);
        let files: [(&str, &[u8]); 3] = [("a.xml", b"<a/>"), ("dir/b.xml", big.as_bytes()), ("empty", b"")];
        let bytes = zip(&files);
        assert_eq!(bytes, zip(&files));
        let mut archive = Archive::open(&bytes).expect("our reader opens it");
        for (name, data) in files {
            assert_eq!(archive.read(name).unwrap().as_deref(), Some(data), "{name}");
        }
    }
}
