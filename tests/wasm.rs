//! wasm-bindgen tests of the JavaScript surface (`src/wasm`), run in Node (`make test-wasm-node`)
//! and in headless Chromium (`make test-wasm-browser`): the functions the npm package's API
//! module calls, with their parts staged in the input buffer as it stages them, against every
//! signature vector and callback fixture. (The TypeErrors the API module makes of misuse answers
//! are checked by the JS suites, tests/js.)
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use sha2::{Digest, Sha256};
use twilio_webhook::wasm::lifecycle::{can_transition_input, lifecycle_input};
use twilio_webhook::wasm::{
    body_hash_input, code_tables, diagnose_input, expected_signature_input, input_buffer,
    parse_callback_input, signing_string_input, stage, take_usage_error, verify_input, AMBIGUOUS,
    MODE_DIGEST, MODE_GET, MODE_PAIRS, MODE_POST, NEED_BODY, USAGE,
};
use wasm_bindgen_test::wasm_bindgen_test;

// The exports take their strings and bytes staged in the input buffer, as the API module writes
// them. These adapters stage owned values the same way (a text body before a byte body, as the
// API module passes `text ?? bytes`) and answer misuse as its code.

/// The limits as the API module stages them: five little-endian f64s, NaN for a default; none
/// given: absent.
fn limits(l: Option<Vec<f64>>) -> Option<Vec<u8>> {
    let mut all = [f64::NAN; 5];
    for (slot, x) in all.iter_mut().zip(l?) {
        *slot = x;
    }
    Some(all.iter().flat_map(|x| x.to_le_bytes()).collect())
}

fn opt(s: &Option<String>) -> Option<&[u8]> {
    s.as_deref().map(str::as_bytes)
}

fn body<'a>(text: &'a Option<String>, bytes: &'a Option<Box<[u8]>>) -> Option<&'a [u8]> {
    opt(text).or(bytes.as_deref())
}

/// The code of a `U` + code + `\n` + message answer.
fn usage_code(text: &str) -> String {
    text.split('\n').next().unwrap().to_owned()
}

/// The staged parts of a request, as verifyInput and diagnoseInput read them; `last` is the
/// digest or the proxy headers, then the limits.
#[allow(clippy::too_many_arguments)]
fn stage_request(
    url: &str,
    content_type: &Option<String>,
    body: Option<&[u8]>,
    signature: &Option<String>,
    settings: &Option<String>,
    keys: &str,
    last: Option<&[u8]>,
    l: Option<Vec<f64>>,
) -> [i32; 8] {
    let l = limits(l);
    stage([
        Some(url.as_bytes()),
        opt(content_type),
        body,
        opt(signature),
        opt(settings),
        Some(keys.as_bytes()),
        last,
        l.as_deref(),
    ])
    .try_into()
    .unwrap()
}

#[allow(clippy::too_many_arguments)]
fn verify_parts(
    url: &str,
    mode: u8,
    content_type: Option<String>,
    body_text: Option<String>,
    body_bytes: Option<Box<[u8]>>,
    pairs: usize,
    signature: Option<String>,
    settings: Option<String>,
    keys: String,
    auth_count: usize,
    l: Option<Vec<f64>>,
    digest: Option<Box<[u8]>>,
) -> Result<u32, String> {
    let [u, c, b, s, t, k, d, l] = stage_request(
        url,
        &content_type,
        body(&body_text, &body_bytes),
        &signature,
        &settings,
        &keys,
        digest.as_deref(),
        l,
    );
    match verify_input(mode, u, c, b, s, t, k, d, pairs, auth_count, l) {
        USAGE => Err(usage_code(&take_usage_error())),
        r => Ok(r),
    }
}

#[allow(clippy::too_many_arguments)]
fn diagnose_parts(
    url: &str,
    mode: u8,
    content_type: Option<String>,
    body_text: Option<String>,
    body_bytes: Option<Box<[u8]>>,
    pairs: usize,
    signature: Option<String>,
    settings: Option<String>,
    keys: String,
    auth_count: usize,
    proxy: Vec<String>,
    l: Option<Vec<f64>>,
) -> Result<Vec<String>, String> {
    let proxy = proxy.join("\0");
    let [u, c, b, s, t, k, p, l] = stage_request(
        url,
        &content_type,
        body(&body_text, &body_bytes),
        &signature,
        &settings,
        &keys,
        Some(proxy.as_bytes()),
        l,
    );
    let out = diagnose_input(mode, u, c, b, s, t, k, p, pairs, auth_count, l);
    match out.strip_prefix('O') {
        Some(flat) => Ok(flat.split_terminator('\0').map(str::to_owned).collect()),
        None => Err(usage_code(&out[1..])),
    }
}

