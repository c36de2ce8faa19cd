//! Adversarial inputs (issue 7): the cost of every stage must grow linearly with the input, and
//! the default limits must turn oversized input away for almost nothing.
//!
//! Each input comes in two sizes, ten times apart. With the limits raised (`raised/*`) the work
//! is really done: `verify` with a valid signature, `diagnose` of a wrong one (every hypothesis
//! re-signed), and lenient callback parsing. With the default limits (`default/*`) the same
//! request is rejected with its limit's reason. Throughput is in input bytes, so linear cost
//! shows as the same MiB/s at both sizes.
//!
//!   cargo bench --bench adversarial                 (all)
//!   cargo bench --bench adversarial -- repeated     (one family)
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use twilio_webhook::callback::Callback;
use twilio_webhook::{
    diagnose, expected_signature, verify, Algorithm, Keys, Limits, Params, Request,
};

const TOKEN: &str = "8f2c1d6e4b3a29f0c7e5d8b1a6f4c3e2";
const URL: &str = "https://voice.example.com/twilio/status?tenant=acme";
const WRONG: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";

fn unlimited() -> Limits {
    Limits::default()
        .with_max_body_bytes(usize::MAX)
        .with_max_url_bytes(usize::MAX)
        .with_max_params(usize::MAX)
        .with_max_name_bytes(usize::MAX)
        .with_max_value_bytes(usize::MAX)
}

