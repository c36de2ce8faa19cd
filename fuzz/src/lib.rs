//! The fuzz harness: one function per cargo-fuzz target, each taking the raw fuzz input.
//!
//! Shared by the libFuzzer binaries (fuzz_targets/*.rs, nightly) and by
//! tests/fuzz_regressions.rs in the main crate, which replays the seeds and every kept crashing
//! input through the same functions on stable (`#[path]`-included there, so this file uses only
//! dependencies both crates have: the crate itself with `serde`, serde_json, form_urlencoded).
//!
//! Besides "no panic", each function asserts cheap invariants that hold by construction
//! (round trips, two code paths that must agree, bounds); a failed assertion is a crash.
//!
//! Multi-field inputs are split on the ASCII record separator 0x1E (see [`SEP`]), so seeds
//! written from the test vectors stay readable.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;
use twilio_webhook::callback::{CallStatus, Callback, CallbackKind, ParseError};
use twilio_webhook::lifecycle::{rank, CallTree, Effect, Event, Options, OutcomeKind, Tracker};
use twilio_webhook::signature::signing_string;
use twilio_webhook::{
    check, diagnose, expected_signature, verify, Algorithm, HintCode, Keys, Limit, Limits, Params,
    Reason, Request, SignatureSettings, SigningPath, UrlVariant, UsageError,
};

/// The field separator of multi-field inputs (ASCII RS).
pub const SEP: u8 = 0x1E;
/// The separator of several keys inside one field (ASCII US).
pub const KEY_SEP: u8 = 0x1F;

/// A secret the harness adds to every key list: letters and digits only, so no string the
/// diagnosis assembles from the inputs can contain it unless one input field does.
const HARNESS_SECRET: &str = "Fz9Qk2Lw8Rt5Xv1Nb7Hc3Jm6";

fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == SEP).collect()
}

fn text(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// No limit at all.
const UNLIMITED: Limits = Limits::DEFAULT
    .with_max_body_bytes(usize::MAX)
    .with_max_url_bytes(usize::MAX)
    .with_max_params(usize::MAX)
    .with_max_name_bytes(usize::MAX)
    .with_max_value_bytes(usize::MAX);

/// The limit a request is over, computed the slow way: the URL and body sizes as received,
/// then each decoded parameter in order (and, for parameters given already decoded, their
/// total size against the body limit).
fn over(
    limits: &Limits,
    url_len: usize,
    body_len: usize,
    params: &Params<'_>,
    total: bool,
) -> Result<(), Limit> {
    if url_len > limits.max_url_bytes {
        return Err(Limit::UrlBytes);
    }
    if body_len > limits.max_body_bytes {
        return Err(Limit::BodyBytes);
    }
    let mut sum = 0usize;
    for (i, (name, value)) in params.iter().enumerate() {
        if i >= limits.max_params {
            return Err(Limit::Params);
        }
        if name.len() > limits.max_name_bytes {
            return Err(Limit::NameBytes);
        }
        if value.len() > limits.max_value_bytes {
            return Err(Limit::ValueBytes);
        }
        sum = sum.saturating_add(name.len() + value.len());
        if total && sum > limits.max_body_bytes {
            return Err(Limit::BodyBytes);
        }
    }
    Ok(())
}

/// Limits from one input byte: 0 the defaults, else small ones that requests hit.
fn limits_of(b: u8) -> Limits {
    if b == 0 {
        return Limits::default();
    }
    let mut l = Limits::default().with_max_params(usize::from(b & 0x1F));
    if b & 0x20 != 0 {
        l = l.with_max_name_bytes(8);
    }
    if b & 0x40 != 0 {
        l = l.with_max_value_bytes(16);
    }
    if b & 0x80 != 0 {
        l = l.with_max_url_bytes(256).with_max_body_bytes(256);
    }
    l
}

// ---------------------------------------------------------------------------------------------
// form

/// `form`: the input is a form body (or query string).
///
/// `Params::parse` and its accessors; the signing suffix written from decoded parameters equals
/// the one `verify` writes straight from the raw body (seen through `signing_string`), does not
/// depend on the pair order, and survives re-encoding the pairs.
pub fn form(data: &[u8]) {
    let p = Params::parse(data);
    let pairs: Vec<(&str, &str)> = p.iter().collect();
    assert_eq!(pairs.len(), p.len());
    assert_eq!(p.is_empty(), pairs.is_empty());
    if let Some(&(k, v)) = pairs.first() {
        assert_eq!(p.get(k), Some(v), "first value wins");
        let all = p.get_all(k).count();
        assert_eq!(all, pairs.iter().filter(|(n, _)| *n == k).count());
    }

    let mut suffix = Vec::new();
    p.write_signing_suffix(&mut suffix);
    let suffix = String::from_utf8(suffix).expect("the suffix of decoded pairs is UTF-8");

    // Spec §2 written plainly (names, then each name's distinct values, in byte order): the
    // oracle for the sort, which works on numbers made of the names' first bytes.
    let mut naive: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        std::collections::BTreeMap::new();
    for &(k, v) in &pairs {
        naive.entry(k).or_default().insert(v);
    }
    let naive: String = naive
        .iter()
        .flat_map(|(k, vs)| vs.iter().flat_map(move |v| [*k, *v]))
        .collect();
    assert_eq!(suffix, naive, "the suffix is the plainly sorted one");

    // The raw-body fast path (form::write_signing_suffix_raw) gives the same bytes.
    let url = "https://fuzz.example/form";
    let req = Request::post_form(url, data)
        .expect("a valid URL")
        .with_limits(UNLIMITED);
    assert_eq!(signing_string(&req).unwrap(), format!("{url}{suffix}"));
    assert_eq!(Params::parse_limited(data, &UNLIMITED).as_ref(), Ok(&p));

    // Its limit checks (made while decoding) agree with the decoded parameters', for the
    // defaults and for limits small enough to be hit.
    let small = Limits::default()
        .with_max_params(3)
        .with_max_name_bytes(8)
        .with_max_value_bytes(16)
        .with_max_body_bytes(64);
    for limits in [Limits::default(), small] {
        let req = Request::post_form(url, data).unwrap().with_limits(limits);
        let fast = signing_string(&req).map(|_| ());
        assert_eq!(fast, over(&limits, url.len(), data.len(), &p, false));
        assert_eq!(Params::parse_limited(data, &limits).map(|_| ()), fast);
    }

    // Sorted and de-duplicated: the order of the pairs does not matter.
    let reversed = Params::from_pairs(pairs.iter().rev().copied());
    let mut again = Vec::new();
    reversed.write_signing_suffix(&mut again);
    assert_eq!(again, suffix.as_bytes());

    // Re-encoding the decoded pairs and decoding them again gives the same pairs.
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        ser.append_pair(k, v);
    }
    let encoded = ser.finish();
    let back = Params::parse(encoded.as_bytes());
    assert_eq!(back.iter().collect::<Vec<_>>(), pairs);
    assert_eq!(Params::from_pairs(pairs.iter().copied()), p);
}

