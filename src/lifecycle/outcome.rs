//! [`Outcome`]: a leg's result by O1-O9 (spec §6), with its evidence and a reason.

use super::tracker::{Facts, Tracker};
use super::{LegKind, Options};
use crate::callback::{AnsweredBy, CallStatus, DialCallStatus};

/// The outcome of a leg or of a call (spec §6).
///
/// # Example
///
/// ```
/// assert_eq!(twilio_webhook::lifecycle::OutcomeKind::NoAnswer.as_str(), "no-answer");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutcomeKind {
    /// `answered` (O1; O8 refines it with a machine or fax [`AnsweredByClass`]).
    Answered,
    /// `dropped`: answered, then a failure or a very short call (O7, a heuristic).
    Dropped,
    /// `no-answer` (O3; also a dial that was answered but never connected, R14).
    NoAnswer,
    /// `busy` (O2).
    Busy,
    /// `unreachable`: the number is invalid or does not exist (O4).
    Unreachable,
    /// `failed`: any other failure (O6), possibly `blocked`.
    Failed,
    /// `canceled` (O5): by the API, hangupOnStar, a sibling leg, or an inbound caller who
    /// gave up (`abandoned`).
    Canceled,
    /// `pending`: no terminal event yet (O9).
    Pending,
}

impl OutcomeKind {
    /// The JSON name.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::OutcomeKind::Answered.as_str(), "answered");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Answered => "answered",
            OutcomeKind::Dropped => "dropped",
            OutcomeKind::NoAnswer => "no-answer",
            OutcomeKind::Busy => "busy",
            OutcomeKind::Unreachable => "unreachable",
            OutcomeKind::Failed => "failed",
            OutcomeKind::Canceled => "canceled",
            OutcomeKind::Pending => "pending",
        }
    }
}

/// Who answered, from answering machine detection (spec §7).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::AnsweredBy;
/// use twilio_webhook::lifecycle::AnsweredByClass;
/// assert_eq!(AnsweredByClass::of(&AnsweredBy::MachineEndBeep), AnsweredByClass::Machine);
/// assert_eq!(AnsweredByClass::Machine.as_str(), "machine");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnsweredByClass {
    /// `human`.
    Human,
    /// `machine_start`, `machine_end_beep`, `machine_end_silence`, `machine_end_other` (O8).
    Machine,
    /// `fax` (O8).
    Fax,
    /// `unknown`, or a value this version does not know.
    Unknown,
}

impl AnsweredByClass {
    /// The class of an `AnsweredBy` value.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::AnsweredBy;
    /// use twilio_webhook::lifecycle::AnsweredByClass;
    /// assert_eq!(AnsweredByClass::of(&AnsweredBy::Other("x".into())), AnsweredByClass::Unknown);
    /// ```
    pub fn of(a: &AnsweredBy) -> AnsweredByClass {
        match a {
            AnsweredBy::Human => AnsweredByClass::Human,
            AnsweredBy::Fax => AnsweredByClass::Fax,
            AnsweredBy::Unknown | AnsweredBy::Other(_) => AnsweredByClass::Unknown,
            _ => AnsweredByClass::Machine,
        }
    }

    /// `human`, `machine`, `fax` or `unknown`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::AnsweredByClass::Fax.as_str(), "fax");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            AnsweredByClass::Human => "human",
            AnsweredByClass::Machine => "machine",
            AnsweredByClass::Fax => "fax",
            AnsweredByClass::Unknown => "unknown",
        }
    }
}

/// The facts an [`Outcome`] rests on.
///
/// # Example
///
/// ```
/// let e = twilio_webhook::lifecycle::Tracker::new().outcome().evidence;
/// assert_eq!((e.status, e.in_progress_seen), (None, false));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The leg's status (for a dial outcome, `DialCallStatus` as a call status).
    pub status: Option<CallStatus>,
    /// `CallDuration` of the terminal event (or `DialCallDuration`), seconds.
    pub call_duration: Option<u32>,
    /// `SipResponseCode` of the terminal event (or `DialSipResponseCode`).
    pub sip_response_code: Option<u16>,
    /// `ErrorCode` of the terminal event.
    pub error_code: Option<u32>,
    /// The AMD verdict, as received.
    pub answered_by: Option<AnsweredBy>,
    /// An `in-progress` event was seen.
    pub in_progress_seen: bool,
    /// The dial action's `DialCallStatus`, for a dial outcome.
    pub dial_call_status: Option<DialCallStatus>,
    /// The dial action's `DialBridged`, for a dial outcome.
    pub dial_bridged: Option<bool>,
    /// The latest `Timestamp` of the leg's events, ms since the epoch (to judge a pending leg
    /// against your own clock).
    pub last_timestamp_ms: Option<i64>,
    /// Terminal statuses that conflicted with the first one (R1).
    pub conflicts: Vec<CallStatus>,
}

