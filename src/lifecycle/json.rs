//! A small JSON reader for the wasm binding: a strict RFC 8259 parser into a DOM ([`J`]) and
//! readers from it to [`Options`], [`Event`], [`Tracker`] and [`CallTree`] that accept what the
//! serde derives accept for the JSON this crate writes (document order, defaults, duplicate
//! fields, unknown fields ignored, the same `version` check). Measured with `make pkg`:
//! serde_json's deserialiser and the derived `Deserialize` impls cost ~74 KB more wasm (~35 KB
//! gzipped).
//!
//! Error messages follow serde's wording without the position (`missing field `version``,
//! `invalid type: string "x", expected u32`, `expected state version 1, got 2`). One
//! difference: serde's derive also reads a struct from an array of its fields in declaration
//! order, which this crate never writes; the reader refuses it.

use super::state::{check_version, event_from_wire, WireEvent, WireTime};
use super::tracker::{DialRecord, Facts, RecordingSeen, Seen};
use super::{CallTree, Event, LegKind, Options, Tracker, Version};
use crate::callback::{AnsweredBy, CallStatus, DialCallStatus, RecordingStatus};
use core::fmt;
use std::collections::BTreeMap;

/// Nesting deeper than this is an error (serde_json's recursion limit is 128 too).
const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Num(N),
    Str(String),
    Arr(Vec<J>),
    /// Members in document order (duplicates kept).
    Obj(Vec<(String, J)>),
}

/// A JSON number, classified as serde_json does: a non-negative integer that fits `u64`, a
/// negative one that fits `i64`, or anything else (fraction, exponent, `-0`, too large). The
/// lifecycle has no fractional fields, so a float's value is not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum N {
    U(u64),
    I(i64),
    F,
}

/// Why a text is not JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    /// The text ends inside a value.
    Eof,
    /// A byte that cannot start or continue a value here.
    Unexpected,
    /// Something after the value.
    Trailing,
    /// A control character (< 0x20) inside a string.
    Control,
    /// An unknown escape or a malformed `\uXXXX`.
    Escape,
    /// A lone or unpaired UTF-16 surrogate in `\uXXXX`.
    Surrogate,
    /// A malformed number.
    Number,
    /// Nested deeper than [`MAX_DEPTH`].
    Depth,
}

/// A syntax error: what and at which byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) code: Code,
    pub(crate) at: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.code {
            Code::Eof => "EOF while parsing a value",
            Code::Unexpected => "expected value",
            Code::Trailing => "trailing characters",
            Code::Control => "control character (\\u0000-\\u001F) found while parsing a string",
            Code::Escape => "invalid escape",
            Code::Surrogate => "lone or unpaired surrogate in hex escape",
            Code::Number => "invalid number",
            Code::Depth => "recursion limit exceeded",
        };
        write!(f, "{what} at byte {}", self.at)
    }
}

struct Parser<'a> {
    text: &'a str,
    i: usize,
}

/// Parses one JSON value (surrounding whitespace allowed, nothing else).
pub(crate) fn parse(text: &str) -> Result<J, SyntaxError> {
    let mut p = Parser { text, i: 0 };
    let v = p.value(0)?;
    p.ws();
    if p.i < text.len() {
        return Err(p.err(Code::Trailing));
    }
    Ok(v)
}

