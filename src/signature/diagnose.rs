//! Why a signature failed: recompute under the mistakes users actually make and report which
//! one explains the header.
//!
//! Each hint either is *confirmed* (recomputing under that one change reproduces the header, so
//! it is the cause) or is a suspicion (something in the request commonly causes failures). A hint
//! never turns a failure into a success, and never contains a secret or an expected signature:
//! only codes, URLs (which are not secret) and plain words.

use super::url::SignedUrl;
use super::{decode_signature, mac, Algorithm, Path, Request, SignatureSettings};
use crate::error::Reason;
use crate::form::{Dedup, Params};
use crate::token::Keys;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::rc::Rc;

/// The stable code of a [`Hint`], shared by Rust, JavaScript and the inspector.
///
/// # Example
///
/// ```
/// assert_eq!(twilio_webhook::HintCode::SchemeMismatch.as_str(), "scheme_mismatch");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum HintCode {
    /// The signature header is absent; a proxy or framework may have dropped it.
    SignatureHeaderMissing,
    /// The header is not standard base64 of one MAC (URL-safe alphabet, no padding, hex...).
    SignatureMalformed,
    /// The header has white space around it.
    SignatureWhitespace,
    /// The signature was made with the other algorithm (SHA-256 vs SHA-1): the settings header
    /// is missing, or was added.
    OtherAlgorithm,
    /// The signature was made with a key listed under the other kind (auth token vs SharedKey).
    OtherKeyType,
    /// No key is listed for the algorithm the request names.
    NoKeyForAlgorithm,
    /// A listed key has white space around it, and the trimmed key signs the request.
    TokenWhitespace,
    /// The request was signed over the other scheme (`https` vs `http`): TLS ended at a proxy.
    SchemeMismatch,
    /// The request was signed over another port.
    PortMismatch,
    /// The URL rebuilt from `X-Forwarded-*` / `Forwarded` / `Host` signs the request: the URL
    /// given is the internal one.
    ProxyRewrittenUrl,
    /// twilio-node 6.2's normalisation fallback would accept this URL; this library (and every
    /// other official helper) does not.
    NodeNormalization,
    /// The query string was re-encoded (`+` vs `%20`, `%27` vs `'`, escape case).
    QueryReencoded,
    /// A trailing slash was added or removed.
    TrailingSlash,
    /// The signature covers the URL alone; the body parameters were not signed (GET parameters
    /// passed twice, or a body that is not the one Twilio sent).
    ParamsNotSigned,
    /// The signature over the URL was made with the body parameters appended.
    ParamsSignedTwice,
    /// The signer used only the first value of a repeated key (twilio-go, twilio-java).
    RepeatedKeysFirstValue,
    /// The signer did not de-duplicate repeated values.
    RepeatedKeysNotDeduplicated,
    /// The signer sorted names or values by UTF-16 code units (twilio-node, twilio-java), which
    /// differs from code-point order only around supplementary-plane characters.
    Utf16SortOrder,
    /// A non-form body whose URL has no `bodySHA256`.
    BodyNotForm,
    /// The body is a form, but the content type says otherwise.
    ContentTypeMismatch,
    /// `bodySHA256` is empty.
    BodyHashEmpty,
    /// `bodySHA256` is upper-case hex; Twilio sends lower case.
    BodyHashUppercase,
    /// The body lost its leading UTF-8 byte-order mark (`Request.text()` drops it).
    BodyBomStripped,
    /// A newline was added or removed at the end of the body.
    BodyNewline,
    /// The body looks re-serialised (`JSON.stringify(JSON.parse(body))`).
    BodyReserialized,
    /// The settings header names an algorithm that does not exist.
    UnknownAlgorithm,
    /// Nothing tried explains the signature: most likely another auth token or another URL.
    NoVariantMatched,
}

impl HintCode {
    /// The stable snake_case code.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::HintCode::TokenWhitespace.as_str(), "token_whitespace");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            HintCode::SignatureHeaderMissing => "signature_header_missing",
            HintCode::SignatureMalformed => "signature_malformed",
            HintCode::SignatureWhitespace => "signature_whitespace",
            HintCode::OtherAlgorithm => "other_algorithm",
            HintCode::OtherKeyType => "other_key_type",
            HintCode::NoKeyForAlgorithm => "no_key_for_algorithm",
            HintCode::TokenWhitespace => "token_whitespace",
            HintCode::SchemeMismatch => "scheme_mismatch",
            HintCode::PortMismatch => "port_mismatch",
            HintCode::ProxyRewrittenUrl => "proxy_rewritten_url",
            HintCode::NodeNormalization => "node_normalization",
            HintCode::QueryReencoded => "query_reencoded",
            HintCode::TrailingSlash => "trailing_slash",
            HintCode::ParamsNotSigned => "params_not_signed",
            HintCode::ParamsSignedTwice => "params_signed_twice",
            HintCode::RepeatedKeysFirstValue => "repeated_keys_first_value",
            HintCode::RepeatedKeysNotDeduplicated => "repeated_keys_not_deduplicated",
            HintCode::Utf16SortOrder => "utf16_sort_order",
            HintCode::BodyNotForm => "body_not_form",
            HintCode::ContentTypeMismatch => "content_type_mismatch",
            HintCode::BodyHashEmpty => "body_hash_empty",
            HintCode::BodyHashUppercase => "body_hash_uppercase",
            HintCode::BodyBomStripped => "body_bom_stripped",
            HintCode::BodyNewline => "body_newline",
            HintCode::BodyReserialized => "body_reserialized",
            HintCode::UnknownAlgorithm => "unknown_algorithm",
            HintCode::NoVariantMatched => "no_variant_matched",
        }
    }
}

