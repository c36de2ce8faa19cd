//! [`Tracker`]: one call leg, and [`Event`], the facts of a callback it uses.

use super::{Applied, Effect, LegKind, Move};
use crate::callback::{
    AnsweredBy, CallStatus, Callback, CallbackKind, DialCallStatus, Direction, RecordingStatus,
};

/// At most this many sequenced status events are remembered (duplicate detection, history).
/// A call leg fires five or fewer; the cap only bounds hostile input.
const MAX_HISTORY: usize = 32;
/// At most this many dial actions and recording statuses are kept per leg.
const MAX_ANNOTATIONS: usize = 16;

/// The facts of a callback that the lifecycle uses. [`Event::from_callback`] takes them from a
/// parsed [`Callback`]; with the `serde` feature, `Event` also deserialises from
/// the callback's JSON (what `parseCallback` gives in JavaScript; unknown fields ignored).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, CallbackKind, CallStatus};
/// use twilio_webhook::lifecycle::Event;
/// let p = twilio_webhook::Params::parse(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
///       &CallbackSource=call-progress-events&CallStatus=busy&SequenceNumber=2&SipResponseCode=486",
/// );
/// let e = Event::from_callback(&Callback::parse(&p)?);
/// assert_eq!((e.kind, e.call_status, e.sequence_number), (CallbackKind::CallStatus, Some(CallStatus::Busy), Some(2)));
/// assert_eq!(e.sip_response_code, Some(486));
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The payload kind: call-status and voice-request events move the state; amd,
    /// dial-action and recording-status events annotate.
    pub kind: CallbackKind,
    /// `CallSid` (a dial action's parent leg; absent on conference recordings).
    pub call_sid: Option<String>,
    /// `ParentCallSid`.
    pub parent_call_sid: Option<String>,
    /// `Direction`.
    pub direction: Option<Direction>,
    /// `CallStatus` (call-status and voice-request events; a dial action's is not used).
    pub call_status: Option<CallStatus>,
    /// `SequenceNumber` (call-status events).
    pub sequence_number: Option<u32>,
    /// `Timestamp`, in milliseconds since the Unix epoch.
    pub timestamp_ms: Option<i64>,
    /// `CallDuration`, seconds.
    pub call_duration: Option<u32>,
    /// `SipResponseCode`.
    pub sip_response_code: Option<u16>,
    /// `ErrorCode` (not on recording callbacks, where `0` means no error).
    pub error_code: Option<u32>,
    /// `AnsweredBy` (synchronous AMD on a call event, or the async AMD callback).
    pub answered_by: Option<AnsweredBy>,
    /// The dial action's `Dial*` fields.
    pub dial: Option<DialRecord>,
    /// A recording callback's `RecordingSid` and `RecordingStatus`.
    pub recording: Option<(String, RecordingStatus)>,
}

/// What a `<Dial action>` request said about the dialled leg (spec §8).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::DialCallStatus;
/// use twilio_webhook::lifecycle::DialRecord;
/// let d = DialRecord { dial_call_status: DialCallStatus::Completed, dial_call_sid: None,
///                      dial_call_duration: Some(9), dial_bridged: Some(false), dial_sip_response_code: None };
/// assert!(d.screened());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct DialRecord {
    /// `DialCallStatus`.
    #[cfg_attr(feature = "serde", serde(with = "super::state::dial_status"))]
    pub dial_call_status: DialCallStatus,
    /// `DialCallSid`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dial_call_sid: Option<String>,
    /// `DialCallDuration`, seconds.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dial_call_duration: Option<u32>,
    /// `DialBridged`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dial_bridged: Option<bool>,
    /// `DialSipResponseCode`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub dial_sip_response_code: Option<u16>,
}

impl DialRecord {
    /// `DialCallStatus=completed` with `DialBridged=false`: the dialled leg answered but was
    /// never connected to the caller (R14).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::DialCallStatus;
    /// use twilio_webhook::lifecycle::DialRecord;
    /// let d = DialRecord { dial_call_status: DialCallStatus::Completed, dial_call_sid: None,
    ///                      dial_call_duration: None, dial_bridged: None, dial_sip_response_code: None };
    /// assert!(!d.screened()); // absent means bridged
    /// ```
    pub fn screened(&self) -> bool {
        self.dial_call_status == DialCallStatus::Completed && self.dial_bridged == Some(false)
    }
}

