//! Limits on what one request may hold, so that no input can make verification or parsing
//! expensive: a request over a limit is turned away before the work, with a coded answer.
//!
//! A request over a limit is an *answer*, not misuse: [`verify`](crate::verify) rejects it with
//! a [`Reason`] (`body_too_large`, `url_too_long`, `too_many_params`, `param_name_too_long`,
//! `param_value_too_long`), so code that answers 403 to every rejected request stays safe, and
//! callback parsing fails with a [`ParseError`](crate::ParseError) carrying the same code.

use crate::error::Reason;

/// The most a request may hold. [`Limits::default()`] applies wherever no other is set.
///
/// | limit | default | what Twilio sends |
/// |---|---|---|
/// | [`max_body_bytes`](Self::max_body_bytes) | 1 MiB | Voice callbacks: under 3 KB; the largest webhooks (JSON bodies, long messages) well under 64 KB |
/// | [`max_url_bytes`](Self::max_url_bytes) | 16 KiB | the configured URL, plus every parameter on a GET webhook (about 3 KB for Voice) |
/// | [`max_params`](Self::max_params) | 1,000 | about 40 parameters |
/// | [`max_name_bytes`](Self::max_name_bytes) | 1 KiB | names under 40 bytes |
/// | [`max_value_bytes`](Self::max_value_bytes) | 64 KiB | values under a few KB (a STIR/SHAKEN token is about 1 KB) |
///
/// Each default is at least 16 times what Twilio sends, and together they bound the work of
/// one request to a few milliseconds. 16 KiB is also Node's default limit on a request's head
/// (request line and headers); 1,000 parameters is the default of Express's `urlencoded()`
/// parser and of PHP's `max_input_vars`.
///
/// * The body and URL limits count the bytes as received.
/// * The parameter limits apply to the parameters that are decoded: a form body, a GET
///   query, or parameters given already decoded ([`Request::with_params`], whose total size of
///   names and values counts as the body). Names and values are counted in bytes once decoded
///   (`%41` is one byte), as the application sees them.
///
/// [`Request::with_params`]: crate::Request::with_params
///
/// # Example
///
/// ```
/// use twilio_webhook::{verify, Keys, Limits, Reason, Request};
/// let limits = Limits::default().with_max_params(2);
/// let req = Request::post_form("https://example.com/voice", b"A=1&B=2&C=3")?
///     .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
///     .with_limits(limits);
/// let err = verify(&req, &Keys::auth_token("12345")?).unwrap_err();
/// assert_eq!(err.reason, Reason::TooManyParams);
/// assert_eq!(err.code(), "too_many_params");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The most bytes a body may have (default 1 MiB).
    pub max_body_bytes: usize,
    /// The most bytes the URL may have, query included (default 16 KiB).
    pub max_url_bytes: usize,
    /// The most form parameters, repeated names counted each time (default 1,000).
    pub max_params: usize,
    /// The most bytes of one decoded parameter name (default 1 KiB).
    pub max_name_bytes: usize,
    /// The most bytes of one decoded parameter value (default 64 KiB).
    pub max_value_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