impl Parser<'_> {
    fn err(&self, code: Code) -> SyntaxError {
        SyntaxError { code, at: self.i }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.i += 1;
        }
        b
    }

    /// The next byte, which must be `want`.
    fn expect(&mut self, want: u8) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(b) if b == want => {
                self.i += 1;
                Ok(())
            }
            Some(_) => Err(self.err(Code::Unexpected)),
            None => Err(self.err(Code::Eof)),
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<J, SyntaxError> {
        self.ws();
        match self.peek() {
            None => Err(self.err(Code::Eof)),
            Some(b'n') => self.word("null", J::Null),
            Some(b't') => self.word("true", J::Bool(true)),
            Some(b'f') => self.word("false", J::Bool(false)),
            Some(b'"') => {
                self.i += 1;
                self.string().map(J::Str)
            }
            Some(b'-' | b'0'..=b'9') => self.number().map(J::Num),
            Some(b'[') if depth >= MAX_DEPTH => Err(self.err(Code::Depth)),
            Some(b'[') => {
                self.i += 1;
                self.array(depth + 1).map(J::Arr)
            }
            Some(b'{') if depth >= MAX_DEPTH => Err(self.err(Code::Depth)),
            Some(b'{') => {
                self.i += 1;
                self.object(depth + 1).map(J::Obj)
            }
            Some(_) => Err(self.err(Code::Unexpected)),
        }
    }

    fn word(&mut self, word: &str, v: J) -> Result<J, SyntaxError> {
        for &b in word.as_bytes() {
            self.expect(b)?;
        }
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Vec<J>, SyntaxError> {
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(items);
        }
        loop {
            items.push(self.value(depth)?);
            if self.item_closes(b']')? {
                return Ok(items);
            }
        }
    }

    /// At least one digit (after `.` or an exponent), else the error at that place.
    fn some_digits(&mut self) -> Result<(), SyntaxError> {
        if self.digits() > 0 {
            return Ok(());
        }
        Err(self.err(if self.peek().is_none() {
            Code::Eof
        } else {
            Code::Number
        }))
    }

    fn object(&mut self, depth: usize) -> Result<Vec<(String, J)>, SyntaxError> {
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(members);
        }
        loop {
            self.ws();
            self.expect(b'"')?;
            let key = self.string()?;
            self.ws();
            self.expect(b':')?;
            let v = self.value(depth)?;
            members.push((key, v));
            if self.item_closes(b'}')? {
                return Ok(members);
            }
        }
    }

    /// After an array item or object member: `,` goes on (false), `close` ends (true).
    fn item_closes(&mut self, close: u8) -> Result<bool, SyntaxError> {
        self.ws();
        match self.next() {
            Some(b',') => Ok(false),
            Some(c) if c == close => Ok(true),
            Some(_) => {
                self.i -= 1;
                Err(self.err(Code::Unexpected))
            }
            None => Err(self.err(Code::Eof)),
        }
    }

    /// The rest of a string whose opening quote was consumed.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err(Code::Eof));
            };
            if b != b'"' && b != b'\\' && b >= 0x20 {
                self.i += 1;
                continue;
            }
            // `run..i` ends before an ASCII byte: a char boundary.
            out.push_str(self.text.get(run..self.i).unwrap_or_default());
            match b {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.i += 1;
                    let c = match self.next() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode()?,
                        Some(_) => {
                            self.i -= 1;
                            return Err(self.err(Code::Escape));
                        }
                        None => return Err(self.err(Code::Eof)),
                    };
                    out.push(c);
                    run = self.i;
                }
                _ => return Err(self.err(Code::Control)),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                None => return Err(self.err(Code::Eof)),
                Some(b) => char::from(b).to_digit(16).ok_or(self.err(Code::Escape))?,
            };
            self.i += 1;
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// After `\u`: one code point, a surrogate pair taking a second `\uXXXX`.
    fn unicode(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        let c = match hi {
            0xD800..=0xDBFF => {
                if self.peek() != Some(b'\\') {
                    return Err(self.err(Code::Surrogate));
                }
                self.i += 1;
                if self.peek() != Some(b'u') {
                    return Err(self.err(Code::Surrogate));
                }
                self.i += 1;
                let lo = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&lo) {
                    return Err(self.err(Code::Surrogate));
                }
                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.err(Code::Surrogate)),
            c => c,
        };
        char::from_u32(c).ok_or(self.err(Code::Surrogate))
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<N, SyntaxError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.err(Code::Number)),
            None => return Err(self.err(Code::Eof)),
        }
        let int = self.text.get(start..self.i).unwrap_or_default();
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.some_digits()?;
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.some_digits()?;
            float = true;
        }
        let Some(magnitude) = int.parse::<u64>().ok().filter(|_| !float) else {
            return Ok(N::F);
        };
        Ok(match (negative, magnitude) {
            (false, m) => N::U(m),
            (true, 0) => N::F, // -0: serde_json gives the float -0.0
            (true, m) => i64::try_from(m)
                .map(|m| N::I(-m))
                .unwrap_or(if m == 1 << 63 { N::I(i64::MIN) } else { N::F }),
        })
    }
}

type R<T> = Result<T, String>;

/// serde's "invalid type: {what it is}, expected {what}".
#[cold]
#[inline(never)]
fn invalid(j: &J, expected: &str) -> String {
    let got = match j {
        J::Null => "null".to_owned(),
        J::Bool(b) => format!("boolean `{b}`"),
        J::Num(N::U(v)) => format!("integer `{v}`"),
        J::Num(N::I(v)) => format!("integer `{v}`"),
        J::Num(N::F) => "floating point".to_owned(),
        // Quoted as serde's `{:?}` does, without core's Unicode escape tables in the wasm.
        J::Str(s) => format!("string \"{}\"", crate::error::quoted(s)),
        J::Arr(_) => "sequence".to_owned(),
        J::Obj(_) => "map".to_owned(),
    };
    format!("invalid type: {got}, expected {expected}")
}

fn string(j: &J) -> R<String> {
    match j {
        J::Str(s) => Ok(s.clone()),
        other => Err(invalid(other, "a string")),
    }
}

fn boolean(j: &J) -> R<bool> {
    match j {
        J::Bool(b) => Ok(*b),
        other => Err(invalid(other, "a boolean")),
    }
}

