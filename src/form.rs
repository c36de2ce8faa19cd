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
        let pairs: Vec<(&[u8], &[u8])> = self
            .pairs
            .iter()
            .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
            .collect();
        write_sorted(&pairs, out);
    }

    /// The suffix under other policies, for the diagnosis (how buggy signers built it).
    pub(crate) fn write_suffix(&self, out: &mut Vec<u8>, policy: Dedup) {
        let pair = |i: usize| {
            self.pairs
                .get(i)
                .map_or(("", ""), |(k, v)| (k.as_ref(), v.as_ref()))
        };
        // Sorting indices (not strings): the merge is stable, so with the by-name comparison
        // the first value on the wire stays first.
        let mut order: Vec<usize> = (0..self.pairs.len()).collect();
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        match policy {
            Dedup::DistinctSorted | Dedup::AllSorted => {
                merge_sort(&mut order, |a, b| pair(a) <= pair(b))
            }
            Dedup::Utf16Sorted => merge_sort(&mut order, |a, b| {
                let (x, y) = (pair(a), pair(b));
                (utf16(x.0), utf16(x.1)) <= (utf16(y.0), utf16(y.1))
            }),
            Dedup::FirstValue => merge_sort(&mut order, |a, b| pair(a).0 <= pair(b).0),
        }
        let mut last: Option<(&str, &str)> = None;
        for p in order.into_iter().map(pair) {
            let skip = match (policy, last) {
                (Dedup::DistinctSorted | Dedup::Utf16Sorted, Some(prev)) => prev == p,
                (Dedup::FirstValue, Some(prev)) => prev.0 == p.0,
                _ => false,
            };
            last = Some(p);
            if !skip {
                out.extend_from_slice(p.0.as_bytes());
                out.extend_from_slice(p.1.as_bytes());
            }
        }
    }
}

/// A stable bottom-up merge sort; `le(a, b)` means `a` may stay before `b`.
///
/// Why not `slice::sort`: its generic implementation adds about 15 KB to the wasm, a third of
/// the budget, for lists that hold a few dozen parameters. This is O(n log n) like it, so a body
/// with 100k repeated keys stays linearithmic.
pub(crate) fn merge_sort<T: Copy>(v: &mut [T], le: impl Fn(T, T) -> bool) {
    let n = v.len();
    let mut buf = v.to_vec();
    let mut width = 1;
    while width < n {
        let mut out = buf.iter_mut();
        for chunk in v.chunks(2 * width) {
            let (mut a, mut b) = chunk.split_at(width.min(chunk.len()));
            while let (Some(&x), Some(&y)) = (a.first(), b.first()) {
                let take_a = le(x, y);
                if let Some(slot) = out.next() {
                    *slot = if take_a { x } else { y };
                }
                if take_a {
                    a = a.get(1..).unwrap_or_default();
                } else {
                    b = b.get(1..).unwrap_or_default();
                }
            }
            for &rest in a.iter().chain(b) {
                if let Some(slot) = out.next() {
                    *slot = rest;
                }
            }
        }
        v.copy_from_slice(&buf);
        width *= 2;
    }
}

/// The signing suffix of a raw form body, decoded straight into one buffer.
///
/// Same result as `Params::parse(input).write_signing_suffix(out)` (a property test checks it),
/// without a `String` per decoded name or value: every pair is decoded into one arena and the
/// sort works on index spans into it. `+` is a space, `%XX` one byte (decoded by the
/// `percent-encoding` crate), invalid UTF-8 becomes U+FFFD, as `form_urlencoded` does.
pub(crate) fn write_signing_suffix_raw(input: &[u8], out: &mut Vec<u8>) {
    type Span = (usize, usize);
    let mut arena: Vec<u8> = Vec::with_capacity(input.len());
    let mut spans: Vec<(Span, Span)> = Vec::with_capacity(32);
    for seq in input.split(|&b| b == b'&').filter(|s| !s.is_empty()) {
        let (name, value) = match seq.iter().position(|&b| b == b'=') {
            Some(i) => (
                seq.get(..i).unwrap_or_default(),
                seq.get(i + 1..).unwrap_or_default(),
            ),
            None => (seq, &[][..]),
        };
        let n = decode_into(name, &mut arena);
        let v = decode_into(value, &mut arena);
        spans.push((n, v));
    }
    let part = |(s, e): Span| arena.get(s..e).unwrap_or_default();
    let pairs: Vec<(&[u8], &[u8])> = spans.iter().map(|&(n, v)| (part(n), part(v))).collect();
    write_sorted(&pairs, out);
}