impl Limits {
    /// The defaults (see the table above).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::Limits;
    /// assert_eq!(Limits::DEFAULT, Limits::default());
    /// assert_eq!(Limits::DEFAULT.max_params, 1000);
    /// ```
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: 1 << 20,
        max_url_bytes: 16 << 10,
        max_params: 1000,
        max_name_bytes: 1 << 10,
        max_value_bytes: 64 << 10,
    };

    /// These limits with another body size limit.
    ///
    /// # Example
    ///
    /// ```
    /// let l = twilio_webhook::Limits::default().with_max_body_bytes(4 << 20);
    /// assert_eq!(l.max_body_bytes, 4 << 20);
    /// ```
    #[must_use]
    pub const fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// These limits with another URL length limit.
    ///
    /// # Example
    ///
    /// ```
    /// let l = twilio_webhook::Limits::default().with_max_url_bytes(64 << 10);
    /// assert_eq!(l.max_url_bytes, 64 << 10);
    /// ```
    #[must_use]
    pub const fn with_max_url_bytes(mut self, bytes: usize) -> Self {
        self.max_url_bytes = bytes;
        self
    }

    /// These limits with another parameter count limit.
    ///
    /// # Example
    ///
    /// ```
    /// let l = twilio_webhook::Limits::default().with_max_params(100);
    /// assert_eq!(l.max_params, 100);
    /// ```
    #[must_use]
    pub const fn with_max_params(mut self, params: usize) -> Self {
        self.max_params = params;
        self
    }

    /// These limits with another parameter name length limit.
    ///
    /// # Example
    ///
    /// ```
    /// let l = twilio_webhook::Limits::default().with_max_name_bytes(64);
    /// assert_eq!(l.max_name_bytes, 64);
    /// ```
    #[must_use]
    pub const fn with_max_name_bytes(mut self, bytes: usize) -> Self {
        self.max_name_bytes = bytes;
        self
    }

    /// These limits with another parameter value length limit.
    ///
    /// # Example
    ///
    /// ```
    /// let l = twilio_webhook::Limits::default().with_max_value_bytes(1 << 20);
    /// assert_eq!(l.max_value_bytes, 1 << 20);
    /// ```
    #[must_use]
    pub const fn with_max_value_bytes(mut self, bytes: usize) -> Self {
        self.max_value_bytes = bytes;
        self
    }

    /// The configured maximum of one limit.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{Limit, Limits};
    /// assert_eq!(Limits::default().max(Limit::Params), 1000);
    /// ```
    pub fn max(&self, limit: Limit) -> usize {
        match limit {
            Limit::BodyBytes => self.max_body_bytes,
            Limit::UrlBytes => self.max_url_bytes,
            Limit::Params => self.max_params,
            Limit::NameBytes => self.max_name_bytes,
            Limit::ValueBytes => self.max_value_bytes,
        }
    }

    /// Checks parameters that are already decoded: their count, each name and value, and
    /// their total size against the body limit. One pass; stops at the first one over.
    pub(crate) fn check_pairs<'p>(
        &self,
        pairs: impl Iterator<Item = (&'p str, &'p str)>,
    ) -> Result<(), Limit> {
        let mut total = 0usize;
        for (index, (name, value)) in pairs.enumerate() {
            self.check_pair(index, name.len(), value.len())?;
            total = total.saturating_add(name.len() + value.len());
            if total > self.max_body_bytes {
                return Err(Limit::BodyBytes);
            }
        }
        Ok(())
    }

    /// The checks on the `index`-th pair (0-based) with these decoded lengths.
    #[inline]
    pub(crate) fn check_pair(&self, index: usize, name: usize, value: usize) -> Result<(), Limit> {
        if index >= self.max_params {
            Err(Limit::Params)
        } else if name > self.max_name_bytes {
            Err(Limit::NameBytes)
        } else if value > self.max_value_bytes {
            Err(Limit::ValueBytes)
        } else {
            Ok(())
        }
    }

    /// Checks the parameters of a query string without decoding it: the count, and each name
    /// and value, decoded only when its encoded form is over the limit (decoding a `&str` never
    /// makes it longer).
    pub(crate) fn check_query(&self, query: &str) -> Result<(), Limit> {
        let mut index = 0;
        for seq in query.as_bytes().split(|&b| b == b'&') {
            if seq.is_empty() {
                continue;
            }
            let (mut name, mut value) = match seq.iter().position(|&b| b == b'=') {
                Some(i) => (i, seq.len() - i - 1),
                None => (seq.len(), 0),
            };
            if name > self.max_name_bytes || value > self.max_value_bytes {
                // The pair as form decoding reads it (one pair: `seq` has no `&`).
                if let Some((n, v)) = form_urlencoded::parse(seq).next() {
                    (name, value) = (n.len(), v.len());
                }
            }
            self.check_pair(index, name, value)?;
            index += 1;
        }
        Ok(())
    }
}

/// Which limit a request is over.
///
/// # Example
///
/// ```
/// use twilio_webhook::{Limit, Reason};
/// assert_eq!(Limit::Params.code(), "too_many_params");
/// assert_eq!(Reason::from(Limit::Params), Reason::TooManyParams);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_body_bytes`]: `body_too_large`.
    BodyBytes,
    /// [`Limits::max_url_bytes`]: `url_too_long`.
    UrlBytes,
    /// [`Limits::max_params`]: `too_many_params`.
    Params,
    /// [`Limits::max_name_bytes`]: `param_name_too_long`.
    NameBytes,
    /// [`Limits::max_value_bytes`]: `param_value_too_long`.
    ValueBytes,
}

impl Limit {
    /// Every limit, in a fixed order.
    pub const ALL: [Limit; 5] = [
        Limit::BodyBytes,
        Limit::UrlBytes,
        Limit::Params,
        Limit::NameBytes,
        Limit::ValueBytes,
    ];

    /// The stable snake_case code, the same as the matching [`Reason`]'s.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Limit::BodyBytes.code(), "body_too_large");
    /// ```
    pub fn code(self) -> &'static str {
        Reason::from(self).code()
    }
}

impl From<Limit> for Reason {
    fn from(limit: Limit) -> Reason {
        match limit {
            Limit::BodyBytes => Reason::BodyTooLarge,
            Limit::UrlBytes => Reason::UrlTooLong,
            Limit::Params => Reason::TooManyParams,
            Limit::NameBytes => Reason::ParamNameTooLong,
            Limit::ValueBytes => Reason::ParamValueTooLong,
        }
    }
}
