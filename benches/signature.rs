//! Criterion benches for signature verification. `make bench-native` runs them.
//!
//! The floor is the hash itself: `bare_hmac_sha1` is RustCrypto HMAC-SHA1 over the same signing
//! string the realistic callback produces; `verify/*` is everything we do around it.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use hmac::{Hmac, Mac};
use twilio_webhook::{diagnose, expected_signature, verify, Algorithm, Keys, Params, Request};

const TOKEN: &str = "8f2c1d6e4b3a29f0c7e5d8b1a6f4c3e2";
const URL: &str = "https://voice.example.com/twilio/status?tenant=acme";
// The demo's StatusCallback (examples/verify.rs): 632 bytes, 31 parameters.
const BODY: &str = "Called=%2B14155550123&ToState=CA&CallerCountry=US&Direction=outbound-api&Timestamp=Mon%2C%2023%20Nov%202026%2019%3A42%3A07%20%2B0000&CallbackSource=call-progress-events&SipResponseCode=200&CallerState=CA&ToZip=94105&SequenceNumber=3&CallSid=CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09&To=%2B14155550123&CallerZip=&ToCountry=US&CalledZip=94105&ApiVersion=2010-04-01&CalledCity=SAN%20FRANCISCO&CallStatus=completed&Duration=1&From=%2B14155550199&CallDuration=42&AccountSid=AC3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b&CalledCountry=US&CallerCity=&ToCity=SAN%20FRANCISCO&FromCountry=US&Caller=%2B14155550199&FromCity=&CalledState=CA&FromZip=&FromState=CA";
const SIGNATURE: &str = "kto5FsrqS7Y+nbRiokM0+jAVV+c=";

fn json_body(len: usize) -> String {
    let mut s = String::from("{\"events\":[");
    let mut i = 0;
    while s.len() + 64 < len {
        s.push_str(&format!(
            "{{\"seq\":{i},\"status\":\"ringing\",\"sid\":\"CA{i:032x}\"}},"
        ));
        i += 1;
    }
    s.push_str("{}]}");
    s
}

fn benches(c: &mut Criterion) {
    let keys = Keys::auth_token(TOKEN).unwrap();
    let params = Params::parse(BODY.as_bytes());
    let mut signing_string = URL.as_bytes().to_vec();
    params.write_signing_suffix(&mut signing_string);

    let mut g = c.benchmark_group("status_callback_632B");
    g.throughput(Throughput::Bytes(BODY.len() as u64));
    g.bench_function("bare_hmac_sha1", |b| {
        b.iter(|| {
            let mut m = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
            m.update(black_box(&signing_string));
            m.finalize()
        })
    });
    g.bench_function("verify_raw_body", |b| {
        b.iter(|| {
            let req = Request::post_form(black_box(URL), black_box(BODY.as_bytes()))
                .unwrap()
                .with_signature(Some(SIGNATURE));
            verify(&req, &keys).unwrap()
        })
    });
    g.bench_function("verify_parsed_params", |b| {
        b.iter(|| {
            let req = Request::with_params(black_box(URL), params.clone())
                .unwrap()
                .with_signature(Some(SIGNATURE));
            verify(&req, &keys).unwrap()
        })
    });
    g.bench_function("verify_bad_signature", |b| {
        b.iter(|| {
            let req = Request::post_form(black_box(URL), black_box(BODY.as_bytes()))
                .unwrap()
                .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
            verify(&req, &keys).unwrap_err()
        })
    });
    g.bench_function("diagnose_bad_signature", |b| {
        let req = Request::post_form(URL, BODY.as_bytes())
            .unwrap()
            .with_signature(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        b.iter(|| diagnose(black_box(&req), &keys))
    });
    g.finish();

    for len in [1024, 64 * 1024] {
        let body = json_body(len);
        let hash = twilio_webhook::body_sha256_hex(body.as_bytes());
        let url = format!("{URL}&bodySHA256={hash}");
        let sig = expected_signature(Algorithm::HmacSha1, TOKEN, &url, &Params::default()).unwrap();
        let mut g = c.benchmark_group(format!("json_{}KB", len / 1024));
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("verify", |b| {
            b.iter(|| {
                let req = Request::post(
                    black_box(&url),
                    Some("application/json"),
                    black_box(body.as_bytes()),
                )
                .unwrap()
                .with_signature(Some(&sig));
                verify(&req, &keys).unwrap()
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = signature;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = benches
}
criterion_main!(signature);
