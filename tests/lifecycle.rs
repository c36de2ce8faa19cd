//! The call lifecycle (spec/callbacks.md §5, §6, §8): the transition table cell by cell for REST,
//! inbound and `<Dial>` child legs; the scenarios of tests/vectors/lifecycles; order
//! independence and state round trips as properties.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;
use twilio_webhook::callback::{CallStatus, Callback};
use twilio_webhook::lifecycle::{
    can_transition, legs_json, transition, CallTree, Effect, LegKind, Move, Options, Tracker, TABLE,
};
use twilio_webhook::Params;

// ---------------------------------------------------------------------------------------------
// The table

/// Spec §5.4, transcribed independently of src/lifecycle: `r` ok (REST only), `o` ok, `=`
/// duplicate, `<` backwards (late when older), `x` forbidden forwards (R10), `c` conflict (R1).
const GRID: [&str; 10] = [
    "r o o o o o o o o", // (none)
    "= o o o o o o o o", // queued
    "< = o o o o o o o", // initiated
    "< < = o o o o o o", // ringing
    "< < < = o x x x x", // in-progress
    "< < < < = c c c c", // completed
    "< < < < c = c c c", // busy
    "< < < < c c = c c", // no-answer
    "< < < < c c c = c", // failed
    "< < < < c c c c =", // canceled
];

fn grid(row: usize, col: usize) -> char {
    GRID[row]
        .split(' ')
        .nth(col)
        .unwrap()
        .chars()
        .next()
        .unwrap()
}

fn from_of(row: usize) -> Option<CallStatus> {
    row.checked_sub(1).map(|i| CallStatus::ALL[i])
}

const KINDS: [(LegKind, &str); 3] = [
    (LegKind::Rest, "outbound-api"),
    (LegKind::Inbound, "inbound"),
    (LegKind::Child, "outbound-dial"),
];

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const LEG: &str = "CA0123456789abcdef0123456789abcdef";
const PARENT: &str = "CAffffffffffffffffffffffffffffffff";

fn status_event(status: CallStatus, seq: u32, direction: &str) -> Callback {
    let parent = if direction == "outbound-dial" {
        format!("&ParentCallSid={PARENT}")
    } else {
        String::new()
    };
    let body = format!(
        "AccountSid={ACCOUNT}&CallSid={LEG}{parent}&CallbackSource=call-progress-events\
         &Direction={direction}&CallStatus={status}&SequenceNumber={seq}"
    );
    Callback::parse(&Params::parse(body.as_bytes())).unwrap()
}

#[test]
fn table_has_90_cells_each_citing_a_rule() {
    let mut cells = 0;
    for (row, cols) in TABLE.iter().enumerate() {
        for (col, cell) in cols.iter().enumerate() {
            cells += 1;
            let n: u8 = cell.rule.trim_start_matches('R').parse().unwrap();
            assert!((1..=16).contains(&n), "cell {row},{col}: {}", cell.rule);
            let want = match grid(row, col) {
                'r' => Move::RestOnly,
                'o' => Move::Advance,
                '=' => Move::Same,
                '<' => Move::Backward,
                'x' => Move::Forbidden,
                _ => Move::Conflict,
            };
            assert_eq!(cell.verdict, want, "cell {row},{col}");
            let to = CallStatus::ALL[col];
            assert_eq!(transition(from_of(row), to), *cell);
            assert_eq!(
                can_transition(from_of(row), to),
                matches!(want, Move::Advance | Move::RestOnly)
            );
        }
    }
    assert_eq!(cells, 90);
}

/// Every (from, to) pair, for REST, inbound and child legs: the table through
/// `LegKind::transition`, and through a tracker that first reaches `from` (SequenceNumber 1),
/// then gets `to` with a higher number (2) and with a lower one (0).
#[test]
fn every_pair_for_every_leg_kind() {
    let mut checked = 0;
    for (kind, direction) in KINDS {
        for row in 0..10 {
            for col in 0..9 {
                let from = from_of(row);
                let to = CallStatus::ALL[col];
                let g = grid(row, col);
                let legal = match g {
                    'r' => kind == LegKind::Rest,
                    'o' => true,
                    _ => false,
                };
                assert_eq!(
                    kind.can_transition(from, to),
                    legal,
                    "{kind:?} {from:?} → {to}"
                );
                if g == 'r' && kind == LegKind::Child {
                    assert_eq!(kind.transition(from, to).rule, "R3");
                }
                // The tracker: unreachable rows (a queued child or inbound leg) are skipped.
                let mut t = Tracker::new();
                if let Some(f) = from {
                    let a = t.apply(&status_event(f, 1, direction));
                    if a.effect != Effect::Advance {
                        assert_eq!(f, CallStatus::Queued, "{kind:?}");
                        assert_ne!(kind, LegKind::Rest);
                        continue;
                    }
                }
                let newer = {
                    let mut t = t.clone();
                    t.apply(&status_event(to, 2, direction))
                };
                let want = match g {
                    'r' if legal => Effect::Advance,
                    'o' => Effect::Advance,
                    '=' => Effect::Duplicate,
                    'c' => Effect::Conflict,
                    _ => Effect::Illegal,
                };
                assert_eq!(newer.effect, want, "{kind:?} {from:?} → {to} (newer)");
                let expected_status = if want == Effect::Advance {
                    Some(to)
                } else {
                    from
                };
                assert_eq!(newer.status, expected_status);
                if from.is_some() {
                    let older = t.apply(&status_event(to, 0, direction));
                    let want = match g {
                        '<' => Effect::Late,
                        '=' => Effect::Duplicate,
                        'c' => Effect::Conflict,
                        _ => Effect::Illegal, // a forward step that fired earlier (R6) or R10
                    };
                    assert_eq!(older.effect, want, "{kind:?} {from:?} → {to} (older)");
                    assert_eq!(older.status, from, "never a regression");
                }
                checked += 1;
            }
        }
    }
    // 3 kinds × 90 pairs, less the queued row for inbound and child legs (unreachable).
    assert_eq!(checked, 3 * 90 - 2 * 9);
}

