//! The URL as Twilio requested it, split without re-serialising it, and the candidates built
//! from it (spec §3.1): without port, with port, and the same with a lower-cased scheme.

use crate::error::UsageError;

/// Where `needle` first occurs in `hay`. `str::find` with a string pattern sets up a two-way
/// searcher on every call, which cost ~2 % of a verification in wasm; the needles here are a
/// few bytes long and the haystacks one URL.
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0); // `windows(0)` would panic
    }
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// Which spelling of the URL the signature matched.
///
/// # Example
///
/// ```
/// use twilio_webhook::UrlVariant;
/// assert_eq!(UrlVariant::PortAdded.as_str(), "port-added");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
pub enum UrlVariant {
    /// The URL exactly as given.
    AsReceived,
    /// The scheme's default port (`:443` / `:80`) inserted after the host.
    PortAdded,
    /// The explicit port removed.
    PortRemoved,
    /// An upper-case scheme lower-cased, otherwise as given.
    SchemeLowercased,
    /// Lower-cased scheme, default port inserted.
    SchemeLowercasedPortAdded,
    /// Lower-cased scheme, explicit port removed.
    SchemeLowercasedPortRemoved,
}

impl UrlVariant {
    /// Every variant, in a fixed order (the JavaScript binding numbers them by it).
    pub const ALL: [UrlVariant; 6] = [
        UrlVariant::AsReceived,
        UrlVariant::PortAdded,
        UrlVariant::PortRemoved,
        UrlVariant::SchemeLowercased,
        UrlVariant::SchemeLowercasedPortAdded,
        UrlVariant::SchemeLowercasedPortRemoved,
    ];

    /// The stable kebab-case name used in JavaScript and the inspector.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::UrlVariant::AsReceived.as_str(), "as-received");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            UrlVariant::AsReceived => "as-received",
            UrlVariant::PortAdded => "port-added",
            UrlVariant::PortRemoved => "port-removed",
            UrlVariant::SchemeLowercased => "scheme-lowercased",
            UrlVariant::SchemeLowercasedPortAdded => "scheme-lowercased-port-added",
            UrlVariant::SchemeLowercasedPortRemoved => "scheme-lowercased-port-removed",
        }
    }
}

/// A URL split into the pieces the candidates need. All offsets index `raw`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SignedUrl<'a> {
    pub(crate) raw: &'a str,
    /// Length of the scheme (the `:` of `://` is at this index).
    scheme_end: usize,
    /// Where the host ends: the `:` of the port, or the end of the authority.
    host_end: usize,
    /// Where the authority ends (path, query or fragment start).
    authority_end: usize,
    https: bool,
}

/// One candidate spelling, as pieces fed to the HMAC in order (no allocation).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate<'a> {
    pub(crate) parts: [&'a str; 4],
    pub(crate) variant: UrlVariant,
}

impl Candidate<'_> {
    pub(crate) fn to_string_lossy(self) -> String {
        self.parts.concat()
    }
}

impl<'a> SignedUrl<'a> {
    pub(crate) fn parse(raw: &'a str) -> Result<Self, UsageError> {
        let bad = || UsageError::invalid_url(raw);
        let scheme_end = find(raw, "://").ok_or_else(bad)?;
        let scheme = raw.get(..scheme_end).ok_or_else(bad)?;
        let https = scheme.eq_ignore_ascii_case("https");
        if !https && !scheme.eq_ignore_ascii_case("http") {
            return Err(bad());
        }
        let after = scheme_end + 3;
        let tail = raw.get(after..).ok_or_else(bad)?;
        let authority_len = tail.find(['/', '?', '#']).unwrap_or(tail.len());
        let authority = tail.get(..authority_len).ok_or_else(bad)?;
        // Userinfo runs to the last '@'; the port starts at the first ':' after the last ']'.
        let host_start = authority.rfind('@').map_or(0, |i| i + 1);
        let host_and_port = authority.get(host_start..).ok_or_else(bad)?;
        let search_from = host_and_port.rfind(']').map_or(0, |i| i + 1);
        let port_at = host_and_port
            .get(search_from..)
            .and_then(|s| s.find(':'))
            .map(|i| search_from + i);
        let host_len = port_at.unwrap_or(host_and_port.len());
        if host_len == 0 {
            return Err(bad());
        }
        Ok(SignedUrl {
            raw,
            scheme_end,
            host_end: after + host_start + host_len,
            authority_end: after + authority_len,
            https,
        })
    }