/// Appends `name + value` for each distinct pair, names then values in byte order (code-point
/// order for UTF-8). Shared by the raw-body and the decoded-parameters paths.
fn write_sorted(pairs: &[(&[u8], &[u8])], out: &mut Vec<u8>) {
    // The first 8 bytes of the name as a number decide almost every comparison of Twilio's
    // names ("CalledCi" < "CalledSt"); only ties compare the whole pair.
    let prefix = |s: &[u8]| {
        let mut b = [0u8; 8];
        b.iter_mut().zip(s).for_each(|(d, c)| *d = *c);
        u64::from_be_bytes(b)
    };
    let mut order: Vec<(u64, usize)> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| (prefix(p.0), i))
        .collect();
    let pair = |i: usize| pairs.get(i).copied().unwrap_or_default();
    merge_sort(&mut order, |a, b| {
        a.0 < b.0 || (a.0 == b.0 && pair(a.1) <= pair(b.1))
    });
    out.reserve(pairs.iter().map(|p| p.0.len() + p.1.len()).sum());
    let mut last = None;
    for p in order.into_iter().map(|(_, i)| pair(i)) {
        if last != Some(p) {
            out.extend_from_slice(p.0);
            out.extend_from_slice(p.1);
        }
        last = Some(p);
    }
}

/// Appends the decoded component to `arena`; returns its span.
fn decode_into(component: &[u8], arena: &mut Vec<u8>) -> (usize, usize) {
    let start = arena.len();
    // Runs without `%` or `+` are copied whole; `+` is a space; `%XX` with two hex digits is one
    // byte, any other `%` stays. (form_urlencoded's rules; a property test compares the two.)
    let mut rest = component;
    while let Some(i) = rest.iter().position(|&b| b == b'%' || b == b'+') {
        let (run, tail) = rest.split_at(i);
        arena.extend_from_slice(run);
        let hex = |at: usize| tail.get(at).and_then(|&c| char::from(c).to_digit(16));
        match (tail.first(), hex(1), hex(2)) {
            (Some(b'+'), _, _) => {
                arena.push(b' ');
                rest = tail.get(1..).unwrap_or_default();
            }
            (_, Some(h), Some(l)) => {
                arena.push((h * 16 + l) as u8);
                rest = tail.get(3..).unwrap_or_default();
            }
            _ => {
                arena.push(b'%');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    arena.extend_from_slice(rest);
    if let Some(Err(_)) = arena.get(start..).map(core::str::from_utf8) {
        let fixed = String::from_utf8_lossy(arena.get(start..).unwrap_or_default()).into_owned();
        arena.truncate(start);
        arena.extend_from_slice(fixed.as_bytes());
    }
    (start, arena.len())
}

/// How repeated keys are written into the signing suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dedup {
    /// twilio-node / twilio-python: distinct values, sorted (the rule).
    DistinctSorted,
    /// Every value, sorted, duplicates kept (a hand-rolled signer's mistake).
    AllSorted,
    /// Distinct values, names and values sorted by UTF-16 code units (twilio-node, twilio-java).
    Utf16Sorted,
    /// The first value on the wire only (twilio-go, twilio-java).
    FirstValue,
}

impl<'a> FromIterator<(&'a str, &'a str)> for Params<'a> {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(iter: I) -> Self {
        Params::from_pairs(iter)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn merge_sort_matches_std_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            merge_sort(&mut ours, |a, b| a.0 <= b.0);
            let mut std = v;
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }
    }

    proptest! {
        #[test]
        fn raw_suffix_equals_params_suffix(body in proptest::collection::vec(
            prop_oneof![Just(b'&'), Just(b'='), Just(b'+'), Just(b'%'), Just(b'A'), Just(b'a'),
                        Just(b'2'), Just(b'B'), Just(b'F'), Just(0xC3), Just(0xA9), Just(0xFF), any::<u8>()],
            0..80)) {
            let mut fast = Vec::new();
            write_signing_suffix_raw(&body, &mut fast);
            let mut reference = Vec::new();
            Params::parse(&body).write_signing_suffix(&mut reference);
            prop_assert_eq!(fast, reference);
        }
    }

    #[test]
    fn suffix_policies() {
        let p = Params::parse(b"B=2&A=y&A=x&A=y");
        let run = |policy| {
            let mut out = Vec::new();
            p.write_suffix(&mut out, policy);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(run(Dedup::DistinctSorted), "AxAyB2");
        assert_eq!(run(Dedup::AllSorted), "AxAyAyB2");
        assert_eq!(run(Dedup::FirstValue), "AyB2");
    }
}