fn expected_signature(
    token: &str,
    url: &str,
    mode: u8,
    text: &str,
    pairs: usize,
) -> Result<Option<String>, String> {
    let [t, u, b] = stage([
        Some(token.as_bytes()),
        Some(url.as_bytes()),
        Some(text.as_bytes()),
    ])[..] else {
        unreachable!()
    };
    let out = expected_signature_input(mode, t, u, b, pairs);
    match &out[..1] {
        "O" => Ok(Some(out[1..].to_owned())),
        "A" => Ok(None),
        _ => Err(usage_code(&out[1..])),
    }
}

fn body_hash(text: Option<String>, bytes: Option<Box<[u8]>>) -> String {
    let [b] = stage([body(&text, &bytes)])[..] else {
        unreachable!()
    };
    body_hash_input(b)
}

fn parse_callback_parts(
    text: Option<String>,
    bytes: Option<Box<[u8]>>,
    lenient: bool,
    l: Option<Vec<f64>>,
) -> String {
    let l = limits(l);
    let [b, l] = stage([body(&text, &bytes), l.as_deref()])[..] else {
        unreachable!()
    };
    parse_callback_input(b, lenient, l)
}

fn signing_string(
    url: &str,
    mode: u8,
    content_type: Option<String>,
    text: Option<String>,
    bytes: Option<Box<[u8]>>,
    l: Option<Vec<f64>>,
) -> Result<String, String> {
    let l = limits(l);
    let [u, c, b, l] = stage([
        Some(url.as_bytes()),
        opt(&content_type),
        body(&text, &bytes),
        l.as_deref(),
    ])[..] else {
        unreachable!()
    };
    let out = signing_string_input(mode, u, c, b, l);
    match out.strip_prefix('U') {
        Some(e) => Err(usage_code(e)),
        None => Ok(out),
    }
}

fn can_transition(from: Option<String>, to: &str) -> u8 {
    let [f, t] = stage([opt(&from), Some(to.as_bytes())])[..] else {
        unreachable!()
    };
    can_transition_input(f, t)
}

fn lifecycle_apply(
    kind: &str,
    state: Option<String>,
    text: Option<String>,
    bytes: Option<Box<[u8]>>,
    json: Option<String>,
    options: Option<String>,
) -> String {
    let [k, s, b, j, o] = stage([
        Some(kind.as_bytes()),
        opt(&state),
        body(&text, &bytes),
        opt(&json),
        opt(&options),
    ])[..] else {
        unreachable!()
    };
    lifecycle_input(k, s, b, j, o)
}

const DOCUMENTED: &str = include_str!("vectors/signature/documented.json");
const GENERATED: &str = include_str!("vectors/signature/generated.json");

macro_rules! fixture {
    ($stem:literal, $ext:literal) => {
        (
            concat!($stem, ".", $ext),
            include_bytes!(concat!("vectors/callbacks/", $stem, ".", $ext)) as &[u8],
            include_str!(concat!("vectors/callbacks/", $stem, ".json")),
        )
    };
}

