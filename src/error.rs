//! Errors, one small enum per stage, each with a stable snake_case [`code`](UsageError::code)
//! shared by Rust, JavaScript and the inspector.
//!
//! Two kinds of failure are kept apart on purpose:
//!
//! * **misuse** ([`UsageError`]): the caller passed something unusable (an empty token, a
//!   relative URL). In JavaScript it is a `TypeError`.
//! * **an answer** ([`Reason`], inside [`SignatureError`](crate::SignatureError)): the request is
//!   well formed but not signed by any listed key. It is a verdict, with a diagnosis.

use core::fmt;

/// The caller passed something the library cannot work with.
///
/// # Example
///
/// ```
/// use twilio_webhook::{Request, UsageError};
/// let err = Request::post_form("/relative/path", b"").unwrap_err();
/// assert_eq!(err.code(), "invalid_url");
/// assert!(err.to_string().starts_with("expected an absolute http(s) URL"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsageError {
    /// An auth token or SharedKey secret is empty.
    EmptySecret,
    /// No auth token and no SharedKey secret were given.
    NoKeys,
    /// The URL is not an absolute `http://` or `https://` URL with a host. Holds the start of
    /// what was given (URLs are not secret, but may be long), unless what was given has no
    /// `:` or `.` and does not start with `/`: then it may be a secret passed in the wrong
    /// argument, and only its length is told.
    InvalidUrl {
        /// At most the first 80 characters of the URL that was given, or a description.
        got: String,
    },
    /// An argument has the wrong type or shape (raised by the JavaScript binding).
    InvalidArgument {
        /// Which argument.
        name: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// A request given by its body's digest ([`Request::post_sha256`](crate::Request::post_sha256))
    /// whose URL has no `bodySHA256` query parameter: every other path signs or inspects the
    /// body's bytes, so they are needed.
    BodyRequired,
}

impl UsageError {
    /// The stable snake_case code of this error.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::UsageError::EmptySecret.code(), "empty_secret");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            UsageError::EmptySecret => "empty_secret",
            UsageError::NoKeys => "no_keys",
            UsageError::InvalidUrl { .. } => "invalid_url",
            UsageError::InvalidArgument { .. } => "invalid_argument",
            UsageError::BodyRequired => "body_required",
        }
    }

    pub(crate) fn invalid_url(url: &str) -> Self {
        // A value with no `:` or `.` that does not start with `/` is no URL, host or path, and
        // has the shape of a secret passed in the wrong argument (hex and base64 have neither
        // `:` nor `.`): it is described, never echoed.
        let got = if url.contains([':', '.']) || url.starts_with('/') {
            url.chars().take(80).collect()
        } else {
            format!(
                "<{} bytes without a scheme or path, not shown: is it a token passed as the URL?>",
                url.len()
            )
        };
        UsageError::InvalidUrl { got }
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::EmptySecret => f.write_str(
                "expected a non-empty auth token or SharedKey secret, got an empty string",
            ),
            UsageError::NoKeys => {
                f.write_str("expected at least one auth token or SharedKey secret, got none")
            }
            UsageError::InvalidUrl { got } => write!(
                f,
                "expected an absolute http(s) URL such as \"https://example.com/voice\" \
                 (the URL Twilio requested), got \"{}\"",
                quoted(got)
            ),
            UsageError::InvalidArgument { name, expected } => {
                write!(f, "expected {name} to be {expected}")
            }
            UsageError::BodyRequired => f.write_str(
                "expected the body's bytes: a body's SHA-256 stands in for it only when the URL has a bodySHA256 query parameter",
            ),
        }
    }
}

impl std::error::Error for UsageError {}

