//! The template, shortcode and container syntax of documentation site generators, found in
//! the source of a Markdown file. A generator replaces it before anyone reads the page, so
//! it is markup: neither prose nor a leaked placeholder.
//!
//! Recognised everywhere, because nothing else writes it:
//! - Hugo shortcodes, `{{< name >}}` and `{{% name %}}`. The inner content of a paired
//!   `{{< name >}}…{{< /name >}}` is handed to the template raw, not rendered as Markdown
//!   (that is what `{{% %}}` is for), and is usually code or data: it is left out too.
//! - mdBook directives, `{{#include file.rs}}`.
//! - Liquid and Jinja tags, `{% include x.html %}`; the inner content of
//!   `{% highlight %}`, `{% raw %}` and `{% comment %}` blocks is code, literal or a comment.
//! - Container lines: `::: tip Title` and `:::` (VitePress, VuePress, Docusaurus
//!   admonitions, Pandoc fenced divs), MkDocs admonitions (`!!! note "Title"`,
//!   `??? note`) and PyMdown Extensions blocks (`/// html | div.result`, `//// tab | Bash`).
//! - TeX display math, `\[ … \]` and `\( … \)` with a command inside (`\frac`).
//! - Emoji shortcodes, `:rocket:`, `:+1:` (GitHub, GitLab, MkDocs, Docusaurus): a
//!   lowercase name between colons, not glued to a word or to another colon.
//! - Type annotations of API references (JSDoc style, as the Node.js documentation writes
//!   them): `{Type}` after a list item's code span or label, `* \`flush\` {boolean}`,
//!   `* Returns: {Promise}`, or opening the item when it is a type expression
//!   (`* {stream.Readable|null}`), not a plain name.
//!
//! Recognised only in a page that opens with front matter (a page of a site generator, where
//! Jekyll, Hugo and Eleventy run their templates): output tags, `{{ page.title }}`. In an
//! article without front matter a `{{ name }}` is what the leak rules look for.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The site generator a Markdown file is written for (`syntax` in `mtlint.toml`). `auto`
/// recognises what is unambiguous and output tags only in a page with front matter;
/// naming a generator whose pages run templates makes `{{ … }}` markup in every page
/// (partials and included files have no front matter); `plain` recognises no site syntax:
/// every `{{ … }}`, `{% … %}` and `:::` is text that the leak rules look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavour {
    #[default]
    Auto,
    Plain,
    Hugo,
    Jekyll,
    Mdbook,
    Vitepress,
    Docusaurus,
    Mkdocs,
}

impl Flavour {
    pub fn is_auto(&self) -> bool {
        *self == Flavour::Auto
    }

    /// The site syntax of a page of this flavour, given whether it opens with front matter.
    pub fn site(self, front_matter: bool) -> Site {
        match self {
            Flavour::Plain => Site {
                recognised: false,
                templates: false,
            },
            // Hugo pages are written beside its templates; Jekyll runs Liquid, VitePress
            // Vue interpolation and MkDocs (with macros) Jinja on every page.
            Flavour::Hugo | Flavour::Jekyll | Flavour::Vitepress | Flavour::Mkdocs => Site {
                recognised: true,
                templates: true,
            },
            // mdBook's `{{#…}}` and Docusaurus's containers are unambiguous; a `{{ x }}`
            // is theirs no more than anyone's.
            Flavour::Auto | Flavour::Mdbook | Flavour::Docusaurus => Site {
                recognised: true,
                templates: front_matter,
            },
        }
    }
}

/// What site syntax a page holds: none, or the unambiguous syntax and, with `templates`,
/// output tags (`{{ … }}`) too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    pub recognised: bool,
    pub templates: bool,
}

/// The site syntax of `source` for a page of `site`: see [`find`].
pub fn find_in(source: &str, site: Site) -> Vec<Markup> {
    if site.recognised {
        find(source, site.templates)
    } else {
        Vec::new()
    }
}

