//! The JavaScript surface, as lean as the boundary allows: numbers in, one number or one string
//! out. The API module encodes every string and byte array straight into an input buffer in
//! wasm memory ([`input_buffer`], `TextEncoder.encodeInto`) and each export receives the parts'
//! byte lengths, in a fixed order, negative for an absent part ([`stage`] does the same from
//! Rust). So no call converts a string argument, allocates per argument or builds a JS object,
//! and the wasm-bindgen glue is little more than the loader.
//!
//! Reading a JS object property by property and building result objects field by field cost
//! about twice the verification itself (each property name is decoded from wasm memory), and the
//! code to do it was a third of the module. So the npm package's API module (one JS file shared
//! by every runtime entry) checks argument types, flattens them into these positional calls, and
//! rebuilds the documented result shapes. No rule lives on either side of the boundary: sorting,
//! decoding, candidates, hashing and every decision stay in the core.
//!
//! Misuse found here (an empty secret, a URL that is not absolute http(s)) is an answer the API
//! module turns into a `TypeError` with the core's stable code: [`USAGE`] from a function that
//! answers a number (then [`take_usage_error`]), or a string starting with `U` + code + `\n` +
//! message.

use crate::callback::Callback;
use crate::error::UsageError;
use crate::form::Params;
use crate::limits::Limits;
use crate::signature::{self, Algorithm, Request, SigningPath, UrlVariant};
use crate::token::Keys;
use crate::Reason;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub mod lifecycle;

/// The module's allocator: talc, in place of Rust's default dlmalloc. The same speed here
/// (A/B in Node), 8.7 KB less code, and a cold start compiles the allocator at the first call.
/// Set only by this feature, which only the npm package's build enables, so a crate using
/// ours in its own wasm keeps its allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The error's code + `\n` + its message: how misuse is answered.
fn usage_line(e: &UsageError) -> String {
    format!("{}\n{e}", e.code())
}

/// `U` + [`usage_line`]: misuse, answered by a function whose answer is a string.
fn usage_text(e: &UsageError) -> String {
    format!("U{}", usage_line(e))
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
/// The body is not staged: the digest part holds its SHA-256 (from the host's native hash) and
/// `pairs` its length in bytes or an upper bound of it ([`Request::post_sha256`]). When the URL
/// does not take the `bodySHA256` path, or the bound exceeds the body limit, the call answers
/// [`NEED_BODY`] and the caller re-sends with [`MODE_POST`] and the body.
pub const MODE_DIGEST: u8 = 4;
/// The answer of a [`MODE_DIGEST`] call whose request needs the body's bytes.
pub const NEED_BODY: u32 = 0xFFFF_FFFD;
/// The answer of a [`MODE_PAIRS`] call whose NUL separators were ambiguous.
pub const AMBIGUOUS: u32 = 0xFFFF_FFFF;
/// The answer of [`verify_input`] when the call was misuse: [`take_usage_error`] tells which.
pub const USAGE: u32 = 0xFFFF_FFFE;

thread_local! {
    /// The misuse behind the last [`USAGE`] answer.
    static LAST_USAGE: RefCell<Option<UsageError>> = const { RefCell::new(None) };
}

/// The misuse behind the last [`USAGE`] answer, as `code` + `\n` + message (empty if none).
#[wasm_bindgen(js_name = takeUsageError)]
pub fn take_usage_error() -> String {
    LAST_USAGE
        .with_borrow_mut(Option::take)
        .map_or_else(String::new, |e| usage_line(&e))
}

thread_local! {
    /// The last keys, parsed and with their keyed HMAC states: a server verifies every request
    /// with the same keys, so this saves the parsing and two compressions per secret per call.
    static LAST_KEYS: RefCell<Option<(String, usize, Rc<Keys>)>> = const { RefCell::new(None) };
}

/// `keys` holds every secret followed by a NUL: the auth tokens first (`auth_count` of them),
/// then the SharedKey secrets.
fn keys_from(keys: &str, auth_count: usize) -> Result<Rc<Keys>, UsageError> {
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
        }?;
    }
    if k.is_empty() {
        return Err(UsageError::NoKeys);
    }
    let k = Rc::new(k);
    LAST_KEYS.with_borrow_mut(|c| *c = Some((keys.to_owned(), auth_count, Rc::clone(&k))));
    Ok(k)
}

