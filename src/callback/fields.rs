//! Field types: SID newtypes, [`Endpoint`], status and direction enums, numbers with units.
//!
//! Enums Twilio documents as closed sets used by the state machine ([`CallStatus`],
//! [`DialCallStatus`]) reject unknown values. Enums that grow over time ([`Direction`],
//! [`AnsweredBy`], [`RecordingStatus`], [`RecordingSource`], [`RecordingTrack`]) are open: an
//! unknown value is kept as `Other(String)`, never rejected.

use super::wire::{parse_decimal, Required, Wire};
#[cfg(feature = "serde")]
use super::wire::{Json, ToJson};
use super::ParseError;
use core::fmt;
use std::borrow::Cow;

// ---------------------------------------------------------------------------------------------
// SIDs

/// `^[A-Z]{2}[0-9a-fA-F]{32}$` with the given prefix.
fn is_sid(s: &str, prefix: &str) -> bool {
    s.len() == 34 && s.starts_with(prefix) && s.bytes().skip(2).all(|b| b.is_ascii_hexdigit())
}

macro_rules! sid {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $example:literal) => {
        $(#[$meta])*
        ///
        #[doc = concat!("A valid value is `", $prefix, "` followed by 32 hex digits (34 characters).")]
        /// Strict parsing only produces valid SIDs; lenient parsing keeps a malformed one as
        /// received and [`is_valid`](Self::is_valid) then returns `false`. Serialised as a string.
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
        #[doc = concat!("let sid = ", stringify!($name), "::parse(\"", $example, "\")?;")]
        #[doc = concat!("assert_eq!(sid.as_str(), \"", $example, "\");")]
        /// assert!(sid.is_valid());
        #[doc = concat!("assert!(", stringify!($name), "::parse(\"", $prefix, "123\").is_err());")]
        /// # Ok::<(), twilio_webhook::callback::ParseError>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The two-letter prefix of this kind of SID.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("assert_eq!(twilio_webhook::callback::", stringify!($name), "::PREFIX, \"", $prefix, "\");")]
            /// ```
            pub const PREFIX: &'static str = $prefix;

            /// Checks and wraps a SID.
            ///
            /// # Errors
            ///
            #[doc = concat!("An `invalid_field` [`ParseError`] for field `", stringify!($name), "` unless `s` is `", $prefix, "` + 32 hex digits.")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("let err = ", stringify!($name), "::parse(\"nope\").unwrap_err();")]
            #[doc = concat!("assert_eq!(err.to_string(), \"expected ", stringify!($name), " like ", $prefix, " + 32 hex digits, got \\\"nope\\\"\");")]
            /// ```
            pub fn parse(s: &str) -> Result<Self, ParseError> {
                if is_sid(s, $prefix) {
                    Ok($name(s.to_owned()))
                } else {
                    Err(ParseError::invalid(stringify!($name), <Self as Wire>::EXPECTED, s))
                }
            }

            /// The SID as received.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("let sid = twilio_webhook::callback::", stringify!($name), "::parse(\"", $example, "\")?;")]
            #[doc = concat!("assert_eq!(sid.as_str(), \"", $example, "\");")]
            /// # Ok::<(), twilio_webhook::callback::ParseError>(())
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether the SID has the expected shape (always true after strict parsing).
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("let sid = twilio_webhook::callback::", stringify!($name), "::parse(\"", $example, "\")?;")]
            /// assert!(sid.is_valid());
            /// # Ok::<(), twilio_webhook::callback::ParseError>(())
            /// ```
            pub fn is_valid(&self) -> bool {
                is_sid(&self.0, $prefix)
            }
        }

        impl Wire for $name {
            const EXPECTED: &'static str = concat!("like ", $prefix, " + 32 hex digits");
            fn from_wire(s: &str) -> Option<Self> {
                is_sid(s, $prefix).then(|| $name(s.to_owned()))
            }
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.0)
            }
            fn keep_invalid(raw: &str) -> Option<Self> {
                Some($name(raw.to_owned()))
            }
        }

        impl Required for $name {
            fn placeholder() -> Self {
                $name(String::new())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        #[cfg(feature = "serde")]
        impl ToJson for $name {
            fn to_json(&self) -> Json<'_> {
                Json::Str(&self.0)
            }
        }
    };
}