/// A piece of site syntax in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    pub range: Range<usize>,
    /// It fills its lines (a container line, a shortcode on a line of its own): what comes
    /// before and after it are separate blocks.
    pub lines: bool,
}

/// How far a tag may run before its closing delimiter: further than this, the opening is
/// not a tag.
const TAG_LIMIT: usize = 4096;

/// How far the inner content of a paired tag may run.
const INNER_LIMIT: usize = 1 << 20;

/// The site syntax of `source`, sorted and without overlaps. `templates`: also output tags
/// (`{{ … }}`).
pub fn find(source: &str, templates: bool) -> Vec<Markup> {
    let mut found: Vec<Range<usize>> = Vec::new();
    find_tags(source, templates, &mut found);
    find_container_lines(source, &mut found);
    find_tex(source, &mut found);
    find_type_annotations(source, &mut found);
    find_emoji(source, &mut found);
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
    for r in found {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
        .into_iter()
        .map(|range| Markup {
            lines: fills_lines(source, &range),
            range,
        })
        .collect()
}

/// The next occurrence of a delimiter at or after an offset, remembered so that a text of
/// many openings and no closing is searched once, not once per opening.
struct Next<'a> {
    source: &'a str,
    needle: &'static str,
    /// The last answer: (searched from, found at).
    last: Option<(usize, Option<usize>)>,
}

impl<'a> Next<'a> {
    fn new(source: &'a str, needle: &'static str) -> Next<'a> {
        Next {
            source,
            needle,
            last: None,
        }
    }

    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.last
            && searched <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = self.source[from..].find(self.needle).map(|i| from + i);
        self.last = Some((from, found));
        found
    }
}

/// An open paired tag: its name, where it starts, whether its inner content is raw.
struct Open {
    name: String,
    start: usize,
    raw: bool,
}

fn find_tags(source: &str, templates: bool, found: &mut Vec<Range<usize>>) {
    let mut angle_close = Next::new(source, ">}}");
    let mut percent_close = Next::new(source, "%}}");
    let mut brace_close = Next::new(source, "}}");
    let mut liquid_close = Next::new(source, "%}");
    let mut open: Vec<Open> = Vec::new();
    let mut i = 0;
    while let Some(off) = source[i..].find('{') {
        let at = i + off;
        let rest = &source.as_bytes()[at..];
        i = at + 1;
        let (end, inner, raw_kind) = match rest {
            [b'{', b'{', b'<', ..] => match angle_close.at_or_after(at + 3) {
                Some(e) if e - at <= TAG_LIMIT => (e + 3, at + 3..e, Some(true)),
                _ => continue,
            },
            [b'{', b'{', b'%', ..] => match percent_close.at_or_after(at + 3) {
                Some(e) if e - at <= TAG_LIMIT => (e + 3, at + 3..e, Some(false)),
                _ => continue,
            },
            [b'{', b'{', b'#', c, ..] if c.is_ascii_alphabetic() => {
                match brace_close.at_or_after(at + 3) {
                    Some(e) if e - at <= TAG_LIMIT => (e + 2, at + 3..e, None),
                    _ => continue,
                }
            }
            [b'{', b'%', ..] if starts_liquid_tag(&source[at + 2..]) => {
                match liquid_close.at_or_after(at + 2) {
                    Some(e) if e - at <= TAG_LIMIT => (e + 2, at + 2..e, None),
                    _ => continue,
                }
            }
            [b'{', b'{', ..] if templates => match brace_close.at_or_after(at + 2) {
                Some(e) if e - at <= TAG_LIMIT && !source[at..e].contains("\n\n") => {
                    (e + 2, at + 2..e, None)
                }
                _ => continue,
            },
            _ => continue,
        };
        found.push(at..end);
        i = end;
        let body = source[inner].trim_matches(|c: char| c.is_whitespace() || c == '-');
        let closing = body.starts_with('/');
        let body = body.trim_start_matches('/').trim_start();
        let name: String = body
            .chars()
            .take_while(|c| c.is_alphanumeric() || "_-./".contains(*c))
            .collect();
        if name.is_empty() {
            continue;
        }
        match raw_kind {
            // Hugo: `{{< /name >}}` closes the latest open `name`.
            Some(raw) => {
                if closing {
                    if let Some(pos) = open.iter().rposition(|o| o.name == name) {
                        let o = open.remove(pos);
                        if o.raw && end - o.start <= INNER_LIMIT {
                            found.push(o.start..end);
                        }
                    }
                } else if !body.ends_with('/') {
                    push_open(
                        &mut open,
                        Open {
                            name,
                            start: at,
                            raw,
                        },
                    );
                }
            }
            // Liquid: `{% endname %}` closes `{% name %}`.
            None if source.as_bytes()[at + 1] == b'%' => {
                if let Some(base) = name.strip_prefix("end") {
                    if let Some(pos) = open.iter().rposition(|o| o.name == base) {
                        let o = open.remove(pos);
                        if o.raw && end - o.start <= INNER_LIMIT {
                            found.push(o.start..end);
                        }
                    }
                } else {
                    let raw = matches!(name.as_str(), "highlight" | "raw" | "comment");
                    push_open(
                        &mut open,
                        Open {
                            name,
                            start: at,
                            raw,
                        },
                    );
                }
            }
            None => {}
        }
    }
}

