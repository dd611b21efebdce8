//! Markdown: the prose of a document, and a map from it back to the original bytes.
//!
//! Code (fenced, indented, inline, and inside `<code>`-like HTML tags), math, front matter,
//! HTML, link destinations, autolinks, bare URLs, footnote references, reference
//! definitions and the template and container syntax of site generators (`site_syntax`)
//! are left out. What remains is checked as one text per block: each paragraph, heading,
//! list item (tight or nested), table cell, block quote paragraph, footnote, definition
//! term and definition is followed by a blank line, so no finding reads across two of them
//! ("a line.\n  - Nested" never reads "a line.Nested"). Inside a block "a **bold** word"
//! reads "a bold word", and an artifact split by emphasis or a line break is still found.
//! Each block's kind (`Region`) and the link texts are recorded, so that a rule can skip
//! headings, terms or links (`skip-in`). Every offset maps back to the original file, so
//! lines and columns are those of the file. (Blanking markup in a same-length copy would
//! turn "**bold**," into "  bold  ," and make every spacing rule fire.)

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::site_syntax::{self, Flavour, Markup, Site};

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

/// What a piece of prose is in the document: the kind of block holding it, or a link's
/// text. Rules name the ones they do not apply to (`skip-in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// A paragraph of running text (and all of a plain-text document).
    Paragraph,
    /// A heading: a title, not a sentence.
    Heading,
    /// A list item: a sentence, a fragment, a term or a label.
    ListItem,
    /// A table cell.
    TableCell,
    /// A paragraph of a block quote.
    Quote,
    /// A footnote's text.
    Footnote,
    /// The term of a definition list.
    Term,
    /// The definition of a definition list term.
    Definition,
    /// The text of a link: often a name or a title (a page, a language, a function).
    Link,
}

/// The prose of a Markdown document and its offset map.
#[derive(Debug, Clone)]
pub struct Prose {
    pub text: String,
    segments: Vec<Segment>,
    /// Original ranges of code blocks and code spans, where a suppression comment is an
    /// example, not a directive.
    pub code: Vec<Range<usize>>,
    /// Original ranges of code and front matter: what the document writes literally.
    literal: Vec<Range<usize>>,
    /// Where each block kind starts in the prose: (offset, kind), sorted by offset.
    kinds: Vec<(usize, Region)>,
    /// Prose offsets of the blank lines put between blocks.
    breaks: Vec<usize>,
    /// Prose ranges of link texts.
    links: Vec<Range<usize>>,
}

/// Stands in for inline code and URLs: a neutral token most rules ignore.
const PLACEHOLDER: &str = "0";
/// Between blocks: a blank line, so paragraph-based rules see separate paragraphs.
const BLOCK_BREAK: &str = "\n\n";

/// HTML elements whose content is code or keyboard input, not prose.
const CODE_ELEMENTS: [&str; 6] = ["code", "kbd", "samp", "var", "pre", "tt"];

impl Prose {
    /// Extracts the prose of `markdown`.
    pub fn of(markdown: &str) -> Prose {
        Prose::of_flavour(markdown, Flavour::Auto)
    }

    /// Extracts the prose of `markdown`, a page of a site of `flavour`.
    pub fn of_flavour(markdown: &str, flavour: Flavour) -> Prose {
        Prose::of_sized(markdown, PIECE_SIZE, flavour)
    }

    /// `of_flavour`, in pieces of about `size` (in [`weight`]).
    fn of_sized(markdown: &str, size: usize, flavour: Flavour) -> Prose {
        let site = flavour.site(has_front_matter(markdown));
        let pieces = pieces(markdown, size);
        if let [_] = pieces.as_slice() {
            return Prose::of_piece(markdown, site);
        }
        // A large document is parsed a piece at a time, cut between blocks: the parser's
        // tree then follows the piece, not the file.
        let mut prose = Prose::empty(markdown.len());
        for range in pieces {
            let part = Prose::of_piece(&markdown[range.clone()], site);
            prose.append(part, range.start);
        }
        prose
    }

