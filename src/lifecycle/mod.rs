//! The call lifecycle (spec/callbacks.md §5, §6, §8): status callbacks arrive late, twice, out
//! of order or not at all; this module turns them into one consistent state per call leg and an
//! outcome.
//!
//! * [`TABLE`]: the transition table of spec §5.4 as data, each cell citing its rule;
//!   [`can_transition`] and [`LegKind::can_transition`] read it.
//! * [`Tracker`]: one call leg. [`Tracker::apply`] takes a parsed [`Callback`](crate::Callback) and answers an
//!   [`Applied`] whose [`Effect`] says what the event did: `advance`, `duplicate` (R7), `late`
//!   (R8: history only, never a regression), `conflict` (R1), `illegal`, `annotate` (AMD, dial
//!   action, recording) or `other-call`.
//! * [`Outcome`]: the leg's result by O1-O9, with its evidence and a one-line reason.
//! * [`CallTree`]: a parent leg and its `<Dial>` children; its [`outcome`](CallTree::outcome)
//!   is the business outcome (the bridged child's or the dial action's, R14), not the parent's
//!   `completed`.
//!
//! State is plain data: with the `serde` feature, [`Tracker`] and [`CallTree`] serialise to
//! JSON with a `version` field and deserialise back, so a server can keep them in any store
//! between requests. Nothing here reads a clock: thresholds are [`Options`].
//!
//! # Example
//!
//! ```
//! use twilio_webhook::callback::{Callback, CallStatus};
//! use twilio_webhook::lifecycle::{Effect, OutcomeKind, Tracker};
//! use twilio_webhook::Params;
//!
//! let event = |status: &str, seq: u32| {
//!     let body = format!(
//!         "AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
//!          &CallbackSource=call-progress-events&Direction=outbound-api\
//!          &CallStatus={status}&SequenceNumber={seq}"
//!     );
//!     Callback::parse(&Params::parse(body.as_bytes()))
//! };
//! let mut call = Tracker::new();
//! assert_eq!(call.apply(&event("completed", 3)?).effect, Effect::Advance);
//! assert_eq!(call.apply(&event("ringing", 1)?).effect, Effect::Late); // history only
//! assert_eq!(call.apply(&event("completed", 3)?).effect, Effect::Duplicate);
//! assert_eq!(call.apply(&event("busy", 4)?).effect, Effect::Conflict);
//! assert_eq!(call.status(), Some(CallStatus::Completed));
//! assert_eq!(call.outcome().kind, OutcomeKind::Answered);
//! # Ok::<(), twilio_webhook::callback::ParseError>(())
//! ```

#[cfg(all(feature = "serde", any(feature = "wasm", test)))]
pub(crate) mod json;
mod outcome;
#[cfg(feature = "serde")]
mod state;
mod tracker;
mod tree;

pub use outcome::{AnsweredByClass, Evidence, Outcome, OutcomeKind};
#[cfg(feature = "serde")]
pub use state::legs_json;
#[cfg(feature = "serde")]
#[cfg(feature = "wasm")]
pub(crate) use state::VERSION_MISMATCH;
pub use tracker::{DialRecord, Event, Tracker};
pub use tree::{CallTree, LegView};

use crate::callback::CallStatus;
use core::fmt;

/// The version of the serialised state ([`Tracker`], [`CallTree`]). Restoring any other version
/// fails with [`StateError::UnsupportedVersion`].
///
/// # Example
///
/// ```
/// assert_eq!(twilio_webhook::lifecycle::STATE_VERSION, 1);
/// ```
pub const STATE_VERSION: u32 = 1;

/// The `version` field of serialised state: always [`STATE_VERSION`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Version;

/// What one cell of the transition table says (spec §5.4).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus;
/// use twilio_webhook::lifecycle::{transition, Move};
/// assert_eq!(transition(Some(CallStatus::InProgress), CallStatus::Busy).verdict, Move::Forbidden);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Move {
    /// `ok`: a legal step forward (skipping states is legal, R2).
    Advance,
    /// `ok (REST only)`: `(none) → queued`, legal for REST legs only (R2, R3).
    RestOnly,
    /// `=`: the same status again (a duplicate, R7).
    Same,
    /// `·`, backwards: a lower rank than the current status. A late arrival when the event is
    /// proven (or, without a `SequenceNumber`, assumed) older (R8); illegal otherwise.
    Backward,
    /// `·`, forwards: forbidden, e.g. `in-progress → busy` (R10).
    Forbidden,
    /// `·`, a second, different terminal status (R1).
    Conflict,
}

