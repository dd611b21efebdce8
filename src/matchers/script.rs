//! Letters of an unexpected writing system: untranslated runs ("会谈 failed") and single
//! words that mix scripts ("mоney" with a Cyrillic "о"), which look right but break
//! search and spelling. Scripts are Unicode script names as the regex crate knows them
//! (`Latin`, `Han`, `Cyrillic`...); `Common` and `Inherited` (digits, punctuation,
//! combining marks) belong to every script.

use regex::Regex;

use serde::Deserialize;

use super::{BuildContext, CompileError, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::finding::Suggestion;
use crate::rules::LazyRegex;

/// A document with more foreign letters than this share is written in another language,
/// not English with untranslated bits: the rule stays silent.
const MAX_FOREIGN_SHARE: f64 = 0.3;

#[derive(Debug)]
pub struct ScriptMatcher {
    /// One letter of an expected script.
    expected: LazyRegex,
    /// One letter of any other script.
    foreign: LazyRegex,
    /// Foreign runs: letters, and the spaces and punctuation between them.
    run: LazyRegex,
    /// Fewest foreign letters a run needs to be reported.
    min_run: usize,
    /// Report words that mix scripts instead of foreign runs.
    mixed_words: bool,
    /// Latin is expected: a text whose letters are all Latin needs no further look.
    latin_expected: bool,
}

impl ScriptMatcher {
    pub fn new(
        expected: &[String],
        min_run: usize,
        mixed_words: bool,
        lazy: bool,
    ) -> Result<Self, SpecError> {
        if expected.is_empty() {
            return Err(SpecError::invalid(
                "`expected` needs at least one script name",
            ));
        }
        let mut classes = String::new();
        for name in expected {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(SpecError::invalid(format!(
                    "`{name}` is not a Unicode script name"
                )));
            }
            LazyRegex::new(&format!(r"\p{{{name}}}"), false, true).map_err(|_| {
                SpecError::invalid(format!(
                    "unknown script `{name}` (e.g. Latin, Han, Cyrillic)"
                ))
            })?;
            classes.push_str(&format!(r"\p{{{name}}}"));
        }
        let expected_letter = format!(r"[\p{{L}}&&[{classes}\p{{Common}}\p{{Inherited}}]]");
        let foreign = format!(r"[\p{{L}}&&[^{classes}\p{{Common}}\p{{Inherited}}]]");
        let build = |p: &str| LazyRegex::new(p, false, lazy).map_err(CompileError::from);
        Ok(ScriptMatcher {
            expected: build(&expected_letter)?,
            run: build(&format!(
                r"{foreign}[\p{{M}}{foreign}]*(?:[\s\p{{P}}\p{{N}}]+{foreign}[\p{{M}}{foreign}]*)*"
            ))?,
            foreign: build(&foreign)?,
            min_run: min_run.max(1),
            mixed_words,
            latin_expected: expected.iter().any(|s| s == "Latin"),
        })
    }

    pub fn compile(&self) -> Result<(), CompileError> {
        for regex in [&self.expected, &self.foreign, &self.run] {
            regex.try_get().map_err(CompileError::from)?;
        }
        Ok(())
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let text = cx.text;
        // Most English text has no foreign letter at all: one cheap scan, then done.
        if self.latin_expected && only_latin_letters(text) {
            return;
        }
        let foreign = self.foreign.get().find_iter(text).count();
        if foreign == 0 {
            return;
        }
        let expected = self.expected.get().find_iter(text).count();
        if foreign as f64 > MAX_FOREIGN_SHARE * (foreign + expected) as f64 {
            return;
        }
        if self.mixed_words {
            self.find_mixed_words(text, out);
            return;
        }
        for m in self.run.get().find_iter(text) {
            // A name credited in parentheses at the end of a line ("fix the docs (陈刚)
            // #18526"): the author's name as written, not an untranslated text.
            if super::untranslated::credit(&text[..m.start()], &text[m.end()..])
                || credited_entry_name(m.as_str(), &text[m.end()..])
            {
                continue;
            }
            if self.foreign.get().find_iter(m.as_str()).count() >= self.min_run {
                out.push(RawMatch {
                    span: m.range(),
                    review: false,
                    suggestions: Vec::new(),
                });
            }
        }
    }

    fn find_mixed_words(&self, text: &str, out: &mut Vec<RawMatch>) {
        static WORD: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let word = WORD.get_or_init(|| Regex::new(r"[\p{L}\p{M}]+").expect("valid regex"));
        for w in word.find_iter(text) {
            let s = w.as_str();
            if !(self.expected.get().is_match(s) && self.foreign.get().is_match(s)) {
                continue;
            }
            // Repair only when every foreign letter has a Latin look-alike.
            let repaired: Option<String> = s
                .chars()
                .map(|c| {
                    if self.foreign.get().is_match(c.encode_utf8(&mut [0; 4])) {
                        latin_lookalike(c)
                    } else {
                        Some(c)
                    }
                })
                .collect();
            out.push(RawMatch {
                span: w.range(),
                review: false,
                suggestions: repaired
                    .into_iter()
                    .map(|replacement| Suggestion {
                        range: w.range(),
                        replacement,
                    })
                    .collect(),
            });
        }
    }
}

