//! Secrets: auth tokens and SharedKey secrets.
//!
//! A secret never leaves this module in readable form: its `Debug` is redacted, it has no
//! `Display` and no `Serialize`, and errors about it never contain it.

use crate::error::UsageError;
use core::fmt;
use hmac::digest::KeyInit;
use hmac::Hmac;
use sha1::Sha1;
use sha2::Sha256;
use std::sync::OnceLock;

/// One signing secret: an account auth token (HMAC-SHA1) or a SharedKey secret (HMAC-SHA256).
///
/// Construction rejects an empty secret, which both official helpers silently accept (an HMAC
/// with an empty key validates anything signed with an empty key, never what Twilio sent).
///
/// # Example
///
/// ```
/// use twilio_webhook::Secret;
/// let token = Secret::new("12345")?;
/// assert_eq!(format!("{token:?}"), "Secret(<redacted, 5 bytes>)");
/// assert!(Secret::new("").is_err());
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone)]
pub struct Secret {
    secret: Box<str>,
    // The HMAC state after absorbing the key, computed on first use: a server that keeps its
    // `Keys` (or the wasm binding, which caches the last ones) skips two compressions per call.
    sha1: OnceLock<Hmac<Sha1>>,
    sha256: OnceLock<Hmac<Sha256>>,
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.secret == other.secret
    }
}

impl Eq for Secret {}

impl Secret {
    /// Wraps a secret, rejecting an empty one.
    ///
    /// # Errors
    ///
    /// [`UsageError::EmptySecret`] when `secret` is empty.
    ///
    /// # Example
    ///
    /// ```
    /// let secret = twilio_webhook::Secret::new("12345")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn new(secret: &str) -> Result<Self, UsageError> {
        if secret.is_empty() {
            return Err(UsageError::EmptySecret);
        }
        Ok(Secret {
            secret: secret.into(),
            sha1: OnceLock::new(),
            sha256: OnceLock::new(),
        })
    }

    /// The secret's bytes, for the HMAC key. Crate-private so no caller can print it.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.secret.as_bytes()
    }

    /// HMAC-SHA1 keyed with this secret, ready for the message.
    pub(crate) fn hmac_sha1(&self) -> &Hmac<Sha1> {
        self.sha1.get_or_init(|| keyed(self.bytes()))
    }

    /// HMAC-SHA256 keyed with this secret, ready for the message.
    pub(crate) fn hmac_sha256(&self) -> &Hmac<Sha256> {
        self.sha256.get_or_init(|| keyed(self.bytes()))
    }

    /// Whether the secret starts or ends with white space: almost always a copy-paste accident
    /// (a trailing newline from an environment file), and a classic cause of failures.
    pub(crate) fn trimmed(&self) -> Option<&[u8]> {
        let t = self.secret.trim();
        (t.len() != self.secret.len() && !t.is_empty()).then_some(t.as_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.secret.len())
    }
}

/// HMAC accepts keys of any length (longer ones are hashed first), so keying cannot fail.
pub(crate) fn keyed<M: KeyInit>(key: &[u8]) -> M {
    match M::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => M::new(&Default::default()),
    }
}

/// The secrets a request may be signed with, in order of preference.
///
/// Several auth tokens allow rotation (the primary and the secondary token while the secondary is
/// promoted); several SharedKey secrets likewise. A verified request reports which one matched.
///
/// # Example
///
/// ```
/// use twilio_webhook::Keys;
/// let keys = Keys::auth_token("12345")?.with_auth_token("67890")?;
/// assert_eq!(keys.auth_tokens_len(), 2);
/// assert!(Keys::auth_token(" ").is_ok()); // accepted, but a failure will hint at the space
/// assert!(Keys::auth_token("").is_err());
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Keys {
    pub(crate) auth_tokens: Vec<Secret>,
    pub(crate) shared_keys: Vec<Secret>,
}

impl Keys {
    /// Keys with one auth token (the usual case).
    ///
    /// # Errors
    ///
    /// [`UsageError::EmptySecret`] when `token` is empty.
    ///
    /// # Example
    ///
    /// ```
    /// let keys = twilio_webhook::Keys::auth_token("12345")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn auth_token(token: &str) -> Result<Self, UsageError> {
        Keys::default().with_auth_token(token)
    }

    /// Adds an auth token (HMAC-SHA1), tried after the ones already listed.
    ///
    /// # Errors
    ///
    /// [`UsageError::EmptySecret`] when `token` is empty.
    ///
    /// # Example
    ///
    /// ```
    /// let keys = twilio_webhook::Keys::auth_token("old")?.with_auth_token("new")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_auth_token(mut self, token: &str) -> Result<Self, UsageError> {
        self.auth_tokens.push(Secret::new(token)?);
        Ok(self)
    }

    /// Adds a SharedKey secret (HMAC-SHA256), used when the request's
    /// `X-Twilio-Webhooks-Signature-Settings` header names `algorithm=HMAC_SHA256`.
    ///
    /// # Errors
    ///
    /// [`UsageError::EmptySecret`] when `secret` is empty.
    ///
    /// # Example
    ///
    /// ```
    /// let keys = twilio_webhook::Keys::default().with_shared_key("s3cr3t")?;
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn with_shared_key(mut self, secret: &str) -> Result<Self, UsageError> {
        self.shared_keys.push(Secret::new(secret)?);
        Ok(self)
    }

    /// How many auth tokens are listed.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Keys::auth_token("a")?.auth_tokens_len(), 1);
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn auth_tokens_len(&self) -> usize {
        self.auth_tokens.len()
    }

    /// How many SharedKey secrets are listed.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Keys::auth_token("a")?.shared_keys_len(), 0);
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn shared_keys_len(&self) -> usize {
        self.shared_keys.len()
    }

    /// Whether no key at all is listed (verification would be misuse).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::Keys::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.auth_tokens.is_empty() && self.shared_keys.is_empty()
    }
}
