//! Limits (issue 7): each limit at and just over its maximum, default and custom, on every path
//! that decodes parameters (raw form body, decoded parameters, GET query, callback parsing); the
//! order of the checks; and adversarial inputs with the limits raised, checked for correctness
//! at 10k and 100k parameters (benches/adversarial.rs measures that the cost stays linear).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use twilio_webhook::callback::{Callback, ParseError};
use twilio_webhook::signature::signing_string;
use twilio_webhook::{
    check, diagnose, expected_signature, verify, Algorithm, Keys, Limit, Limits, Params, Reason,
    Request,
};

const TOKEN: &str = "12345";
const URL: &str = "https://example.com/voice";
const AC: &str = "AC0123456789abcdef0123456789abcdef";
const CA: &str = "CA0123456789abcdef0123456789abcdef";

fn keys() -> Keys {
    Keys::auth_token(TOKEN).unwrap()
}

/// Twilio's signature for a form POST of `body` to `url`.
fn sign(url: &str, body: &[u8]) -> String {
    expected_signature(Algorithm::HmacSha1, TOKEN, url, &Params::parse(body)).unwrap()
}

/// Every limit raised out of the way.
fn unlimited() -> Limits {
    Limits::default()
        .with_max_body_bytes(usize::MAX)
        .with_max_url_bytes(usize::MAX)
        .with_max_params(usize::MAX)
        .with_max_name_bytes(usize::MAX)
        .with_max_value_bytes(usize::MAX)
}

/// The verdict of a correctly signed form POST of `body` under `limits`.
fn post(body: &[u8], limits: Limits) -> Result<(), Reason> {
    let sig = sign(URL, body);
    let req = Request::post_form(URL, body)
        .unwrap()
        .with_signature(Some(&sig))
        .with_limits(limits);
    verify(&req, &keys()).map(|_| ()).map_err(|e| e.reason)
}

/// The verdict of a correctly signed GET of `url` under `limits`.
fn get(url: &str, limits: Limits) -> Result<(), Reason> {
    let sig = sign(url, b"");
    let req = Request::get(url)
        .unwrap()
        .with_signature(Some(&sig))
        .with_limits(limits);
    verify(&req, &keys()).map(|_| ()).map_err(|e| e.reason)
}

/// The verdict of correctly signed decoded parameters under `limits`.
fn with_params(pairs: &[(String, String)], limits: Limits) -> Result<(), Reason> {
    let params = Params::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let sig = expected_signature(Algorithm::HmacSha1, TOKEN, URL, &params).unwrap();
    let req = Request::with_params(URL, params)
        .unwrap()
        .with_signature(Some(&sig))
        .with_limits(limits);
    verify(&req, &keys()).map(|_| ()).map_err(|e| e.reason)
}

/// A form body of exactly `total` bytes, every value under 60,000 bytes.
fn body_of_len(total: usize) -> String {
    let k = total.div_ceil(60_000);
    let heads: Vec<String> = (0..k).map(|i| format!("V{i}=")).collect();
    let overhead: usize = heads.iter().map(String::len).sum::<usize>() + (k - 1);
    let values = total - overhead;
    let mut s = String::with_capacity(total);
    for (i, head) in heads.iter().enumerate() {
        if i > 0 {
            s.push('&');
        }
        s.push_str(head);
        let len = values / k + usize::from(i < values % k);
        s.extend(std::iter::repeat('x').take(len));
    }
    assert_eq!(s.len(), total);
    s
}