    /// No prose yet, with room for `capacity` bytes of text.
    fn empty(capacity: usize) -> Prose {
        Prose {
            text: String::with_capacity(capacity),
            segments: Vec::new(),
            code: Vec::new(),
            literal: Vec::new(),
            kinds: vec![(0, Region::Paragraph)],
            breaks: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Adds the prose of the piece of the document that starts at `original`, after a
    /// block break.
    fn append(&mut self, part: Prose, original: usize) {
        if !self.text.is_empty() && !self.text.ends_with(BLOCK_BREAK) {
            let at = self.text.len();
            self.breaks.push(at);
            self.text.push_str(BLOCK_BREAK);
            self.segments.push(Segment {
                prose: at..self.text.len(),
                original: original..original,
                exact: false,
            });
        }
        let base = self.text.len();
        self.text.push_str(&part.text);
        let shift = |r: &Range<usize>, by: usize| r.start + by..r.end + by;
        self.segments.extend(part.segments.iter().map(|s| Segment {
            prose: shift(&s.prose, base),
            original: shift(&s.original, original),
            exact: s.exact,
        }));
        self.code
            .extend(part.code.iter().map(|r| shift(r, original)));
        self.literal
            .extend(part.literal.iter().map(|r| shift(r, original)));
        for (at, kind) in part.kinds {
            match self.kinds.last_mut() {
                Some(last) if last.1 == kind => {}
                Some(last) if last.0 == at + base => last.1 = kind,
                _ => self.kinds.push((at + base, kind)),
            }
        }
        self.breaks.extend(part.breaks.iter().map(|b| b + base));
        self.links.extend(part.links.iter().map(|r| shift(r, base)));
    }

    /// The prose of one piece of a document (or all of it), in the piece's offsets.
    fn of_piece(markdown: &str, site: Site) -> Prose {
        let markup = site_syntax::find_in(markdown, site);
        let mut walker = Walker {
            builder: Builder {
                source: markdown,
                markup: &markup,
                markup_done: 0,
                prose: Prose::empty(markdown.len()),
            },
            open: Vec::new(),
            hidden: 0,
            containers: Vec::new(),
            link_start: None,
            html_code: None,
        };
        for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
            walker.event(event, range);
        }
        walker.builder.prose
    }

    /// The kind of block the prose at `offset` is in.
    pub fn block_at(&self, offset: usize) -> Region {
        let i = self.kinds.partition_point(|(start, _)| *start <= offset);
        self.kinds[i.saturating_sub(1)].1
    }

    /// True when `range` of the prose lies in the text of one link.
    pub fn in_link(&self, range: &Range<usize>) -> bool {
        self.links
            .get(self.links.partition_point(|l| l.end <= range.start))
            .is_some_and(|l| l.start <= range.start && range.end <= l.end)
    }

    /// True when the document writes `token` literally somewhere: in code (a code span or
    /// block) or in its front matter. `source` is the original text.
    pub fn written_as_code(&self, source: &str, token: &str) -> bool {
        self.code
            .iter()
            .chain(&self.literal)
            .any(|r| source.get(r.clone()).is_some_and(|s| s.contains(token)))
    }

    /// True when the document's code or front matter holds `word` as a whole word
    /// (`text::is_whole_word`): not inside a longer run of word characters or underscores.
    pub fn written_as_code_word(&self, source: &str, word: &str) -> bool {
        self.code.iter().chain(&self.literal).any(|r| {
            let Some(code) = source.get(r.clone()) else {
                return false;
            };
            code.match_indices(word)
                .any(|(i, _)| crate::text::is_whole_word(code, &(i..i + word.len())))
        })
    }

    /// True when `range` of the prose reads across the break between two blocks.
    pub fn crosses_blocks(&self, range: &Range<usize>) -> bool {
        let i = self.breaks.partition_point(|b| *b < range.start);
        self.breaks
            .get(i)
            .is_some_and(|b| b + BLOCK_BREAK.len() < range.end)
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

/// The parser's options: CommonMark with the extensions documents commonly use.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

/// Reads the parser's events into a [`Builder`], keeping track of the open elements.
struct Walker<'a> {
    builder: Builder<'a>,
    /// Open elements, each marked if its text is not prose (code blocks, metadata,
    /// images, autolinks); `hidden` counts the marked ones.
    open: Vec<bool>,
    hidden: usize,
    /// Open block containers, innermost last.
    containers: Vec<Region>,
    /// A link whose text is being read: where its text starts in the prose.
    link_start: Option<usize>,
    /// An inline `<code>`-like element being skipped: its name and where it starts.
    html_code: Option<(&'static str, usize)>,
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skips_html_code(&event, &range) {
            return;
        }
        let builder = &mut self.builder;
        match event {
            Event::Start(tag) => self.start(&tag, range),
            Event::End(end) => self.end(end, range),
            _ if self.hidden > 0 => {}
            Event::Text(text) => builder.text(&text, range),
            _ if builder.in_markup(&range) => {}
            Event::InlineHtml(html) => match opens_code_element(&html) {
                Some(name) => self.html_code = Some((name, range.start)),
                None => builder.stand_in(range),
            },
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                builder.prose.code.push(range.clone());
                builder.insert(PLACEHOLDER, range);
            }
            Event::FootnoteReference(_) => builder.stand_in(range),
            Event::SoftBreak | Event::HardBreak => {
                let original = &builder.source[range.clone()];
                if original == "\n" || original == "\r\n" {
                    builder.exact(range);
                } else {
                    builder.insert("\n", range);
                }
            }
            _ => {}
        }
    }

    /// Inside an inline `<code>`-like element, everything up to its closing tag is left
    /// out (block starts and ends still count). True when `event` was taken so.
    fn skips_html_code(&mut self, event: &Event<'_>, range: &Range<usize>) -> bool {
        let Some((name, start)) = self.html_code else {
            return false;
        };
        match event {
            Event::InlineHtml(html) if closes_element(html, name) => {
                self.builder.prose.code.push(start..range.end);
                self.builder.stand_in(start..range.end);
                self.html_code = None;
                true
            }
            Event::Start(_) | Event::End(_) => false,
            _ => true,
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) {
        let builder = &mut self.builder;
        if matches!(tag, Tag::CodeBlock(_)) {
            builder.prose.code.push(range.clone());
        }
        if matches!(tag, Tag::MetadataBlock(_)) {
            builder.prose.literal.push(range.clone());
        }
        let hide = hides(tag);
        if is_block(tag) {
            builder.block_break(range.start);
            if let Some(kind) = container(tag) {
                self.containers.push(kind);
                builder.kind(Some(kind));
            }
        }
        if hide && self.hidden == 0 && is_inline(tag) && !builder.in_markup(&range) {
            builder.stand_in(range.clone());
        }
        if matches!(tag, Tag::Link { .. }) && !hide && self.hidden == 0 {
            self.link_start = Some(builder.prose.text.len());
        }
        self.hidden += usize::from(hide);
        self.open.push(hide);
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        if self.open.pop() == Some(true) {
            self.hidden -= 1;
        }
        let builder = &mut self.builder;
        if end == TagEnd::Link
            && let Some(start) = self.link_start.take()
        {
            builder.prose.links.push(start..builder.prose.text.len());
        }
        if is_block_end(end) {
            // An element left open does not run past its block.
            self.html_code = None;
            if self.hidden == 0 {
                builder.block_break(range.end);
            }
            if container_end(end) {
                self.containers.pop();
                builder.kind(self.containers.last().copied());
            }
        }
    }
}

struct Builder<'a> {
    source: &'a str,
    markup: &'a [Markup],
    /// Pieces of `markup` before this index are done: one that spans several text events
    /// is handled once, as a whole.
    markup_done: usize,
    prose: Prose,
}

impl Builder<'_> {
    fn push(&mut self, text: &str, original: Range<usize>, exact: bool) {
        let start = self.prose.text.len();
        self.prose.text.push_str(text);
        let end = self.prose.text.len();
        // Exact pieces that continue each other are one piece: a file of a million
        // one-character texts keeps a short map.
        if exact
            && let Some(last) = self.prose.segments.last_mut()
            && last.exact
            && last.prose.end == start
            && last.original.end == original.start
        {
            last.prose.end = end;
            last.original.end = original.end;
            return;
        }
        self.prose.segments.push(Segment {
            prose: start..end,
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

    /// Ends the block being read, if any: a blank line at `at` of the original.
    fn block_break(&mut self, at: usize) {
        let text = &self.prose.text;
        if text.is_empty() || text.ends_with(BLOCK_BREAK) {
            return;
        }
        self.prose.breaks.push(text.len());
        self.insert(BLOCK_BREAK, at..at);
    }

    /// The prose from here on is in a block of this kind (a paragraph outside containers).
    fn kind(&mut self, kind: Option<Region>) {
        let kind = kind.unwrap_or(Region::Paragraph);
        let at = self.prose.text.len();
        let kinds = &mut self.prose.kinds;
        match kinds.last_mut() {
            Some(last) if last.1 == kind => {}
            Some(last) if last.0 == at => last.1 = kind,
            _ => kinds.push((at, kind)),
        }
    }

    /// True when `range` of the original lies inside site syntax.
    fn in_markup(&self, range: &Range<usize>) -> bool {
        let i = self.markup.partition_point(|m| m.range.end <= range.start);
        self.markup
            .get(i)
            .is_some_and(|m| m.range.start <= range.start && range.end <= m.range.end)
    }

    /// Something left out of a sentence (an autolink, an image, an inline tag): where it
    /// stands alone between spaces, a placeholder keeps "see <url> now" from reading
    /// "see  now" with a double space; glued to a word ("<b>bold</b>") it is just dropped.
    /// Emphasis marks around it are no word: "the **:icon: Run** button".
    fn stand_in(&mut self, original: Range<usize>) {
        let before = self.source[..original.start]
            .trim_end_matches(['*', '_'])
            .chars()
            .next_back();
        let after = self.source[original.end..]
            .trim_start_matches(['*', '_'])
            .chars()
            .next();
        if before.is_some_and(char::is_whitespace)
            && after.is_none_or(|c| c.is_whitespace() || ".,;:!?)|".contains(c))
        {
            self.insert(PLACEHOLDER, original);
        }
    }

    /// A text event, with the site syntax in it left out: a piece that fills its lines
    /// ends a block, one inside a line stands in like an inline tag.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let first = self.markup.partition_point(|m| m.range.end <= range.start);
        let markup = self.markup;
        let mut cursor = range.start;
        for (i, m) in markup
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, m)| m.range.start < range.end)
        {
            if m.range.start > cursor {
                self.visible(text, range.clone(), cursor..m.range.start);
            }
            if i >= self.markup_done {
                self.markup_done = i + 1;
                if m.lines {
                    self.block_break(m.range.start);
                } else {
                    self.stand_in(m.range.clone());
                }
            }
            cursor = cursor.max(m.range.end);
        }
        if cursor < range.end {
            self.visible(text, range.clone(), cursor..range.end);
        }
    }