/// A leg's or a call's outcome, with the rule that decided it (`O1`-`O9`, `R14`), the
/// evidence, and a one-line reason for people.
///
/// In JSON: `{ "outcome", "answeredBy"?, "blocked"?, "abandoned"?, "sipResponseCode"?,
/// "errorCode"?, "callSid"?, "rule", "reason", "evidence": { ... } }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::lifecycle::{OutcomeKind, Tracker};
/// let o = Tracker::new().outcome();
/// assert_eq!((o.kind, o.rule), (OutcomeKind::Pending, "O9"));
/// assert_eq!(o.reason, "no terminal event yet (no event)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The outcome.
    pub kind: OutcomeKind,
    /// Who answered, when AMD gave a verdict.
    pub answered_by: Option<AnsweredByClass>,
    /// A failure due to blocking (O6: blocked list, geo permissions, carrier block, SIP 607/608).
    pub blocked: bool,
    /// An inbound caller hung up before the call was answered (O5).
    pub abandoned: bool,
    /// The leg this outcome is about.
    pub call_sid: Option<String>,
    /// The rule that decided: `O1`-`O9`, or `R14` for a dial that was not connected.
    pub rule: &'static str,
    /// One line for people.
    pub reason: String,
    /// What it rests on.
    pub evidence: Evidence,
}

/// SIP codes that mark a number unreachable (O4, §6.1).
const UNREACHABLE_SIP: &[u16] = &[404, 410, 484, 604];
/// Twilio errors that mark a number unreachable (O4, §6.2).
const UNREACHABLE_ERRORS: &[u32] = &[13223, 13224, 13226, 21211, 21217, 32009];
/// Failures due to blocking (O6, §6.1, §6.2).
const BLOCKED_SIP: &[u16] = &[607, 608];
const BLOCKED_ERRORS: &[u32] = &[13225, 21216, 32203, 13227, 21215, 32205, 32017];

fn code_note(sip: Option<u16>, error: Option<u32>) -> String {
    match (sip, error) {
        (Some(s), Some(e)) => format!(" (SIP {s}, error {e})"),
        (Some(s), None) => format!(" (SIP {s})"),
        (None, Some(e)) => format!(" (error {e})"),
        (None, None) => String::new(),
    }
}