/// One finding of [`diagnose`].
///
/// # Example
///
/// ```
/// use twilio_webhook::{diagnose, HintCode, Keys, Request};
/// // Twilio signed the public https URL; the app saw http behind its TLS proxy.
/// let body = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
/// let req = Request::post_form("http://mycompany.com/myapp.php?foo=1&bar=2", body)?
///     .with_signature(Some("RSOYDt4T1cUTdK1PDd93/VVr8B8="));
/// let hints = diagnose(&req, &Keys::auth_token("12345")?);
/// assert_eq!(hints[0].code, HintCode::SchemeMismatch);
/// assert!(hints[0].confirmed);
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Hint {
    /// The stable code.
    pub code: HintCode,
    /// `true` when recomputing under this one change reproduces the header exactly.
    pub confirmed: bool,
    /// What happened and what to change, in plain words. Never contains a secret.
    pub message: String,
}

/// Explains why `req` does not verify with `keys`. Empty when it verifies, and when the request
/// is over one of its [`Limits`](crate::Limits) (the reason says which, and nothing more is
/// done with such a request).
///
/// Costs up to a few hundred HMACs, so it is separate from [`verify`](super::verify): call it
/// after a failure, when someone will read the answer. Its work is bounded: its hypotheses hash
/// 2 MiB at most in all, which tries every one of them for a form body up to ~50 KB (a Voice
/// callback is under 3 KB) and the most likely ones for a larger body, whose
/// [`NoVariantMatched`](HintCode::NoVariantMatched) hint then says how many were skipped.
///
/// # Example
///
/// ```
/// use twilio_webhook::{diagnose, HintCode, Keys, Request};
/// let req = Request::get("https://h/x")?.with_signature(Some("not base64!"));
/// let hints = diagnose(&req, &Keys::auth_token("12345")?);
/// assert_eq!(hints[0].code, HintCode::SignatureMalformed);
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
pub fn diagnose(req: &Request<'_>, keys: &Keys) -> Vec<Hint> {
    match super::verify(req, keys) {
        Ok(_) => Vec::new(),
        Err(e) => diagnose_failure(req, keys, e.reason),
    }
}

/// The diagnosis of a request [`verify`](super::verify) rejected for `reason` (so that
/// [`check`](crate::check) does not verify it twice).
pub(crate) fn diagnose_failure(req: &Request<'_>, keys: &Keys, reason: Reason) -> Vec<Hint> {
    if reason.limit().is_some() {
        return Vec::new();
    }
    let mut d = Diagnosis {
        req,
        keys,
        hints: Vec::new(),
        budget: Budget::new(),
    };
    d.run(reason);
    if !d.hints.iter().any(|h| h.confirmed) && reason == Reason::SignatureMismatch {
        let mut message = String::from(
            "no port, scheme, proxy, encoding, key or parameter variant reproduces the signature: \
             either the request was not sent by Twilio or was altered on the way (its body or \
             URL changed), or the key is wrong (a secondary token not yet promoted, or another \
             account's token), or the URL is not exactly the one configured in Twilio",
        );
        let skipped = d.budget.skipped();
        if skipped > 0 {
            message.push_str(&format!(
                " ({skipped} less likely variants were not tried: the body is larger than any \
                 Twilio webhook, and trying them all would hash it dozens of times)"
            ));
        }
        d.push(HintCode::NoVariantMatched, false, message);
    }
    d.hints
}

struct Diagnosis<'r, 'a> {
    req: &'r Request<'a>,
    keys: &'r Keys,
    hints: Vec<Hint>,
    budget: Budget,
}

/// How many bytes the diagnosis may still hash, shared by its trials. Each hypothesis is an
/// HMAC over a URL and the signed parameters (or a SHA-256 of the body): for a realistic
/// callback the whole diagnosis hashes well under a megabyte, but for an unsigned 1 MiB body
/// (no Twilio webhook is that large) every hypothesis would hash it again, tens of milliseconds
/// of CPU per junk request to whoever diagnoses every failure ([`check`](crate::check)). The
/// hypotheses come in order of likelihood; those past the budget are not tried, and the
/// `no_variant_matched` hint then says so.
#[derive(Clone)]
struct Budget(Rc<Cell<(usize, usize)>>);

/// Bytes hashed by all the trials of one diagnosis, at most. A failing 676-byte status
/// callback takes about 40 passes (26 KB): every hypothesis is still tried for form bodies up to
/// ~50 KB (a Voice callback is under 3 KB); a 1 MiB body gets two.
const TRIAL_BYTES: usize = 2 << 20;

