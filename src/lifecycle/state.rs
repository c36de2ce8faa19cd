//! Serde for the lifecycle (feature `serde`): state in and out with a `version`, results out,
//! and [`Event`] in from a callback's JSON.

use super::outcome::{Evidence, Outcome};
use super::tracker::{DialRecord, Event};
use super::tree::LegView;
use super::{Applied, Version, STATE_VERSION};
use crate::callback::{
    AnsweredBy, CallStatus, CallbackKind, DialCallStatus, Direction, RecordingStatus,
};
use serde::de::Error as _;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The start of the error message for a state of another version.
pub(crate) const VERSION_MISMATCH: &str = "expected state version";

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(STATE_VERSION)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        check_version(u64::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// [`Version`] if `v` is [`STATE_VERSION`]; else the message starting with
/// [`VERSION_MISMATCH`].
pub(super) fn check_version(v: u64) -> Result<Version, String> {
    if v == u64::from(STATE_VERSION) {
        Ok(Version)
    } else {
        Err(format!("{VERSION_MISMATCH} {STATE_VERSION}, got {v}"))
    }
}

fn parse_status<E: serde::de::Error>(s: &str) -> Result<CallStatus, E> {
    CallStatus::parse(s).map_err(|e| E::custom(e.to_string()))
}

pub(crate) mod status {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &CallStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_str())
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<CallStatus, D::Error> {
        parse_status(&String::deserialize(d)?)
    }
}

pub(crate) mod opt_status {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(
        v: &Option<CallStatus>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.map(CallStatus::as_str).serialize(s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<CallStatus>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| parse_status(&s))
            .transpose()
    }
}

pub(crate) mod status_list {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &[CallStatus], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| x.as_str()))
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<CallStatus>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| parse_status(s))
            .collect()
    }
}

pub(crate) mod dial_status {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &DialCallStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_str())
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DialCallStatus, D::Error> {
        let s = String::deserialize(d)?;
        DialCallStatus::parse(&s).map_err(|e| D::Error::custom(e.to_string()))
    }
}

/// Open enums (kept as received).
pub(crate) trait Open: Sized {
    fn text(&self) -> &str;
    fn from_text(s: &str) -> Self;
}

impl Open for AnsweredBy {
    fn text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: &str) -> Self {
        AnsweredBy::parse(s)
    }
}

impl Open for RecordingStatus {
    fn text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: &str) -> Self {
        RecordingStatus::parse(s)
    }
}

pub(crate) mod open_string {
    use super::*;
    pub(crate) fn serialize<T: Open, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.text())
    }
    pub(crate) fn deserialize<'de, T: Open, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        Ok(T::from_text(&String::deserialize(d)?))
    }
}

pub(crate) mod opt_open_string {
    use super::*;
    pub(crate) fn serialize<T: Open, S: Serializer>(
        v: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_ref().map(Open::text).serialize(s)
    }
    pub(crate) fn deserialize<'de, T: Open, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(|s| T::from_text(&s)))
    }
}

/// `{ "effect", "callSid"?, "from", "to"?, "sequenceNumber"?, "status", "rule", "message" }`.
impl Serialize for Applied {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Applied", 8)?;
        m.serialize_field("effect", self.effect.as_str())?;
        if let Some(sid) = &self.call_sid {
            m.serialize_field("callSid", sid)?;
        }
        m.serialize_field("from", &self.from.map(CallStatus::as_str))?;
        if let Some(to) = self.to {
            m.serialize_field("to", to.as_str())?;
        }
        if let Some(n) = self.sequence_number {
            m.serialize_field("sequenceNumber", &n)?;
        }
        m.serialize_field("status", &self.status.map(CallStatus::as_str))?;
        m.serialize_field("rule", self.rule)?;
        m.serialize_field("message", &self.message)?;
        m.end()
    }
}