sid!(
    /// A call leg's SID (`CallSid`, `ParentCallSid`, `DialCallSid`).
    CallSid, "CA", "CA0123456789abcdef0123456789abcdef"
);
sid!(
    /// An account's SID (`AccountSid`).
    AccountSid, "AC", "AC0123456789abcdef0123456789abcdef"
);
sid!(
    /// A recording's SID (`RecordingSid`).
    RecordingSid, "RE", "RE0123456789abcdef0123456789abcdef"
);
sid!(
    /// A conference's SID (`ConferenceSid`, on conference recording callbacks).
    ConferenceSid, "CF", "CF0123456789abcdef0123456789abcdef"
);
sid!(
    /// A TwiML application's SID (`ApplicationSid`, on requests from Voice SDK clients).
    ApplicationSid, "AP", "AP0123456789abcdef0123456789abcdef"
);
sid!(
    /// A legacy `<Record transcribe>` transcription's SID (`TranscriptionSid`).
    TranscriptionSid, "TR", "TR0123456789abcdef0123456789abcdef"
);

// ---------------------------------------------------------------------------------------------
// Enums

/// Shared by the open and closed enum macros: `Display` and serde as the wire string.
macro_rules! enum_common {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl ToJson for $name {
            fn to_json(&self) -> Json<'_> {
                Json::Str(self.as_str())
            }
        }
    };
}

/// A closed enum: unknown values are errors.
macro_rules! closed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($expected:literal, $example:literal, $variant_ex:ident) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\")?, ", stringify!($name), "::", stringify!($variant_ex), ");")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($variant_ex), ".as_str(), \"", $example, "\");")]
        /// # Ok::<(), twilio_webhook::callback::ParseError>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in lifecycle order.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::ALL.contains(&", stringify!($name), "::", stringify!($variant_ex), "));")]
            /// ```
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Twilio's spelling.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($variant_ex), ".to_string(), \"", $example, "\");")]
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )*
                }
            }

            /// Parses Twilio's spelling (case-sensitive).
            ///
            /// # Errors
            ///
            #[doc = concat!("An `invalid_field` [`ParseError`] for field `", stringify!($name), "` for any other text.")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\")?, ", stringify!($name), "::", stringify!($variant_ex), ");")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"nope\").unwrap_err().code(), \"invalid_field\");")]
            /// # Ok::<(), twilio_webhook::callback::ParseError>(())
            /// ```
            pub fn parse(s: &str) -> Result<Self, ParseError> {
                <Self as Wire>::from_wire(s)
                    .ok_or_else(|| ParseError::invalid(stringify!($name), $expected, s))
            }
        }

        impl Wire for $name {
            const EXPECTED: &'static str = $expected;
            fn from_wire(s: &str) -> Option<Self> {
                match s {
                    $( $wire => Some($name::$variant), )*
                    _ => None,
                }
            }
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.as_str())
            }
            fn stand_in() -> Option<Self> {
                Some($name::$variant_ex)
            }
        }

        impl Required for $name {
            fn placeholder() -> Self {
                $name::$variant_ex
            }
        }

        enum_common!($name);
    };
}

/// An open enum: unknown values are kept in `Other`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($example:literal, $variant_ex:ident) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open: a value not listed here is kept as `Other(value)`.
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\"), ", stringify!($name), "::", stringify!($variant_ex), ");")]
        #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"Brand-New\"), ", stringify!($name), "::Other(\"Brand-New\".into()));")]
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, as received.
            Other(String),
        }

        impl $name {
            /// Twilio's spelling (or the unknown value as received).
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($variant_ex), ".as_str(), \"", $example, "\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Other(s) => s,
                }
            }

            /// Parses Twilio's spelling (case-sensitive); never fails.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\").as_str(), \"", $example, "\");")]
            /// ```
            pub fn parse(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )*
                    _ => $name::Other(s.to_owned()),
                }
            }
        }

        impl Wire for $name {
            const EXPECTED: &'static str = "as text";
            fn from_wire(s: &str) -> Option<Self> {
                Some(Self::parse(s))
            }
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.as_str())
            }
            fn stand_in() -> Option<Self> {
                Some($name::Other(String::new()))
            }
        }

        impl Required for $name {
            fn placeholder() -> Self {
                $name::Other(String::new())
            }
        }

        enum_common!($name);
    };
}

