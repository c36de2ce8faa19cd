//! Secrets never leak (issue 7): with a distinctive auth token and SharedKey secret, every
//! `UsageError`, every `Reason`, every hint code of the diagnosis and every callback error is
//! produced, and neither secret (nor its base64 or hex spelling, nor the trimmed form of a
//! secret with white space around it, nor the expected signature) appears in any `Debug`,
//! `Display` or serde JSON of what comes back. Also checks that README's table of codes lists
//! every reason and hint code.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use std::collections::BTreeSet;
use twilio_webhook::callback::{Callback, ParseError};
use twilio_webhook::{
    check, diagnose, expected_signature, verify, Algorithm, Keys, Limits, Params, Reason, Request,
    Secret, UsageError,
};

const TOKEN: &str = "zq7Tok3nS3cr3tZq7Tok3nS3cr3t0042";
const SHARED: &str = "Sh4redK3yS3cr3t/Sh4redK3yS3cr3t+99=";
const B: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const BODY: &[u8] = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
const JSON_BODY: &str = r#"{"property": "value", "boolean": true}"#;

/// Every hint code the diagnosis has (HintCode is non-exhaustive: keep this list complete).
const HINTS: [&str; 27] = [
    "signature_header_missing",
    "signature_malformed",
    "signature_whitespace",
    "other_algorithm",
    "other_key_type",
    "no_key_for_algorithm",
    "token_whitespace",
    "scheme_mismatch",
    "port_mismatch",
    "proxy_rewritten_url",
    "node_normalization",
    "query_reencoded",
    "trailing_slash",
    "params_not_signed",
    "params_signed_twice",
    "repeated_keys_first_value",
    "repeated_keys_not_deduplicated",
    "utf16_sort_order",
    "body_not_form",
    "content_type_mismatch",
    "body_hash_empty",
    "body_hash_uppercase",
    "body_bom_stripped",
    "body_newline",
    "body_reserialized",
    "unknown_algorithm",
    "no_variant_matched",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The spellings of the secrets that must never appear.
fn forbidden() -> Vec<String> {
    let mut out = Vec::new();
    for s in [TOKEN, SHARED] {
        out.push(s.to_string());
        out.push(STANDARD.encode(s));
        out.push(hex(s.as_bytes()));
        out.push(hex(s.as_bytes()).to_uppercase());
        // A long enough piece of each secret, so a truncated echo is caught too.
        out.push(s[..16].to_string());
    }
    out
}

/// Fails when `text` holds a secret (or any of `extra`, e.g. an expected signature).
fn assert_clean(what: &str, text: &str, extra: &[String]) {
    for f in forbidden().iter().chain(extra) {
        assert!(!text.contains(f.as_str()), "{what} leaks {f:?}: {text}");
    }
}

fn sign_with(secret: &str, url: &str, body: &[u8]) -> String {
    expected_signature(Algorithm::HmacSha1, secret, url, &Params::parse(body)).unwrap()
}

fn sign(url: &str, body: &[u8]) -> String {
    sign_with(TOKEN, url, body)
}

/// HMAC-SHA1 of `s` with the token, base64 (for signatures no helper makes).
fn raw_sign(s: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
    mac.update(s.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn token() -> Keys {
    Keys::auth_token(TOKEN).unwrap()
}

fn both() -> Keys {
    token().with_shared_key(SHARED).unwrap()
}

/// Runs verify, diagnose and check on `req`, asserts nothing leaks, and returns the reason and
/// the hint codes.
fn run(name: &str, req: &Request<'_>, keys: &Keys) -> (Reason, Vec<&'static str>) {
    // The signatures a correct signer would send for this URL with each secret: never shown.
    let params = req.params();
    let expected: Vec<String> = [
        (Algorithm::HmacSha1, TOKEN),
        (Algorithm::HmacSha256, SHARED),
    ]
    .into_iter()
    .map(|(a, s)| expected_signature(a, s, req.url(), &params).unwrap())
    // The request's own header is not a leak (a Debug of the request shows it).
    .filter(|sig| !req_signature(req).is_some_and(|h| h.contains(sig.as_str())))
    .collect();
    let err = verify(req, keys).expect_err(name);
    assert_clean(name, &format!("{err} {err:?}"), &expected);
    let hints = diagnose(req, keys);
    assert_clean(name, &format!("{hints:?}"), &expected);
    for h in &hints {
        assert_clean(name, &h.message, &expected);
    }
    let verdict = check(req, keys);
    assert_clean(name, &format!("{verdict:?}"), &expected);
    let e = verdict.verification.as_ref().unwrap_err();
    assert_clean(name, &e.to_string(), &expected);
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&(e.reason, &e.hints)).unwrap();
        assert_clean(name, &json, &expected);
    }
    assert_clean(name, &format!("{keys:?} {req:?}"), &expected);
    (err.reason, hints.iter().map(|h| h.code.as_str()).collect())
}

/// The request's X-Twilio-Signature, read back through its Debug (there is no getter).
fn req_signature(req: &Request<'_>) -> Option<String> {
    let dbg = format!("{req:?}");
    let at = dbg.find("signature: Some(\"")? + "signature: Some(\"".len();
    let end = dbg[at..].find('"')?;
    Some(dbg[at..at + end].to_string())
}

#[test]
fn secrets_are_redacted() {
    let keys = both();
    let dbg = format!(
        "{keys:?} {:?} {:?}",
        Secret::new(TOKEN),
        Secret::new(SHARED)
    );
    assert_clean("Keys/Secret Debug", &dbg, &[]);
    assert!(dbg.contains("<redacted"), "{dbg}");
    let spaced = Keys::auth_token(&format!(" {TOKEN}\n")).unwrap();
    assert_clean("Keys Debug", &format!("{spaced:?}"), &[]);
}

#[test]
fn every_usage_error() {
    let errors = [
        Keys::auth_token("").unwrap_err(),
        Keys::auth_token(TOKEN)
            .unwrap()
            .with_shared_key("")
            .unwrap_err(),
        Secret::new("").unwrap_err(),
        expected_signature(Algorithm::HmacSha1, "", B, &Params::default()).unwrap_err(),
        UsageError::NoKeys,
        UsageError::InvalidArgument {
            name: "keys",
            expected: "an object",
        },
        // A token passed as the URL (the arguments swapped): never echoed.
        Request::get(TOKEN).unwrap_err(),
        Request::post_form(TOKEN, BODY).unwrap_err(),
        Request::with_params(TOKEN, Params::default()).unwrap_err(),
        Request::get(&format!(" {TOKEN}\n")).unwrap_err(),
        Request::get(SHARED).unwrap_err(),
        Request::get("/relative/path").unwrap_err(),
    ];
    let mut codes = BTreeSet::new();
    for e in &errors {
        assert_clean(e.code(), &format!("{e} {e:?}"), &[]);
        codes.insert(e.code());
    }
    assert_eq!(
        codes,
        BTreeSet::from(["empty_secret", "invalid_argument", "invalid_url", "no_keys"])
    );
    // What is not a secret is still shown.
    let e = Request::get("/relative/path").unwrap_err();
    assert!(e.to_string().contains("/relative/path"), "{e}");
    let e = Request::get(TOKEN).unwrap_err();
    assert!(e.to_string().contains("32 bytes"), "{e}");
}

#[test]
fn every_reason() {
    let sig = sign(B, BODY);
    let json_url = format!(
        "{B}&bodySHA256={}",
        twilio_webhook::body_sha256_hex(JSON_BODY.as_bytes())
    );
    let json_sig = sign(&json_url, b"");
    let long_url = format!("{B}&q={}", "a".repeat(20_000));
    let many = "A=1&".repeat(1001);
    let long_name = format!("{}=1", "N".repeat(1025));
    let long_value = format!("V={}", "v".repeat(65_537));
    let big = vec![b'x'; (1 << 20) + 1];
    let k = both();
    let cases: Vec<(Reason, Request<'_>)> = vec![
        (
            Reason::MissingSignature,
            Request::post_form(B, BODY).unwrap(),
        ),
        (
            Reason::SignatureMismatch,
            Request::post_form(B, b"Digits=9")
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::BodyHashMismatch,
            Request::post(&json_url, Some("application/json"), b"{}")
                .unwrap()
                .with_signature(Some(&json_sig)),
        ),
        (
            Reason::MissingBodyHash,
            Request::post(B, Some("application/json"), JSON_BODY.as_bytes())
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::UnsupportedAlgorithm,
            Request::post_form(B, BODY)
                .unwrap()
                .with_signature(Some(&sig))
                .with_signature_settings(Some("algorithm=HMAC_MD5")),
        ),
        (
            Reason::BodyTooLarge,
            Request::post_form(B, &big)
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::UrlTooLong,
            Request::post_form(&long_url, BODY)
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::TooManyParams,
            Request::post_form(B, many.as_bytes())
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::ParamNameTooLong,
            Request::post_form(B, long_name.as_bytes())
                .unwrap()
                .with_signature(Some(&sig)),
        ),
        (
            Reason::ParamValueTooLong,
            Request::post_form(B, long_value.as_bytes())
                .unwrap()
                .with_signature(Some(&sig)),
        ),
    ];
    let mut seen = Vec::new();
    for (want, req) in &cases {
        let (reason, _) = run(want.code(), req, &k);
        assert_eq!(reason, *want);
        seen.push(reason);
        assert_clean(want.code(), reason.message(), &[]);
    }
    assert_eq!(seen, Reason::ALL);
}

#[test]
fn every_hint_code() {
    let mut produced: BTreeSet<&'static str> = BTreeSet::new();
    let mut expect = |name: &str, req: &Request<'_>, keys: &Keys, code: &'static str| {
        let (_, codes) = run(name, req, keys);
        assert!(codes.contains(&code), "{name}: {code} not in {codes:?}");
        produced.extend(codes);
    };
    let sig = sign(B, BODY);

    // The signature header.
    let req = Request::post_form(B, BODY).unwrap();
    expect("missing", &req, &token(), "signature_header_missing");
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some("not base64!"));
    expect("malformed", &req, &token(), "signature_malformed");
    let spaced = format!(" {sig} ");
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some(&spaced));
    expect("whitespace", &req, &token(), "signature_whitespace");
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some(&sig))
        .with_signature_settings(Some("algorithm=MD5"));
    expect("unknown algorithm", &req, &token(), "unknown_algorithm");

    // Keys and algorithms.
    let shared_sig =
        expected_signature(Algorithm::HmacSha256, SHARED, B, &Params::parse(BODY)).unwrap();
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some(&shared_sig));
    expect("other algorithm", &req, &both(), "other_algorithm");
    let req = req.with_signature_settings(Some("key=KS1,algorithm=HMAC_SHA256"));
    let shared_as_token = Keys::auth_token(SHARED).unwrap();
    expect("other key type", &req, &shared_as_token, "other_key_type");
    expect("no key", &req, &shared_as_token, "no_key_for_algorithm");
    let spaced_token = Keys::auth_token(&format!("{TOKEN}\n"))
        .unwrap()
        .with_shared_key(&format!(" {SHARED}"))
        .unwrap();
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some(&sig));
    expect("token whitespace", &req, &spaced_token, "token_whitespace");
    let other = Keys::auth_token("another-token-entirely").unwrap();
    expect("no variant", &req, &other, "no_variant_matched");

    // The URL.
    let req = Request::post_form("http://mycompany.com/myapp.php?foo=1&bar=2", BODY)
        .unwrap()
        .with_signature(Some(&sig));
    expect("scheme", &req, &token(), "scheme_mismatch");
    let port_sig = sign("https://mycompany.com:8443/myapp.php", BODY);
    let req = Request::post_form("https://mycompany.com/myapp.php", BODY)
        .unwrap()
        .with_signature(Some(&port_sig));
    expect("port", &req, &token(), "port_mismatch");
    let proxy_sig = sign("https://public.example.com/voice?x=1", BODY);
    let req = Request::post_form("http://10.0.0.7:3000/voice?x=1", BODY)
        .unwrap()
        .with_signature(Some(&proxy_sig))
        .with_header("X-Forwarded-Proto", "https")
        .with_header("X-Forwarded-Host", "public.example.com");
    expect("proxy", &req, &token(), "proxy_rewritten_url");
    let node_sig = sign("https://mycompany.com/voice", BODY);
    let req = Request::post_form("https://MyCompany.com/voice", BODY)
        .unwrap()
        .with_signature(Some(&node_sig));
    expect("node", &req, &token(), "node_normalization");
    let q_sig = sign("https://mycompany.com/v?Body=It's+amazing", BODY);
    let req = Request::post_form("https://mycompany.com/v?Body=It%27s+amazing", BODY)
        .unwrap()
        .with_signature(Some(&q_sig));
    expect("query", &req, &token(), "query_reencoded");
    let slash_sig = sign("https://h.example/voice/", BODY);
    let req = Request::post_form("https://h.example/voice", BODY)
        .unwrap()
        .with_signature(Some(&slash_sig));
    expect("slash", &req, &token(), "trailing_slash");

    // Parameters.
    let url_only = sign(B, b"");
    let req = Request::post_form(B, BODY)
        .unwrap()
        .with_signature(Some(&url_only));
    expect("not signed", &req, &token(), "params_not_signed");
    let get = "https://h.example/s?CallSid=CA1&CallStatus=ringing";
    let twice = sign(get, b"CallSid=CA1&CallStatus=ringing");
    let req = Request::get(get).unwrap().with_signature(Some(&twice));
    expect("twice", &req, &token(), "params_signed_twice");
    let first = sign(B, b"A=2&B=x");
    let req = Request::post_form(B, b"A=2&A=1&B=x")
        .unwrap()
        .with_signature(Some(&first));
    expect("first value", &req, &token(), "repeated_keys_first_value");
    let all = raw_sign(&format!("{B}A1A1Bx"));
    let req = Request::post_form(B, b"A=1&B=x&A=1")
        .unwrap()
        .with_signature(Some(&all));
    expect(
        "not deduplicated",
        &req,
        &token(),
        "repeated_keys_not_deduplicated",
    );
    // U+FF21 sorts before U+1F600 by code point, after it by UTF-16 code unit.
    let utf16 = raw_sign(&format!("{B}\u{1F600}2\u{FF21}1"));
    let body = "%EF%BC%A1=1&%F0%9F%98%80=2";
    let req = Request::post_form(B, body.as_bytes())
        .unwrap()
        .with_signature(Some(&utf16));
    expect("utf-16", &req, &token(), "utf16_sort_order");

    // Bodies.
    let json_hash = twilio_webhook::body_sha256_hex(JSON_BODY.as_bytes());
    let json_url = format!("{B}&bodySHA256={json_hash}");
    let json_sig = sign(&json_url, b"");
    let req = Request::post(B, Some("application/json"), JSON_BODY.as_bytes())
        .unwrap()
        .with_signature(Some(&json_sig));
    expect("not form", &req, &token(), "body_not_form");
    let req = Request::post(B, Some("application/json"), BODY)
        .unwrap()
        .with_signature(Some(&sig));
    expect("content type", &req, &token(), "content_type_mismatch");
    let empty_url = format!("{B}&bodySHA256=");
    let empty_sig = sign(&empty_url, b"");
    let req = Request::post(&empty_url, Some("application/json"), JSON_BODY.as_bytes())
        .unwrap()
        .with_signature(Some(&empty_sig));
    expect("hash empty", &req, &token(), "body_hash_empty");
    let upper_url = format!("{B}&bodySHA256={}", json_hash.to_uppercase());
    let upper_sig = sign(&upper_url, b"");
    let req = Request::post(&upper_url, Some("application/json"), JSON_BODY.as_bytes())
        .unwrap()
        .with_signature(Some(&upper_sig));
    expect("hash upper", &req, &token(), "body_hash_uppercase");
    let bom = format!("\u{feff}{JSON_BODY}");
    let bom_url = format!(
        "{B}&bodySHA256={}",
        twilio_webhook::body_sha256_hex(bom.as_bytes())
    );
    let bom_sig = sign(&bom_url, b"");
    let req = Request::post(&bom_url, Some("application/json"), JSON_BODY.as_bytes())
        .unwrap()
        .with_signature(Some(&bom_sig));
    expect("bom", &req, &token(), "body_bom_stripped");
    let nl = format!("{JSON_BODY}\n");
    let req = Request::post(&json_url, Some("application/json"), nl.as_bytes())
        .unwrap()
        .with_signature(Some(&json_sig));
    expect("newline", &req, &token(), "body_newline");
    let compact = br#"{"property":"value","boolean":true}"#;
    let req = Request::post(&json_url, Some("application/json"), compact)
        .unwrap()
        .with_signature(Some(&json_sig));
    expect("reserialized", &req, &token(), "body_reserialized");

    let all: BTreeSet<&str> = HINTS.into_iter().collect();
    assert_eq!(produced, all, "hint codes produced vs. the list");
}

