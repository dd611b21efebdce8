//! JSON as every JSON format writes it: serde_json's own layout (pretty or compact), with
//! the hidden characters that serde_json leaves raw (DEL, C1 controls, the line and
//! paragraph separators, bidirectional overrides: [`super::escape::is_hidden`]) written as
//! `\uXXXX` escapes too, which any parser reads back as they were.
//!
//! The arrays of findings arrive a file at a time. [`Elements`] lays out one file's
//! elements and [`Array`] the brackets and commas around them, both with serde_json's
//! [`PrettyFormatter`] set to the array's nesting, so that the pieces read byte for byte
//! as the whole value written at once.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::escape::is_hidden;

/// A formatter that writes hidden characters as `\uXXXX` and leaves the rest to `F`.
#[derive(Debug, Clone)]
pub struct Escaping<F>(F);

/// Lead bytes of the UTF-8 encodings of every hidden character serde_json writes raw:
/// DEL (7F), C1 controls (C2 80–9F), U+2028–U+2069 (E2 80 A8 … E2 81 A9).
fn may_hide(byte: u8) -> bool {
    matches!(byte, 0x7F | 0xC2 | 0xE2)
}

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !fragment.bytes().any(may_hide) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut from = 0;
        for (at, c) in fragment.char_indices() {
            if is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[from..at])?;
                // Every hidden character serde_json leaves raw is in the BMP.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                from = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// serde_json's pretty formatter as it stands inside `depth` open arrays or objects.
fn pretty_at(depth: usize) -> Escaping<PrettyFormatter<'static>> {
    let mut formatter = PrettyFormatter::new();
    for _ in 0..depth {
        // Opening an array is what moves its indentation a level in.
        formatter
            .begin_array(&mut io::sink())
            .expect("the sink takes everything");
    }
    Escaping(formatter)
}

/// Writes `value` with `formatter`.
fn write_with<F: Formatter>(out: &mut Vec<u8>, formatter: F, value: &impl Serialize) {
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    value
        .serialize(&mut serializer)
        .expect("renderer values serialize");
}

