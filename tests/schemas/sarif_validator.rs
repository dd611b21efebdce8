// Compiles the SARIF 2.1.0 schema for validation; shared by the SARIF unit test and the
// CLI format test.
//
// The published schema's `language` patterns (of `run` and `toolComponent`),
// `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, hold a bare `]`: ECMA-262 reads it as a
// literal, but the validator checks patterns strictly and refuses the schema. Escaping
// that `]` keeps the patterns' meaning; nothing else is touched.

pub const SCHEMA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/sarif-schema-2.1.0.json"
));

pub fn validator() -> jsonschema::Validator {
    fn escape_bracket(value: &mut serde_json::Value) -> usize {
        const BARE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
        match value {
            serde_json::Value::String(s) if s == BARE => {
                *s = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$".to_string();
                1
            }
            serde_json::Value::Array(items) => items.iter_mut().map(escape_bracket).sum(),
            serde_json::Value::Object(map) => map.values_mut().map(escape_bracket).sum(),
            _ => 0,
        }
    }
    let mut schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    assert_eq!(escape_bracket(&mut schema), 2);
    jsonschema::validator_for(&schema).expect("schema compiles")
}