/// The Latin letter that a Cyrillic or Greek letter is drawn like, if any.
/// A full name in its own script (two to four capitalised words) in an entry whose line
/// ends with a credit ("- add Сковорода Никита to the team (Rod Vagg) #5278"): a changelog
/// names people as they write their names, not a sentence left untranslated.
fn credited_entry_name(run: &str, after: &str) -> bool {
    let words: Vec<&str> = run.split(' ').collect();
    let capitalised = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
        });
    if !capitalised {
        return false;
    }
    let line = after.split('\n').next().unwrap_or_default();
    line.rfind('(')
        .is_some_and(|open| super::untranslated::credit(&line[..=open], &line[open + 1..]))
}

fn latin_lookalike(c: char) -> Option<char> {
    const PAIRS: &[(char, char)] = &[
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('у', 'y'),
        ('х', 'x'),
        ('і', 'i'),
        ('ј', 'j'),
        ('ѕ', 's'),
        ('ԁ', 'd'),
        ('һ', 'h'),
        ('ԛ', 'q'),
        ('ԝ', 'w'),
        ('А', 'A'),
        ('В', 'B'),
        ('Е', 'E'),
        ('К', 'K'),
        ('М', 'M'),
        ('Н', 'H'),
        ('О', 'O'),
        ('Р', 'P'),
        ('С', 'C'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('У', 'Y'),
        ('І', 'I'),
        ('Ј', 'J'),
        ('Ѕ', 'S'),
        ('ο', 'o'),
        ('ν', 'v'),
        ('ρ', 'p'),
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
        ('Τ', 'T'),
        ('Χ', 'X'),
        ('Υ', 'Y'),
    ];
    PAIRS.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
}

/// True when every letter of the text is Latin: ASCII is skipped a block at a time
/// (`next_non_ascii`), and only the rare non-ASCII letters are looked at.
fn only_latin_letters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        i = crate::text::next_non_ascii(bytes, i);
        if i == bytes.len() {
            break;
        }
        let c = text[i..].chars().next().expect("char boundary");
        if c.is_alphabetic() && !is_latin(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// The Latin blocks of Unicode (letters outside them may be Latin too: the slow path
/// decides).
fn is_latin(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{FB00}'..='\u{FB06}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}')
        && c != '\u{00D7}'
        && c != '\u{00F7}'
}

/// `kind = "script"`: letters of a writing system the text is not written in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScriptSpec {
    /// Unicode script names the text is written in (`Latin`).
    #[serde(default)]
    expected: Vec<String>,
    /// Fewest letters of another script that make a reported run.
    #[serde(default = "default_min_run")]
    min_run: usize,
    /// Report single words mixing an expected script with another one.
    #[serde(default)]
    mixed_words: bool,
}

