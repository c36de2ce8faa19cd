#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Real Twilio Voice callback payloads captured in public projects
//! (tests/vectors/callbacks/captured, provenance in its README.md): each well-formed one parses
//! into the listed kind with the listed values; each malformed one fails strict parsing with the
//! listed code and field; lenient parsing never panics, on the payloads or on any prefix of them.
//! Run with `cargo test --features serde --test captured`.

#[cfg(feature = "serde")]
mod captured {
    use serde_json::Value;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};
    use twilio_webhook::{Callback, Params};

    fn dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/callbacks/captured")
    }

    fn entries() -> Vec<Value> {
        let text = std::fs::read_to_string(dir().join("captured.json")).unwrap();
        let Value::Array(list) = serde_json::from_str(&text).unwrap() else {
            panic!("captured.json is not a list");
        };
        list
    }

    fn read(file: &str) -> Vec<u8> {
        std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    /// Checks one entry; returns its file name.
    fn check(entry: &Value) -> String {
        let file = entry["file"].as_str().expect("file").to_owned();
        let bytes = read(&file);
        let params = Params::parse(&bytes);
        let strict = Callback::parse(&params);
        let lenient = Callback::parse_lenient(&params);
        let expect = &entry["expect"];
        let kind = expect["kind"].as_str().expect("expect.kind");
        assert_eq!(lenient.kind.as_str(), kind, "{file}: detected kind");

        if let Some(want) = expect.get("error") {
            let err = match strict {
                Ok(cb) => panic!("{file}: parsed as {cb:?}, expected {want}"),
                Err(e) => e,
            };
            assert_eq!(want["code"], err.code(), "{file}: error code ({err})");
            assert_eq!(want["field"], err.field(), "{file}: error field ({err})");
            // Strict parsing stops at the first problem lenient parsing lists.
            assert_eq!(
                lenient.problems.first(),
                Some(&err),
                "{file}: lenient problems"
            );
        } else {
            let cb = strict.unwrap_or_else(|e| panic!("{file}: {e}"));
            let json = serde_json::to_value(&cb).unwrap();
            assert_eq!(json["kind"], kind, "{file}: kind");
            let fields = expect["fields"].as_object().expect("expect.fields");
            assert!(!fields.is_empty(), "{file}: no fields listed");
            for (name, want) in fields {
                if want.is_null() {
                    // Listed as null: empty or absent on the wire, so absent in the record.
                    assert_eq!(json.get(name), None, "{file}: {name} should be absent");
                } else {
                    assert_eq!(json.get(name), Some(want), "{file}: {name}");
                }
            }
            assert!(
                lenient.problems.is_empty(),
                "{file}: {:?}",
                lenient.problems
            );
            assert!(lenient.sid_valid, "{file}: sidValid");
            assert_eq!(
                lenient.callback.as_ref(),
                Some(&cb),
                "{file}: lenient record"
            );
        }
        file
    }

    #[test]
    fn every_captured_payload_parses_as_listed() {
        let list = entries();
        assert!(list.len() >= 15, "only {} captured payloads", list.len());
        let mut checked = BTreeSet::new();
        for entry in &list {
            let file = check(entry);
            assert!(checked.insert(file.clone()), "{file} is listed twice");
        }
        // Every .form file in the directory is listed (and so was checked).
        let on_disk: BTreeSet<String> = std::fs::read_dir(dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".form"))
            .collect();
        assert_eq!(on_disk, checked);
        // Both outcomes are represented.
        let errors = list
            .iter()
            .filter(|e| e["expect"].get("error").is_some())
            .count();
        assert!(errors > 0 && errors < list.len());
    }

    #[test]
    fn every_entry_names_its_source() {
        for entry in entries() {
            let file = entry["file"].as_str().unwrap();
            let source = &entry["source"];
            assert!(
                source["repo"].is_string() || source["indexId"].is_string(),
                "{file}: no repository or index id"
            );
            assert!(entry["transcription"].is_string(), "{file}: transcription");
        }
    }

    #[test]
    fn parsing_never_panics_on_any_prefix() {
        for entry in entries() {
            let bytes = read(entry["file"].as_str().unwrap());
            for end in 0..=bytes.len() {
                let prefix = bytes.get(..end).unwrap();
                let params = Params::parse(prefix);
                let strict = Callback::parse(&params);
                let lenient = Callback::parse_lenient(&params);
                if let Err(e) = &strict {
                    assert!(lenient.problems.contains(e), "{e}");
                }
                // A record kept by lenient parsing serialises (no panic on odd values).
                if let Some(cb) = &lenient.callback {
                    serde_json::to_value(cb).unwrap();
                }
            }
        }
    }
}