// ---------------------------------------------------------------------------------------------
// Scenarios

struct Scenario {
    name: String,
    json: Value,
    bodies: Vec<String>,
}

fn scenarios() -> &'static [Scenario] {
    static ALL: OnceLock<Vec<Scenario>> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/lifecycles");
        let mut out: Vec<Scenario> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let json: Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                let bodies = json["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["body"].as_str().unwrap().to_owned())
                    .collect();
                let name = p.file_stem().unwrap().to_string_lossy().into_owned();
                Scenario { name, json, bodies }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    })
}

/// Whether every field of `want` equals the one in `got` (objects recursively).
fn subset(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| subset(v, gv))),
        _ => want == got,
    }
}

/// A leg or a tree, driven the same way.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
enum Subject {
    Leg(Tracker),
    Tree(CallTree),
}

impl Subject {
    fn new(s: &Scenario) -> Subject {
        match s.json["subject"].as_str().unwrap() {
            "leg" => Subject::Leg(Tracker::new()),
            _ => Subject::Tree(CallTree::new()),
        }
    }

    fn apply(&mut self, body: &str) -> Value {
        let cb = Callback::parse(&Params::parse(body.as_bytes())).unwrap();
        let applied = match self {
            Subject::Leg(t) => t.apply(&cb),
            Subject::Tree(t) => t.apply(&cb),
        };
        serde_json::to_value(&applied).unwrap()
    }

    /// Through JSON text and back, as a server storing the state does.
    fn restored(&self) -> Subject {
        match self {
            Subject::Leg(t) => {
                Subject::Leg(serde_json::from_str(&serde_json::to_string(t).unwrap()).unwrap())
            }
            Subject::Tree(t) => {
                Subject::Tree(serde_json::from_str(&serde_json::to_string(t).unwrap()).unwrap())
            }
        }
    }

    /// `{ status?, root?, outcome, legs? }` as JSON.
    fn view(&self, opts: &Options) -> Value {
        match self {
            Subject::Leg(t) => json!({
                "status": t.status().map(|s| s.as_str()),
                "outcome": t.outcome_with(opts),
            }),
            Subject::Tree(t) => json!({
                "root": t.root(),
                "outcome": t.outcome_with(opts),
                "legs": legs_json(&t.legs_with(opts)),
            }),
        }
    }
}

fn options(s: &Scenario) -> Options {
    s.json
        .get("options")
        .map(|o| serde_json::from_value(o.clone()).unwrap())
        .unwrap_or_default()
}

