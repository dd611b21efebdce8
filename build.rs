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

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
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
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 name");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{}: cannot be read: {e}", path.display()));
        let full = parse(path, &text);
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
        let target = startup.join(name);
        std::fs::write(&target, startup_text)
            .unwrap_or_else(|e| panic!("{}: cannot be written: {e}", target.display()));
        writeln!(
            table,
            "        {name:?} => Some(include_str!({:?})),",
            target.display().to_string()
        )
        .expect("write to a String");
    }
    table.push_str("        _ => None,\n    }\n}\n");
    std::fs::write(out.join("startup_packs.rs"), table).expect("write startup_packs.rs");
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
