//! Prepares the built-in rule packs (`rules/*.toml`) at build time.
//!
//! Every pack is parsed here, so that a pack that is not valid TOML fails the build with
//! its file, line and column. Each pack is also written out without its examples (`good`
//! and `[[rule.bad]]`): checking a text never reads them, and they are most of the
//! tokens of the large generated packs, so the binary starts by parsing the smaller
//! text. Example lines are blanked rather than removed, so every other line and column
//! stays where it is in `rules/`. The stripped text is checked here to parse to the
//! same pack as the original less its examples; where it does not (a layout the line
//! scanner does not follow), the full text is used, with a warning.
//!
//! What a check needs of the built-in packs' regexes before compiling them (named groups,
//! whether matches stay within a line, the regex gate's required literals) is computed
//! here too, by `src/rules/regex_facts.rs` (included below), and written as sorted
//! tables the binary looks patterns up in instead of parsing them at start-up.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/rules/regex_facts.rs"]
#[allow(dead_code)]
mod regex_facts;
#[path = "src/matchers/word_table.rs"]
#[allow(dead_code)]
mod word_table;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/regex_facts.rs");
    println!("cargo:rerun-if-changed=src/matchers/word_table.rs");
    println!("cargo:rerun-if-changed=data/untranslated/words.bin");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    word_filter(&out);
    let startup = out.join("startup-packs");
    std::fs::create_dir_all(&startup).expect("create OUT_DIR/startup-packs");
    let mut packs: Vec<PathBuf> = std::fs::read_dir("rules")
        .expect("read rules/")
        .map(|entry| entry.expect("read rules/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    packs.sort();
    let mut table = String::from(
        "/// The text a built-in pack is loaded from when its examples are not needed.\n\
         pub(super) fn startup_text(name: &str) -> Option<&'static str> {\n    match name {\n",
    );
    let mut lifted = String::from(
        "/// The phrase tables lifted out of a pack's start-up text: (byte offset of the\n\
         /// table's string in it, the string's value).\n\
         pub(super) fn startup_tables(name: &str) -> &'static [(usize, &'static str)] {\n    match name {\n",
    );
    let mut patterns = Patterns::default();
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 name");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{}: cannot be read: {e}", path.display()));
        let full = parse(path, &text);
        patterns.add_pack(&full);
        let phrase_tables = phrase_tables(&full);
        let stripped = strip_examples(&text);
        let startup_text = match toml::from_str::<toml::Table>(&stripped) {
            Ok(parsed) if parsed == without_examples(full) => stripped,
            _ => {
                println!(
                    "cargo:warning={}: its examples could not be set apart; the pack loads with them",
                    path.display()
                );
                text
            }
        };
        let (startup_text, tables) = lift_tables(path, &startup_text, phrase_tables);
        let target = startup.join(name);
        std::fs::write(&target, startup_text)
            .unwrap_or_else(|e| panic!("{}: cannot be written: {e}", target.display()));
        writeln!(
            table,
            "        {name:?} => Some(include_str!({})),",
            in_out_dir(&format!("startup-packs/{name}"))
        )
        .expect("write to a String");
        let mut each = Vec::new();
        for (i, (offset, text)) in tables.iter().enumerate() {
            let target = startup.join(format!("{name}.table{i}"));
            std::fs::write(&target, text)
                .unwrap_or_else(|e| panic!("{}: cannot be written: {e}", target.display()));
            each.push(format!(
                "({offset}, include_str!({}))",
                in_out_dir(&format!("startup-packs/{name}.table{i}"))
            ));
        }
        writeln!(lifted, "        {name:?} => &[{}],", each.join(", ")).expect("write to a String");
    }
    table.push_str("        _ => None,\n    }\n}\n");
    lifted.push_str("        _ => &[],\n    }\n}\n");
    table.push_str(&lifted);
    std::fs::write(out.join("startup_packs.rs"), table).expect("write startup_packs.rs");
    std::fs::write(out.join("regex_facts.rs"), patterns.table()).expect("write regex_facts.rs");
    regex_dfas(&out, &patterns.rules);
}