fn check_final(s: &Scenario, view: &Value) -> Result<(), String> {
    let want = &s.json["final"];
    let mut problems = Vec::new();
    if let Some(st) = want.get("status") {
        if &view["status"] != st {
            problems.push(format!("status {} ≠ {st}", view["status"]));
        }
    }
    if let Some(root) = want.get("root") {
        if &view["root"] != root {
            problems.push(format!("root {} ≠ {root}", view["root"]));
        }
    }
    if !subset(&want["outcome"], &view["outcome"]) {
        problems.push(format!("outcome {} ⊉ {}", view["outcome"], want["outcome"]));
    }
    for (sid, leg) in want
        .get("legs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let got = &view["legs"][sid];
        if got["status"] != leg["status"] || got["outcome"]["outcome"] != leg["outcome"] {
            problems.push(format!("leg {sid}: {got}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn scenarios_cover_the_issue() {
    let all = scenarios();
    assert!(all.len() >= 25, "{} scenarios", all.len());
    let outcomes: std::collections::BTreeSet<String> = all
        .iter()
        .map(|s| {
            s.json["final"]["outcome"]["outcome"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for o in [
        "answered",
        "busy",
        "no-answer",
        "unreachable",
        "canceled",
        "failed",
        "dropped",
        "pending",
    ] {
        assert!(outcomes.contains(o), "no scenario ends {o}");
    }
    let effects: std::collections::BTreeSet<String> = all
        .iter()
        .flat_map(|s| s.json["events"].as_array().unwrap().iter())
        .map(|e| e["expect"]["effect"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(effects.len(), 7, "{effects:?}");
}

/// Each scenario in order: every expected effect, the final status and outcome; and the same
/// after the state goes through JSON between every two events.
#[test]
fn scenarios_in_order_and_restored() {
    let mut failures = Vec::new();
    for s in scenarios() {
        let opts = options(s);
        for restore in [false, true] {
            let mut subject = Subject::new(s);
            for (i, e) in s.json["events"].as_array().unwrap().iter().enumerate() {
                if restore {
                    let r = subject.restored();
                    assert_eq!(r, subject, "{}: restore changed the state", s.name);
                    subject = r;
                }
                let got = subject.apply(e["body"].as_str().unwrap());
                if !subset(&e["expect"], &got) {
                    failures.push(format!(
                        "{} event {i}: got {got}, want {}",
                        s.name, e["expect"]
                    ));
                }
            }
            if let Err(e) = check_final(s, &subject.view(&opts)) {
                failures.push(format!("{} final: {e}", s.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs `order` (indices into the scenario's events), restoring the state where `restore` says.
fn run(s: &Scenario, order: &[usize], restore: &[bool]) -> Value {
    let mut subject = Subject::new(s);
    for (step, &i) in order.iter().enumerate() {
        if restore.get(step).copied().unwrap_or(false) {
            subject = subject.restored();
        }
        subject.apply(&s.bodies[i]);
    }
    let view = subject.view(&options(s));
    json!({ "status": view["status"], "root": view["root"], "outcome": view["outcome"] })
}

fn permutable() -> Vec<usize> {
    scenarios()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.json["permutable"] == true)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn permutable_scenarios_reversed_and_rotated() {
    for i in permutable() {
        let s = &scenarios()[i];
        let n = s.bodies.len();
        let base = run(s, &(0..n).collect::<Vec<_>>(), &[]);
        let reversed: Vec<usize> = (0..n).rev().collect();
        assert_eq!(run(s, &reversed, &[]), base, "{} reversed", s.name);
        for r in 1..n {
            let rotated: Vec<usize> = (0..n).map(|k| (k + r) % n).collect();
            assert_eq!(
                run(s, &rotated, &[true; 64]),
                base,
                "{} rotated {r}",
                s.name
            );
        }
    }
}

fn shuffled_run() -> impl Strategy<Value = (usize, Vec<usize>, Vec<bool>)> {
    let ids = permutable();
    proptest::sample::select(ids).prop_flat_map(|i| {
        let n = scenarios()[i].bodies.len();
        let order = proptest::collection::vec(0..n, 0..5).prop_flat_map(move |dups| {
            let mut all: Vec<usize> = (0..n).collect();
            all.extend(dups);
            Just(all).prop_shuffle()
        });
        (
            Just(i),
            order,
            proptest::collection::vec(any::<bool>(), n + 5),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any arrival order of a valid sequence, with any duplicates added, and restoring the
    /// state from JSON at any point, ends in the same status and outcome.
    #[test]
    fn any_order_with_duplicates_and_restores_ends_the_same((i, order, restore) in shuffled_run()) {
        let s = &scenarios()[i];
        let base = run(s, &(0..s.bodies.len()).collect::<Vec<_>>(), &[]);
        prop_assert_eq!(run(s, &order, &restore), base, "{} order {:?}", s.name, order);
    }

    /// Any state text restores or fails with an error; none panics.
    #[test]
    fn arbitrary_state_never_panics(text in "\\PC{0,200}") {
        let _ = serde_json::from_str::<Tracker>(&text);
        let _ = serde_json::from_str::<CallTree>(&text);
        let _ = serde_json::from_str::<twilio_webhook::lifecycle::Event>(&text);
    }
}

// ---------------------------------------------------------------------------------------------
// State

#[test]
fn state_has_a_version_and_rejects_others() {
    let mut t = Tracker::new();
    t.apply(&status_event(CallStatus::Ringing, 1, "outbound-api"));
    let v = serde_json::to_value(&t).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["status"], "ringing");
    let mut other = v.clone();
    other["version"] = json!(2);
    let err = serde_json::from_value::<Tracker>(other)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("expected state version 1, got 2"), "{err}");
    let mut missing = v;
    missing.as_object_mut().unwrap().remove("version");
    assert!(serde_json::from_value::<Tracker>(missing).is_err());
    let tree = serde_json::to_value(CallTree::new()).unwrap();
    assert_eq!(tree, json!({ "version": 1, "legs": {} }));
}

#[test]
fn events_from_callback_json_equal_events_from_the_body() {
    use twilio_webhook::lifecycle::Event;
    for s in scenarios() {
        for body in &s.bodies {
            let cb = Callback::parse(&Params::parse(body.as_bytes())).unwrap();
            let from_json: Event =
                serde_json::from_str(&serde_json::to_string(&cb).unwrap()).unwrap();
            assert_eq!(from_json, Event::from_callback(&cb), "{}: {body}", s.name);
        }
    }
    let bad = serde_json::from_str::<Event>(r#"{"kind":"call-status","callSid":"CA1"}"#);
    assert!(bad.unwrap_err().to_string().contains("callStatus"));
}
