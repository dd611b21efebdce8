//! serde_json's pretty layout a piece at a time: the elements of an array arrive file by
//! file, yet the whole reads byte for byte as `to_string_pretty` of the complete value.
//!
//! serde_json escapes every control character inside strings, so each raw line break in
//! its output is layout, and indenting a value deeper is a matter of indenting its lines.

use serde::Serialize;

/// One level of serde_json's pretty indentation.
const INDENT: &str = "  ";

/// The indentation of nesting `depth`.
pub fn indent(depth: usize) -> String {
    INDENT.repeat(depth)
}

/// `value` laid out as an element at nesting `depth`: its lines after the first indented
/// by `depth` levels. The indentation of its first line comes with the separator.
pub fn element(value: &impl Serialize, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("renderer values serialize");
    text.replace('\n', &format!("\n{}", indent(depth)))
}

/// The elements one file adds to an array whose closing bracket is at nesting `depth`.
pub struct Elements {
    depth: usize,
    text: String,
}

impl Elements {
    pub fn new(depth: usize) -> Elements {
        Elements {
            depth,
            text: String::new(),
        }
    }

    /// Adds a value.
    pub fn push(&mut self, value: &impl Serialize) {
        let element = element(value, self.depth + 1);
        self.push_laid_out(&element);
    }

    /// Adds an element already laid out with [`element`] at this array's depth + 1.
    pub fn push_laid_out(&mut self, element: &str) {
        if !self.text.is_empty() {
            self.text.push_str(",\n");
            self.text.push_str(&indent(self.depth + 1));
        }
        self.text.push_str(element);
    }

    pub fn into_text(self) -> String {
        self.text
    }
}

/// The brackets and commas around the files' elements of one array.
#[derive(Debug)]
pub struct Array {
    depth: usize,
    any: bool,
}

impl Array {
    /// An array whose closing bracket is at nesting `depth`.
    pub fn new(depth: usize) -> Array {
        Array { depth, any: false }
    }

    /// What goes before a file's (non-empty) elements: the opening bracket or a comma,
    /// then the line break and indentation of an element.
    pub fn separator(&mut self) -> String {
        let lead = if self.any { "," } else { "[" };
        self.any = true;
        format!("{lead}\n{}", indent(self.depth + 1))
    }

    /// What ends the array: `[]` if no element came.
    pub fn close(&self) -> String {
        if self.any {
            format!("\n{}]", indent(self.depth))
        } else {
            "[]".to_string()
        }
    }
}

/// `value`, pretty, split around the empty array that its last `[]` is: what comes before
/// and after the elements that replace it.
pub fn split_at_last_empty_array(value: &impl Serialize) -> (String, String) {
    let text = serde_json::to_string_pretty(value).expect("renderer values serialize");
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
                let mut out = head;
                // One file with the first element, one with none, one with the rest.
                let files = [&items[..n.min(1)], &[], &items[n.min(1)..]];
                for file in files {
                    let mut elements = Elements::new(wrap);
                    for item in file {
                        elements.push(item);
                    }
                    let text = elements.into_text();
                    if !text.is_empty() {
                        out.push_str(&array.separator());
                        out.push_str(&text);
                    }
                }
                out.push_str(&array.close());
                out.push_str(&tail);
                assert_eq!(out, serde_json::to_string_pretty(&whole).unwrap());
            }
        }
    }
}
