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
    /// what was given (URLs are not secret, but may be long).
    InvalidUrl {
        /// At most the first 80 characters of the URL that was given.
        got: String,
    },
    /// An argument has the wrong type or shape (raised by the JavaScript binding).
    InvalidArgument {
        /// Which argument.
        name: &'static str,
        /// What was expected.
        expected: &'static str,
    },
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
        }
    }

    pub(crate) fn invalid_url(url: &str) -> Self {
        let got: String = url.chars().take(80).collect();
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
}

impl Reason {
    /// Every reason, in a fixed order (the JavaScript binding numbers them by it).
    pub const ALL: [Reason; 5] = [
        Reason::MissingSignature,
        Reason::SignatureMismatch,
        Reason::BodyHashMismatch,
        Reason::MissingBodyHash,
        Reason::UnsupportedAlgorithm,
    ];

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
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