/// An unsigned integer type (`u16`, `u32`, `u64`), named `name` in messages.
fn unsigned<T: TryFrom<u64>>(j: &J, name: &str) -> R<T> {
    match j {
        J::Num(N::U(v)) => {
            T::try_from(*v).map_err(|_| format!("invalid value: integer `{v}`, expected {name}"))
        }
        J::Num(N::I(v)) => Err(format!("invalid value: integer `{v}`, expected {name}")),
        other => Err(invalid(other, name)),
    }
}

fn u16_of(j: &J) -> R<u16> {
    unsigned(j, "u16")
}

fn u32_of(j: &J) -> R<u32> {
    unsigned(j, "u32")
}

fn i64_of(j: &J) -> R<i64> {
    match j {
        J::Num(N::U(v)) => {
            i64::try_from(*v).map_err(|_| format!("invalid value: integer `{v}`, expected i64"))
        }
        J::Num(N::I(v)) => Ok(*v),
        other => Err(invalid(other, "i64")),
    }
}

/// `null` is `None`.
fn opt<T>(j: &J, read: impl FnOnce(&J) -> R<T>) -> R<Option<T>> {
    match j {
        J::Null => Ok(None),
        j => read(j).map(Some),
    }
}

fn list<T>(j: &J, read: impl Fn(&J) -> R<T>) -> R<Vec<T>> {
    let J::Arr(items) = j else {
        return Err(invalid(j, "a sequence"));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Ok(out)
}

fn members<'a>(j: &'a J, expected: &str) -> R<&'a [(String, J)]> {
    match j {
        J::Obj(m) => Ok(m),
        other => Err(invalid(other, expected)),
    }
}

/// One field of a struct, as serde's derive reads it: a second occurrence is an error.
fn set<T>(slot: &mut Option<T>, name: &str, j: &J, read: impl FnOnce(&J) -> R<T>) -> R<()> {
    if slot.is_some() {
        return Err(duplicate(name));
    }
    *slot = Some(read(j)?);
    Ok(())
}

fn required<T>(slot: Option<T>, name: &str) -> R<T> {
    slot.ok_or_else(|| missing(name))
}

// The error texts are built out of line: inlined into each field's reader they made the wasm
// 2 KB larger (make pkg), for paths a valid state never takes.
#[cold]
#[inline(never)]
fn duplicate(name: &str) -> String {
    format!("duplicate field `{name}`")
}

#[cold]
#[inline(never)]
fn missing(name: &str) -> String {
    format!("missing field `{name}`")
}

fn status_str(s: &str) -> R<CallStatus> {
    CallStatus::parse(s).map_err(|e| e.to_string())
}

fn status(j: &J) -> R<CallStatus> {
    status_str(&string(j)?)
}

fn opt_answered_by(j: &J) -> R<Option<AnsweredBy>> {
    Ok(opt(j, string)?.map(|s| AnsweredBy::parse(&s)))
}

fn version(j: &J) -> R<Version> {
    match j {
        J::Num(N::U(v)) => check_version(*v),
        J::Num(N::I(v)) => Err(format!("invalid value: integer `{v}`, expected u64")),
        other => Err(invalid(other, "u64")),
    }
}

fn leg_kind(j: &J) -> R<LegKind> {
    Ok(match string(j)?.as_str() {
        "unknown" => LegKind::Unknown,
        "rest" => LegKind::Rest,
        "inbound" => LegKind::Inbound,
        "child" => LegKind::Child,
        "other" => LegKind::Other,
        v => {
            return Err(format!(
                "unknown variant `{v}`, expected one of `unknown`, `rest`, `inbound`, `child`, \
                 `other`"
            ))
        }
    })
}

fn seen(j: &J) -> R<Seen> {
    let (mut seq, mut st) = (None, None);
    for (k, v) in members(j, "struct Seen")? {
        match k.as_str() {
            "seq" => set(&mut seq, k, v, u32_of)?,
            "status" => set(&mut st, k, v, status)?,
            _ => {}
        }
    }
    Ok(Seen {
        seq: required(seq, "seq")?,
        status: required(st, "status")?,
    })
}

fn recording_seen(j: &J) -> R<RecordingSeen> {
    let (mut sid, mut st) = (None, None);
    for (k, v) in members(j, "struct RecordingSeen")? {
        match k.as_str() {
            "recordingSid" => set(&mut sid, k, v, string)?,
            "recordingStatus" => set(&mut st, k, v, |v| {
                string(v).map(|s| RecordingStatus::parse(&s))
            })?,
            _ => {}
        }
    }
    Ok(RecordingSeen {
        recording_sid: required(sid, "recordingSid")?,
        recording_status: required(st, "recordingStatus")?,
    })
}

