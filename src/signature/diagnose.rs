//! Why a signature failed.
use super::Request;
use crate::token::Keys;

/// A stable hint code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum HintCode {
    /// Nothing matched.
    NoVariantMatched,
}

/// One hint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Hint {
    /// Code.
    pub code: HintCode,
    /// Whether confirmed.
    pub confirmed: bool,
    /// Message.
    pub message: String,
}

/// Diagnose.
pub fn diagnose(_req: &Request<'_>, _keys: &Keys) -> Vec<Hint> {
    Vec::new()
}
