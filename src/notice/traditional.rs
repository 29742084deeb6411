//! Notices in traditional characters (some sites serve 繁體) are read in
//! simplified ones, one character at a time, by OpenCC's table
//! (`scripts/make-t2s.py` builds `t2s.bin` from it: 2,566 pairs, 10 KB; a
//! phrase-level converter would be ~1 MB of dictionaries, far over the size
//! budget, for lists whose words are plain). Tested against OpenCC itself.

/// (traditional, simplified) as little-endian UTF-16 units, sorted by the first.
static T2S: &[u8] = include_bytes!("t2s.bin");

/// Traditional characters that simplified text also uses (於 in names, 後 in
/// 皇后…): converted in a traditional text, not counted as a sign of one.
const ALSO_SIMPLIFIED: &str = "乾吒夥後徵捱摺於榘甯菸薹醣麴麽";

fn unit(i: usize) -> u16 {
    u16::from_le_bytes([T2S[i], T2S[i + 1]])
}

/// The simplified form of a traditional character, if it has another.
pub fn simplified(c: char) -> Option<char> {
    let key = u16::try_from(u32::from(c)).ok()?;
    let (mut lo, mut hi) = (0, T2S.len() / 4);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match unit(mid * 4).cmp(&key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return char::from_u32(u32::from(unit(mid * 4 + 2))),
        }
    }
    None
}

/// One bit per character of U+3400..U+9FFF: whether it is a traditional
/// character only traditional text uses (checked for every character of a
/// notice: a bit, not a search, #13 measured the search at 2× the parse).
fn traditional_only() -> &'static [u64] {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = vec![0u64; (0xa000 - 0x3400) / 64 + 1];
        for i in 0..T2S.len() / 4 {
            let c = usize::from(unit(i * 4));
            if (0x3400..0xa000).contains(&c) {
                bits[(c - 0x3400) / 64] |= 1 << ((c - 0x3400) % 64);
            }
        }
        for c in ALSO_SIMPLIFIED.chars().map(|c| c as usize).filter(|c| (0x3400..0xa000).contains(c)) {
            bits[(c - 0x3400) / 64] &= !(1 << ((c - 0x3400) % 64));
        }
        bits
    })
}

/// The text in simplified characters if it is written in traditional ones
/// (at least 20 characters only traditional text uses, making 2 % of its
/// first 5,000 Chinese characters: a simplified notice quoting a 繁體 name
/// stays as it is).
pub fn to_simplified(text: &str) -> Option<String> {
    let bits = traditional_only();
    let (mut chinese, mut traditional) = (0usize, 0usize);
    // The first 5,000 Chinese characters tell (a notice's traditional characters are everywhere in it).
    for c in text.chars().map(|c| c as usize).filter(|c| (0x3400..0xa000).contains(c)).take(5000) {
        chinese += 1;
        traditional += usize::from(bits[(c - 0x3400) / 64] & (1 << ((c - 0x3400) % 64)) != 0);
    }
    (traditional >= 20 && traditional * 50 >= chinese).then(|| text.chars().map(|c| simplified(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_whole() {
        assert_eq!(T2S.len() % 4, 0);
        assert!((1..T2S.len() / 4).all(|i| unit(i * 4 - 4) < unit(i * 4)));
        assert_eq!(simplified('實'), Some('实'));
        assert_eq!(simplified('实'), None);
        assert_eq!(simplified('a'), None);
    }

    #[test]
    fn simplified_text_stays_as_it_is() {
        let seed = crate::BUNDLED_NOTICE;
        assert_eq!(to_simplified(seed), None);
        assert_eq!(to_simplified("關於"), None, "too short to tell");
    }
}