fn dial_record(j: &J) -> R<DialRecord> {
    let (mut st, mut sid, mut duration, mut bridged, mut sip) = (None, None, None, None, None);
    for (k, v) in members(j, "struct DialRecord")? {
        match k.as_str() {
            "dialCallStatus" => set(&mut st, k, v, |v| {
                DialCallStatus::parse(&string(v)?).map_err(|e| e.to_string())
            })?,
            "dialCallSid" => set(&mut sid, k, v, |v| opt(v, string))?,
            "dialCallDuration" => set(&mut duration, k, v, |v| opt(v, u32_of))?,
            "dialBridged" => set(&mut bridged, k, v, |v| opt(v, boolean))?,
            "dialSipResponseCode" => set(&mut sip, k, v, |v| opt(v, u16_of))?,
            _ => {}
        }
    }
    Ok(DialRecord {
        dial_call_status: required(st, "dialCallStatus")?,
        dial_call_sid: sid.flatten(),
        dial_call_duration: duration.flatten(),
        dial_bridged: bridged.flatten(),
        dial_sip_response_code: sip.flatten(),
    })
}

fn facts(j: &J) -> R<Facts> {
    let mut f = Facts::default();
    let (mut in_progress, mut answered_by, mut amd, mut duration, mut sip, mut error) =
        (None, None, None, None, None, None);
    let (mut last, mut conflicts, mut dials, mut recordings) = (None, None, None, None);
    for (k, v) in members(j, "struct Facts")? {
        match k.as_str() {
            "inProgressSeen" => set(&mut in_progress, k, v, boolean)?,
            "answeredBy" => set(&mut answered_by, k, v, opt_answered_by)?,
            "amd" => set(&mut amd, k, v, opt_answered_by)?,
            "callDuration" => set(&mut duration, k, v, |v| opt(v, u32_of))?,
            "sipResponseCode" => set(&mut sip, k, v, |v| opt(v, u16_of))?,
            "errorCode" => set(&mut error, k, v, |v| opt(v, u32_of))?,
            "lastTimestampMs" => set(&mut last, k, v, |v| opt(v, i64_of))?,
            "conflicts" => set(&mut conflicts, k, v, |v| {
                // serde reads the strings first, then their statuses.
                let names = list(v, string)?;
                let mut out = Vec::with_capacity(names.len());
                for name in &names {
                    out.push(status_str(name)?);
                }
                Ok(out)
            })?,
            "dials" => set(&mut dials, k, v, |v| list(v, dial_record))?,
            "recordings" => set(&mut recordings, k, v, |v| list(v, recording_seen))?,
            _ => {}
        }
    }
    // `#[serde(default)]` on the struct: a missing field keeps `Facts::default()`'s value.
    f.in_progress_seen = in_progress.unwrap_or(f.in_progress_seen);
    f.answered_by = answered_by.unwrap_or(f.answered_by);
    f.amd = amd.unwrap_or(f.amd);
    f.call_duration = duration.unwrap_or(f.call_duration);
    f.sip_response_code = sip.unwrap_or(f.sip_response_code);
    f.error_code = error.unwrap_or(f.error_code);
    f.last_timestamp_ms = last.unwrap_or(f.last_timestamp_ms);
    f.conflicts = conflicts.unwrap_or(f.conflicts);
    f.dials = dials.unwrap_or(f.dials);
    f.recordings = recordings.unwrap_or(f.recordings);
    Ok(f)
}

fn tracker_of(j: &J) -> R<Tracker> {
    let (mut ver, mut sid, mut parent, mut leg, mut st) = (None, None, None, None, None);
    let (mut status_seq, mut max_seq, mut history, mut fs) = (None, None, None, None);
    for (k, v) in members(j, "struct Tracker")? {
        match k.as_str() {
            "version" => set(&mut ver, k, v, version)?,
            "callSid" => set(&mut sid, k, v, |v| opt(v, string))?,
            "parentCallSid" => set(&mut parent, k, v, |v| opt(v, string))?,
            "leg" => set(&mut leg, k, v, leg_kind)?,
            "status" => set(&mut st, k, v, |v| opt(v, status))?,
            "statusSeq" => set(&mut status_seq, k, v, |v| opt(v, u32_of))?,
            "maxSeq" => set(&mut max_seq, k, v, |v| opt(v, u32_of))?,
            "history" => set(&mut history, k, v, |v| list(v, seen))?,
            "facts" => set(&mut fs, k, v, facts)?,
            _ => {}
        }
    }
    Ok(Tracker {
        version: required(ver, "version")?,
        call_sid: sid.flatten(),
        parent_call_sid: parent.flatten(),
        leg: leg.unwrap_or_default(),
        status: st.flatten(),
        status_seq: status_seq.flatten(),
        max_seq: max_seq.flatten(),
        history: history.unwrap_or_default(),
        facts: fs.unwrap_or_default(),
    })
}