/// Decodes `k\0v\0...`; `None` when the separators do not make `pairs` pairs.
fn nul_pairs(body: &str, pairs: usize) -> Option<Params<'_>> {
    // One pass over the bytes: names and values are short, where `split`'s memchr set-up per
    // field cost more than the scan (a NUL byte is always a whole character in UTF-8).
    // Each pair takes at least its two NULs: the caller's count cannot ask for more room.
    let mut out = Params::with_capacity(pairs.min(body.len() / 2));
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

/// The caller's limits, staged as five little-endian `f64`s (40 bytes): maxBodyBytes,
/// maxUrlBytes, maxParams, maxNameBytes, maxValueBytes; NaN for "the default". Numbers are
/// converted (saturating, so `Infinity` is no limit), not judged. Absent (or not 40 bytes, which
/// the API module never stages): every default.
fn limits_from(staged: Option<&[u8]>) -> Limits {
    let mut out = Limits::default();
    let Some(staged) = staged.filter(|b| b.len() == 40) else {
        return out;
    };
    let fields = [
        &mut out.max_body_bytes,
        &mut out.max_url_bytes,
        &mut out.max_params,
        &mut out.max_name_bytes,
        &mut out.max_value_bytes,
    ];
    for (field, x) in fields.into_iter().zip(staged.chunks_exact(8)) {
        let x = f64::from_le_bytes(x.try_into().unwrap_or([0xFF; 8]));
        if !x.is_nan() {
            *field = x as usize;
        }
    }
    out
}

