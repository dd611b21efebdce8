//! The `mtlint.toml` that applies to a document, found as the CLI finds it (from the
//! document's folder up to the repository root) and read again when it changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use lsp_types::Uri;

use crate::config::{CONFIG_NAMES, Config, Effective};

/// A config as last read: its modification time then, and the parse (`None`: invalid).
type Cached = (Option<SystemTime>, Option<Arc<Config>>);

/// Parsed configs by path.
#[derive(Default)]
pub struct Configs {
    cache: Mutex<HashMap<PathBuf, Cached>>,
}

impl Configs {
    /// The effective settings for a document, if a config applies to it. A config that
    /// does not parse is skipped (the CLI reports it).
    pub fn effective_for(&self, uri: &Uri) -> Option<Effective> {
        let path = file_path(uri)?;
        let (config_path, dir) = nearest(&path)?;
        let config = self.load(&config_path)?;
        let relative = path.strip_prefix(&dir).ok()?;
        let relative: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        Some(config.effective(&relative.join("/")))
    }

    fn load(&self, path: &Path) -> Option<Arc<Config>> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let mut cache = self.cache.lock().ok()?;
        if let Some((seen, config)) = cache.get(path)
            && *seen == modified
        {
            return config.clone();
        }
        let text = std::fs::read_to_string(path).ok()?;
        let config = Config::parse(&path.display().to_string(), &text)
            .ok()
            .map(Arc::new);
        cache.insert(path.to_path_buf(), (modified, config.clone()));
        config
    }
}

/// The local path of a `file:` URI.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    let raw = uri.path().as_str();
    let decoded = percent_decode(raw)?;
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The nearest config file and the folder it governs.
fn nearest(file: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if let Some(found) = CONFIG_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
            return Some((found, d.to_path_buf()));
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_reloads_the_nearest_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("news")).unwrap();
        std::fs::write(dir.path().join("mtlint.toml"), "ignore = [\"leak\"]\n").unwrap();
        let file = dir.path().join("news/a.md");
        let uri: Uri = format!("file://{}", file.display()).parse().unwrap();
        let configs = Configs::default();
        assert_eq!(configs.effective_for(&uri).unwrap().ignore, ["leak"]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(
            dir.path().join("mtlint.toml"),
            "ignore = [\"punctuation\"]\n",
        )
        .unwrap();
        let f = std::fs::File::options()
            .append(true)
            .open(dir.path().join("mtlint.toml"))
            .unwrap();
        f.set_modified(SystemTime::now() + std::time::Duration::from_secs(5))
            .unwrap();
        assert_eq!(configs.effective_for(&uri).unwrap().ignore, ["punctuation"]);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/c.md").unwrap(), "/a b/c.md");
    }
}
