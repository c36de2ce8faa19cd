//! wasm-bindgen tests of the JavaScript surface (`src/wasm`), run in Node (`make test-wasm-node`)
//! and in headless Chromium (`make test-wasm-browser`): the same functions the npm package
//! exports, called with real JS values, checked against the committed vectors.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde_json::Value;
use twilio_webhook::wasm::{
    diagnose_js, get_expected_body_hash, get_expected_twilio_signature, validate_request,
    validate_request_with_body, verify_js,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DOCUMENTED: &str = include_str!("vectors/signature/documented.json");
const GENERATED: &str = include_str!("vectors/signature/generated.json");

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &s(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &s(k)).unwrap()
}

fn json_to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap()),
        Value::String(x) => s(x),
        Value::Array(a) => a.iter().map(json_to_js).collect::<Array>().into(),
        Value::Object(m) => {
            let o = Object::new();
            for (k, x) in m {
                Reflect::set(&o, &s(k), &json_to_js(x)).unwrap();
            }
            o.into()
        }
    }
}

const B: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const BODY: &str = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";

fn default_params() -> JsValue {
    obj(&[
        ("CallSid", s("CA1234567890ABCDE")),
        ("Caller", s("+14158675309")),
        ("Digits", s("1234")),
        ("From", s("+14158675309")),
        ("To", s("+18005551212")),
    ])
}

