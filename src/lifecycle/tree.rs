//! [`CallTree`]: a parent leg and its `<Dial>` children, and the call's business outcome.

use super::outcome::classify;
use super::tracker::{DialRecord, Event, Facts, Tracker};
use super::{Applied, Effect, LegKind, Options, Outcome, OutcomeKind};
use crate::callback::{CallStatus, Callback, CallbackKind, DialCallStatus};
use std::collections::BTreeMap;

/// At most this many legs per tree (a parent and its dialled children; bounds hostile input).
const MAX_LEGS: usize = 32;

/// One leg of a [`CallTree`], as [`CallTree::legs`] shows it.
///
/// # Example
///
/// ```
/// let tree = twilio_webhook::lifecycle::CallTree::new();
/// assert!(tree.legs().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegView {
    /// The leg's `CallSid`.
    pub call_sid: String,
    /// Its parent (for `<Dial>` children).
    pub parent_call_sid: Option<String>,
    /// What kind of leg it is.
    pub leg: LegKind,
    /// Its status.
    pub status: Option<CallStatus>,
    /// Its own outcome (a parent's `completed` only means its TwiML ran).
    pub outcome: Outcome,
}

/// A parent leg and its `<Dial>` children, linked by `ParentCallSid` and `DialCallSid`. Each leg
/// has its own [`Tracker`]; [`outcome`](Self::outcome) is the business outcome of the call.
///
/// With the `serde` feature the tree is plain data: `{ "version": 1, "legs": { CallSid: leg
/// state } }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::Callback;
/// use twilio_webhook::lifecycle::{CallTree, OutcomeKind};
/// let parse = |b: &str| Callback::parse(&twilio_webhook::Params::parse(b.as_bytes()));
/// let acct = "AccountSid=AC0123456789abcdef0123456789abcdef";
/// let parent = "CA00000000000000000000000000000001";
/// let child = "CA00000000000000000000000000000002";
/// let mut tree = CallTree::new();
/// tree.apply(&parse(&format!("{acct}&CallSid={parent}&CallStatus=ringing&Direction=inbound"))?);
/// tree.apply(&parse(&format!("{acct}&CallSid={parent}&CallStatus=in-progress&Direction=inbound")) ?);
/// // The dialled leg answered (voicemail?) but was never connected to the caller: R14.
/// tree.apply(&parse(&format!("{acct}&CallSid={parent}&CallStatus=in-progress\
///     &DialCallStatus=completed&DialCallSid={child}&DialBridged=false"))?);
/// tree.apply(&parse(&format!("{acct}&CallSid={parent}&CallStatus=completed&Direction=inbound"))?);
/// let o = tree.outcome();
/// assert_eq!((o.kind, o.rule), (OutcomeKind::NoAnswer, "R14"));
/// assert_eq!(tree.legs().len(), 2);
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CallTree {
    pub(crate) version: super::Version,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(crate) legs: BTreeMap<String, Tracker>,
}

/// The preference among candidate outcomes of a call: the most successful wins.
fn preference(k: OutcomeKind) -> u8 {
    match k {
        OutcomeKind::Answered => 0,
        OutcomeKind::Dropped => 1,
        OutcomeKind::NoAnswer => 2,
        OutcomeKind::Busy => 3,
        OutcomeKind::Unreachable => 4,
        OutcomeKind::Failed => 5,
        OutcomeKind::Canceled => 6,
        OutcomeKind::Pending => 7,
    }
}

impl CallTree {
    /// An empty tree.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::CallTree::new().root(), None);
    /// ```
    pub fn new() -> CallTree {
        CallTree::default()
    }

