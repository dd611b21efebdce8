//! The layout of the foreign-words table (`data/untranslated/words.bin`, described in
//! `data/untranslated/build.py`) and the Bloom filter of its words.
//!
//! This file depends on `std` only: build.rs includes it as a module too, and builds the
//! built-in table's filter at build time with this same code (`untranslated::Table`
//! embeds it); a table read at run time builds its filter on first use.

/// Why a table cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    /// The data does not start with the format's magic bytes and version.
    NotATable,
    /// The data ends before the part the header announces.
    Truncated,
    /// A language code is not two UTF-8 letters.
    LanguageCode,
    /// The block size is zero, or the block count does not fit the word count.
    Blocks,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self {
            TableError::NotATable => "not in the expected format (magic bytes or version)",
            TableError::Truncated => "truncated",
            TableError::LanguageCode => "a language code is not UTF-8",
            TableError::Blocks => "its block count does not match its word count",
        };
        write!(f, "untranslated word table: {what}")
    }
}

impl std::error::Error for TableError {}

/// A table's header, and where its parts lie in the data.
#[derive(Debug)]
pub struct Layout<'a> {
    /// The two-letter code of each language, by index.
    pub codes: Vec<&'a str>,
    /// Words per block.
    pub block: usize,
    /// Byte offset of each block in `entries`, 4 bytes each.
    pub offsets: &'a [u8],
    pub entries: &'a [u8],
    /// Words in the table.
    pub len: usize,
}

/// Reads the header of `data`; the entries stay where they are.
pub fn layout(data: &[u8]) -> Result<Layout<'_>, TableError> {
    if data.get(..5) != Some(b"MTUW\x01") {
        return Err(TableError::NotATable);
    }
    let n = *data.get(5).ok_or(TableError::Truncated)? as usize;
    let mut at = 6;
    let mut codes = Vec::with_capacity(n);
    for _ in 0..n {
        let code = data.get(at..at + 2).ok_or(TableError::Truncated)?;
        codes.push(std::str::from_utf8(code).map_err(|_| TableError::LanguageCode)?);
        at += 2;
    }
    let block = *data.get(at).ok_or(TableError::Truncated)? as usize;
    let u32_at = |i: usize| -> Result<usize, TableError> {
        let b = data.get(i..i + 4).ok_or(TableError::Truncated)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let len = u32_at(at + 1)?;
    let blocks = u32_at(at + 5)?;
    at += 9;
    let offsets = data.get(at..at + 4 * blocks).ok_or(TableError::Truncated)?;
    let entries = &data[at + 4 * blocks..];
    if block == 0 || blocks != len.div_ceil(block) {
        return Err(TableError::Blocks);
    }
    Ok(Layout {
        codes,
        block,
        offsets,
        entries,
        len,
    })
}

/// Calls `f` with each of the `len` words of `entries`, in order.
pub fn for_each_word(entries: &[u8], len: usize, mut f: impl FnMut(&[u8])) {
    let e = entries;
    let mut word = [0u8; 255];
    let mut at = 0;
    for _ in 0..len {
        let (Some(&prefix), Some(&suffix)) = (e.get(at), e.get(at + 1)) else {
            break;
        };
        let (prefix, suffix) = (prefix as usize, suffix as usize);
        let Some(bytes) = e.get(at + 2..at + 2 + suffix) else {
            break;
        };
        if prefix + suffix > word.len() {
            break;
        }
        word[prefix..prefix + suffix].copy_from_slice(bytes);
        f(&word[..prefix + suffix]);
        at += 2 + suffix;
        let n = e.get(at + 2).copied().unwrap_or(0) as usize;
        at += 3 + 2 * n;
    }
}

/// Words of the Bloom filter (512 KiB). The filter is blocked: a word's three bits lie
/// in one 64-bit word, so a test reads memory once. With about 2.5 table words per
/// filter word, about 0.2% of the words outside the table get through.
pub const FILTER_WORDS: usize = 1 << 16;

/// The filter word and the three-bit mask of a key.
pub fn filter_bits(key: &[u8]) -> (usize, u64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    // Mix the high bits down: FNV's low bits alone are weak.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    let word = (h >> 40) as usize & (FILTER_WORDS - 1);
    let mask = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63)) | (1u64 << ((h >> 12) & 63));
    (word, mask)
}

/// The Bloom filter of the `len` words of `entries`.
pub fn build_filter(entries: &[u8], len: usize) -> Vec<u64> {
    let mut filter = vec![0u64; FILTER_WORDS];
    for_each_word(entries, len, |word| {
        let (bits, mask) = filter_bits(word);
        filter[bits] |= mask;
    });
    filter
}