impl Event {
    /// The facts of a parsed callback.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{AnsweredBy, Callback};
    /// use twilio_webhook::lifecycle::Event;
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &AnsweredBy=fax",
    /// );
    /// let e = Event::from_callback(&Callback::parse(&p)?);
    /// assert_eq!(e.answered_by, Some(AnsweredBy::Fax));
    /// assert_eq!(e.call_status, None);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn from_callback(cb: &Callback) -> Event {
        let mut e = Event {
            kind: cb.kind(),
            call_sid: cb.call_sid().map(|s| s.as_str().to_owned()),
            parent_call_sid: None,
            direction: None,
            call_status: None,
            sequence_number: None,
            timestamp_ms: None,
            call_duration: None,
            sip_response_code: None,
            error_code: None,
            answered_by: None,
            dial: None,
            recording: None,
        };
        if let Some(call) = cb.call() {
            e.parent_call_sid = call.parent_call_sid.as_ref().map(|s| s.as_str().to_owned());
            e.direction = call.direction.clone();
            e.error_code = call.error_code.map(|c| c.get());
            e.answered_by = call.answered_by.clone();
        }
        match cb {
            Callback::CallStatus(c) => {
                e.call_status = Some(c.call_status);
                e.sequence_number = Some(c.sequence_number.get());
                e.timestamp_ms = c.timestamp.map(|t| t.epoch_millis());
                e.call_duration = c.call_duration.map(|d| d.get());
                e.sip_response_code = c.sip_response_code.map(|s| s.get());
            }
            Callback::VoiceRequest(c) => e.call_status = Some(c.call_status),
            Callback::DialAction(d) => {
                e.dial = Some(DialRecord {
                    dial_call_status: d.dial_call_status,
                    dial_call_sid: d.dial_call_sid.as_ref().map(|s| s.as_str().to_owned()),
                    dial_call_duration: d.dial_call_duration.map(|s| s.get()),
                    dial_bridged: d.dial_bridged,
                    dial_sip_response_code: d.dial_sip_response_code.map(|s| s.get()),
                });
            }
            Callback::Amd(a) => e.answered_by = Some(a.answered_by.clone()),
            Callback::RecordingStatus(r) => {
                e.recording = Some((
                    r.recording_sid.as_str().to_owned(),
                    r.recording_status.clone(),
                ));
            }
        }
        e
    }

    /// The kind of leg this event describes (for events about their own `CallSid`).
    fn leg_kind(&self) -> LegKind {
        if self.parent_call_sid.is_some() {
            return LegKind::Child;
        }
        match &self.direction {
            None => LegKind::Unknown,
            Some(Direction::OutboundApi) => LegKind::Rest,
            Some(Direction::Inbound) => LegKind::Inbound,
            Some(Direction::OutboundDial) => LegKind::Child,
            Some(_) => LegKind::Other,
        }
    }
}

/// A sequenced status event that was accepted (advance, late or an equal status).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Seen {
    pub(crate) seq: u32,
    #[cfg_attr(feature = "serde", serde(with = "super::state::status"))]
    pub(crate) status: CallStatus,
}

/// A recording status seen for this leg.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub(crate) struct RecordingSeen {
    pub(crate) recording_sid: String,
    #[cfg_attr(feature = "serde", serde(with = "super::state::open_string"))]
    pub(crate) recording_status: RecordingStatus,
}

/// What the leg's events said, merged so that arrival order does not matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub(crate) struct Facts {
    /// An `in-progress` event was seen (O1 evidence).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "core::ops::Not::not"))]
    pub(crate) in_progress_seen: bool,
    /// The strongest `AnsweredBy` seen (sync or async).
    #[cfg_attr(
        feature = "serde",
        serde(
            with = "super::state::opt_open_string",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub(crate) answered_by: Option<AnsweredBy>,
    /// The async AMD verdicts seen (duplicate detection).
    #[cfg_attr(
        feature = "serde",
        serde(
            with = "super::state::opt_open_string",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub(crate) amd: Option<AnsweredBy>,
    /// From the terminal event (R12).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) call_duration: Option<u32>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) sip_response_code: Option<u16>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) error_code: Option<u32>,
    /// The latest `Timestamp` seen, ms since the epoch.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(crate) last_timestamp_ms: Option<i64>,
    /// Terminal statuses that conflicted with the first one (R1).
    #[cfg_attr(
        feature = "serde",
        serde(
            with = "super::state::status_list",
            skip_serializing_if = "Vec::is_empty"
        )
    )]
    pub(crate) conflicts: Vec<CallStatus>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub(crate) dials: Vec<DialRecord>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub(crate) recordings: Vec<RecordingSeen>,
}