/// Open tags kept for pairing; past this many the oldest are forgotten, so that a file
/// of unclosed tags stays linear.
const MAX_OPEN: usize = 256;

fn push_open(open: &mut Vec<Open>, tag: Open) {
    if open.len() == MAX_OPEN {
        open.remove(0);
    }
    open.push(tag);
}

/// `{%` opens a Liquid or Jinja tag when a name follows (after an optional `-` and spaces).
fn starts_liquid_tag(after: &str) -> bool {
    let after = after.strip_prefix('-').unwrap_or(after);
    after
        .trim_start_matches([' ', '\t'])
        .starts_with(|c: char| c.is_ascii_alphabetic())
}

/// `:::` container lines, and MkDocs `!!!` / `???` admonition lines.
fn find_container_lines(source: &str, found: &mut Vec<Range<usize>>) {
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        if indent <= 3 && is_container_line(content.trim_end()) {
            found.push(start + indent..end);
        }
        start = end;
    }
}

fn is_container_line(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix(":::") {
        // `:::`, `::: tip`, `:::warning Title`, `::: {.note}`; not `:::)` in prose.
        let rest = rest.trim_start_matches(':').trim_start();
        return rest.is_empty() || rest.starts_with(|c: char| c.is_alphabetic() || c == '{');
    }
    // PyMdown Extensions blocks (MkDocs): `/// note | Title`, `//// tab | Bash`, `///`.
    if let Some(rest) = line.strip_prefix("///") {
        let rest = rest.trim_start_matches('/');
        return rest.is_empty()
            || rest
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()));
    }
    for marker in ["!!!", "???+", "???"] {
        if let Some(rest) = line.strip_prefix(marker) {
            let rest = rest.strip_prefix(' ').unwrap_or("");
            let kind: &str = rest.split([' ', '"']).next().unwrap_or("");
            return !kind.is_empty()
                && kind
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        }
    }
    false
}

/// Emoji shortcodes: `:name:` with a name of lowercase letters, digits, `_`, `+` and `-`
/// that holds a letter or `+1`/`-1`, with neither a word character nor a colon or a slash
/// glued on either side (not "10:30:00", "std::io::", "a:b:c", "http://x").
fn find_emoji(source: &str, found: &mut Vec<Range<usize>>) {
    const LONGEST: usize = 50;
    let bytes = source.as_bytes();
    let glued = |b: u8| b.is_ascii_alphanumeric() || b == b':' || b == b'/' || b == b'_';
    let mut at = 0;
    while let Some(i) = source[at..].find(':').map(|i| at + i) {
        at = i + 1;
        if i > 0 && glued(bytes[i - 1]) {
            continue;
        }
        let name_len = bytes[i + 1..]
            .iter()
            .take(LONGEST + 1)
            .take_while(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-')
            })
            .count();
        let close = i + 1 + name_len;
        if name_len == 0 || name_len > LONGEST || bytes.get(close) != Some(&b':') {
            continue;
        }
        let name = &source[i + 1..close];
        let named = name.bytes().any(|b| b.is_ascii_lowercase()) || name == "+1" || name == "-1";
        if !named || bytes.get(close + 1).is_some_and(|&b| glued(b)) {
            continue;
        }
        found.push(i..close + 1);
        at = close + 1;
    }
}