    /// Applies a parsed callback to the leg it is about. An event joins the tree when no leg
    /// has a status, parent link or dial action yet, when its `CallSid`, `ParentCallSid` or `DialCallSid` is a known leg, or when it
    /// is an AMD or recording callback (they name no parent; the leg links up later).
    /// Anything else is `other-call`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Callback;
    /// use twilio_webhook::lifecycle::{CallTree, Effect};
    /// let parse = |b: &str| Callback::parse(&twilio_webhook::Params::parse(b.as_bytes()));
    /// let mut tree = CallTree::new();
    /// let a = "AccountSid=AC0123456789abcdef0123456789abcdef&CallStatus=ringing&CallSid=CA";
    /// tree.apply(&parse(&format!("{a}00000000000000000000000000000001"))?);
    /// let other = tree.apply(&parse(&format!("{a}00000000000000000000000000000009"))?);
    /// assert_eq!(other.effect, Effect::OtherCall);
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
    /// use twilio_webhook::callback::Callback;
    /// use twilio_webhook::lifecycle::{CallTree, Effect, Event};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&ParentCallSid=CAffffffffffffffffffffffffffffffff",
    /// );
    /// let mut tree = CallTree::new();
    /// assert_eq!(tree.apply_event(&Event::from_callback(&Callback::parse(&p)?)).effect, Effect::Advance);
    /// assert_eq!(tree.root(), Some("CAffffffffffffffffffffffffffffffff"));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn apply_event(&mut self, e: &Event) -> Applied {
        let dialled = e.dial.as_ref().and_then(|d| d.dial_call_sid.clone());
        let known = |s: &Option<String>| s.as_ref().is_some_and(|s| self.legs.contains_key(s));
        // Until some leg has a status, a parent link or a dial action, AMD or recording
        // callbacks alone do not say which call the tree is about: anything may join.
        let anchored = self.legs.values().any(|t| {
            t.status.is_some() || t.parent_call_sid.is_some() || !t.facts.dials.is_empty()
        });
        let joins = !anchored
            || known(&e.call_sid)
            || known(&e.parent_call_sid)
            || known(&dialled)
            || matches!(e.kind, CallbackKind::Amd | CallbackKind::RecordingStatus);
        let new_legs = [&e.call_sid, &e.parent_call_sid, &dialled]
            .iter()
            .filter(|s| s.is_some() && !known(s))
            .count();
        let Some(sid) = e
            .call_sid
            .clone()
            .filter(|_| joins && self.legs.len() + new_legs <= MAX_LEGS)
        else {
            let message = match &e.call_sid {
                Some(s) => format!("CallSid {s} is not a leg of this call"),
                None => "the event names no CallSid".to_owned(),
            };
            return Tracker::new().answer(e, Effect::OtherCall, None, "R6", message);
        };
        if let Some(p) = &e.parent_call_sid {
            self.legs
                .entry(p.clone())
                .or_insert_with(|| Tracker::for_call(p));
        }
        let applied = self
            .legs
            .entry(sid.clone())
            .or_insert_with(|| Tracker::for_call(&sid))
            .apply_event(e);
        if let (Some(child), CallbackKind::DialAction) = (dialled, e.kind) {
            if child != sid {
                let leg = self
                    .legs
                    .entry(child.clone())
                    .or_insert_with(|| Tracker::for_call(&child));
                leg.apply_event(e);
            }
        }
        applied
    }

    /// The parent leg: a leg without a parent, preferring one with children, then one with a
    /// status, then the smallest `CallSid` (so the answer does not depend on arrival order).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::lifecycle::CallTree::new().root(), None);
    /// ```
    pub fn root(&self) -> Option<&str> {
        self.legs
            .iter()
            .filter(|(_, t)| t.parent_call_sid.is_none())
            .min_by_key(|(sid, t)| {
                let has_children = self
                    .legs
                    .values()
                    .any(|c| c.parent_call_sid.as_deref() == Some(sid.as_str()));
                (!has_children, t.status.is_none(), sid.as_str())
            })
            .map(|(sid, _)| sid.as_str())
    }

    /// The tracker of one leg.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::lifecycle::CallTree::new().leg("CA1").is_none());
    /// ```
    pub fn leg(&self, call_sid: &str) -> Option<&Tracker> {
        self.legs.get(call_sid)
    }

    /// Every leg, by `CallSid`, with its own outcome (default [`Options`]).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::lifecycle::CallTree::new().legs().is_empty());
    /// ```
    pub fn legs(&self) -> Vec<LegView> {
        self.legs_with(&Options::default())
    }

    /// Every leg, by `CallSid`, with its own outcome.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::{CallTree, Options};
    /// assert!(CallTree::new().legs_with(&Options::default()).is_empty());
    /// ```
    pub fn legs_with(&self, opts: &Options) -> Vec<LegView> {
        self.legs
            .iter()
            .map(|(sid, t)| LegView {
                call_sid: sid.clone(),
                parent_call_sid: t.parent_call_sid.clone(),
                leg: t.leg,
                status: t.status,
                outcome: t.outcome_with(opts),
            })
            .collect()
    }

    /// The business outcome with the default [`Options`].
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::{CallTree, OutcomeKind};
    /// assert_eq!(CallTree::new().outcome().kind, OutcomeKind::Pending);
    /// ```
    pub fn outcome(&self) -> Outcome {
        self.outcome_with(&Options::default())
    }

    /// The business outcome of the call: the bridged child's or the dial action's, not the
    /// parent's `completed` (spec §6).
    ///
    /// * No children and no dial action: the parent leg's own outcome.
    /// * Each dial action gives a candidate: `DialCallStatus=completed` with
    ///   `DialBridged=false` is `no-answer` (R14); otherwise the dialled child's outcome when
    ///   it has ended as `completed`, else the dial action's status classified like a leg.
    /// * Each child no dial action names gives its own outcome (a pending one only counts
    ///   when there is no dial action: after the action, the dial is over).
    /// * The most successful candidate wins (answered, dropped, no-answer, busy, unreachable,
    ///   failed, canceled); without a dial action, a pending child keeps the call pending
    ///   unless some child answered.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::lifecycle::{CallTree, Options, OutcomeKind};
    /// let o = CallTree::new().outcome_with(&Options { dropped_below_seconds: Some(3) });
    /// assert_eq!(o.kind, OutcomeKind::Pending);
    /// ```
    pub fn outcome_with(&self, opts: &Options) -> Outcome {
        let Some(root_sid) = self.root() else {
            return Tracker::new().outcome_with(opts);
        };
        let Some(root) = self.legs.get(root_sid) else {
            return Tracker::new().outcome_with(opts);
        };
        let children: Vec<&Tracker> = self
            .legs
            .values()
            .filter(|t| t.parent_call_sid.as_deref() == Some(root_sid))
            .collect();
        let dials = &root.facts.dials;
        if dials.is_empty() && children.is_empty() {
            return root.outcome_with(opts);
        }
        let mut candidates: Vec<Outcome> = dials
            .iter()
            .map(|d| {
                let child = d.dial_call_sid.as_deref().and_then(|s| self.legs.get(s));
                dial_outcome(d, child, opts)
            })
            .collect();
        let mut waiting = 0;
        for child in children {
            let named = dials
                .iter()
                .any(|d| d.dial_call_sid.is_some() && d.dial_call_sid == child.call_sid);
            if named {
                continue;
            }
            let o = child.outcome_with(opts);
            if o.kind == OutcomeKind::Pending {
                waiting += 1;
                if !dials.is_empty() {
                    continue;
                }
            }
            candidates.push(o);
        }
        let best = candidates.into_iter().min_by(|a, b| {
            (preference(a.kind), &a.call_sid).cmp(&(preference(b.kind), &b.call_sid))
        });
        match best {
            Some(o)
                if dials.is_empty()
                    && waiting > 0
                    && !matches!(o.kind, OutcomeKind::Answered | OutcomeKind::Dropped) =>
            {
                let mut pending = Tracker::new().outcome_with(opts);
                pending.reason = format!(
                    "no dialled leg answered yet; {waiting} still without a terminal event"
                );
                pending
            }
            Some(o) => o,
            None => root.outcome_with(opts),
        }
    }
}

