//! `X-Twilio-Signature` validation (spec/signature.md): HMAC-SHA1 over URL + sorted parameters,
//! the `bodySHA256` variant for JSON bodies, and SharedKey HMAC-SHA256.
//!
//! [`verify`] is the fast path: it decodes the header once, builds the parameter suffix once and
//! tries the URL candidates with each listed key. When it fails, [`diagnose`] explains why; it
//! is a separate call so that a failure costs the caller nothing they did not ask for.

mod diagnose;
mod url;

pub(crate) use diagnose::diagnose_failure;
pub use diagnose::{diagnose, Hint, HintCode};
pub use url::UrlVariant;

use crate::error::{Reason, UsageError};
use crate::form::Params;
use crate::limits::{Limit, Limits};
use crate::token::{Keys, Secret};
use base64ct::{Base64, Encoding as _};
use core::fmt;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use url::{Candidate, SignedUrl};

/// The signing algorithm, as named by `X-Twilio-Webhooks-Signature-Settings`.
///
/// # Example
///
/// ```
/// use twilio_webhook::Algorithm;
/// assert_eq!(Algorithm::HmacSha256.as_str(), "HMAC_SHA256");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Algorithm {
    /// HMAC-SHA1 keyed with an auth token (the classic signature, 28 base64 characters).
    #[cfg_attr(feature = "serde", serde(rename = "HMAC_SHA1"))]
    HmacSha1,
    /// HMAC-SHA256 keyed with a SharedKey secret (44 base64 characters).
    #[cfg_attr(feature = "serde", serde(rename = "HMAC_SHA256"))]
    HmacSha256,
}

impl Algorithm {
    /// Both algorithms, in a fixed order (the JavaScript binding numbers them by it).
    pub const ALL: [Algorithm; 2] = [Algorithm::HmacSha1, Algorithm::HmacSha256];

    /// Twilio's name for it.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Algorithm::HmacSha1.as_str(), "HMAC_SHA1");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HmacSha1 => "HMAC_SHA1",
            Algorithm::HmacSha256 => "HMAC_SHA256",
        }
    }

    /// Length of the raw MAC in bytes.
    pub(crate) fn mac_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
        }
    }

    pub(crate) fn other(self) -> Self {
        match self {
            Algorithm::HmacSha1 => Algorithm::HmacSha256,
            Algorithm::HmacSha256 => Algorithm::HmacSha1,
        }
    }

    /// The secrets this algorithm is keyed with.
    pub(crate) fn secrets(self, keys: &Keys) -> &[Secret] {
        match self {
            Algorithm::HmacSha1 => &keys.auth_tokens,
            Algorithm::HmacSha256 => &keys.shared_keys,
        }
    }
}

/// The parsed `X-Twilio-Webhooks-Signature-Settings` header (twilio-python 9.13.0's rules).
///
/// # Example
///
/// ```
/// use twilio_webhook::{Algorithm, SignatureSettings};
/// let s = SignatureSettings::parse(Some("key=KSabc, algorithm=hmac_sha256"));
/// assert_eq!(s.algorithm(), Ok(Algorithm::HmacSha256));
/// assert_eq!(s.key_id(), Some("KSabc"));
/// assert_eq!(SignatureSettings::parse(None).algorithm(), Ok(Algorithm::HmacSha1));
/// assert!(SignatureSettings::parse(Some("algorithm=MD5")).algorithm().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureSettings<'a> {
    algorithm: Option<&'a str>,
    key_id: Option<&'a str>,
}

impl<'a> SignatureSettings<'a> {
    /// Parses the header value: split on `,`, each part at its first `=`, names and values
    /// trimmed. Never fails; an unknown algorithm shows up in [`algorithm`](Self::algorithm).
    ///
    /// # Example
    ///
    /// ```
    /// let s = twilio_webhook::SignatureSettings::parse(Some("algorithm=HMAC_SHA1"));
    /// assert_eq!(s.key_id(), None);
    /// ```
    pub fn parse(header: Option<&'a str>) -> Self {
        let mut out = SignatureSettings {
            algorithm: None,
            key_id: None,
        };
        for part in header.unwrap_or("").split(',') {
            let Some((name, value)) = part.split_once('=') else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match name.trim() {
                "algorithm" if out.algorithm.is_none() => out.algorithm = Some(value),
                "key" if out.key_id.is_none() => out.key_id = Some(value),
                _ => {}
            }
        }
        out
    }