    /// The part `part` of a text event: exact when it is the source itself, with bare URLs
    /// set aside.
    fn visible(&mut self, text: &str, range: Range<usize>, part: Range<usize>) {
        if self.source[range.clone()] != *text {
            // An entity or escape: "&amp;" reads "&". A reference to an invisible
            // character ("&#xfeff;", "&shy;") puts it there on purpose: it is not prose.
            if part == range && !text.chars().all(is_invisible) {
                self.push(text, range, false);
            }
            return;
        }
        let mut part = part;
        // The parser drops the indentation of a line; spaces left at the start of a line
        // come from markup left out before them ("- <sup>tag</sup> Text").
        if self.prose.text.is_empty() || self.prose.text.ends_with('\n') {
            let piece = &self.source[part.clone()];
            part.start += piece.len() - piece.trim_start_matches([' ', '\t']).len();
        }
        let piece = &self.source[part.clone()];
        let mut cursor = part.start;
        for url in find_urls(piece) {
            let (start, end) = (part.start + url.start, part.start + url.end);
            if start > cursor {
                self.exact(cursor..start);
            }
            self.insert(PLACEHOLDER, start..end);
            cursor = end;
        }
        if cursor < part.end {
            self.exact(cursor..part.end);
        }
    }
}

/// Documents weighing more than twice this (see [`weight`]) are parsed in pieces of
/// about this weight.
const PIECE_SIZE: usize = 1 << 20;