impl Move {
    /// The name used in JSON and messages: `advance`, `rest-only`, `same`, `backward`,
    /// `forbidden`, `conflict`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::Move::RestOnly.as_str(), "rest-only");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Advance => "advance",
            Move::RestOnly => "rest-only",
            Move::Same => "same",
            Move::Backward => "backward",
            Move::Forbidden => "forbidden",
            Move::Conflict => "conflict",
        }
    }
}

/// One cell of [`TABLE`]: the verdict and the rule it rests on (`R1`-`R16`).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus;
/// use twilio_webhook::lifecycle::{transition, Move};
/// let cell = transition(Some(CallStatus::Queued), CallStatus::Canceled);
/// assert_eq!((cell.verdict, cell.rule), (Move::Advance, "R9"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    /// What the table says.
    pub verdict: Move,
    /// The rule of spec §5.3 that decides it.
    pub rule: &'static str,
}

const fn c(verdict: Move, rule: &'static str) -> Cell {
    Cell { verdict, rule }
}

const ADV2: Cell = c(Move::Advance, "R2");
const ADV10: Cell = c(Move::Advance, "R10");
const ADV11: Cell = c(Move::Advance, "R11");
const SAME: Cell = c(Move::Same, "R7");
const BACK8: Cell = c(Move::Backward, "R8");
const BACK1: Cell = c(Move::Backward, "R1");
const FORB10: Cell = c(Move::Forbidden, "R10");
const CONF1: Cell = c(Move::Conflict, "R1");

/// The transition table of spec §5.4. Rows: `(none)` then [`CallStatus::ALL`] in order
/// (`queued` … `canceled`); columns: [`CallStatus::ALL`] in order. Each cell cites its rule.
///
/// # Example
///
/// ```
/// use twilio_webhook::lifecycle::{Move, TABLE};
/// // (none) → queued: REST legs only (R2; children never, R3).
/// assert_eq!(TABLE[0][0].verdict, Move::RestOnly);
/// assert_eq!(TABLE.len() * TABLE[0].len(), 90);
/// ```
pub const TABLE: [[Cell; 9]; 10] = [
    // (none): skipping forward is legal (R2); completed implies answered (R11); inbound legs
    // start at ringing (R4); queued only for REST legs (R2, R3).
    [
        c(Move::RestOnly, "R2"),
        ADV2,
        c(Move::Advance, "R4"),
        ADV2,
        ADV11,
        ADV2,
        ADV2,
        ADV2,
        ADV2,
    ],
    // queued
    [
        SAME,
        ADV2,
        ADV2,
        ADV2,
        ADV11,
        ADV10,
        ADV10,
        ADV10,
        c(Move::Advance, "R9"),
    ],
    // initiated
    [BACK8, SAME, ADV2, ADV2, ADV11, ADV10, ADV10, ADV10, ADV10],
    // ringing: answered arrives as in-progress (R5); a child still ringing when the parent
    // hangs up ends canceled (R13).
    [
        BACK8,
        BACK8,
        SAME,
        c(Move::Advance, "R5"),
        ADV11,
        ADV10,
        ADV10,
        ADV10,
        c(Move::Advance, "R13"),
    ],
    // in-progress: only completed may follow (R10).
    [
        BACK8, BACK8, BACK8, SAME, ADV10, FORB10, FORB10, FORB10, FORB10,
    ],
    // completed, busy, no-answer, failed, canceled: nothing may follow (R1): `=` on the
    // diagonal, a conflict with another terminal status, backwards to the rest.
    [BACK1, BACK1, BACK1, BACK1, SAME, CONF1, CONF1, CONF1, CONF1],
    [BACK1, BACK1, BACK1, BACK1, CONF1, SAME, CONF1, CONF1, CONF1],
    [BACK1, BACK1, BACK1, BACK1, CONF1, CONF1, SAME, CONF1, CONF1],
    [BACK1, BACK1, BACK1, BACK1, CONF1, CONF1, CONF1, SAME, CONF1],
    [BACK1, BACK1, BACK1, BACK1, CONF1, CONF1, CONF1, CONF1, SAME],
];

/// The position of a status in [`CallStatus::ALL`] (a column of [`TABLE`]).
pub(crate) fn index(s: CallStatus) -> usize {
    match s {
        CallStatus::Queued => 0,
        CallStatus::Initiated => 1,
        CallStatus::Ringing => 2,
        CallStatus::InProgress => 3,
        CallStatus::Completed => 4,
        CallStatus::Busy => 5,
        CallStatus::NoAnswer => 6,
        CallStatus::Failed => 7,
        CallStatus::Canceled => 8,
    }
}