    /// The algorithm named, HMAC-SHA1 when none is; `Err` holds an unknown name.
    ///
    /// # Errors
    ///
    /// The unknown algorithm name, when it is neither `HMAC_SHA1` nor `HMAC_SHA256`
    /// (compared case-insensitively).
    ///
    /// # Example
    ///
    /// ```
    /// let s = twilio_webhook::SignatureSettings::parse(Some("algorithm=RSA"));
    /// assert_eq!(s.algorithm(), Err("RSA"));
    /// ```
    pub fn algorithm(&self) -> Result<Algorithm, &'a str> {
        match self.algorithm {
            None => Ok(Algorithm::HmacSha1),
            Some(a) if a.eq_ignore_ascii_case("HMAC_SHA1") => Ok(Algorithm::HmacSha1),
            Some(a) if a.eq_ignore_ascii_case("HMAC_SHA256") => Ok(Algorithm::HmacSha256),
            Some(a) => Err(a),
        }
    }

    /// The `key=` value: which SharedKey signed the request, to pick the matching secret.
    ///
    /// # Example
    ///
    /// ```
    /// let s = twilio_webhook::SignatureSettings::parse(Some("key=KS1,algorithm=HMAC_SHA256"));
    /// assert_eq!(s.key_id(), Some("KS1"));
    /// ```
    pub fn key_id(&self) -> Option<&'a str> {
        self.key_id
    }
}

/// What the signature covers besides the URL.
///
/// # Example
///
/// ```
/// assert_eq!(twilio_webhook::SigningPath::BodyHash.as_str(), "body-hash");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
pub enum SigningPath {
    /// Form parameters appended to the URL (POST `application/x-www-form-urlencoded`).
    Form,
    /// The URL alone (GET, or an empty body).
    Url,
    /// The URL alone, which carries `bodySHA256`, and the body's SHA-256 checked against it.
    BodyHash,
}

impl SigningPath {
    /// Every path, in a fixed order (the JavaScript binding numbers them by it).
    pub const ALL: [SigningPath; 3] = [SigningPath::Form, SigningPath::Url, SigningPath::BodyHash];

    /// The stable kebab-case name.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::SigningPath::Form.as_str(), "form");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SigningPath::Form => "form",
            SigningPath::Url => "url",
            SigningPath::BodyHash => "body-hash",
        }
    }
}

/// Headers that explain a proxy, used only by [`diagnose`] to propose the public URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ProxyHeaders<'a> {
    pub(crate) host: Option<&'a str>,
    pub(crate) x_forwarded_proto: Option<&'a str>,
    pub(crate) x_forwarded_host: Option<&'a str>,
    pub(crate) x_forwarded_port: Option<&'a str>,
    pub(crate) forwarded: Option<&'a str>,
}

#[derive(Clone, Debug)]
enum Body<'a> {
    /// GET: the parameters are in the URL.
    None,
    /// The raw body bytes with the request's content type.
    Raw {
        content_type: Option<&'a str>,
        bytes: &'a [u8],
    },
    /// Parameters already decoded by the caller (the drop-in `validateRequest`).
    Params(Params<'a>),
    /// A body known by its length and SHA-256 only ([`Request::post_sha256`]): the request's
    /// `body_digest` holds the digest.
    Digest { len: usize },
}

/// A webhook request exactly as received: URL, signature headers, body bytes.
///
/// Construction checks the URL (an absolute http(s) URL: anything else is misuse, not a
/// mismatch). Headers are added with [`with_header`](Self::with_header) or the typed setters.
///
/// # Example
///
/// ```
/// use twilio_webhook::Request;
/// let req = Request::post_form("https://example.com/status", b"CallSid=CA1&CallStatus=ringing")?
///     .with_header("X-Twilio-Signature", "bm90IHJlYWxseSBhIHNpZ25hdHVyZQ==")
///     .with_header("Content-Type", "ignored: post_form already says it is a form");
/// assert_eq!(req.url(), "https://example.com/status");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Request<'a> {
    url: SignedUrl<'a>,
    body: Body<'a>,
    signature: Option<&'a str>,
    settings: Option<&'a str>,
    proxy: ProxyHeaders<'a>,
    limits: Limits,
    body_digest: Option<[u8; 32]>,
}

