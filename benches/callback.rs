//! Parsing a typical call-progress status callback (a `completed` event, 630 bytes).
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use twilio_webhook::callback::Callback;
use twilio_webhook::Params;

const BODY: &[u8] = include_bytes!("../tests/vectors/callbacks/call-status-completed.form");

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("callback");
    group.throughput(Throughput::Bytes(BODY.len() as u64));
    group.bench_function("decode_and_parse", |b| {
        b.iter(|| Callback::parse(&Params::parse(black_box(BODY))))
    });
    let params = Params::parse(BODY);
    group.bench_function("parse", |b| b.iter(|| Callback::parse(black_box(&params))));
    group.bench_function("parse_lenient", |b| {
        b.iter(|| Callback::parse_lenient(black_box(&params)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