/// What a byte weighs when a document is cut into pieces: one, plus [`MARKUP_WEIGHT`] for
/// each byte that the parser keeps a node of its tree for (a bracket, an emphasis mark, a
/// backtick, a line end...). A node takes tens of bytes, so a piece made of such bytes
/// (`[[[[...`) costs the parser far more memory than a piece of prose of the same length:
/// weighed so, a piece costs at most a fixed amount whatever it holds.
fn weight(byte: u8) -> usize {
    1 + MARKUP_WEIGHT * usize::from(MARKUP_BYTES[usize::from(byte)])
}

/// The weight of a byte of markup, beyond its own.
const MARKUP_WEIGHT: usize = 32;

/// The bytes the parser gives a node of their own (pulldown-cmark's special bytes with
/// tables, strikethrough and math on).
const MARKUP_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\n\r*_&\\[]<!`|~${}";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

fn weigh(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| weight(b)).sum()
}

/// Where to cut a document into pieces of about `size` (in [`weight`]): at a blank line
/// outside a fenced code block; failing that within twice the size, at a line break;
/// failing that (one enormous line), at a space or any character boundary. Light
/// documents are one piece.
fn pieces(markdown: &str, size: usize) -> Vec<Range<usize>> {
    let bytes = markdown.as_bytes();
    if weigh(bytes) <= 2 * size {
        return std::iter::once(0..markdown.len()).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    // The weight of `start..pos`.
    let mut weight = 0;
    let mut fence: Option<char> = None;
    while pos < markdown.len() {
        let end = markdown[pos..]
            .find('\n')
            .map_or(markdown.len(), |i| pos + i + 1);
        let line = &markdown[pos..end];
        fence = fence_after(line, fence);
        weight += weigh(&bytes[pos..end]);
        // One enormous line: cut it where it exceeds the limit.
        while weight > 2 * size {
            let (cut, before) = cut_in_line(markdown, start, size);
            out.push(start..cut);
            start = cut;
            weight -= before;
        }
        if (fence.is_none() && line.trim().is_empty() && weight >= size) || weight >= 2 * size {
            out.push(start..end);
            start = end;
            weight = 0;
        }
        pos = end;
    }
    if start < markdown.len() {
        out.push(start..markdown.len());
    }
    out
}

/// The fenced code block open after `line`, given the one open before it.
fn fence_after(line: &str, fence: Option<char>) -> Option<char> {
    let content = line.trim_start_matches(' ');
    if line.len() - content.len() > 3 {
        return fence;
    }
    let mut fence = fence;
    for mark in ['`', '~'] {
        if content.starts_with(&mark.to_string().repeat(3)) {
            fence = match fence {
                None => Some(mark),
                Some(open) if open == mark => None,
                other => other,
            };
        }
    }
    fence
}