const FORM: &str = "application/x-www-form-urlencoded";

impl<'a> Request<'a> {
    fn new(url: &'a str, body: Body<'a>) -> Result<Self, UsageError> {
        Ok(Request {
            url: SignedUrl::parse(url)?,
            body,
            signature: None,
            settings: None,
            proxy: ProxyHeaders::default(),
            limits: Limits::DEFAULT,
            body_digest: None,
        })
    }

    /// A GET webhook: every parameter is in the URL's query string.
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidUrl`] unless `url` is an absolute http(s) URL.
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::get("https://example.com/s?CallSid=CA1")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn get(url: &'a str) -> Result<Self, UsageError> {
        Self::new(url, Body::None)
    }

    /// A POST with an `application/x-www-form-urlencoded` body (every Voice callback).
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidUrl`] unless `url` is an absolute http(s) URL.
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::post_form("https://example.com/s", b"CallSid=CA1")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn post_form(url: &'a str, body: &'a [u8]) -> Result<Self, UsageError> {
        Self::post(url, Some(FORM), body)
    }

    /// A POST with any body. A form content type takes the form path; any other non-empty
    /// body must be covered by `bodySHA256` in the URL. With no content type, a body that
    /// starts like JSON (`{` or `[`) is treated as non-form, anything else as a form.
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidUrl`] unless `url` is an absolute http(s) URL.
    ///
    /// # Example
    ///
    /// ```
    /// let url = "https://example.com/s?bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    /// let req = twilio_webhook::Request::post(url, Some("application/json"), b"{}")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn post(
        url: &'a str,
        content_type: Option<&'a str>,
        body: &'a [u8],
    ) -> Result<Self, UsageError> {
        Self::new(
            url,
            Body::Raw {
                content_type,
                bytes: body,
            },
        )
    }

    /// A request whose parameters were already decoded (for example by a framework). This is
    /// what the drop-in `validateRequest(token, header, url, params)` does: the URL plus these
    /// parameters, whatever the URL's query holds.
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidUrl`] unless `url` is an absolute http(s) URL.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{Params, Request};
    /// let params = Params::from_pairs([("CallSid", "CA1")]);
    /// let req = Request::with_params("https://example.com/s", params)?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_params(url: &'a str, params: Params<'a>) -> Result<Self, UsageError> {
        Self::new(url, Body::Params(params))
    }

    /// A POST known by its body's length and SHA-256 instead of its bytes. On the `bodySHA256`
    /// path the signature covers the URL alone and the body only has to match the digest, so a
    /// host that hashes natively need not hand the body over at all (the npm package's Node, Bun
    /// and Deno entries, which would otherwise copy it into wasm memory). The caller vouches for
    /// both figures, as with [`with_body_sha256`](Self::with_body_sha256). The length is only
    /// compared with [`Limits::max_body_bytes`], so an upper bound serves as well when it is
    /// within the limit (three bytes per UTF-16 unit of a string, say). The diagnosis has no body
    /// to examine.
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidUrl`] unless `url` is an absolute http(s) URL;
    /// [`UsageError::BodyRequired`] when its query has no `bodySHA256` parameter (any other path
    /// needs the body's bytes: call [`post`](Self::post)).
    ///
    /// # Example
    ///
    /// ```
    /// use sha2::{Digest, Sha256};
    /// use twilio_webhook::{verify, Keys, Limits, Reason, Request, UsageError};
    /// let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    /// let body = br#"{"property": "value", "boolean": true}"#;
    /// let digest: [u8; 32] = Sha256::digest(body).into();
    /// let req = Request::post_sha256(url, body.len(), digest)?.with_signature(Some("a9nBmqA0ju/hNViExpshrM61xv4="));
    /// let keys = Keys::auth_token("12345")?;
    /// assert!(verify(&req, &keys).is_ok());
    /// // The length is held to the body limit.
    /// let small = Limits::default().with_max_body_bytes(body.len() - 1);
    /// assert_eq!(verify(&req.with_limits(small), &keys).unwrap_err().reason, Reason::BodyTooLarge);
    /// // Without bodySHA256 in the URL the body's bytes are signed: they are needed.
    /// let err = Request::post_sha256("https://mycompany.com/myapp.php", body.len(), digest).unwrap_err();
    /// assert_eq!(err, UsageError::BodyRequired);
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn post_sha256(
        url: &'a str,
        body_len: usize,
        digest: [u8; 32],
    ) -> Result<Self, UsageError> {
        let req = Self::new(url, Body::Digest { len: body_len })?.with_body_sha256(digest);
        if req.body_sha256().is_none() {
            return Err(UsageError::BodyRequired);
        }
        Ok(req)
    }

    /// Sets the `X-Twilio-Signature` header value (`None` when the header is absent).
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::get("https://h/x")?.with_signature(Some("abc="));
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_signature(mut self, signature: Option<&'a str>) -> Self {
        self.signature = signature;
        self
    }

    /// Sets the `X-Twilio-Webhooks-Signature-Settings` header value.
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::get("https://h/x")?
    ///     .with_signature_settings(Some("key=KS1,algorithm=HMAC_SHA256"));
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_signature_settings(mut self, settings: Option<&'a str>) -> Self {
        self.settings = settings;
        self
    }

    /// Sets the [`Limits`] this request must be within ([`Limits::default()`] otherwise). A
    /// request over a limit is rejected by [`verify`] with the limit's [`Reason`], before any
    /// other work, and its callback is not parsed.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{verify, Keys, Limits, Reason, Request};
    /// let body = "A=1&".repeat(1500);
    /// let req = Request::post_form("https://h/x", body.as_bytes())?
    ///     .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    /// let keys = Keys::auth_token("12345")?;
    /// assert_eq!(verify(&req, &keys).unwrap_err().reason, Reason::TooManyParams);
    /// let req = req.with_limits(Limits::default().with_max_params(2000));
    /// assert_eq!(verify(&req, &keys).unwrap_err().reason, Reason::SignatureMismatch);
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Supplies the SHA-256 of the body, computed outside the core, so that [`verify`] does not
    /// hash the body itself on the `bodySHA256` path. For hosts with a native hash: the npm
    /// package's Node entry passes `node:crypto`'s digest, several times faster than SHA-256 in
    /// wasm for a large JSON body. The caller vouches for it: a digest of other bytes gives a
    /// wrong verdict. Everything else (limits, the path, the diagnosis) still reads the body.
    ///
    /// # Example
    ///
    /// ```
    /// use sha2::{Digest, Sha256};
    /// use twilio_webhook::{verify, Keys, Request};
    /// let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    /// let body = br#"{"property": "value", "boolean": true}"#;
    /// let req = Request::post(url, Some("application/json"), body)?
    ///     .with_signature(Some("a9nBmqA0ju/hNViExpshrM61xv4="));
    /// let keys = Keys::auth_token("12345")?;
    /// let digest: [u8; 32] = Sha256::digest(body).into();
    /// assert!(verify(&req.clone().with_body_sha256(digest), &keys).is_ok());
    /// // A digest of other bytes is believed: the verdict is then a body hash mismatch.
    /// let other: [u8; 32] = Sha256::digest(b"{}").into();
    /// assert!(verify(&req.with_body_sha256(other), &keys).is_err());
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_body_sha256(mut self, digest: [u8; 32]) -> Self {
        self.body_digest = Some(digest);
        self
    }

    /// The limits this request is checked against.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{Limits, Request};
    /// assert_eq!(Request::get("https://h/x")?.limits(), &Limits::default());
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Records a request header by name (case-insensitive). The signature headers set the
    /// signature; `Content-Type` sets the content type of a body given to [`post`](Self::post)
    /// without one; `Host`, `X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Port` and
    /// `Forwarded` are kept for the diagnosis only (they never change what is accepted).
    /// Other headers are ignored.
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::get("http://internal:3000/x")?
    ///     .with_header("X-Forwarded-Proto", "https")
    ///     .with_header("x-forwarded-host", "example.com");
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_header(mut self, name: &str, value: &'a str) -> Self {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("x-twilio-signature") {
            self.signature = Some(value);
        } else if is("x-twilio-webhooks-signature-settings") {
            self.settings = Some(value);
        } else if is("content-type") {
            if let Body::Raw { content_type, .. } = &mut self.body {
                content_type.get_or_insert(value);
            }
        } else if is("host") {
            self.proxy.host = Some(value);
        } else if is("x-forwarded-proto") {
            self.proxy.x_forwarded_proto = Some(value);
        } else if is("x-forwarded-host") {
            self.proxy.x_forwarded_host = Some(value);
        } else if is("x-forwarded-port") {
            self.proxy.x_forwarded_port = Some(value);
        } else if is("forwarded") {
            self.proxy.forwarded = Some(value);
        }
        self
    }

    /// The URL as given.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Request::get("https://h/x")?.url(), "https://h/x");
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn url(&self) -> &'a str {
        self.url.raw
    }

    /// The raw body bytes (empty for GET, decoded parameters or a body given by its digest).
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::post_form("https://h/x", b"A=1")?;
    /// assert_eq!(req.body(), b"A=1");
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn body(&self) -> &'a [u8] {
        match self.body {
            Body::Raw { bytes, .. } => bytes,
            _ => &[],
        }
    }

    /// The body's length in bytes, given or counted.
    fn body_len(&self) -> usize {
        match self.body {
            Body::Digest { len } => len,
            _ => self.body().len(),
        }
    }

    /// The form parameters this request carries: the body's for a form POST, the URL's query
    /// for GET, the given ones for [`with_params`](Self::with_params), none otherwise. This is
    /// the input of callback parsing, so a POST body and a GET query give the same record.
    ///
    /// # Example
    ///
    /// ```
    /// let req = twilio_webhook::Request::get("https://h/x?CallSid=CA1")?;
    /// assert_eq!(req.params().get("CallSid"), Some("CA1"));
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn params(&self) -> Params<'a> {
        match &self.body {
            Body::None => Params::parse(self.url.query().unwrap_or("").as_bytes()),
            Body::Params(p) => p.clone(),
            Body::Digest { .. } => Params::default(),
            Body::Raw { bytes, .. } => match self.path() {
                Path::Form => Params::parse(bytes),
                _ => Params::default(),
            },
        }
    }

    /// The body's SHA-256 in lower-case hex: the supplied digest, else computed.
    fn body_sha256_hex(&self) -> String {
        match &self.body_digest {
            Some(d) => hex_lower(d),
            None => body_sha256_hex(self.body()),
        }
    }

    /// The first `bodySHA256` value of the URL's query, if present.
    fn body_sha256(&self) -> Option<std::borrow::Cow<'a, str>> {
        let query = self.url.query()?;
        // A quick no for most form URLs; a `%` may spell the name (`body%53HA256` is decoded
        // like any key, by both official helpers too).
        if url::find(query, "bodySHA256").is_none() && !query.contains('%') {
            return None;
        }
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "bodySHA256")
            .map(|(_, v)| v)
    }

    fn path(&self) -> Path {
        if self.body_sha256().is_some() && !matches!(self.body, Body::Params(_)) {
            return Path::BodyHash;
        }
        match &self.body {
            Body::None => Path::Url,
            Body::Params(_) => Path::Form,
            // Unreachable (post_sha256 requires bodySHA256), and closed if it were not.
            Body::Digest { .. } => Path::MissingBodyHash,
            Body::Raw { bytes: [], .. } => Path::Url,
            Body::Raw {
                content_type: Some(ct),
                ..
            } if is_form(ct) => Path::Form,
            Body::Raw {
                content_type: Some(_),
                ..
            } => Path::MissingBodyHash,
            Body::Raw { bytes, .. } => match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{' | b'[') => Path::MissingBodyHash,
                _ => Path::Form,
            },
        }
    }

    /// Checks the limits and builds the parameter suffix of the signing string in the same
    /// pass: the URL and body sizes first (O(1)), then the parameters as they are decoded (a
    /// form body, given parameters, or a GET query, which is scanned without decoding).
    #[inline(never)] // verify and the diagnosis share one copy
    pub(crate) fn prepare(&self) -> Result<(Path, Vec<u8>), Limit> {
        let limits = &self.limits;
        if self.url.raw.len() > limits.max_url_bytes {
            return Err(Limit::UrlBytes);
        }
        if self.body_len() > limits.max_body_bytes {
            return Err(Limit::BodyBytes);
        }
        let path = self.path();
        let mut out = Vec::new();
        match &self.body {
            Body::None => limits.check_query(self.url.query().unwrap_or(""))?,
            Body::Params(p) => {
                limits.check_pairs(p.iter())?;
                p.write_signing_suffix(&mut out);
            }
            Body::Raw { bytes, .. } if path == Path::Form => {
                crate::form::write_signing_suffix_raw(bytes, limits, &mut out)?
            }
            Body::Raw { .. } | Body::Digest { .. } => {}
        }
        Ok((path, out))
    }
}