/// Every callback fixture; `tests/callbacks.rs` checks this list equals the directory.
pub const FIXTURES: &[(&str, &[u8], &str)] = &[
    fixture!("amd-fax-get", "query"),
    fixture!("amd-human", "form"),
    fixture!("amd-machine-end-beep", "form"),
    fixture!("amd-other-value", "form"),
    fixture!("amd-unknown-with-extra", "form"),
    fixture!("bad-account-sid-prefix", "form"),
    fixture!("bad-call-duration-negative", "form"),
    fixture!("bad-call-sid-composite", "form"),
    fixture!("bad-call-sid-short", "form"),
    fixture!("bad-call-status-answered", "form"),
    fixture!("bad-dial-bridged", "form"),
    fixture!("bad-dial-call-status", "form"),
    fixture!("bad-recording-channels", "form"),
    fixture!("bad-recording-start-time", "form"),
    fixture!("bad-sequence-number", "form"),
    fixture!("bad-sip-response-code", "form"),
    fixture!("bad-timestamp-etc-utc", "form"),
    fixture!("bad-timestamp-thurs", "form"),
    fixture!("call-status-busy", "form"),
    fixture!("call-status-canceled", "form"),
    fixture!("call-status-child-leg", "form"),
    fixture!("call-status-completed-recording", "form"),
    fixture!("call-status-completed", "form"),
    fixture!("call-status-empty-values", "form"),
    fixture!("call-status-failed-error", "form"),
    fixture!("call-status-first-value-empty", "form"),
    fixture!("call-status-forwarded", "form"),
    fixture!("call-status-get", "query"),
    fixture!("call-status-gmt-zone", "form"),
    fixture!("call-status-in-progress-sync-amd", "form"),
    fixture!("call-status-initiated", "form"),
    fixture!("call-status-minimal", "form"),
    fixture!("call-status-no-answer", "form"),
    fixture!("call-status-plus-as-space", "form"),
    fixture!("call-status-queued", "form"),
    fixture!("call-status-repeated-keys", "form"),
    fixture!("call-status-ringing-stir", "form"),
    fixture!("call-status-sip", "form"),
    fixture!("call-status-trunking", "form"),
    fixture!("call-status-unknown-keys", "form"),
    fixture!("call-status-withheld", "form"),
    fixture!("dial-completed-bridged", "form"),
    fixture!("dial-completed-not-bridged", "form"),
    fixture!("dial-conference-answered", "form"),
    fixture!("dial-no-answer", "form"),
    fixture!("dial-queue-recording", "form"),
    fixture!("dial-sip-failed", "form"),
    fixture!("dial-without-call-status", "form"),
    fixture!("empty-body", "form"),
    fixture!("missing-account-sid-empty", "form"),
    fixture!("missing-call-sid", "form"),
    fixture!("missing-sequence-number", "form"),
    fixture!("recording-absent", "form"),
    fixture!("recording-completed", "form"),
    fixture!("recording-conference", "form"),
    fixture!("recording-in-progress", "form"),
    fixture!("recording-older-no-track", "form"),
    fixture!("recording-open-enums", "form"),
    fixture!("recording-start-twiml", "form"),
    fixture!("recording-trunking-get", "query"),
    fixture!("voice-amd-sync", "form"),
    fixture!("voice-client-app", "form"),
    fixture!("voice-forwarded-withheld", "form"),
    fixture!("voice-gather-digits", "form"),
    fixture!("voice-gather-speech", "form"),
    fixture!("voice-get", "query"),
    fixture!("voice-inbound", "form"),
    fixture!("voice-outbound-api-utf8", "form"),
    fixture!("voice-transcription", "form"),
];

const B: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const BODY: &str = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
const PAIRS: &str = concat!(
    "CallSid\0CA1234567890ABCDE\0Caller\0+14158675309\0Digits\0",
    "1234\0From\0+14158675309\0To\0+18005551212\0"
);

fn tables() -> Vec<Vec<String>> {
    code_tables()
        .split_terminator('\n')
        .map(|l| l.split_terminator('\0').map(str::to_owned).collect())
        .collect()
}

/// The API module's decoding of `verifyInput`'s number, written again here from its contract.
fn decode(n: u32) -> Value {
    let t = tables();
    let r = (n & 15) as usize;
    if r != 0 {
        return serde_json::json!({ "valid": false, "reason": t[0][r - 1] });
    }
    serde_json::json!({
        "valid": true,
        "key_index": n >> 16,
        "url_variant": t[2][((n >> 4) & 15) as usize],
        "algorithm": t[3][((n >> 8) & 1) as usize],
        "path": t[4][((n >> 9) & 3) as usize],
    })
}

/// The keys as the API module sends them: each secret followed by a NUL, auth tokens first.
fn keys(v: &Value) -> (String, usize) {
    let strs = |k: &str| -> Vec<String> {
        v[k].as_array().map_or_else(Vec::new, |a| {
            a.iter()
                .map(|s| format!("{}\0", s.as_str().unwrap()))
                .collect()
        })
    };
    let tokens = strs("auth_tokens");
    (
        tokens.concat() + &strs("shared_keys").concat(),
        tokens.len(),
    )
}

fn code_of(e: &str) -> String {
    e.to_owned()
}

