//! The JavaScript surface, as lean as the boundary allows: strings in, one number, a flat list
//! of strings or one JSON text out. Verification, the hot path, takes no strings at all: the API
//! module encodes the parts straight into an input buffer in wasm memory ([`input_buffer`]) and
//! [`verify_input`] receives their lengths.
//!
//! Reading a JS object property by property and building result objects field by field cost
//! about twice the verification itself (each property name is decoded from wasm memory), and the
//! code to do it was a third of the module. So the npm package's API module (one JS file shared
//! by every runtime entry) checks argument types, flattens them into these positional calls, and
//! rebuilds the documented result shapes. No rule lives on either side of the boundary: sorting,
//! decoding, candidates, hashing and every decision stay in the core.
//!
//! Misuse found here (an empty secret, a URL that is not absolute http(s)) throws a `TypeError`
//! whose `code` is the core's stable code.

use crate::callback::Callback;
use crate::error::UsageError;
use crate::form::Params;
use crate::limits::Limits;
use crate::signature::{self, Algorithm, Request, SigningPath, UrlVariant};
use crate::token::Keys;
use crate::Reason;
use js_sys::{Array, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub mod lifecycle;

/// A `TypeError` carrying the error's stable code.
fn type_error(e: &UsageError) -> JsValue {
    let err = js_sys::TypeError::new(&e.to_string());
    // Setting a property on a fresh object cannot fail; ignore the impossible error.
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

/// The body is sent as is (a POST with its content type).
pub const MODE_POST: u8 = 0;
/// A GET: the parameters are in the URL; the body is ignored.
pub const MODE_GET: u8 = 1;
/// The body holds decoded pairs, each name and value followed by a NUL (`k\0v\0k\0v\0`), and is
/// signed as form parameters whatever the URL holds (the drop-in `validateRequest`). If the NUL
/// count does not match `pairs`, a name or value held a NUL: the call answers [`AMBIGUOUS`] and
/// the caller re-sends with [`MODE_FORM_PARAMS`].
pub const MODE_PAIRS: u8 = 2;
/// The body holds the caller's parameters form-encoded; signed as form parameters whatever the
/// URL holds.
pub const MODE_FORM_PARAMS: u8 = 3;
/// The answer of a [`MODE_PAIRS`] call whose NUL separators were ambiguous.
pub const AMBIGUOUS: u32 = 0xFFFF_FFFF;

thread_local! {
    /// The last keys, parsed and with their keyed HMAC states: a server verifies every request
    /// with the same keys, so this saves the parsing and two compressions per secret per call.
    static LAST_KEYS: RefCell<Option<(String, usize, Rc<Keys>)>> = const { RefCell::new(None) };
}

/// `keys` holds every secret followed by a NUL: the auth tokens first (`auth_count` of them),
/// then the SharedKey secrets.
fn keys_from(keys: &str, auth_count: usize) -> Result<Rc<Keys>, JsValue> {
    let cached = LAST_KEYS.with_borrow(|c| {
        c.as_ref()
            .filter(|(k, n, _)| *k == keys && *n == auth_count)
            .map(|(_, _, parsed)| Rc::clone(parsed))
    });
    if let Some(k) = cached {
        return Ok(k);
    }
    let mut k = Keys::default();
    for (i, key) in keys.split_terminator('\0').enumerate() {
        k = if i < auth_count {
            k.with_auth_token(key)
        } else {
            k.with_shared_key(key)
        }
        .map_err(|e| type_error(&e))?;
    }
    if k.is_empty() {
        return Err(type_error(&UsageError::NoKeys));
    }
    let k = Rc::new(k);
    LAST_KEYS.with_borrow_mut(|c| *c = Some((keys.to_owned(), auth_count, Rc::clone(&k))));
    Ok(k)
}

/// Decodes `k\0v\0...`; `None` when the separators do not make `pairs` pairs.
fn nul_pairs(body: &str, pairs: usize) -> Option<Params<'_>> {
    // One pass over the bytes: names and values are short, where `split`'s memchr set-up per
    // field cost more than the scan (a NUL byte is always a whole character in UTF-8).
    let mut out = Params::default();
    let mut start = 0;
    let mut name = None;
    for (i, &b) in body.as_bytes().iter().enumerate() {
        if b == 0 {
            let field = body.get(start..i)?;
            start = i + 1;
            match name.take() {
                None => name = Some(field),
                Some(n) => out.push(n, field),
            }
        }
    }
    // Every field ended with a NUL, and they made exactly `pairs` pairs.
    (start == body.len() && name.is_none() && out.len() == pairs).then_some(out)
}

/// The caller's limits: `[maxBodyBytes, maxUrlBytes, maxParams, maxNameBytes, maxValueBytes]`,
/// NaN for "the default"; `None` for all defaults. Numbers are converted (saturating, so
/// `Infinity` is no limit), not judged.
fn limits_from(limits: Option<Vec<f64>>) -> Limits {
    let mut out = Limits::default();
    if let Some(v) = limits {
        let fields = [
            &mut out.max_body_bytes,
            &mut out.max_url_bytes,
            &mut out.max_params,
            &mut out.max_name_bytes,
            &mut out.max_value_bytes,
        ];
        for (field, x) in fields.into_iter().zip(v) {
            if !x.is_nan() {
                *field = x as usize;
            }
        }
    }
    out
}

fn body_of<'b>(text: &'b Option<String>, bytes: &'b Option<Box<[u8]>>) -> &'b [u8] {
    match (text, bytes) {
        (Some(t), _) => t.as_bytes(),
        (None, Some(b)) => b,
        (None, None) => &[],
    }
}

/// The request for `mode`; `Ok(None)` for an ambiguous [`MODE_PAIRS`] body.
#[allow(clippy::too_many_arguments)]
fn request<'a>(
    url: &'a str,
    mode: u8,
    content_type: Option<&'a str>,
    body: &'a [u8],
    pairs: usize,
    signature: Option<&'a str>,
    settings: Option<&'a str>,
    limits: Option<Vec<f64>>,
) -> Result<Option<Request<'a>>, JsValue> {
    let req = match mode {
        MODE_GET => Request::get(url),
        MODE_PAIRS => {
            let text = core::str::from_utf8(body).unwrap_or("");
            let Some(p) = nul_pairs(text, pairs) else {
                return Ok(None);
            };
            Request::with_params(url, p)
        }
        MODE_FORM_PARAMS => Request::with_params(url, Params::parse(body)),
        _ => Request::post(url, content_type, body),
    }
    .map_err(|e| type_error(&e))?;
    Ok(Some(
        req.with_signature(signature)
            .with_signature_settings(settings)
            .with_limits(limits_from(limits)),
    ))
}

