//! Markdown: the prose of a document, and a map from it back to the original bytes.
//!
//! Code (fenced, indented, inline), front matter, HTML, link destinations, autolinks, bare
//! URLs and reference definitions are left out. What remains is checked as one text per
//! block, so "a **bold** word" reads "a bold word" and an artifact split by emphasis or a
//! line break is still found. Every offset maps back to the original file, so lines and
//! columns are those of the file. (Blanking markup in a same-length copy would turn
//! "**bold**," into "  bold  ," and make every spacing rule fire.)

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// A piece of the prose and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    /// Bytes of `Prose::text`.
    prose: Range<usize>,
    /// Bytes of the original text.
    original: Range<usize>,
    /// The prose bytes are the original bytes, one for one. Otherwise the piece stands for
    /// its whole original range (an entity, a placeholder for code, a block break).
    exact: bool,
}

/// The prose of a Markdown document and its offset map.
#[derive(Debug, Clone)]
pub struct Prose {
    pub text: String,
    segments: Vec<Segment>,
    /// Original ranges of code blocks and code spans, where a suppression comment is an
    /// example, not a directive.
    pub code: Vec<Range<usize>>,
}

/// Stands in for inline code and URLs: a neutral token most rules ignore.
const PLACEHOLDER: &str = "0";
/// Between blocks: a blank line, so paragraph-based rules see separate paragraphs.
const BLOCK_BREAK: &str = "\n\n";

impl Prose {
    /// Extracts the prose of `markdown`.
    pub fn of(markdown: &str) -> Prose {
        let mut builder = Builder {
            source: markdown,
            prose: Prose {
                text: String::with_capacity(markdown.len()),
                segments: Vec::new(),
                code: Vec::new(),
            },
        };
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
        // Open elements, each marked if its text is not prose (code blocks, metadata,
        // images, autolinks); `hidden` counts the marked ones.
        let mut open: Vec<bool> = Vec::new();
        let mut hidden = 0usize;
        for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if matches!(tag, Tag::CodeBlock(_)) {
                        builder.prose.code.push(range.clone());
                    }
                    let hide = hides(&tag);
                    if hide && hidden == 0 && is_inline(&tag) {
                        builder.stand_in(range.clone());
                    }
                    hidden += usize::from(hide);
                    open.push(hide);
                }
                Event::End(end) => {
                    if open.pop() == Some(true) {
                        hidden -= 1;
                    }
                    if hidden == 0 && ends_block(end) {
                        builder.insert(BLOCK_BREAK, range.end..range.end);
                    }
                }
                Event::Text(text) if hidden == 0 => builder.text(&text, range),
                Event::InlineHtml(_) if hidden == 0 => builder.stand_in(range),
                Event::Code(_) => {
                    builder.prose.code.push(range.clone());
                    if hidden == 0 {
                        builder.insert(PLACEHOLDER, range);
                    }
                }
                Event::SoftBreak | Event::HardBreak if hidden == 0 => {
                    if &markdown[range.clone()] == "\n" {
                        builder.exact(range);
                    } else {
                        builder.insert("\n", range);
                    }
                }
                _ => {}
            }
        }
        builder.prose
    }

    /// Maps a start offset of the prose to the original text.
    pub fn map_start(&self, offset: usize) -> usize {
        match self.segment_at(offset, false) {
            Some(s) if s.exact => s.original.start + (offset - s.prose.start),
            Some(s) => s.original.start,
            None => self.segments.last().map_or(0, |s| s.original.end),
        }
    }

    /// Maps an end offset (exclusive) of the prose to the original text.
    pub fn map_end(&self, offset: usize) -> usize {
        match self.segment_at(offset, true) {
            Some(s) if s.exact => s.original.start + (offset - s.prose.start),
            Some(s) => s.original.end,
            None => self.segments.first().map_or(0, |s| s.original.start),
        }
    }

    /// The original range of a prose range, if replacing it there replaces exactly the
    /// same text: every byte maps one for one and nothing lies between the pieces.
    pub fn map_exact(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let start = self.map_start(range.start);
        let end = self.map_end(range.end);
        if range.is_empty() {
            return Some(start..start);
        }
        let first = self
            .segments
            .partition_point(|s| s.prose.end <= range.start);
        let mut expected = start;
        for s in self.segments[first..]
            .iter()
            .take_while(|s| s.prose.start < range.end)
        {
            if s.prose.is_empty() {
                continue;
            }
            if !s.exact {
                return None;
            }
            let from = s.original.start + range.start.saturating_sub(s.prose.start);
            if from != expected {
                return None;
            }
            expected = s.original.start + (range.end.min(s.prose.end) - s.prose.start);
        }
        (expected == end).then_some(start..end)
    }

    /// The segment holding `offset`; for an end offset, the one it ends.
    fn segment_at(&self, offset: usize, is_end: bool) -> Option<&Segment> {
        let i = if is_end {
            self.segments.partition_point(|s| s.prose.end < offset)
        } else {
            self.segments.partition_point(|s| s.prose.end <= offset)
        };
        self.segments.get(i).filter(|s| s.prose.start <= offset)
    }
}