#[wasm_bindgen_test]
fn documented_example_and_modes() {
    let one = |mode, body: &str, pairs, sig: &str| {
        verify_parts(
            B,
            mode,
            Some("application/x-www-form-urlencoded".into()),
            Some(body.into()),
            None,
            pairs,
            Some(sig.into()),
            None,
            "12345\0".into(),
            1,
            None,
            None,
        )
        .unwrap()
    };
    assert_eq!(
        decode(one(MODE_POST, BODY, 0, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))["valid"],
        true
    );
    assert_eq!(
        decode(one(MODE_PAIRS, PAIRS, 5, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))["valid"],
        true
    );
    let v = decode(one(MODE_POST, BODY, 0, "kvajT1Ptam85bY51eRf/AJRuM3w="));
    assert_eq!(v["url_variant"], "port-added");
    assert_eq!(
        decode(one(MODE_POST, BODY, 0, "WRONG"))["reason"],
        "signature_mismatch"
    );
    // A NUL inside a value makes the pair count disagree: the caller must re-send as a form.
    assert_eq!(one(MODE_PAIRS, "A\0x\0y\0B\0z\0", 2, "x"), AMBIGUOUS);
    // Two NULs in a value: one pair too many. A missing last NUL, a dangling name, a pair count
    // that does not match: all ambiguous. No pairs at all is an empty body.
    assert_eq!(one(MODE_PAIRS, "A\0x\0y\0z\0B\0w\0", 2, "x"), AMBIGUOUS);
    assert_eq!(one(MODE_PAIRS, "A\0x\0B\0z", 2, "x"), AMBIGUOUS);
    assert_eq!(one(MODE_PAIRS, "A\0x\0B\0", 1, "x"), AMBIGUOUS);
    assert_eq!(one(MODE_PAIRS, "A\0x\0", 2, "x"), AMBIGUOUS);
    assert_eq!(one(MODE_PAIRS, "A\0x\0", 0, "x"), AMBIGUOUS);
    assert_eq!(
        decode(one(MODE_PAIRS, "", 0, "x"))["reason"],
        "signature_mismatch"
    );
    assert_eq!(
        decode(one(MODE_PAIRS, "A\0\0", 1, "x"))["reason"],
        "signature_mismatch"
    );
    assert_eq!(
        expected_signature("12345", B, MODE_PAIRS, PAIRS, 5)
            .unwrap()
            .as_deref(),
        Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    );
    assert_eq!(
        body_hash(Some("{}".into()), None),
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
    assert_eq!(
        body_hash(None, Some(b"{}".to_vec().into_boxed_slice())),
        body_hash(Some("{}".into()), None)
    );
}

#[wasm_bindgen_test]
fn misuse_answers_its_code() {
    let call = |url: &str, keys: String| {
        verify_parts(
            url, MODE_GET, None, None, None, 0, None, None, keys, 1, None, None,
        )
    };
    assert_eq!(
        code_of(&call("/relative", "k\0".into()).unwrap_err()),
        "invalid_url"
    );
    assert_eq!(code_of(&call(B, "\0".into()).unwrap_err()), "empty_secret");
    assert_eq!(code_of(&call(B, String::new()).unwrap_err()), "no_keys");
    assert_eq!(
        code_of(&expected_signature("", B, MODE_PAIRS, "", 0).unwrap_err()),
        "empty_secret"
    );
}

#[wasm_bindgen_test]
fn an_input_buffer_that_cannot_be_allocated_is_answered_0() {
    assert_eq!(input_buffer(usize::MAX), 0);
    assert_eq!(input_buffer(isize::MAX as usize + 1), 0);
    // The instance is still usable, and the buffer grows again.
    assert_ne!(input_buffer(1 << 20), 0);
    assert_eq!(
        body_hash(Some("{}".into()), None),
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

#[wasm_bindgen_test]
fn a_host_digest_is_believed_and_must_be_32_bytes() {
    // spec/signature.md's JSON example: the URL's bodySHA256 covers this body.
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    let body = r#"{"property": "value", "boolean": true}"#;
    let run = |digest: Vec<u8>| {
        verify_parts(
            url,
            MODE_POST,
            Some("application/json".into()),
            Some(body.into()),
            None,
            0,
            Some("a9nBmqA0ju/hNViExpshrM61xv4=".into()),
            None,
            "12345\0".into(),
            1,
            None,
            Some(digest.into_boxed_slice()),
        )
    };
    assert_eq!(
        decode(run(Sha256::digest(body).to_vec()).unwrap())["valid"],
        true
    );
    // The core does not re-hash: a digest of other bytes is a body hash mismatch.
    let other = decode(run(Sha256::digest(b"{}").to_vec()).unwrap());
    assert_eq!(other["reason"], "body_hash_mismatch");
    assert_eq!(code_of(&run(vec![0; 31]).unwrap_err()), "invalid_argument");
}

#[wasm_bindgen_test]
fn a_body_can_be_given_by_its_digest_and_length() {
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    let body = r#"{"property": "value", "boolean": true}"#;
    let run = |url: &str, len: usize, digest: Option<Vec<u8>>, l: Option<Vec<f64>>| {
        verify_parts(
            url,
            MODE_DIGEST,
            Some("application/json".into()),
            None,
            None,
            len,
            Some("a9nBmqA0ju/hNViExpshrM61xv4=".into()),
            None,
            "12345\0".into(),
            1,
            l,
            digest.map(Vec::into_boxed_slice),
        )
    };
    let digest = Sha256::digest(body).to_vec();
    let ok = decode(run(url, body.len(), Some(digest.clone()), None).unwrap());
    assert_eq!(
        (ok["valid"].clone(), ok["path"].clone()),
        (true.into(), "body-hash".into())
    );
    let other = decode(run(url, body.len(), Some(Sha256::digest(b"{}").to_vec()), None).unwrap());
    assert_eq!(other["reason"], "body_hash_mismatch");
    // The length may be a bound: within the body limit it serves, beyond it the bytes decide.
    let mut l = vec![f64::NAN; 5];
    l[0] = body.len() as f64;
    assert_eq!(
        decode(run(url, body.len(), Some(digest.clone()), Some(l.clone())).unwrap())["valid"],
        true
    );
    l[0] = (body.len() - 1) as f64;
    assert_eq!(
        run(url, body.len(), Some(digest.clone()), Some(l)),
        Ok(NEED_BODY)
    );
    assert_eq!(
        decode(run(url, 3 * body.len(), Some(digest.clone()), None).unwrap())["valid"],
        true
    );
    // Another path needs the bytes: the caller is told to send them, never given a verdict.
    let form = "https://mycompany.com/myapp.php?foo=1&note=bodySHA256";
    assert_eq!(
        run(form, body.len(), Some(digest.clone()), None),
        Ok(NEED_BODY)
    );
    // No digest, or not 32 bytes: misuse.
    assert_eq!(
        code_of(&run(url, body.len(), None, None).unwrap_err()),
        "invalid_argument"
    );
    assert_eq!(
        code_of(&run(url, body.len(), Some(vec![0; 33]), None).unwrap_err()),
        "invalid_argument"
    );
    // The URL is still checked first.
    assert_eq!(
        code_of(&run("bodySHA256", 1, Some(digest), None).unwrap_err()),
        "invalid_url"
    );
}

#[wasm_bindgen_test]
fn limits_cross_as_numbers() {
    let run = |limits: Option<Vec<f64>>| {
        let r = verify_parts(
            B,
            MODE_POST,
            None,
            Some(BODY.into()),
            None,
            0,
            Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=".into()),
            None,
            "12345\0".into(),
            1,
            limits,
            None,
        )
        .unwrap();
        decode(r)
    };
    let nan = f64::NAN;
    assert_eq!(run(None)["valid"], true);
    assert_eq!(run(Some(vec![nan; 5]))["valid"], true);
    assert_eq!(run(Some(vec![f64::INFINITY; 5]))["valid"], true);
    assert_eq!(run(Some(vec![nan, nan, 5.0, nan, nan]))["valid"], true);
    for (limits, code) in [
        (vec![10.0, nan, nan, nan, nan], "body_too_large"),
        (vec![nan, 10.0, nan, nan, nan], "url_too_long"),
        (vec![nan, nan, 4.0, nan, nan], "too_many_params"),
        (vec![nan, nan, nan, 6.0, nan], "param_name_too_long"),
        (vec![nan, nan, nan, nan, 12.0], "param_value_too_long"),
    ] {
        assert_eq!(run(Some(limits))["reason"], code);
    }
    let out = parse_callback_parts(Some(BODY.into()), None, false, Some(vec![nan, nan, 4.0]));
    assert!(out.starts_with("E{\"code\":\"too_many_params\""), "{out}");
    let out = signing_string(
        B,
        MODE_POST,
        None,
        Some(BODY.into()),
        None,
        Some(vec![10.0]),
    );
    assert_eq!(out.unwrap(), "Ebody_too_large");
}

#[wasm_bindgen_test]
fn diagnosis_crosses_as_flat_strings() {
    let http = "http://mycompany.com/myapp.php?foo=1&bar=2";
    let proxy = vec!["".into(), "https".into(), "".into(), "".into(), "".into()];
    let flat = diagnose_parts(
        http,
        MODE_POST,
        None,
        Some(BODY.into()),
        None,
        0,
        Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=".into()),
        None,
        "12345\0".into(),
        1,
        proxy,
        None,
    )
    .unwrap();
    assert_eq!(flat.len() % 3, 0);
    assert_eq!(flat[0], "scheme_mismatch");
    assert_eq!(flat[1], "1");
    assert!(flat
        .chunks(3)
        .any(|h| h[0] == "proxy_rewritten_url" && h[1] == "1"));
    assert!(
        flat.iter().all(|s| !s.contains("12345")),
        "a hint echoes the token"
    );
}

#[wasm_bindgen_test]
fn every_signature_vector() {
    let mut count = 0;
    let mut digests = 0;
    let mut need_body = 0;
    let mut failures = Vec::new();
    for doc in [DOCUMENTED, GENERATED] {
        let doc: Value = serde_json::from_str(doc).unwrap();
        for v in doc["vectors"].as_array().unwrap() {
            count += 1;
            let id = v["id"].as_str().unwrap();
            let (list, n) = keys(v);
            let mode = if v["method"] == "GET" {
                MODE_GET
            } else {
                MODE_POST
            };
            let body = v["body"]
                .as_str()
                .unwrap_or("")
                .as_bytes()
                .to_vec()
                .into_boxed_slice();
            let url = v["url"].as_str().unwrap();
            // Each vector twice: the core hashing the body, and the host supplying the digest
            // (as the Node entry does with node:crypto whenever the URL mentions bodySHA256).
            let digest = Sha256::digest(&body).to_vec().into_boxed_slice();
            let run = |digest: Option<Box<[u8]>>| {
                verify_parts(
                    url,
                    mode,
                    v["content_type"].as_str().map(Into::into),
                    None,
                    Some(body.clone()),
                    0,
                    v["signature"].as_str().map(Into::into),
                    v["signature_settings"].as_str().map(Into::into),
                    list.clone(),
                    n,
                    None,
                    digest,
                )
                .map_err(|e| code_of(&e))
            };
            let r = run(None);
            if mode == MODE_POST && url.contains("bodySHA256") {
                digests += 1;
                if run(Some(digest.clone())) != r {
                    failures.push(format!("{id}: differs with the host digest"));
                }
                // And with the digest and length instead of the body (MODE_DIGEST): the same
                // answer, or NEED_BODY when the URL has no bodySHA256 query key.
                let bare = verify_parts(
                    url,
                    MODE_DIGEST,
                    v["content_type"].as_str().map(Into::into),
                    None,
                    None,
                    body.len(),
                    v["signature"].as_str().map(Into::into),
                    v["signature_settings"].as_str().map(Into::into),
                    list.clone(),
                    n,
                    None,
                    Some(digest),
                )
                .map_err(|e| code_of(&e));
                let query = url
                    .split('#')
                    .next()
                    .unwrap()
                    .split_once('?')
                    .map_or("", |q| q.1);
                let keyed =
                    form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == "bodySHA256");
                match bare {
                    Ok(NEED_BODY) if !keyed => need_body += 1,
                    b if keyed && b == r => {}
                    b => failures.push(format!("{id}: digest only: {b:?}, with the body: {r:?}")),
                }
            }
            let want = &v["expected"];
            match r {
                Err(e) => {
                    if want["reason"].as_str() != Some(e.as_str()) {
                        failures.push(format!("{id}: threw {e}"));
                    }
                }
                Ok(n) => {
                    let got = decode(n);
                    let same = got["valid"] == want["valid"]
                        && if got["valid"] == true {
                            got["key_index"] == want["key_index"]
                                && got["url_variant"] == want["url_variant"]
                        } else {
                            got["reason"] == want["reason"]
                        };
                    if !same {
                        failures.push(format!("{id}: {got}"));
                    }
                }
            }
        }
    }
    assert!(count >= 300, "only {count} vectors");
    assert!(digests >= 20, "only {digests} vectors with a body digest");
    assert!(
        need_body >= 4,
        "only {need_body} vectors mention bodySHA256 outside a query key"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn every_callback_fixture() {
    assert!(FIXTURES.len() >= 40);
    for (name, wire, json) in FIXTURES {
        let want: Value = serde_json::from_str(json).unwrap();
        let out = parse_callback_parts(None, Some(wire.to_vec().into_boxed_slice()), false, None);
        let (tag, text) = out.split_at(1);
        let got: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}: {text}"));
        match want.get("error") {
            Some(err) => {
                assert_eq!(tag, "E", "{name}");
                for k in ["code", "field", "message"] {
                    assert_eq!(got[k], err[k], "{name}: {k}");
                }
                let out =
                    parse_callback_parts(None, Some(wire.to_vec().into_boxed_slice()), true, None);
                let lenient: Value = serde_json::from_str(&out[1..]).unwrap();
                assert_eq!(lenient["kind"], want["lenient"]["kind"], "{name}");
                assert_eq!(lenient["sidValid"], want["lenient"]["sidValid"], "{name}");
                assert_eq!(
                    lenient.get("callback"),
                    want["lenient"].get("callback"),
                    "{name}"
                );
            }
            None => {
                assert_eq!(tag, "O", "{name}: {text}");
                assert_eq!(got, want, "{name}");
            }
        }
    }
}

/// Every lifecycle scenario (tests/vectors/lifecycles); `tests/lifecycle.rs` checks the same
/// files natively.
const LIFECYCLES: &[(&str, &str)] = &[
    (
        "amd-async-machine-after-completed",
        include_str!("vectors/lifecycles/amd-async-machine-after-completed.json"),
    ),
    (
        "amd-fax-first",
        include_str!("vectors/lifecycles/amd-fax-first.json"),
    ),
    (
        "amd-sync-human",
        include_str!("vectors/lifecycles/amd-sync-human.json"),
    ),
    (
        "amd-unknown",
        include_str!("vectors/lifecycles/amd-unknown.json"),
    ),
    (
        "conflict-second-terminal",
        include_str!("vectors/lifecycles/conflict-second-terminal.json"),
    ),
    (
        "duplicates",
        include_str!("vectors/lifecycles/duplicates.json"),
    ),
    (
        "illegal-child-queued",
        include_str!("vectors/lifecycles/illegal-child-queued.json"),
    ),
    (
        "illegal-in-progress-busy",
        include_str!("vectors/lifecycles/illegal-in-progress-busy.json"),
    ),
    (
        "inbound-abandoned-canceled",
        include_str!("vectors/lifecycles/inbound-abandoned-canceled.json"),
    ),
    (
        "inbound-abandoned-no-answer",
        include_str!("vectors/lifecycles/inbound-abandoned-no-answer.json"),
    ),
    (
        "inbound-answered",
        include_str!("vectors/lifecycles/inbound-answered.json"),
    ),
    (
        "inbound-queued-illegal",
        include_str!("vectors/lifecycles/inbound-queued-illegal.json"),
    ),
    (
        "late-arrivals",
        include_str!("vectors/lifecycles/late-arrivals.json"),
    ),
    (
        "late-out-of-order-middle",
        include_str!("vectors/lifecycles/late-out-of-order-middle.json"),
    ),
    (
        "leg-other-call",
        include_str!("vectors/lifecycles/leg-other-call.json"),
    ),
    (
        "rest-answered",
        include_str!("vectors/lifecycles/rest-answered.json"),
    ),
    (
        "rest-busy",
        include_str!("vectors/lifecycles/rest-busy.json"),
    ),
    (
        "rest-canceled",
        include_str!("vectors/lifecycles/rest-canceled.json"),
    ),
    (
        "rest-dropped-short",
        include_str!("vectors/lifecycles/rest-dropped-short.json"),
    ),
    (
        "rest-dropped-sip",
        include_str!("vectors/lifecycles/rest-dropped-sip.json"),
    ),
    (
        "rest-failed-503",
        include_str!("vectors/lifecycles/rest-failed-503.json"),
    ),
    (
        "rest-failed-blocked",
        include_str!("vectors/lifecycles/rest-failed-blocked.json"),
    ),
    (
        "rest-gap-only-completed",
        include_str!("vectors/lifecycles/rest-gap-only-completed.json"),
    ),
    (
        "rest-no-answer",
        include_str!("vectors/lifecycles/rest-no-answer.json"),
    ),
    (
        "rest-pending",
        include_str!("vectors/lifecycles/rest-pending.json"),
    ),
    (
        "rest-queued-start",
        include_str!("vectors/lifecycles/rest-queued-start.json"),
    ),
    (
        "rest-short-machine-not-dropped",
        include_str!("vectors/lifecycles/rest-short-machine-not-dropped.json"),
    ),
    (
        "rest-unreachable-error-13224",
        include_str!("vectors/lifecycles/rest-unreachable-error-13224.json"),
    ),
    (
        "rest-unreachable-sip-404",
        include_str!("vectors/lifecycles/rest-unreachable-sip-404.json"),
    ),
    (
        "tree-child-first",
        include_str!("vectors/lifecycles/tree-child-first.json"),
    ),
    (
        "tree-child-no-dial-action-unreachable",
        include_str!("vectors/lifecycles/tree-child-no-dial-action-unreachable.json"),
    ),
    (
        "tree-one-child-answered",
        include_str!("vectors/lifecycles/tree-one-child-answered.json"),
    ),
    (
        "tree-one-child-busy",
        include_str!("vectors/lifecycles/tree-one-child-busy.json"),
    ),
    (
        "tree-parent-hangs-up",
        include_str!("vectors/lifecycles/tree-parent-hangs-up.json"),
    ),
    (
        "tree-recording-and-other-call",
        include_str!("vectors/lifecycles/tree-recording-and-other-call.json"),
    ),
    (
        "tree-screened-voicemail",
        include_str!("vectors/lifecycles/tree-screened-voicemail.json"),
    ),
    (
        "tree-screened-whisper-declined",
        include_str!("vectors/lifecycles/tree-screened-whisper-declined.json"),
    ),
    (
        "tree-two-children-none-answer",
        include_str!("vectors/lifecycles/tree-two-children-none-answer.json"),
    ),
    (
        "tree-two-children-one-answers",
        include_str!("vectors/lifecycles/tree-two-children-one-answers.json"),
    ),
    (
        "tree-two-children-pending",
        include_str!("vectors/lifecycles/tree-two-children-pending.json"),
    ),
    (
        "voice-request-rank",
        include_str!("vectors/lifecycles/voice-request-rank.json"),
    ),
];

fn lifecycle_subset(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| lifecycle_subset(v, gv))),
        _ => want == got,
    }
}