fn position<T: PartialEq>(all: &[T], x: &T) -> u32 {
    all.iter().position(|y| y == x).unwrap_or(0) as u32
}

/// Packs a verification into one number: bits 0-3 are 0 when valid, else 1 + the reason's index
/// in [`Reason::ALL`]; bits 4-7 the URL variant, bit 8 the algorithm, bits 9-10 the path (indices
/// in their `ALL`), bits 16 and up the key index.
pub fn pack(r: &Result<signature::Verified, signature::SignatureError>) -> u32 {
    match r {
        Ok(v) => {
            position(&UrlVariant::ALL, &v.url_variant) << 4
                | position(&Algorithm::ALL, &v.algorithm) << 8
                | position(&SigningPath::ALL, &v.path) << 9
                | (v.key_index.min(0xFFFF) as u32) << 16
        }
        Err(e) => 1 + position(&Reason::ALL, &e.reason),
    }
}

/// The names behind [`pack`]'s numbers, read once by the API module:
/// `[reasons, reasonMessages, urlVariants, algorithms, paths]`.
#[wasm_bindgen(js_name = codeTables, unchecked_return_type = "string[][]")]
pub fn code_tables() -> JsValue {
    fn list(names: impl Iterator<Item = &'static str>) -> JsValue {
        names.map(JsValue::from_str).collect::<Array>().into()
    }
    [
        list(Reason::ALL.iter().map(|r| r.code())),
        list(Reason::ALL.iter().map(|r| r.message())),
        list(UrlVariant::ALL.iter().map(|v| v.as_str())),
        list(Algorithm::ALL.iter().map(|a| a.as_str())),
        list(SigningPath::ALL.iter().map(|p| p.as_str())),
    ]
    .into_iter()
    .collect::<Array>()
    .into()
}

/// Verifies a request given as parts; answers [`pack`]'s number (or [`AMBIGUOUS`]).
/// `keys` holds each secret followed by a NUL, the auth tokens (`auth_count` of them) first. The
/// body is `body_text` (its UTF-8 bytes) or else `body_bytes`. `limits`: see [`limits_from`].
/// `body_sha256`: the body's SHA-256 from the host's native hash, when it has one (see
/// [`Request::with_body_sha256`]); 32 bytes.
///
/// The npm package calls [`verify_input`], which reads the same parts from one buffer; this
/// owned-value form is for tests.
#[allow(clippy::too_many_arguments)]
pub fn verify_parts(
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
    limits: Option<Vec<f64>>,
    body_sha256: Option<Box<[u8]>>,
) -> Result<u32, JsValue> {
    verify_refs(
        Parts {
            url,
            content_type: content_type.as_deref(),
            body: body_of(&body_text, &body_bytes),
            signature: signature.as_deref(),
            settings: settings.as_deref(),
            keys: &keys,
            digest: body_sha256.as_deref(),
        },
        mode,
        pairs,
        auth_count,
        limits,
    )
}