/// `n` pairs `K0=v&K1=v&...`.
fn distinct(n: usize) -> String {
    (0..n)
        .map(|i| format!("K{i}=v"))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn defaults() {
    let l = Limits::default();
    assert_eq!(l, Limits::DEFAULT);
    assert_eq!(l.max_body_bytes, 1 << 20);
    assert_eq!(l.max_url_bytes, 16 << 10);
    assert_eq!(l.max_params, 1000);
    assert_eq!(l.max_name_bytes, 1 << 10);
    assert_eq!(l.max_value_bytes, 64 << 10);
    assert_eq!(Request::get(URL).unwrap().limits(), &l);
    for limit in Limit::ALL {
        assert_eq!(Reason::from(limit).limit(), Some(limit));
        assert_eq!(limit.code(), Reason::from(limit).code());
        assert!(Reason::ALL.contains(&Reason::from(limit)));
    }
    // A realistic Voice callback is far below every limit.
    let body = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    assert_eq!(post(body, Limits::default()), Ok(()));
}

#[test]
fn body_size() {
    let max = Limits::DEFAULT.max_body_bytes;
    assert_eq!(post(body_of_len(max).as_bytes(), Limits::default()), Ok(()));
    assert_eq!(
        post(body_of_len(max + 1).as_bytes(), Limits::default()),
        Err(Reason::BodyTooLarge)
    );
    let custom = Limits::default().with_max_body_bytes(100);
    assert_eq!(post(body_of_len(100).as_bytes(), custom), Ok(()));
    assert_eq!(
        post(body_of_len(101).as_bytes(), custom),
        Err(Reason::BodyTooLarge)
    );
    // Raised: a body over the default verifies.
    let big = body_of_len(max + 1);
    let raised = Limits::default().with_max_body_bytes(max + 1);
    assert_eq!(post(big.as_bytes(), raised), Ok(()));
    // A JSON body (bodySHA256) has only the body limit: its bytes are not parameters.
    let json = format!("{{\"a\":\"{}\"}}", "&x=1".repeat(2000));
    let url = format!(
        "{URL}?bodySHA256={}",
        twilio_webhook::body_sha256_hex(json.as_bytes())
    );
    let sig = sign(&url, b"");
    let req = |limits| {
        Request::post(&url, Some("application/json"), json.as_bytes())
            .unwrap()
            .with_signature(Some(&sig))
            .with_limits(limits)
    };
    assert!(verify(&req(Limits::default()), &keys()).is_ok());
    let small = Limits::default().with_max_body_bytes(json.len() - 1);
    assert_eq!(
        verify(&req(small), &keys()).unwrap_err().reason,
        Reason::BodyTooLarge
    );
}

#[test]
fn url_length() {
    let max = Limits::DEFAULT.max_url_bytes;
    let url_of = |len: usize| format!("{URL}?q={}", "a".repeat(len - URL.len() - 3));
    assert_eq!(get(&url_of(max), Limits::default()), Ok(()));
    assert_eq!(
        get(&url_of(max + 1), Limits::default()),
        Err(Reason::UrlTooLong)
    );
    let custom = Limits::default().with_max_url_bytes(40);
    assert_eq!(get(&url_of(40), custom), Ok(()));
    assert_eq!(get(&url_of(41), custom), Err(Reason::UrlTooLong));
    // The URL limit applies to POSTs too.
    let long = url_of(max + 1);
    let sig = sign(&long, b"A=1");
    let req = Request::post_form(&long, b"A=1")
        .unwrap()
        .with_signature(Some(&sig));
    assert_eq!(
        verify(&req, &keys()).unwrap_err().reason,
        Reason::UrlTooLong
    );
    assert!(verify(&req.with_limits(unlimited()), &keys()).is_ok());
}

#[test]
fn parameter_count() {
    let max = Limits::DEFAULT.max_params;
    let pairs = |n: usize| -> Vec<(String, String)> {
        (0..n).map(|i| (format!("K{i}"), "v".to_string())).collect()
    };
    // Raw form body.
    assert_eq!(post(distinct(max).as_bytes(), Limits::default()), Ok(()));
    assert_eq!(
        post(distinct(max + 1).as_bytes(), Limits::default()),
        Err(Reason::TooManyParams)
    );
    // Repeated keys count each time; empty sequences (`&&`) do not.
    let repeated = "A=1&".repeat(max) + "&&";
    assert_eq!(post(repeated.as_bytes(), Limits::default()), Ok(()));
    assert_eq!(
        post((repeated + "A=1").as_bytes(), Limits::default()),
        Err(Reason::TooManyParams)
    );
    // Decoded parameters.
    assert_eq!(with_params(&pairs(max), Limits::default()), Ok(()));
    assert_eq!(
        with_params(&pairs(max + 1), Limits::default()),
        Err(Reason::TooManyParams)
    );
    // A GET query.
    let url = |n| format!("{URL}?{}", distinct(n));
    assert_eq!(get(&url(max), Limits::default()), Ok(()));
    assert_eq!(
        get(&url(max + 1), Limits::default()),
        Err(Reason::TooManyParams)
    );
    // Custom.
    let custom = Limits::default().with_max_params(3);
    assert_eq!(post(b"A=1&B=2&C=3", custom), Ok(()));
    assert_eq!(post(b"A=1&B=2&C=3&D", custom), Err(Reason::TooManyParams));
    assert_eq!(get(&url(3), custom), Ok(()));
    assert_eq!(get(&url(4), custom), Err(Reason::TooManyParams));
    assert_eq!(with_params(&pairs(3), custom), Ok(()));
    assert_eq!(with_params(&pairs(4), custom), Err(Reason::TooManyParams));
}

#[test]
fn name_and_value_lengths_count_decoded_bytes() {
    let l = Limits::DEFAULT;
    for (encoded, unit) in [(false, "N"), (true, "%4E")] {
        let name = |n: usize| unit.repeat(n);
        let at = format!("{}=v", name(l.max_name_bytes));
        let over = format!("{}=v", name(l.max_name_bytes + 1));
        assert_eq!(post(at.as_bytes(), l), Ok(()), "encoded {encoded}");
        assert_eq!(
            post(over.as_bytes(), l),
            Err(Reason::ParamNameTooLong),
            "encoded {encoded}"
        );
        assert_eq!(get(&format!("{URL}?{at}"), l), Ok(()));
        assert_eq!(
            get(&format!("{URL}?{over}"), l),
            Err(Reason::ParamNameTooLong)
        );
        let value = |n: usize| unit.repeat(n);
        let at = format!("V={}", value(l.max_value_bytes));
        let over = format!("V={}", value(l.max_value_bytes + 1));
        assert_eq!(post(at.as_bytes(), l), Ok(()));
        assert_eq!(post(over.as_bytes(), l), Err(Reason::ParamValueTooLong));
    }
    // A bare name (no `=`) is a name.
    let bare = "N".repeat(l.max_name_bytes + 1);
    assert_eq!(post(bare.as_bytes(), l), Err(Reason::ParamNameTooLong));
    // In a GET query, over-long values fail only when the URL limit is raised.
    let url = format!("{URL}?V={}", "v".repeat(l.max_value_bytes + 1));
    assert_eq!(get(&url, l), Err(Reason::UrlTooLong));
    let raised = l.with_max_url_bytes(usize::MAX);
    assert_eq!(get(&url, raised), Err(Reason::ParamValueTooLong));
    // Invalid UTF-8 decodes to U+FFFD (3 bytes): counted as decoded.
    let custom = l.with_max_value_bytes(3);
    assert_eq!(post(b"V=%FF", custom), Ok(()));
    assert_eq!(post(b"V=%FFa", custom), Err(Reason::ParamValueTooLong));
    // Custom, on decoded parameters too.
    let custom = l.with_max_name_bytes(4).with_max_value_bytes(4);
    let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
    assert_eq!(with_params(&p("NNNN", "vvvv"), custom), Ok(()));
    assert_eq!(
        with_params(&p("NNNNN", "v"), custom),
        Err(Reason::ParamNameTooLong)
    );
    assert_eq!(
        with_params(&p("N", "vvvvv"), custom),
        Err(Reason::ParamValueTooLong)
    );
}

#[test]
fn decoded_parameters_count_their_total_size_as_the_body() {
    let custom = Limits::default().with_max_body_bytes(10);
    let p = |n: usize| vec![("N".to_string(), "v".repeat(n))];
    assert_eq!(with_params(&p(9), custom), Ok(()));
    assert_eq!(with_params(&p(10), custom), Err(Reason::BodyTooLarge));
}

#[test]
fn limits_are_checked_first_and_in_order() {
    let k = keys();
    let reason = |req: Request<'_>| verify(&req, &k).unwrap_err().reason;
    // No signature, no settings, unknown algorithm: the limit is the answer.
    let many = distinct(1001);
    let req = Request::post_form(URL, many.as_bytes()).unwrap();
    assert_eq!(reason(req.clone()), Reason::TooManyParams);
    assert_eq!(
        reason(req.with_signature_settings(Some("algorithm=MD5"))),
        Reason::TooManyParams
    );
    // URL, then body, then the pairs in wire order.
    let long = format!("{URL}?{}", "a".repeat(20_000));
    let tiny = Limits::default().with_max_body_bytes(5);
    let req = Request::post_form(&long, many.as_bytes()).unwrap();
    assert_eq!(reason(req.clone().with_limits(tiny)), Reason::UrlTooLong);
    let req = Request::post_form(URL, many.as_bytes()).unwrap();
    assert_eq!(reason(req.with_limits(tiny)), Reason::BodyTooLarge);
    let names = Limits::default().with_max_params(1).with_max_name_bytes(1);
    let req = Request::post_form(URL, b"AA=1&B=2")
        .unwrap()
        .with_limits(names);
    assert_eq!(reason(req), Reason::ParamNameTooLong);
    let req = Request::post_form(URL, b"A=1&BB=2")
        .unwrap()
        .with_limits(names);
    assert_eq!(reason(req), Reason::TooManyParams);
    // A JSON body without bodySHA256: the body limit still comes first.
    let req = Request::post(URL, Some("application/json"), b"{\"a\":1}")
        .unwrap()
        .with_limits(tiny);
    assert_eq!(reason(req), Reason::BodyTooLarge);
}

#[test]
fn check_diagnose_and_signing_string_stop_at_a_limit() {
    let many = distinct(1001);
    let sig = sign(URL, many.as_bytes());
    let req = Request::post_form(URL, many.as_bytes())
        .unwrap()
        .with_signature(Some(&sig));
    let verdict = check(&req, &keys());
    let err = verdict.verification.unwrap_err();
    assert_eq!(err.reason, Reason::TooManyParams);
    assert_eq!(err.code(), "too_many_params");
    assert!(err.hints.is_empty());
    assert!(verdict.callback.is_none());
    assert!(diagnose(&req, &keys()).is_empty());
    assert_eq!(signing_string(&req), Err(Limit::Params));
    // Raised, the same request verifies and its callback is parsed with the same limits.
    let req = req.with_limits(Limits::default().with_max_params(1001));
    let verdict = check(&req, &keys());
    assert!(verdict.is_valid());
    let err = verdict.callback.unwrap().unwrap_err();
    assert_eq!(err.code(), "missing_field"); // not a Voice callback, but read
    assert!(signing_string(&req).unwrap().starts_with(URL));
}

#[test]
fn callback_parsing_applies_the_same_limits() {
    let body = format!("AccountSid={AC}&CallSid={CA}&CallStatus=ringing");
    let params = Params::parse(body.as_bytes());
    assert!(Callback::parse(&params).is_ok());
    assert!(Callback::parse_body(body.as_bytes(), &Limits::default()).is_ok());
    let cases = [
        (Limits::default().with_max_body_bytes(10), Limit::BodyBytes),
        (Limits::default().with_max_params(2), Limit::Params),
        (Limits::default().with_max_name_bytes(9), Limit::NameBytes),
        (
            Limits::default().with_max_value_bytes(33),
            Limit::ValueBytes,
        ),
    ];
    for (limits, limit) in cases {
        let max = limits.max(limit);
        let want = ParseError::LimitExceeded { limit, max };
        assert_eq!(
            Callback::parse_body(body.as_bytes(), &limits),
            Err(want.clone())
        );
        assert_eq!(
            Callback::parse_with_limits(&params, &limits),
            Err(want.clone())
        );
        for lenient in [
            Callback::parse_body_lenient(body.as_bytes(), &limits),
            Callback::parse_lenient_with_limits(&params, &limits),
        ] {
            assert!(lenient.callback.is_none());
            assert_eq!(lenient.problems, std::slice::from_ref(&want));
            assert_eq!(lenient.kind.as_str(), "voice-request");
        }
        assert_eq!(want.code(), limit.code());
        assert_eq!(want.field(), "");
        assert_eq!(want.got(), None);
        assert!(want.to_string().starts_with("expected "));
        assert!(want.to_string().contains(&max.to_string()));
    }
    // The defaults apply to Callback::parse and parse_lenient.
    let many = distinct(1001);
    let many = Params::parse(many.as_bytes());
    assert_eq!(
        Callback::parse(&many).unwrap_err().code(),
        "too_many_params"
    );
    assert_eq!(
        Callback::parse_lenient(&many).problems[0].code(),
        "too_many_params"
    );
    let raised = Limits::default().with_max_params(1001);
    assert_eq!(
        Callback::parse_with_limits(&many, &raised)
            .unwrap_err()
            .code(),
        "missing_field"
    );
    assert_eq!(
        ParseError::LimitExceeded {
            limit: Limit::Params,
            max: 1000
        }
        .to_string(),
        "expected at most 1000 parameters, got more"
    );
}

#[cfg(feature = "serde")]
#[test]
fn limit_errors_serialise_without_a_field() {
    let err = Callback::parse_body(b"A=1&B=2", &Limits::default().with_max_params(1)).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "too_many_params");
    assert!(json.get("field").is_none());
    assert!(json.get("got").is_none());
    assert_eq!(json["message"], "expected at most 1 parameters, got more");
    let reason = serde_json::to_value(Reason::ParamValueTooLong).unwrap();
    assert_eq!(reason, "param_value_too_long");
}

