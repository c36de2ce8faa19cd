//! The fuzz targets' inputs, replayed on stable without libFuzzer: every input that once crashed
//! a target (tests/vectors/fuzz-regressions/TARGET/, README.md there says where each came from)
//! and every seed of the committed corpus (fuzz/corpus/TARGET/), each through the very function
//! the fuzz target calls (fuzz/src/lib.rs, included here), invariants and all.
//!
//! `write_seed_corpus` (ignored; `make fuzz-seeds`) rewrites fuzz/corpus/ from tests/vectors.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../fuzz/src/lib.rs"]
mod harness;

use serde_json::Value;
use std::path::{Path, PathBuf};
use twilio_webhook::callback::Callback;
use twilio_webhook::lifecycle::{CallTree, Tracker};
use twilio_webhook::Params;

type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 5] = [
    ("form", harness::form),
    ("signature", harness::signature),
    ("callback", harness::callback),
    ("lifecycle", harness::lifecycle),
    ("state", harness::state),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `dir` (not README.md), sorted; none when it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// Runs every input of `dir/TARGET/` through its target; answers how many ran.
fn replay(dir: &Path) -> usize {
    let mut failures = Vec::new();
    let mut n = 0;
    for (name, run) in TARGETS {
        for file in inputs(&dir.join(name)) {
            let data = std::fs::read(&file).unwrap();
            n += 1;
            if let Err(e) = std::panic::catch_unwind(|| run(&data)) {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {msg}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    n
}

#[test]
fn fuzz_regressions_replay() {
    let dir = root().join("tests/vectors/fuzz-regressions");
    assert!(
        dir.join("README.md").is_file(),
        "{} has no README",
        dir.display()
    );
    replay(&dir);
}

#[test]
fn fuzz_seed_corpus_replays() {
    let dir = root().join("fuzz/corpus");
    for (name, _) in TARGETS {
        assert!(
            inputs(&dir.join(name)).len() >= 10,
            "fuzz/corpus/{name} holds fewer than 10 seeds: run `make fuzz-seeds`"
        );
    }
    replay(&dir);
}

// ---------------------------------------------------------------------------------------------
// The seed corpus, from tests/vectors

fn json(path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(root().join(path)).unwrap()).unwrap()
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Fields joined with the harness's separator.
fn join(fields: &[&[u8]]) -> Vec<u8> {
    fields.join(&[harness::SEP][..])
}

struct Seeds {
    dir: PathBuf,
    written: usize,
}

impl Seeds {
    fn new(target: &str) -> Seeds {
        let dir = root().join("fuzz/corpus").join(target);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        Seeds { dir, written: 0 }
    }

    fn put(&mut self, name: &str, data: &[u8]) {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        std::fs::write(self.dir.join(name), data).unwrap();
        self.written += 1;
    }
}

/// The lifecycle scenarios: (name, subject is a tree, bodies).
fn scenarios() -> Vec<(String, bool, Vec<String>)> {
    let mut files = inputs(&root().join("tests/vectors/lifecycles"));
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files
        .iter()
        .map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            let bodies = v["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| str_of(&e["body"]).to_owned())
                .collect();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, v["subject"] != "leg", bodies)
        })
        .collect()
}

/// Rewrites fuzz/corpus/TARGET/ from the test vectors (signature, callbacks, lifecycles).
#[test]
#[ignore = "writes fuzz/corpus; run by `make fuzz-seeds`"]
fn write_seed_corpus() {
    let documented = json("tests/vectors/signature/documented.json");
    let generated = json("tests/vectors/signature/generated.json");
    let documented = documented["vectors"].as_array().unwrap();
    let generated = generated["vectors"].as_array().unwrap();
    // Generated vectors: the first of each case family, rarest families first, 38 of them.
    let mut families: Vec<(&str, usize, &Value)> = Vec::new();
    for v in generated {
        let family = str_of(&v["case"]).split(':').next().unwrap_or_default();
        match families.iter_mut().find(|f| f.0 == family) {
            Some(f) => f.1 += 1,
            None => families.push((family, 1, v)),
        }
    }
    families.sort_by_key(|f| f.1);
    let picked: Vec<&Value> = documented
        .iter()
        .chain(families.iter().take(38).map(|f| f.2))
        .collect();

    // signature: flags, limits byte, then the fields of harness::signature.
    let mut seeds = Seeds::new("signature");
    for (i, v) in picked.iter().enumerate() {
        let get = v["method"] == "GET";
        let mode: u8 = if get { 2 } else { 0 };
        // Every other seed also lists the harness's key; every fifth uses upper-case names.
        let flags = mode | if i % 2 == 0 { 0x10 } else { 0 } | if i % 5 == 0 { 0x04 } else { 0 };
        let keys = |k: &Value| {
            k.as_array()
                .unwrap()
                .iter()
                .map(str_of)
                .collect::<Vec<_>>()
                .join("\u{1f}")
        };
        let (tokens, shared) = (keys(&v["auth_tokens"]), keys(&v["shared_keys"]));
        let mut fields: Vec<&[u8]> = vec![
            str_of(&v["url"]).as_bytes(),
            str_of(&v["body"]).as_bytes(),
            str_of(&v["content_type"]).as_bytes(),
            str_of(&v["signature"]).as_bytes(),
            str_of(&v["signature_settings"]).as_bytes(),
        ];
        fields.extend([&b""[..]; 5]);
        fields.extend([tokens.as_bytes(), shared.as_bytes()]);
        let mut data = vec![flags, 0];
        data.extend(join(&fields));
        seeds.put(str_of(&v["id"]), &data);
    }
    // The worked example behind a TLS proxy (proxy headers), and over small limits.
    let doc = documented[0].clone();
    let body = str_of(&doc["body"]).as_bytes();
    let sig = str_of(&doc["signature"]).as_bytes();
    let internal = b"http://10.0.0.7:3000/myapp.php?foo=1&bar=2";
    let ct = b"application/x-www-form-urlencoded";
    for (name, proxy) in [
        (
            "proxy-x-forwarded",
            [&b""[..], b"https", b"mycompany.com", b"443", b""],
        ),
        (
            "proxy-forwarded",
            [
                b"",
                b"",
                b"",
                b"",
                b"for=1.2.3.4;proto=https;host=\"mycompany.com\"",
            ],
        ),
        ("proxy-host", [b"mycompany.com", b"", b"", b"", b""]),
    ] {
        let mut fields: Vec<&[u8]> = vec![internal, body, ct, sig, b""];
        fields.extend(proxy);
        fields.extend([&b"12345"[..], b""]);
        let mut data = vec![0x10, 0];
        data.extend(join(&fields));
        seeds.put(name, &data);
    }
    for (name, limits) in [("limits-params", 0x03u8), ("limits-all-small", 0xE4)] {
        let fields: Vec<&[u8]> = vec![
            str_of(&doc["url"]).as_bytes(),
            body,
            ct,
            sig,
            b"",
            b"",
            b"",
            b"",
            b"",
            b"",
            b"12345",
        ];
        let mut data = vec![0x11, limits];
        data.extend(join(&fields));
        seeds.put(name, &data);
    }
    // Signed for one URL (the last field), received at another: what the diagnosis explains.
    let form_body = str_of(&doc["body"]);
    for (i, (name, mode, received, signed, proxy)) in [
        (
            "moved-scheme",
            0u8,
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            ["", "", "", "", ""],
        ),
        (
            "moved-scheme-port",
            0,
            "http://h.example:8080/x",
            "https://h.example:8080/x",
            ["", "", "", "", ""],
        ),
        (
            "moved-port",
            0,
            "https://h.example/x",
            "https://h.example:8443/x",
            ["", "", "", "", ""],
        ),
        (
            "moved-slash",
            1,
            "https://h.example/x/?a=1",
            "https://h.example/x?a=1",
            ["", "", "", "", ""],
        ),
        (
            "moved-proxy",
            0,
            "http://10.0.0.7:3000/voice",
            "https://example.com/voice",
            ["", "https", "example.com", "", ""],
        ),
        (
            "moved-forwarded",
            0,
            "http://internal/voice",
            "https://example.com:8443/voice",
            ["", "", "", "", "proto=https;host=example.com:8443"],
        ),
        (
            "moved-query",
            2,
            "https://h.example/x?a=b+c&d=%27e",
            "https://h.example/x?a=b%20c&d='e",
            ["", "", "", "", ""],
        ),
        (
            "moved-node",
            2,
            "HTTPS://User@Example.COM:443/a/./b/../c?b=It's+a%7e",
            "https://User@example.com/a/c?b=It%27s+a%7e",
            ["", "", "", "", ""],
        ),
        (
            "moved-idn",
            3,
            "https://B\u{fc}cher.Example/x",
            "https://xn--bcher-kva.example/x",
            ["", "", "", "", ""],
        ),
        (
            "moved-get-twice",
            2,
            "https://h.example/x?CallSid=CA1&Digits=1",
            "https://h.example/x?CallSid=CA1&Digits=1CallSidCA1Digits1",
            ["", "", "", "", ""],
        ),
        (
            "moved-sha256",
            0,
            "http://h.example/x",
            "https://h.example/x",
            ["", "", "", "", ""],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let settings = if i == 10 {
            "key=KS1,algorithm=HMAC_SHA256"
        } else {
            ""
        };
        let mut fields: Vec<&[u8]> = vec![
            received.as_bytes(),
            form_body.as_bytes(),
            ct,
            b"",
            settings.as_bytes(),
        ];
        fields.extend(proxy.iter().map(|p| p.as_bytes()));
        fields.extend([&b"12345"[..], b"", signed.as_bytes()]);
        let mut data = vec![mode, 0];
        data.extend(join(&fields));
        seeds.put(name, &data);
    }
    let n_signature = seeds.written;

    // form: the signature vectors' bodies and GET queries, and some callback bodies.
    let mut seeds = Seeds::new("form");
    let mut seen = std::collections::BTreeSet::new();
    for v in &picked {
        let body = if v["method"] == "GET" {
            str_of(&v["url"]).split_once('?').map_or("", |q| q.1)
        } else {
            str_of(&v["body"])
        };
        if !body.is_empty() && !body.starts_with(['{', '[']) && seen.insert(body.to_owned()) {
            seeds.put(str_of(&v["id"]), body.as_bytes());
        }
    }
    let mut wire = inputs(&root().join("tests/vectors/callbacks"));
    wire.retain(|p| p.extension().is_some_and(|e| e == "form" || e == "query"));
    for p in wire.iter().step_by(4) {
        let name = p.file_name().unwrap().to_string_lossy();
        seeds.put(&format!("callback-{name}"), &std::fs::read(p).unwrap());
    }
    let n_form = seeds.written;

    // callback: every callback fixture's wire payload, and a few captured ones.
    let mut seeds = Seeds::new("callback");
    let mut captured = inputs(&root().join("tests/vectors/callbacks/captured"));
    captured.retain(|p| p.extension().is_some_and(|e| e == "form"));
    for p in wire.iter().chain(captured.iter().take(10)) {
        let name = p.file_name().unwrap().to_string_lossy();
        let prefix = if p.parent().is_some_and(|d| d.ends_with("captured")) {
            "captured-"
        } else {
            ""
        };
        seeds.put(&format!("{prefix}{name}"), &std::fs::read(p).unwrap());
    }
    let n_callback = seeds.written;

    // lifecycle: each scenario's bodies (free mode); a few as callback JSON; scenario mode.
    let all = scenarios();
    let mut seeds = Seeds::new("lifecycle");
    for (name, _, bodies) in &all {
        let fields: Vec<&[u8]> = bodies.iter().map(String::as_bytes).collect();
        let mut data = vec![0];
        data.extend(join(&fields));
        seeds.put(name, &data);
    }
    for (name, _, bodies) in all.iter().step_by(8) {
        // The same events as the JSON parseCallback gives, with an O7 threshold of 5 s.
        let events: Vec<String> = bodies
            .iter()
            .map(|b| {
                let cb = Callback::parse(&Params::parse(b.as_bytes())).unwrap();
                serde_json::to_string(&cb).unwrap()
            })
            .collect();
        let fields: Vec<&[u8]> = events.iter().map(String::as_bytes).collect();
        let mut data = vec![5 << 1];
        data.extend(join(&fields));
        seeds.put(&format!("json-{name}"), &data);
    }
    for (pick, restore, order) in [
        (0u8, 0u8, &[0u8, 0, 0, 0][..]),
        (1, 1, &[3, 1, 4, 1, 5, 9, 2, 6]),
        (2, 2, &[7, 7, 7, 7, 0, 1]),
        (5, 3, &[255, 128, 64, 32, 16, 8, 4, 2, 1]),
        (9, 0, &[1, 2, 3]),
    ] {
        let mut data = vec![1, pick, restore];
        data.extend(order);
        seeds.put(&format!("order-{pick}-{restore}"), &data);
    }
    let n_lifecycle = seeds.written;

    // state: real saved states (a tracker or a tree after each scenario, and after its first
    // half with the rest to apply), callback JSON as events, options.
    let mut seeds = Seeds::new("state");
    for (i, (name, tree, bodies)) in all.iter().enumerate() {
        let cbs: Vec<Callback> = bodies
            .iter()
            .map(|b| Callback::parse(&Params::parse(b.as_bytes())).unwrap())
            .collect();
        let half = if i % 3 == 0 { cbs.len() / 2 } else { cbs.len() };
        let text = if *tree {
            let mut t = CallTree::new();
            cbs[..half].iter().for_each(|c| drop(t.apply(c)));
            serde_json::to_string(&t).unwrap()
        } else {
            let mut t = Tracker::new();
            cbs[..half].iter().for_each(|c| drop(t.apply(c)));
            serde_json::to_string(&t).unwrap()
        };
        let mut fields: Vec<&[u8]> = vec![text.as_bytes()];
        fields.extend(bodies[half..].iter().map(String::as_bytes));
        let mut data = vec![u8::from(*tree) | if i % 4 == 0 { 3 << 2 } else { 0 }];
        data.extend(join(&fields));
        seeds.put(name, &data);
    }
    let mut fixtures = inputs(&root().join("tests/vectors/callbacks"));
    fixtures.retain(|p| p.extension().is_some_and(|e| e == "json"));
    for p in fixtures.iter().step_by(6) {
        let text = std::fs::read(p).unwrap();
        let mut data = vec![2];
        data.extend(text);
        let name = p.file_stem().unwrap().to_string_lossy();
        seeds.put(&format!("event-{name}"), &data);
    }
    for (name, text) in [
        ("options-dropped", &br#"{"droppedBelowSeconds":5}"#[..]),
        ("options-null", b"{\"droppedBelowSeconds\":null}"),
        ("options-empty", b"{}"),
    ] {
        let mut data = vec![3];
        data.extend(text);
        seeds.put(name, &data);
    }
    let n_state = seeds.written;
    eprintln!(
        "seeds: form {n_form}, signature {n_signature}, callback {n_callback}, \
         lifecycle {n_lifecycle}, state {n_state}"
    );
}