closed_enum! {
    /// `CallStatus`: the state of a call leg when the request was sent.
    ///
    /// Includes `initiated`, which the REST API's enum lacks. The `answered` event arrives as
    /// `in-progress`; there is no `answered` status.
    pub enum CallStatus (
        "as one of queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled",
        "in-progress",
        InProgress
    ) {
        /// `queued`: accepted by the REST API, waiting to be dialled.
        Queued = "queued",
        /// `initiated`: Twilio started dialling.
        Initiated = "initiated",
        /// `ringing`: the destination is ringing.
        Ringing = "ringing",
        /// `in-progress`: answered (also what the `answered` event reports).
        InProgress = "in-progress",
        /// `completed`: answered and ended normally (terminal).
        Completed = "completed",
        /// `busy`: a busy signal (terminal).
        Busy = "busy",
        /// `no-answer`: no answer before the timeout, or rejected (terminal).
        NoAnswer = "no-answer",
        /// `failed`: could not be completed as dialled (terminal).
        Failed = "failed",
        /// `canceled`: canceled before it was answered (terminal).
        Canceled = "canceled",
    }
}

impl CallStatus {
    /// Whether nothing may follow this status (`completed`, `busy`, `no-answer`, `failed`,
    /// `canceled`).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::CallStatus;
    /// assert!(CallStatus::Busy.is_terminal());
    /// assert!(!CallStatus::InProgress.is_terminal());
    /// ```
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            CallStatus::Completed
                | CallStatus::Busy
                | CallStatus::NoAnswer
                | CallStatus::Failed
                | CallStatus::Canceled
        )
    }
}

closed_enum! {
    /// `DialCallStatus`: the outcome of the dialled leg in a `<Dial>` action request. The
    /// [`CallStatus`] words plus `answered` (conferences).
    pub enum DialCallStatus (
        "as one of completed, answered, busy, no-answer, failed, canceled (or a CallStatus)",
        "completed",
        Completed
    ) {
        /// `queued`.
        Queued = "queued",
        /// `initiated`.
        Initiated = "initiated",
        /// `ringing`.
        Ringing = "ringing",
        /// `in-progress`.
        InProgress = "in-progress",
        /// `answered`: the conference was joined (conferences only).
        Answered = "answered",
        /// `completed`: the dialled party answered (see `DialBridged` for "connected").
        Completed = "completed",
        /// `busy`.
        Busy = "busy",
        /// `no-answer`.
        NoAnswer = "no-answer",
        /// `failed`.
        Failed = "failed",
        /// `canceled`.
        Canceled = "canceled",
    }
}

impl DialCallStatus {
    /// The same word as a [`CallStatus`]; `None` for `answered`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{CallStatus, DialCallStatus};
    /// assert_eq!(DialCallStatus::NoAnswer.to_call_status(), Some(CallStatus::NoAnswer));
    /// assert_eq!(DialCallStatus::Answered.to_call_status(), None);
    /// ```
    pub fn to_call_status(self) -> Option<CallStatus> {
        CallStatus::from_wire(self.as_str())
    }
}

open_enum! {
    /// `Direction`: the leg's own direction.
    pub enum Direction ("outbound-dial", OutboundDial) {
        /// `inbound`: a call into a Twilio number or SIP domain.
        Inbound = "inbound",
        /// `outbound-api`: created through the REST API.
        OutboundApi = "outbound-api",
        /// `outbound-dial`: a `<Dial>` child leg.
        OutboundDial = "outbound-dial",
        /// `trunking-originating`: Elastic SIP Trunking, from the PBX.
        TrunkingOriginating = "trunking-originating",
        /// `trunking-terminating`: Elastic SIP Trunking, to the PBX.
        TrunkingTerminating = "trunking-terminating",
    }
}

