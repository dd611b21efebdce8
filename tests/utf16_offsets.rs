//! JSON `byte_start`/`byte_end` and SARIF `byteOffset`/`byteLength` are offsets into the
//! file: for a UTF-16 file, into its UTF-16 bytes, not into the decoded text.

use mtlint::document::{self, Syntax};
use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::{Linter, SourceText};

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

fn decode(bytes: &[u8], big_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        })
        .collect();
    String::from_utf16(&units).expect("whole code units")
}

#[test]
fn offsets_of_a_utf16_file_point_into_its_bytes() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let text = "“Café” 😀 and more.\nThe agency sent food food to the city.\n";
    for big_endian in [false, true] {
        let bytes = utf16(text, big_endian);
        let source = SourceText::decode(&bytes).expect("UTF-16 decodes");
        let findings = document::check(&linter, &source.text, Syntax::Plain, &|_| true);
        assert!(!findings.is_empty());
        let reports = [FileReport::new("wide.txt", &source, &findings)];
        let json: serde_json::Value = serde_json::from_str(&render::render(
            Format::Json,
            &reports,
            RenderOptions::default(),
        ))
        .expect("JSON");
        let sarif: serde_json::Value = serde_json::from_str(&render::render(
            Format::Sarif,
            &reports,
            RenderOptions::default(),
        ))
        .expect("SARIF");
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        for (i, f) in findings.iter().enumerate() {
            let matched = &source.text[f.span.clone()];
            let start = json[i]["byte_start"].as_u64().unwrap() as usize;
            let end = json[i]["byte_end"].as_u64().unwrap() as usize;
            assert_eq!(decode(&bytes[start..end], big_endian), matched);
            let region = &results[i]["locations"][0]["physicalLocation"]["region"];
            let offset = region["byteOffset"].as_u64().unwrap() as usize;
            let length = region["byteLength"].as_u64().unwrap() as usize;
            assert_eq!((offset, offset + length), (start, end));
        }
    }
}