struct Builder<'a> {
    source: &'a str,
    prose: Prose,
}

impl Builder<'_> {
    fn push(&mut self, text: &str, original: Range<usize>, exact: bool) {
        let start = self.prose.text.len();
        self.prose.text.push_str(text);
        self.prose.segments.push(Segment {
            prose: start..self.prose.text.len(),
            original,
            exact,
        });
    }

    fn exact(&mut self, range: Range<usize>) {
        let text = &self.source[range.clone()];
        self.push(text, range, true);
    }

    fn insert(&mut self, text: &str, original: Range<usize>) {
        self.push(text, original, false);
    }

    /// Something left out of a sentence (an autolink, an image, an inline tag): where it
    /// stands alone between spaces, a placeholder keeps "see <url> now" from reading
    /// "see  now" with a double space; glued to a word ("<b>bold</b>") it is just dropped.
    fn stand_in(&mut self, original: Range<usize>) {
        let before = self.source[..original.start].chars().next_back();
        let after = self.source[original.end..].chars().next();
        if before.is_some_and(char::is_whitespace)
            && after.is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(c))
        {
            self.insert(PLACEHOLDER, original);
        }
    }

    /// A text event: exact when it is the source itself, with bare URLs set aside.
    fn text(&mut self, text: &str, range: Range<usize>) {
        if self.source[range.clone()] != *text {
            // An entity or escape: "&amp;" reads "&".
            self.push(text, range, false);
            return;
        }
        let mut cursor = range.start;
        for url in find_urls(text) {
            let (start, end) = (range.start + url.start, range.start + url.end);
            if start > cursor {
                self.exact(cursor..start);
            }
            self.insert(PLACEHOLDER, start..end);
            cursor = end;
        }
        if cursor < range.end {
            self.exact(cursor..range.end);
        }
    }
}

/// Bare URLs and `www.` addresses in a piece of text.
fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| text[from..].find(p))
        .min()
    {
        let start = from + i;
        let len = text[start..]
            .find(|c: char| c.is_whitespace() || "<>\"'()".contains(c))
            .unwrap_or(text.len() - start);
        // A sentence's final period or comma is not part of the URL.
        let url = text[start..start + len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        found.push(start..start + url.len().max(1));
        from = start + len.max(1);
    }
    found
}

fn hides(tag: &Tag<'_>) -> bool {
    match tag {
        Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock | Tag::Image { .. } => true,
        Tag::Link { link_type, .. } => matches!(link_type, LinkType::Autolink | LinkType::Email),
        _ => false,
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Link { .. } | Tag::Image { .. })
}

fn ends_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(md: &str) -> String {
        Prose::of(md).text
    }

    #[test]
    fn keeps_prose_and_drops_code_front_matter_html_and_urls() {
        let md = "---\ntitle: x\n---\n\n# Title\n\nA **bold** word and `code` here.\n\n```\nlet x = 1;\n```\n\n<div>html</div>\n\nSee [the report](http://x.org/a) and <http://y.org>.\n\n[ref]: http://z.org\n";
        let text = prose(md);
        assert!(text.contains("A bold word and 0 here."), "{text:?}");
        assert!(text.contains("See the report and 0."), "{text:?}");
        for hidden in ["title: x", "let x", "html", "http", "ref"] {
            assert!(!text.contains(hidden), "{hidden} in {text:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let md = "Intro.\n\nIts nuclear **power. program** and\nmore.";
        let p = Prose::of(md);
        let at = p.text.find(". program").unwrap();
        let start = p.map_start(at);
        assert_eq!(&md[start..start + 9], ". program");
        let range = p.map_exact(&(at..at + 9)).unwrap();
        assert_eq!(&md[range], ". program");
    }

    #[test]
    fn a_range_across_markup_has_no_exact_original() {
        let md = "A **bold** word";
        let p = Prose::of(md);
        let at = p.text.find("A bold").unwrap();
        assert_eq!(p.map_exact(&(at..at + 6)), None);
        assert_eq!(p.map_start(at), 0);
        assert_eq!(p.map_end(at + 6), 8);
    }

    #[test]
    fn hard_wrapped_lines_stay_one_text() {
        let md = "its nuclear power.\nprogram was";
        let p = Prose::of(md);
        assert_eq!(p.text.trim_end(), md);
        assert_eq!(p.map_exact(&(17..26)), Some(17..26));
    }

    #[test]
    fn bare_urls_lose_their_final_period_only() {
        assert_eq!(find_urls("see https://a.org/x.html. Then"), vec![4..24]);
    }
}