/// The rank of spec §5.2: `queued` 0, `initiated` 1, `ringing` 2, `in-progress` 3, terminal 4.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus;
/// use twilio_webhook::lifecycle::rank;
/// assert!(rank(CallStatus::Ringing) < rank(CallStatus::Busy));
/// assert_eq!(rank(CallStatus::Busy), rank(CallStatus::Completed));
/// ```
pub fn rank(s: CallStatus) -> u8 {
    index(s).min(4) as u8
}

/// The cell of [`TABLE`] for `from` (`None` = no status yet) → `to`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus;
/// use twilio_webhook::lifecycle::{transition, Move};
/// let cell = transition(Some(CallStatus::Busy), CallStatus::Completed);
/// assert_eq!((cell.verdict, cell.rule), (Move::Conflict, "R1"));
/// ```
pub fn transition(from: Option<CallStatus>, to: CallStatus) -> Cell {
    let row = from.map_or(0, |s| index(s) + 1);
    TABLE
        .get(row)
        .and_then(|r| r.get(index(to)))
        .copied()
        .unwrap_or(CONF1)
}

/// Whether `from` → `to` is a legal step for some leg (spec §5.4): `(none) → queued` is legal
/// (REST legs); a repeated status is a duplicate, not a transition.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus::*;
/// use twilio_webhook::lifecycle::can_transition;
/// assert!(can_transition(None, Queued));
/// assert!(can_transition(Some(Ringing), Completed));
/// assert!(!can_transition(Some(InProgress), Busy)); // R10
/// assert!(!can_transition(Some(Completed), Completed)); // a duplicate
/// ```
pub fn can_transition(from: Option<CallStatus>, to: CallStatus) -> bool {
    matches!(transition(from, to).verdict, Move::Advance | Move::RestOnly)
}

/// What kind of leg a tracker follows, from `Direction` and `ParentCallSid`. It decides
/// `(none) → queued` (REST legs only, R2, R3) and `no-answer` → abandoned (inbound, O5).
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::CallStatus;
/// use twilio_webhook::lifecycle::LegKind;
/// assert!(LegKind::Rest.can_transition(None, CallStatus::Queued));
/// assert!(!LegKind::Child.can_transition(None, CallStatus::Queued)); // R3
/// assert_eq!(LegKind::Child.as_str(), "child");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum LegKind {
    /// Not known yet (no event carried `Direction` or `ParentCallSid`): treated like a REST leg.
    #[default]
    Unknown,
    /// `outbound-api`: created through the REST API; may start at `queued`.
    Rest,
    /// `inbound`: starts at `ringing` (R4).
    Inbound,
    /// `outbound-dial` or `ParentCallSid` set: a `<Dial>` child, never `queued` (R3).
    Child,
    /// Another direction (`trunking-*`, unknown values): never `queued`.
    Other,
}

impl LegKind {
    /// `unknown`, `rest`, `inbound`, `child` or `other`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::LegKind::Inbound.as_str(), "inbound");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            LegKind::Unknown => "unknown",
            LegKind::Rest => "rest",
            LegKind::Inbound => "inbound",
            LegKind::Child => "child",
            LegKind::Other => "other",
        }
    }

    /// [`transition`] for this kind of leg: `(none) → queued` is an advance for REST (and
    /// unknown) legs and forbidden otherwise (R3 for children, R2 "REST only" for the rest).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::CallStatus;
    /// use twilio_webhook::lifecycle::{LegKind, Move};
    /// let cell = LegKind::Child.transition(None, CallStatus::Queued);
    /// assert_eq!((cell.verdict, cell.rule), (Move::Forbidden, "R3"));
    /// ```
    pub fn transition(self, from: Option<CallStatus>, to: CallStatus) -> Cell {
        let cell = transition(from, to);
        match (cell.verdict, self) {
            (Move::RestOnly, LegKind::Rest | LegKind::Unknown) => c(Move::Advance, "R2"),
            (Move::RestOnly, LegKind::Child) => c(Move::Forbidden, "R3"),
            (Move::RestOnly, _) => c(Move::Forbidden, "R2"),
            _ => cell,
        }
    }

    /// Whether `from` → `to` is a legal step for this kind of leg.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::CallStatus;
    /// use twilio_webhook::lifecycle::LegKind;
    /// assert!(!LegKind::Inbound.can_transition(None, CallStatus::Queued));
    /// assert!(LegKind::Inbound.can_transition(None, CallStatus::Ringing));
    /// ```
    pub fn can_transition(self, from: Option<CallStatus>, to: CallStatus) -> bool {
        self.transition(from, to).verdict == Move::Advance
    }
}