fn default_min_run() -> usize {
    2
}

impl KindSpec for ScriptSpec {
    const NAME: &'static str = "script";

    fn build(self, cx: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        // A repository's configuration may name the scripts for every script rule.
        let expected = cx
            .options
            .expected_scripts
            .as_ref()
            .unwrap_or(&self.expected);
        let matcher = ScriptMatcher::new(expected, self.min_run, self.mixed_words, cx.lazy)?;
        Ok(Box::new(matcher))
    }
}

impl Matcher for ScriptMatcher {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        ScriptMatcher::find(self, cx, out);
    }

    /// The share of foreign letters is the whole text's.
    fn reads_whole_text(&self) -> bool {
        true
    }

    fn compile(&self) -> Result<(), CompileError> {
        ScriptMatcher::compile(self)
    }

    /// A text whose letters are all Latin, where Latin is expected, is done without the
    /// patterns (`find`'s first look): they are not compiled for it.
    fn prepare_for(&self, text: &str) -> Result<(), CompileError> {
        if self.latin_expected && only_latin_letters(text) {
            return Ok(());
        }
        ScriptMatcher::compile(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, mixed: bool) -> Vec<(&str, Vec<String>)> {
        let m = ScriptMatcher::new(&["Latin".into()], 2, mixed, false).unwrap();
        let cx = Context::new(text);
        let mut out = Vec::new();
        m.find(&cx, &mut out);
        out.into_iter()
            .map(|r| {
                let s: Vec<String> = r.suggestions.into_iter().map(|s| s.replacement).collect();
                (&text[r.span], s)
            })
            .collect()
    }

    #[test]
    fn a_text_of_latin_letters_compiles_nothing_and_another_compiles_all() {
        let m = ScriptMatcher::new(&["Latin".into()], 2, false, true).unwrap();
        let regexes =
            |m: &ScriptMatcher| [&m.expected, &m.foreign, &m.run].map(|r| r.is_compiled());
        m.prepare_for("Café, naïve, Zürich.").unwrap();
        assert_eq!(regexes(&m), [false; 3]);
        m.prepare_for("The minister said 会谈很成功.").unwrap();
        assert_eq!(regexes(&m), [true; 3]);
    }

    #[test]
    fn reports_foreign_runs() {
        let text = "The minister said 会谈很成功 and left for Москва today.";
        let found: Vec<&str> = find(text, false).into_iter().map(|f| f.0).collect();
        assert_eq!(found, ["会谈很成功", "Москва"]);
        assert!(find("Café, naïve, Zürich, α-particles.", false).is_empty());
        assert!(find("Это просто текст на русском языке, не английский.", false).is_empty());
    }

    #[test]
    fn a_name_in_a_credited_entry_is_as_its_bearer_writes_it() {
        let entry = "- doc: add Сковорода Никита Андреевич to the technical steering committee of the project, which meets every week (Rod Vagg) #5278\n";
        assert!(find(entry, false).is_empty());
        // Without a credit, or not a name, it is a run left untranslated.
        let text = "- doc: add Сковорода Никита Андреевич to the technical steering committee of the project, which meets every week\n";
        assert_eq!(find(text, false).len(), 1);
        let text = "- doc: the minister said всё было хорошо to the technical steering committee of the project, which meets every week (Rod Vagg) #5278\n";
        assert_eq!(find(text, false).len(), 1);
    }

    #[test]
    fn repairs_lookalike_letters() {
        assert_eq!(
            find("The mоney is gone.", true),
            [("mоney", vec!["money".to_string()])]
        );
        assert!(find("The money is gone; Москва too.", true).is_empty());
    }

    #[test]
    fn rejects_unknown_scripts() {
        assert!(ScriptMatcher::new(&["Klingon".into()], 2, false, true).is_err());
    }
}