/// The request for `mode`; `Ok(None)` for an ambiguous [`MODE_PAIRS`] body.
fn request<'a>(
    p: &Parts<'a>,
    mode: u8,
    pairs: usize,
    limits: Limits,
    digest: Option<[u8; 32]>,
) -> Result<Option<Request<'a>>, UsageError> {
    let req = match mode {
        MODE_DIGEST => {
            // `pairs` bounds the body's size from above (the API module does not count UTF-8
            // bytes): within the body limit the bound serves, beyond it only the bytes can tell.
            if pairs > limits.max_body_bytes {
                return Err(UsageError::BodyRequired);
            }
            Request::post_sha256(p.url, pairs, digest.ok_or_else(bad_digest)?)
        }
        MODE_GET => Request::get(p.url),
        MODE_PAIRS => {
            let text = core::str::from_utf8(p.body).unwrap_or("");
            let Some(params) = nul_pairs(text, pairs) else {
                return Ok(None);
            };
            Request::with_params(p.url, params)
        }
        MODE_FORM_PARAMS => Request::with_params(p.url, Params::parse(p.body)),
        _ => Request::post(p.url, p.content_type, p.body),
    }?;
    let req = match digest {
        Some(d) => req.with_body_sha256(d),
        None => req,
    };
    Ok(Some(
        req.with_signature(p.signature)
            .with_signature_settings(p.settings)
            .with_limits(limits),
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

/// The names behind [`pack`]'s numbers, read once by the API module: five lists (reasons,
/// reason messages, URL variants, algorithms, paths), each entry followed by a NUL, each list by
/// a `\n`.
#[wasm_bindgen(js_name = codeTables)]
pub fn code_tables() -> String {
    fn list(out: &mut String, names: impl Iterator<Item = &'static str>) {
        for n in names {
            out.push_str(n);
            out.push('\0');
        }
        out.push('\n');
    }
    let mut out = String::new();
    list(&mut out, Reason::ALL.iter().map(|r| r.code()));
    list(&mut out, Reason::ALL.iter().map(|r| r.message()));
    list(&mut out, UrlVariant::ALL.iter().map(|v| v.as_str()));
    list(&mut out, Algorithm::ALL.iter().map(|a| a.as_str()));
    list(&mut out, SigningPath::ALL.iter().map(|p| p.as_str()));
    out
}

/// A request's parts as the exports read them from the input buffer.
struct Parts<'a> {
    url: &'a str,
    content_type: Option<&'a str>,
    body: &'a [u8],
    signature: Option<&'a str>,
    settings: Option<&'a str>,
    keys: &'a str,
}

thread_local! {
    /// The input buffer: the API module encodes every part of a call straight into it
    /// (`TextEncoder.encodeInto`), so a call crosses the boundary as numbers only, with no
    /// per-argument allocation, copy or string conversion.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Above this, the input buffer is released after a call (a large body should not pin memory).
const INPUT_KEEP: usize = 256 * 1024;

/// Makes the input buffer at least `len` bytes long and answers its address in the module's
/// memory ([`memory`]), where the API module writes the parts of the next call; 0 when the
/// memory cannot grow that far (an allocation failure would abort, and end the instance).
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(len: usize) -> usize {
    INPUT.with_borrow_mut(|b| {
        if b.len() < len {
            b.clear();
            if b.try_reserve_exact(len).is_err() {
                *b = Vec::new();
                return 0;
            }
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

/// Writes `parts` into the input buffer one after another, as the API module does, and answers
/// their lengths (-1 for `None`): for calling the exports from Rust (tests).
///
/// # Example
///
/// ```
/// use twilio_webhook::wasm::{body_hash_input, stage};
/// let [body] = stage([Some(&b"{}"[..])])[..] else { unreachable!() };
/// assert_eq!(
///     body_hash_input(body),
///     "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
/// );
/// ```
pub fn stage<'p>(parts: impl IntoIterator<Item = Option<&'p [u8]>>) -> Vec<i32> {
    INPUT.with_borrow_mut(|b| {
        b.clear();
        parts
            .into_iter()
            .map(|p| match p {
                Some(p) => {
                    b.extend_from_slice(p);
                    i32::try_from(p.len()).unwrap_or(i32::MAX)
                }
                None => -1,
            })
            .collect()
    })
}

/// Reads the staged parts in order.
struct Staged<'a>(&'a [u8]);

impl<'a> Staged<'a> {
    /// The next part: `len` bytes, `None` when absent (negative) or past the end.
    fn bytes(&mut self, len: i32) -> Option<&'a [u8]> {
        let n = usize::try_from(len).ok()?;
        let (part, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(part)
    }

    /// The next part as text (the API module wrote it with `encodeInto`: always UTF-8).
    fn text(&mut self, len: i32) -> Result<Option<&'a str>, UsageError> {
        self.bytes(len)
            .map(core::str::from_utf8)
            .transpose()
            .map_err(|_| UsageError::InvalidArgument {
                name: "input",
                expected: "UTF-8 text",
            })
    }
}

/// Runs `f` on the staged input, then releases a large buffer.
fn with_input<T>(f: impl FnOnce(Staged<'_>) -> T) -> T {
    let out = INPUT.with_borrow(|b| f(Staged(b)));
    INPUT.with_borrow_mut(|b| {
        if b.len() > INPUT_KEEP {
            *b = Vec::new();
        }
    });
    out
}

/// Reads the parts of a request: URL, content type, body, signature, settings, keys.
fn parts<'a>(input: &mut Staged<'a>, lens: [i32; 6]) -> Result<Parts<'a>, UsageError> {
    let [url, content_type, body, signature, settings, keys] = lens;
    Ok(Parts {
        url: input.text(url)?.unwrap_or(""),
        content_type: input.text(content_type)?,
        body: input.bytes(body).unwrap_or(&[]),
        signature: input.text(signature)?,
        settings: input.text(settings)?,
        keys: input.text(keys)?.unwrap_or(""),
    })
}

/// The request of `p` (`None`: an ambiguous [`MODE_PAIRS`] body) and its keys. The exports
/// below take the same staged parts and flat arguments (wasm-bindgen exports take no structs
/// without glue); this is what they share.
fn keyed_request<'a>(
    p: &Parts<'a>,
    mode: u8,
    pairs: usize,
    auth_count: usize,
    limits: Limits,
    digest: Option<[u8; 32]>,
) -> Result<(Option<Request<'a>>, Rc<Keys>), UsageError> {
    let keys = keys_from(p.keys, auth_count)?;
    Ok((request(p, mode, pairs, limits, digest)?, keys))
}

/// A digest part that is absent in [`MODE_DIGEST`] or not 32 bytes.
fn bad_digest() -> UsageError {
    UsageError::InvalidArgument {
        name: "bodySha256",
        expected: "a SHA-256 digest (32 bytes)",
    }
}

/// Verifies a request; answers [`pack`]'s number, [`AMBIGUOUS`], [`NEED_BODY`] or [`USAGE`].
///
/// Staged parts: URL, content type, body, signature, settings, keys (each secret followed by a
/// NUL, the auth tokens first: `auth_count` of them), body digest (the body's SHA-256 from the
/// host's native hash, when it has one: 32 bytes, see [`Request::with_body_sha256`]), limits
/// (see [`limits_from`]). `mode`: [`MODE_POST`], [`MODE_GET`], [`MODE_PAIRS`] (with `pairs`),
/// [`MODE_FORM_PARAMS`] or [`MODE_DIGEST`] (no body; `pairs` bounds its length).
#[wasm_bindgen(js_name = verifyInput)]
#[allow(clippy::too_many_arguments)]
pub fn verify_input(
    mode: u8,
    url: i32,
    content_type: i32,
    body: i32,
    signature: i32,
    settings: i32,
    keys: i32,
    digest: i32,
    pairs: usize,
    auth_count: usize,
    limits: i32,
) -> u32 {
    let lens = [url, content_type, body, signature, settings, keys];
    let run = |mut input: Staged<'_>| -> Result<u32, UsageError> {
        let p = parts(&mut input, lens)?;
        let digest = input
            .bytes(digest)
            .map(<[u8; 32]>::try_from)
            .transpose()
            .map_err(|_| bad_digest())?;
        let limits = limits_from(input.bytes(limits));
        Ok(
            match keyed_request(&p, mode, pairs, auth_count, limits, digest)? {
                (None, _) => AMBIGUOUS,
                (Some(req), keys) => pack(&signature::verify(&req, &keys)),
            },
        )
    };
    with_input(run).unwrap_or_else(|e| {
        if e == UsageError::BodyRequired {
            return NEED_BODY;
        }
        LAST_USAGE.with_borrow_mut(|u| *u = Some(e));
        USAGE
    })
}