impl Budget {
    fn new() -> Self {
        Budget(Rc::new(Cell::new((TRIAL_BYTES, 0))))
    }

    /// Whether a trial over `bytes` may still be run (if not, it counts as skipped).
    fn affords(&self, bytes: usize) -> bool {
        let (left, skipped) = self.0.get();
        let ok = bytes <= left;
        if !ok {
            self.0.set((left, skipped + 1));
        }
        ok
    }

    /// [`affords`](Self::affords), and if so, counts the bytes as hashed.
    fn spend(&self, bytes: usize) -> bool {
        let ok = self.affords(bytes);
        if ok {
            let (left, skipped) = self.0.get();
            self.0.set((left - bytes, skipped));
        }
        ok
    }

    /// How many trials were not run.
    fn skipped(&self) -> usize {
        self.0.get().1
    }
}

/// The pieces a trial needs: which secrets, which algorithm, which signature bytes.
struct Trial<'t> {
    algorithm: Algorithm,
    secrets: Vec<&'t [u8]>,
    signature: Vec<u8>,
    budget: Budget,
}

impl<'t> Trial<'t> {
    /// A trial with the secrets `algorithm` is keyed with.
    fn with_keys_of(
        algorithm: Algorithm,
        keys: &'t Keys,
        signature: Vec<u8>,
        budget: &Budget,
    ) -> Self {
        Trial {
            algorithm,
            secrets: algorithm.secrets(keys).iter().map(|s| s.bytes()).collect(),
            signature,
            budget: budget.clone(),
        }
    }

    /// Whether any secret signs any of `urls` (each with its two port candidates) + `suffix`.
    // Called from a dozen places: one copy keeps the diagnosis small in wasm.
    #[inline(never)]
    fn any(&self, urls: &[String], suffix: &[u8], with_port_candidates: bool) -> bool {
        urls.iter().any(|u| {
            let mut spellings = vec![u.clone()];
            if with_port_candidates {
                if let Ok(parsed) = SignedUrl::parse(u) {
                    let (c, n) = parsed.candidates();
                    spellings = c
                        .iter()
                        .take(n)
                        .flatten()
                        .map(|c| c.to_string_lossy())
                        .collect();
                }
            }
            spellings.iter().any(|s| {
                self.secrets.iter().any(|k| {
                    self.budget.spend(s.len() + suffix.len())
                        && mac(self.algorithm, k, &[s], suffix) == self.signature
                })
            })
        })
    }
}

impl Diagnosis<'_, '_> {
    #[inline(never)]
    fn push(&mut self, code: HintCode, confirmed: bool, message: String) {
        if !self.hints.iter().any(|h| h.code == code) {
            self.hints.push(Hint {
                code,
                confirmed,
                message,
            });
        }
    }

    fn run(&mut self, reason: Reason) {
        let settings = SignatureSettings::parse(self.req.settings);
        let algorithm = match settings.algorithm() {
            Ok(a) => a,
            Err(name) => {
                self.push(
                    HintCode::UnknownAlgorithm,
                    false,
                    format!(
                        "X-Twilio-Webhooks-Signature-Settings names algorithm \"{}\"; Twilio \
                         uses HMAC_SHA1 (auth token) or HMAC_SHA256 (SharedKey)",
                        clip(name)
                    ),
                );
                return;
            }
        };
        let header = match self.req.signature {
            Some(h) if !h.is_empty() => h,
            _ => {
                self.push(
                    HintCode::SignatureHeaderMissing,
                    false,
                    "the request has no X-Twilio-Signature header: requests from Twilio always \
                     carry it, so either this request did not come from Twilio or a proxy or \
                     framework dropped the header before your code"
                        .into(),
                );
                return;
            }
        };
        // Within the limits: verify checked them.
        let Ok((path, suffix)) = self.req.prepare() else {
            return;
        };
        if path == Path::MissingBodyHash {
            self.body_not_form(algorithm, header);
            return;
        }
        let Some(signature) = self.signature_bytes(header, algorithm) else {
            return;
        };
        let main = Trial::with_keys_of(algorithm, self.keys, signature, &self.budget);
        if main.secrets.is_empty() {
            self.push(
                HintCode::NoKeyForAlgorithm,
                false,
                match algorithm {
                    Algorithm::HmacSha256 => {
                        "the request is signed with a SharedKey \
                        (HMAC_SHA256 in X-Twilio-Webhooks-Signature-Settings) but no SharedKey \
                        secret was given: pass it in sharedKeys"
                    }
                    Algorithm::HmacSha1 => {
                        "the request is signed with an auth token (no \
                        X-Twilio-Webhooks-Signature-Settings header) but no auth token was given"
                    }
                }
                .into(),
            );
        }
        let url = vec![self.req.url.raw.to_string()];
        if reason == Reason::BodyHashMismatch {
            self.body_hash(path);
            return;
        }
        self.keys_and_algorithms(&main, &url, &suffix);
        self.url_variants(&main, &suffix);
        self.params_variants(&main, &url, path);
        if reason == Reason::SignatureMismatch && path == Path::BodyHash {
            self.body_hash(path);
        }
    }

