//! `mtlint rules` and `mtlint explain`.

use std::fmt::Write;

use super::args::{ExplainArgs, RulesArgs};
use super::{EXIT_CLEAN, EXIT_ERROR, report_error, rule_set, stdout};

pub fn list(args: RulesArgs) -> u8 {
    let (linter, filter) = match rule_set::load(&args.rules) {
        Ok(loaded) => loaded,
        Err(errors) => return fail(errors),
    };
    let rules: Vec<_> = linter.rules().filter(|r| filter.enabled(r)).collect();
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in &rules {
        let _ = writeln!(
            out,
            "{:width$}  {:8} {:7} fix:{:7} {}",
            rule.id,
            rule.severity.as_str(),
            rule.pack,
            rule.fix.as_str(),
            first_line(&rule.description),
        );
    }
    let _ = writeln!(out, "{} rules", rules.len());
    stdout::print(&out, EXIT_CLEAN)
}

pub fn explain(args: ExplainArgs) -> u8 {
    let (linter, _) = match rule_set::load(&args.rules) {
        Ok(loaded) => loaded,
        Err(errors) => return fail(errors),
    };
    let Some(rule) = linter.rule(&args.rule) else {
        let ids = linter.rules().map(|r| r.id.as_str());
        let hint = mtlint::rules::did_you_mean(&args.rule, ids);
        report_error(format!(
            "no rule `{}`{hint} (`mtlint rules` lists them)",
            args.rule
        ));
        return EXIT_ERROR;
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    let _ = writeln!(
        out,
        "  category: {}   severity: {}   fix: {}   pack: {}",
        rule.category,
        rule.severity,
        rule.fix.as_str(),
        rule.pack
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", rule.description);
    if let Some(url) = &rule.url {
        let _ = writeln!(out, "\nMore: {url}");
    }
    if !rule.bad.is_empty() {
        let _ = writeln!(out, "\nFlagged:");
        for bad in &rule.bad {
            let _ = writeln!(out, "  - {}", bad.text.replace('\n', "\\n"));
            if let Some(fixed) = &bad.fixed {
                let _ = writeln!(out, "    fixed: {}", fixed.replace('\n', "\\n"));
            }
        }
    }
    if !rule.good.is_empty() {
        let _ = writeln!(out, "\nNot flagged:");
        for good in &rule.good {
            let _ = writeln!(out, "  - {}", good.replace('\n', "\\n"));
        }
    }
    stdout::print(&out, EXIT_CLEAN)
}

pub fn test_rules(args: RulesArgs) -> u8 {
    let (linter, filter) = match rule_set::load(&args.rules) {
        Ok(loaded) => loaded,
        Err(errors) => return fail(errors),
    };
    let mut failures = 0;
    let mut rules = 0;
    let mut out = String::new();
    for rule in linter.rules().filter(|r| filter.enabled(r)) {
        rules += 1;
        for failure in mtlint::examples::verify_rule(&linter, rule) {
            let _ = writeln!(out, "{}:{}: {failure}", rule.file, rule.line);
            failures += 1;
        }
    }
    let _ = writeln!(out, "{rules} rules checked, {failures} example failures");
    let code = if failures == 0 {
        EXIT_CLEAN
    } else {
        super::EXIT_FINDINGS
    };
    stdout::print(&out, code)
}

fn first_line(text: &str) -> String {
    let line = text.split(['\n']).next().unwrap_or("");
    let sentence = line.split(". ").next().unwrap_or(line);
    let mut out: String = sentence.chars().take(80).collect();
    if sentence.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn fail(errors: rule_set::RuleSetError) -> u8 {
    for e in errors.messages() {
        report_error(e);
    }
    EXIT_ERROR
}