/// What applying an event did ([`Applied::effect`]).
///
/// # Example
///
/// ```
/// assert_eq!(twilio_webhook::lifecycle::Effect::OtherCall.as_str(), "other-call");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `advance`: the leg moved to the event's status.
    Advance,
    /// `duplicate`: already applied (same `CallSid` + `SequenceNumber` + status, R7; or the
    /// current status repeated). Nothing changed.
    Duplicate,
    /// `late`: older than what was applied (a lower `SequenceNumber`, or a lower rank without
    /// one, R8). Kept as history and evidence; never a regression.
    Late,
    /// `conflict`: a second, different terminal status (R1). The first one stays.
    Conflict,
    /// `illegal`: a transition the table forbids (e.g. `in-progress → busy`, R10; `queued` on
    /// a `<Dial>` child, R3). Ignored.
    Illegal,
    /// `annotate`: an AMD result, a dial action or a recording status for this leg.
    Annotate,
    /// `other-call`: the event is about another call.
    OtherCall,
}

impl Effect {
    /// The JSON name.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::Effect::Late.as_str(), "late");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Advance => "advance",
            Effect::Duplicate => "duplicate",
            Effect::Late => "late",
            Effect::Conflict => "conflict",
            Effect::Illegal => "illegal",
            Effect::Annotate => "annotate",
            Effect::OtherCall => "other-call",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answer of [`Tracker::apply`] and [`CallTree::apply`].
///
/// In JSON: `{ "effect", "callSid"?, "from": status | null, "to"?, "sequenceNumber"?,
/// "status": status | null, "rule", "message" }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, CallStatus};
/// use twilio_webhook::lifecycle::{Effect, Tracker};
/// let p = twilio_webhook::Params::parse(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
///       &CallStatus=ringing&Direction=inbound",
/// );
/// let applied = Tracker::new().apply(&Callback::parse(&p)?);
/// assert_eq!((applied.effect, applied.rule), (Effect::Advance, "R4"));
/// assert_eq!(applied.status, Some(CallStatus::Ringing));
/// assert_eq!(applied.message, "(none) → ringing");
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// What the event did.
    pub effect: Effect,
    /// The leg the event is about (its `CallSid`; a dial action's parent leg).
    pub call_sid: Option<String>,
    /// The leg's status before.
    pub from: Option<CallStatus>,
    /// The event's `CallStatus` (status callbacks and voice requests).
    pub to: Option<CallStatus>,
    /// The event's `SequenceNumber` (status callbacks).
    pub sequence_number: Option<u32>,
    /// The leg's status after.
    pub status: Option<CallStatus>,
    /// The rule that decided (`R1`-`R16`).
    pub rule: &'static str,
    /// One line for logs.
    pub message: String,
}

/// Thresholds of the heuristics (the core holds no clock and no defaults it cannot justify).
///
/// In JSON (feature `serde`): `{ "droppedBelowSeconds"?: number }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::lifecycle::Options;
/// let opts = Options { dropped_below_seconds: Some(5) };
/// assert_eq!(Options::default().dropped_below_seconds, None);
/// # let _ = opts;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct Options {
    /// O7: an answered leg whose `CallDuration` is below this many seconds, without a machine
    /// verdict, is `dropped`. `None` (the default) turns this heuristic off; SIP ≥ 400 and
    /// error codes on the completed event still count.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub dropped_below_seconds: Option<u32>,
}

/// Why stored state could not be restored.
///
/// # Example
///
/// ```
/// use twilio_webhook::lifecycle::StateError;
/// let e = StateError::UnsupportedVersion(7);
/// assert_eq!(e.code(), "unsupported_state_version");
/// assert_eq!(e.to_string(), "expected state version 1, got 7");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The state's `version` is not [`STATE_VERSION`].
    UnsupportedVersion(u64),
    /// The state (or an event given as JSON) is not the documented shape.
    Invalid(String),
}

impl StateError {
    /// The stable code: `unsupported_state_version` or `invalid_state`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::StateError;
    /// assert_eq!(StateError::Invalid("x".into()).code(), "invalid_state");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            StateError::UnsupportedVersion(_) => "unsupported_state_version",
            StateError::Invalid(_) => "invalid_state",
        }
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::UnsupportedVersion(v) => {
                write!(f, "expected state version {STATE_VERSION}, got {v}")
            }
            StateError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StateError {}
