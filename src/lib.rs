#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod callback;
pub mod error;
pub mod form;
pub mod lifecycle;
pub mod limits;
pub mod signature;
pub mod token;
pub mod verdict;

#[cfg(feature = "wasm")]
pub mod wasm;

#[cfg(feature = "http")]
mod http;

pub use callback::{Callback, CallbackKind, Lenient, ParseError};
pub use error::{Reason, UsageError};
pub use form::Params;
pub use lifecycle::{can_transition, Applied, CallTree, Effect, Outcome, OutcomeKind, Tracker};
pub use limits::{Limit, Limits};
pub use signature::{
    body_sha256_hex, diagnose, expected_signature, verify, Algorithm, Hint, HintCode, Request,
    SignatureError, SignatureSettings, SigningPath, UrlVariant, Verified,
};
pub use token::{Keys, Secret};
pub use verdict::{check, Verdict};

#[cfg(feature = "http")]
pub use self::http::{check_http, check_http_parts};