// ---------------------------------------------------------------------------------------------
// signature

/// `signature`: a `flags` byte, a limits byte (0: the defaults; else small limits, see
/// `limits_of`), then fields separated by [`SEP`]: URL, body, Content-Type,
/// X-Twilio-Signature, X-Twilio-Webhooks-Signature-Settings, Host, X-Forwarded-Proto,
/// X-Forwarded-Host, X-Forwarded-Port, Forwarded, auth tokens, SharedKey secrets (several keys
/// in one field are separated by [`KEY_SEP`]), and optionally the URL Twilio signed. A missing
/// field is an absent header.
///
/// `flags` bits 0-1: 0 `Request::post`, 1 `post_form`, 2 `get`, 3 `with_params` (the body
/// decoded); bit 2: header names in upper case; bit 3: the Content-Type given as a header rather
/// than to `Request::post`; bit 4: the harness's key is listed too.
///
/// When the last field (the URL Twilio signed) is present, the X-Twilio-Signature is replaced by
/// the signature the harness's key makes over that URL's signing string (same body): a request
/// signed for one URL and received at another, which is what the diagnosis is for.
///
/// Runs `verify`, `diagnose`, `check`, `signing_string` and `expected_signature`, and checks that
/// they agree; that every confirmed hint naming a URL ("the signature matches URL") names one
/// that verifies; then re-signs the request with the harness's key as Twilio would (over
/// `signing_string`) and checks that it verifies.
pub fn signature(data: &[u8]) {
    let [flags, limit_byte, rest @ ..] = data else {
        return;
    };
    let (flags, limits) = (*flags, limits_of(*limit_byte));
    let f = fields(rest);
    let field = |i: usize| f.get(i).map(|b| text(b));
    let url = field(0).unwrap_or_default();
    let body: &[u8] = f.get(1).copied().unwrap_or_default();
    let content_type = field(2);
    let sig = field(3);
    let settings = field(4);
    let proxy: Vec<Option<Cow<'_, str>>> = (5..10).map(field).collect();
    let split_keys = |i: usize| -> Vec<String> {
        f.get(i)
            .map(|b| {
                b.split(|&c| c == KEY_SEP)
                    .map(|k| text(k).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (tokens, shared) = (split_keys(10), split_keys(11));

    // Signed for another URL: the header is the harness's signature over that URL.
    let forged = field(12).and_then(|signed_url| {
        let algorithm = SignatureSettings::parse(settings.as_deref())
            .algorithm()
            .ok()?;
        let signed = build(flags, &signed_url, body, content_type.as_deref())?;
        let text = signing_string(&signed.with_limits(UNLIMITED)).ok()?;
        expected_signature(algorithm, HARNESS_SECRET, &text, &Params::default()).ok()
    });
    let with_harness_key = flags & 0x10 != 0 || forged.is_some();
    let sig = forged.map(Cow::Owned).or(sig);

    let mut keys = Keys::default();
    for t in &tokens {
        if let Ok(k) = keys.clone().with_auth_token(t) {
            keys = k;
        }
    }
    for s in &shared {
        if let Ok(k) = keys.clone().with_shared_key(s) {
            keys = k;
        }
    }
    // Half the time the harness's key is listed too (last, so the fuzzer's keys keep their
    // indexes).
    if with_harness_key {
        keys = keys
            .with_auth_token(HARNESS_SECRET)
            .unwrap()
            .with_shared_key(HARNESS_SECRET)
            .unwrap();
    }

    let Some(req) = build(flags, &url, body, content_type.as_deref()) else {
        return;
    };
    let upper = flags & 0x04 != 0;
    let name = |n: &str| {
        if upper {
            n.to_ascii_uppercase()
        } else {
            n.to_string()
        }
    };
    let mut req = req.with_limits(limits);
    assert_eq!(req.limits(), &limits);
    if let Some(s) = &sig {
        req = req.with_header(&name("X-Twilio-Signature"), s);
    }
    if let Some(s) = &settings {
        req = req.with_header(&name("X-Twilio-Webhooks-Signature-Settings"), s);
    }
    let proxy_names = [
        "Host",
        "X-Forwarded-Proto",
        "X-Forwarded-Host",
        "X-Forwarded-Port",
        "Forwarded",
    ];
    for (n, v) in proxy_names.iter().zip(&proxy) {
        if let Some(v) = v {
            req = req.with_header(&name(n), v);
        }
    }
    if flags & 0x08 != 0 {
        if let Some(ct) = &content_type {
            req = req.with_header(&name("Content-Type"), ct);
        }
    }

    let verified = verify(&req, &keys);
    // A body given by its digest and length (Request::post_sha256) stands in for the bytes
    // exactly where the URL takes the bodySHA256 path, and is refused everywhere else.
    if flags & 3 == 0 {
        match Request::post_sha256(&url, body.len(), sha256_of(body)) {
            Ok(d) => {
                let d = d
                    .with_limits(limits)
                    .with_signature(sig.as_deref())
                    .with_signature_settings(settings.as_deref());
                assert_eq!(verify(&d, &keys), verified, "post_sha256 differs from post");
                let _ = diagnose(&d, &keys);
            }
            Err(e) => assert_eq!(e, UsageError::BodyRequired),
        }
    }
    let hints = diagnose(&req, &keys);
    let verdict = check(&req, &keys);
    let shown = signing_string(&req);
    let params = req.params();

    // The limits are checked first, as the slow reference says (only parameters given decoded
    // count their total size).
    let limit = over(
        &limits,
        url.len(),
        req.body().len(),
        &params,
        flags & 3 == 3,
    );
    let reason = verified.as_ref().err().map(|e| e.reason);
    assert_eq!(
        limit.err().map(Reason::from),
        reason.filter(|r| r.limit().is_some())
    );
    assert_eq!(shown.as_ref().err(), limit.as_ref().err());
    let Ok(shown) = shown else {
        assert!(hints.is_empty(), "no diagnosis over a limit");
        assert!(verdict.callback.is_none());
        return;
    };

    // The three entry points agree.
    assert_eq!(hints.is_empty(), verified.is_ok(), "{verified:?} {hints:?}");
    assert_eq!(verdict.is_valid(), verified.is_ok());
    match (&verdict.verification, &verified) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => {
            assert_eq!(a.reason, b.reason);
            assert!(b.hints.is_empty(), "verify leaves the hints empty");
            assert_eq!(a.hints, hints, "check fills the hints with the diagnosis");
            let _ = a.to_string();
        }
        _ => panic!("check and verify disagree"),
    }
    assert_eq!(
        verdict.callback.is_some(),
        verified
            .as_ref()
            .is_ok_and(|v| v.path != SigningPath::BodyHash)
    );
    for (i, h) in hints.iter().enumerate() {
        assert!(!h.message.is_empty());
        assert!(
            hints[..i].iter().all(|o| o.code != h.code),
            "one hint per code"
        );
        let _ = h.code.as_str();
    }

    // A hint never contains a secret (letters-and-digits keys of some length that no input
    // field holds: only then is their presence in a message a leak).
    let inputs: Vec<&[u8]> = f.clone();
    let in_inputs = |s: &str| inputs.iter().any(|b| contains(b, s.as_bytes()));
    let secrets = tokens
        .iter()
        .chain(&shared)
        .map(String::as_str)
        .chain([HARNESS_SECRET]);
    for s in secrets {
        if s.len() >= 12 && s.bytes().all(|b| b.is_ascii_alphanumeric()) && !in_inputs(s) {
            for h in &hints {
                assert!(!h.message.contains(s), "hint {:?} leaks a secret", h.code);
            }
        }
    }

    // A verified request: the header is the expected signature of what was signed.
    if let (Ok(v), Some(header)) = (&verified, &sig) {
        let secret = match v.algorithm {
            Algorithm::HmacSha1 => nth_key(&tokens, v.key_index, with_harness_key),
            Algorithm::HmacSha256 => nth_key(&shared, v.key_index, with_harness_key),
        };
        let secret = secret.expect("the matching key exists");
        let signed_params = if v.path == SigningPath::Form {
            params.clone()
        } else {
            Params::default()
        };
        if v.url_variant == UrlVariant::AsReceived {
            let want = expected_signature(v.algorithm, &secret, &url, &signed_params).unwrap();
            assert_eq!(&want, header, "expected_signature of the URL as received");
            let want = expected_signature(v.algorithm, &secret, &shown, &Params::default());
            assert_eq!(
                &want.unwrap(),
                header,
                "the signing string is what was signed"
            );
        }
        // The expected signature is never shown in a hint either (there are none when valid).
    }

    // Confirmed hints are claims that can be checked: redoing the request the way the hint says
    // it was signed verifies, with the same header (when the header itself is well formed).
    let well_formed = !hints.iter().any(|h| {
        matches!(
            h.code,
            HintCode::SignatureMalformed | HintCode::SignatureWhitespace
        )
    });
    // The request with another URL, body or kind (`flags` bits 0-1), verified without limits;
    // `None` when the URL is not one. The URL signature counts as verified when only the body
    // hash differs.
    let redo = |url: &str, body: &[u8], flags: u8| -> Option<bool> {
        let mut r = build(flags, url, body, content_type.as_deref())?
            .with_limits(UNLIMITED)
            .with_signature(sig.as_deref())
            .with_signature_settings(settings.as_deref());
        if flags & 0x08 != 0 {
            if let Some(ct) = &content_type {
                r = r.with_header("content-type", ct);
            }
        }
        Some(match verify(&r, &keys) {
            Ok(_) => true,
            Err(e) => e.reason == Reason::BodyHashMismatch,
        })
    };
    let query = url.split('#').next().and_then(|u| u.split_once('?'));
    let query = query.map_or("", |(_, q)| q);
    for h in hints.iter().filter(|h| h.confirmed && well_formed) {
        let (checked, holds) = match h.code {
            // "the signature matches URL: ..." (or "URL, the URL rebuilt ..."): the URL ends at
            // some ": " or ", ", so each is tried; it holds when one verifies.
            HintCode::SchemeMismatch
            | HintCode::PortMismatch
            | HintCode::TrailingSlash
            | HintCode::ProxyRewrittenUrl => {
                let said = h
                    .message
                    .strip_prefix("the signature matches ")
                    .expect("the hint names the URL");
                let tries: Vec<Option<bool>> = said
                    .match_indices(": ")
                    .chain(said.match_indices(", "))
                    .map(|(end, _)| redo(&said[..end], body, flags))
                    .collect();
                (
                    tries.iter().any(Option::is_some),
                    tries.contains(&Some(true)),
                )
            }
            // The URL alone was signed: the same URL with an empty form body verifies.
            HintCode::ParamsNotSigned => (true, redo(&url, b"", 1) == Some(true)),
            // A GET signed with its query parameters appended again: given as parameters, they
            // are signed that way.
            HintCode::ParamsSignedTwice => (true, redo(&url, query.as_bytes(), 3) == Some(true)),
            // The body is a form after all.
            HintCode::ContentTypeMismatch => (true, redo(&url, body, 1) == Some(true)),
            // The URL was right and the body lost a BOM, or differs by a final newline.
            HintCode::BodyBomStripped | HintCode::BodyNewline
                if reason == Some(Reason::BodyHashMismatch) && flags & 3 < 2 =>
            {
                let mut bodies = vec![[&b"\xEF\xBB\xBF"[..], body].concat()];
                for nl in [&b"\r\n"[..], b"\n"] {
                    bodies.push([body, nl].concat());
                    if let Some(b) = body.strip_suffix(nl) {
                        bodies.push(b.to_vec());
                    }
                }
                let exact = |b: &Vec<u8>| {
                    let r = build(flags, &url, b, content_type.as_deref()).map(|r| {
                        let mut r = r
                            .with_limits(UNLIMITED)
                            .with_signature(sig.as_deref())
                            .with_signature_settings(settings.as_deref());
                        if flags & 0x08 != 0 {
                            if let Some(ct) = &content_type {
                                r = r.with_header("content-type", ct);
                            }
                        }
                        r
                    });
                    r.is_some_and(|r| verify(&r, &keys).is_ok())
                };
                (true, bodies.iter().any(exact))
            }
            _ => (false, true),
        };
        assert!(
            holds || !checked,
            "confirmed hint {:?} does not hold: {}",
            h.code,
            h.message
        );
    }

    // Re-sign as Twilio would, with the harness's key, over the signing string; it verifies
    // unless the body is not covered (no bodySHA256) or the body hash differs.
    let algorithm = match SignatureSettings::parse(settings.as_deref()).algorithm() {
        Ok(a) => a,
        Err(_) => {
            assert_eq!(verified.unwrap_err().reason, Reason::UnsupportedAlgorithm);
            return;
        }
    };
    let good = expected_signature(algorithm, HARNESS_SECRET, &shown, &Params::default()).unwrap();
    let mine = match algorithm {
        Algorithm::HmacSha1 => Keys::auth_token(HARNESS_SECRET),
        Algorithm::HmacSha256 => Keys::default().with_shared_key(HARNESS_SECRET),
    }
    .unwrap();
    let resigned = req.clone().with_signature(Some(&good));
    assert_eq!(resigned.limits(), &limits);
    match verify(&resigned, &mine) {
        Ok(v) => {
            assert_eq!(v.url_variant, UrlVariant::AsReceived);
            assert_eq!(v.key_index, 0);
            assert_eq!(v.algorithm, algorithm);
            assert!(diagnose(&resigned, &mine).is_empty());
        }
        Err(e) => {
            assert!(
                matches!(e.reason, Reason::MissingBodyHash | Reason::BodyHashMismatch),
                "a request signed over its signing string failed: {e:?}"
            );
            assert!(!diagnose(&resigned, &mine).is_empty());
        }
    }
    // And the diagnosis never shows that signature.
    for h in &hints {
        assert!(!h.message.contains(&good) || in_inputs(&good));
    }
}

/// The SHA-256 of `body`, through the crate's own hex (the harness needs no hash crate).
fn sha256_of(body: &[u8]) -> [u8; 32] {
    let hex = twilio_webhook::body_sha256_hex(body);
    let mut out = [0; 32];
    for (o, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        *o = u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap();
    }
    out
}

/// The request for `flags` bits 0-1; `None` when the URL is not absolute http(s).
fn build<'a>(
    flags: u8,
    url: &'a str,
    body: &'a [u8],
    content_type: Option<&'a str>,
) -> Option<Request<'a>> {
    let req = match flags & 3 {
        0 if flags & 0x08 != 0 => Request::post(url, None, body),
        0 => Request::post(url, content_type, body),
        1 => Request::post_form(url, body),
        2 => Request::get(url),
        _ => Request::with_params(url, Params::parse(body)),
    };
    match req {
        Ok(r) => {
            assert_eq!(r.url(), url);
            Some(r)
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_url");
            let _ = e.to_string();
            None
        }
    }
}

/// The `i`th key of a list as `Keys` kept it (empty keys are refused and skipped; the harness's
/// key comes last).
fn nth_key(given: &[String], i: usize, with_harness_key: bool) -> Option<String> {
    let mut kept: Vec<&str> = given
        .iter()
        .map(String::as_str)
        .filter(|k| !k.is_empty())
        .collect();
    if with_harness_key {
        kept.push(HARNESS_SECRET);
    }
    kept.get(i).map(|s| (*s).to_string())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// callback

/// `callback`: the input is a callback's form body or query string.
///
/// Strict and lenient parsing agree (kind, record, first problem); a parsed record survives
/// `to_params`, `to_form` and its JSON (`Event` read back from it). Parsing the raw body within
/// small limits (chosen by the last byte) agrees with parsing its decoded parameters.
pub fn callback(data: &[u8]) {
    let params = Params::parse(data);
    let kind = CallbackKind::detect(&params);
    let strict = Callback::parse(&params);
    let lenient = Callback::parse_lenient(&params);
    let limited = |p: &[ParseError]| matches!(p, [ParseError::LimitExceeded { .. }]);
    if !limited(&lenient.problems) {
        assert_eq!(lenient.kind, kind);
    }
    // The raw body's limits are checked as it is decoded, the parameters' on the decoded
    // pairs: the same answer while the body and the decoded pairs' total are under the body
    // limit (decoding may grow a body: an invalid byte becomes U+FFFD).
    let decoded_total: usize = params.iter().map(|(k, v)| k.len() + v.len()).sum();
    let small = limits_of(data.last().copied().unwrap_or(0));
    for limits in [Limits::default(), small] {
        if data.len() <= limits.max_body_bytes && decoded_total <= limits.max_body_bytes {
            assert_eq!(
                Callback::parse_body(data, &limits),
                Callback::parse_with_limits(&params, &limits)
            );
            assert_eq!(
                Callback::parse_body_lenient(data, &limits),
                Callback::parse_lenient_with_limits(&params, &limits)
            );
        }
    }
    if data.len() <= Limits::DEFAULT.max_body_bytes {
        assert_eq!(
            Callback::parse_body(data, &Limits::default()).is_ok(),
            strict.is_ok()
        );
    }
    let _ = serde_json::to_string(&lenient).expect("a lenient record serialises");
    if let Some(cb) = &lenient.callback {
        assert_eq!(cb.kind(), kind);
        let _ = serde_json::to_string(cb).expect("a callback serialises");
        let _ = Event::from_callback(cb);
    }
    match strict {
        Ok(cb) => {
            assert_eq!(cb.kind(), kind);
            assert!(lenient.problems.is_empty(), "{:?}", lenient.problems);
            assert!(lenient.sid_valid);
            assert_eq!(lenient.callback.as_ref(), Some(&cb));
            // Round trips.
            assert_eq!(Callback::parse(&cb.to_params()).as_ref(), Ok(&cb));
            let form = cb.to_form();
            assert_eq!(
                Callback::parse(&Params::parse(form.as_bytes())).as_ref(),
                Ok(&cb)
            );
            // The JSON a callback crosses to JavaScript in reads back as the same event.
            let json = serde_json::to_string(&cb).unwrap();
            let event: Event =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("event from {json}: {e}"));
            assert_eq!(event, Event::from_callback(&cb), "{json}");
            let _ = (cb.account_sid(), cb.call_sid(), cb.call(), cb.call_status());
            let _ = (cb.sequence_number(), cb.extra());
        }
        Err(e) => {
            assert_eq!(
                lenient.problems.first(),
                Some(&e),
                "the first problem is the error"
            );
            let _ = (e.to_string(), e.code(), e.field(), e.expected(), e.got());
            let _ = serde_json::to_string(&e).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// lifecycle

/// `lifecycle`: the first byte chooses the mode.
///
/// * Even: free mode. The rest is a list of events separated by [`SEP`]: a form body (parsed
///   strictly, or leniently when that fails) or, starting with `{`, an event's JSON. Each is
///   applied to a [`Tracker`] and a [`CallTree`]; the answers, bounds and outcomes are checked
///   after each, and the state round trip through JSON at the end. Bits 1-7 of the first byte:
///   `dropped_below_seconds` when non-zero.
/// * Odd: scenario mode. A permutable scenario of tests/vectors/lifecycles (chosen by the next
///   byte) is applied in an order shuffled by the bytes after it, with duplicates added and the
///   state restored from JSON at some steps; it must end as the scenario in order does.
pub fn lifecycle(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 1 {
        return scenario_order(rest);
    }
    let opts = Options {
        dropped_below_seconds: Some(u32::from(mode >> 1)).filter(|&s| s != 0),
    };
    let mut tracker = Tracker::new();
    let mut tree = CallTree::new();
    for chunk in fields(rest) {
        let Some(event) = event_of(chunk) else {
            continue;
        };
        apply_checked(&mut tracker, &mut tree, &event, &opts);
    }
    round_trip_tracker(&tracker);
    round_trip_tree(&tree);
}

/// The event of one chunk: an event's JSON, or a form body parsed strictly or else leniently.
fn event_of(chunk: &[u8]) -> Option<Event> {
    if chunk.first() == Some(&b'{') {
        return serde_json::from_slice::<Event>(chunk).ok();
    }
    let params = Params::parse(chunk);
    match Callback::parse(&params) {
        Ok(cb) => Some(Event::from_callback(&cb)),
        Err(_) => Callback::parse_lenient(&params)
            .callback
            .map(|cb| Event::from_callback(&cb)),
    }
}

fn apply_checked(tracker: &mut Tracker, tree: &mut CallTree, e: &Event, opts: &Options) {
    let before = tracker.status();
    let a = tracker.apply_event(e);
    let after = tracker.status();
    assert_eq!(a.status, after, "the answer shows the new status");
    assert_eq!(
        a.effect == Effect::Advance,
        before != after,
        "only an advance moves the status: {a:?}"
    );
    if let (Some(b), Some(n)) = (before, after) {
        assert!(rank(n) > rank(b) || b == n, "{b} → {n} went backwards");
    }
    if a.effect == Effect::Advance {
        assert_eq!(a.to, after);
    }
    let _ = (a.effect.as_str(), a.message.len());
    check_tracker(tracker, opts);

    let a = tree.apply_event(e);
    if a.effect != Effect::OtherCall {
        let sid = e
            .call_sid
            .as_deref()
            .expect("an applied event names its CallSid");
        let leg = tree.leg(sid).expect("the event's leg is in the tree");
        assert_eq!(a.status, leg.status());
    }
    let legs = tree.legs_with(opts);
    assert!(legs.len() <= 32, "{} legs", legs.len());
    for l in &legs {
        assert_eq!(tree.leg(&l.call_sid).map(Tracker::status), Some(l.status));
    }
    if let Some(root) = tree.root() {
        assert!(tree
            .leg(root)
            .is_some_and(|t| t.parent_call_sid().is_none()));
    }
    let o = tree.outcome_with(opts);
    let _ = (o.kind.as_str(), tree.outcome());
}

fn check_tracker(t: &Tracker, opts: &Options) {
    for o in [t.outcome(), t.outcome_with(opts)] {
        assert_eq!(
            o.kind == OutcomeKind::Pending,
            !t.status().is_some_and(CallStatus::is_terminal),
            "pending exactly while no terminal status: {o:?}"
        );
        assert_eq!(o.evidence.status, t.status());
    }
    assert!(t.dial_actions().len() <= 16);
}

/// Saved, restored and saved again: the same state and the same text.
fn round_trip_tracker(t: &Tracker) -> String {
    let text = serde_json::to_string(t).unwrap();
    let back: Tracker =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("restore {text}: {e}"));
    assert_eq!(&back, t, "{text}");
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
    #[cfg(feature = "wasm")]
    {
        // The wasm binding's own reader (lifecycle::json) restores it to the same text.
        let out = wasm_apply("leg", Some(&text), None, None);
        let state = out.strip_prefix('O').and_then(|o| o.split('\n').next());
        assert_eq!(state, Some(text.as_str()), "{out}");
    }
    text
}

fn round_trip_tree(t: &CallTree) -> String {
    let text = serde_json::to_string(t).unwrap();
    let back: CallTree =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("restore {text}: {e}"));
    assert_eq!(&back, t, "{text}");
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
    let _ = serde_json::to_string(&twilio_webhook::lifecycle::legs_json(&t.legs())).unwrap();
    #[cfg(feature = "wasm")]
    {
        let out = wasm_apply("tree", Some(&text), None, None);
        let state = out.strip_prefix('O').and_then(|o| o.split('\n').next());
        assert_eq!(state, Some(text.as_str()), "{out}");
    }
    text
}

/// A lifecycle scenario: whether it drives a tree, its events, its options.
struct Scenario {
    tree: bool,
    events: Vec<Event>,
    opts: Options,
}

/// The permutable scenarios of tests/vectors/lifecycles, read once (none when the directory
/// is not found: the mode then does nothing).
fn permutable() -> &'static [Scenario] {
    static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
    ALL.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let Some(dir) = ["tests/vectors/lifecycles", "../tests/vectors/lifecycles"]
            .iter()
            .map(|d| base.join(d))
            .find(|d| d.is_dir())
        else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|p| {
                let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).ok()?).ok()?;
                if v["permutable"] != true {
                    return None;
                }
                let events = v["events"]
                    .as_array()?
                    .iter()
                    .map(|e| {
                        let body = e["body"].as_str().unwrap_or_default();
                        Callback::parse(&Params::parse(body.as_bytes()))
                            .map(|cb| Event::from_callback(&cb))
                            .ok()
                    })
                    .collect::<Option<Vec<_>>>()?;
                let opts = Options {
                    dropped_below_seconds: v["options"]["droppedBelowSeconds"]
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok()),
                };
                Some(Scenario {
                    tree: v["subject"] != "leg",
                    events,
                    opts,
                })
            })
            .collect()
    })
}