/// `{ "status"?, "callDuration"?, "sipResponseCode"?, "errorCode"?, "answeredBy"?,
/// "inProgressSeen", "dialCallStatus"?, "dialBridged"?, "lastTimestampMs"?, "conflicts"? }`.
impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(v) = self.status {
            m.serialize_entry("status", v.as_str())?;
        }
        if let Some(v) = self.call_duration {
            m.serialize_entry("callDuration", &v)?;
        }
        if let Some(v) = self.sip_response_code {
            m.serialize_entry("sipResponseCode", &v)?;
        }
        if let Some(v) = self.error_code {
            m.serialize_entry("errorCode", &v)?;
        }
        if let Some(v) = &self.answered_by {
            m.serialize_entry("answeredBy", v.as_str())?;
        }
        m.serialize_entry("inProgressSeen", &self.in_progress_seen)?;
        if let Some(v) = self.dial_call_status {
            m.serialize_entry("dialCallStatus", v.as_str())?;
        }
        if let Some(v) = self.dial_bridged {
            m.serialize_entry("dialBridged", &v)?;
        }
        if let Some(v) = self.last_timestamp_ms {
            m.serialize_entry("lastTimestampMs", &v)?;
        }
        if !self.conflicts.is_empty() {
            let list: Vec<&str> = self.conflicts.iter().map(|c| c.as_str()).collect();
            m.serialize_entry("conflicts", &list)?;
        }
        m.end()
    }
}

/// `{ "outcome", "answeredBy"?, "blocked"?, "abandoned"?, "sipResponseCode"?, "errorCode"?,
/// "callSid"?, "rule", "reason", "evidence" }`.
impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("outcome", self.kind.as_str())?;
        if let Some(a) = self.answered_by {
            m.serialize_entry("answeredBy", a.as_str())?;
        }
        if self.blocked {
            m.serialize_entry("blocked", &true)?;
        }
        if self.abandoned {
            m.serialize_entry("abandoned", &true)?;
        }
        if let Some(v) = self.evidence.sip_response_code {
            m.serialize_entry("sipResponseCode", &v)?;
        }
        if let Some(v) = self.evidence.error_code {
            m.serialize_entry("errorCode", &v)?;
        }
        if let Some(v) = &self.call_sid {
            m.serialize_entry("callSid", v)?;
        }
        m.serialize_entry("rule", self.rule)?;
        m.serialize_entry("reason", &self.reason)?;
        m.serialize_entry("evidence", &self.evidence)?;
        m.end()
    }
}

/// `{ "leg", "parentCallSid"?, "status", "outcome" }` (the `CallSid` is the key in
/// [`legs_json`]).
impl Serialize for LegView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("leg", &self.leg)?;
        if let Some(p) = &self.parent_call_sid {
            m.serialize_entry("parentCallSid", p)?;
        }
        m.serialize_entry("status", &self.status.map(CallStatus::as_str))?;
        m.serialize_entry("outcome", &self.outcome)?;
        m.end()
    }
}

/// Legs as a JSON object keyed by `CallSid`.
///
/// # Example
///
/// ```
/// use twilio_webhook::lifecycle::{legs_json, CallTree};
/// let legs = CallTree::new().legs();
/// let mut out = Vec::new();
/// serde::Serialize::serialize(&legs_json(&legs), &mut serde_json::Serializer::new(&mut out))?;
/// assert_eq!(out, b"{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn legs_json(legs: &[LegView]) -> impl Serialize + '_ {
    LegsJson(legs)
}

struct LegsJson<'a>(&'a [LegView]);

impl Serialize for LegsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for leg in self.0 {
            m.serialize_entry(&leg.call_sid, leg)?;
        }
        m.end()
    }
}

#[derive(Deserialize)]
pub(super) struct WireTime {
    #[serde(rename = "epochMs")]
    pub(super) epoch_ms: i64,
}

/// The fields of a callback's JSON (`parseCallback`'s shape) that the lifecycle reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WireEvent {
    pub(super) kind: String,
    pub(super) call_sid: Option<String>,
    pub(super) parent_call_sid: Option<String>,
    pub(super) direction: Option<String>,
    pub(super) call_status: Option<String>,
    pub(super) sequence_number: Option<u32>,
    pub(super) timestamp: Option<WireTime>,
    pub(super) call_duration: Option<u32>,
    pub(super) sip_response_code: Option<u16>,
    pub(super) error_code: Option<u32>,
    pub(super) answered_by: Option<String>,
    pub(super) dial_call_status: Option<String>,
    pub(super) dial_call_sid: Option<String>,
    pub(super) dial_call_duration: Option<u32>,
    pub(super) dial_bridged: Option<bool>,
    pub(super) dial_sip_response_code: Option<u16>,
    pub(super) recording_sid: Option<String>,
    pub(super) recording_status: Option<String>,
}

