//! Typed Twilio Voice callback payloads (spec/callbacks.md §1-§4, §7, §8).
//!
//! [`Callback::parse`] turns decoded form parameters ([`Params`], from a POST body or a GET
//! query string alike) into one of five record kinds, chosen by the ordered rules of spec §8.1:
//!
//! | rule | condition (first value of each key, empty = absent) | kind | record |
//! |---|---|---|---|
//! | 1 | `CallbackSource=call-progress-events` | `call-status` | [`StatusCallback`] |
//! | 2 | `RecordingStatus` present | `recording-status` | [`RecordingCallback`] |
//! | 3 | `DialCallStatus` present | `dial-action` | [`DialAction`] |
//! | 4 | `AnsweredBy` present, `CallStatus` absent | `amd` | [`AmdCallback`] |
//! | 5 | `TranscriptionStatus`, `Digits` or `SpeechResult` present | `voice-request` | [`VoiceRequest`] ([`RequestKind::Transcription`] / [`RequestKind::Gather`]) |
//! | 6 | otherwise | `voice-request` | [`VoiceRequest`] ([`RequestKind::Twiml`]) |
//!
//! Rule 5 ("other": gather and transcription callbacks) is folded into `voice-request`: both
//! carry the full voice-request parameters, and a `<Gather>` action *is* a TwiML request.
//! [`VoiceRequest::request_kind`] (JSON `requestKind`) tells them apart.
//!
//! Policies (spec §1): the first value of a repeated key wins; an empty value or a bare key is
//! absent; unknown keys are kept in wire order in `extra` (later values of known keys are not,
//! they stay in [`Params`]). Strict parsing fails on the first missing required field or
//! malformed present field; [`Callback::parse_lenient`] keeps what it can and lists problems.
//!
//! # JSON (feature `serde`)
//!
//! `{ "kind": "call-status" | "recording-status" | "amd" | "dial-action" | "voice-request",
//! ... }` with camelCase names of Twilio's fields (`CallSid` → `callSid`), numbers as numbers,
//! absent fields omitted, timestamps as `{ "iso", "epochMs" }`, endpoints as
//! `{ "kind", "raw", "value"? }` and `extra` as `[[key, value], ...]`.

#[macro_use]
mod wire;
mod amd;
mod call;
mod dial;
mod error;
mod fields;
mod recording;
mod time;

pub use amd::AmdCallback;
pub use call::{CallInfo, RequestKind, StatusCallback, VoiceRequest};
pub use dial::DialAction;
pub use error::ParseError;
pub use fields::{
    AccountSid, AnsweredBy, ApplicationSid, CallSid, CallStatus, ConferenceSid, DialCallStatus,
    Direction, Endpoint, EndpointKind, ErrorCode, Milliseconds, Minutes, RecordingSid,
    RecordingSource, RecordingStatus, RecordingTrack, Seconds, SequenceNumber, SipResponseCode,
    TranscriptionSid,
};
pub use recording::RecordingCallback;
pub use time::Timestamp;

use crate::form::Params;
use crate::limits::Limits;
use wire::{Reader, Writer};

/// The value of `CallbackSource` on call-progress events.
const CALL_PROGRESS_EVENTS: &str = "call-progress-events";

/// Which kind of payload a callback is (spec §8.1).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, CallbackKind};
/// let p = twilio_webhook::Params::parse(b"AnsweredBy=human&CallSid=CA1");
/// assert_eq!(CallbackKind::detect(&p), CallbackKind::Amd);
/// assert_eq!(CallbackKind::Amd.as_str(), "amd");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallbackKind {
    /// `call-status`: a call-progress event ([`StatusCallback`]).
    CallStatus,
    /// `recording-status`: a recording status callback ([`RecordingCallback`]).
    RecordingStatus,
    /// `dial-action`: a `<Dial action>` request ([`DialAction`]).
    DialAction,
    /// `amd`: an asynchronous AMD callback ([`AmdCallback`]).
    Amd,
    /// `voice-request`: a TwiML request, gather or transcription callback ([`VoiceRequest`]).
    VoiceRequest,
}