// ---------------------------------------------------------------------------------------------
// Adversarial inputs with the limits raised: the work is really done, and gives the right
// answer at 10k and 100k parameters (no timing here: benches/adversarial.rs measures the cost).

#[test]
fn repeated_keys_at_scale() {
    for n in [10_000, 100_000] {
        let body = "Digits=1&".repeat(n);
        // Default limits: turned away.
        let sig = sign(URL, b"Digits=1");
        let req = Request::post_form(URL, body.as_bytes())
            .unwrap()
            .with_signature(Some(&sig));
        assert_eq!(
            verify(&req, &keys()).unwrap_err().reason,
            Reason::TooManyParams
        );
        // Raised: every value is the same, so the signature is the one over a single pair.
        let req = req.with_limits(unlimited());
        assert!(verify(&req, &keys()).is_ok(), "{n}");
        assert_eq!(signing_string(&req).unwrap(), format!("{URL}Digits1"));
        // The diagnosis of a wrong signature finishes and explains nothing (no variant).
        let bad = req
            .clone()
            .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        let hints = diagnose(&bad, &keys());
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert_eq!(hints[0].code.as_str(), "no_variant_matched");
        // Callback parsing keeps the first value and no extra.
        let lenient = Callback::parse_body_lenient(body.as_bytes(), &unlimited());
        assert!(lenient.problems.iter().all(|p| p.code() == "missing_field"));
    }
}

