//! Form parameters: decoded pairs in wire order, and the signing suffix built from them.
//!
//! Decoding is `form_urlencoded`'s (`+` is a space, `%XX` one byte, invalid UTF-8 replaced by
//! U+FFFD like Node's `querystring` and Python's `parse_qs`). This module owns only the policy
//! above it: wire order kept, repeated keys kept, empty values kept (they are signed), nothing
//! trimmed or normalised.

use crate::limits::{Limit, Limits};
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

    /// [`parse`](Self::parse) within `limits`: the body size is checked first, then each pair
    /// as it is decoded, so an input over a limit costs no more than the limit allows.
    ///
    /// # Errors
    ///
    /// The first [`Limit`] the input is over: [`Limit::BodyBytes`] for the input's length,
    /// [`Limit::Params`], [`Limit::NameBytes`] or [`Limit::ValueBytes`] for the pairs (names
    /// and values counted decoded).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::{Limit, Limits, Params};
    /// let limits = Limits::default().with_max_params(2);
    /// assert_eq!(Params::parse_limited(b"A=1&B=2", &limits)?.len(), 2);
    /// assert_eq!(Params::parse_limited(b"A=1&B=2&C=3", &limits), Err(Limit::Params));
    /// # Ok::<(), Limit>(())
    /// ```
    pub fn parse_limited(input: &'a [u8], limits: &Limits) -> Result<Self, Limit> {
        if input.len() > limits.max_body_bytes {
            return Err(Limit::BodyBytes);
        }
        let mut pairs = Vec::new();
        for (name, value) in form_urlencoded::parse(input) {
            limits.check_pair(pairs.len(), name.len(), value.len())?;
            pairs.push((name, value));
        }
        Ok(Params { pairs })
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

    /// No pairs yet, with room for `n` (the wasm binding knows the count of the pairs it reads).
    #[cfg(feature = "wasm")]
    pub(crate) fn with_capacity(n: usize) -> Self {
        Params {
            pairs: Vec::with_capacity(n),
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
        match policy {
            Dedup::DistinctSorted | Dedup::AllSorted => {
                merge_sort(&mut order, |a, b| pair(a) <= pair(b))
            }
            Dedup::Utf16Sorted => {
                // Each name and value as UTF-16 once (not once per comparison).
                let units: Vec<(Vec<u16>, Vec<u16>)> = self
                    .pairs
                    .iter()
                    .map(|(k, v)| (k.encode_utf16().collect(), v.encode_utf16().collect()))
                    .collect();
                let key = |i: usize| units.get(i).map(|(k, v)| (k.as_slice(), v.as_slice()));
                merge_sort(&mut order, |a, b| key(a) <= key(b))
            }
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

/// Up to this many pairs (a Voice callback has 20 to 40) an insertion sort beats the merge
/// sort's allocation and copying; above it the merge sort keeps the work O(n log n).
const SMALL: usize = 64;

/// A stable insertion sort; `le(a, b)` means `a` may stay before `b`.
fn insertion_sort<T: Copy>(v: &mut [T], le: impl Fn(T, T) -> bool) {
    for i in 1..v.len() {
        let Some(&x) = v.get(i) else { break };
        // Shift the larger ones right, then drop `x` into the gap.
        let mut j = i;
        while let Some(&prev) = j.checked_sub(1).and_then(|k| v.get(k)) {
            if le(prev, x) {
                break;
            }
            if let Some(slot) = v.get_mut(j) {
                *slot = prev;
            }
            j -= 1;
        }
        if let Some(slot) = v.get_mut(j) {
            *slot = x;
        }
    }
}

/// The signing suffix of a raw form body, decoded straight into one buffer.
///
/// Same result as `Params::parse(input).write_signing_suffix(out)` (a property test checks it),
/// without a `String` per decoded name or value: one pass over the body splits the pairs; a
/// name or value with nothing to decode (most of a Voice callback) is used where it lies, the
/// others are decoded into one arena, and the sort works on the slices. `+` is a space, `%XX`
/// one byte, any other `%` stays, and invalid UTF-8 becomes U+FFFD, as `form_urlencoded` does.
///
/// The parameter limits are checked as each pair is decoded (the body size is the caller's):
/// the first pair over a limit stops the work.
pub(crate) fn write_signing_suffix_raw(
    input: &[u8],
    limits: &Limits,
    out: &mut Vec<u8>,
) -> Result<(), Limit> {
    let mut arena: Vec<u8> = Vec::with_capacity(input.len());
    let mut parts: Vec<(Part, Part)> = Vec::with_capacity(32);
    let mut pos = 0;
    while pos < input.len() {
        let (name, stop) = component(input, &mut pos, &mut arena, NAME_STOP);
        // Every byte decodes to at least one, so an empty name stopped by `&` is an empty
        // sequence (`&&`, a leading `&`), which form decoding skips.
        if stop == AMP && name.is_empty() {
            continue;
        }
        let value = if stop == EQ {
            component(input, &mut pos, &mut arena, VALUE_STOP).0
        } else {
            Part::Input(pos, pos)
        };
        limits.check_pair(parts.len(), name.len(), value.len())?;
        parts.push((name, value));
    }
    let slice = |p: Part| match p {
        Part::Input(s, e) => input.get(s..e).unwrap_or_default(),
        Part::Arena(s, e) => arena.get(s..e).unwrap_or_default(),
    };
    let pairs: Vec<(&[u8], &[u8])> = parts.iter().map(|&(n, v)| (slice(n), slice(v))).collect();
    write_sorted(&pairs, out);
    Ok(())
}

/// Where a decoded name or value lies: a span of the body itself or of the arena.
#[derive(Clone, Copy)]
enum Part {
    Input(usize, usize),
    Arena(usize, usize),
}

impl Part {
    fn len(self) -> usize {
        match self {
            Part::Input(s, e) | Part::Arena(s, e) => e - s,
        }
    }

    fn is_empty(self) -> bool {
        self.len() == 0
    }
}

// Byte classes: the separators, and what needs decoding (`+`, `%`, and any byte >= 0x80, which
// may be invalid UTF-8).
const AMP: u8 = 1;
const EQ: u8 = 2;
const DECODE: u8 = 4;
const END: u8 = 0;
const NAME_STOP: u8 = AMP | EQ | DECODE;
const VALUE_STOP: u8 = AMP | DECODE;
// Evaluated at compile time: an index out of range fails the build, never a request.
#[allow(clippy::indexing_slicing)]
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'&' as usize] = AMP;
    t[b'=' as usize] = EQ;
    t[b'+' as usize] = DECODE;
    t[b'%' as usize] = DECODE;
    let mut i = 0x80;
    while i < 256 {
        t[i] = DECODE;
        i += 1;
    }
    t
};

fn class(b: u8) -> u8 {
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// The value of an ASCII hex digit, 0xFF for any other byte.
// Evaluated at compile time: an index out of range fails the build, never a request.
#[allow(clippy::indexing_slicing)]
const HEX: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

fn hex(c: u8) -> u8 {
    HEX.get(usize::from(c)).copied().unwrap_or(0xFF)
}

/// Reads one name (`stops` = [`NAME_STOP`]: ends at `=` or `&`) or value ([`VALUE_STOP`]: ends
/// at `&`) at `*pos`, consuming the separator; returns where it lies and what ended it (`AMP`,
/// `EQ` or `END`).
fn component(input: &[u8], pos: &mut usize, arena: &mut Vec<u8>, stops: u8) -> (Part, u8) {
    let start = *pos;
    let tail = input.get(start..).unwrap_or_default();
    let Some(i) = tail.iter().position(|&b| class(b) & stops != 0) else {
        *pos = input.len();
        return (Part::Input(start, input.len()), END);
    };
    let stop = tail.get(i).map_or(END, |&b| class(b));
    if stop != DECODE {
        *pos = start + i + 1;
        return (Part::Input(start, start + i), stop);
    }
    // Something to decode: the plain run so far, then byte by byte.
    let from = arena.len();
    arena.extend_from_slice(tail.get(..i).unwrap_or_default());
    let mut it = tail.get(i..).unwrap_or_default().iter();
    let mut stop = END;
    let mut high = 0u8;
    while let Some(&b) = it.next() {
        let c = class(b) & stops;
        if c == AMP || c == EQ {
            stop = c;
            break;
        }
        let d = match b {
            b'+' => b' ',
            b'%' => {
                let s = it.as_slice();
                let h = s.first().map_or(0xFF, |&c| hex(c));
                let l = s.get(1).map_or(0xFF, |&c| hex(c));
                if (h | l) < 0x10 {
                    it.nth(1);
                    (h << 4) | l
                } else {
                    b'%'
                }
            }
            _ => b,
        };
        high |= d;
        arena.push(d);
    }
    *pos = input.len() - it.as_slice().len();
    // Only a byte >= 0x80 can make it invalid UTF-8 (the plain run before is ASCII).
    if high >= 0x80 {
        fix_utf8(arena, from);
    }
    (Part::Arena(from, arena.len()), stop)
}

/// Replaces invalid UTF-8 in `arena[from..]` with U+FFFD, as `String::from_utf8_lossy` does.
fn fix_utf8(arena: &mut Vec<u8>, from: usize) {
    if let Some(Err(_)) = arena.get(from..).map(core::str::from_utf8) {
        let fixed = String::from_utf8_lossy(arena.get(from..).unwrap_or_default()).into_owned();
        arena.truncate(from);
        arena.extend_from_slice(fixed.as_bytes());
    }
}

/// Appends `name + value` for each distinct pair, names then values in byte order (code-point
/// order for UTF-8). Shared by the raw-body and the decoded-parameters paths.
fn write_sorted(pairs: &[(&[u8], &[u8])], out: &mut Vec<u8>) {
    if pairs.len() <= SMALL {
        let keys = small_order(pairs);
        write_in_order(pairs, keys.iter().map(|&k| (k & 0xFF) as usize), out);
    } else {
        // The first 8 bytes of the name as a number decide almost every comparison of Twilio's
        // names ("CalledCi" < "CalledSt"); only ties compare the whole pair.
        let pair = |i: usize| pairs.get(i).copied().unwrap_or_default();
        let mut order: Vec<(u64, usize)> = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| (prefix(p.0, 8), i))
            .collect();
        let le =
            |a: (u64, usize), b: (u64, usize)| a.0 < b.0 || (a.0 == b.0 && pair(a.1) <= pair(b.1));
        merge_sort(&mut order, le);
        write_in_order(pairs, order.iter().map(|&(_, i)| i), out);
    }
}

/// Appends `name + value` of the pairs in `order`, each distinct pair once (equal pairs are
/// adjacent once sorted).
fn write_in_order(pairs: &[(&[u8], &[u8])], order: impl Iterator<Item = usize>, out: &mut Vec<u8>) {
    out.reserve(pairs.iter().map(|p| p.0.len() + p.1.len()).sum());
    let mut last = None;
    for p in order.map(|i| pairs.get(i).copied().unwrap_or_default()) {
        if last != Some(p) {
            out.extend_from_slice(p.0);
            out.extend_from_slice(p.1);
        }
        last = Some(p);
    }
}

/// The first `n` (<= 8) bytes of `s` as a big-endian number, zero-padded: if `prefix(a) <
/// prefix(b)` then `a < b`; equal prefixes say nothing.
fn prefix(s: &[u8], n: usize) -> u64 {
    s.iter()
        .take(n)
        .enumerate()
        .fold(0, |x, (i, &c)| x | u64::from(c) << (56 - 8 * i))
}

/// The stable order of at most [`SMALL`] pairs, by name then value, as keys whose low byte is
/// the pair's index and the rest the name's first 7 bytes: the insertion sort then moves and
/// compares single `u64`s (half the work of a (prefix, index) tuple in wasm). Names sharing 7
/// bytes (`CalledCity`, `CalledCountry`) end up together, in index order, and only such runs
/// are sorted again on the whole pair.
fn small_order(pairs: &[(&[u8], &[u8])]) -> Vec<u64> {
    const { assert!(SMALL <= 256, "the index must fit the key's low byte") };
    let pair = |i: u64| pairs.get(i as usize).copied().unwrap_or_default();
    let mut keys: Vec<u64> = (0u64..)
        .zip(pairs)
        .map(|(i, p)| prefix(p.0, 7) | i)
        .collect();
    insertion_sort(&mut keys, |a, b| a <= b);
    for run in keys.chunk_by_mut(|a, b| a >> 8 == b >> 8) {
        if run.len() > 1 {
            insertion_sort(run, |a, b| pair(a & 0xFF) <= pair(b & 0xFF));
        }
    }
    keys
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
            let unlimited = Limits::default().with_max_params(usize::MAX).with_max_name_bytes(usize::MAX).with_max_value_bytes(usize::MAX);
            write_signing_suffix_raw(&body, &unlimited, &mut fast).unwrap();
            let mut reference = Vec::new();
            Params::parse(&body).write_signing_suffix(&mut reference);
            prop_assert_eq!(fast, reference);
        }
    }

    /// The sort behind every signing suffix is O(n log n) in comparisons whatever the input
    /// (sorted, reversed, all equal as with repeated keys, interleaved): counted, not timed.
    #[test]
    fn merge_sort_comparisons_are_linearithmic() {
        for n in [10_000usize, 100_000] {
            let bound = n * (usize::BITS - n.leading_zeros()) as usize;
            let inputs: [Vec<usize>; 4] = [
                (0..n).collect(),
                (0..n).rev().collect(),
                vec![7; n],
                (0..n).map(|i| (i * 7919) % n).collect(),
            ];
            for mut v in inputs {
                let count = core::cell::Cell::new(0usize);
                merge_sort(&mut v, |a, b| {
                    count.set(count.get() + 1);
                    a <= b
                });
                assert!(v.windows(2).all(|w| w[0] <= w[1]));
                assert!(count.get() <= bound, "{n}: {} > {bound}", count.get());
            }
        }
    }

    #[test]
    fn parse_limited_stops_at_the_first_pair_over() {
        let limits = Limits::default().with_max_params(2);
        assert_eq!(
            Params::parse_limited(b"A=1&&B=2&", &limits).map(|p| p.len()),
            Ok(2)
        );
        assert_eq!(
            Params::parse_limited(b"A=1&B=2&C", &limits),
            Err(Limit::Params)
        );
        let limits = Limits::default()
            .with_max_name_bytes(1)
            .with_max_value_bytes(1);
        assert_eq!(
            Params::parse_limited(b"%41=%42", &limits).map(|p| p.len()),
            Ok(1)
        );
        assert_eq!(
            Params::parse_limited(b"AB=1", &limits),
            Err(Limit::NameBytes)
        );
        assert_eq!(
            Params::parse_limited(b"A=12", &limits),
            Err(Limit::ValueBytes)
        );
        let limits = Limits::default().with_max_body_bytes(3);
        assert_eq!(
            Params::parse_limited(b"A=12", &limits),
            Err(Limit::BodyBytes)
        );
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