/// Runs `order` on the scenario's subject, restoring from JSON every `restore_every` steps;
/// answers (status, root, outcome) as JSON.
fn run_scenario(s: &Scenario, order: &[usize], restore_every: usize) -> serde_json::Value {
    let mut t = Tracker::new();
    let mut tree = CallTree::new();
    for (step, &i) in order.iter().enumerate() {
        if restore_every > 0 && step % restore_every == 0 {
            t = serde_json::from_str(&round_trip_tracker(&t)).unwrap();
            tree = serde_json::from_str(&round_trip_tree(&tree)).unwrap();
        }
        let e = &s.events[i];
        if s.tree {
            tree.apply_event(e);
        } else {
            t.apply_event(e);
        }
    }
    if s.tree {
        serde_json::json!({
            "root": tree.root(),
            "outcome": serde_json::to_value(tree.outcome_with(&s.opts)).unwrap(),
        })
    } else {
        serde_json::json!({
            "status": t.status().map(CallStatus::as_str),
            "outcome": serde_json::to_value(t.outcome_with(&s.opts)).unwrap(),
        })
    }
}

fn scenario_order(data: &[u8]) {
    let all = permutable();
    let (Some(&pick), Some(&restore)) = (data.first(), data.get(1)) else {
        return;
    };
    let Some(s) = all.get(usize::from(pick) % all.len().max(1)) else {
        return;
    };
    let n = s.events.len();
    if n == 0 {
        return;
    }
    let mut bytes = data.get(2..).unwrap_or_default().iter().copied();
    // Fisher-Yates with the input's bytes, then duplicates inserted where the next bytes say.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = usize::from(bytes.next().unwrap_or(0)) % (i + 1);
        order.swap(i, j);
    }
    while let (Some(a), Some(b)) = (bytes.next(), bytes.next()) {
        if order.len() >= 4 * n + 8 {
            break;
        }
        let at = usize::from(b) % (order.len() + 1);
        order.insert(at, usize::from(a) % n);
    }
    let in_order: Vec<usize> = (0..n).collect();
    let want = run_scenario(s, &in_order, 0);
    let got = run_scenario(s, &order, usize::from(restore % 8));
    assert_eq!(got, want, "order {order:?}");
}

