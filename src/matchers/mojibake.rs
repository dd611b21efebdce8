//! Mojibake: UTF-8 bytes that were read as Windows-1252 (or Latin-1) and written back as
//! UTF-8, so that "’" became "â€™" and "é" became "Ã©". Each such character maps back to
//! one byte; where those bytes form a valid UTF-8 character, the text is mojibake and the
//! decoded character is the repair. Text encoded twice ("Ã¢â‚¬â„¢") is decoded again.

use serde::Deserialize;

use super::{BuildContext, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::finding::Suggestion;

/// Windows-1252 characters of bytes 0x80..=0x9F (0 where the byte is undefined).
const CP1252_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

#[derive(Debug, Default)]
pub struct Mojibake;

impl Mojibake {
    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let text = cx.text;
        let mut i = 0;
        let mut run: Option<(usize, usize, String)> = None;
        while i < text.len() {
            match decode_one(&text[i..]) {
                Some((len, decoded)) => {
                    match &mut run {
                        Some((_, end, repaired)) if *end == i => {
                            *end = i + len;
                            repaired.push(decoded);
                        }
                        _ => {
                            flush(&mut run, out);
                            run = Some((i, i + len, decoded.to_string()));
                        }
                    }
                    i += len;
                }
                // Mojibake starts with a non-ASCII character: skip ASCII runs whole.
                None => {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    i = crate::text::next_non_ascii(text.as_bytes(), i);
                }
            }
        }
        flush(&mut run, out);
    }
}

/// Reports a finished run, decoding it again while it is still mojibake.
fn flush(run: &mut Option<(usize, usize, String)>, out: &mut Vec<RawMatch>) {
    let Some((start, end, mut repaired)) = run.take() else {
        return;
    };
    for _ in 0..2 {
        match decode_all(&repaired) {
            Some(again) => repaired = again,
            None => break,
        }
    }
    out.push(RawMatch {
        span: start..end,
        review: false,
        suggestions: vec![Suggestion {
            range: start..end,
            replacement: repaired,
        }],
    });
}

/// The whole string decoded, if it is nothing but mojibake.
fn decode_all(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        let (len, c) = decode_one(&s[i..])?;
        out.push(c);
        i += len;
    }
    Some(out)
}

/// The byte a character stands for when UTF-8 was misread as Windows-1252 or Latin-1.
fn byte_of(c: char) -> Option<u8> {
    let code = c as u32;
    if (0x80..=0xFF).contains(&code) {
        return Some(code as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c && h != '\0')
        .map(|i| 0x80 + i as u8)
}

/// A mojibake character at the start of `s`: its length in `s` and the real character.
pub(crate) fn decode_one(s: &str) -> Option<(usize, char)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let lead = byte_of(first)?;
    let continuation = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    let mut len = first.len_utf8();
    for byte in &mut bytes[1..=continuation] {
        let (at, c) = chars.next()?;
        *byte = byte_of(c).filter(|b| (0x80..=0xBF).contains(b))?;
        len = at + c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..=continuation])
        .ok()?
        .chars()
        .next()?;
    // Two-byte sequences are also ordinary text ("CAFÉ”" reads as C9 94): accept only
    // what English text holds, Latin-1 and Latin Extended-A, and not the C1 controls.
    if continuation == 1 && !(0xA0..=0x17F).contains(&(decoded as u32)) {
        return None;
    }
    Some((len, decoded))
}

/// `kind = "mojibake"`: no fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MojibakeSpec {}

impl KindSpec for MojibakeSpec {
    const NAME: &'static str = "mojibake";

    fn build(self, _: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        Ok(Box::new(Mojibake))
    }
}

impl Matcher for Mojibake {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        Mojibake::find(self, cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(&str, String)> {
        let cx = Context::new(text);
        let mut out = Vec::new();
        Mojibake.find(&cx, &mut out);
        out.into_iter()
            .map(|m| (&text[m.span], m.suggestions[0].replacement.clone()))
            .collect()
    }

    #[test]
    fn repairs_windows_1252_mojibake() {
        assert_eq!(find("Itâ€™s here"), [("â€™", "’".to_string())]);
        assert_eq!(
            find("cafÃ© and SchÃ¶n"),
            [("Ã©", "é".into()), ("Ã¶", "ö".into())]
        );
        assert_eq!(
            find("â€œHiâ€\u{9d}"),
            [("â€œ", "“".into()), ("â€\u{9d}", "”".into())]
        );
        assert_eq!(find("Ã¢â‚¬â„¢"), [("Ã¢â‚¬â„¢", "’".into())]);
    }

    #[test]
    fn passes_real_accented_text() {
        for text in [
            "Café, naïve, Schön, Zürich, señor",
            "JOSÉ’S CAFÉ” was open",
            "He said “À bientôt” and left.",
            "Price: £5 or 10 °C",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