/// `lifecycleInput` and `canTransitionInput` (the JS surface of src/lifecycle): every scenario, with
/// each event given as the raw body and as the callback JSON of `parseCallbackInput`, the state
/// crossing as JSON text between events; then the whole table.
#[wasm_bindgen_test]
fn lifecycle_scenarios_and_table() {
    assert!(LIFECYCLES.len() >= 25);
    for (name, text) in LIFECYCLES {
        let s: Value = serde_json::from_str(text).unwrap();
        let kind = if s["subject"] == "leg" { "leg" } else { "tree" };
        let options = s.get("options").map(Value::to_string);
        let (mut by_body, mut by_json) = (None::<String>, None::<String>);
        let mut view = Value::Null;
        for (i, e) in s["events"].as_array().unwrap().iter().enumerate() {
            let body = e["body"].as_str().unwrap();
            let cb = parse_callback_parts(Some(body.to_owned()), None, false, None);
            assert!(cb.starts_with('O'), "{name} {i}: {cb}");
            let a = lifecycle_apply(
                kind,
                by_body.take(),
                Some(body.to_owned()),
                None,
                None,
                options.clone(),
            );
            let b = lifecycle_apply(
                kind,
                by_json.take(),
                None,
                None,
                Some(cb[1..].to_owned()),
                options.clone(),
            );
            assert_eq!(a, b, "{name} {i}: body and callback JSON differ");
            let (state, v) = a[1..]
                .split_once('\n')
                .unwrap_or_else(|| panic!("{name} {i}: {a}"));
            view = serde_json::from_str(v).unwrap();
            assert!(
                lifecycle_subset(&e["expect"], &view["applied"]),
                "{name} {i}: {}",
                view["applied"]
            );
            by_body = Some(state.to_owned());
            by_json = Some(state.to_owned());
        }
        let want = &s["final"];
        for k in ["status", "root"] {
            if let Some(w) = want.get(k) {
                assert_eq!(&view[k], w, "{name}: {k}");
            }
        }
        assert!(
            lifecycle_subset(&want["outcome"], &view["outcome"]),
            "{name}: {}",
            view["outcome"]
        );
        for (sid, leg) in want
            .get("legs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            assert_eq!(view["legs"][sid]["status"], leg["status"], "{name} {sid}");
            assert_eq!(
                view["legs"][sid]["outcome"]["outcome"], leg["outcome"],
                "{name} {sid}"
            );
        }
    }
    // The table (generic: (none) → queued is legal for REST legs).
    let all = [
        "queued",
        "initiated",
        "ringing",
        "in-progress",
        "completed",
        "busy",
        "no-answer",
        "failed",
        "canceled",
    ];
    let legal = |from: Option<usize>, to: usize| match from {
        None => true,
        Some(f) if f >= 4 => false,
        Some(3) => to == 4,
        Some(f) => to > f,
    };
    for from in std::iter::once(None).chain((0..9).map(Some)) {
        for (to, name) in all.iter().enumerate() {
            let got = can_transition(from.map(|f| all[f].to_owned()), name);
            assert_eq!(got, u8::from(legal(from, to)), "{from:?} → {name}");
        }
    }
    assert_eq!(can_transition(None, "answered"), 2);
    assert_eq!(can_transition(Some("nope".into()), "busy"), 2);
    // Errors: a bad state, another version, a malformed body.
    let err = |out: String| serde_json::from_str::<Value>(&out[1..]).unwrap()["code"].clone();
    assert_eq!(
        err(lifecycle_apply(
            "leg",
            Some("{}".into()),
            None,
            None,
            None,
            None
        )),
        "invalid_state"
    );
    assert_eq!(
        err(lifecycle_apply(
            "leg",
            Some(r#"{"version":9}"#.into()),
            None,
            None,
            None,
            None
        )),
        "unsupported_state_version"
    );
    assert_eq!(
        err(lifecycle_apply(
            "tree",
            None,
            Some("CallSid=CA1".into()),
            None,
            None,
            None
        )),
        "missing_field"
    );
    assert_eq!(
        err(lifecycle_apply("nope", None, None, None, None, None)),
        "invalid_argument"
    );
}