/// The exact string the signature covers for the URL as received: the URL followed, on the form
/// path, by every distinct parameter `name + value` in sorted order (nothing for GET, an empty
/// body or the `bodySHA256` path). For display (the inspector page shows it); the secret is
/// never part of it. Bytes that are not UTF-8 are shown as U+FFFD.
///
/// # Errors
///
/// The [`Limit`] the request is over (see [`Request::with_limits`]).
///
/// # Example
///
/// ```
/// use twilio_webhook::{signature::signing_string, Request};
/// let req = Request::post_form("https://example.com/s?x=1", b"To=%2B1555&CallSid=CA1")?;
/// assert_eq!(signing_string(&req).unwrap(), "https://example.com/s?x=1CallSidCA1To+1555");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
pub fn signing_string(req: &Request<'_>) -> Result<String, Limit> {
    let (_, suffix) = req.prepare()?;
    let (candidates, _) = req.url.candidates();
    let mut out: Vec<u8> = candidates
        .first()
        .copied()
        .flatten()
        .map(|c| c.parts.concat().into_bytes())
        .unwrap_or_default();
    out.extend_from_slice(&suffix);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn is_form(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(FORM)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    Form,
    Url,
    BodyHash,
    MissingBodyHash,
}

/// A request verified as signed by Twilio.
///
/// # Example
///
/// ```
/// use twilio_webhook::{verify, Keys, Request, UrlVariant};
/// let body = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
/// let req = Request::post_form("https://mycompany.com/myapp.php?foo=1&bar=2", body)?
///     .with_signature(Some("RSOYDt4T1cUTdK1PDd93/VVr8B8="));
/// let ok = verify(&req, &Keys::auth_token("wrong")?.with_auth_token("12345")?).unwrap();
/// assert_eq!(ok.key_index, 1);
/// assert_eq!(ok.url_variant, UrlVariant::AsReceived);
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct Verified {
    /// The algorithm that matched.
    pub algorithm: Algorithm,
    /// Index of the matching secret among the auth tokens (HMAC-SHA1) or the SharedKey secrets
    /// (HMAC-SHA256), in the order they were listed.
    pub key_index: usize,
    /// Which URL spelling matched.
    pub url_variant: UrlVariant,
    /// What the signature covered besides the URL.
    pub path: SigningPath,
}

/// A request that is not accepted as signed: the reason, and the diagnosis when asked for.
///
/// # Example
///
/// ```
/// use twilio_webhook::{verify, Keys, Reason, Request};
/// let req = Request::post_form("https://h/x", b"A=1")?;
/// let err = verify(&req, &Keys::auth_token("12345")?).unwrap_err();
/// assert_eq!(err.reason, Reason::MissingSignature);
/// assert_eq!(err.code(), "missing_signature");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureError {
    /// Why the request was rejected.
    pub reason: Reason,
    /// The diagnosis. [`verify`] leaves it empty (it is the fast path); [`diagnose`] and
    /// [`check`](crate::check) fill it.
    pub hints: Vec<Hint>,
}

