#![cfg(not(target_arch = "wasm32"))]
//! Typed callback payloads: the fixtures in tests/vectors/callbacks, the parsing policies of
//! spec/callbacks.md §1, and property tests (no panics; record → form → record).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use proptest::sample::select;
use twilio_webhook::callback::{
    AnsweredBy, CallStatus, Callback, CallbackKind, EndpointKind, ParseError, Timestamp,
};
use twilio_webhook::Params;

const AC: &str = "AC0123456789abcdef0123456789abcdef";
const CA: &str = "CA0123456789abcdef0123456789abcdef";

fn parse(body: &[u8]) -> Result<Callback, ParseError> {
    Callback::parse(&Params::parse(body))
}

// ---------------------------------------------------------------------------------------------
// Fixtures

#[cfg(feature = "serde")]
mod fixtures {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    struct Fixture {
        name: String,
        get: bool,
        wire: Vec<u8>,
        expected: Value,
    }

    fn dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/callbacks")
    }

    fn load() -> Vec<Fixture> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir()).unwrap() {
            let path = entry.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "form" && ext != "query" {
                continue;
            }
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let json = std::fs::read_to_string(dir().join(format!("{name}.json")))
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
            out.push(Fixture {
                get: ext == "query",
                wire: std::fs::read(&path).unwrap(),
                expected: serde_json::from_str(&json).unwrap(),
                name,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Every key of `expected` has an equal value in `actual` (for problem entries, which
    /// carry more keys than the fixtures list).
    fn subset(expected: &Value, actual: &Value) -> bool {
        match (expected, actual) {
            (Value::Object(e), Value::Object(a)) => {
                e.iter().all(|(k, v)| a.get(k).is_some_and(|av| av == v))
            }
            _ => expected == actual,
        }
    }

    #[test]
    fn every_fixture_matches_its_json() {
        let fixtures = load();
        assert!(fixtures.len() >= 40, "only {} fixtures", fixtures.len());
        let mut kinds = BTreeSet::new();
        let (mut gets, mut errors) = (0, 0);
        for f in &fixtures {
            let name = &f.name;
            let params = Params::parse(&f.wire);
            let strict = Callback::parse(&params);
            let lenient = Callback::parse_lenient(&params);
            gets += usize::from(f.get);
            if let Some(err) = f.expected.get("error") {
                errors += 1;
                let e = strict.expect_err(name);
                assert_eq!(err["code"], e.code(), "{name}: code");
                assert_eq!(err["field"], e.field(), "{name}: field");
                assert_eq!(err["message"], e.to_string(), "{name}: message");
                let want = &f.expected["lenient"];
                let got = serde_json::to_value(&lenient).unwrap();
                assert_eq!(want["kind"], got["kind"], "{name}: lenient kind");
                assert_eq!(
                    want.get("callback"),
                    got.get("callback"),
                    "{name}: lenient callback"
                );
                assert_eq!(want["sidValid"], got["sidValid"], "{name}: sidValid");
                let (w, g) = (
                    want["problems"].as_array().unwrap(),
                    got["problems"].as_array().unwrap(),
                );
                assert_eq!(w.len(), g.len(), "{name}: problems {g:?}");
                for (w, g) in w.iter().zip(g) {
                    assert!(subset(w, g), "{name}: problem {g} is not {w}");
                }
                // Strict fails on the first problem lenient parsing lists.
                assert_eq!(lenient.problems.first(), Some(&e), "{name}");
            } else {
                let cb = strict.unwrap_or_else(|e| panic!("{name}: {e}"));
                // The JSON text (what crosses to JavaScript) says the same as the value.
                let text = serde_json::to_string(&cb).unwrap();
                let reparsed: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{name}: invalid JSON text {text}: {e}"));
                assert_eq!(reparsed, serde_json::to_value(&cb).unwrap(), "{name}: text");
                let text = serde_json::to_string(&lenient).unwrap();
                assert!(
                    serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                    "{name}: {text}"
                );
                kinds.insert(cb.kind().as_str());
                let got = serde_json::to_value(&cb).unwrap();
                assert_eq!(
                    f.expected,
                    got,
                    "{name}:\n{}",
                    serde_json::to_string_pretty(&got).unwrap()
                );
                assert!(lenient.problems.is_empty() && lenient.sid_valid, "{name}");
                assert_eq!(lenient.callback.as_ref(), Some(&cb), "{name}");
                assert_eq!(
                    Callback::parse(&cb.to_params()).as_ref(),
                    Ok(&cb),
                    "{name}: to_params"
                );
                let form = cb.to_form();
                assert_eq!(parse(form.as_bytes()).as_ref(), Ok(&cb), "{name}: to_form");
            }
        }
        let all: BTreeSet<_> = [
            "call-status",
            "recording-status",
            "amd",
            "dial-action",
            "voice-request",
        ]
        .into();
        assert_eq!(kinds, all);
        assert!(
            gets >= 3 && errors >= 10,
            "{gets} GET, {errors} error fixtures"
        );
    }

    #[test]
    fn json_shape() {
        let body = format!(
            "AccountSid={AC}&CallSid={CA}&CallStatus=completed&CallbackSource=call-progress-events\
             &SequenceNumber=4&Timestamp=Tue%2C+01+Nov+2016+01%3A59%3A13+%2B0000&From=client%3Abob\
             &To=Restricted&CallDuration=9&z=1&a="
        );
        let v = serde_json::to_value(parse(body.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "kind": "call-status",
                "accountSid": AC,
                "callSid": CA,
                "from": { "kind": "client", "raw": "client:bob", "value": "bob" },
                "to": { "kind": "withheld", "raw": "Restricted" },
                "callStatus": "completed",
                "sequenceNumber": 4,
                "timestamp": { "iso": "2016-11-01T01:59:13Z", "epochMs": 1_477_965_553_000_i64 },
                "callDuration": 9,
                "extra": [["z", "1"], ["a", ""]],
            })
        );
    }

    #[test]
    fn parse_error_json() {
        let e = parse(b"AccountSid=AC1").unwrap_err();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "invalid_field",
                "field": "AccountSid",
                "expected": "like AC + 32 hex digits",
                "got": "AC1",
                "message": "expected AccountSid like AC + 32 hex digits, got \"AC1\"",
            })
        );
    }

    proptest! {
        #[test]
        fn serialising_never_panics(pairs in super::garbage_pairs()) {
            let p = Params::from_pairs(pairs);
            if let Ok(cb) = Callback::parse(&p) {
                serde_json::to_string(&cb).unwrap();
            }
            serde_json::to_string(&Callback::parse_lenient(&p)).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policies (spec §1)

#[test]
fn first_value_wins_for_typed_accessors() {
    let body = format!(
        "AccountSid={AC}&CallSid={CA}&CallStatus=ringing&CallbackSource=call-progress-events\
         &SequenceNumber=1&CallStatus=completed&SequenceNumber=7&CallSid=CAffffffffffffffffffffffffffffffff"
    );
    let cb = parse(body.as_bytes()).unwrap();
    assert_eq!(cb.call_status(), Some(CallStatus::Ringing));
    assert_eq!(cb.sequence_number().map(|n| n.get()), Some(1));
    assert_eq!(cb.call_sid().unwrap().as_str(), CA);
    // Later values of known keys are not "unknown keys".
    assert!(cb.extra().is_empty());
}

#[test]
fn first_value_wins_even_when_malformed_or_empty() {
    // The first CallDuration is malformed: strict fails although a later value is fine.
    let body = format!("AccountSid={AC}&CallSid={CA}&CallStatus=completed&CallbackSource=call-progress-events&SequenceNumber=1&CallDuration=x&CallDuration=5");
    assert_eq!(parse(body.as_bytes()).unwrap_err().field(), "CallDuration");
    // The first value is empty: the field is absent.
    let body = format!("AccountSid={AC}&CallSid={CA}&CallStatus=completed&CallbackSource=call-progress-events&SequenceNumber=1&CallDuration=&CallDuration=5");
    let Callback::CallStatus(ev) = parse(body.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(ev.call_duration, None);
}

#[test]
fn post_body_and_get_query_give_the_same_record() {
    let query = format!(
        "AccountSid={AC}&CallSid={CA}&AnsweredBy=machine_start&MachineDetectionDuration=1200"
    );
    let url = url_query(&format!("https://example.com/amd?{query}"));
    assert_eq!(parse(query.as_bytes()), parse(url.as_bytes()));
    let Callback::Amd(amd) = parse(url.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(amd.answered_by, AnsweredBy::MachineStart);
}

/// The query string of a URL, as a server framework hands it over.
fn url_query(url: &str) -> String {
    url.split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_default()
}

#[test]
fn plus_must_arrive_as_percent_2b() {
    let raw = format!(
        "AccountSid={AC}&CallSid={CA}&CallStatus=ringing&From=+14155550123&To=%2B14155550123"
    );
    let cb = parse(raw.as_bytes()).unwrap();
    let call = cb.call().unwrap();
    let (from, to) = (call.from.as_ref().unwrap(), call.to.as_ref().unwrap());
    assert_eq!(
        (from.as_str(), from.kind()),
        (" 14155550123", EndpointKind::Other)
    );
    assert_eq!(
        (to.as_str(), to.kind()),
        ("+14155550123", EndpointKind::E164)
    );
}

#[test]
fn empty_and_bare_keys_are_absent() {
    let body = format!("AccountSid={AC}&CallSid={CA}&CallStatus=ringing&From=&To&Direction=");
    let cb = parse(body.as_bytes()).unwrap();
    let call = cb.call().unwrap();
    assert_eq!(
        (&call.from, &call.to, &call.direction),
        (&None, &None, &None)
    );
    // An empty required field is missing.
    let err = parse(format!("AccountSid=&CallSid={CA}&CallStatus=ringing").as_bytes()).unwrap_err();
    assert_eq!((err.code(), err.field()), ("missing_field", "AccountSid"));
}

#[test]
fn lenient_keeps_a_payload_with_a_bad_optional_field() {
    let body = format!(
        "AccountSid={AC}&CallSid={CA}&CallStatus=completed&CallbackSource=call-progress-events\
         &SequenceNumber=3&Timestamp=Thurs%2C+20+July+1989&CallDuration=12&SipResponseCode=abc"
    );
    let p = Params::parse(body.as_bytes());
    assert_eq!(Callback::parse(&p).unwrap_err().field(), "Timestamp");
    let l = Callback::parse_lenient(&p);
    assert!(l.sid_valid);
    assert_eq!(l.kind, CallbackKind::CallStatus);
    let problems: Vec<_> = l.problems.iter().map(|e| (e.field(), e.got())).collect();
    assert_eq!(
        problems,
        [
            ("Timestamp", Some("Thurs, 20 July 1989")),
            ("SipResponseCode", Some("abc"))
        ]
    );
    let Some(Callback::CallStatus(ev)) = l.callback else {
        panic!()
    };
    assert_eq!((ev.timestamp, ev.sip_response_code), (None, None));
    assert_eq!(ev.call_duration.map(|d| d.get()), Some(12));
}

#[test]
fn lenient_flags_bad_sids_and_drops_a_bad_call_status() {
    let l = Callback::parse_lenient(&Params::parse(
        b"AccountSid=AC1&CallSid=CA2&CallStatus=answered",
    ));
    assert!(!l.sid_valid);
    assert!(l.callback.is_none());
    let fields: Vec<_> = l.problems.iter().map(|e| (e.code(), e.field())).collect();
    assert_eq!(
        fields,
        [
            ("invalid_field", "AccountSid"),
            ("invalid_field", "CallSid"),
            ("invalid_field", "CallStatus")
        ]
    );
    let l = Callback::parse_lenient(&Params::parse(
        b"AccountSid=AC1&CallSid=CA2&CallStatus=ringing",
    ));
    let cb = l.callback.unwrap();
    assert!(!cb.account_sid().is_valid());
    assert_eq!(cb.call_sid().unwrap().as_str(), "CA2");
}

#[test]
fn error_messages_name_field_expectation_and_value() {
    let msg = |body: String| parse(body.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        msg(format!("AccountSid={AC}&CallSid=CA123&CallStatus=ringing")),
        "expected CallSid like CA + 32 hex digits, got \"CA123\""
    );
    assert_eq!(
        msg(format!(
            "AccountSid={AC}&CallSid={CA}&CallStatus=ringing&CallbackSource=call-progress-events"
        )),
        "expected SequenceNumber as a whole number, got nothing"
    );
    assert_eq!(
        msg(format!(
            "AccountSid={AC}&CallSid={CA}&DialCallStatus=completed&DialBridged=1"
        )),
        "expected DialBridged as true or false, got \"1\""
    );
    let long = "x".repeat(300);
    let m = msg(format!("AccountSid={long}"));
    assert!(m.len() < 200 && m.ends_with('…'), "{m}");
}

#[test]
fn kind_rules_are_ordered() {
    let kind = |b: &str| CallbackKind::detect(&Params::parse(b.as_bytes()));
    assert_eq!(
        kind("CallbackSource=call-progress-events&DialCallStatus=busy"),
        CallbackKind::CallStatus
    );
    assert_eq!(
        kind("CallbackSource=other&RecordingStatus=absent"),
        CallbackKind::RecordingStatus
    );
    assert_eq!(
        kind("RecordingSid=RE1&CallStatus=completed"),
        CallbackKind::VoiceRequest
    );
    assert_eq!(
        kind("DialCallStatus=busy&AnsweredBy=human"),
        CallbackKind::DialAction
    );
    assert_eq!(kind("AnsweredBy=human&CallStatus="), CallbackKind::Amd);
    assert_eq!(
        kind("TranscriptionStatus=completed"),
        CallbackKind::VoiceRequest
    );
    assert_eq!(kind(""), CallbackKind::VoiceRequest);
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// A naive reference for RFC 2822 formatting: walks years and months one at a time.
fn reference_rfc2822(epoch: i64, offset_minutes: i64) -> String {
    let local = epoch + offset_minutes * 60;
    let mut days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let leap = |y: i64| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let mut year = 1970;
    while days < 0 {
        year -= 1;
        days += if leap(year) { 366 } else { 365 };
    }
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while days >= lengths[month] {
        days -= lengths[month];
        month += 1;
    }
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.abs();
    format!(
        "{weekday}, {:02} {} {year:04} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        days + 1,
        names[month],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        off / 60,
        off % 60
    )
}

/// 1900-01-01 .. 9999-12-31, UTC.
const EPOCH_RANGE: std::ops::RangeInclusive<i64> = -2_208_988_800..=253_402_300_799;

fn time_value() -> impl Strategy<Value = String> {
    (EPOCH_RANGE, -720i64..=840).prop_map(|(t, off)| {
        let t = t.clamp(*EPOCH_RANGE.start() + 50_400, *EPOCH_RANGE.end() - 50_400);
        reference_rfc2822(t, off)
    })
}

proptest! {
    #[test]
    fn timestamps_match_the_naive_reference(t in EPOCH_RANGE, off in -720i64..=840) {
        let ts = Timestamp::from_epoch_seconds(t).unwrap();
        prop_assert_eq!(ts.to_rfc2822(), reference_rfc2822(t, 0));
        prop_assert_eq!(Timestamp::parse_rfc2822(&ts.to_rfc2822()).unwrap(), ts);
        let shifted = reference_rfc2822(t, off);
        match Timestamp::parse_rfc2822(&shifted) {
            Ok(back) => prop_assert_eq!(back, ts),
            // Only near the ends of the range can the local date fall outside it.
            Err(_) => prop_assert!(t - EPOCH_RANGE.start() < 86_400 || EPOCH_RANGE.end() - t < 86_400),
        }
        let iso = ts.to_iso8601();
        prop_assert_eq!(&iso[..4], &shifted_year(t));
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..700)) {
        check_consistency(&Params::parse(&bytes))?;
    }

    #[test]
    fn parsing_arbitrary_fields_never_panics(pairs in garbage_pairs()) {
        check_consistency(&Params::from_pairs(pairs))?;
    }

    #[test]
    fn a_record_survives_the_round_trip_through_a_form_body(pairs in valid_payload()) {
        let p = Params::from_pairs(pairs);
        let cb = Callback::parse(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = Callback::parse(&cb.to_params());
        prop_assert_eq!(back.as_ref(), Ok(&cb));
        let form = cb.to_form();
        let back = Callback::parse(&Params::parse(form.as_bytes()));
        prop_assert_eq!(back.as_ref(), Ok(&cb));
        check_consistency(&p)?;
    }
}

fn shifted_year(t: i64) -> String {
    reference_rfc2822(t, 0)[12..16].to_owned()
}

/// Strict and lenient parsing agree: strict succeeds iff lenient has no problems, with the same
/// record; otherwise strict fails with lenient's first problem.
fn check_consistency(p: &Params<'_>) -> Result<(), TestCaseError> {
    let strict = Callback::parse(p);
    let lenient = Callback::parse_lenient(p);
    prop_assert_eq!(lenient.kind, CallbackKind::detect(p));
    match strict {
        Ok(cb) => {
            prop_assert!(lenient.problems.is_empty() && lenient.sid_valid);
            prop_assert_eq!(cb.kind(), lenient.kind);
            prop_assert_eq!(lenient.callback, Some(cb));
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(lenient.problems.first(), Some(&e));
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug)]
enum Ty {
    Sid(&'static str),
    Endpoint,
    Text,
    Status,
    DialStatus,
    Uint,
    Sip,
    Byte,
    Bool,
    Time,
    Open(&'static [&'static str]),
}

const CALL_STATUS: &[&str] = &[
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "no-answer",
    "failed",
    "canceled",
];
const DIAL_STATUS: &[&str] = &[
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "answered",
    "completed",
    "busy",
    "no-answer",
    "failed",
    "canceled",
];
const ANSWERED_BY: &[&str] = &[
    "human",
    "machine_start",
    "machine_end_beep",
    "machine_end_silence",
    "machine_end_other",
    "fax",
    "unknown",
];
const DIRECTION: &[&str] = &[
    "inbound",
    "outbound-api",
    "outbound-dial",
    "trunking-originating",
    "trunking-terminating",
];
const REC_STATUS: &[&str] = &[
    "in-progress",
    "paused",
    "stopped",
    "processing",
    "completed",
    "absent",
    "deleted",
];
const REC_SOURCE: &[&str] = &[
    "DialVerb",
    "Conference",
    "OutboundAPI",
    "Trunking",
    "RecordVerb",
    "StartCallRecordingAPI",
    "StartConferenceRecordingAPI",
    "StartCallRecordingTwiML",
];
const REC_TRACK: &[&str] = &["inbound", "outbound", "both"];

type Field = (&'static str, Ty, bool);

const CALL_INFO: &[Field] = &[
    ("AccountSid", Ty::Sid("AC"), true),
    ("CallSid", Ty::Sid("CA"), true),
    ("ParentCallSid", Ty::Sid("CA"), false),
    ("From", Ty::Endpoint, false),
    ("To", Ty::Endpoint, false),
    ("Caller", Ty::Endpoint, false),
    ("Called", Ty::Endpoint, false),
    ("ForwardedFrom", Ty::Endpoint, false),
    ("CalledVia", Ty::Endpoint, false),
    ("CallerName", Ty::Text, false),
    ("Direction", Ty::Open(DIRECTION), false),
    ("ApiVersion", Ty::Text, false),
    ("ApplicationSid", Ty::Sid("AP"), false),
    ("AnsweredBy", Ty::Open(ANSWERED_BY), false),
    ("MachineDetectionDuration", Ty::Uint, false),
    ("StirStatus", Ty::Text, false),
    ("StirVerstat", Ty::Text, false),
    ("StirPassportToken", Ty::Text, false),
    ("CallToken", Ty::Text, false),
    ("SipCallId", Ty::Text, false),
    ("RecordingUrl", Ty::Text, false),
    ("RecordingSid", Ty::Sid("RE"), false),
    ("RecordingDuration", Ty::Uint, false),
    ("ErrorCode", Ty::Uint, false),
    ("ErrorMessage", Ty::Text, false),
    ("FromCity", Ty::Text, false),
    ("FromState", Ty::Text, false),
    ("FromZip", Ty::Text, false),
    ("FromCountry", Ty::Text, false),
    ("ToCity", Ty::Text, false),
    ("ToState", Ty::Text, false),
    ("ToZip", Ty::Text, false),
    ("ToCountry", Ty::Text, false),
    ("CallerCity", Ty::Text, false),
    ("CallerState", Ty::Text, false),
    ("CallerZip", Ty::Text, false),
    ("CallerCountry", Ty::Text, false),
    ("CalledCity", Ty::Text, false),
    ("CalledState", Ty::Text, false),
    ("CalledZip", Ty::Text, false),
    ("CalledCountry", Ty::Text, false),
];

const STATUS: &[Field] = &[
    ("CallbackSource", Ty::Open(&["call-progress-events"]), true),
    ("CallStatus", Ty::Status, true),
    ("SequenceNumber", Ty::Uint, true),
    ("Timestamp", Ty::Time, false),
    ("CallDuration", Ty::Uint, false),
    ("Duration", Ty::Uint, false),
    ("SipResponseCode", Ty::Sip, false),
];
const VOICE: &[Field] = &[
    ("CallStatus", Ty::Status, true),
    ("Digits", Ty::Text, false),
    ("SpeechResult", Ty::Text, false),
    ("TranscriptionSid", Ty::Sid("TR"), false),
    ("TranscriptionStatus", Ty::Text, false),
    ("TranscriptionText", Ty::Text, false),
    ("TranscriptionUrl", Ty::Text, false),
];
const DIAL: &[Field] = &[
    ("CallStatus", Ty::Status, false),
    ("DialCallStatus", Ty::DialStatus, true),
    ("DialCallSid", Ty::Sid("CA"), false),
    ("DialCallDuration", Ty::Uint, false),
    ("DialBridged", Ty::Bool, false),
    ("DialSipResponseCode", Ty::Sip, false),
];
const RECORDING: &[Field] = &[
    ("AccountSid", Ty::Sid("AC"), true),
    ("CallSid", Ty::Sid("CA"), false),
    ("ConferenceSid", Ty::Sid("CF"), false),
    ("RecordingSid", Ty::Sid("RE"), true),
    ("RecordingUrl", Ty::Text, false),
    ("RecordingStatus", Ty::Open(REC_STATUS), true),
    ("RecordingDuration", Ty::Uint, false),
    ("RecordingChannels", Ty::Byte, false),
    ("RecordingStartTime", Ty::Time, false),
    ("RecordingSource", Ty::Open(REC_SOURCE), false),
    ("RecordingTrack", Ty::Open(REC_TRACK), false),
    ("ErrorCode", Ty::Uint, false),
];
const AMD: &[Field] = &[
    ("AccountSid", Ty::Sid("AC"), true),
    ("CallSid", Ty::Sid("CA"), true),
    ("AnsweredBy", Ty::Open(ANSWERED_BY), true),
    ("MachineDetectionDuration", Ty::Uint, false),
];

fn value(ty: Ty) -> BoxedStrategy<String> {
    match ty {
        Ty::Sid(prefix) => "[0-9a-fA-F]{32}"
            .prop_map(move |h| format!("{prefix}{h}"))
            .boxed(),
        Ty::Endpoint => prop_oneof![
            "\\+[1-9][0-9]{1,14}",
            "client:[A-Za-z0-9_]{0,10}",
            "sips?:[a-z]{1,6}@[a-z]{1,6}\\.example\\.com",
            "sim:HS[0-9a-f]{32}",
            select(&["Anonymous", "Restricted", "+266696687", "unknown"][..])
                .prop_map(String::from),
            "\\PC{1,16}",
        ]
        .boxed(),
        Ty::Text => "\\PC{1,24}".boxed(),
        Ty::Status => select(CALL_STATUS).prop_map(String::from).boxed(),
        Ty::DialStatus => select(DIAL_STATUS).prop_map(String::from).boxed(),
        Ty::Uint => {
            prop_oneof![any::<u32>().prop_map(|n| n.to_string()), "0{1,3}[0-9]{1,4}"].boxed()
        }
        Ty::Sip => (100u16..=699).prop_map(|n| n.to_string()).boxed(),
        Ty::Byte => any::<u8>().prop_map(|n| n.to_string()).boxed(),
        Ty::Bool => select(&["true", "false"][..])
            .prop_map(String::from)
            .boxed(),
        Ty::Time => time_value().boxed(),
        Ty::Open(known) => prop_oneof![
            3 => select(known).prop_map(String::from),
            1 => "[A-Za-z_-]{1,12}",
        ]
        .boxed(),
    }
}

fn fields_of(kind: usize) -> Vec<Field> {
    let own: &[Field] = match kind {
        0 => STATUS,
        1 => VOICE,
        2 => DIAL,
        3 => return RECORDING.to_vec(),
        _ => return AMD.to_vec(),
    };
    CALL_INFO.iter().chain(own).copied().collect()
}

/// A payload of one kind: required fields valid, optional ones valid or absent, a few unknown
/// keys, in random order.
fn valid_payload() -> impl Strategy<Value = Vec<(String, String)>> {
    (0usize..5)
        .prop_flat_map(|kind| {
            let fields = fields_of(kind);
            let values: Vec<BoxedStrategy<Option<String>>> = fields
                .iter()
                .map(|&(name, ty, required)| {
                    // CallbackSource is fixed: any other value changes the kind.
                    let v = if name == "CallbackSource" {
                        Just("call-progress-events".to_owned()).boxed()
                    } else {
                        value(ty)
                    };
                    if required {
                        v.prop_map(Some).boxed()
                    } else {
                        proptest::option::of(v).boxed()
                    }
                })
                .collect();
            let extra = proptest::collection::vec(("x_[a-z]{1,6}", "\\PC{0,12}"), 0..4);
            (Just(fields), values, extra)
        })
        .prop_flat_map(|(fields, values, extra)| {
            let mut pairs: Vec<(String, String)> = fields
                .iter()
                .zip(values)
                .filter_map(|(f, v)| v.map(|v| (f.0.to_owned(), v)))
                .collect();
            pairs.extend(extra);
            Just(pairs).prop_shuffle()
        })
}

/// Known keys with arbitrary values (valid ones too), unknown keys, repeats and empties.
fn garbage_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        select(
            CALL_INFO
                .iter()
                .chain(STATUS)
                .chain(VOICE)
                .chain(DIAL)
                .chain(RECORDING)
                .map(|f| f.0)
                .collect::<Vec<_>>()
        )
        .prop_map(String::from),
        "\\PC{0,8}",
    ];
    let val = prop_oneof![
        Just(String::new()),
        value(Ty::Sid("CA")),
        value(Ty::Sid("AC")),
        value(Ty::Status),
        value(Ty::Time),
        value(Ty::Uint),
        Just("call-progress-events".to_owned()),
        "\\PC{0,40}",
        ".{0,40}",
    ];
    proptest::collection::vec((key, val), 0..40)
}

/// tests/wasm.rs embeds every fixture with `include_bytes!` (wasm tests cannot read files): its
/// list must be exactly the directory's, so a new fixture cannot be skipped in wasm.
#[test]
fn wasm_test_lists_every_fixture() {
    let listed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wasm.rs")).unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/callbacks"
    ))
    .unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".form") || name.ends_with(".query") {
            count += 1;
            let (stem, ext) = name.rsplit_once('.').unwrap();
            if !listed.contains(&format!("fixture!(\"{stem}\", \"{ext}\")")) {
                missing.push(name);
            }
        }
    }
    assert!(count >= 40);
    assert!(
        missing.is_empty(),
        "add to FIXTURES in tests/wasm.rs: {missing:?}"
    );
    assert_eq!(
        listed.matches("    fixture!(\"").count(),
        count,
        "tests/wasm.rs lists removed fixtures"
    );
}