// ---------------------------------------------------------------------------------------------
// state

/// `state`: the first byte chooses what the rest is read as; the rest is JSON text, optionally
/// followed by [`SEP`] and events (as in [`lifecycle`]'s free mode) to apply to what was
/// restored.
///
/// Bits 0-1: 0 a tracker, 1 a call tree, 2 an event, 3 options. Restoring never panics; a
/// restored state saves, restores and saves again to the same text; applying events to a
/// restored (possibly hostile: over-long history, extreme numbers) state and classifying it
/// never panics. With the `wasm` feature, the binding's own JSON reader (lifecycle::json,
/// through `lifecycle_input`) accepts what serde accepts, with the same result.
pub fn state(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(2, |&b| b == SEP);
    let json = text(parts.next().unwrap_or_default());
    let events: Vec<Event> = parts
        .next()
        .map(|r| fields(r).into_iter().filter_map(event_of).collect())
        .unwrap_or_default();
    let opts = Options {
        dropped_below_seconds: Some(u32::from(mode >> 2)).filter(|&s| s != 0),
    };
    match mode & 3 {
        0 => {
            let restored = serde_json::from_str::<Tracker>(&json);
            #[cfg(feature = "wasm")]
            agree(
                "leg",
                &json,
                restored
                    .as_ref()
                    .ok()
                    .map(|t| serde_json::to_string(t).unwrap()),
            );
            if let Ok(mut t) = restored {
                round_trip_tracker(&t);
                let _ = (
                    t.outcome(),
                    t.outcome_with(&opts),
                    t.call_sid(),
                    t.leg_kind(),
                );
                for e in &events {
                    let a = t.apply_event(e);
                    assert_eq!(a.status, t.status());
                    let _ = t.outcome_with(&opts);
                }
                round_trip_tracker(&t);
            }
        }
        1 => {
            let restored = serde_json::from_str::<CallTree>(&json);
            #[cfg(feature = "wasm")]
            agree(
                "tree",
                &json,
                restored
                    .as_ref()
                    .ok()
                    .map(|t| serde_json::to_string(t).unwrap()),
            );
            if let Ok(mut t) = restored {
                round_trip_tree(&t);
                let _ = (t.outcome(), t.outcome_with(&opts), t.legs(), t.root());
                for e in &events {
                    let _ = t.apply_event(e);
                    let _ = t.outcome_with(&opts);
                }
                round_trip_tree(&t);
            }
        }
        2 => {
            let event = serde_json::from_str::<Event>(&json);
            #[cfg(feature = "wasm")]
            {
                // The binding reads the event with its own reader and applies it to a new leg;
                // serde's event applied the same way must give the same state.
                let theirs = event.as_ref().ok().map(|e| {
                    let mut t = Tracker::new();
                    t.apply_event(e);
                    serde_json::to_string(&t).unwrap()
                });
                let out = wasm_apply("leg", None, Some(&json), None);
                compare("event", &json, &out, theirs);
            }
            if let Ok(e) = event {
                let mut t = Tracker::new();
                let mut tree = CallTree::new();
                apply_checked(&mut t, &mut tree, &e, &opts);
                for e in &events {
                    apply_checked(&mut t, &mut tree, e, &opts);
                }
                round_trip_tracker(&t);
                round_trip_tree(&tree);
            }
        }
        _ => {
            let o = serde_json::from_str::<Options>(&json);
            #[cfg(feature = "wasm")]
            {
                let theirs = o
                    .as_ref()
                    .ok()
                    .map(|_| serde_json::to_string(&Tracker::new()).unwrap());
                let out = wasm_apply("leg", None, None, Some(&json));
                compare("options", &json, &out, theirs);
            }
            if let Ok(o) = o {
                let _ = serde_json::to_string(&o).unwrap();
            }
        }
    }
}