/// Whether the first value of `key` is present and non-empty.
fn present(params: &Params<'_>, key: &str) -> bool {
    params.get(key).is_some_and(|v| !v.is_empty())
}

impl CallbackKind {
    /// Applies the ordered rules of spec §8.1 (the first match wins). Never fails: anything
    /// unrecognised is a voice request.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::CallbackKind;
    /// use twilio_webhook::Params;
    /// let kind = |b: &[u8]| CallbackKind::detect(&Params::parse(b));
    /// assert_eq!(kind(b"CallbackSource=call-progress-events&RecordingStatus=completed"),
    ///            CallbackKind::CallStatus);
    /// assert_eq!(kind(b"RecordingStatus=completed&DialCallStatus=busy"), CallbackKind::RecordingStatus);
    /// assert_eq!(kind(b"AnsweredBy=human&CallStatus=in-progress"), CallbackKind::VoiceRequest);
    /// assert_eq!(kind(b"DialCallStatus=&Digits=1"), CallbackKind::VoiceRequest);
    /// ```
    pub fn detect(params: &Params<'_>) -> CallbackKind {
        if params.get("CallbackSource") == Some(CALL_PROGRESS_EVENTS) {
            CallbackKind::CallStatus
        } else if present(params, "RecordingStatus") {
            CallbackKind::RecordingStatus
        } else if present(params, "DialCallStatus") {
            CallbackKind::DialAction
        } else if present(params, "AnsweredBy") && !present(params, "CallStatus") {
            CallbackKind::Amd
        } else {
            CallbackKind::VoiceRequest
        }
    }

    /// The JSON `kind`: `call-status`, `recording-status`, `dial-action`, `amd` or
    /// `voice-request`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::callback::CallbackKind::DialAction.as_str(), "dial-action");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackKind::CallStatus => "call-status",
            CallbackKind::RecordingStatus => "recording-status",
            CallbackKind::DialAction => "dial-action",
            CallbackKind::Amd => "amd",
            CallbackKind::VoiceRequest => "voice-request",
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CallbackKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A parsed Twilio Voice callback: one variant per payload kind.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, CallbackKind, CallStatus};
/// use twilio_webhook::Params;
///
/// let body = b"AccountSid=AC0123456789abcdef0123456789abcdef\
///     &CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing\
///     &CallbackSource=call-progress-events&SequenceNumber=1&foo=bar";
/// let cb = Callback::parse(&Params::parse(body))?;
/// assert_eq!(cb.kind(), CallbackKind::CallStatus);
/// assert_eq!(cb.call_status(), Some(CallStatus::Ringing));
/// assert_eq!(cb.sequence_number().map(|n| n.get()), Some(1));
/// assert_eq!(cb.extra(), [("foo".to_string(), "bar".to_string())]);
///
/// // The same fields in a GET query string give the same record.
/// let query = std::str::from_utf8(body).unwrap();
/// assert_eq!(Callback::parse(&Params::parse(query.as_bytes()))?, cb);
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// `call-status`: a call-progress event.
    CallStatus(StatusCallback),
    /// `recording-status`: a recording status callback.
    RecordingStatus(RecordingCallback),
    /// `amd`: an asynchronous answering machine detection result.
    Amd(AmdCallback),
    /// `dial-action`: a `<Dial action>` request.
    DialAction(DialAction),
    /// `voice-request`: a TwiML request (also gather and transcription callbacks).
    VoiceRequest(VoiceRequest),
}

