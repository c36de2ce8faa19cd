//! The call lifecycle's JavaScript surface: pure functions, state as JSON text in and out, so
//! nothing lives in wasm memory between calls (a server may create a tracker per request and
//! never free anything). The API module's `CallTracker` and `CallTree` classes hold the state
//! text and call [`lifecycle_input`] once per event.

use super::with_input;
use crate::callback::{CallStatus, Callback};
use crate::lifecycle::{self, json, legs_json, Applied, CallTree, Event, Options, Tracker};
use crate::limits::Limits;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `can_transition(from, to)` of the staged parts `from` (absent: none) and `to`: 1 legal, 0
/// not; 2 when `from` or `to` is not a call status.
#[wasm_bindgen(js_name = canTransitionInput)]
pub fn can_transition_input(from: i32, to: i32) -> u8 {
    with_input(|mut input| {
        let status = |b: Option<&[u8]>| {
            core::str::from_utf8(b.unwrap_or(&[]))
                .ok()
                .and_then(|s| CallStatus::parse(s).ok())
        };
        let from_part = input.bytes(from);
        let to = status(input.bytes(to));
        let from = match from_part {
            None => None,
            Some(f) => match status(Some(f)) {
                Some(s) => Some(s),
                None => return 2,
            },
        };
        to.map_or(2, |to| u8::from(lifecycle::can_transition(from, to)))
    })
}

fn error(code: &str, message: &str) -> String {
    #[derive(Serialize)]
    struct E<'a> {
        code: &'a str,
        message: &'a str,
    }
    format!(
        "E{}",
        serde_json::to_string(&E { code, message }).unwrap_or_default()
    )
}

fn state_error(message: &str) -> String {
    let code = if message.starts_with(lifecycle::VERSION_MISMATCH) {
        "unsupported_state_version"
    } else {
        "invalid_state"
    };
    error(code, &format!("state: {message}"))
}

#[derive(Serialize)]
struct LegOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<&'a Applied>,
    status: Option<&'a str>,
    outcome: lifecycle::Outcome,
}

#[derive(Serialize)]
struct TreeOut<'a, L: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<&'a Applied>,
    root: Option<&'a str>,
    legs: L,
    outcome: lifecycle::Outcome,
}

/// Applies one event to a leg (`kind` `"leg"`) or a call tree (`"tree"`).
///
/// Staged parts: `kind`; `state`, the JSON of the previous state (absent: a new one); the event
/// as a raw form body or query string (`body`, parsed strictly) or `callback_json`, the JSON
/// `parseCallback` gives (neither: no event, the answer shows the state as it is); `options`,
/// `{ "droppedBelowSeconds"? }` as JSON.
///
/// Answers `O` + the new state's JSON + `\n` + `{ "applied"?, "status", "outcome" }` (leg) or
/// `{ "applied"?, "root", "legs", "outcome" }` (tree); or `E` + `{ "code", "message",
/// "field"? }`: `invalid_state`, `unsupported_state_version`, `invalid_argument` or the
/// strict parse error of the body.
#[wasm_bindgen(js_name = lifecycleInput)]
pub fn lifecycle_input(
    kind: i32,
    state: i32,
    body: i32,
    callback_json: i32,
    options: i32,
) -> String {
    with_input(|mut input| {
        let kind = input.bytes(kind);
        let state = input.bytes(state);
        let body = input.bytes(body);
        let callback_json = input.bytes(callback_json);
        let options = input.bytes(options);
        apply(
            text(kind).unwrap_or(""),
            text(state),
            body,
            text(callback_json),
            text(options),
        )
    })
}

/// A staged part as text (the API module wrote it with `encodeInto`: always UTF-8).
fn text(b: Option<&[u8]>) -> Option<&str> {
    b.map(|b| core::str::from_utf8(b).unwrap_or(""))
}

fn apply(
    kind: &str,
    state: Option<&str>,
    body: Option<&[u8]>,
    callback_json: Option<&str>,
    options: Option<&str>,
) -> String {
    // JSON in goes through the crate's small reader (lifecycle::json): serde_json's deserialiser
    // and the derived `Deserialize` impls cost ~74 KB of wasm (~35 KB gzipped) more. serde_json
    // stays for writing.
    let options: Options = match options.map(json::options).transpose() {
        Ok(o) => o.unwrap_or_default(),
        Err(e) => return error("invalid_argument", &format!("options: {e}")),
    };
    let event = if let Some(text) = callback_json {
        match json::event(text) {
            Ok(e) => Some(e),
            Err(e) => return error("invalid_argument", &format!("event: {e}")),
        }
    } else if let Some(body) = body {
        match Callback::parse_body(body, &Limits::DEFAULT) {
            Ok(cb) => Some(Event::from_callback(&cb)),
            Err(e) => return format!("E{}", serde_json::to_string(&e).unwrap_or_default()),
        }
    } else {
        None
    };
    let out = match kind {
        "leg" => {
            let mut t: Tracker = match state.map(json::tracker).transpose() {
                Ok(t) => t.unwrap_or_default(),
                Err(e) => return state_error(&e),
            };
            let applied = event.as_ref().map(|e| t.apply_event(e));
            let view = LegOut {
                applied: applied.as_ref(),
                status: t.status().map(CallStatus::as_str),
                outcome: t.outcome_with(&options),
            };
            serde_json::to_string(&t).and_then(|s| Ok((s, serde_json::to_string(&view)?)))
        }
        "tree" => {
            let mut t: CallTree = match state.map(json::tree).transpose() {
                Ok(t) => t.unwrap_or_default(),
                Err(e) => return state_error(&e),
            };
            let applied = event.as_ref().map(|e| t.apply_event(e));
            let legs = t.legs_with(&options);
            let view = TreeOut {
                applied: applied.as_ref(),
                root: t.root(),
                legs: legs_json(&legs),
                outcome: t.outcome_with(&options),
            };
            serde_json::to_string(&t).and_then(|s| Ok((s, serde_json::to_string(&view)?)))
        }
        _ => return error("invalid_argument", "expected kind \"leg\" or \"tree\""),
    };
    match out {
        Ok((state, view)) => format!("O{state}\n{view}"),
        // Our records always serialise; a failure would be a bug (no serde_json::Error text: its
        // Display pulls in std::io error strings).
        Err(_) => error("internal_error", "could not serialise the lifecycle state"),
    }
}
