//! Form parameters: decoded pairs in wire order, and the signing suffix built from them.
//!
//! Decoding is `form_urlencoded`'s (`+` is a space, `%XX` one byte, invalid UTF-8 replaced by
//! U+FFFD like Node's `querystring` and Python's `parse_qs`). This module owns only the policy
//! above it: wire order kept, repeated keys kept, empty values kept (they are signed), nothing
//! trimmed or normalised.

use std::borrow::Cow;

/// Decoded form parameters (a POST body or a query string), in wire order.
///
/// # Example
///
/// ```
/// use twilio_webhook::Params;
/// let p = Params::parse(b"From=%2B14158675309&Digits=1&Digits=2&Empty=&Caller=+1");
/// assert_eq!(p.get("From"), Some("+14158675309"));
/// assert_eq!(p.get("Caller"), Some(" 1")); // a raw `+` is a space
/// assert_eq!(p.get_all("Digits").collect::<Vec<_>>(), ["1", "2"]);
/// assert_eq!(p.get("Empty"), Some(""));
/// assert_eq!(p.len(), 5);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params<'a> {
    pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> Params<'a> {
    /// Decodes an `application/x-www-form-urlencoded` body or a query string (without `?`).
    /// Never fails; borrows from `input` where no decoding was needed.
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::parse(b"CallStatus=ringing");
    /// assert_eq!(p.get("CallStatus"), Some("ringing"));
    /// ```
    pub fn parse(input: &'a [u8]) -> Self {
        Params {
            pairs: form_urlencoded::parse(input).collect(),
        }
    }

    /// Builds parameters from already-decoded pairs (for example a framework's parsed body).
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::from_pairs([("To", "+18005551212"), ("Digits", "1234")]);
    /// assert_eq!(p.get("Digits"), Some("1234"));
    /// ```
    pub fn from_pairs<K, V, I>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<Cow<'a, str>>,
        V: Into<Cow<'a, str>>,
    {
        Params {
            pairs: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Appends one pair.
    ///
    /// # Example
    ///
    /// ```
    /// let mut p = twilio_webhook::Params::default();
    /// p.push("Digits", "1");
    /// assert_eq!(p.get("Digits"), Some("1"));
    /// ```
    pub fn push(&mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// The first value of `name` (first wins), empty string included.
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::parse(b"A=1&A=2");
    /// assert_eq!(p.get("A"), Some("1"));
    /// assert_eq!(p.get("B"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Every value of `name`, in wire order.
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::parse(b"A=1&B=x&A=2");
    /// assert_eq!(p.get_all("A").collect::<Vec<_>>(), ["1", "2"]);
    /// ```
    pub fn get_all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Every pair, in wire order.
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::parse(b"B=2&A=1");
    /// assert_eq!(p.iter().collect::<Vec<_>>(), [("B", "2"), ("A", "1")]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// How many pairs (repeated keys counted each time).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::Params::parse(b"A=1&A=1").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(twilio_webhook::Params::parse(b"").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Appends the signing suffix to `out`: names in code-point order, and per name its
    /// distinct values in code-point order, each written as `name + value` with no separator.
    ///
    /// This is what twilio-node and twilio-python append to the URL (spec §2, steps 3-4).
    ///
    /// # Example
    ///
    /// ```
    /// let p = twilio_webhook::Params::parse(b"Digits=5678&Sid=CA1&Digits=1234&Digits=1234");
    /// let mut s = Vec::new();
    /// p.write_signing_suffix(&mut s);
    /// assert_eq!(s, b"Digits1234Digits5678SidCA1");
    /// ```
    pub fn write_signing_suffix(&self, out: &mut Vec<u8>) {
        self.write_suffix(out, Dedup::DistinctSorted);
    }

    /// The suffix under other policies, for the diagnosis (how buggy signers built it).
    pub(crate) fn write_suffix(&self, out: &mut Vec<u8>, policy: Dedup) {
        // Sorting indices (not strings) keeps this allocation-free apart from the index vector.
        let mut order: Vec<usize> = (0..self.pairs.len()).collect();
        let key = |i: &usize| self.pairs.get(*i).map(|(k, v)| (k.as_ref(), v.as_ref()));
        match policy {
            Dedup::DistinctSorted | Dedup::AllSorted => order.sort_unstable_by_key(key),
            // Stable by name only, so the first value on the wire stays first.
            Dedup::FirstValue => order.sort_by_key(|i| key(i).map(|(k, _)| k)),
        }
        let mut last: Option<(&str, &str)> = None;
        for pair in order.iter().filter_map(key) {
            let skip = match (policy, last) {
                (Dedup::DistinctSorted, Some(prev)) => prev == pair,
                (Dedup::FirstValue, Some(prev)) => prev.0 == pair.0,
                _ => false,
            };
            last = Some(pair);
            if !skip {
                out.extend_from_slice(pair.0.as_bytes());
                out.extend_from_slice(pair.1.as_bytes());
            }
        }
    }
}

/// How repeated keys are written into the signing suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dedup {
    /// twilio-node / twilio-python: distinct values, sorted (the rule).
    DistinctSorted,
    /// Every value, sorted, duplicates kept (a hand-rolled signer's mistake).
    AllSorted,
    /// The first value on the wire only (twilio-go, twilio-java).
    FirstValue,
}

impl<'a> FromIterator<(&'a str, &'a str)> for Params<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        Params::from_pairs(iter)
    }
}