/// A path under `OUT_DIR` as the generated code names it: relative to `OUT_DIR` at compile
/// time, so a target folder that is copied or moved still builds.
fn in_out_dir(relative: &str) -> String {
    format!("concat!(env!(\"OUT_DIR\"), {:?})", format!("/{relative}"))
}

/// The most bytes the two serialized DFAs of one built-in regex rule may take: a pattern
/// whose automata are larger (bounded repetitions of Unicode classes) is compiled at run
/// time, on first use, as before.
const DFA_BYTES_LIMIT: usize = 1 << 20;

/// The forward and reverse DFAs of every built-in regex rule's pattern whose automata
/// fit `DFA_BYTES_LIMIT`, serialized (sparse, little-endian) into `OUT_DIR/dfa/`, and
/// `regex_dfas.rs`, the table the binary finds them in by (pattern, ignores case),
/// sorted. They are built with the same syntax settings as the run-time regex, so they
/// match the same (`LazyRegex` runs them to find where matches are).
fn regex_dfas(out: &Path, rules: &BTreeSet<(String, bool)>) {
    let dir = out.join("dfa");
    std::fs::create_dir_all(&dir).expect("create OUT_DIR/dfa");
    let all: Vec<&(String, bool)> = rules.iter().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let built: Vec<Vec<(usize, Option<Serialized>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((source, ci)) = all.get(i) else {
                            return done;
                        };
                        done.push((i, regex_dfa(source, *ci)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a DFA build thread"))
            .collect()
    });
    let mut built: Vec<_> = built.into_iter().flatten().collect();
    built.sort_by_key(|(i, _)| *i);
    let mut table = String::from(
        "/// (pattern, ignores case, forward DFA, reverse DFA): sparse DFAs, little-endian.\n\
         pub(super) static DFAS: &[(&str, bool, &[u8], &[u8])] = &[\n",
    );
    for (i, dfas) in built {
        let Some((forward, reverse)) = dfas else {
            continue;
        };
        let (source, ci) = all[i];
        let (f, r) = (dir.join(format!("{i}.fwd")), dir.join(format!("{i}.rev")));
        std::fs::write(&f, forward).expect("write a forward DFA");
        std::fs::write(&r, reverse).expect("write a reverse DFA");
        writeln!(
            table,
            "    ({source:?}, {ci}, include_bytes!({}), include_bytes!({})),",
            in_out_dir(&format!("dfa/{i}.fwd")),
            in_out_dir(&format!("dfa/{i}.rev"))
        )
        .expect("write to a String");
    }
    table.push_str("];\n");
    std::fs::write(out.join("regex_dfas.rs"), table).expect("write regex_dfas.rs");
}

/// A pattern's forward and reverse DFAs, serialized.
type Serialized = (Vec<u8>, Vec<u8>);

/// The serialized forward and reverse DFAs of a pattern, or none where they cannot be
/// built (an assertion DFAs do not support) or exceed `DFA_BYTES_LIMIT`.
fn regex_dfa(source: &str, case_insensitive: bool) -> Option<Serialized> {
    use regex_automata::dfa::{dense, regex::Regex};
    use regex_automata::util::syntax;
    let regex = Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(case_insensitive))
        .dense(
            dense::Config::new()
                .dfa_size_limit(Some(4 << 20))
                .determinize_size_limit(Some(8 << 20)),
        )
        .build(source)
        .ok()?;
    let forward = regex.forward().to_sparse().ok()?.to_bytes_little_endian();
    let reverse = regex.reverse().to_sparse().ok()?.to_bytes_little_endian();
    (forward.len() + reverse.len() <= DFA_BYTES_LIMIT).then_some((forward, reverse))
}

/// The Bloom filter of the foreign-words table, as a Rust array (`untranslated::Table`).
fn word_filter(out: &Path) {
    let path = "data/untranslated/words.bin";
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: cannot be read: {e}"));
    let layout = word_table::layout(&data).unwrap_or_else(|e| panic!("{path}: {e}"));
    let filter = word_table::build_filter(layout.entries, layout.len);
    let mut text = format!("pub(super) static FILTER: [u64; {}] = [\n", filter.len());
    for words in filter.chunks(8) {
        for word in words {
            write!(text, "{word:#x},").expect("write to a String");
        }
        text.push('\n');
    }
    text.push_str("];\n");
    std::fs::write(out.join("untranslated_filter.rs"), text).expect("write untranslated_filter.rs");
}