/// Where to cut the text from `start` so that the piece weighs about `size`: after the
/// last space within that weight, or else at the character boundary there (at least one
/// character on). Returns the cut and the weight of `start..cut`.
fn cut_in_line(markdown: &str, start: usize, size: usize) -> (usize, usize) {
    let bytes = markdown.as_bytes();
    let (mut at, mut weight) = (start, 0);
    let mut space = None;
    while at < bytes.len() && weight < size {
        weight += self::weight(bytes[at]);
        at += 1;
        if bytes[at - 1].is_ascii_whitespace() {
            space = Some((at, weight));
        }
    }
    let (mut cut, mut weight) = space.unwrap_or((at, weight));
    while !markdown.is_char_boundary(cut) {
        cut -= 1;
        weight -= self::weight(bytes[cut]);
    }
    if cut == start {
        cut = crate::text::ceil_char_boundary(markdown, start + 1);
        weight = weigh(&bytes[start..cut]);
    }
    (cut, weight)
}

/// A character that shows nothing: controls, format characters, the soft hyphen.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// The page opens with front matter: it belongs to a site generator, whose templates run
/// on it.
fn has_front_matter(markdown: &str) -> bool {
    let first = markdown.lines().next().unwrap_or("").trim_end();
    first == "---" || first == "+++"
}

/// The name of a code-like element (`<code>`, `<kbd class="x">`) this inline tag opens.
fn opens_code_element(html: &str) -> Option<&'static str> {
    let rest = html.strip_prefix('<')?;
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if html.trim_end().ends_with("/>") {
        return None;
    }
    CODE_ELEMENTS
        .iter()
        .find(|e| e.eq_ignore_ascii_case(name))
        .copied()
}