fn tree_of(j: &J) -> R<CallTree> {
    let (mut ver, mut legs) = (None, None);
    for (k, v) in members(j, "struct CallTree")? {
        match k.as_str() {
            "version" => set(&mut ver, k, v, version)?,
            "legs" => set(&mut legs, k, v, |v| {
                let mut map = BTreeMap::new();
                for (sid, t) in members(v, "a map")? {
                    map.insert(sid.clone(), tracker_of(t)?);
                }
                Ok(map)
            })?,
            _ => {}
        }
    }
    Ok(CallTree {
        version: required(ver, "version")?,
        legs: legs.unwrap_or_default(),
    })
}

fn options_of(j: &J) -> R<Options> {
    let mut dropped = None;
    for (k, v) in members(j, "struct Options")? {
        if k == "droppedBelowSeconds" {
            set(&mut dropped, k, v, |v| opt(v, u32_of))?;
        }
    }
    Ok(Options {
        dropped_below_seconds: dropped.flatten(),
    })
}

fn wire_time(j: &J) -> R<WireTime> {
    let mut ms = None;
    for (k, v) in members(j, "struct WireTime")? {
        if k == "epochMs" {
            set(&mut ms, k, v, i64_of)?;
        }
    }
    Ok(WireTime {
        epoch_ms: required(ms, "epochMs")?,
    })
}

fn event_of(j: &J) -> R<Event> {
    let (mut kind, mut sid, mut parent, mut direction, mut st) = (None, None, None, None, None);
    let (mut seq, mut timestamp, mut duration, mut sip, mut error) = (None, None, None, None, None);
    let (mut answered_by, mut dial_st, mut dial_sid, mut dial_duration) = (None, None, None, None);
    let (mut bridged, mut dial_sip, mut rec_sid, mut rec_st) = (None, None, None, None);
    let s = |v: &J| opt(v, string);
    for (k, v) in members(j, "struct WireEvent")? {
        match k.as_str() {
            "kind" => set(&mut kind, k, v, string)?,
            "callSid" => set(&mut sid, k, v, s)?,
            "parentCallSid" => set(&mut parent, k, v, s)?,
            "direction" => set(&mut direction, k, v, s)?,
            "callStatus" => set(&mut st, k, v, s)?,
            "sequenceNumber" => set(&mut seq, k, v, |v| opt(v, u32_of))?,
            "timestamp" => set(&mut timestamp, k, v, |v| opt(v, wire_time))?,
            "callDuration" => set(&mut duration, k, v, |v| opt(v, u32_of))?,
            "sipResponseCode" => set(&mut sip, k, v, |v| opt(v, u16_of))?,
            "errorCode" => set(&mut error, k, v, |v| opt(v, u32_of))?,
            "answeredBy" => set(&mut answered_by, k, v, s)?,
            "dialCallStatus" => set(&mut dial_st, k, v, s)?,
            "dialCallSid" => set(&mut dial_sid, k, v, s)?,
            "dialCallDuration" => set(&mut dial_duration, k, v, |v| opt(v, u32_of))?,
            "dialBridged" => set(&mut bridged, k, v, |v| opt(v, boolean))?,
            "dialSipResponseCode" => set(&mut dial_sip, k, v, |v| opt(v, u16_of))?,
            "recordingSid" => set(&mut rec_sid, k, v, s)?,
            "recordingStatus" => set(&mut rec_st, k, v, s)?,
            _ => {}
        }
    }
    event_from_wire(WireEvent {
        kind: required(kind, "kind")?,
        call_sid: sid.flatten(),
        parent_call_sid: parent.flatten(),
        direction: direction.flatten(),
        call_status: st.flatten(),
        sequence_number: seq.flatten(),
        timestamp: timestamp.flatten(),
        call_duration: duration.flatten(),
        sip_response_code: sip.flatten(),
        error_code: error.flatten(),
        answered_by: answered_by.flatten(),
        dial_call_status: dial_st.flatten(),
        dial_call_sid: dial_sid.flatten(),
        dial_call_duration: dial_duration.flatten(),
        dial_bridged: bridged.flatten(),
        dial_sip_response_code: dial_sip.flatten(),
        recording_sid: rec_sid.flatten(),
        recording_status: rec_st.flatten(),
    })
}

fn read<T>(text: &str, of: fn(&J) -> R<T>) -> R<T> {
    of(&parse(text).map_err(|e| e.to_string())?)
}

/// [`Options`] from JSON (`{ "droppedBelowSeconds"? }`).
pub(crate) fn options(text: &str) -> R<Options> {
    read(text, options_of)
}

/// An [`Event`] from a callback's JSON (`parseCallback`'s shape).
pub(crate) fn event(text: &str) -> R<Event> {
    read(text, event_of)
}