open_enum! {
    /// `AnsweredBy`: the answering machine detection verdict (spec §7).
    pub enum AnsweredBy ("machine_end_beep", MachineEndBeep) {
        /// `human`.
        Human = "human",
        /// `machine_start`: a machine, detected at the greeting (`MachineDetection=Enable`).
        MachineStart = "machine_start",
        /// `machine_end_beep`: a machine, its greeting ended with a beep.
        MachineEndBeep = "machine_end_beep",
        /// `machine_end_silence`: a machine, its greeting ended with silence.
        MachineEndSilence = "machine_end_silence",
        /// `machine_end_other`: a machine, its greeting ended otherwise.
        MachineEndOther = "machine_end_other",
        /// `fax`.
        Fax = "fax",
        /// `unknown`: undetermined (for example a detection timeout).
        Unknown = "unknown",
    }
}

impl AnsweredBy {
    /// Whether this names an answering machine (`machine_*`) or a fax.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::AnsweredBy;
    /// assert!(AnsweredBy::Fax.is_machine_or_fax());
    /// assert!(!AnsweredBy::Unknown.is_machine_or_fax());
    /// ```
    pub fn is_machine_or_fax(&self) -> bool {
        matches!(
            self,
            AnsweredBy::MachineStart
                | AnsweredBy::MachineEndBeep
                | AnsweredBy::MachineEndSilence
                | AnsweredBy::MachineEndOther
                | AnsweredBy::Fax
        )
    }
}

open_enum! {
    /// `RecordingStatus`: callback events are `in-progress`, `completed` and `absent`; the
    /// other values are Recording resource states.
    pub enum RecordingStatus ("completed", Completed) {
        /// `in-progress`: recording started.
        InProgress = "in-progress",
        /// `paused`.
        Paused = "paused",
        /// `stopped`.
        Stopped = "stopped",
        /// `processing`.
        Processing = "processing",
        /// `completed`: the file is available.
        Completed = "completed",
        /// `absent`: no audio was recorded (see `ErrorCode`).
        Absent = "absent",
        /// `deleted`.
        Deleted = "deleted",
    }
}

open_enum! {
    /// `RecordingSource`: what started the recording.
    pub enum RecordingSource ("DialVerb", DialVerb) {
        /// `DialVerb`: `<Dial record>`.
        DialVerb = "DialVerb",
        /// `Conference`: `<Conference record>`.
        Conference = "Conference",
        /// `OutboundAPI`: `Record=true` on a REST call.
        OutboundApi = "OutboundAPI",
        /// `Trunking`: Elastic SIP Trunking recording.
        Trunking = "Trunking",
        /// `RecordVerb`: `<Record>`.
        RecordVerb = "RecordVerb",
        /// `StartCallRecordingAPI`: the Call Recordings API.
        StartCallRecordingApi = "StartCallRecordingAPI",
        /// `StartConferenceRecordingAPI`: the Conference Recordings API.
        StartConferenceRecordingApi = "StartConferenceRecordingAPI",
        /// `StartCallRecordingTwiML`: `<Start><Recording>` (observed, missing from the
        /// OpenAPI enum).
        StartCallRecordingTwiml = "StartCallRecordingTwiML",
    }
}

open_enum! {
    /// `RecordingTrack`: which audio was recorded.
    pub enum RecordingTrack ("both", Both) {
        /// `inbound`: audio received by Twilio.
        Inbound = "inbound",
        /// `outbound`: audio sent by Twilio.
        Outbound = "outbound",
        /// `both` (the default).
        Both = "both",
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoints

/// What an [`Endpoint`] is.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Endpoint, EndpointKind};
/// assert_eq!(Endpoint::parse("client:charlie").kind(), EndpointKind::Client);
/// assert_eq!(EndpointKind::Client.as_str(), "client");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointKind {
    /// `+` and 2 to 15 digits, the first not 0: `+16175551212`.
    E164,
    /// A Voice SDK identity: `client:charlie`.
    Client,
    /// A SIP URI: `sip:alex@example.sip.twilio.com` (or `sips:`).
    Sip,
    /// A Super SIM: `sim:HS...`.
    Sim,
    /// A withheld caller ID: `Anonymous`, `Restricted`, `Unknown`, `Private`, `Unavailable`,
    /// `Withheld` (any case, or contained in the text), or `+266696687` ("ANONYMOUS" on a
    /// keypad).
    Withheld,
    /// Anything else, for example `admin`, a short code, or a number without `+` (a raw `+`
    /// in a form body decodes to a space).
    Other,
}

impl EndpointKind {
    /// The JSON name: `e164`, `client`, `sip`, `sim`, `withheld` or `other`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::callback::EndpointKind::E164.as_str(), "e164");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointKind::E164 => "e164",
            EndpointKind::Client => "client",
            EndpointKind::Sip => "sip",
            EndpointKind::Sim => "sim",
            EndpointKind::Withheld => "withheld",
            EndpointKind::Other => "other",
        }
    }
}