/// This inline tag closes the element `name`.
fn closes_element(html: &str, name: &str) -> bool {
    html.strip_prefix("</").is_some_and(|rest| {
        rest.get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && rest[name.len()..].trim_start().starts_with('>')
    })
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

/// A block-level element: what comes before and after it are separate texts.
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The kind of block a container gives the text inside it.
fn container(tag: &Tag<'_>) -> Option<Region> {
    Some(match tag {
        Tag::Heading { .. } => Region::Heading,
        Tag::Item => Region::ListItem,
        Tag::TableCell => Region::TableCell,
        Tag::BlockQuote(_) => Region::Quote,
        Tag::FootnoteDefinition(_) => Region::Footnote,
        Tag::DefinitionListTitle => Region::Term,
        Tag::DefinitionListDefinition => Region::Definition,
        _ => return None,
    })
}

fn container_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Heading(_)
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

    #[test]
    fn nested_list_items_are_separate_blocks() {
        let p = Prose::of("- One line.\n  - There it is.\n- [Link](x)\n- [Next](y)\n");
        assert!(p.text.contains("One line.\n\nThere it is."), "{:?}", p.text);
        assert!(p.text.contains("Link\n\nNext"), "{:?}", p.text);
        let at = p.text.find("There").unwrap();
        assert!(p.crosses_blocks(&(at - 3..at + 2)));
        assert!(!p.crosses_blocks(&(at..at + 5)));
    }

    #[test]
    fn each_block_knows_its_kind() {
        let md = "# a title {#id}\n\nText here.\n\n- item\n\nterm\n: its definition\n\n> quoted\n\n| cell |\n| --- |\n| body |\n\nSee [the link](x).\n";
        let p = Prose::of(md);
        let kind = |needle: &str| p.block_at(p.text.find(needle).unwrap());
        assert!(!p.text.contains("{#id}"), "{:?}", p.text);
        assert_eq!(kind("a title"), Region::Heading);
        assert_eq!(kind("Text here"), Region::Paragraph);
        assert_eq!(kind("item"), Region::ListItem);
        assert_eq!(kind("term"), Region::Term);
        assert_eq!(kind("its definition"), Region::Definition);
        assert_eq!(kind("quoted"), Region::Quote);
        assert_eq!(kind("body"), Region::TableCell);
        assert_eq!(kind("See"), Region::Paragraph);
        let at = p.text.find("the link").unwrap();
        assert!(p.in_link(&(at..at + 8)));
        assert!(!p.in_link(&(at - 4..at + 8)));
    }

    #[test]
    fn footnote_references_and_code_elements_are_not_prose() {
        let text = prose("|a|b|\n|-|-|\n|Yes [^1]|x|\n\n[^1]: Note.\n");
        assert!(text.contains("Yes 0\n"), "{text:?}");
        let text = prose("It is <code v-pre>{{ a.b }}</code> here and <kbd>Ctrl</kbd>.\n");
        assert_eq!(text.trim_end(), "It is 0 here and 0.");
    }

    #[test]
    fn site_syntax_is_markup() {
        let text = prose("Some {{< hl >}}fmt.Println(\"x\"){{< /hl >}} code.\n");
        assert_eq!(text.trim_end(), "Some 0 code.");
        let text = prose("It ends here. {{< new-in 0.1 />}}\n");
        assert_eq!(text.trim_end(), "It ends here. 0");
        let text = prose("::: tip Note\nInside it.\n:::\n\nAfter.\n");
        assert!(!text.contains(":::") && !text.contains("tip"), "{text:?}");
        assert!(text.contains("Inside it."), "{text:?}");
        // A page without front matter keeps its `{{ name }}`: a leak to report.
        assert!(prose("Dear {{ name }},\n").contains("{{ name }}"));
        assert!(!prose("---\nt: x\n---\nDear {{ name }},\n").contains("{{"));
    }

    #[test]
    fn markup_left_out_leaves_no_stray_space_or_invisible_character() {
        assert_eq!(
            prose("- <sup class=\"badge\"></sup> Replacing it.\n").trim_end(),
            "Replacing it."
        );
        assert_eq!(prose("H&#xfeff;AHA and &amp;.\n").trim_end(), "HAHA and &.");
        assert_eq!(
            prose("Click the **:material-play: Run** button.\n").trim_end(),
            "Click the 0 Run button."
        );
    }

    #[test]
    fn a_large_document_is_parsed_in_pieces_between_blocks() {
        let para = "A **bold** word and `code` here.\n\n";
        let md = para.repeat(200);
        let cuts = pieces(&md, 1000);
        assert!(cuts.len() > 3, "{cuts:?}");
        assert!(
            cuts.iter()
                .all(|r| md[..r.start].ends_with("\n\n") || r.start == 0)
        );
        // Piece by piece, the prose and its map are those of the whole.
        let whole = Prose::of_piece(&md, Flavour::Auto.site(false));
        let cut = Prose::of_sized(&md, 1000, Flavour::Auto);
        assert_eq!(whole.text, md.replace("**", "").replace("`code`", "0"));
        assert_eq!(cut.text, whole.text);
        for (at, _) in whole.text.match_indices("word") {
            assert_eq!(cut.map_start(at), whole.map_start(at));
            assert_eq!(cut.map_exact(&(at..at + 4)), whole.map_exact(&(at..at + 4)));
            assert_eq!(cut.block_at(at), Region::Paragraph);
        }
        let long = "[".repeat(5000);
        let cuts = pieces(&long, 1000);
        assert!(cuts.len() >= 3 && cuts.last().unwrap().end == long.len());
    }

    #[test]
    fn crlf_line_breaks_map_exactly() {
        let md = "its nuclear power.\r\nprogram was";
        let p = Prose::of(md);
        let at = p.text.find(".\r\nprogram").unwrap();
        assert_eq!(p.map_exact(&(at..at + 10)), Some(at..at + 10));
    }
}