#[wasm_bindgen_test]
fn drop_ins_match_the_documented_example() {
    let sig = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    assert!(validate_request(s("12345"), s(sig), s(B), default_params()).unwrap());
    assert!(!validate_request(s("12345"), s("WRONG_SIGNATURE"), s(B), default_params()).unwrap());
    assert!(!validate_request(s("12345"), JsValue::UNDEFINED, s(B), default_params()).unwrap());
    assert_eq!(
        get_expected_twilio_signature(s("12345"), s(B), default_params()).unwrap(),
        sig
    );
    // Repeated keys as arrays: distinct values, sorted.
    let params = obj(&[
        ("Sid", s("CA123")),
        ("SidAccount", s("AC123")),
        (
            "Digits",
            ["5678", "1234", "1234"]
                .iter()
                .map(|x| s(x))
                .collect::<Array>()
                .into(),
        ),
    ]);
    assert!(validate_request(s("12345"), s("IK+Dwps556ElfBT0I3Rgjkr1wJU="), s(B), params).unwrap());
    let body = r#"{"property": "value", "boolean": true}"#;
    let url =
        format!("{B}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
    let bytes: JsValue = Uint8Array::from(body.as_bytes()).into();
    assert!(validate_request_with_body(
        s("12345"),
        s("a9nBmqA0ju/hNViExpshrM61xv4="),
        s(&url),
        bytes
    )
    .unwrap());
    assert_eq!(
        get_expected_body_hash(s("{}")).unwrap(),
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

#[wasm_bindgen_test]
fn verify_returns_values_and_diagnoses_on_demand() {
    let keys = obj(&[(
        "authTokens",
        [s("old"), s("12345")].into_iter().collect::<Array>().into(),
    )]);
    let input = obj(&[
        ("url", s(B)),
        ("body", s(BODY)),
        ("signature", s("kvajT1Ptam85bY51eRf/AJRuM3w=")),
    ]);
    let v = verify_js(input, keys.clone()).unwrap();
    assert_eq!(get(&v, "valid"), JsValue::TRUE);
    assert_eq!(get(&v, "keyIndex"), JsValue::from_f64(1.0));
    assert_eq!(get(&v, "urlVariant"), s("port-added"));
    assert_eq!(get(&v, "algorithm"), s("HMAC_SHA1"));
    assert_eq!(get(&v, "path"), s("form"));

    let http = "http://mycompany.com/myapp.php?foo=1&bar=2";
    let input = obj(&[
        ("url", s(http)),
        ("body", s(BODY)),
        ("signature", s("RSOYDt4T1cUTdK1PDd93/VVr8B8=")),
    ]);
    let v = verify_js(input.clone(), keys.clone()).unwrap();
    assert_eq!(get(&v, "valid"), JsValue::FALSE);
    assert_eq!(get(&v, "reason"), s("signature_mismatch"));
    let hints: Array = diagnose_js(input, keys).unwrap().unchecked_into();
    let first = hints.get(0);
    assert_eq!(get(&first, "code"), s("scheme_mismatch"));
    assert_eq!(get(&first, "confirmed"), JsValue::TRUE);
}

fn thrown_code(r: Result<JsValue, JsValue>) -> String {
    let e = r.expect_err("expected a throw");
    assert!(
        e.is_instance_of::<js_sys::TypeError>(),
        "not a TypeError: {e:?}"
    );
    get(&e, "code").as_string().unwrap()
}

#[wasm_bindgen_test]
fn misuse_throws_type_errors_with_codes() {
    let keys = obj(&[("authToken", s("12345"))]);
    let input = |url: &str| {
        obj(&[
            ("url", s(url)),
            ("body", s("")),
            ("signature", JsValue::NULL),
        ])
    };
    assert_eq!(
        thrown_code(verify_js(input("/relative"), keys.clone())),
        "invalid_url"
    );
    assert_eq!(
        thrown_code(verify_js(input(B), obj(&[("authToken", s(""))]))),
        "empty_secret"
    );
    assert_eq!(thrown_code(verify_js(input(B), obj(&[]))), "no_keys");
    assert_eq!(
        thrown_code(verify_js(s("nope"), keys.clone())),
        "invalid_argument"
    );
    let bad_body = obj(&[
        ("url", s(B)),
        ("body", JsValue::from_f64(3.0)),
        ("signature", JsValue::NULL),
    ]);
    assert_eq!(thrown_code(verify_js(bad_body, keys)), "invalid_argument");
    let r = validate_request(
        s("12345"),
        s("x"),
        s(B),
        obj(&[("A", JsValue::from_f64(1.0))]),
    );
    assert_eq!(thrown_code(r.map(JsValue::from_bool)), "invalid_argument");
    let r = validate_request(s(""), s("x"), s(B), obj(&[]));
    assert_eq!(thrown_code(r.map(JsValue::from_bool)), "empty_secret");
}

#[wasm_bindgen_test]
fn every_vector_through_verify_and_the_drop_ins() {
    let mut count = 0;
    let mut failures = Vec::new();
    for doc in [DOCUMENTED, GENERATED] {
        let doc: Value = serde_json::from_str(doc).unwrap();
        for v in doc["vectors"].as_array().unwrap() {
            count += 1;
            let id = v["id"].as_str().unwrap_or("?");
            let expected = &v["expected"];
            let keys = obj(&[
                ("authTokens", json_to_js(&v["auth_tokens"])),
                ("sharedKeys", json_to_js(&v["shared_keys"])),
            ]);
            let body = v["body"].as_str().unwrap_or("");
            let input = obj(&[
                ("url", json_to_js(&v["url"])),
                ("method", json_to_js(&v["method"])),
                ("contentType", json_to_js(&v["content_type"])),
                ("body", Uint8Array::from(body.as_bytes()).into()),
                ("signature", json_to_js(&v["signature"])),
                ("signatureSettings", json_to_js(&v["signature_settings"])),
            ]);
            match verify_js(input, keys) {
                Err(e) => {
                    let code = get(&e, "code").as_string().unwrap_or_default();
                    if expected["reason"].as_str() != Some(code.as_str()) {
                        failures.push(format!("{id}: threw {code}"));
                    }
                }
                Ok(r) => {
                    let valid = get(&r, "valid").as_bool().unwrap();
                    if Some(valid) != expected["valid"].as_bool() {
                        failures.push(format!("{id}: valid={valid}"));
                    } else if valid {
                        let idx = get(&r, "keyIndex").as_f64().unwrap() as u64;
                        let variant = get(&r, "urlVariant").as_string().unwrap();
                        if Some(idx) != expected["key_index"].as_u64()
                            || Some(variant.as_str()) != expected["url_variant"].as_str()
                        {
                            failures.push(format!("{id}: key {idx} / {variant}"));
                        }
                    } else if get(&r, "reason").as_string().as_deref()
                        != expected["reason"].as_str()
                    {
                        failures.push(format!("{id}: reason {:?}", get(&r, "reason")));
                    }
                }
            }
            // The drop-in validateRequest for form and GET vectors with one auth token.
            let tokens = v["auth_tokens"].as_array().map_or(0, Vec::len);
            let form = v["content_type"].as_str() == Some("application/x-www-form-urlencoded");
            let get_m = v["method"].as_str() == Some("GET");
            if tokens == 1
                && v["shared_keys"].as_array().is_none_or(Vec::is_empty)
                && v["signature_settings"].is_null()
                && (form || get_m)
                && !v["auth_tokens"][0].as_str().unwrap_or("").is_empty()
            {
                let r = validate_request(
                    json_to_js(&v["auth_tokens"][0]),
                    json_to_js(&v["signature"]),
                    json_to_js(&v["url"]),
                    json_to_js(&v["params"]),
                );
                match r {
                    Ok(b) if Some(b) == expected["valid"].as_bool() => {}
                    other => failures.push(format!("{id}: drop-in gave {other:?}")),
                }
            }
        }
    }
    assert!(count >= 300, "only {count} vectors");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