impl SignatureError {
    fn new(reason: Reason) -> Self {
        SignatureError {
            reason,
            hints: Vec::new(),
        }
    }

    /// The reason's stable snake_case code.
    ///
    /// # Example
    ///
    /// ```
    /// # use twilio_webhook::{verify, Keys, Request};
    /// let req = Request::get("https://h/x")?.with_signature(Some("x"));
    /// assert_eq!(verify(&req, &Keys::auth_token("k")?).unwrap_err().code(), "signature_mismatch");
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn code(&self) -> &'static str {
        self.reason.code()
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason.message())?;
        for h in &self.hints {
            write!(f, "; {}", h.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for SignatureError {}

/// Checks that Twilio signed `req` with one of `keys`.
///
/// First checks the request's [`Limits`] (see [`Request::with_limits`]): a request over one is
/// rejected with that limit's reason before anything else is done. Then tries the URL
/// candidates of spec §3.1 (as received, with and without port, lower-cased scheme) with every
/// secret of the algorithm the settings header names, comparing in constant time. On the JSON
/// path the body's SHA-256 must also equal the URL's `bodySHA256`.
///
/// # Errors
///
/// A [`SignatureError`] whose [`reason`](SignatureError::reason) says why; its hints are empty:
/// call [`diagnose`] for them.
///
/// # Example
///
/// ```
/// use twilio_webhook::{verify, Keys, Request};
/// let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
/// let req = Request::post(url, Some("application/json"), br#"{"property": "value", "boolean": true}"#)?
///     .with_signature(Some("a9nBmqA0ju/hNViExpshrM61xv4="));
/// assert!(verify(&req, &Keys::auth_token("12345")?).is_ok());
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
pub fn verify(req: &Request<'_>, keys: &Keys) -> Result<Verified, SignatureError> {
    let (path, suffix) = req
        .prepare()
        .map_err(|limit| SignatureError::new(limit.into()))?;
    let algorithm = SignatureSettings::parse(req.settings)
        .algorithm()
        .map_err(|_| SignatureError::new(Reason::UnsupportedAlgorithm))?;
    let header = match req.signature {
        Some(s) if !s.is_empty() => s,
        _ => return Err(SignatureError::new(Reason::MissingSignature)),
    };
    if path == Path::MissingBodyHash {
        return Err(SignatureError::new(Reason::MissingBodyHash));
    }
    let mismatch = || SignatureError::new(Reason::SignatureMismatch);
    let expected = decode_signature(header, algorithm).ok_or_else(mismatch)?;
    let (candidates, n) = req.url.candidates();
    let candidates = candidates.iter().take(n).flatten();
    let found = algorithm
        .secrets(keys)
        .iter()
        .enumerate()
        .find_map(|(i, s)| {
            find_candidate(algorithm, s, candidates.clone(), &suffix, &expected).map(|v| (i, v))
        });
    let (key_index, url_variant) = found.ok_or_else(mismatch)?;
    let path = match path {
        Path::BodyHash => {
            let ok = req
                .body_sha256()
                .is_some_and(|want| !want.is_empty() && req.body_sha256_hex() == want);
            if !ok {
                return Err(SignatureError::new(Reason::BodyHashMismatch));
            }
            SigningPath::BodyHash
        }
        Path::Form => SigningPath::Form,
        _ => SigningPath::Url,
    };
    Ok(Verified {
        algorithm,
        key_index,
        url_variant,
        path,
    })
}

/// Decodes the header as strict standard base64 of exactly one MAC. Any other spelling (URL-safe
/// alphabet, missing padding, spaces, hex) can never match, so it fails here, before any HMAC.
fn decode_signature(header: &str, algorithm: Algorithm) -> Option<Vec<u8>> {
    let want = algorithm.mac_len();
    if header.len() != want.div_ceil(3) * 4 {
        return None;
    }
    Base64::decode_vec(header).ok().filter(|d| d.len() == want)
}

/// The first candidate whose MAC under `secret` equals `expected` (constant-time comparison
/// through `hmac`'s `verify_slice`).
fn find_candidate<'c>(
    algorithm: Algorithm,
    secret: &Secret,
    candidates: impl Iterator<Item = &'c Candidate<'c>>,
    suffix: &[u8],
    expected: &[u8],
) -> Option<UrlVariant> {
    fn run<'a, M: Mac + Clone>(
        keyed: &M,
        mut candidates: impl Iterator<Item = UrlParts<'a>>,
        suffix: &[u8],
        expected: &[u8],
    ) -> Option<UrlVariant> {
        // The keyed state is cloned per candidate: two compressions saved each time.
        candidates.find_map(|(parts, variant)| {
            let mut mac = keyed.clone();
            for p in parts {
                mac.update(p.as_bytes());
            }
            mac.update(suffix);
            mac.verify_slice(expected).is_ok().then_some(variant)
        })
    }
    let it = candidates.map(|c| (c.parts, c.variant));
    match algorithm {
        Algorithm::HmacSha1 => run(secret.hmac_sha1(), it, suffix, expected),
        Algorithm::HmacSha256 => run(secret.hmac_sha256(), it, suffix, expected),
    }
}