/// The outcome a dial action gives (R14), with the dialled child's evidence when it ended.
fn dial_outcome(d: &DialRecord, child: Option<&Tracker>, opts: &Options) -> Outcome {
    let status = match d.dial_call_status {
        DialCallStatus::Answered => Some(CallStatus::Completed),
        s => s.to_call_status(),
    };
    let child_done = child.filter(|c| c.status.is_some() && c.status == status);
    let mut facts = child.map_or_else(Facts::default, |c| Facts {
        answered_by: c.facts.answered_by.clone(),
        in_progress_seen: c.facts.in_progress_seen,
        ..Facts::default()
    });
    if let Some(c) = child_done {
        facts = c.facts.clone();
    }
    facts.call_duration = d.dial_call_duration.or(facts.call_duration);
    facts.sip_response_code = d.dial_sip_response_code.or(facts.sip_response_code);
    let mut o = classify(
        status,
        LegKind::Child,
        &facts,
        d.dial_call_sid.as_deref(),
        opts,
    );
    o.evidence.dial_call_status = Some(d.dial_call_status);
    o.evidence.dial_bridged = d.dial_bridged;
    if d.screened() {
        let by = match &facts.answered_by {
            Some(a) => format!(" (AnsweredBy={a})"),
            None => String::new(),
        };
        o.kind = OutcomeKind::NoAnswer;
        o.rule = "R14";
        o.reason = format!(
            "the dialled leg answered{by} but was never connected to the caller (DialBridged=false)"
        );
    } else if o.kind != OutcomeKind::Pending {
        o.reason = format!("dial: {}", o.reason);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preference_is_total() {
        let all = [
            OutcomeKind::Answered,
            OutcomeKind::Dropped,
            OutcomeKind::NoAnswer,
            OutcomeKind::Busy,
            OutcomeKind::Unreachable,
            OutcomeKind::Failed,
            OutcomeKind::Canceled,
            OutcomeKind::Pending,
        ];
        for (i, k) in all.iter().enumerate() {
            assert_eq!(usize::from(preference(*k)), i);
        }
    }
}