    /// Decodes the header, forgiving the spellings users produce, and says what was wrong.
    fn signature_bytes(&mut self, header: &str, algorithm: Algorithm) -> Option<Vec<u8>> {
        if let Some(b) = decode_signature(header, algorithm) {
            return Some(b);
        }
        let trimmed = header.trim();
        if trimmed.len() != header.len() {
            if let Some(b) = decode_signature(trimmed, algorithm)
                .or_else(|| decode_signature(trimmed, algorithm.other()))
            {
                self.push(
                    HintCode::SignatureWhitespace,
                    false,
                    "the X-Twilio-Signature value has white space around it; Twilio sends none, \
                     and it is compared exactly: pass the header value untouched"
                        .into(),
                );
                return Some(b);
            }
        }
        if let Some(b) = decode_signature(header, algorithm.other()) {
            // The other algorithm's length: the algorithm hint below explains it.
            return Some(b);
        }
        let lens = [20, 32];
        let what = if header.len() == 40 || header.len() == 64 {
            header
                .bytes()
                .all(|c| c.is_ascii_hexdigit())
                .then_some("a hex digest")
        } else {
            None
        };
        let what = what.or_else(|| {
            let d = loose_base64(trimmed)?;
            lens.contains(&d.len())
                .then_some(if trimmed.contains(['-', '_']) {
                    "URL-safe base64 (- and _ instead of + and /)"
                } else {
                    "base64 without its = padding"
                })
        });
        let message = match what {
            Some(w) => format!(
                "the X-Twilio-Signature value is {w}; Twilio sends standard base64 with padding \
                 (28 characters for HMAC-SHA1, 44 for HMAC-SHA256) and it is compared exactly"
            ),
            None => format!(
                "the X-Twilio-Signature value is not a base64 HMAC ({} characters; expected {} \
                 for {}): it was not produced by Twilio, or was altered on the way",
                header.chars().count(),
                algorithm.mac_len().div_ceil(3) * 4,
                algorithm.as_str()
            ),
        };
        self.push(HintCode::SignatureMalformed, false, message);
        // Keep diagnosing with the decoded bytes of a misspelled header, if any.
        let d = loose_base64(trimmed).filter(|d| lens.contains(&d.len()));
        d.or_else(|| hex_decode(header))
    }

    fn keys_and_algorithms(&mut self, main: &Trial<'_>, url: &[String], suffix: &[u8]) {
        let keys = self.keys;
        let all: Vec<&[u8]> = keys
            .auth_tokens
            .iter()
            .chain(&keys.shared_keys)
            .map(|s| s.bytes())
            .collect();
        let other = main.algorithm.other();
        let trial = |algorithm, secrets| Trial {
            algorithm,
            secrets,
            signature: main.signature.clone(),
            budget: main.budget.clone(),
        };
        if trial(other, all.clone()).any(url, suffix, true) {
            let message = match other {
                Algorithm::HmacSha256 => {
                    "the signature is HMAC-SHA256 (a SharedKey signature) but \
                    the request has no X-Twilio-Webhooks-Signature-Settings header naming \
                    algorithm=HMAC_SHA256: pass that header through to the verifier"
                }
                Algorithm::HmacSha1 => {
                    "the signature is HMAC-SHA1 (an auth-token signature) but \
                    X-Twilio-Webhooks-Signature-Settings names HMAC_SHA256: the settings header \
                    does not belong to this request"
                }
            };
            self.push(HintCode::OtherAlgorithm, true, message.into());
        }
        let other_list: Vec<&[u8]> = other.secrets(keys).iter().map(|s| s.bytes()).collect();
        if trial(main.algorithm, other_list).any(url, suffix, true) {
            let message = match main.algorithm {
                Algorithm::HmacSha1 => {
                    "the request is signed with a key you listed under \
                    sharedKeys, using HMAC-SHA1: list it as an auth token"
                }
                Algorithm::HmacSha256 => {
                    "the request is signed with a key you listed as an auth \
                    token, using HMAC-SHA256: list it under sharedKeys"
                }
            };
            self.push(HintCode::OtherKeyType, true, message.into());
        }
        let trimmed: Vec<&[u8]> = keys
            .auth_tokens
            .iter()
            .chain(&keys.shared_keys)
            .filter_map(|s| s.trimmed())
            .collect();
        if !trimmed.is_empty() {
            let confirmed = [main.algorithm, other]
                .into_iter()
                .any(|a| trial(a, trimmed.clone()).any(url, suffix, true));
            self.push(
                HintCode::TokenWhitespace,
                confirmed,
                if confirmed {
                    "a listed key has white space around it (often a trailing newline from an \
                     environment file); without it the signature matches: trim the key"
                } else {
                    "a listed key has white space around it (often a trailing newline from an \
                     environment file); auth tokens never contain white space"
                }
                .into(),
            );
        }
    }

