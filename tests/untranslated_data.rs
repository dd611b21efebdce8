//! The embedded word table is the output of `data/untranslated/build.py`: its size and
//! checksum, and the script's, match the manifest the script wrote. Rebuilding needs the
//! pinned packages (see the script); this test needs nothing but the repository.

use std::path::Path;

fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn manifest_value<'m>(manifest: &'m str, key: &str) -> &'m str {
    manifest
        .lines()
        .find_map(|l| l.strip_prefix(key)?.trim_start().strip_prefix('='))
        .unwrap_or_else(|| panic!("MANIFEST has no `{key}`"))
        .trim()
}

#[test]
fn committed_table_matches_the_manifest() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/untranslated");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST")).expect("MANIFEST");
    let table = std::fs::read(dir.join("words.bin")).expect("words.bin");
    let script = std::fs::read(dir.join("build.py")).expect("build.py");
    assert_eq!(
        table.len().to_string(),
        manifest_value(&manifest, "bytes"),
        "words.bin has another size than build.py wrote"
    );
    assert_eq!(
        format!("{:016x}", fnv1a64(&table)),
        manifest_value(&manifest, "fnv1a64"),
        "words.bin differs from build.py's output: rerun the script"
    );
    assert_eq!(
        format!("{:016x}", fnv1a64(&script)),
        manifest_value(&manifest, "script-fnv1a64"),
        "build.py changed since words.bin was built: rerun it"
    );
    // The table the binary embeds is this file, and it reads.
    assert_eq!(mtlint::matchers::untranslated::DATA, &table[..]);
    let entries: usize = manifest_value(&manifest, "entries").parse().unwrap();
    assert_eq!(
        mtlint::matchers::untranslated::Table::builtin().len(),
        entries
    );
}
