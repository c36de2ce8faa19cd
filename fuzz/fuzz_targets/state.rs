#![no_main]
//! See the `state` function of this crate's harness (src/lib.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| twilio_webhook_fuzz::state(data));