/// How strongly an `AnsweredBy` value says who answered: a machine or fax verdict beats
/// `human`, which beats `unknown`. Equal strengths keep the greater spelling, so the merge is
/// the same in any order.
fn strength(a: &AnsweredBy) -> u8 {
    match a {
        AnsweredBy::Unknown | AnsweredBy::Other(_) => 0,
        AnsweredBy::Human => 1,
        _ => 2,
    }
}

fn merge_answered_by(into: &mut Option<AnsweredBy>, new: &AnsweredBy) {
    let better = match into {
        None => true,
        Some(old) => (strength(new), new.as_str()) > (strength(old), old.as_str()),
    };
    if better {
        *into = Some(new.clone());
    }
}

/// One call leg: its status, merged by the rules of spec §5 whatever the arrival order, and the
/// evidence for its [`Outcome`](super::Outcome).
///
/// With the `serde` feature the tracker is plain data: `serde_json::to_string(&tracker)` gives
/// `{ "version": 1, ... }` and `serde_json::from_str` restores it (any other version fails).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, CallStatus};
/// use twilio_webhook::lifecycle::{Effect, OutcomeKind, Tracker};
/// let parse = |b: &str| Callback::parse(&twilio_webhook::Params::parse(b.as_bytes()));
/// let sid = "AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef";
/// let mut leg = Tracker::new();
/// leg.apply(&parse(&format!("{sid}&CallbackSource=call-progress-events&CallStatus=in-progress&SequenceNumber=2"))?);
/// let applied = leg.apply(&parse(&format!("{sid}&CallbackSource=call-progress-events&CallStatus=busy&SequenceNumber=3"))?);
/// assert_eq!((applied.effect, applied.rule), (Effect::Illegal, "R10"));
/// assert_eq!(leg.status(), Some(CallStatus::InProgress));
/// assert_eq!(leg.outcome().kind, OutcomeKind::Pending);
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Tracker {
    pub(crate) version: super::Version,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) call_sid: Option<String>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) parent_call_sid: Option<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) leg: LegKind,
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            with = "super::state::opt_status",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub(crate) status: Option<CallStatus>,
    /// The `SequenceNumber` of the event that set `status` (`None`: a voice request).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) status_seq: Option<u32>,
    /// The highest `SequenceNumber` among applied events.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub(crate) max_seq: Option<u32>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub(crate) history: Vec<Seen>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) facts: Facts,
}

fn name(s: Option<CallStatus>) -> &'static str {
    s.map_or("(none)", CallStatus::as_str)
}

impl Tracker {
    /// A tracker that has seen nothing: status `None`, outcome pending.
    ///
    /// # Example
    ///
    /// ```
    /// let t = twilio_webhook::lifecycle::Tracker::new();
    /// assert_eq!((t.status(), t.call_sid()), (None, None));
    /// ```
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// A tracker bound to one `CallSid`: events about other calls are `other-call`.
    ///
    /// # Example
    ///
    /// ```
    /// let t = twilio_webhook::lifecycle::Tracker::for_call("CA1");
    /// assert_eq!(t.call_sid(), Some("CA1"));
    /// ```
    pub fn for_call(call_sid: &str) -> Tracker {
        Tracker {
            call_sid: Some(call_sid.to_owned()),
            ..Tracker::default()
        }
    }

    /// The leg's `CallSid` (from the first event, unless given to [`for_call`](Self::for_call)).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::Tracker::new().call_sid(), None);
    /// ```
    pub fn call_sid(&self) -> Option<&str> {
        self.call_sid.as_deref()
    }

    /// The `ParentCallSid` of a `<Dial>` child (from its events or the parent's dial action).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::Tracker::new().parent_call_sid(), None);
    /// ```
    pub fn parent_call_sid(&self) -> Option<&str> {
        self.parent_call_sid.as_deref()
    }

    /// The kind of leg, learnt from `Direction` and `ParentCallSid`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::{LegKind, Tracker};
    /// assert_eq!(Tracker::new().leg_kind(), LegKind::Unknown);
    /// ```
    pub fn leg_kind(&self) -> LegKind {
        self.leg
    }

    /// The current status: the highest one applied (`None` before any).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::Tracker::new().status(), None);
    /// ```
    pub fn status(&self) -> Option<CallStatus> {
        self.status
    }

    /// The dial actions seen for this leg (as the parent, or as the dialled child).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::lifecycle::Tracker::new().dial_actions().is_empty());
    /// ```
    pub fn dial_actions(&self) -> &[DialRecord] {
        &self.facts.dials
    }