    fn url_variants(&mut self, main: &Trial<'_>, suffix: &[u8]) {
        let u = self.req.url;
        let (scheme, mid, port, rest) = (u.scheme(), u.middle(), u.port_part(), u.rest());
        let other_scheme = if u.is_https() { "http" } else { "https" };

        // TLS ended at a proxy (or the reverse): the other scheme, its default port or none.
        let swapped = [
            format!("{other_scheme}{mid}{rest}"),
            format!("{other_scheme}{mid}{port}{rest}"),
        ];
        // The message names the spelling that matched: with an explicit port, the one keeping it.
        if let Some(matched) = swapped
            .iter()
            .find(|url| main.any(std::slice::from_ref(*url), suffix, true))
        {
            self.push(
                HintCode::SchemeMismatch,
                true,
                format!(
                    "the signature matches {matched}: Twilio requested {other_scheme}:// but you \
                     passed {scheme}:// (TLS is usually terminated by a proxy or load \
                     balancer); pass the public URL configured in Twilio, or honour \
                     X-Forwarded-Proto from a trusted proxy"
                ),
            );
        }

        // The public URL rebuilt from proxy headers.
        if let Some(public) = self.public_url() {
            if public != u.raw && main.any(std::slice::from_ref(&public), suffix, true) {
                self.push(
                    HintCode::ProxyRewrittenUrl,
                    true,
                    format!(
                        "the signature matches {public}, the URL rebuilt from the proxy headers \
                         (X-Forwarded-Proto / X-Forwarded-Host / Forwarded / Host): you passed \
                         the internal URL; pass the public one configured in Twilio"
                    ),
                );
            }
        }

        // Another port: the other scheme's default, or a common development port.
        for p in [
            ":443", ":80", ":8443", ":8080", ":3000", ":5000", ":8000", ":8787", ":4000", ":9000",
        ] {
            if p == port || p == u.default_port() {
                continue;
            }
            let url = format!("{scheme}{mid}{p}{rest}");
            if main.any(std::slice::from_ref(&url), suffix, false) {
                self.push(
                    HintCode::PortMismatch,
                    true,
                    format!(
                        "the signature matches {url}: Twilio requested port {} but the URL you \
                         passed has {}; pass the port Twilio used (the one in the webhook URL \
                         configured in Twilio)",
                        p.trim_start_matches(':'),
                        if port.is_empty() {
                            "none"
                        } else {
                            port.trim_start_matches(':')
                        },
                    ),
                );
                break;
            }
        }

        // Trailing slash on the path.
        let (path, tail) = rest.split_at(rest.find(['?', '#']).unwrap_or(rest.len()));
        let toggled = match path.strip_suffix('/') {
            Some(p) => format!("{scheme}{mid}{port}{p}{tail}"),
            None => format!("{scheme}{mid}{port}{path}/{tail}"),
        };
        if main.any(std::slice::from_ref(&toggled), suffix, true) {
            self.push(
                HintCode::TrailingSlash,
                true,
                format!(
                    "the signature matches {toggled}: the path differs by a trailing slash \
                     (a router or proxy may add or remove it); use the URL exactly as \
                     configured in Twilio"
                ),
            );
        }

        // twilio-node 6.2's normalisation fallback, then generic query re-encodings.
        let node = node_normalisations(u.raw);
        if main.any(&node, suffix, true) {
            self.push(
                HintCode::NodeNormalization,
                true,
                "twilio-node 6.2 would accept this request: it retries with the URL normalised \
                 by new URL() and the query re-encoded by querystring, which no other helper \
                 does. The URL you passed is not the spelling Twilio signed (the encoding of \
                 the path or query differs); pass the URL exactly as received"
                    .into(),
            );
        }
        let reencoded = query_reencodings(u.raw);
        if main.any(&reencoded, suffix, true) {
            self.push(
                HintCode::QueryReencoded,
                true,
                "the signature matches the same URL with its query string encoded differently \
                 (+ vs %20, %27 vs ', escape case): something rebuilt the query from parsed \
                 parameters; pass the raw request URL"
                    .into(),
            );
        }
    }

    /// `proto://host[:port]` + path from the proxy headers, when they say something.
    fn public_url(&self) -> Option<String> {
        let p = self.req.proxy;
        let u = self.req.url;
        let mut proto = first_token(p.x_forwarded_proto);
        let mut host = first_token(p.x_forwarded_host);
        if let Some(fwd) = p.forwarded {
            // RFC 7239: the first element's proto= and host=.
            let first = fwd.split(',').next().unwrap_or("");
            for pair in first.split(';') {
                if let Some((k, v)) = pair.split_once('=') {
                    let v = v.trim().trim_matches('"');
                    match k.trim().to_ascii_lowercase().as_str() {
                        "proto" if proto.is_none() => proto = Some(v),
                        "host" if host.is_none() => host = Some(v),
                        _ => {}
                    }
                }
            }
        }
        let host = host.or_else(|| first_token(p.host));
        if proto.is_none() && host.is_none() {
            return None;
        }
        let proto = proto.unwrap_or(u.scheme());
        let mut authority = host.unwrap_or(u.host()).to_string();
        if let Some(port) = first_token(p.x_forwarded_port) {
            if !authority.contains(':') || authority.ends_with(']') {
                authority = format!("{authority}:{port}");
            }
        }
        Some(format!("{proto}://{authority}{}", u.rest()))
    }

