//! The verdict: every stage's answer for one request, in the order data flows
//! (raw request → verified → parsed).

use crate::callback::{Callback, ParseError};
use crate::signature::{diagnose_failure, verify, Request, SignatureError, SigningPath, Verified};
use crate::token::Keys;

/// What [`check`] found: the verification (with the diagnosis when it failed) and, for a
/// verified request that carries form parameters, the parsed callback.
///
/// # Example
///
/// ```
/// use twilio_webhook::{check, Callback, Keys, Request};
/// let body = b"AccountSid=AC3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b&CallSid=CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09&AnsweredBy=machine_start&MachineDetectionDuration=2390";
/// let url = "https://example.com/amd";
/// let sig = twilio_webhook::expected_signature(
///     twilio_webhook::Algorithm::HmacSha1, "12345", url, &twilio_webhook::Params::parse(body))?;
/// let req = Request::post_form(url, body)?.with_signature(Some(&sig));
/// let verdict = check(&req, &Keys::auth_token("12345")?);
/// assert!(verdict.is_valid());
/// assert!(matches!(verdict.callback, Some(Ok(Callback::Amd(_)))));
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The signature check; on failure its `hints` hold the diagnosis.
    pub verification: Result<Verified, SignatureError>,
    /// The parsed callback. `None` when the signature failed (an unsigned body is not trusted
    /// enough to interpret) or the request is a JSON body; `Some(Err)` when a signed request is
    /// not a well-formed Voice callback.
    pub callback: Option<Result<Callback, ParseError>>,
}

impl Verdict {
    /// Whether Twilio signed the request.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{check, Keys, Request};
    /// let req = Request::get("https://example.com/x")?;
    /// assert!(!check(&req, &Keys::auth_token("12345")?).is_valid());
    /// # Ok::<(), twilio_webhook::UsageError>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.verification.is_ok()
    }
}

/// Runs every stage on one request: verifies the signature (diagnosing a failure), then parses
/// the callback a verified request carries (its form body, or its query for GET). A request over
/// its [`Limits`](crate::Limits) is rejected with the limit's reason, no hints and no callback.
/// The diagnosis's work is bounded (see [`diagnose`](crate::diagnose)): an unsigned body just
/// within the default limits costs about twice its verification (`cargo bench --bench
/// adversarial -- within_defaults`).
///
/// # Example
///
/// ```
/// use twilio_webhook::{check, Keys, Request};
/// let req = Request::post_form("http://mycompany.com/myapp.php?foo=1&bar=2", b"CallSid=CA1")?
///     .with_signature(Some("RSOYDt4T1cUTdK1PDd93/VVr8B8="));
/// let verdict = check(&req, &Keys::auth_token("12345")?);
/// let err = verdict.verification.unwrap_err();
/// assert!(!err.hints.is_empty()); // the diagnosis is filled in
/// assert_eq!(verdict.callback, None);
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
pub fn check(req: &Request<'_>, keys: &Keys) -> Verdict {
    let verification = verify(req, keys).map_err(|mut e| {
        e.hints = diagnose_failure(req, keys, e.reason);
        e
    });
    let callback = match &verification {
        // Within the request's limits: verify checked them on the same parameters.
        Ok(v) if v.path != SigningPath::BodyHash => {
            Some(Callback::parse_within_limits(&req.params()))
        }
        _ => None,
    };
    Verdict {
        verification,
        callback,
    }
}