/// A `From`, `To`, `Caller`, `Called`, `ForwardedFrom` or `CalledVia` value (spec §2.2).
///
/// Never fails to parse: the raw text is always kept, and [`kind`](Self::kind) says what it
/// looks like. In JSON (feature `serde`) it is `{ "kind", "raw", "value"? }`, where `value` is
/// the number (`e164`) or the part after the scheme (`client`, `sip`, `sim`).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Endpoint, EndpointKind};
/// let e = Endpoint::parse("sip:alex@example.sip.twilio.com");
/// assert_eq!(e.kind(), EndpointKind::Sip);
/// assert_eq!(e.value(), Some("alex@example.sip.twilio.com"));
/// assert_eq!(e.as_str(), "sip:alex@example.sip.twilio.com");
/// assert_eq!(Endpoint::parse("+16175551212").kind(), EndpointKind::E164);
/// assert_eq!(Endpoint::parse("Anonymous").kind(), EndpointKind::Withheld);
/// assert_eq!(Endpoint::parse(" 16175551212").kind(), EndpointKind::Other);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    raw: String,
    kind: EndpointKind,
}

/// Scheme prefixes, matched case-insensitively, longest first where they overlap.
const SCHEMES: [(&str, EndpointKind); 4] = [
    ("client:", EndpointKind::Client),
    ("sips:", EndpointKind::Sip),
    ("sip:", EndpointKind::Sip),
    ("sim:", EndpointKind::Sim),
];

/// Words that mark a withheld caller ID (lower case; matched as substrings).
const WITHHELD: [&str; 6] = [
    "anonymous",
    "restricted",
    "unknown",
    "private",
    "unavailable",
    "withheld",
];

fn scheme(raw: &str) -> Option<(usize, EndpointKind)> {
    SCHEMES.iter().find_map(|(prefix, kind)| {
        raw.get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| (prefix.len(), *kind))
    })
}