    fn piece(&self, from: usize, to: usize) -> &'a str {
        self.raw.get(from..to).unwrap_or("")
    }

    pub(crate) fn scheme(&self) -> &'a str {
        self.piece(0, self.scheme_end)
    }

    /// `://`, userinfo and host.
    pub(crate) fn middle(&self) -> &'a str {
        self.piece(self.scheme_end, self.host_end)
    }

    /// The host, without userinfo or port.
    pub(crate) fn host(&self) -> &'a str {
        let m = self.middle();
        let m = m.get(3..).unwrap_or("");
        m.rfind('@').map_or(m, |i| m.get(i + 1..).unwrap_or(""))
    }

    /// `:port` as written, or "" when the URL has none.
    pub(crate) fn port_part(&self) -> &'a str {
        self.piece(self.host_end, self.authority_end)
    }

    /// Path, query and fragment, byte for byte.
    pub(crate) fn rest(&self) -> &'a str {
        self.piece(self.authority_end, self.raw.len())
    }

    pub(crate) fn is_https(&self) -> bool {
        self.https
    }

    pub(crate) fn default_port(&self) -> &'static str {
        if self.https {
            ":443"
        } else {
            ":80"
        }
    }

    /// The query string (after the first `?`, before any `#`), if the URL has one.
    pub(crate) fn query(&self) -> Option<&'a str> {
        let rest = self.rest();
        let rest = rest
            .get(..rest.find('#').unwrap_or(rest.len()))
            .unwrap_or("");
        rest.find('?').and_then(|i| rest.get(i + 1..))
    }

    /// The candidates of spec §3.1, as-received first. At most four.
    pub(crate) fn candidates(&self) -> ([Option<Candidate<'a>>; 4], usize) {
        let scheme = self.scheme();
        let (mid, port, rest) = (self.middle(), self.port_part(), self.rest());
        let (second_port, second) = if port.is_empty() {
            (self.default_port(), UrlVariant::PortAdded)
        } else {
            ("", UrlVariant::PortRemoved)
        };
        let mut out = [None; 4];
        out[0] = Some(Candidate {
            parts: [scheme, mid, port, rest],
            variant: UrlVariant::AsReceived,
        });
        out[1] = Some(Candidate {
            parts: [scheme, mid, second_port, rest],
            variant: second,
        });
        if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = if self.https { "https" } else { "http" };
            out[2] = Some(Candidate {
                parts: [lower, mid, port, rest],
                variant: UrlVariant::SchemeLowercased,
            });
            out[3] = Some(Candidate {
                parts: [lower, mid, second_port, rest],
                variant: if port.is_empty() {
                    UrlVariant::SchemeLowercasedPortAdded
                } else {
                    UrlVariant::SchemeLowercasedPortRemoved
                },
            });
            return (out, 4);
        }
        (out, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(url: &str) -> Vec<String> {
        let u = SignedUrl::parse(url).unwrap();
        let (c, n) = u.candidates();
        c.iter()
            .take(n)
            .map(|c| c.unwrap().to_string_lossy())
            .collect()
    }

    #[test]
    fn spec_table_3_1() {
        // Every example row of spec/signature.md §3.1.
        assert_eq!(cands("https://h/x"), ["https://h/x", "https://h:443/x"]);
        assert_eq!(
            cands("https://h:8443/x"),
            ["https://h:8443/x", "https://h/x"]
        );
        assert_eq!(
            cands("http://h/x?a=1"),
            ["http://h/x?a=1", "http://h:80/x?a=1"]
        );
        assert_eq!(
            cands("https://user:pass@h/x"),
            ["https://user:pass@h/x", "https://user:pass@h:443/x"]
        );
        assert_eq!(
            cands("https://[2001:db8::1]:8443/x"),
            ["https://[2001:db8::1]:8443/x", "https://[2001:db8::1]/x"]
        );
        assert_eq!(
            cands("HTTPS://h/x"),
            [
                "HTTPS://h/x",
                "HTTPS://h:443/x",
                "https://h/x",
                "https://h:443/x"
            ]
        );
    }

    #[test]
    fn odd_authorities() {
        assert_eq!(cands("https://h:/x"), ["https://h:/x", "https://h/x"]);
        assert_eq!(cands("https://h:0"), ["https://h:0", "https://h"]);
        assert_eq!(
            cands("https://h?x#y"),
            ["https://h?x#y", "https://h:443?x#y"]
        );
        assert_eq!(
            cands("https://u:p@w@h:1/x"),
            ["https://u:p@w@h:1/x", "https://u:p@w@h/x"]
        );
        assert_eq!(
            cands("http://[::1]/"),
            ["http://[::1]/", "http://[::1]:80/"]
        );
    }

    #[test]
    fn rejects_non_http_and_relative() {
        for bad in [
            "/x",
            "example.com/x",
            "ftp://h/x",
            "https:///x",
            "https://",
            "https://u@/x",
            "://h",
        ] {
            assert!(SignedUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn query_and_host() {
        let u = SignedUrl::parse("https://a:b@Host.example:8443/p?x=1&y=2#frag?z").unwrap();
        assert_eq!(u.query(), Some("x=1&y=2"));
        assert_eq!(u.host(), "Host.example");
        assert_eq!(u.port_part(), ":8443");
        assert_eq!(u.rest(), "/p?x=1&y=2#frag?z");
    }
}