/// The result of [`Callback::parse_lenient`].
///
/// In JSON (feature `serde`): `{ "kind", "callback"?, "problems": [ParseError...], "sidValid" }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::Callback;
/// let p = twilio_webhook::Params::parse(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA123456&CallStatus=ringing\
///       &CallbackSource=call-progress-events&SequenceNumber=0&Timestamp=Thurs%2C+20+July+1989",
/// );
/// let lenient = Callback::parse_lenient(&p);
/// assert!(!lenient.sid_valid);
/// let fields: Vec<_> = lenient.problems.iter().map(|e| e.field()).collect();
/// assert_eq!(fields, ["CallSid", "Timestamp"]);
/// let cb = lenient.callback.unwrap();
/// assert_eq!(cb.call_sid().map(|s| s.as_str()), Some("CA123456"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lenient {
    /// The kind chosen by spec §8.1 (`voice-request`, the fallback, when the input is over a
    /// [`Limits`] and nothing of it was read).
    pub kind: CallbackKind,
    /// The record, unless a required field other than a SID (`CallStatus`, `SequenceNumber`,
    /// `DialCallStatus`) is missing or malformed. Malformed optional fields are left out (the
    /// raw value is in the problem's [`got`](ParseError::got)); malformed or missing SIDs are
    /// kept as received.
    pub callback: Option<Callback>,
    /// Every missing or malformed field, in field order. Empty when strict parsing succeeds.
    pub problems: Vec<ParseError>,
    /// False when a SID was missing or malformed and kept anyway (`is_valid() == false`).
    pub sid_valid: bool,
}

