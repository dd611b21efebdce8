//! `mtlint config PATH`: the settings that apply to a file, and where they came from.

use std::fmt::Write;

use super::args::ConfigArgs;
use super::settings::Settings;
use super::{EXIT_CLEAN, EXIT_ERROR, report_error, stdout};

pub fn run(args: ConfigArgs) -> u8 {
    let settings = match Settings::new(&args.rules, None, args.config.as_deref(), false) {
        Ok(s) => s,
        Err(errors) => {
            errors.messages().into_iter().for_each(report_error);
            return EXIT_ERROR;
        }
    };
    // A folder stands for a file inside it.
    let probe = if args.path.is_dir() {
        args.path.join("_")
    } else {
        args.path.clone()
    };
    let file = match settings.for_path(Some(&probe)) {
        Ok(file) => file,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let mut out = String::new();
    let _ = match &file.config_path {
        Some(path) => writeln!(out, "# config: {path}"),
        None => writeln!(out, "# no mtlint.toml applies: defaults"),
    };
    if settings.excluded(&probe) {
        let _ = writeln!(out, "# excluded from directory walks");
    }
    match toml::to_string(&file.effective) {
        Ok(text) => out.push_str(&text),
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    }
    stdout::print(&out, EXIT_CLEAN)
}