/// The regexes of the built-in packs, as the binary compiles them: (pattern after
/// `ascii_word_boundaries`, ignores case).
#[derive(Default)]
struct Patterns {
    all: BTreeSet<(String, bool)>,
    /// Those of regex rules (not exceptions).
    rules: BTreeSet<(String, bool)>,
}

impl Patterns {
    /// A pack's exceptions (case as written) and regex rules' patterns (anchored when
    /// scoped, as `RegexMatcher::new` writes them).
    fn add_pack(&mut self, pack: &toml::Table) {
        let Some(toml::Value::Array(rules)) = pack.get("rule") else {
            return;
        };
        for rule in rules.iter().filter_map(toml::Value::as_table) {
            let exceptions = rule.get("exceptions").and_then(toml::Value::as_array);
            for pattern in exceptions.into_iter().flatten().filter_map(|p| p.as_str()) {
                self.add(pattern, false);
            }
            let Some(m) = rule.get("match").and_then(toml::Value::as_table) else {
                continue;
            };
            let field = |name: &str| m.get(name).and_then(toml::Value::as_str);
            if field("kind") != Some("regex") {
                continue;
            }
            let Some(pattern) = field("pattern") else {
                continue;
            };
            let source = match field("scope") {
                Some("paragraph-start" | "document-start") => format!(r"\A(?:{pattern})"),
                _ => pattern.to_string(),
            };
            let case_sensitive = m
                .get("case-sensitive")
                .and_then(toml::Value::as_bool)
                .unwrap_or(true);
            self.add(&source, !case_sensitive);
            let source = regex_facts::ascii_word_boundaries(&source);
            self.rules.insert((source, !case_sensitive));
        }
    }

    fn add(&mut self, pattern: &str, case_insensitive: bool) {
        let source = regex_facts::ascii_word_boundaries(pattern);
        self.all.insert((source, case_insensitive));
    }

    /// `SYNTAX` and `REQUIRED` (`src/rules/lazy_regex.rs`), sorted for a binary search.
    /// A pattern that does not parse is left out: loading it reports its error.
    fn table(&self) -> String {
        let mut syntax = String::from(
            "/// (pattern, ignores case, named groups, line-local)\n\
             pub(super) type Syntax = (&'static str, bool, &'static [(usize, &'static str)], bool);\n\
             pub(super) static SYNTAX: &[Syntax] = &[\n",
        );
        let mut required = BTreeMap::new();
        for (source, case_insensitive) in &self.all {
            let Ok(facts) = regex_facts::syntax_facts(source, *case_insensitive) else {
                continue;
            };
            writeln!(
                syntax,
                "    ({source:?}, {case_insensitive}, &{:?}, {}),",
                facts.names, facts.line_local
            )
            .expect("write to a String");
            let pattern = regex_facts::set_pattern(source, *case_insensitive);
            let literals = regex_facts::required_literals(&pattern);
            required.insert(pattern, literals);
        }
        syntax.push_str("];\n");
        syntax.push_str("pub(super) static REQUIRED: &[(&str, Option<&[&[u8]]>)] = &[\n");
        for (pattern, literals) in required {
            let literals = match literals {
                Some(all) => {
                    let each: Vec<String> = all.iter().map(|l| format!("&{l:?}")).collect();
                    format!("Some(&[{}])", each.join(", "))
                }
                None => "None".to_string(),
            };
            writeln!(syntax, "    ({pattern:?}, {literals}),").expect("write to a String");
        }
        syntax.push_str("];\n");
        syntax
    }
}

