//! The `http` feature: the committed signature vectors as `http::Request` values give their
//! expected verdicts, with the URL given, taken from an absolute URI, or rebuilt from `Host`.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use http::{HeaderValue, Uri};
use serde_json::Value;
use twilio_webhook::{
    check, check_http, check_http_parts, HintCode, Keys, Reason, Request, UsageError,
};

fn vectors(file: &str) -> Vec<Value> {
    let path = format!(
        "{}/tests/vectors/signature/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["vectors"].as_array().unwrap().clone()
}

fn keys_of(v: &Value) -> Option<Keys> {
    let mut keys = Keys::default();
    for (field, shared) in [("auth_tokens", false), ("shared_keys", true)] {
        for t in v[field].as_array().into_iter().flatten() {
            let t = t.as_str().unwrap();
            keys = if shared {
                keys.with_shared_key(t)
            } else {
                keys.with_auth_token(t)
            }
            .ok()?;
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// `v` as an `http::Request` with the given request target and extra headers; `None` when a
/// header value cannot be an `http` header (control characters).
fn http_request(v: &Value, target: &str, extra: &[(&str, &str)]) -> Option<http::Request<Vec<u8>>> {
    let mut b = http::Request::builder()
        .method(v["method"].as_str().unwrap())
        .uri(Uri::try_from(target).ok()?);
    let headers = [
        ("Content-Type", &v["content_type"]),
        ("X-Twilio-Signature", &v["signature"]),
        (
            "X-Twilio-Webhooks-Signature-Settings",
            &v["signature_settings"],
        ),
    ];
    for (name, value) in headers {
        if let Some(value) = value.as_str() {
            b = b.header(name, HeaderValue::from_str(value).ok()?);
        }
    }
    for (name, value) in extra {
        b = b.header(*name, HeaderValue::from_str(value).ok()?);
    }
    let body = v["body"].as_str().unwrap_or("").as_bytes().to_vec();
    Some(b.body(body).unwrap())
}

/// Checks the verdict against the vector's expectation; returns a failure description.
fn expect(v: &Value, got: Result<twilio_webhook::Verdict, UsageError>) -> Result<(), String> {
    let want = &v["expected"];
    match (got, want["valid"].as_bool().unwrap()) {
        (Ok(verdict), true) => {
            let ok = verdict
                .verification
                .map_err(|e| format!("invalid: {}", e.code()))?;
            let variant = want["url_variant"].as_str().unwrap();
            if ok.key_index as u64 != want["key_index"].as_u64().unwrap()
                || ok.url_variant.as_str() != variant
            {
                return Err(format!("valid, but {ok:?}"));
            }
            Ok(())
        }
        (Ok(verdict), false) => match verdict.verification {
            Err(e) if e.code() == want["reason"].as_str().unwrap() => Ok(()),
            Err(e) => Err(format!("invalid with {} instead", e.code())),
            Ok(_) => Err("valid, expected invalid".into()),
        },
        (Err(e), _) if want["reason"].as_str() == Some(e.code()) => Ok(()),
        (Err(e), _) => Err(format!("usage error {e}")),
    }
}

fn run(file: &str) -> (usize, usize) {
    let (mut given, mut rebuilt) = (0, 0);
    let mut failures = Vec::new();
    for v in vectors(file) {
        let Some(keys) = keys_of(&v) else { continue };
        let id = v["id"].as_str().unwrap();
        let url = v["url"].as_str().unwrap();
        // The public URL given: only the method, headers and body come from the request.
        if let Some(req) = http_request(&v, "/", &[("Host", "internal:3000")]) {
            given += 1;
            if let Err(e) = expect(&v, check_http(&req, Some(url), &keys)) {
                failures.push(format!("{id} (url given): {e}"));
            }
        }
        // The URL from the request itself, for https URLs the http crate keeps byte for byte:
        // absolute-form, and origin-form + Host.
        let Some(rest) = url.strip_prefix("https://") else {
            continue;
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@')
            || Uri::try_from(url).map(|u| u.to_string()).ok().as_deref() != Some(url)
        {
            continue;
        }
        let absolute = http_request(&v, url, &[]);
        let origin = http_request(&v, path, &[("Host", authority)]);
        for (how, req) in [("absolute URI", absolute), ("Host", origin)] {
            let Some(req) = req else { continue };
            rebuilt += 1;
            if let Err(e) = expect(&v, check_http(&req, None, &keys)) {
                failures.push(format!("{id} ({how}): {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (given, rebuilt)
}

#[test]
fn documented_vectors_give_their_verdicts() {
    let (given, rebuilt) = run("documented.json");
    // Form, JSON (bodySHA256) and SharedKey rows, valid and invalid.
    assert!(given >= 20 && rebuilt >= 20, "{given} / {rebuilt}");
}

#[test]
fn generated_vectors_give_their_verdicts() {
    let all = vectors("generated.json");
    assert!(all.iter().any(|v| v["method"] == "GET"));
    let (given, rebuilt) = run("generated.json");
    assert!(
        given >= all.len() * 3 / 4 && rebuilt >= 100,
        "{given} / {rebuilt} of {}",
        all.len()
    );
}

const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const BODY: &str = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
const SIG: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

fn keys() -> Keys {
    Keys::auth_token("12345").unwrap()
}

fn form(sig: Option<&[u8]>) -> http::request::Builder {
    let b = http::Request::post("/myapp.php?foo=1&bar=2")
        .header("Host", "mycompany.com")
        .header("Content-Type", "application/x-www-form-urlencoded");
    match sig {
        Some(s) => b.header("X-Twilio-Signature", HeaderValue::from_bytes(s).unwrap()),
        None => b,
    }
}

#[test]
fn same_verdict_as_the_core_request() {
    let req = form(Some(SIG.as_bytes())).body(BODY).unwrap();
    let core = Request::post_form(URL, BODY.as_bytes())
        .unwrap()
        .with_signature(Some(SIG));
    let verdict = check_http(&req, None, &keys()).unwrap();
    assert!(verdict.is_valid());
    assert_eq!(verdict, check(&core, &keys()));
    let (parts, body) = req.into_parts();
    assert_eq!(
        check_http_parts(&parts, body.as_bytes(), None, &keys()).unwrap(),
        verdict
    );
}

#[test]
fn missing_or_non_utf8_signature_header() {
    for sig in [None, Some(&b"RSOYDt4T1cUTdK1PDd93/VVr8B8=\xff"[..])] {
        let req = form(sig).body(BODY).unwrap();
        let verdict = check_http(&req, None, &keys()).unwrap();
        let err = verdict.verification.unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert!(err
            .hints
            .iter()
            .any(|h| h.code == HintCode::SignatureHeaderMissing));
        assert_eq!(verdict.callback, None);
    }
}

#[test]
fn get_takes_the_query_and_ignores_the_body() {
    let url = "https://example.com/voice?CallSid=CA1&From=%2B1";
    let sig = twilio_webhook::expected_signature(
        twilio_webhook::Algorithm::HmacSha1,
        "12345",
        url,
        &twilio_webhook::Params::default(),
    )
    .unwrap();
    let req = http::Request::get("/voice?CallSid=CA1&From=%2B1")
        .header("Host", "example.com")
        .header("X-Twilio-Signature", sig.as_str())
        .body(&b"ignored=1"[..])
        .unwrap();
    let verdict = check_http(&req, None, &keys()).unwrap();
    assert_eq!(verdict.verification.unwrap().path.as_str(), "url");
}

#[test]
fn proxy_headers_reach_the_diagnosis() {
    let req = http::Request::post("/myapp.php?foo=1&bar=2")
        .header("Host", "10.0.0.7:3000")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "mycompany.com")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", SIG)
        .body(BODY)
        .unwrap();
    // Rebuilt as https://10.0.0.7:3000/...: the internal URL.
    let verdict = check_http(&req, None, &keys()).unwrap();
    let err = verdict.verification.unwrap_err();
    assert!(err
        .hints
        .iter()
        .any(|h| h.code == HintCode::ProxyRewrittenUrl && h.confirmed));
    // The public URL given: valid.
    assert!(check_http(&req, Some(URL), &keys()).unwrap().is_valid());
}

#[test]
fn no_url_to_check_is_misuse() {
    let req = http::Request::post("/voice").body(BODY).unwrap();
    let err = check_http(&req, None, &keys()).unwrap_err();
    assert_eq!(err.code(), "invalid_url");
    let req = form(Some(SIG.as_bytes())).body(BODY).unwrap();
    let err = check_http(&req, Some("/myapp.php"), &keys()).unwrap_err();
    assert_eq!(err.code(), "invalid_url");
}