    /// Applies a parsed callback. Never fails: every event gets an [`Effect`].
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// use twilio_webhook::lifecycle::{Effect, Tracker};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &AnsweredBy=machine_start",
    /// );
    /// let mut t = Tracker::new();
    /// assert_eq!(t.apply(&Callback::parse(&p)?).effect, Effect::Annotate);
    /// assert_eq!(t.apply(&Callback::parse(&p)?).effect, Effect::Duplicate);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn apply(&mut self, callback: &Callback) -> Applied {
        self.apply_event(&Event::from_callback(callback))
    }

    /// Applies the facts of a callback (see [`apply`](Self::apply)).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, CallbackKind};
    /// use twilio_webhook::lifecycle::{Effect, Event, Tracker};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing",
    /// );
    /// let e = Event::from_callback(&Callback::parse(&p)?);
    /// let mut t = Tracker::for_call("CAffffffffffffffffffffffffffffffff");
    /// assert_eq!(t.apply_event(&e).effect, Effect::OtherCall);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn apply_event(&mut self, e: &Event) -> Applied {
        let own = e.call_sid.as_deref();
        let dialled = e.dial.as_ref().and_then(|d| d.dial_call_sid.as_deref());
        let about_self = match (&self.call_sid, own) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(me), Some(s)) => me == s,
        };
        let about_child_self = !about_self
            && e.kind == CallbackKind::DialAction
            && self.call_sid.is_some()
            && self.call_sid.as_deref() == dialled;
        if !about_self && !about_child_self {
            let message = match (own, &self.call_sid) {
                (Some(s), Some(me)) => format!("CallSid {s} is another call than {me}"),
                _ => "the event names no CallSid".to_owned(),
            };
            return self.answer(e, Effect::OtherCall, self.status, "R6", message);
        }
        if about_self {
            if self.call_sid.is_none() {
                self.call_sid = own.map(str::to_owned);
            }
            if e.kind != CallbackKind::DialAction {
                if self.parent_call_sid.is_none() {
                    self.parent_call_sid.clone_from(&e.parent_call_sid);
                }
                if self.leg == LegKind::Unknown {
                    self.leg = e.leg_kind();
                }
            }
        }
        match (e.kind, e.call_status) {
            (CallbackKind::CallStatus | CallbackKind::VoiceRequest, Some(to)) => {
                self.apply_status(e, to)
            }
            _ => self.annotate(e, about_child_self),
        }
    }

    pub(crate) fn answer(
        &self,
        e: &Event,
        effect: Effect,
        from: Option<CallStatus>,
        rule: &'static str,
        message: String,
    ) -> Applied {
        Applied {
            effect,
            call_sid: e.call_sid.clone(),
            from,
            to: match e.kind {
                CallbackKind::CallStatus | CallbackKind::VoiceRequest => e.call_status,
                _ => None,
            },
            sequence_number: e.sequence_number,
            status: self.status,
            rule,
            message,
        }
    }

    fn apply_status(&mut self, e: &Event, to: CallStatus) -> Applied {
        let from = self.status;
        let seq = e.sequence_number;
        let numbered = |s: Option<u32>| {
            s.map(|n| format!(" (SequenceNumber {n})"))
                .unwrap_or_default()
        };
        // R7: the same CallSid + SequenceNumber + status was applied already.
        if let Some(n) = seq {
            if let Some(seen) = self.history.iter().find(|h| h.seq == n) {
                let msg = if seen.status == to {
                    format!("{}{} was already applied", to, numbered(seq))
                } else {
                    format!(
                        "SequenceNumber {n} already carried {}, not {to}",
                        seen.status
                    )
                };
                let (effect, rule) = if seen.status == to {
                    (Effect::Duplicate, "R7")
                } else {
                    (Effect::Illegal, "R6")
                };
                if effect == Effect::Duplicate {
                    self.harvest(e, to);
                }
                return self.answer(e, effect, from, rule, msg);
            }
        }
        let cell = self.leg.transition(from, to);
        let older = matches!((seq, self.max_seq), (Some(s), Some(m)) if s < m);
        let newer = matches!((seq, self.status_seq), (Some(s), Some(c)) if s > c);
        let (effect, rule) = match cell.verdict {
            Move::Same => (Effect::Duplicate, "R7"),
            Move::Advance if older => (Effect::Illegal, "R6"),
            Move::Advance => (Effect::Advance, cell.rule),
            Move::Backward if newer => (Effect::Illegal, cell.rule),
            Move::Backward => (Effect::Late, "R8"),
            Move::Conflict => (Effect::Conflict, "R1"),
            Move::Forbidden | Move::RestOnly => (Effect::Illegal, cell.rule),
        };
        let message = match effect {
            Effect::Advance => format!("{} → {to}", name(from)),
            Effect::Duplicate => format!("{to}{} repeats the current status", numbered(seq)),
            Effect::Late => format!(
                "{to}{} is older than {}: kept as history",
                numbered(seq),
                name(from)
            ),
            Effect::Conflict => format!(
                "{to}{} after terminal {}: a second terminal status; {} stays",
                numbered(seq),
                name(from),
                name(from)
            ),
            _ if rule == "R6" => format!(
                "{} → {to}: SequenceNumber {} is lower than {} already applied",
                name(from),
                seq.unwrap_or(0),
                self.max_seq.unwrap_or(0)
            ),
            _ => format!("{} → {to} is not allowed", name(from)),
        };
        match effect {
            Effect::Advance => {
                self.status = Some(to);
                self.status_seq = seq;
                if let Some(n) = seq {
                    self.max_seq = Some(self.max_seq.map_or(n, |m| m.max(n)));
                }
                self.remember(seq, to);
                self.harvest(e, to);
            }
            Effect::Late | Effect::Duplicate => {
                if effect == Effect::Duplicate && self.status_seq.is_none() && seq.is_some() {
                    self.status_seq = seq;
                    self.max_seq = self.max_seq.max(seq);
                }
                self.remember(seq, to);
                self.harvest(e, to);
            }
            Effect::Conflict
                if !self.facts.conflicts.contains(&to) && self.facts.conflicts.len() < 8 =>
            {
                self.facts.conflicts.push(to);
            }
            _ => {}
        }
        self.answer(e, effect, from, rule, message)
    }

    fn remember(&mut self, seq: Option<u32>, status: CallStatus) {
        if let Some(seq) = seq {
            if self.history.len() < MAX_HISTORY {
                self.history.push(Seen { seq, status });
            }
        }
    }

    /// Merges an accepted status event's evidence (commutative, so order does not matter).
    fn harvest(&mut self, e: &Event, to: CallStatus) {
        let f = &mut self.facts;
        if to == CallStatus::InProgress {
            f.in_progress_seen = true;
        }
        if let Some(a) = &e.answered_by {
            merge_answered_by(&mut f.answered_by, a);
        }
        if let Some(t) = e.timestamp_ms {
            f.last_timestamp_ms = Some(f.last_timestamp_ms.map_or(t, |m| m.max(t)));
        }
        // R12: the terminal fields belong to the terminal event.
        if to.is_terminal() && self.status == Some(to) {
            f.call_duration = f.call_duration.or(e.call_duration);
            f.sip_response_code = f.sip_response_code.or(e.sip_response_code);
            f.error_code = f.error_code.or(e.error_code);
        }
    }

    fn annotate(&mut self, e: &Event, as_child: bool) -> Applied {
        let from = self.status;
        let f = &mut self.facts;
        let (duplicate, rule, message) = match (e.kind, &e.answered_by, &e.dial, &e.recording) {
            (CallbackKind::Amd, Some(a), _, _) => {
                let dup = f.amd.as_ref() == Some(a);
                merge_answered_by(&mut f.amd, a);
                merge_answered_by(&mut f.answered_by, a);
                (dup, "R15", format!("AnsweredBy={a}"))
            }
            (CallbackKind::DialAction, _, Some(d), _) => {
                let dup = f.dials.contains(d);
                if !dup && f.dials.len() < MAX_ANNOTATIONS {
                    f.dials.push(d.clone());
                }
                if as_child && self.parent_call_sid.is_none() {
                    self.parent_call_sid.clone_from(&e.call_sid);
                }
                let bridged = match d.dial_bridged {
                    Some(b) => format!(", DialBridged={b}"),
                    None => String::new(),
                };
                (
                    dup,
                    "R14",
                    format!(
                        "dial action: DialCallStatus={}{bridged}",
                        d.dial_call_status
                    ),
                )
            }
            (CallbackKind::RecordingStatus, _, _, Some((sid, status))) => {
                let seen = RecordingSeen {
                    recording_sid: sid.clone(),
                    recording_status: status.clone(),
                };
                let dup = f.recordings.contains(&seen);
                if !dup && f.recordings.len() < MAX_ANNOTATIONS {
                    f.recordings.push(seen);
                }
                (dup, "R16", format!("recording {sid}: {status}"))
            }
            _ => (false, "R15", "nothing to record".to_owned()),
        };
        let effect = if duplicate {
            Effect::Duplicate
        } else {
            Effect::Annotate
        };
        let message = if duplicate {
            format!("{message} was already recorded")
        } else {
            message
        };
        self.answer(e, effect, from, rule, message)
    }
}