impl Lenient {
    /// An input over a limit: nothing of it is read, so the kind is the fallback of spec §8.1
    /// (`voice-request`), there is no record, and the one problem is the limit's.
    fn over_limit(problem: ParseError) -> Self {
        Lenient {
            kind: CallbackKind::VoiceRequest,
            callback: None,
            problems: vec![problem],
            sid_valid: true,
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Lenient {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Lenient", 4)?;
        s.serialize_field("kind", &self.kind)?;
        match &self.callback {
            Some(cb) => s.serialize_field("callback", cb)?,
            None => s.skip_field("callback")?,
        }
        s.serialize_field("problems", &self.problems)?;
        s.serialize_field("sidValid", &self.sid_valid)?;
        s.end()
    }
}

impl Callback {
    /// Parses a callback strictly: every required field present and well formed, and every
    /// known field that is present well formed. Unknown keys never fail.
    ///
    /// The parameters must be within [`Limits::default()`] (see
    /// [`parse_with_limits`](Self::parse_with_limits)).
    ///
    /// # Errors
    ///
    /// The first [`ParseError`] in field order: `missing_field` when a required field is absent
    /// or empty, `invalid_field` when a field is malformed (a SID with the wrong prefix or
    /// length, a non-numeric number, an unknown `CallStatus`, a bad RFC 2822 date, ...); or,
    /// before anything is read, [`ParseError::LimitExceeded`] when the parameters are over a
    /// limit.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// use twilio_webhook::Params;
    /// let err = Callback::parse(&Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA123&CallStatus=ringing",
    /// )).unwrap_err();
    /// assert_eq!((err.code(), err.field()), ("invalid_field", "CallSid"));
    /// assert_eq!(err.to_string(), "expected CallSid like CA + 32 hex digits, got \"CA123\"");
    /// ```
    pub fn parse(params: &Params<'_>) -> Result<Callback, ParseError> {
        Callback::parse_with_limits(params, &Limits::DEFAULT)
    }

    /// [`parse`](Self::parse) within `limits`: the number of parameters, each decoded name and
    /// value, and their total size (against [`Limits::max_body_bytes`]).
    ///
    /// # Errors
    ///
    /// [`ParseError::LimitExceeded`] when the parameters are over a limit (nothing is read),
    /// otherwise as [`parse`](Self::parse).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{callback::Callback, Limits, Params};
    /// let p = Params::parse(b"CallStatus=ringing&A=1&B=2");
    /// let err = Callback::parse_with_limits(&p, &Limits::default().with_max_params(2)).unwrap_err();
    /// assert_eq!(err.code(), "too_many_params");
    /// assert_eq!(err.to_string(), "expected at most 2 parameters, got more");
    /// ```
    pub fn parse_with_limits(params: &Params<'_>, limits: &Limits) -> Result<Callback, ParseError> {
        limits
            .check_pairs(params.iter())
            .map_err(|l| ParseError::limit(l, limits))?;
        Callback::parse_within_limits(params)
    }

    /// Parses a raw `application/x-www-form-urlencoded` body (or a query string without `?`)
    /// within `limits`, which are checked before and while it is decoded.
    ///
    /// # Errors
    ///
    /// [`ParseError::LimitExceeded`] when the body is over a limit (its size is checked first,
    /// then each pair as it is decoded), otherwise as [`parse`](Self::parse).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{callback::Callback, Limits};
    /// let body = b"AccountSid=AC0123456789abcdef0123456789abcdef\
    ///     &CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing";
    /// assert!(Callback::parse_body(body, &Limits::default()).is_ok());
    /// let err = Callback::parse_body(body, &Limits::default().with_max_body_bytes(64)).unwrap_err();
    /// assert_eq!(err.code(), "body_too_large");
    /// ```
    pub fn parse_body(body: &[u8], limits: &Limits) -> Result<Callback, ParseError> {
        let params =
            Params::parse_limited(body, limits).map_err(|l| ParseError::limit(l, limits))?;
        Callback::parse_within_limits(&params)
    }

    /// [`parse_lenient`](Self::parse_lenient) of a raw body within `limits`. Never fails: an
    /// input over a limit gives a [`Lenient`] with no record and the limit as its one problem.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{callback::Callback, Limits};
    /// let lenient = Callback::parse_body_lenient(b"A=1&B=2", &Limits::default().with_max_params(1));
    /// assert!(lenient.callback.is_none());
    /// assert_eq!(lenient.problems[0].code(), "too_many_params");
    /// ```
    pub fn parse_body_lenient(body: &[u8], limits: &Limits) -> Lenient {
        match Params::parse_limited(body, limits) {
            Ok(params) => Callback::parse_lenient_within_limits(&params),
            Err(l) => Lenient::over_limit(ParseError::limit(l, limits)),
        }
    }

    /// Strict parsing of parameters already checked against the limits.
    pub(crate) fn parse_within_limits(params: &Params<'_>) -> Result<Callback, ParseError> {
        let mut r = Reader::new(params, false);
        let callback = Callback::read(&mut r);
        match r.err {
            Some(e) => Err(e),
            None => Ok(callback),
        }
    }

    /// Parses a callback leniently: keeps what it can and lists what is wrong. Never fails.
    ///
    /// Malformed optional fields are dropped and reported (a bad `Timestamp` never loses the
    /// payload); malformed or missing SIDs are kept as received and reported, with
    /// `sid_valid = false`. Only a missing or malformed `CallStatus` (call-status and
    /// voice-request), `SequenceNumber` (call-status) or `DialCallStatus` leaves
    /// [`Lenient::callback`] empty.
    ///
    /// The parameters must be within [`Limits::default()`]: over a limit, nothing is read, and
    /// the result has no record, the kind `voice-request` and the limit as its one problem
    /// (see [`parse_lenient_with_limits`](Self::parse_lenient_with_limits)).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(b"CallStatus=no-answer&CallDuration=abc");
    /// let lenient = Callback::parse_lenient(&p);
    /// let codes: Vec<_> = lenient.problems.iter().map(|e| (e.code(), e.field())).collect();
    /// assert_eq!(codes, [
    ///     ("missing_field", "AccountSid"),
    ///     ("missing_field", "CallSid"),
    /// ]);
    /// let cb = lenient.callback.unwrap();
    /// assert_eq!(cb.extra(), [("CallDuration".to_string(), "abc".to_string())]); // not a voice-request field
    /// ```
    pub fn parse_lenient(params: &Params<'_>) -> Lenient {
        Callback::parse_lenient_with_limits(params, &Limits::DEFAULT)
    }

    /// [`parse_lenient`](Self::parse_lenient) within `limits`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{callback::Callback, Limits, Params};
    /// let p = Params::parse(b"CallStatus=ringing&Digits=123456");
    /// let lenient = Callback::parse_lenient_with_limits(&p, &Limits::default().with_max_value_bytes(4));
    /// assert_eq!(lenient.problems[0].code(), "param_value_too_long");
    /// assert_eq!(lenient.problems[0].field(), "");
    /// ```
    pub fn parse_lenient_with_limits(params: &Params<'_>, limits: &Limits) -> Lenient {
        match limits.check_pairs(params.iter()) {
            Ok(()) => Callback::parse_lenient_within_limits(params),
            Err(l) => Lenient::over_limit(ParseError::limit(l, limits)),
        }
    }

    fn parse_lenient_within_limits(params: &Params<'_>) -> Lenient {
        let mut r = Reader::new(params, true);
        let kind = CallbackKind::detect(params);
        let callback = Callback::read(&mut r);
        Lenient {
            kind,
            // Lenient reading never fails; a lost required field makes the record fatal.
            callback: (!r.fatal).then_some(callback),
            problems: r.problems,
            sid_valid: r.sid_valid,
        }
    }

    fn read(r: &mut Reader<'_>) -> Callback {
        match CallbackKind::detect(r.params()) {
            CallbackKind::CallStatus => {
                r.raw("CallbackSource");
                Callback::CallStatus(StatusCallback::read(r))
            }
            CallbackKind::RecordingStatus => Callback::RecordingStatus(RecordingCallback::read(r)),
            CallbackKind::DialAction => Callback::DialAction(DialAction::read(r)),
            CallbackKind::Amd => Callback::Amd(AmdCallback::read(r)),
            CallbackKind::VoiceRequest => Callback::VoiceRequest(VoiceRequest::read(r)),
        }
    }

    /// Which kind of callback this is.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, CallbackKind};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&AnsweredBy=human",
    /// );
    /// assert_eq!(Callback::parse(&p)?.kind(), CallbackKind::Amd);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn kind(&self) -> CallbackKind {
        match self {
            Callback::CallStatus(_) => CallbackKind::CallStatus,
            Callback::RecordingStatus(_) => CallbackKind::RecordingStatus,
            Callback::Amd(_) => CallbackKind::Amd,
            Callback::DialAction(_) => CallbackKind::DialAction,
            Callback::VoiceRequest(_) => CallbackKind::VoiceRequest,
        }
    }

    /// `AccountSid` (every kind has one).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing",
    /// );
    /// assert_eq!(Callback::parse(&p)?.account_sid().as_str(), "AC0123456789abcdef0123456789abcdef");
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn account_sid(&self) -> &AccountSid {
        match self {
            Callback::CallStatus(c) => &c.call.account_sid,
            Callback::RecordingStatus(c) => &c.account_sid,
            Callback::Amd(c) => &c.account_sid,
            Callback::DialAction(c) => &c.call.account_sid,
            Callback::VoiceRequest(c) => &c.call.account_sid,
        }
    }

    /// `CallSid`: the leg this callback is about (for a dial action, the parent leg). `None`
    /// only for a recording callback without one (conference recordings).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing",
    /// );
    /// let cb = Callback::parse(&p)?;
    /// assert_eq!(cb.call_sid().map(|s| s.as_str()), Some("CA0123456789abcdef0123456789abcdef"));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn call_sid(&self) -> Option<&CallSid> {
        match self {
            Callback::CallStatus(c) => Some(&c.call.call_sid),
            Callback::RecordingStatus(c) => c.call_sid.as_ref(),
            Callback::Amd(c) => Some(&c.call_sid),
            Callback::DialAction(c) => Some(&c.call.call_sid),
            Callback::VoiceRequest(c) => Some(&c.call.call_sid),
        }
    }