/// The diagnosis of the same parts as [`verify_input`], with the proxy headers in the digest's
/// place: Host, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port and Forwarded, each
/// followed by a NUL (empty: absent). Answers `O` + code, confirmed (`1` or `0`) and message of
/// each hint, each followed by a NUL; or `U` + misuse (see [`usage_text`]).
#[wasm_bindgen(js_name = diagnoseInput)]
#[allow(clippy::too_many_arguments)]
pub fn diagnose_input(
    mode: u8,
    url: i32,
    content_type: i32,
    body: i32,
    signature: i32,
    settings: i32,
    keys: i32,
    proxy: i32,
    pairs: usize,
    auth_count: usize,
    limits: i32,
) -> String {
    let lens = [url, content_type, body, signature, settings, keys];
    let run = |mut input: Staged<'_>| -> Result<String, UsageError> {
        let p = parts(&mut input, lens)?;
        let proxy = input.text(proxy)?.unwrap_or("");
        let limits = limits_from(input.bytes(limits));
        let mut out = String::from("O");
        let (Some(mut req), keys) = keyed_request(&p, mode, pairs, auth_count, limits, None)?
        else {
            return Ok(out);
        };
        let names = [
            "host",
            "x-forwarded-proto",
            "x-forwarded-host",
            "x-forwarded-port",
            "forwarded",
        ];
        for (name, value) in names.iter().zip(proxy.split('\0')) {
            if !value.is_empty() {
                req = req.with_header(name, value);
            }
        }
        for h in signature::diagnose(&req, &keys) {
            for field in [
                h.code.as_str(),
                if h.confirmed { "1" } else { "0" },
                &h.message,
            ] {
                out.push_str(field);
                out.push('\0');
            }
        }
        Ok(out)
    };
    with_input(run).unwrap_or_else(|e| usage_text(&e))
}