/// A form POST family: (label, body) pairs, each size ten times the previous.
fn bodies() -> Vec<(&'static str, String, String)> {
    let repeated = |n: usize| "Digits=1&".repeat(n);
    let distinct = |n: usize| {
        (0..n)
            .map(|i| format!("K{i}=v{i}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let value = |bytes: usize| format!("V={}", "x".repeat(bytes));
    let percent = |bytes: usize| format!("V={}", "%25".repeat(bytes / 3));
    let utf8 = |bytes: usize| format!("V={}", "%E2%82%AC".repeat(bytes / 9));
    let invalid = |bytes: usize| format!("V={}", "%FF".repeat(bytes / 3));
    vec![
        ("repeated_keys", "10k".into(), repeated(10_000)),
        ("repeated_keys", "100k".into(), repeated(100_000)),
        ("distinct_keys", "10k".into(), distinct(10_000)),
        ("distinct_keys", "100k".into(), distinct(100_000)),
        ("one_value", "200KB".into(), value(200_000)),
        ("one_value", "2MB".into(), value(2_000_000)),
        ("percent25", "200KB".into(), percent(200_000)),
        ("percent25", "2MB".into(), percent(2_000_000)),
        ("utf8_escapes", "200KB".into(), utf8(200_000)),
        ("utf8_escapes", "2MB".into(), utf8(2_000_000)),
        ("invalid_utf8_escapes", "200KB".into(), invalid(200_000)),
        ("invalid_utf8_escapes", "2MB".into(), invalid(2_000_000)),
    ]
}

fn form_bodies(c: &mut Criterion) {
    let keys = Keys::auth_token(TOKEN).unwrap();
    let mut families: Vec<&'static str> = Vec::new();
    let all = bodies();
    for (family, _, _) in &all {
        if !families.contains(family) {
            families.push(family);
        }
    }
    for family in families {
        let mut g = c.benchmark_group(family);
        for (_, size, body) in all.iter().filter(|(f, _, _)| *f == family) {
            let sig = expected_signature(
                Algorithm::HmacSha1,
                TOKEN,
                URL,
                &Params::parse(body.as_bytes()),
            )
            .unwrap();
            g.throughput(Throughput::Bytes(body.len() as u64));
            let req = |limits, sig| {
                Request::post_form(URL, black_box(body.as_bytes()))
                    .unwrap()
                    .with_signature(Some(sig))
                    .with_limits(limits)
            };
            g.bench_with_input(BenchmarkId::new("raised/verify", size), &(), |b, ()| {
                b.iter(|| verify(&req(unlimited(), &sig), &keys).unwrap())
            });
            g.bench_with_input(BenchmarkId::new("default/verify", size), &(), |b, ()| {
                b.iter(|| verify(&req(Limits::default(), &sig), &keys).unwrap_err())
            });
            g.bench_with_input(BenchmarkId::new("raised/diagnose", size), &(), |b, ()| {
                b.iter(|| diagnose(&req(unlimited(), WRONG), &keys))
            });
            g.bench_with_input(BenchmarkId::new("raised/parse", size), &(), |b, ()| {
                b.iter(|| Callback::parse_body_lenient(black_box(body.as_bytes()), &unlimited()))
            });
            g.bench_with_input(BenchmarkId::new("default/parse", size), &(), |b, ()| {
                b.iter(|| {
                    Callback::parse_body_lenient(black_box(body.as_bytes()), &Limits::default())
                })
            });
        }
        g.finish();
    }
}

fn urls(c: &mut Criterion) {
    let keys = Keys::auth_token(TOKEN).unwrap();
    // A GET whose query is long (every byte an escape or a `+`), and a long internationalised
    // host (the diagnosis tries twilio-node's punycode spelling of it).
    let query = |bytes: usize| format!("{URL}&q={}", "a%2B+".repeat(bytes / 5));
    let host = |bytes: usize| {
        let label: String = (0..bytes / 3)
            .map(|i| char::from_u32(0x4e00 + (i as u32 % 20_000)).unwrap_or('x'))
            .collect();
        format!("https://{label}.example.com/voice")
    };
    for (family, inputs) in [
        (
            "long_query",
            [("10KB", query(10_000)), ("100KB", query(100_000))],
        ),
        (
            "idn_host",
            [("10KB", host(10_000)), ("100KB", host(100_000))],
        ),
    ] {
        let mut g = c.benchmark_group(family);
        for (size, url) in &inputs {
            let sig =
                expected_signature(Algorithm::HmacSha1, TOKEN, url, &Params::default()).unwrap();
            g.throughput(Throughput::Bytes(url.len() as u64));
            let req = |limits, sig| {
                Request::get(black_box(url))
                    .unwrap()
                    .with_signature(Some(sig))
                    .with_limits(limits)
            };
            g.bench_with_input(BenchmarkId::new("raised/verify", size), &(), |b, ()| {
                b.iter(|| verify(&req(unlimited(), &sig), &keys).unwrap())
            });
            // The smaller size is within the default URL limit, the larger one is not.
            g.bench_with_input(BenchmarkId::new("default/verify", size), &(), |b, ()| {
                b.iter(|| verify(&req(Limits::default(), &sig), &keys).is_ok())
            });
            g.bench_with_input(BenchmarkId::new("raised/diagnose", size), &(), |b, ()| {
                b.iter(|| diagnose(&req(unlimited(), WRONG), &keys))
            });
        }
        g.finish();
    }
}

/// The worst the default limits allow: `check` (verify, then the diagnosis of the failure) on
/// bodies just within every default limit. This bounds what one unsigned request can cost.
fn within_defaults(c: &mut Criterion) {
    let keys = Keys::auth_token(TOKEN).unwrap();
    let l = Limits::DEFAULT;
    let fill = |unit: &str, bytes: usize| unit.repeat(bytes / unit.len());
    // Sixteen values of just under 64 KiB; a thousand parameters of about 1 KiB; the same with
    // every byte an invalid UTF-8 escape (each value decodes to U+FFFD runs).
    let values = (0..16)
        .map(|i| format!("V{i:02}={}", fill("x", l.max_value_bytes - 16)))
        .collect::<Vec<_>>()
        .join("&");
    let params = (0..l.max_params)
        .map(|i| format!("K{i:04}={}", fill("x", 1000)))
        .collect::<Vec<_>>()
        .join("&");
    let invalid = (0..16)
        .map(|i| format!("V{i:02}={}", fill("%FF", 3 * (l.max_value_bytes / 3 - 8))))
        .collect::<Vec<_>>()
        .join("&");
    let mut g = c.benchmark_group("within_defaults");
    for (name, body) in [
        ("16_values", values),
        ("1000_params", params),
        ("invalid_utf8", invalid),
    ] {
        assert!(body.len() <= l.max_body_bytes, "{name}: {}", body.len());
        g.throughput(Throughput::Bytes(body.len() as u64));
        let req = Request::post_form(URL, body.as_bytes())
            .unwrap()
            .with_signature(Some(WRONG));
        assert!(
            verify(&req, &keys).unwrap_err().reason.limit().is_none(),
            "{name}"
        );
        g.bench_function(BenchmarkId::new("check", name), |b| {
            b.iter(|| twilio_webhook::check(black_box(&req), &keys))
        });
    }
    g.finish();
}

criterion_group! {
    name = adversarial;
    config = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(300));
    targets = form_bodies, urls, within_defaults
}
criterion_main!(adversarial);