/// A [`Tracker`] from its state JSON; a wrong `version` gives a message starting with
/// [`VERSION_MISMATCH`](super::state::VERSION_MISMATCH).
pub(crate) fn tracker(text: &str) -> R<Tracker> {
    read(text, tracker_of)
}

/// A [`CallTree`] from its state JSON (see [`tracker`]).
pub(crate) fn tree(text: &str) -> R<CallTree> {
    read(text, tree_of)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::callback::Callback;
    use crate::form::Params;
    use proptest::prelude::*;
    use serde_json::Value;
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    fn vectors(dir: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors")
            .join(dir);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect()
    }

    /// Every lifecycle scenario: whether it drives a tree, its events and their callbacks'
    /// JSON.
    type Scenario = (bool, Vec<Event>, Vec<String>);

    fn scenarios() -> &'static [Scenario] {
        static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
        ALL.get_or_init(|| {
            vectors("lifecycles")
                .into_iter()
                .map(|(_, text)| {
                    let s: Value = serde_json::from_str(&text).unwrap();
                    let (events, json) = s["events"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| {
                            let body = e["body"].as_str().unwrap();
                            let cb = Callback::parse(&Params::parse(body.as_bytes())).unwrap();
                            (
                                Event::from_callback(&cb),
                                serde_json::to_string(&cb).unwrap(),
                            )
                        })
                        .unzip();
                    (s["subject"] != "leg", events, json)
                })
                .collect()
        })
    }

    /// The state JSON after applying `order` (indexes into the scenario's events, repeats
    /// allowed) to a tracker and to a tree.
    fn states(events: &[Event], order: &[usize]) -> (Tracker, CallTree) {
        let (mut t, mut tree) = (Tracker::new(), CallTree::new());
        for &i in order {
            let e = &events[i % events.len()];
            t.apply_event(e);
            tree.apply_event(e);
        }
        (t, tree)
    }

    /// Our reader and serde agree on `text`: both fail, or both give `want`.
    fn agree<T: PartialEq + fmt::Debug + serde::de::DeserializeOwned>(
        text: &str,
        ours: fn(&str) -> R<T>,
    ) -> Result<Option<T>, String> {
        match (ours(text), serde_json::from_str::<T>(text)) {
            (Ok(a), Ok(b)) if a == b => Ok(Some(a)),
            (Err(_), Err(_)) => Ok(None),
            (a, b) => Err(format!("{text}\nours: {a:?}\nserde: {b:?}")),
        }
    }

    #[test]
    fn scenario_states_read_back_equal() {
        for (_, events, _) in scenarios() {
            let all: Vec<usize> = (0..events.len()).collect();
            for k in 0..=events.len() {
                let (t, tree) = states(events, &all[..k]);
                let text = serde_json::to_string(&t).unwrap();
                assert_eq!(agree(&text, tracker).unwrap(), Some(t), "{text}");
                let text = serde_json::to_string(&tree).unwrap();
                assert_eq!(agree(&text, self::tree).unwrap(), Some(tree), "{text}");
            }
        }
    }

    #[test]
    fn callback_fixtures_read_as_serde_reads_them() {
        let mut n = 0;
        for (name, text) in vectors("callbacks") {
            let v: Value = serde_json::from_str(&text).unwrap();
            if v.get("error").is_some() {
                continue;
            }
            let ours = event(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let theirs: Event = serde_json::from_str(&text).unwrap();
            assert_eq!(ours, theirs, "{name}");
            n += 1;
        }
        assert!(n >= 40, "{n} fixtures");
        // And the callbacks of every scenario, as `serde_json::to_string(&callback)` writes them.
        for (_, text) in vectors("lifecycles") {
            let s: Value = serde_json::from_str(&text).unwrap();
            for e in s["events"].as_array().unwrap() {
                let body = e["body"].as_str().unwrap();
                let cb = Callback::parse(&Params::parse(body.as_bytes())).unwrap();
                let text = serde_json::to_string(&cb).unwrap();
                assert_eq!(
                    agree(&text, event).unwrap(),
                    Some(Event::from_callback(&cb)),
                    "{body}"
                );
            }
        }
    }

    #[test]
    fn errors_match_serde() {
        let tracker_cases = [
            "{}",
            r#"{"version":9}"#,
            r#"{"version":1}"#,
            r#"{"version":1,"version":1}"#,
            r#"{"version":-1}"#,
            r#"{"version":1.0}"#,
            r#"{"version":"1"}"#,
            r#"{"version":1,"status":null,"leg":"rest","zz":[{"a":[1e999,-0,1E+2]}]}"#,
            r#"{"version":1,"status":"answered"}"#,
            r#"{"version":1,"leg":"parent"}"#,
            r#"{"version":1,"statusSeq":4294967296}"#,
            r#"{"version":1,"history":[{"seq":1,"status":"ringing"}],"facts":{}}"#,
            r#"{"version":1,"history":[{"seq":1}]}"#,
            r#"{"version":1,"facts":{"conflicts":["busy",1]}}"#,
            r#"{"version":1,"facts":{"dials":[{"dialCallStatus":"busy","dialBridged":null}]}}"#,
            r#"{"version":1,"facts":{"dials":[{"dialBridged":true}]}}"#,
            r#"{"version":1,"facts":{"lastTimestampMs":-9223372036854775808}}"#,
            r#"{"version":1,"facts":{"lastTimestampMs":9223372036854775808}}"#,
            r#"{"version":1,"facts":{"recordings":[{"recordingSid":"RE1","recordingStatus":"x"}]}}"#,
            r#"{"version":1,"callSid":"CA\ud83d\ude00\n"}"#,
            r#"{"version":1,"callSid":"CA\ud83d"}"#,
            r#"{"version":1,"callSid":"CA\udc00"}"#,
            r#"{"version":1,"callSid":"a	b"}"#,
            r#"{"version":1} x"#,
            r#" {"version":1} "#,
            r#"{"version":1,}"#,
            "",
            "nul",
        ];
        for text in tracker_cases {
            agree(text, tracker).unwrap();
        }
        for text in [
            r#"{"version":1,"legs":{"CA1":{"version":1},"CA1":{"version":1,"leg":"rest"}}}"#,
            r#"{"version":1,"legs":{"CA1":{"version":2}}}"#,
            r#"{"legs":{}}"#,
        ] {
            agree(text, tree).unwrap();
        }
        for text in [
            "{}",
            r#"{"droppedBelowSeconds":5}"#,
            r#"{"droppedBelowSeconds":null}"#,
            r#"{"droppedBelowSeconds":-5}"#,
            "null",
        ] {
            agree(text, options).unwrap();
        }
        for text in [
            r#"{"kind":"call-status","callSid":"CA1"}"#,
            r#"{"kind":"nope","callSid":"CA1"}"#,
            r#"{"kind":"amd","callSid":"CA1","answeredBy":"human","kind":"amd"}"#,
            r#"{"kind":"call-status","callSid":"CA1","callStatus":"busy","sequenceNumber":2,
                "timestamp":{"epochMs":-5,"iso":"x"}}"#,
            r#"{"kind":"call-status","callSid":"CA1","callStatus":"busy","sequenceNumber":2,
                "timestamp":{"iso":"x"}}"#,
            r#"{"kind":"dial-action","callSid":"CA1","dialCallStatus":"answered","dialBridged":true}"#,
        ] {
            agree(text, event).unwrap();
        }
        // The codes of the wasm binding: the version message starts with VERSION_MISMATCH.
        use super::super::state::VERSION_MISMATCH;
        assert!(tracker(r#"{"version":9}"#)
            .unwrap_err()
            .starts_with(VERSION_MISMATCH));
        assert!(tree(r#"{"version":1,"legs":{"CA1":{"version":2}}}"#)
            .unwrap_err()
            .starts_with(VERSION_MISMATCH));
        assert!(!tracker("{}").unwrap_err().starts_with(VERSION_MISMATCH));
        // Known difference: serde's derive also reads a struct from an array of its fields in
        // order (`[1]` is a tracker); this crate never writes that, and the reader refuses it.
        assert!(serde_json::from_str::<Tracker>("[1]").is_ok());
        assert_eq!(
            tracker("[1]").unwrap_err(),
            "invalid type: sequence, expected struct Tracker"
        );
        assert_eq!(tracker("{}").unwrap_err(), "missing field `version`");
    }

    #[test]
    fn parser_is_strict() {
        let code = |t: &str| parse(t).unwrap_err().code;
        assert_eq!(
            parse(r#" {"a" : [true, false, null, -12, 3.5e-1, "\"\\\/\b\f\n\r\t\u00e9"]} "#)
                .unwrap(),
            J::Obj(vec![(
                "a".into(),
                J::Arr(vec![
                    J::Bool(true),
                    J::Bool(false),
                    J::Null,
                    J::Num(N::I(-12)),
                    J::Num(N::F),
                    J::Str("\"\\/\u{8}\u{c}\n\r\té".into()),
                ])
            )])
        );
        assert_eq!(
            parse("18446744073709551615").unwrap(),
            J::Num(N::U(u64::MAX))
        );
        assert_eq!(parse("18446744073709551616").unwrap(), J::Num(N::F));
        assert_eq!(
            parse("-9223372036854775808").unwrap(),
            J::Num(N::I(i64::MIN))
        );
        assert_eq!(parse("-0").unwrap(), J::Num(N::F));
        assert_eq!(parse(r#""\uD83D\uDE00""#).unwrap(), J::Str("😀".into()));
        assert_eq!(code(""), Code::Eof);
        assert_eq!(code("[1,"), Code::Eof);
        assert_eq!(code("[1,]"), Code::Unexpected);
        assert_eq!(code("{\"a\" 1}"), Code::Unexpected);
        assert_eq!(code("01"), Code::Trailing);
        assert_eq!(code("1."), Code::Eof);
        assert_eq!(code("1.e5"), Code::Number);
        assert_eq!(code("-"), Code::Eof);
        assert_eq!(code("-a"), Code::Number);
        assert_eq!(code("+1"), Code::Unexpected);
        assert_eq!(code("\"\u{1}\""), Code::Control);
        assert_eq!(code(r#""\x""#), Code::Escape);
        assert_eq!(code(r#""\u12G4""#), Code::Escape);
        assert_eq!(code(r#""\uDE00""#), Code::Surrogate);
        assert_eq!(code(r#""\uD83D\u0041""#), Code::Surrogate);
        assert_eq!(code(r#""\uD83Dx""#), Code::Surrogate);
        assert_eq!(code("tru"), Code::Eof);
        assert_eq!(code("nulL"), Code::Unexpected);
        assert_eq!(code("1 2"), Code::Trailing);
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(code(&deep(MAX_DEPTH + 1)), Code::Depth);
        assert_eq!(code(&"{\"a\":".repeat(MAX_DEPTH + 1)), Code::Depth);
        assert_eq!(
            parse("[1").unwrap_err().to_string(),
            "EOF while parsing a value at byte 2"
        );
    }

    /// A random run: a scenario, an order of its events (repeats allowed).
    fn run() -> impl Strategy<Value = (usize, Vec<usize>)> {
        let n = scenarios().len();
        (0..n, prop::collection::vec(0usize..64, 0..24))
    }

    /// A byte edit of a text: delete, insert or replace at a position, with JSON-ish bytes.
    fn mutate(text: &str, edits: &[(usize, u8, char)]) -> String {
        let mut s: Vec<char> = text.chars().collect();
        for &(at, op, c) in edits {
            let at = at % (s.len() + 1);
            match op % 3 {
                0 if at < s.len() => {
                    s.remove(at);
                }
                1 => s.insert(at, c),
                _ if at < s.len() => s[at] = c,
                _ => {}
            }
        }
        s.into_iter().collect()
    }

    fn edits() -> impl Strategy<Value = Vec<(usize, u8, char)>> {
        let c = prop::sample::select(
            "{}[],:\"\\ 0123456789-.eEtrufalsn\u{1}\u{e9}uDab"
                .chars()
                .collect::<Vec<_>>(),
        );
        prop::collection::vec((any::<usize>(), any::<u8>(), c), 1..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Trackers and trees of random event orders (subsets, repeats) read back as serde
        /// reads them, and equal to what was written.
        #[test]
        fn random_states_read_back_equal((i, order) in run()) {
            let (_, events, _) = &scenarios()[i];
            let (t, tree) = states(events, &order);
            let text = serde_json::to_string(&t).unwrap();
            prop_assert_eq!(agree(&text, tracker), Ok(Some(t)));
            let text = serde_json::to_string(&tree).unwrap();
            prop_assert_eq!(agree(&text, self::tree), Ok(Some(tree)));
        }

        /// Edited state and callback JSON: we accept exactly what serde accepts, with the same
        /// result.
        #[test]
        fn edited_json_agrees_with_serde((i, order) in run(), edits in edits(), k in 0usize..64) {
            let (tree_kind, events, callbacks) = &scenarios()[i];
            let (t, tree) = states(events, &order);
            let text = if *tree_kind {
                serde_json::to_string(&tree).unwrap()
            } else {
                serde_json::to_string(&t).unwrap()
            };
            let edited = mutate(&text, &edits);
            prop_assert!(agree(&edited, tracker).is_ok(), "{:?}", agree(&edited, tracker));
            prop_assert!(agree(&edited, self::tree).is_ok(), "{:?}", agree(&edited, self::tree));
            let edited = mutate(&callbacks[k % callbacks.len()], &edits);
            prop_assert!(agree(&edited, event).is_ok(), "{:?}", agree(&edited, event));
        }

        /// Never panics, whatever the text.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text);
            let _ = tracker(&text);
            let _ = tree(&text);
            let _ = event(&text);
            let _ = options(&text);
        }

        /// JSON-ish noise parses (or not) as serde_json parses it, outside numbers' ranges.
        #[test]
        fn noise_parses_as_serde_json(text in "[\\[\\]{},:\" 0-9a-z\\\\.-]{0,40}") {
            let ours = parse(&text).is_ok();
            let theirs = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
            prop_assert_eq!(ours, theirs, "{}", text);
        }
    }
}
