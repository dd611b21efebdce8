//! `file:` URIs and local paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI (`None` for other schemes, such as `untitled:`).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"))
    {
        return None;
    }
    let decoded = percent_decode(uri.path().as_str())?;
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub fn file_uri(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    let text = path.to_str()?;
    if !text.starts_with('/') {
        uri.push('/');
    }
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"/-._~".contains(&b);
        if keep {
            uri.push(b as char);
        } else if b == b'\\' {
            uri.push('/');
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b/c.md").unwrap(), "/a b/c.md");
        assert_eq!(percent_decode("/a%2").unwrap(), "/a%2");
    }

    #[test]
    fn paths_and_uris_round_trip() {
        for path in ["/a b/c.md", "/x/ü/mtlint.toml", "/p%q/r#s.md"] {
            let uri = file_uri(Path::new(path)).unwrap();
            assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
            assert_eq!(file_path(&uri).unwrap(), Path::new(path));
        }
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(file_path(&untitled), None);
    }
}