fn is_e164(raw: &str) -> bool {
    let Some(digits) = raw.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

impl Endpoint {
    /// Classifies `raw`: a scheme (`client:`, `sip:`, `sips:`, `sim:`) first, then the
    /// withheld forms, then E.164, else other.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Endpoint, EndpointKind};
    /// assert_eq!(Endpoint::parse("client:Anonymous").kind(), EndpointKind::Client);
    /// assert_eq!(Endpoint::parse("+266696687").kind(), EndpointKind::Withheld);
    /// assert_eq!(Endpoint::parse("BotDialer").kind(), EndpointKind::Other);
    /// ```
    pub fn parse(raw: &str) -> Endpoint {
        let kind = if let Some((_, kind)) = scheme(raw) {
            kind
        } else if raw == "+266696687" || {
            let lower = raw.to_ascii_lowercase();
            WITHHELD.iter().any(|w| lower.contains(w))
        } {
            EndpointKind::Withheld
        } else if is_e164(raw) {
            EndpointKind::E164
        } else {
            EndpointKind::Other
        };
        Endpoint {
            raw: raw.to_owned(),
            kind,
        }
    }

    /// What the endpoint is.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Endpoint, EndpointKind};
    /// assert_eq!(Endpoint::parse("sim:HS0123").kind(), EndpointKind::Sim);
    /// ```
    pub fn kind(&self) -> EndpointKind {
        self.kind
    }

    /// The text as received.
    ///
    /// # Example
    ///
    /// ```
    /// let e = twilio_webhook::callback::Endpoint::parse("client:charlie");
    /// assert_eq!(e.as_str(), "client:charlie");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The number (E.164) or the part after the scheme (client identity, SIP address, SIM);
    /// `None` for withheld and other endpoints.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Endpoint;
    /// assert_eq!(Endpoint::parse("client:charlie").value(), Some("charlie"));
    /// assert_eq!(Endpoint::parse("+16175551212").value(), Some("+16175551212"));
    /// assert_eq!(Endpoint::parse("Restricted").value(), None);
    /// ```
    pub fn value(&self) -> Option<&str> {
        match self.kind {
            EndpointKind::E164 => Some(&self.raw),
            EndpointKind::Client | EndpointKind::Sip | EndpointKind::Sim => {
                scheme(&self.raw).and_then(|(len, _)| self.raw.get(len..))
            }
            EndpointKind::Withheld | EndpointKind::Other => None,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Wire for Endpoint {
    const EXPECTED: &'static str = "as text";
    fn from_wire(s: &str) -> Option<Self> {
        Some(Endpoint::parse(s))
    }
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.raw)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Endpoint", 3)?;
        s.serialize_field("kind", self.kind.as_str())?;
        s.serialize_field("raw", &self.raw)?;
        match self.value() {
            Some(v) => s.serialize_field("value", v)?,
            None => s.skip_field("value")?,
        }
        s.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for EndpointKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

macro_rules! number {
    (
        $(#[$meta:meta])*
        $name:ident($int:ty), $expected:literal, $example:literal $(, $check:expr)?
    ) => {
        $(#[$meta])*
        ///
        /// Parsed from ASCII digits only (no sign, no spaces); a number in JSON.
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
        #[doc = concat!("let n = ", stringify!($name), "::parse(\"", $example, "\")?;")]
        #[doc = concat!("assert_eq!(n.get(), ", $example, ");")]
        #[doc = concat!("assert!(", stringify!($name), "::parse(\"-1\").is_err());")]
        /// # Ok::<(), twilio_webhook::callback::ParseError>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($int);

        impl $name {
            /// Parses a decimal string.
            ///
            /// # Errors
            ///
            #[doc = concat!("An `invalid_field` [`ParseError`] for field `", stringify!($name), "` unless `s` is ", $expected, ".")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\")?.get(), ", $example, ");")]
            /// # Ok::<(), twilio_webhook::callback::ParseError>(())
            /// ```
            pub fn parse(s: &str) -> Result<Self, ParseError> {
                <Self as Wire>::from_wire(s)
                    .ok_or_else(|| ParseError::invalid(stringify!($name), $expected, s))
            }

            /// Wraps a number (checked like [`parse`](Self::parse)).
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::new(", $example, ").map(|n| n.get()), Some(", $example, "));")]
            /// ```
            pub fn new(n: $int) -> Option<Self> {
                let ok: fn($int) -> bool = |_n| true $(&& $check(_n))?;
                ok(n).then_some($name(n))
            }

            /// The number.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use twilio_webhook::callback::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::parse(\"", $example, "\")?.get(), ", $example, ");")]
            /// # Ok::<(), twilio_webhook::callback::ParseError>(())
            /// ```
            pub fn get(self) -> $int {
                self.0
            }
        }

        impl Wire for $name {
            const EXPECTED: &'static str = $expected;
            fn from_wire(s: &str) -> Option<Self> {
                parse_decimal(s)
                    .and_then(|n| <$int>::try_from(n).ok())
                    .and_then(Self::new)
            }
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(self.0.to_string())
            }
        }

        impl Required for $name {
            fn placeholder() -> Self {
                $name(0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        #[cfg(feature = "serde")]
        impl ToJson for $name {
            fn to_json(&self) -> Json<'_> {
                Json::Num(u32::from(self.0))
            }
        }
    };
}

number!(
    /// `SequenceNumber`: the order in which Twilio fired this call's status callbacks,
    /// from 0, per `CallSid`.
    SequenceNumber(u32), "as a whole number", "3"
);
number!(
    /// `SipResponseCode` / `DialSipResponseCode`: the final SIP status (100 to 699).
    SipResponseCode(u16), "as a SIP status code from 100 to 699", "487",
    |n: u16| (100..=699).contains(&n)
);
number!(
    /// `ErrorCode`: a Twilio error code (`0` on recording callbacks means no error).
    ErrorCode(u32), "as a whole number", "13224"
);
number!(
    /// A duration in whole **seconds** (`CallDuration`, `RecordingDuration`,
    /// `DialCallDuration`).
    Seconds(u32), "as whole seconds", "42"
);
number!(
    /// A duration in whole **minutes**: `Duration`, the billed minutes of a completed call.
    Minutes(u32), "as whole minutes", "1"
);
number!(
    /// A duration in whole **milliseconds**: `MachineDetectionDuration`.
    Milliseconds(u32), "as whole milliseconds", "2390"
);

impl Seconds {
    /// As a [`std::time::Duration`].
    ///
    /// # Example
    ///
    /// ```
    /// let s = twilio_webhook::callback::Seconds::parse("42")?;
    /// assert_eq!(s.to_std(), std::time::Duration::from_secs(42));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.0))
    }
}

impl Minutes {
    /// As a [`std::time::Duration`].
    ///
    /// # Example
    ///
    /// ```
    /// let m = twilio_webhook::callback::Minutes::parse("2")?;
    /// assert_eq!(m.to_std(), std::time::Duration::from_secs(120));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.0) * 60)
    }
}

impl Milliseconds {
    /// As a [`std::time::Duration`].
    ///
    /// # Example
    ///
    /// ```
    /// let ms = twilio_webhook::callback::Milliseconds::parse("2390")?;
    /// assert_eq!(ms.to_std(), std::time::Duration::from_millis(2390));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_millis(u64::from(self.0))
    }
}

#[cfg(feature = "serde")]
impl ToJson for super::Timestamp {
    fn to_json(&self) -> Json<'_> {
        Json::Time(*self)
    }
}

#[cfg(feature = "serde")]
impl ToJson for Endpoint {
    fn to_json(&self) -> Json<'_> {
        Json::Endpoint(self)
    }
}

impl Wire for super::Timestamp {
    const EXPECTED: &'static str = super::Timestamp::EXPECTED;
    fn from_wire(s: &str) -> Option<Self> {
        super::Timestamp::parse_rfc2822(s).ok()
    }
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc2822())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_shape() {
        assert!(is_sid("CA0123456789abcdef0123456789ABCDEF", "CA"));
        assert!(!is_sid("CA0123456789abcdef0123456789abcde", "CA"));
        assert!(!is_sid("CA0123456789abcdef0123456789abcdeg", "CA"));
        assert!(!is_sid("RE0123456789abcdef0123456789abcdef", "CA"));
        assert!(!is_sid("CA0123456789abcdef0123456789abcdé", "CA"));
    }

    #[test]
    fn endpoints() {
        let kind = |s| Endpoint::parse(s).kind();
        assert_eq!(kind("+16175551212"), EndpointKind::E164);
        assert_eq!(kind("+1234567890123456"), EndpointKind::Other);
        assert_eq!(kind("+0123"), EndpointKind::Other);
        assert_eq!(kind("16175551212"), EndpointKind::Other);
        assert_eq!(kind("CLIENT:bob"), EndpointKind::Client);
        assert_eq!(kind("sips:bob@example.com"), EndpointKind::Sip);
        assert_eq!(kind("UNKNOWN"), EndpointKind::Withheld);
        assert_eq!(kind("é"), EndpointKind::Other);
        assert_eq!(Endpoint::parse("sips:bob@x").value(), Some("bob@x"));
        assert_eq!(Endpoint::parse("client:").value(), Some(""));
    }

    #[test]
    fn numbers() {
        assert_eq!(SequenceNumber::parse("007").map(SequenceNumber::get), Ok(7));
        assert!(SequenceNumber::parse("+7").is_err());
        assert!(SequenceNumber::parse("4294967296").is_err());
        assert!(SipResponseCode::parse("99").is_err());
        assert!(SipResponseCode::parse("700").is_err());
        assert_eq!(
            SipResponseCode::new(200).map(SipResponseCode::get),
            Some(200)
        );
    }
}
