//! `make demo`: verify a signed StatusCallback as received, then three altered copies, and say
//! why each failed.
//!
//! The sample is a realistic call-progress callback (632 bytes). Its signature was computed by
//! the official helper, twilio-node 6.2.0:
//! `getExpectedTwilioSignature(TOKEN, URL, querystring.parse(BODY))` → `kto5FsrqS7Y+nbRiokM0+jAVV+c=`
//! (a demo token, not a real account's).

use twilio_webhook::callback::Callback;
use twilio_webhook::{check, Keys, Request, UsageError};

const TOKEN: &str = "8f2c1d6e4b3a29f0c7e5d8b1a6f4c3e2";
const URL: &str = "https://voice.example.com/twilio/status?tenant=acme";
const SIGNATURE: &str = "kto5FsrqS7Y+nbRiokM0+jAVV+c=";
const BODY: &str = "Called=%2B14155550123&ToState=CA&CallerCountry=US&Direction=outbound-api&Timestamp=Mon%2C%2023%20Nov%202026%2019%3A42%3A07%20%2B0000&CallbackSource=call-progress-events&SipResponseCode=200&CallerState=CA&ToZip=94105&SequenceNumber=3&CallSid=CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09&To=%2B14155550123&CallerZip=&ToCountry=US&CalledZip=94105&ApiVersion=2010-04-01&CalledCity=SAN%20FRANCISCO&CallStatus=completed&Duration=1&From=%2B14155550199&CallDuration=42&AccountSid=AC3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b&CalledCountry=US&CallerCity=&ToCity=SAN%20FRANCISCO&FromCountry=US&Caller=%2B14155550199&FromCity=&CalledState=CA&FromZip=&FromState=CA";

fn show(title: &str, req: &Request<'_>, keys: &Keys) {
    println!("\n== {title}");
    println!("   POST {}", req.url());
    let verdict = check(req, keys);
    match &verdict.verification {
        Ok(v) => println!(
            "   VALID: signed by auth token #{} with {}, URL spelling {:?}, covering {}",
            v.key_index,
            v.algorithm.as_str(),
            v.url_variant.as_str(),
            v.path.as_str()
        ),
        Err(e) => {
            println!("   INVALID ({}): {}", e.code(), e.reason.message());
            println!("   why, and what to change:");
            for h in &e.hints {
                let tag = if h.confirmed {
                    "confirmed"
                } else {
                    "suspected"
                };
                println!("   - [{}, {tag}] {}", h.code.as_str(), h.message);
            }
        }
    }
    match &verdict.callback {
        Some(Ok(Callback::CallStatus(c))) => {
            println!(
                "   parsed: a call-status callback for {}",
                c.call.call_sid.as_str()
            );
            println!(
                "     status {} (event #{}), {} s talked, {} billed minute(s), SIP {}, at {}",
                c.call_status.as_str(),
                c.sequence_number.get(),
                c.call_duration.map_or(0, |d| d.get()),
                c.duration.map_or(0, |d| d.get()),
                c.sip_response_code.map_or(0, |d| d.get()),
                c.timestamp.map_or_else(String::new, |t| t.to_iso8601()),
            );
            let from = c.call.from.as_ref().map_or("?", |e| e.as_str());
            let to = c.call.to.as_ref().map_or("?", |e| e.as_str());
            println!(
                "     from {from} to {to}, {} unknown field(s) kept",
                c.extra.len()
            );
        }
        Some(Ok(other)) => println!("   parsed: a {} callback", other.kind().as_str()),
        Some(Err(e)) => println!("   signed, but not a well-formed Voice callback: {e}"),
        None => println!("   (body not interpreted: the signature did not verify)"),
    }
}

fn main() -> Result<(), UsageError> {
    // Rotation: the old token is still listed first; the current one matches as #1.
    let keys = Keys::auth_token("0000000000000000000000000000dead")?.with_auth_token(TOKEN)?;
    println!("twilio-webhook demo: one signed Twilio StatusCallback and three altered copies");

    let req = Request::post_form(URL, BODY.as_bytes())?.with_signature(Some(SIGNATURE));
    show("the callback exactly as Twilio sent it", &req, &keys);

    let tampered = BODY.replace("CallDuration=42", "CallDuration=4200");
    let req = Request::post_form(URL, tampered.as_bytes())?.with_signature(Some(SIGNATURE));
    show(
        "tampered: CallDuration changed from 42 to 4200",
        &req,
        &keys,
    );

    let internal = "http://voice.example.com/twilio/status?tenant=acme";
    let req = Request::post_form(internal, BODY.as_bytes())?
        .with_signature(Some(SIGNATURE))
        .with_header("X-Forwarded-Proto", "https");
    show(
        "behind a TLS-terminating proxy: the app saw http://",
        &req,
        &keys,
    );

    let req = Request::post_form(URL, BODY.as_bytes())?.with_signature(Some(SIGNATURE));
    show(
        "verified with a token copied with a trailing newline",
        &req,
        &Keys::auth_token(&format!("{TOKEN}\n"))?,
    );
    Ok(())
}