#[test]
fn distinct_keys_at_scale() {
    for n in [10_000, 100_000] {
        let body = distinct(n);
        let sig = sign(URL, body.as_bytes());
        let req = Request::post_form(URL, body.as_bytes())
            .unwrap()
            .with_signature(Some(&sig))
            .with_limits(unlimited());
        assert!(verify(&req, &keys()).is_ok(), "{n}");
        // Sorted by code point: K0, K1, K10, K100, ...
        let s = signing_string(&req).unwrap();
        assert!(s.starts_with(&format!("{URL}K0vK1vK10vK100vK1000v")), "{n}");
        assert_eq!(s.len(), URL.len() + body.len() - (n - 1) - n);
        // Unknown keys all go to `extra`, in wire order.
        let body = format!("AccountSid={AC}&CallSid={CA}&CallStatus=ringing&{body}");
        let params = Params::parse(body.as_bytes());
        let lenient = Callback::parse_lenient_with_limits(&params, &unlimited());
        let cb = lenient.callback.unwrap();
        assert_eq!(cb.extra().len(), n);
        assert_eq!(cb.extra()[n - 1].0, format!("K{}", n - 1));
    }
}

#[test]
fn deep_escapes_and_long_values() {
    // `%25` decodes to `%` once: never recursively.
    let n = 200_000;
    let body = format!("V={}", "%25".repeat(n));
    let sig = sign(URL, body.as_bytes());
    let req = Request::post_form(URL, body.as_bytes())
        .unwrap()
        .with_signature(Some(&sig));
    assert_eq!(
        verify(&req, &keys()).unwrap_err().reason,
        Reason::ParamValueTooLong
    );
    let req = req.with_limits(unlimited());
    assert!(verify(&req, &keys()).is_ok());
    let s = signing_string(&req).unwrap();
    assert_eq!(s.len(), URL.len() + 1 + n);
    assert!(s.ends_with("%%%%"));
    // One 2 MB value.
    let body = format!("V={}", "x".repeat(2 << 20));
    let sig = sign(URL, body.as_bytes());
    let req = Request::post_form(URL, body.as_bytes())
        .unwrap()
        .with_signature(Some(&sig));
    assert_eq!(
        verify(&req, &keys()).unwrap_err().reason,
        Reason::BodyTooLarge
    );
    assert!(verify(&req.with_limits(unlimited()), &keys()).is_ok());
}

#[test]
fn long_hosts_and_urls_are_diagnosed() {
    // A 30,000-character internationalised host: the diagnosis must not try to punycode it
    // (quadratic); it finishes and explains nothing.
    let host: String = (0..30_000u32)
        .map(|i| char::from_u32(0x4e00 + i % 20_000).unwrap())
        .collect();
    let url = format!("https://{host}/voice");
    let req = Request::get(&url)
        .unwrap()
        .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        .with_limits(unlimited());
    let hints = diagnose(&req, &keys());
    assert_eq!(hints.last().unwrap().code.as_str(), "no_variant_matched");
    // A 100 KB query, diagnosed.
    let url = format!("{URL}?q={}", "a%2B".repeat(25_000));
    let sig = sign(&url, b"");
    let req = Request::get(&url)
        .unwrap()
        .with_signature(Some(&sig))
        .with_limits(unlimited());
    assert!(verify(&req, &keys()).is_ok());
    let req = Request::get(&url).unwrap().with_signature(Some(&sig));
    assert_eq!(
        verify(&req, &keys()).unwrap_err().reason,
        Reason::UrlTooLong
    );
}