/// `\[ … \]` and `\( … \)` holding a TeX command.
fn find_tex(source: &str, found: &mut Vec<Range<usize>>) {
    for (open, close) in [("\\[", "\\]"), ("\\(", "\\)")] {
        let mut next_close = Next::new(source, close);
        let mut from = 0;
        while let Some(i) = source[from..].find(open) {
            let at = from + i;
            from = at + open.len();
            let Some(e) = next_close.at_or_after(from) else {
                break;
            };
            if e - at > TAG_LIMIT {
                continue;
            }
            let inner = &source[from..e];
            if !inner.contains("\n\n") && has_tex_command(inner) {
                found.push(at..e + close.len());
                from = e + close.len();
            }
        }
    }
}

fn has_tex_command(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && w[1].is_ascii_alphabetic())
}

/// `{Type}` after the code span or the label that opens a list item (see the module
/// documentation). A page that writes such annotations uses the convention throughout:
/// there a plain `{name}` opening a list item, and an expression it annotates with
/// elsewhere (`as a {string}`), are types too. A MyST role, `{ref}` right before a code
/// span, is markup as well.
fn find_type_annotations(source: &str, found: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut typed: Vec<Range<usize>> = Vec::new();
    let mut plain: Vec<Range<usize>> = Vec::new();
    for line in source.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let Some(item) = list_item_body(line) else {
            continue;
        };
        let offset = line.len() - item.len();
        let (rest, introduced) = match after_code_span(item).or_else(|| after_label(item)) {
            Some(rest) => (rest.strip_prefix(':').unwrap_or(rest), true),
            None => (item, false),
        };
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let Some(len) = type_expression(trimmed) else {
            continue;
        };
        let expression = &trimmed[1..len - 1];
        let at = line_start + offset + (item.len() - trimmed.len());
        // Opening the item, a plain lowercase name is what a leaked placeholder looks like.
        if introduced
            || expression.contains(['.', '|', '[', '<'])
            || expression.starts_with(|c: char| c.is_ascii_uppercase())
        {
            typed.push(at..at + len);
        } else {
            plain.push(at..at + len);
        }
    }
    let mut myst = Next::new(source, "}`");
    let mut brace = Next::new(source, "}");
    let mut from = 0;
    while let Some(i) = source[from..].find('{') {
        let at = from + i;
        from = at + 1;
        let Some(close) = brace.at_or_after(at) else {
            break;
        };
        let name = &source[at + 1..close];
        if myst.at_or_after(at) == Some(close)
            && (1..=40).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b))
        {
            found.push(at..close + 1);
        }
    }
    if typed.is_empty() {
        return;
    }
    // The types a page annotates with, and each alternative of a union among them
    // (`{Buffer|undefined}` makes "returns {undefined}" a type).
    let mut known: std::collections::HashSet<String> = typed
        .iter()
        .map(|r| source[r.clone()].to_string())
        .collect();
    for r in &typed {
        let expression = &source[r.start + 1..r.end - 1];
        if expression.contains('|') {
            known.extend(
                expression
                    .split('|')
                    .map(|part| format!("{{{}}}", part.trim())),
            );
        }
    }
    found.extend(plain);
    let mut from = 0;
    while let Some(i) = source[from..].find('{') {
        let at = from + i;
        from = at + 1;
        let before = source[..at].chars().next_back();
        if !before.is_none_or(|c| c.is_whitespace() || "(|".contains(c)) {
            continue;
        }
        if let Some(len) = type_expression(&source[at..])
            && known.contains(&source[at..at + len])
        {
            found.push(at..at + len);
        }
    }
    found.extend(typed);
}

