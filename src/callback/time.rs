//! [`Timestamp`]: an RFC 2822 date (`Tue, 01 Nov 2016 01:59:13 +0000`) as a UTC instant.
//!
//! A small hand-written parser and formatter instead of a date crate: the wasm build stays small
//! and the only formats needed are RFC 2822 in and RFC 2822 / ISO 8601 out.

use core::fmt;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// 1900-01-01T00:00:00Z, the earliest instant accepted (RFC 2822 §3.3: year ≥ 1900).
const MIN: i64 = -2_208_988_800;
/// 9999-12-31T23:59:59Z, the latest instant that still has a four-digit year.
const MAX: i64 = 253_402_300_799;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Indexed by `days since 1970-01-01` + 4 (mod 7): 1970-01-01 was a Thursday.
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// A UTC instant with one-second resolution, parsed from the RFC 2822 dates Twilio sends in
/// `Timestamp` and `RecordingStartTime`.
///
/// Stored as seconds since 1970-01-01T00:00:00Z; always between 1900-01-01 and 9999-12-31, so
/// it can always be formatted back. In JSON (feature `serde`) it is
/// `{ "iso": "2016-11-01T01:59:13Z", "epochMs": 1477965553000 }`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::Timestamp;
/// let t = Timestamp::parse_rfc2822("Tue, 01 Nov 2016 01:59:13 +0000")?;
/// assert_eq!(t.epoch_seconds(), 1_477_965_553);
/// assert_eq!(t.to_iso8601(), "2016-11-01T01:59:13Z");
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// What [`parse_rfc2822`](Self::parse_rfc2822) accepts, as used in error messages.
    pub(crate) const EXPECTED: &'static str =
        "as an RFC 2822 date like \"Tue, 01 Nov 2016 01:59:13 +0000\"";

    /// Parses an RFC 2822 date-time: optional day name, day, month name, four-digit year,
    /// `HH:MM[:SS]` and a zone (`+hhmm` / `-hhmm`, or the obsolete `UT`, `GMT`, `EST`, `EDT`,
    /// `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`). Names are case-insensitive; runs of spaces
    /// are accepted; a day name must match the date. Comments are not supported.
    ///
    /// # Errors
    ///
    /// An `invalid_field` [`ParseError`](super::ParseError) for field `Timestamp` when the
    /// text is not such a date, or the instant is outside 1900-01-01..=9999-12-31 UTC.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::parse_rfc2822("1 Nov 2016 02:59 +0100")?;
    /// assert_eq!(t.to_iso8601(), "2016-11-01T01:59:00Z");
    /// assert!(Timestamp::parse_rfc2822("Thurs, 20 July 1989 10:00:00 +0000").is_err());
    /// assert!(Timestamp::parse_rfc2822("Tue, 01 Nov 2016 01:59:13 Etc/UTC").is_err());
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn parse_rfc2822(s: &str) -> Result<Timestamp, super::ParseError> {
        parse(s)
            .map(Timestamp)
            .ok_or_else(|| super::ParseError::invalid("Timestamp", Self::EXPECTED, s))
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, if it lies between
    /// 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::from_epoch_seconds(0).unwrap();
    /// assert_eq!(t.to_rfc2822(), "Thu, 01 Jan 1970 00:00:00 +0000");
    /// assert!(Timestamp::from_epoch_seconds(i64::MAX).is_none());
    /// ```
    pub fn from_epoch_seconds(seconds: i64) -> Option<Timestamp> {
        (MIN..=MAX).contains(&seconds).then_some(Timestamp(seconds))
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before 1970).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::parse_rfc2822("Thu, 01 Jan 1970 00:00:10 GMT")?;
    /// assert_eq!(t.epoch_seconds(), 10);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn epoch_seconds(self) -> i64 {
        self.0
    }

    /// Milliseconds since 1970-01-01T00:00:00Z, as JavaScript's `Date` counts them.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::parse_rfc2822("Tue, 01 Nov 2016 01:59:13 +0000")?;
    /// assert_eq!(t.epoch_millis(), 1_477_965_553_000);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn epoch_millis(self) -> i64 {
        // In range by construction: |MAX| * 1000 is far below i64::MAX.
        self.0.saturating_mul(1000)
    }

    /// ISO 8601 / RFC 3339 in UTC: `2016-11-01T01:59:13Z`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::parse_rfc2822("Mon, 31 Dec 1900 23:00:00 -0100")?;
    /// assert_eq!(t.to_iso8601(), "1901-01-01T00:00:00Z");
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_iso8601(self) -> String {
        let c = Civil::from_epoch(self.0);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// RFC 2822 in UTC, as Twilio writes it: `Tue, 01 Nov 2016 01:59:13 +0000`.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::Timestamp;
    /// let t = Timestamp::parse_rfc2822("1 Nov 2016 01:59:13 GMT")?;
    /// assert_eq!(t.to_rfc2822(), "Tue, 01 Nov 2016 01:59:13 +0000");
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn to_rfc2822(self) -> String {
        let c = Civil::from_epoch(self.0);
        let weekday = WEEKDAYS
            .get(weekday_index(self.0.div_euclid(DAY)))
            .copied()
            .unwrap_or("Sun");
        let month = MONTHS
            .get(usize::from(c.month).saturating_sub(1))
            .copied()
            .unwrap_or("Jan");
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
            c.day, c.year, c.hour, c.minute, c.second
        )
    }
}

impl fmt::Display for Timestamp {
    /// Formats as ISO 8601 (see [`to_iso8601`](Timestamp::to_iso8601)).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Timestamp", 2)?;
        s.serialize_field("iso", &self.to_iso8601())?;
        s.serialize_field("epochMs", &self.epoch_millis())?;
        s.end()
    }
}