type UrlParts<'a> = ([&'a str; 4], UrlVariant);

/// The raw MAC of `url + suffix`.
#[inline(never)]
pub(crate) fn mac(algorithm: Algorithm, secret: &[u8], url: &[&str], suffix: &[u8]) -> Vec<u8> {
    fn run<M: Mac + hmac::digest::KeyInit>(secret: &[u8], url: &[&str], suffix: &[u8]) -> Vec<u8> {
        // The same keying instantiation as the fast path's (token.rs), not a second one.
        let mut m: M = crate::token::keyed(secret);
        for p in url {
            m.update(p.as_bytes());
        }
        m.update(suffix);
        m.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Algorithm::HmacSha1 => run::<Hmac<Sha1>>(secret, url, suffix),
        Algorithm::HmacSha256 => run::<Hmac<Sha256>>(secret, url, suffix),
    }
}

/// The signature Twilio would send for `url` and `params`, for your own test fixtures: the URL
/// exactly as given (no port candidates), the parameters sorted and de-duplicated.
///
/// # Errors
///
/// [`UsageError::EmptySecret`] when `secret` is empty.
///
/// # Example
///
/// ```
/// use twilio_webhook::{expected_signature, Algorithm, Params};
/// let params = Params::parse(b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212");
/// let sig = expected_signature(Algorithm::HmacSha1, "12345", "https://mycompany.com/myapp.php?foo=1&bar=2", &params)?;
/// assert_eq!(sig, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
pub fn expected_signature(
    algorithm: Algorithm,
    secret: &str,
    url: &str,
    params: &Params<'_>,
) -> Result<String, UsageError> {
    let secret = Secret::new(secret)?;
    let mut suffix = Vec::new();
    params.write_signing_suffix(&mut suffix);
    Ok(Base64::encode_string(&mac(
        algorithm,
        secret.bytes(),
        &[url],
        &suffix,
    )))
}

