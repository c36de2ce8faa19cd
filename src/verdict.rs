//! The verdict: what crosses to JavaScript and the inspector.
use crate::signature::{diagnose, verify, Request, SignatureError, Verified};
use crate::token::Keys;

/// The outcome of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The verification.
    pub verification: Result<Verified, SignatureError>,
}

/// Runs every stage.
pub fn check(req: &Request<'_>, keys: &Keys) -> Verdict {
    let verification = verify(req, keys).map_err(|mut e| {
        e.hints = diagnose(req, keys);
        e
    });
    Verdict { verification }
}