#[cfg(feature = "wasm")]
fn wasm_apply(
    kind: &str,
    state: Option<&str>,
    event: Option<&str>,
    options: Option<&str>,
) -> String {
    // Staged as the API module stages them: kind, state, body (none), callback JSON, options.
    let [k, s, b, e, o] = twilio_webhook::wasm::stage([
        Some(kind.as_bytes()),
        state.map(str::as_bytes),
        None,
        event.map(str::as_bytes),
        options.map(str::as_bytes),
    ])[..] else {
        unreachable!("five parts staged")
    };
    twilio_webhook::wasm::lifecycle::lifecycle_input(k, s, b, e, o)
}

/// The binding restores `json` as a `kind` state exactly when serde does, to the same state.
#[cfg(feature = "wasm")]
fn agree(kind: &str, json: &str, serde_state: Option<String>) {
    let out = wasm_apply(kind, Some(json), None, None);
    compare(kind, json, &out, serde_state);
}

/// `out` is `lifecycle_input`'s answer; `theirs` the state text serde's reading gives.
#[cfg(feature = "wasm")]
fn compare(what: &str, json: &str, out: &str, theirs: Option<String>) {
    let ours = out
        .strip_prefix('O')
        .map(|o| o.split('\n').next().unwrap_or_default().to_owned());
    match (&ours, &theirs) {
        (Some(a), Some(b)) => assert_eq!(a, b, "{what} {json:?}"),
        (None, None) => assert!(out.starts_with('E'), "{out}"),
        (None, Some(_)) if out.contains("invalid type: sequence") => {
            // Known difference: serde's derive also reads a struct from a sequence of its
            // fields, which this crate never writes and the binding's reader refuses.
        }
        (None, Some(_)) if out.contains("lone or unpaired surrogate") => {
            // Known difference: serde_json skips an unknown field's value without checking its
            // `\uXXXX` escapes pair up; the binding's reader checks the whole text. This crate
            // never writes a lone surrogate (its strings are UTF-8).
        }
        _ => panic!(
            "{what}: the binding's reader and serde disagree on {json:?}: {out} vs {theirs:?}"
        ),
    }
}