    fn params_variants(&mut self, main: &Trial<'_>, url: &[String], path: Path) {
        match (&self.req.body, path) {
            (_, Path::Form) => {
                if main.any(url, b"", true) {
                    self.push(
                        HintCode::ParamsNotSigned,
                        true,
                        "the signature covers the URL alone, without the body parameters: \
                         for a GET webhook pass the full URL and no parameters (passing the \
                         query parameters again as params breaks it); for a POST the body is \
                         not the one Twilio signed"
                            .into(),
                    );
                }
                // Four re-sorted copies of the parameters, each worth one trial at most.
                if !self.budget.affords(self.req.body().len()) {
                    return;
                }
                let params = self.req.params();
                let mut utf16 = Vec::new();
                params.write_suffix(&mut utf16, Dedup::Utf16Sorted);
                let mut std_suffix = Vec::new();
                params.write_suffix(&mut std_suffix, Dedup::DistinctSorted);
                if utf16 != std_suffix && main.any(url, &utf16, true) {
                    self.push(
                        HintCode::Utf16SortOrder,
                        true,
                        "the signature was computed with names or values sorted by UTF-16 code \
                         units (twilio-node and twilio-java do this); this library sorts by code \
                         point like twilio-python, and the two differ only when a character \
                         above U+FFFF meets one from U+E000 to U+FFFF"
                            .into(),
                    );
                }
                for (policy, code, message) in [
                    (
                        Dedup::FirstValue,
                        HintCode::RepeatedKeysFirstValue,
                        "the signature was computed with only the first value of each repeated \
                         key (twilio-go / twilio-java style); Twilio signs every distinct value, \
                         sorted: regenerate the fixture with twilio-node or twilio-python",
                    ),
                    (
                        Dedup::AllSorted,
                        HintCode::RepeatedKeysNotDeduplicated,
                        "the signature was computed without de-duplicating repeated values; \
                         Twilio signs each distinct value once: regenerate the fixture with \
                         twilio-node or twilio-python",
                    ),
                ] {
                    let mut s = Vec::new();
                    params.write_suffix(&mut s, policy);
                    if s != std_suffix && main.any(url, &s, true) {
                        self.push(code, true, message.into());
                    }
                }
            }
            (_, Path::Url) => {
                // A GET whose signature includes its query parameters appended once more.
                let query = Params::parse(self.req.url.query().unwrap_or("").as_bytes());
                let mut s = Vec::new();
                query.write_signing_suffix(&mut s);
                if !s.is_empty() && main.any(url, &s, true) {
                    self.push(
                        HintCode::ParamsSignedTwice,
                        true,
                        "the signature was made over the URL with its query parameters appended \
                         again; Twilio signs a GET webhook's URL alone"
                            .into(),
                    );
                }
            }
            _ => {}
        }
    }

    fn body_not_form(&mut self, algorithm: Algorithm, header: &str) {
        let ct = match &self.req.body {
            super::Body::Raw {
                content_type: Some(ct),
                ..
            } => format!("content type {}", clip(ct)),
            _ => "a body that starts like JSON".to_string(),
        };
        // Maybe it is a form after all, mislabelled.
        let mut confirmed = false;
        if let Some(sig) = decode_signature(header, algorithm) {
            let trial = Trial::with_keys_of(algorithm, self.keys, sig, &self.budget);
            let mut s = Vec::new();
            Params::parse(self.req.body()).write_signing_suffix(&mut s);
            if trial.any(&[self.req.url.raw.to_string()], &s, true) {
                confirmed = true;
                self.push(
                    HintCode::ContentTypeMismatch,
                    true,
                    format!(
                        "the signature matches the body read as form parameters, but the \
                         request has {ct}: pass Content-Type application/x-www-form-urlencoded"
                    ),
                );
            }
        }
        if !confirmed {
            self.push(
                HintCode::BodyNotForm,
                false,
                format!(
                    "the request has {ct} and its URL has no bodySHA256 parameter: for JSON \
                     bodies Twilio adds bodySHA256 to the query string, so pass the full URL \
                     Twilio requested, query string included"
                ),
            );
        }
    }