/// `value` on one line.
pub fn compact(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    write_with(&mut out, Escaping(CompactFormatter), value);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `value`, pretty, as a whole document.
pub fn pretty(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    write_with(&mut out, pretty_at(0), value);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Writes `value`, pretty, as a whole document.
pub fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, pretty_at(0));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// The elements one file adds to an array whose opening bracket is at nesting `depth`:
/// what goes between the separators that [`Array`] writes.
pub struct Elements {
    depth: usize,
    out: Vec<u8>,
    /// How many values are expected, and how many came.
    expected: usize,
    pushed: usize,
}

/// After this many values, the room for the expected rest is taken at once.
const SIZED_AFTER: usize = 32;

impl Elements {
    pub fn new(depth: usize) -> Elements {
        Elements::expecting(depth, 0)
    }

    /// Elements of which about `count` will be pushed. Once the first few show how long
    /// one is, room for the rest is taken at once, so that the output of a file with
    /// many findings is not copied each time it outgrows its buffer: each copy writes
    /// to memory not touched before, which costs more than the writing (the 100 MB
    /// benchmark file's 37 MB report: 8,000 fewer page faults).
    pub fn expecting(depth: usize, count: usize) -> Elements {
        Elements {
            depth,
            out: Vec::new(),
            expected: count,
            pushed: 0,
        }
    }

    /// Adds a value.
    pub fn push(&mut self, value: &impl Serialize) {
        let inside = self.depth + 1;
        if !self.out.is_empty() {
            pretty_at(inside)
                .begin_array_value(&mut self.out, false)
                .expect("writing to memory");
        }
        write_with(&mut self.out, pretty_at(inside), value);
        self.pushed += 1;
        if self.pushed == SIZED_AFTER && self.expected > SIZED_AFTER {
            // A quarter more than the values so far suggest: their lengths vary.
            let each = self.out.len() / SIZED_AFTER;
            let rest = (self.expected - SIZED_AFTER).saturating_mul(each);
            self.out.reserve(rest.saturating_add(rest / 4));
        }
    }

    pub fn into_text(self) -> String {
        String::from_utf8(self.out).expect("serde_json writes UTF-8")
    }
}

/// The brackets and commas around the files' elements of one array.
#[derive(Debug)]
pub struct Array {
    formatter: Escaping<PrettyFormatter<'static>>,
    any: bool,
}

impl Array {
    /// An array whose opening bracket is at nesting `depth`.
    pub fn new(depth: usize) -> Array {
        Array {
            formatter: pretty_at(depth),
            any: false,
        }
    }

    /// Writes a file's (non-empty) elements: after the opening bracket or a comma.
    pub fn push(&mut self, elements: &str, out: &mut dyn Write) -> io::Result<()> {
        if !self.any {
            self.formatter.begin_array(out)?;
        }
        self.formatter.begin_array_value(out, !self.any)?;
        self.any = true;
        out.write_all(elements.as_bytes())?;
        self.formatter.end_array_value(out)
    }

    /// Writes what ends the array: `[]` if no element came.
    pub fn close(mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.any {
            self.formatter.begin_array(out)?;
        }
        self.formatter.end_array(out)
    }
}

/// `value`, pretty, split around the empty array that its last `[]` is: what comes before
/// and after the elements that replace it.
pub fn split_at_last_empty_array(value: &impl Serialize) -> (String, String) {
    let text = pretty(value);
    let at = text
        .rfind("[]")
        .expect("the value ends with an empty array");
    (text[..at].to_string(), text[at + 2..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces put together equal the whole, at every depth and element count.
    #[test]
    fn pieces_lay_out_as_the_whole() {
        let values = [
            serde_json::json!({"a": [1, 2], "b": {"c": "x\ny"}, "d": []}),
            serde_json::json!({"a": [], "b": {}}),
            serde_json::json!([1, {"z": null}]),
        ];
        for n in 0..=values.len() {
            let items: Vec<_> = values[..n].to_vec();
            for wrap in 0..3 {
                // `items` nested `wrap` levels deep in single-key objects.
                let mut whole = serde_json::json!(items);
                let mut empty = serde_json::json!([]);
                for _ in 0..wrap {
                    whole = serde_json::json!({ "k": whole });
                    empty = serde_json::json!({ "k": empty });
                }
                let (head, tail) = split_at_last_empty_array(&empty);
                let mut array = Array::new(wrap);
                let mut out = head.into_bytes();
                // One file with the first element, one with none, one with the rest.
                let files = [&items[..n.min(1)], &[], &items[n.min(1)..]];
                for file in files {
                    let mut elements = Elements::new(wrap);
                    for item in file {
                        elements.push(item);
                    }
                    let text = elements.into_text();
                    if !text.is_empty() {
                        array.push(&text, &mut out).unwrap();
                    }
                }
                array.close(&mut out).unwrap();
                out.extend_from_slice(tail.as_bytes());
                let out = String::from_utf8(out).unwrap();
                assert_eq!(out, serde_json::to_string_pretty(&whole).unwrap());
            }
        }
    }

    #[test]
    fn elements_sized_ahead_are_the_same_elements() {
        let items: Vec<serde_json::Value> = (0..100)
            .map(|i| serde_json::json!({ "n": i, "text": "x".repeat(i % 7) }))
            .collect();
        for expected in [0, 1, 40, 100, 1000] {
            let mut plain = Elements::new(1);
            let mut sized = Elements::expecting(1, expected);
            for item in &items {
                plain.push(item);
                sized.push(item);
            }
            if expected == 1000 {
                // Room for ten times the hundred pushed, taken after the first few.
                assert!(sized.out.capacity() >= 5 * sized.out.len());
            }
            assert_eq!(sized.into_text(), plain.into_text());
        }
    }

    #[test]
    fn hidden_characters_are_escaped_and_read_back() {
        let text = "a\u{1b}[2J\u{7f}\u{9b}é\u{2028}\u{202e}中\n";
        for out in [compact(&text), pretty(&text)] {
            assert_eq!(out, r#""a\u001b[2J\u007f\u009bé\u2028\u202e中\n""#);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text);
        }
    }
}
