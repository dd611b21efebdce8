//! End to end with a real editor: headless Neovim attaches `mtlint lsp` to a Markdown
//! file, waits for diagnostics, applies a quick fix and writes the file
//! (`tests/nvim/quickfix.lua`). Skipped, with a note, where `nvim` is not installed.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Curly quotes, an em dash, CJK and an emoji before the finding, so that a wrong
/// position encoding would edit the wrong bytes.
const ARTICLE: &str =
    "# Talks\n\nThe “talks” ended — 中文 😀 on authoritarianism. . And more.\n\nLast line.\n";

fn nvim_version() -> Option<String> {
    let out = Command::new("nvim").arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    })
}

#[test]
fn neovim_applies_a_quick_fix() {
    let Some(version) = nvim_version() else {
        eprintln!(
            "SKIPPED neovim_applies_a_quick_fix: `nvim` is not installed (apt-get install neovim)"
        );
        return;
    };
    eprintln!("using {version}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("article.md");
    std::fs::write(&file, ARTICLE).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/nvim/quickfix.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-u", "NONE"])
        .arg("-c")
        .arg(format!("luafile {script}"))
        .env("MTLINT_BIN", env!("CARGO_BIN_EXE_mtlint"))
        .env("MTLINT_FILE", &file)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "nvim failed: {status}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        ARTICLE.replace("authoritarianism. .", "authoritarianism.")
    );
}