    fn body_hash(&mut self, _path: Path) {
        let Some(want) = self.req.body_sha256() else {
            return;
        };
        let body = self.req.body();
        if want.is_empty() {
            self.push(
                HintCode::BodyHashEmpty,
                false,
                "the URL's bodySHA256 is empty; Twilio always sends the SHA-256 of the body".into(),
            );
            return;
        }
        let hash = sha256_hex_of;
        // The digest verify compared (a host-supplied one, if any).
        let ours = self.req.body_sha256_hex();
        if want.eq_ignore_ascii_case(&ours) && *want != ours {
            self.push(
                HintCode::BodyHashUppercase,
                true,
                "the URL's bodySHA256 is upper-case hex; Twilio sends lower case and it is \
                 compared exactly: the URL was rewritten on the way"
                    .into(),
            );
            return;
        }
        if matches!(self.req.body, super::Body::Digest { .. }) {
            // Only the digest is at hand: no trial on the bytes.
            self.push(
                HintCode::BodyReserialized,
                false,
                "the body's SHA-256 (as given) differs from the bodySHA256 Twilio signed: the \
                 body was changed after Twilio sent it, or the digest is of other bytes"
                    .into(),
            );
            return;
        }
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if hash(&[BOM, body]) == *want {
            self.push(
                HintCode::BodyBomStripped,
                true,
                "the body lost its leading UTF-8 byte-order mark: Request.text() and many body \
                 parsers drop it; pass the raw bytes (await request.arrayBuffer())"
                    .into(),
            );
            return;
        }
        let trims: [&[u8]; 2] = [b"\r\n", b"\n"];
        let mut newline = trims.iter().any(|nl| hash(&[body, nl]) == *want);
        for nl in trims {
            if let Some(b) = body.strip_suffix(nl) {
                newline |= hash(&[b]) == *want;
            }
        }
        if newline {
            self.push(
                HintCode::BodyNewline,
                true,
                "the body differs from what Twilio sent by a newline at the end: pass the raw \
                 body bytes untouched"
                    .into(),
            );
            return;
        }
        let looks_json = matches!(
            body.iter().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        );
        if looks_json && looks_compact_json(body) {
            self.push(
                HintCode::BodyReserialized,
                false,
                "the body hash differs and the body looks like JSON.stringify output (no white \
                 space): a body parser probably parsed and re-serialised it; verify the raw \
                 bytes as received"
                    .into(),
            );
        } else {
            self.push(
                HintCode::BodyReserialized,
                false,
                "the body's SHA-256 differs from the bodySHA256 Twilio signed: the body was \
                 changed after Twilio sent it (parsed and re-serialised, re-encoded, or \
                 truncated); verify the raw bytes as received"
                    .into(),
            );
        }
    }
}

#[inline(never)]
fn sha256_hex_of(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    super::hex_lower(&h.finalize())
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

fn first_token(v: Option<&str>) -> Option<&str> {
    v.and_then(|v| v.split(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Base64 in either alphabet, padded or not, decoded with the one strict engine the fast path
/// already carries (a second engine would add its whole decoder to the wasm module).
fn loose_base64(s: &str) -> Option<Vec<u8>> {
    use base64ct::{Base64, Encoding as _};
    let mut t: String = s
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while t.len() % 4 != 0 {
        t.push('=');
    }
    Base64::decode_vec(&t).ok()
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// JSON with no white space outside strings: what `JSON.stringify` writes.
fn looks_compact_json(body: &[u8]) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b.is_ascii_whitespace() {
            return false;
        }
    }
    true
}

/// The four extra spellings twilio-node 6.2.0 tries after the raw candidates fail (spec §3.2),
/// approximated without a full WHATWG URL parser: lower-case host, `/` for an empty path,
/// dot-segments resolved, raw characters percent-encoded, default port dropped; and the same with
/// the query re-encoded by Node's legacy `querystring`. Each is tried with both port candidates.
fn node_normalisations(raw: &str) -> Vec<String> {
    let Ok(u) = SignedUrl::parse(raw) else {
        return Vec::new();
    };
    let scheme = u.scheme().to_ascii_lowercase();
    let middle = u.middle();
    let (userinfo, host) = match middle.get(3..).and_then(|m| m.rfind('@').map(|i| (m, i))) {
        Some((m, i)) => (m.get(..=i).unwrap_or(""), m.get(i + 1..).unwrap_or("")),
        None => ("", middle.get(3..).unwrap_or("")),
    };
    let port = match u.port_part() {
        p if p == u.default_port() || p == ":" => "",
        p => p,
    };
    let rest = u.rest();
    let (before_fragment, fragment) = rest.split_at(rest.find('#').unwrap_or(rest.len()));
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        remove_dot_segments(path)
    };
    let path = percent_encode(&path, b" \"#<>?`{}");
    let base = format!("{scheme}://{userinfo}{}{port}{path}", idna_host(host));
    let fragment = percent_encode(fragment, b" \"<>`");
    let mut out = Vec::new();
    match query {
        None => out.push(format!("{base}{fragment}")),
        Some(q) => {
            out.push(format!(
                "{base}?{}{fragment}",
                percent_encode(q, b" \"#<>'")
            ));
            out.push(format!("{base}?{}{fragment}", legacy_querystring(q)));
        }
    }
    out
}

/// The host as WHATWG URL serialises it: lower case, each non-ASCII label as `xn--` punycode.
fn idna_host(host: &str) -> String {
    if host.is_ascii() {
        return host.to_ascii_lowercase();
    }
    // ASCII lower-casing only: WHATWG's full UTS 46 mapping would bring Unicode tables into
    // the wasm module for a diagnostic approximation; IDN hosts are written in lower case.
    host.to_ascii_lowercase()
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                label.to_string()
            } else {
                // A DNS label holds at most 63 characters (and its punycode at least as many):
                // a longer one was never a host Twilio reached, and encoding it is quadratic.
                if label.chars().count() > 63 {
                    return label.to_string();
                }
                punycode(label).map_or_else(|| label.to_string(), |p| format!("xn--{p}"))
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// RFC 3492 punycode encoding of one label (no `xn--` prefix). Only the diagnosis uses it.
fn punycode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let adapt = |mut delta: u32, points: u32, first: bool| {
        delta /= if first { 700 } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + 38)
    };
    // RFC 3492 digits: 0-25 are a-z, 26-35 are 0-9.
    let digit = |d: u32| match d {
        0..=25 => char::from_u32(u32::from(b'a') + d),
        26..=35 => char::from_u32(u32::from(b'0') + d - 26),
        _ => None,
    };
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t))?);
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q)?);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Node's `querystring.stringify(querystring.parse(q))`.
fn legacy_querystring(q: &str) -> String {
    let mut out = String::new();
    for (k, v) in form_urlencoded::parse(q.as_bytes()) {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&node_escape(&k));
        out.push('=');
        out.push_str(&node_escape(&v));
    }
    out
}