#[test]
fn every_callback_error() {
    let keys = both();
    let bodies: [&[u8]; 4] = [
        b"",
        b"AccountSid=AC0&CallSid=CA1&CallStatus=ringing",
        b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=sideways",
        b"A=1&B=2&C=3",
    ];
    let limits = Limits::default().with_max_params(2);
    let mut codes = BTreeSet::new();
    for body in bodies {
        let sig = sign(B, body);
        let req = Request::post_form(B, body)
            .unwrap()
            .with_signature(Some(&sig));
        let verdict = check(&req, &keys);
        assert_clean("verdict", &format!("{verdict:?}"), &[]);
        let errors: Vec<ParseError> = [
            Callback::parse_body(body, &limits).err(),
            Callback::parse(&Params::parse(body)).err(),
            verdict.callback.and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .chain(Callback::parse_body_lenient(body, &limits).problems)
        .collect();
        for e in errors {
            assert_clean(e.code(), &format!("{e} {e:?}"), &[]);
            #[cfg(feature = "serde")]
            assert_clean(e.code(), &serde_json::to_string(&e).unwrap(), &[]);
            codes.insert(e.code());
        }
    }
    assert_eq!(
        codes,
        BTreeSet::from(["invalid_field", "missing_field", "too_many_params"])
    );
}

/// README's "Error and hint codes" tables list every reason and every hint code, once.
#[test]
fn readme_lists_every_reason_and_hint_code() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("## Error and hint codes")
        .expect("README has the section");
    let section = &readme[start..];
    // The reasons and hints tables (the errors table repeats the limit codes, thrown by
    // parseCallback).
    let section = &section[..section.find("**Errors**").expect("an errors table")];
    let rows: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    for code in Reason::ALL.iter().map(|r| r.code()).chain(HINTS) {
        assert_eq!(
            rows.iter().filter(|r| **r == code).count(),
            1,
            "README lists `{code}` once"
        );
    }
    let reasons_table = &section[..section.find("**Hints**").unwrap()];
    let reason_rows = reasons_table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .count();
    assert_eq!(reason_rows, Reason::ALL.len(), "one row per reason");
}