/// A request's parts as [`verify_parts`] and [`verify_input`] receive them.
struct Parts<'a> {
    url: &'a str,
    content_type: Option<&'a str>,
    body: &'a [u8],
    signature: Option<&'a str>,
    settings: Option<&'a str>,
    keys: &'a str,
    digest: Option<&'a [u8]>,
}

fn verify_refs(
    p: Parts<'_>,
    mode: u8,
    pairs: usize,
    auth_count: usize,
    limits: Option<Vec<f64>>,
) -> Result<u32, JsValue> {
    let keys = keys_from(p.keys, auth_count)?;
    let digest = match p.digest.map(<[u8; 32]>::try_from).transpose() {
        Ok(d) => d,
        Err(_) => {
            return Err(type_error(&UsageError::InvalidArgument {
                name: "bodySha256",
                expected: "a SHA-256 digest (32 bytes)",
            }))
        }
    };
    let req = request(
        p.url,
        mode,
        p.content_type,
        p.body,
        pairs,
        p.signature,
        p.settings,
        limits,
    )?;
    Ok(req.map_or(AMBIGUOUS, |req| {
        let req = match digest {
            Some(d) => req.with_body_sha256(d),
            None => req,
        };
        pack(&signature::verify(&req, &keys))
    }))
}

thread_local! {
    /// The input buffer of [`verify_input`]: the API module encodes every part straight into
    /// it (`TextEncoder.encodeInto`), so a verification crosses the boundary as numbers only,
    /// with no per-argument allocation, copy or string conversion.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Above this, the input buffer is released after a call (a large body should not pin memory).
const INPUT_KEEP: usize = 256 * 1024;

/// Makes the input buffer at least `len` bytes long and answers its address in the module's
/// memory ([`memory`]), where the API module writes the parts of the next [`verify_input`].
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(len: usize) -> usize {
    INPUT.with_borrow_mut(|b| {
        if b.len() < len {
            b.resize(len, 0);
        }
        b.as_mut_ptr() as usize
    })
}

/// The module's memory, for writing into [`input_buffer`].
#[wasm_bindgen(js_name = wasmMemory)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// A text part of the input buffer (the API module wrote it with `encodeInto`: always UTF-8).
fn text(b: Option<&[u8]>) -> Result<Option<&str>, JsValue> {
    b.map(core::str::from_utf8).transpose().map_err(|_| {
        type_error(&UsageError::InvalidArgument {
            name: "input",
            expected: "UTF-8 text",
        })
    })
}

/// [`verify_parts`] with the parts read from the input buffer, one after another: URL, content
/// type, body, signature, settings, keys, body digest. Each `*_len` is a byte length, negative
/// for an absent part. Answers [`pack`]'s number (or [`AMBIGUOUS`]).
#[wasm_bindgen(js_name = verifyInput)]
#[allow(clippy::too_many_arguments)]
pub fn verify_input(
    mode: u8,
    url_len: i32,
    content_type_len: i32,
    body_len: i32,
    signature_len: i32,
    settings_len: i32,
    keys_len: i32,
    digest_len: i32,
    pairs: usize,
    auth_count: usize,
    limits: Option<Vec<f64>>,
) -> Result<u32, JsValue> {
    let out = INPUT.with_borrow(|buf| {
        let mut rest: &[u8] = buf;
        let mut take = |len: i32| -> Option<&[u8]> {
            let n = usize::try_from(len).ok()?;
            let (part, after) = rest.split_at_checked(n)?;
            rest = after;
            Some(part)
        };
        let url = text(take(url_len))?.unwrap_or("");
        let content_type = text(take(content_type_len))?;
        let body = take(body_len).unwrap_or(&[]);
        let signature = text(take(signature_len))?;
        let settings = text(take(settings_len))?;
        let keys = text(take(keys_len))?.unwrap_or("");
        let digest = take(digest_len);
        let parts = Parts {
            url,
            content_type,
            body,
            signature,
            settings,
            keys,
            digest,
        };
        verify_refs(parts, mode, pairs, auth_count, limits)
    });
    INPUT.with_borrow_mut(|b| {
        if b.len() > INPUT_KEEP {
            *b = Vec::new();
        }
    });
    out
}

/// The diagnosis of the same parts, flattened: `[code, confirmed ("1" or "0"), message, ...]`.
/// `proxy` holds the Host, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port and Forwarded
/// header values, `""` for an absent one.
#[wasm_bindgen(js_name = diagnoseParts)]
#[allow(clippy::too_many_arguments)]
pub fn diagnose_parts(
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
    limits: Option<Vec<f64>>,
) -> Result<Vec<String>, JsValue> {
    let keys = keys_from(&keys, auth_count)?;
    let Some(mut req) = request(
        url,
        mode,
        content_type.as_deref(),
        body_of(&body_text, &body_bytes),
        pairs,
        signature.as_deref(),
        settings.as_deref(),
        limits,
    )?
    else {
        return Ok(Vec::new());
    };
    let names = [
        "host",
        "x-forwarded-proto",
        "x-forwarded-host",
        "x-forwarded-port",
        "forwarded",
    ];
    for (name, value) in names.iter().zip(&proxy) {
        if !value.is_empty() {
            req = req.with_header(name, value);
        }
    }
    let mut out = Vec::new();
    for h in signature::diagnose(&req, &keys) {
        out.push(h.code.as_str().to_string());
        out.push(if h.confirmed { "1" } else { "0" }.to_string());
        out.push(h.message);
    }
    Ok(out)
}

/// The signature Twilio would send (HMAC-SHA1) for `url` and the parameters in `body` (a
/// [`MODE_PAIRS`] or [`MODE_FORM_PARAMS`] body); `None` for an ambiguous pairs body.
#[wasm_bindgen(js_name = expectedSignature)]
pub fn expected_signature(
    token: &str,
    url: &str,
    mode: u8,
    body: &str,
    pairs: usize,
) -> Result<Option<String>, JsValue> {
    let params = match mode {
        MODE_PAIRS => match nul_pairs(body, pairs) {
            Some(p) => p,
            None => return Ok(None),
        },
        _ => Params::parse(body.as_bytes()),
    };
    signature::expected_signature(Algorithm::HmacSha1, token, url, &params)
        .map(Some)
        .map_err(|e| type_error(&e))
}

/// Lower-case hex SHA-256 of the body.
#[wasm_bindgen(js_name = bodyHash)]
pub fn body_hash(body_text: Option<String>, body_bytes: Option<Box<[u8]>>) -> String {
    signature::body_sha256_hex(body_of(&body_text, &body_bytes))
}

/// Parses a callback (a form body or query string) into its JSON text, prefixed with `O` when
/// it parsed, or `E` and the [`ParseError`](crate::ParseError) as JSON when strict parsing
/// rejected it. With `lenient`, answers `O` and the lenient record. `limits`: see
/// [`limits_from`].
#[wasm_bindgen(js_name = parseCallbackParts)]
pub fn parse_callback_parts(
    body_text: Option<String>,
    body_bytes: Option<Box<[u8]>>,
    lenient: bool,
    limits: Option<Vec<f64>>,
) -> String {
    let body = body_of(&body_text, &body_bytes);
    let limits = limits_from(limits);
    let json = if lenient {
        serde_json::to_string(&Callback::parse_body_lenient(body, &limits)).map(|j| format!("O{j}"))
    } else {
        match Callback::parse_body(body, &limits) {
            Ok(c) => serde_json::to_string(&c).map(|j| format!("O{j}")),
            Err(e) => serde_json::to_string(&e).map(|j| format!("E{j}")),
        }
    };
    // Our records always serialise; a failure would be a bug, answered as a coded error.
    json.unwrap_or_else(|_| {
        r#"E{"code":"internal_error","message":"could not serialise the callback"}"#.to_string()
    })
}

/// The string the signature covers for the URL as received (see
/// [`signing_string`](signature::signing_string)), for [`MODE_POST`] or [`MODE_GET`], prefixed
/// with `O`; or `E` and the code of the limit the request is over. The body is `body_text` (its
/// UTF-8 bytes) or else `body_bytes`. `limits`: see [`limits_from`].
#[wasm_bindgen(js_name = signingString)]
pub fn signing_string(
    url: &str,
    mode: u8,
    content_type: Option<String>,
    body_text: Option<String>,
    body_bytes: Option<Box<[u8]>>,
    limits: Option<Vec<f64>>,
) -> Result<String, JsValue> {
    let body = body_of(&body_text, &body_bytes);
    let req = match mode {
        MODE_GET => Request::get(url),
        _ => Request::post(url, content_type.as_deref(), body),
    }
    .map_err(|e| type_error(&e))?
    .with_limits(limits_from(limits));
    Ok(match signature::signing_string(&req) {
        Ok(s) => format!("O{s}"),
        Err(limit) => format!("E{}", limit.code()),
    })
}