/// Lower-case hex SHA-256 of the body bytes: the `bodySHA256` Twilio puts in the URL.
///
/// # Example
///
/// ```
/// assert_eq!(
///     twilio_webhook::body_sha256_hex(b"{}"),
///     "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
/// );
/// ```
pub fn body_sha256_hex(body: &[u8]) -> String {
    hex_lower(&Sha256::digest(body))
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 15] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const DEFAULT: &[u8] = b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";

    fn keys() -> Keys {
        Keys::auth_token("12345").unwrap()
    }

    #[test]
    fn worked_example() {
        let req = Request::post_form(B, DEFAULT)
            .unwrap()
            .with_signature(Some("RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        let v = verify(&req, &keys()).unwrap();
        assert_eq!(v.path, SigningPath::Form);
        assert_eq!(v.algorithm, Algorithm::HmacSha1);
    }

    #[test]
    fn header_spellings_never_match() {
        for bad in [
            " RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "RSOYDt4T1cUTdK1PDd93/VVr8B8",
            "RSOYDt4T1cUTdK1PDd93_VVr8B8=",
            "rsoydt4t1cutdk1pdd93/vvr8b8=",
        ] {
            let req = Request::post_form(B, DEFAULT)
                .unwrap()
                .with_signature(Some(bad));
            assert_eq!(
                verify(&req, &keys()).unwrap_err().reason,
                Reason::SignatureMismatch
            );
        }
    }

    #[test]
    fn json_without_hash_is_its_own_reason() {
        let req = Request::post(B, None, b" {\"a\":1}")
            .unwrap()
            .with_signature(Some("x"));
        assert_eq!(
            verify(&req, &keys()).unwrap_err().reason,
            Reason::MissingBodyHash
        );
        let req = Request::post(B, Some("application/json"), b"a=1")
            .unwrap()
            .with_signature(Some("x"));
        assert_eq!(
            verify(&req, &keys()).unwrap_err().reason,
            Reason::MissingBodyHash
        );
    }

    #[test]
    fn unknown_algorithm_never_falls_back() {
        let req = Request::post_form(B, DEFAULT)
            .unwrap()
            .with_signature(Some("RSOYDt4T1cUTdK1PDd93/VVr8B8="))
            .with_signature_settings(Some("algorithm=HMAC_MD5"));
        assert_eq!(
            verify(&req, &keys()).unwrap_err().reason,
            Reason::UnsupportedAlgorithm
        );
    }

    #[test]
    fn content_type_parameters_and_case() {
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assert!(!is_form("application/json"));
    }

    #[test]
    fn hex() {
        assert_eq!(hex_lower(&[0, 0xab, 0xff]), "00abff");
    }
}