/// Node's `querystring.escape`: everything but `A-Za-z0-9-_.!~*'()` as upper-case `%XX`.
fn node_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes non-ASCII bytes, controls and the given ASCII set; leaves `%XX` alone.
fn percent_encode(s: &str, set: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() && !c.is_ascii_control() && !set.contains(&(c as u8)) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." | "%2e" | "%2E" => {
                if i == last {
                    out.push("");
                }
            }
            ".." | ".%2e" | "%2e." | "%2e%2e" | ".%2E" | "%2E." | "%2E%2E" => {
                out.pop();
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// The same URL with its query re-encoded the ways frameworks do.
fn query_reencodings(raw: &str) -> Vec<String> {
    let Some(qpos) = raw.find('?') else {
        return Vec::new();
    };
    let (base, q) = raw.split_at(qpos + 1);
    let (q, frag) = q.split_at(q.find('#').unwrap_or(q.len()));
    let decode_safe = {
        // Decode escapes of characters that need none (`%27` → `'`, `%7E` → `~`, ...).
        let mut out = String::new();
        let mut rest = q;
        while let Some(i) = rest.find('%') {
            let (head, tail) = rest.split_at(i);
            out.push_str(head);
            let byte = tail.get(1..3).and_then(|h| u8::from_str_radix(h, 16).ok());
            match byte {
                Some(b) if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) => {
                    out.push(char::from(b));
                    rest = tail.get(3..).unwrap_or("");
                }
                _ => {
                    out.push('%');
                    rest = tail.get(1..).unwrap_or("");
                }
            }
        }
        out.push_str(rest);
        out
    };
    let case = |upper: bool| {
        let mut out = String::with_capacity(q.len());
        let chars = q.chars();
        let mut hex_left = 0;
        for c in chars {
            if hex_left > 0 {
                hex_left -= 1;
                out.push(if upper {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                });
            } else {
                if c == '%' {
                    hex_left = 2;
                }
                out.push(c);
            }
        }
        out
    };
    let variants = [
        q.replace('+', "%20"),
        q.replace("%20", "+"),
        decode_safe,
        q.replace('\'', "%27"),
        case(true),
        case(false),
        legacy_querystring(q),
    ];
    let mut out: Vec<String> = Vec::new();
    for v in variants {
        if v != q {
            let url = format!("{base}{v}{frag}");
            if !out.contains(&url) {
                out.push(url);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_spellings() {
        let n = node_normalisations("HTTPS://User@Example.COM:443?b=It's+a%7e&flag");
        assert_eq!(
            n,
            [
                "https://User@example.com/?b=It%27s+a%7e&flag",
                "https://User@example.com/?b=It's%20a~&flag="
            ]
        );
        assert_eq!(remove_dot_segments("/a/./b/../c/"), "/a/c/");
        assert_eq!(remove_dot_segments("/a/.."), "/");
    }

    #[test]
    fn punycode_rfc3492_samples() {
        assert_eq!(punycode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(punycode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(idna_host("Bücher.Example"), "xn--bcher-kva.example");
        // RFC 3492 §7.1 (L): 3<nen>B<gumi><kinpachi><sensei>
        assert_eq!(
            punycode("3年B組金八先生").as_deref(),
            Some("3B-ww4c5e180e575a65lsy2b")
        );
    }

    #[test]
    fn labels_longer_than_dns_allows_are_not_encoded() {
        // Punycode is quadratic in the label; a label over 63 characters is left as it is.
        let long: String = "ü".repeat(64);
        assert_eq!(
            idna_host(&format!("{long}.example")),
            format!("{long}.example")
        );
        let ok: String = "ü".repeat(63);
        assert!(idna_host(&ok).starts_with("xn--"));
    }

    #[test]
    fn compact_json() {
        assert!(looks_compact_json(br#"{"a":"b c","d":[1,2]}"#));
        assert!(!looks_compact_json(br#"{"a": 1}"#));
    }

    #[test]
    fn reencodings() {
        let v = query_reencodings("https://h/x?a=b+c&d=%27e%2f#f");
        assert!(v.contains(&"https://h/x?a=b%20c&d=%27e%2f#f".to_string()));
        assert!(v.contains(&"https://h/x?a=b+c&d='e%2f#f".to_string()));
        assert!(v.contains(&"https://h/x?a=b+c&d=%27e%2F#f".to_string()));
    }
}