/// What follows a list marker (`*`, `-`, `+`, `1.`, `1)`) and its space on a line.
fn list_item_body(line: &str) -> Option<&str> {
    let content = line.trim_start_matches([' ', '\t']);
    let rest = match content.as_bytes().first()? {
        b'*' | b'-' | b'+' => &content[1..],
        b'0'..=b'9' => {
            let digits = content.bytes().take_while(u8::is_ascii_digit).count();
            content[digits..].strip_prefix(['.', ')'])?
        }
        _ => return None,
    };
    rest.strip_prefix([' ', '\t'])
}

/// The text after a code span that opens `item` (`` `name` ``).
fn after_code_span(item: &str) -> Option<&str> {
    let ticks = item.bytes().take_while(|&b| b == b'`').count();
    if ticks == 0 {
        return None;
    }
    let fence = &item[..ticks];
    let close = item[ticks..].find(fence)?;
    Some(&item[ticks + close + ticks..])
}

/// The text after a label of one or two words and a colon that opens `item` ("Returns:").
fn after_label(item: &str) -> Option<&str> {
    let colon = item.find(':')?;
    let label = &item[..colon];
    let words = label.split(' ').count();
    (words <= 2
        && !label.is_empty()
        && label.starts_with(|c: char| c.is_ascii_alphabetic())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '))
    .then(|| &item[colon + 1..])
}

/// The length of a `{type expression}` at the start of `text`: names, `.`, `|`, `[]`,
/// `<>` and `,`, followed by a space or the end of the line.
fn type_expression(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('{')?;
    let window = &inner.as_bytes()[..inner.len().min(202)];
    let close = window.iter().position(|&b| b == b'}')?;
    let expression = &inner[..close];
    let ok = (1..=200).contains(&expression.len())
        && expression.starts_with(|c: char| c.is_ascii_alphabetic() || c == '*')
        && expression
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._$|[]<>,* ".contains(c))
        && !expression.ends_with(' ');
    let after = inner[close + 1..].chars().next();
    (ok && after.is_none_or(|c| c.is_whitespace() || ",.:;)".contains(c))).then_some(close + 2)
}

/// Only whitespace (or a block quote's `>`) before the range on its first line, and only
/// whitespace after it on its last.
fn fills_lines(source: &str, range: &Range<usize>) -> bool {
    let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let before = source[line_start..range.start].trim_start_matches([' ', '\t', '>']);
    let line_end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i);
    before.is_empty()
        && (source[..range.end].ends_with('\n') || source[range.end..line_end].trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(source: &str, templates: bool) -> Vec<&str> {
        find(source, templates)
            .into_iter()
            .map(|m| &source[m.range])
            .collect()
    }

    #[test]
    fn hugo_shortcodes_and_raw_inner_content() {
        let s = "See {{< new-in 0.1 >}} it.\n\n{{< code-toggle file=hugo >}}\na = '{x,y}'\n{{< /code-toggle >}}\n\n{{% note %}}\nProse here.\n{{% /note %}}\n";
        assert_eq!(
            pieces(s, false),
            [
                "{{< new-in 0.1 >}}",
                "{{< code-toggle file=hugo >}}\na = '{x,y}'\n{{< /code-toggle >}}",
                "{{% note %}}",
                "{{% /note %}}"
            ]
        );
    }

    #[test]
    fn liquid_mdbook_and_output_tags() {
        let s = "{% include a.html %} and {{#include x.rs}} and {{ page.title }} and {0}.";
        assert_eq!(
            pieces(s, false),
            ["{% include a.html %}", "{{#include x.rs}}"]
        );
        assert_eq!(
            pieces(s, true),
            [
                "{% include a.html %}",
                "{{#include x.rs}}",
                "{{ page.title }}"
            ]
        );
        let s = "{% highlight rust %}\nfn a() {}\n{% endhighlight %}\n{% if x %}Prose{% endif %}";
        assert_eq!(
            pieces(s, false),
            [
                "{% highlight rust %}\nfn a() {}\n{% endhighlight %}",
                "{% if x %}",
                "{% endif %}"
            ]
        );
    }

    #[test]
    fn container_lines_fill_their_lines() {
        let s =
            "::: tip Note\nText.\n:::\n\n!!! note \"Title\"\n    Body.\n\nIt costs 5 :::) no.\n";
        let found = find(s, false);
        let texts: Vec<&str> = found.iter().map(|m| &s[m.range.clone()]).collect();
        assert_eq!(texts, ["::: tip Note\n", ":::\n", "!!! note \"Title\"\n"]);
        assert!(found.iter().all(|m| m.lines));
    }

    #[test]
    fn pymdown_block_fences_are_container_lines() {
        assert_eq!(
            pieces(
                "/// html | div.result\nIt shows.\n///\n\n//// tab | Bash\nHi\n////\n",
                false
            ),
            [
                "/// html | div.result\n",
                "///\n",
                "//// tab | Bash\n",
                "////\n"
            ]
        );
        assert!(pieces("Comments: /// Returns it.\n", false).is_empty());
    }

    #[test]
    fn emoji_shortcodes_are_markup() {
        assert_eq!(
            pieces("**V1!** :rocket: :fire: :+1: done", false),
            [":rocket:", ":fire:", ":+1:"]
        );
        assert!(
            pieces(
                "At 10:30:00, std::io::stdin, a:b:c, http://x.org/:path: and :-)",
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn tex_display_math_needs_a_command() {
        let s = r"\[ \frac{a}{b} \] but \[citation needed\]";
        assert_eq!(pieces(s, false), [r"\[ \frac{a}{b} \]"]);
    }

    #[test]
    fn a_flavour_decides_what_is_ambiguous() {
        let s = "{{ page.title }} and {{< note >}} and {0}.";
        let texts = |site: Site| -> Vec<String> {
            find_in(s, site)
                .into_iter()
                .map(|m| s[m.range].to_string())
                .collect()
        };
        assert_eq!(texts(Flavour::Auto.site(false)), ["{{< note >}}"]);
        assert_eq!(
            texts(Flavour::Auto.site(true)),
            ["{{ page.title }}", "{{< note >}}"]
        );
        for flavour in [
            Flavour::Hugo,
            Flavour::Jekyll,
            Flavour::Vitepress,
            Flavour::Mkdocs,
        ] {
            assert_eq!(
                texts(flavour.site(false)),
                ["{{ page.title }}", "{{< note >}}"],
                "{flavour:?}"
            );
        }
        assert_eq!(texts(Flavour::Mdbook.site(false)), ["{{< note >}}"]);
        assert!(texts(Flavour::Plain.site(true)).is_empty());
    }

    #[test]
    fn type_annotations_of_api_references() {
        let s = "* `flush` {boolean} If true.\n  * Returns: {Promise} Fulfills.\n* {stream.Readable|null}\n- `a` {b}c\n";
        assert_eq!(
            pieces(s, false),
            ["{boolean}", "{Promise}", "{stream.Readable|null}"]
        );
        // On a page that annotates types, a plain name opening an item and a type it
        // annotates with elsewhere are types; on another page they are placeholders.
        let api = "* `len` {number}\n* {boolean}\n\nGiven as a {number}, not a {name}.\n";
        assert_eq!(pieces(api, false), ["{number}", "{boolean}", "{number}"]);
        let article = "* {name} was elected.\n\nThe {name} leaked.\n";
        assert!(pieces(article, false).is_empty());
        assert_eq!(pieces("See {ref}`the page <x>`.", false), ["{ref}"]);
    }

    #[test]
    fn many_openings_without_a_close_are_searched_once() {
        let s = "{{<".repeat(200_000);
        assert!(find(&s, true).is_empty());
    }
}