/// The pack as a TOML table; a syntax error fails the build, naming the file and line.
fn parse(path: &Path, text: &str) -> toml::Table {
    toml::from_str(text).unwrap_or_else(|e: toml::de::Error| {
        let (line, column) = e.span().map_or((1, 1), |span| {
            let before = &text[..span.start.min(text.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            (
                before.matches('\n').count() + 1,
                before[line_start..].chars().count() + 1,
            )
        });
        panic!(
            "{}:{line}:{column}: not a valid rule pack: {}",
            path.display(),
            e.message().trim()
        )
    })
}

/// The pack less every rule's `good` and `bad`.
fn without_examples(mut pack: toml::Table) -> toml::Table {
    if let Some(toml::Value::Array(rules)) = pack.get_mut("rule") {
        for rule in rules {
            if let toml::Value::Table(rule) = rule {
                rule.remove("good");
                rule.remove("bad");
            }
        }
    }
    pack
}

/// `text` with the lines of `good = [...]` arrays and `[[rule.bad]]` tables blanked.
fn strip_examples(text: &str) -> String {
    #[derive(PartialEq)]
    enum State {
        Normal,
        /// In a `[[rule.bad]]` table, up to the next table header.
        Bad,
        /// In a `good` array, with this many brackets open.
        Good(isize),
    }
    let mut state = State::Normal;
    // Inside a multi-line string, nothing is a header or a key.
    let mut in_long_string = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let header = !in_long_string && trimmed.starts_with('[');
        if state == State::Bad && header && trimmed != "[[rule.bad]]" {
            state = State::Normal;
        }
        if state == State::Normal && !in_long_string {
            if trimmed == "[[rule.bad]]" {
                state = State::Bad;
            } else if let Some(rest) = trimmed.strip_prefix("good")
                && rest.trim_start().starts_with('=')
                && rest.trim_start()[1..].trim_start().starts_with('[')
            {
                state = State::Good(0);
            }
        }
        let toggles = line.matches("'''").count() + line.matches("\"\"\"").count();
        if toggles % 2 == 1 {
            in_long_string = !in_long_string;
        }
        match state {
            State::Normal => out.push_str(line),
            State::Bad => blank(line, &mut out),
            State::Good(open) => {
                blank(line, &mut out);
                let open = open + brackets(line);
                state = if open <= 0 {
                    State::Normal
                } else {
                    State::Good(open)
                };
            }
        }
    }
    out
}

/// The value of each phrase rule's `table`, in rule order.
fn phrase_tables(pack: &toml::Table) -> Vec<String> {
    let Some(toml::Value::Array(rules)) = pack.get("rule") else {
        return Vec::new();
    };
    rules
        .iter()
        .filter_map(|rule| rule.get("match")?.get("table")?.as_str())
        .map(str::to_string)
        .collect()
}

/// `text` with the lines of each phrase `table = '''...'''` string blanked, and each
/// table's value with the byte offset of its string: the binary reads the tables in
/// place instead of lexing them as TOML (they are most of the large packs' bytes).
/// Where the scanned tables are not the parsed ones (a layout the scanner does not
/// follow), `text` is kept whole, with a warning.
fn lift_tables(path: &Path, text: &str, parsed: Vec<String>) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut tables: Vec<(usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for line in text.split_inclusive('\n') {
        match open.take() {
            None => {
                if line.trim_end() == "table = '''" {
                    let at = out.len() + line.find("'''").expect("the line has it");
                    open = Some((at, String::new()));
                }
                out.push_str(line);
            }
            Some((at, mut value)) => match line.find("'''") {
                Some(end) => {
                    value.push_str(&line[..end]);
                    out.push_str(&line[end..]);
                    tables.push((at, value));
                }
                None => {
                    value.push_str(line);
                    blank(line, &mut out);
                    open = Some((at, value));
                }
            },
        }
    }
    let values: Vec<&String> = tables.iter().map(|(_, v)| v).collect();
    if open.is_some() || values != parsed.iter().collect::<Vec<_>>() {
        println!(
            "cargo:warning={}: its phrase tables could not be set apart; they load as TOML",
            path.display()
        );
        return (text.to_string(), Vec::new());
    }
    (out, tables)
}

fn blank(line: &str, out: &mut String) {
    if line.ends_with('\n') {
        out.push('\n');
    }
}

/// `[` less `]` outside of quoted strings and comments on the line.
fn brackets(line: &str) -> isize {
    let mut depth = 0;
    let mut quote = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => break,
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            },
        }
    }
    depth
}