/// The signature Twilio would send (HMAC-SHA1) for a URL and parameters. Staged parts: auth
/// token, URL, body (a [`MODE_PAIRS`] body with `pairs`, or [`MODE_FORM_PARAMS`]). Answers `O` +
/// the signature, `A` for an ambiguous pairs body, or `U` + misuse.
#[wasm_bindgen(js_name = expectedSignatureInput)]
pub fn expected_signature_input(mode: u8, token: i32, url: i32, body: i32, pairs: usize) -> String {
    let run = |mut input: Staged<'_>| -> Result<String, UsageError> {
        let token = input.text(token)?.unwrap_or("");
        let url = input.text(url)?.unwrap_or("");
        let body = input.text(body)?.unwrap_or("");
        let params = match mode {
            MODE_PAIRS => match nul_pairs(body, pairs) {
                Some(p) => p,
                None => return Ok("A".into()),
            },
            _ => Params::parse(body.as_bytes()),
        };
        let sig = signature::expected_signature(Algorithm::HmacSha1, token, url, &params)?;
        Ok(format!("O{sig}"))
    };
    with_input(run).unwrap_or_else(|e| usage_text(&e))
}

/// Lower-case hex SHA-256 of the staged body.
#[wasm_bindgen(js_name = bodyHashInput)]
pub fn body_hash_input(body: i32) -> String {
    with_input(|mut input| signature::body_sha256_hex(input.bytes(body).unwrap_or(&[])))
}

/// Parses a callback (the staged form body or query string) into its JSON text, prefixed with
/// `O` when it parsed, or `E` and the [`ParseError`](crate::ParseError) as JSON when strict
/// parsing rejected it. With `lenient`, answers `O` and the lenient record. Staged parts: body,
/// limits.
#[wasm_bindgen(js_name = parseCallbackInput)]
pub fn parse_callback_input(body: i32, lenient: bool, limits: i32) -> String {
    with_input(|mut input| {
        let body = input.bytes(body).unwrap_or(&[]);
        let limits = limits_from(input.bytes(limits));
        let json = if lenient {
            serde_json::to_string(&Callback::parse_body_lenient(body, &limits))
                .map(|j| format!("O{j}"))
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
    })
}

/// The string the signature covers for the URL as received (see
/// [`signing_string`](signature::signing_string)), for [`MODE_POST`] or [`MODE_GET`], prefixed
/// with `O`; or `E` and the code of the limit the request is over; or `U` + misuse. Staged
/// parts: URL, content type, body, limits.
#[wasm_bindgen(js_name = signingStringInput)]
pub fn signing_string_input(
    mode: u8,
    url: i32,
    content_type: i32,
    body: i32,
    limits: i32,
) -> String {
    let run = |mut input: Staged<'_>| -> Result<String, UsageError> {
        let url = input.text(url)?.unwrap_or("");
        let content_type = input.text(content_type)?;
        let body = input.bytes(body).unwrap_or(&[]);
        let limits = limits_from(input.bytes(limits));
        let req = match mode {
            MODE_GET => Request::get(url),
            _ => Request::post(url, content_type, body),
        }?
        .with_limits(limits);
        Ok(match signature::signing_string(&req) {
            Ok(s) => format!("O{s}"),
            Err(limit) => format!("E{}", limit.code()),
        })
    };
    with_input(run).unwrap_or_else(|e| usage_text(&e))
}