/// Classifies a status plus its facts (the evaluation order of spec §6).
pub(crate) fn classify(
    status: Option<CallStatus>,
    leg: LegKind,
    f: &Facts,
    call_sid: Option<&str>,
    opts: &Options,
) -> Outcome {
    let answered_by = f.answered_by.as_ref().map(AnsweredByClass::of);
    let sip = f.sip_response_code;
    let error = f.error_code.filter(|&e| e != 0);
    let inbound = leg == LegKind::Inbound;
    let mut blocked = false;
    let mut abandoned = false;
    let (kind, rule, reason) = match status {
        None => (
            OutcomeKind::Pending,
            "O9",
            "no terminal event yet (no event)".to_owned(),
        ),
        Some(s) if !s.is_terminal() => (
            OutcomeKind::Pending,
            "O9",
            format!("no terminal event yet (last status: {s})"),
        ),
        Some(CallStatus::Completed) => {
            let duration = f.call_duration;
            let short =
                matches!((duration, opts.dropped_below_seconds), (Some(d), Some(t)) if d < t);
            match (answered_by, f.answered_by.as_ref()) {
                (Some(AnsweredByClass::Machine | AnsweredByClass::Fax), Some(raw)) => (
                    OutcomeKind::Answered,
                    "O8",
                    format!(
                        "answered by a {} (AnsweredBy={raw})",
                        answered_by.map_or("", |a| a.as_str())
                    ),
                ),
                _ if sip.is_some_and(|s| s >= 400) || error.is_some() => (
                    OutcomeKind::Dropped,
                    "O7",
                    format!(
                        "answered, then ended with a failure{}",
                        code_note(sip, error)
                    ),
                ),
                _ if short => (
                    OutcomeKind::Dropped,
                    "O7",
                    format!(
                        "answered, but lasted {} s, under {} s, with no machine verdict",
                        duration.unwrap_or(0),
                        opts.dropped_below_seconds.unwrap_or(0)
                    ),
                ),
                _ => {
                    let mut why = Vec::new();
                    if f.in_progress_seen {
                        why.push("in-progress seen".to_owned());
                    }
                    if let Some(d) = duration {
                        why.push(format!("{d} s"));
                    }
                    if let Some(s) = sip {
                        why.push(format!("SIP {s}"));
                    }
                    if let Some(a) = &f.answered_by {
                        why.push(format!("AnsweredBy={a}"));
                    }
                    let why = if why.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", why.join(", "))
                    };
                    (
                        OutcomeKind::Answered,
                        "O1",
                        format!("answered (completed{why})"),
                    )
                }
            }
        }
        Some(CallStatus::Busy) => (
            OutcomeKind::Busy,
            "O2",
            format!("busy{}", code_note(sip, error)),
        ),
        Some(CallStatus::NoAnswer) if inbound => {
            abandoned = true;
            (
                OutcomeKind::Canceled,
                "O5",
                format!(
                    "the caller hung up before the call was answered (inbound no-answer){}",
                    code_note(sip, error)
                ),
            )
        }
        Some(CallStatus::NoAnswer) => (
            OutcomeKind::NoAnswer,
            "O3",
            format!("no answer{}", code_note(sip, error)),
        ),
        Some(CallStatus::Failed) => {
            let unreachable = sip.is_some_and(|s| UNREACHABLE_SIP.contains(&s))
                || error.is_some_and(|e| UNREACHABLE_ERRORS.contains(&e));
            blocked = !unreachable
                && (sip.is_some_and(|s| BLOCKED_SIP.contains(&s))
                    || error.is_some_and(|e| BLOCKED_ERRORS.contains(&e)));
            if unreachable {
                (
                    OutcomeKind::Unreachable,
                    "O4",
                    format!("the number is unreachable{}", code_note(sip, error)),
                )
            } else {
                let what = if blocked { "blocked" } else { "failed" };
                (
                    OutcomeKind::Failed,
                    "O6",
                    format!("{what}{}", code_note(sip, error)),
                )
            }
        }
        Some(_) => {
            abandoned = inbound;
            let reason = if inbound {
                "the caller hung up before the call was answered"
            } else {
                "canceled before it was answered"
            };
            (
                OutcomeKind::Canceled,
                "O5",
                format!("{reason}{}", code_note(sip, error)),
            )
        }
    };
    Outcome {
        kind,
        answered_by,
        blocked,
        abandoned,
        call_sid: call_sid.map(str::to_owned),
        rule,
        reason,
        evidence: Evidence {
            status,
            call_duration: f.call_duration,
            sip_response_code: sip,
            error_code: f.error_code,
            answered_by: f.answered_by.clone(),
            in_progress_seen: f.in_progress_seen,
            dial_call_status: None,
            dial_bridged: None,
            last_timestamp_ms: f.last_timestamp_ms,
            conflicts: f.conflicts.clone(),
        },
    }
}

impl Tracker {
    /// The leg's outcome with the default [`Options`] (the short-call heuristic off).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::{OutcomeKind, Tracker};
    /// assert_eq!(Tracker::new().outcome().kind, OutcomeKind::Pending);
    /// ```
    pub fn outcome(&self) -> Outcome {
        self.outcome_with(&Options::default())
    }

    /// The leg's outcome by O1-O9 (spec §6): no terminal event → pending; `completed` →
    /// answered by a machine or fax (O8), else dropped when SIP ≥ 400, an error code or a
    /// duration under `dropped_below_seconds` (O7), else answered (O1); `busy` (O2);
    /// `no-answer` (O3; an inbound leg → canceled, abandoned, O5); `failed` → unreachable by
    /// SIP or error code (O4), else failed, maybe blocked (O6); `canceled` (O5).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// use twilio_webhook::lifecycle::{Options, OutcomeKind, Tracker};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallbackSource=call-progress-events&CallStatus=completed&SequenceNumber=3&CallDuration=2",
    /// );
    /// let mut t = Tracker::new();
    /// t.apply(&Callback::parse(&p)?);
    /// assert_eq!(t.outcome().kind, OutcomeKind::Answered);
    /// let o = t.outcome_with(&Options { dropped_below_seconds: Some(5) });
    /// assert_eq!((o.kind, o.rule), (OutcomeKind::Dropped, "O7"));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn outcome_with(&self, opts: &Options) -> Outcome {
        classify(
            self.status,
            self.leg,
            &self.facts,
            self.call_sid.as_deref(),
            opts,
        )
    }
}