/// A broken-down UTC date and time.
struct Civil {
    year: i64,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl Civil {
    fn from_epoch(secs: i64) -> Civil {
        let days = secs.div_euclid(DAY);
        let rem = secs.rem_euclid(DAY);
        let (year, month, day) = civil_from_days(days);
        // rem < 86 400, so every quotient below fits a u8.
        let narrow = |v: i64| u8::try_from(v).unwrap_or(0);
        Civil {
            year,
            month,
            day,
            hour: narrow(rem / 3600),
            minute: narrow(rem % 3600 / 60),
            second: narrow(rem % 60),
        }
    }
}

/// 0 = Sunday.
fn weekday_index(days: i64) -> usize {
    usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    let narrow = |v: i64| u8::try_from(v).unwrap_or(1);
    (year, narrow(month), narrow(day))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A run of ASCII digits of length `min..=max`, as a number.
fn digits(s: &str, min: usize, max: usize) -> Option<i64> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Index (0-based) of a three-letter name in `names`, case-insensitively.
fn name_index(s: &str, names: &[&str]) -> Option<usize> {
    names.iter().position(|n| n.eq_ignore_ascii_case(s))
}

/// Offset east of UTC, in seconds.
fn zone(s: &str) -> Option<i64> {
    let bytes = s.as_bytes();
    if let (Some(&sign), 5) = (bytes.first(), bytes.len()) {
        if sign == b'+' || sign == b'-' {
            let hhmm = digits(s.get(1..)?, 4, 4)?;
            let (h, m) = (hhmm / 100, hhmm % 100);
            if m > 59 {
                return None;
            }
            let offset = h * 3600 + m * 60;
            return Some(if sign == b'-' { -offset } else { offset });
        }
    }
    let hours = match s.to_ascii_uppercase().as_str() {
        "UT" | "GMT" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    Some(hours * 3600)
}

/// Seconds since the epoch, or `None` if `s` is not an RFC 2822 date-time in range.
fn parse(s: &str) -> Option<i64> {
    let s = s.trim_matches([' ', '\t']);
    let (day_name, rest) = match s.split_once(',') {
        Some((name, rest)) => (Some(name.trim_matches([' ', '\t'])), rest),
        None => (None, s),
    };
    let mut parts = rest.split([' ', '\t']).filter(|p| !p.is_empty());
    let day = digits(parts.next()?, 1, 2)?;
    let month = u8::try_from(name_index(parts.next()?, &MONTHS)? + 1).ok()?;
    let year = digits(parts.next()?, 4, 4)?;
    let time = parts.next()?;
    let offset = zone(parts.next()?)?;
    if parts.next().is_some() || year < 1900 {
        return None;
    }
    let day = u8::try_from(day).ok()?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut hms = time.split(':');
    let hour = digits(hms.next()?, 2, 2)?;
    let minute = digits(hms.next()?, 2, 2)?;
    let second = match hms.next() {
        Some(sec) => digits(sec, 2, 2)?,
        None => 0,
    };
    // 60 is a leap second (RFC 2822 allows it); it counts as the next minute's first second.
    if hms.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if let Some(name) = day_name {
        if name_index(name, &WEEKDAYS)? != weekday_index(days) {
            return None;
        }
    }
    let secs = days * DAY + hour * 3600 + minute * 60 + second - offset;
    (MIN..=MAX).contains(&secs).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        let t = |s| parse(s);
        assert_eq!(t("Tue, 01 Nov 2016 01:59:13 +0000"), Some(1_477_965_553));
        assert_eq!(t("  tue,01 nov 2016 01:59:13 +0000 "), Some(1_477_965_553));
        assert_eq!(t("Tue, 01 Nov 2016 02:59:13 +0100"), Some(1_477_965_553));
        assert_eq!(t("Mon, 31 Oct 2016 21:59:13 EDT"), Some(1_477_965_553));
        assert_eq!(t("Thu, 01 Jan 1970 00:00:00 UT"), Some(0));
        assert_eq!(t("Mon, 01 Jan 1900 00:00:00 +0000"), Some(MIN));
        assert_eq!(t("Fri, 31 Dec 9999 23:59:59 +0000"), Some(MAX));
        assert_eq!(t("29 Feb 2000 00:00 +0000"), Some(951_782_400));
        assert_eq!(t("31 Dec 2016 23:59:60 +0000"), Some(1_483_228_800));
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "Thurs, 20 July 1989 10:00:00 +0000",
            "Thu, 20 Jul 1989 10:00:00 Etc/UTC",
            "Thu, 20 Jul 1989 10:00:00 +000",
            "Wed, 01 Nov 2016 01:59:13 +0000",
            "29 Feb 1900 00:00 +0000",
            "01 Nov 16 01:59:13 +0000",
            "01 Nov 2016 1:59:13 +0000",
            "01 Nov 2016 24:00:00 +0000",
            "01 Nov 2016 01:59:13",
            "01 Nov 2016 01:59:13 +0000 extra",
            "01 Nov 2016 01:59:13 +0060",
            "Mon, 01 Jan 1900 00:00:00 +0001",
            "Fri, 31 Dec 9999 23:59:60 +0000",
            "2016-11-01T01:59:13Z",
            "+1 Nov 2016 01:59:13 +0000",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn civil_round_trip_at_the_edges() {
        for days in [MIN / DAY, -1, 0, 1, 11_016, 59, 60, 365, 10_957, MAX / DAY] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