fn required<T>(v: Option<T>, field: &'static str) -> Result<T, String> {
    v.ok_or_else(|| format!("missing field `{field}`"))
}

fn status_of(s: &str) -> Result<CallStatus, String> {
    CallStatus::parse(s).map_err(|e| e.to_string())
}

/// Reads the callback JSON of `parseCallback` (JavaScript) or `serde_json::to_string(&callback)`:
/// `kind` decides which fields are required (`callStatus` and `sequenceNumber` for
/// `call-status`, ...); unknown fields are ignored.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        event_from_wire(WireEvent::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// The [`Event`] of a callback's fields (serde's or the wasm binding's reader); the error is
/// serde's message (`missing field `callStatus``, ...).
pub(super) fn event_from_wire(w: WireEvent) -> Result<Event, String> {
    let kind = match w.kind.as_str() {
        "call-status" => CallbackKind::CallStatus,
        "voice-request" => CallbackKind::VoiceRequest,
        "dial-action" => CallbackKind::DialAction,
        "amd" => CallbackKind::Amd,
        "recording-status" => CallbackKind::RecordingStatus,
        other => {
            return Err(format!(
                "expected kind as one of call-status, voice-request, dial-action, amd, \
                 recording-status, got \"{}\"",
                crate::error::quoted(other)
            ))
        }
    };
    let moves = matches!(kind, CallbackKind::CallStatus | CallbackKind::VoiceRequest);
    let call_status = match (moves, w.call_status) {
        (true, s) => Some(status_of(&required(s, "callStatus")?)?),
        (false, _) => None,
    };
    if kind != CallbackKind::RecordingStatus && w.call_sid.is_none() {
        return Err("missing field `callSid`".to_owned());
    }
    let sequence_number = match kind {
        CallbackKind::CallStatus => Some(required(w.sequence_number, "sequenceNumber")?),
        _ => None,
    };
    let dial = match kind {
        CallbackKind::DialAction => {
            let s = required(w.dial_call_status, "dialCallStatus")?;
            Some(DialRecord {
                dial_call_status: DialCallStatus::parse(&s).map_err(|e| e.to_string())?,
                dial_call_sid: w.dial_call_sid,
                dial_call_duration: w.dial_call_duration,
                dial_bridged: w.dial_bridged,
                dial_sip_response_code: w.dial_sip_response_code,
            })
        }
        _ => None,
    };
    let recording = match kind {
        CallbackKind::RecordingStatus => Some((
            required(w.recording_sid, "recordingSid")?,
            RecordingStatus::parse(&required(w.recording_status, "recordingStatus")?),
        )),
        _ => None,
    };
    let answered_by = match kind {
        CallbackKind::Amd => Some(AnsweredBy::parse(&required(w.answered_by, "answeredBy")?)),
        CallbackKind::RecordingStatus => None,
        _ => w.answered_by.map(|a| AnsweredBy::parse(&a)),
    };
    let call_only = moves || kind == CallbackKind::DialAction;
    let terminal = kind == CallbackKind::CallStatus;
    Ok(Event {
        kind,
        call_sid: w.call_sid,
        parent_call_sid: w.parent_call_sid.filter(|_| call_only),
        direction: w
            .direction
            .filter(|_| call_only)
            .map(|d| Direction::parse(&d)),
        call_status,
        sequence_number,
        timestamp_ms: w.timestamp.filter(|_| terminal).map(|t| t.epoch_ms),
        call_duration: w.call_duration.filter(|_| terminal),
        sip_response_code: w.sip_response_code.filter(|_| terminal),
        error_code: w.error_code.filter(|_| call_only),
        answered_by,
        dial,
        recording,
    })
}