/// `s` with `"` and `\\` escaped, for messages that quote what they got. (`{:?}` would do it
/// but brings Unicode escape tables into the wasm module.)
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Why a well-formed request is not accepted as signed by Twilio.
///
/// # Example
///
/// ```
/// use twilio_webhook::Reason;
/// assert_eq!(Reason::SignatureMismatch.code(), "signature_mismatch");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Reason {
    /// The `X-Twilio-Signature` header is absent or empty (an HTTP layer answers 400).
    MissingSignature,
    /// No URL candidate signed with any listed key gives the header's signature.
    SignatureMismatch,
    /// The signature over the URL is valid, but the body's SHA-256 differs from the URL's
    /// `bodySHA256` (or that value is empty).
    BodyHashMismatch,
    /// A non-form body, and the URL has no `bodySHA256` to check it against.
    MissingBodyHash,
    /// `X-Twilio-Webhooks-Signature-Settings` names an algorithm other than `HMAC_SHA1` or
    /// `HMAC_SHA256`. Never falls back to HMAC-SHA1.
    UnsupportedAlgorithm,
    /// The body is larger than [`Limits::max_body_bytes`](crate::Limits::max_body_bytes)
    /// (an HTTP layer answers 413).
    BodyTooLarge,
    /// The URL is longer than [`Limits::max_url_bytes`](crate::Limits::max_url_bytes) (an HTTP
    /// layer answers 414).
    UrlTooLong,
    /// More form parameters than [`Limits::max_params`](crate::Limits::max_params).
    TooManyParams,
    /// A decoded parameter name is longer than
    /// [`Limits::max_name_bytes`](crate::Limits::max_name_bytes).
    ParamNameTooLong,
    /// A decoded parameter value is longer than
    /// [`Limits::max_value_bytes`](crate::Limits::max_value_bytes).
    ParamValueTooLong,
}

impl Reason {
    /// Every reason, in a fixed order (the JavaScript binding numbers them by it; new reasons
    /// are only ever added at the end).
    pub const ALL: [Reason; 10] = [
        Reason::MissingSignature,
        Reason::SignatureMismatch,
        Reason::BodyHashMismatch,
        Reason::MissingBodyHash,
        Reason::UnsupportedAlgorithm,
        Reason::BodyTooLarge,
        Reason::UrlTooLong,
        Reason::TooManyParams,
        Reason::ParamNameTooLong,
        Reason::ParamValueTooLong,
    ];

    /// The limit this reason reports, if it is one of the limit reasons.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{Limit, Reason};
    /// assert_eq!(Reason::BodyTooLarge.limit(), Some(Limit::BodyBytes));
    /// assert_eq!(Reason::SignatureMismatch.limit(), None);
    /// ```
    pub fn limit(self) -> Option<crate::Limit> {
        use crate::Limit;
        match self {
            Reason::BodyTooLarge => Some(Limit::BodyBytes),
            Reason::UrlTooLong => Some(Limit::UrlBytes),
            Reason::TooManyParams => Some(Limit::Params),
            Reason::ParamNameTooLong => Some(Limit::NameBytes),
            Reason::ParamValueTooLong => Some(Limit::ValueBytes),
            _ => None,
        }
    }

    /// The stable snake_case code.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Reason::MissingBodyHash.code(), "missing_body_hash");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingSignature => "missing_signature",
            Reason::SignatureMismatch => "signature_mismatch",
            Reason::BodyHashMismatch => "body_hash_mismatch",
            Reason::MissingBodyHash => "missing_body_hash",
            Reason::UnsupportedAlgorithm => "unsupported_algorithm",
            Reason::BodyTooLarge => "body_too_large",
            Reason::UrlTooLong => "url_too_long",
            Reason::TooManyParams => "too_many_params",
            Reason::ParamNameTooLong => "param_name_too_long",
            Reason::ParamValueTooLong => "param_value_too_long",
        }
    }

    /// A one-line explanation.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::Reason::MissingSignature.message().contains("X-Twilio-Signature"));
    /// ```
    pub fn message(self) -> &'static str {
        match self {
            Reason::MissingSignature => "the request has no X-Twilio-Signature header (or it is empty)",
            Reason::SignatureMismatch => {
                "the X-Twilio-Signature header does not match the URL and parameters with any listed key"
            }
            Reason::BodyHashMismatch => {
                "the signature is valid but the body's SHA-256 differs from the bodySHA256 in the URL"
            }
            Reason::MissingBodyHash => {
                "the body is not form-encoded and the URL has no bodySHA256 query parameter to check it against"
            }
            Reason::UnsupportedAlgorithm => {
                "X-Twilio-Webhooks-Signature-Settings names an algorithm other than HMAC_SHA1 or HMAC_SHA256"
            }
            Reason::BodyTooLarge => {
                "the body is larger than the limit (max_body_bytes, default 1 MiB); nothing was checked"
            }
            Reason::UrlTooLong => {
                "the URL is longer than the limit (max_url_bytes, default 16 KiB); nothing was checked"
            }
            Reason::TooManyParams => {
                "the request has more form parameters than the limit (max_params, default 1000); nothing was checked"
            }
            Reason::ParamNameTooLong => {
                "a form parameter name is longer than the limit (max_name_bytes, default 1 KiB); nothing was checked"
            }
            Reason::ParamValueTooLong => {
                "a form parameter value is longer than the limit (max_value_bytes, default 64 KiB); nothing was checked"
            }
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
