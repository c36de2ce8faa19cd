//! [`ParseError`]: a callback field that is missing or malformed.

use crate::limits::Limit;
use core::fmt;

/// A required field is missing, or a field is present but malformed; or the input is over one
/// of the [`Limits`](crate::Limits) and was not read at all.
///
/// Strict parsing ([`Callback::parse`](crate::callback::Callback::parse)) returns the first one;
/// lenient parsing ([`Callback::parse_lenient`](crate::callback::Callback::parse_lenient)) lists
/// them all. Each names the field (Twilio's spelling), what was expected and what was received.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::Callback;
/// use twilio_webhook::Params;
///
/// let err = Callback::parse(&Params::parse(b"CallSid=CA123&AccountSid=AC0&CallStatus=ringing"))
///     .unwrap_err();
/// assert_eq!(err.code(), "invalid_field");
/// assert_eq!(err.field(), "AccountSid");
/// assert_eq!(err.to_string(), "expected AccountSid like AC + 32 hex digits, got \"AC0\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// A required field is absent or empty (`Key=` and a bare `Key` count as absent).
    MissingField {
        /// Twilio's name of the field, for example `CallSid`.
        field: &'static str,
        /// What a valid value looks like, for example `like CA + 32 hex digits`.
        expected: &'static str,
    },
    /// A field is present but its value does not have the expected shape.
    InvalidField {
        /// Twilio's name of the field, for example `SequenceNumber`.
        field: &'static str,
        /// What a valid value looks like, for example `as a whole number`.
        expected: &'static str,
        /// The value received (decoded, in full).
        got: String,
    },
    /// The input is over one of the [`Limits`](crate::Limits): none of it was read. The code is
    /// the limit's (`body_too_large`, `too_many_params`, `param_name_too_long`,
    /// `param_value_too_long`); there is no field.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// The limit's configured maximum.
        max: usize,
    },
}

impl ParseError {
    pub(crate) fn missing(field: &'static str, expected: &'static str) -> Self {
        ParseError::MissingField { field, expected }
    }

    pub(crate) fn limit(limit: Limit, limits: &crate::Limits) -> Self {
        ParseError::LimitExceeded {
            limit,
            max: limits.max(limit),
        }
    }

    pub(crate) fn invalid(field: &'static str, expected: &'static str, got: &str) -> Self {
        ParseError::InvalidField {
            field,
            expected,
            got: got.to_owned(),
        }
    }

    /// The stable snake_case code: `missing_field` or `invalid_field`, or the limit's code for
    /// [`LimitExceeded`](ParseError::LimitExceeded).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let err = Callback::parse(&twilio_webhook::Params::parse(b"")).unwrap_err();
    /// assert_eq!(err.code(), "missing_field");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::MissingField { .. } => "missing_field",
            ParseError::InvalidField { .. } => "invalid_field",
            ParseError::LimitExceeded { limit, .. } => limit.code(),
        }
    }

    /// Twilio's name of the field (`CallSid`, `Timestamp`, ...); empty for
    /// [`LimitExceeded`](ParseError::LimitExceeded).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let err = Callback::parse(&twilio_webhook::Params::parse(b"")).unwrap_err();
    /// assert_eq!(err.field(), "AccountSid");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            ParseError::MissingField { field, .. } | ParseError::InvalidField { field, .. } => {
                field
            }
            ParseError::LimitExceeded { .. } => "",
        }
    }

    /// What a valid value looks like, phrased to follow the field name.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let err = Callback::parse(&twilio_webhook::Params::parse(b"")).unwrap_err();
    /// assert_eq!(err.expected(), "like AC + 32 hex digits");
    /// ```
    pub fn expected(&self) -> &'static str {
        match self {
            ParseError::MissingField { expected, .. }
            | ParseError::InvalidField { expected, .. } => expected,
            ParseError::LimitExceeded { limit, .. } => match limit {
                Limit::BodyBytes => "a body within max_body_bytes",
                Limit::UrlBytes => "a URL within max_url_bytes",
                Limit::Params => "at most max_params parameters",
                Limit::NameBytes => "parameter names within max_name_bytes",
                Limit::ValueBytes => "parameter values within max_value_bytes",
            },
        }
    }

    /// The malformed value received, or `None` when the field is missing.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(b"AccountSid=nope");
    /// assert_eq!(Callback::parse(&p).unwrap_err().got(), Some("nope"));
    /// ```
    pub fn got(&self) -> Option<&str> {
        match self {
            ParseError::MissingField { .. } | ParseError::LimitExceeded { .. } => None,
            ParseError::InvalidField { got, .. } => Some(got),
        }
    }
}

/// Longest slice of `got` shown in messages (the full value stays in [`ParseError::got`]).
const SHOWN: usize = 100;

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::MissingField { field, expected } => {
                write!(f, "expected {field} {expected}, got nothing")
            }
            ParseError::LimitExceeded { limit, max } => {
                let (what, unit, got) = match limit {
                    Limit::BodyBytes => ("a body of ", "bytes", "more"),
                    Limit::UrlBytes => ("a URL of ", "bytes", "more"),
                    Limit::Params => ("", "parameters", "more"),
                    Limit::NameBytes => ("parameter names of ", "bytes", "a longer one"),
                    Limit::ValueBytes => ("parameter values of ", "bytes", "a longer one"),
                };
                write!(f, "expected {what}at most {max} {unit}, got {got}")
            }
            ParseError::InvalidField {
                field,
                expected,
                got,
            } => {
                if got.chars().count() > SHOWN {
                    let head: String = got.chars().take(SHOWN).collect();
                    write!(
                        f,
                        "expected {field} {expected}, got \"{}\"…",
                        crate::error::quoted(&head)
                    )
                } else {
                    write!(
                        f,
                        "expected {field} {expected}, got \"{}\"",
                        crate::error::quoted(got)
                    )
                }
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// JSON: `{ "code", "field"?, "expected", "got"?, "message" }` (`field` is absent for
/// [`LimitExceeded`](ParseError::LimitExceeded)).
#[cfg(feature = "serde")]
impl serde::Serialize for ParseError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ParseError", 5)?;
        s.serialize_field("code", self.code())?;
        match self.field() {
            "" => s.skip_field("field")?,
            field => s.serialize_field("field", field)?,
        }
        s.serialize_field("expected", self.expected())?;
        match self.got() {
            Some(got) => s.serialize_field("got", got)?,
            None => s.skip_field("got")?,
        }
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}
