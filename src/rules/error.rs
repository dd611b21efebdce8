//! Errors in rule files: always with the file, and the line, column and rule where known.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    /// 1-based line and column in the rule file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub rule: Option<String>,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &str, message: impl Into<String>) -> LoadError {
        LoadError {
            file: file.to_string(),
            line: None,
            column: None,
            rule: None,
            message: message.into(),
        }
    }

    /// Places the error at a byte offset of the rule file's source.
    pub fn at(self, source: &str, offset: usize) -> LoadError {
        Lines::new(source).place(self, offset)
    }

    pub fn in_rule(mut self, rule: &str) -> LoadError {
        self.rule = Some(rule.to_string());
        self
    }
}

/// Where each line of a rule file starts, to place many errors and rules in one file
/// without counting its lines again for each.
#[derive(Debug)]
pub struct Lines<'s> {
    source: &'s str,
    index: crate::source::LineIndex,
}

impl<'s> Lines<'s> {
    pub fn new(source: &'s str) -> Lines<'s> {
        Lines {
            source,
            index: crate::source::LineIndex::new(source),
        }
    }

    /// The 1-based line and column of a byte offset (clamped to the source, and to the
    /// start of the character it falls in).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = crate::text::floor_char_boundary(self.source, offset);
        let at = self.index.position(self.source, offset);
        (at.line, at.column)
    }

    /// `error` placed at a byte offset of the source.
    pub fn place(&self, mut error: LoadError, offset: usize) -> LoadError {
        let (line, column) = self.line_column(offset);
        error.line = Some(line);
        error.column = Some(column);
        error
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// The values of the results that succeeded and the errors of those that failed, each in
/// order.
pub fn split_errors<T>(
    results: impl IntoIterator<Item = Result<T, Vec<LoadError>>>,
) -> (Vec<T>, Vec<LoadError>) {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (values, errors)
}

/// "did you mean `x`?" for a misspelt name, when one candidate is close enough.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_place_offsets_by_line_and_character_column() {
        let source = "a = 1\nb = \"é\" x\n\nlast";
        let lines = Lines::new(source);
        assert_eq!(lines.line_column(0), (1, 1));
        assert_eq!(lines.line_column(4), (1, 5));
        assert_eq!(lines.line_column(5), (1, 6));
        assert_eq!(lines.line_column(6), (2, 1));
        // `é` is two bytes and one column.
        assert_eq!(lines.line_column(source.find(" x").unwrap()), (2, 8));
        assert_eq!(lines.line_column(source.find("last").unwrap()), (4, 1));
        assert_eq!(lines.line_column(source.len() + 10), (4, 5));
    }
}