    /// The shared call-leg parameters of call-status, dial-action and voice-request
    /// callbacks.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, Direction};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&Direction=inbound",
    /// );
    /// let cb = Callback::parse(&p)?;
    /// assert_eq!(cb.call().and_then(|c| c.direction.clone()), Some(Direction::Inbound));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn call(&self) -> Option<&CallInfo> {
        match self {
            Callback::CallStatus(c) => Some(&c.call),
            Callback::DialAction(c) => Some(&c.call),
            Callback::VoiceRequest(c) => Some(&c.call),
            Callback::RecordingStatus(_) | Callback::Amd(_) => None,
        }
    }

    /// `CallStatus`, when the payload has one (call-status and voice-request always; dial
    /// action when sent; never recording or AMD callbacks).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, CallStatus};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=canceled",
    /// );
    /// assert_eq!(Callback::parse(&p)?.call_status(), Some(CallStatus::Canceled));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn call_status(&self) -> Option<CallStatus> {
        match self {
            Callback::CallStatus(c) => Some(c.call_status),
            Callback::VoiceRequest(c) => Some(c.call_status),
            Callback::DialAction(c) => c.call_status,
            Callback::RecordingStatus(_) | Callback::Amd(_) => None,
        }
    }

    /// `SequenceNumber` (call-status callbacks only).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef&CallStatus=ringing",
    /// );
    /// assert_eq!(Callback::parse(&p)?.sequence_number(), None);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn sequence_number(&self) -> Option<SequenceNumber> {
        match self {
            Callback::CallStatus(c) => Some(c.sequence_number),
            _ => None,
        }
    }

    /// Unknown keys, in wire order.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&b=2&a=1&CallSid=CAffffffffffffffffffffffffffffffff",
    /// );
    /// let cb = Callback::parse(&p)?;
    /// assert_eq!(cb.extra(), [("b".into(), "2".into()), ("a".into(), "1".into())]);
    /// assert_eq!(cb.call_sid().unwrap().as_str(), "CA0123456789abcdef0123456789abcdef"); // first wins
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn extra(&self) -> &[(String, String)] {
        match self {
            Callback::CallStatus(c) => &c.extra,
            Callback::RecordingStatus(c) => &c.extra,
            Callback::Amd(c) => &c.extra,
            Callback::DialAction(c) => &c.extra,
            Callback::VoiceRequest(c) => &c.extra,
        }
    }

    /// The record as form parameters: known fields in a fixed order (with
    /// `CallbackSource=call-progress-events` first for call-status), then `extra` in order.
    /// [`Callback::parse`] of the result gives back an equal record.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"CallStatus=ringing&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &AccountSid=AC0123456789abcdef0123456789abcdef&x=1",
    /// );
    /// let cb = Callback::parse(&p)?;
    /// assert_eq!(Callback::parse(&cb.to_params())?, cb);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_params(&self) -> Params<'static> {
        let mut w = Writer::default();
        match self {
            Callback::CallStatus(c) => {
                w.push("CallbackSource", CALL_PROGRESS_EVENTS);
                c.write(&mut w);
            }
            Callback::RecordingStatus(c) => c.write(&mut w),
            Callback::Amd(c) => c.write(&mut w),
            Callback::DialAction(c) => c.write(&mut w),
            Callback::VoiceRequest(c) => c.write(&mut w),
        }
        Params::from_pairs(w.pairs)
    }

    /// The record as an `application/x-www-form-urlencoded` body (see
    /// [`to_params`](Self::to_params)); `+` is written as `%2B`, a space as `+`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&From=%2B14158675309",
    /// );
    /// let form = Callback::parse(&p)?.to_form();
    /// assert!(form.contains("&From=%2B14158675309&"));
    /// assert_eq!(Callback::parse(&twilio_webhook::Params::parse(form.as_bytes()))?, Callback::parse(&p)?);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_form(&self) -> String {
        let mut ser = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.to_params().iter() {
            ser.append_pair(k, v);
        }
        ser.finish()
    }
}

/// The field count given to `serialize_struct` when the real count is not known up front. Not
/// zero: serde_json closes a struct announced with zero fields at once (`{}`), and the fields
/// written after it make invalid JSON text.
#[cfg(feature = "serde")]
pub(crate) const FIELDS_HINT: usize = 64;

/// JSON: `{ "kind": ..., <the record's fields> }` (see the [module docs](self)).
#[cfg(feature = "serde")]
impl serde::Serialize for Callback {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Callback", FIELDS_HINT)?;
        s.serialize_field("kind", &self.kind())?;
        match self {
            Callback::CallStatus(c) => c.ser_fields(&mut s)?,
            Callback::RecordingStatus(c) => c.ser_fields(&mut s)?,
            Callback::Amd(c) => c.ser_fields(&mut s)?,
            Callback::DialAction(c) => c.ser_fields(&mut s)?,
            Callback::VoiceRequest(c) => c.ser_fields(&mut s)?,
        }
        s.end()
    }
}
