//! The `http` feature: check an [`http::Request`](::http::Request) (what axum, hyper, tower and
//! most Rust HTTP servers hand you) with its body bytes.
//!
//! This is plumbing only: the method, URL and headers are read from the request, a core
//! [`Request`] is built, and [`check`] gives the [`Verdict`]. No rule of the signature lives here.

use crate::error::UsageError;
use crate::signature::Request;
use crate::token::Keys;
use crate::verdict::{check, Verdict};
use ::http::{HeaderMap, Method, Uri};

/// The headers copied onto the core [`Request`] (through [`Request::with_header`]): the two
/// signature headers, the content type, and the proxy headers the diagnosis reads.
const HEADERS: [&str; 8] = [
    "x-twilio-signature",
    "x-twilio-webhooks-signature-settings",
    "content-type",
    "host",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-forwarded-port",
    "forwarded",
];

/// Verifies an [`http::Request`](::http::Request) whose body has been read into bytes, and
/// parses the callback it carries: [`check`] on the request as received.
///
/// * **Method**: `GET` takes its parameters from the URL's query; any other method is a POST
///   whose body is checked by its `Content-Type` (see [`Request::post`]).
/// * **URL**: `url` when given. Otherwise the request URI when it is absolute (HTTP/1.1
///   absolute-form), else `https://` + the `Host` header (or the URI's authority, as HTTP/2
///   gives it) + the path and query exactly as received. **Behind a proxy or a load balancer
///   pass the public URL configured in Twilio**: the server cannot know it, and the URL rebuilt
///   from what it received is the internal one (the diagnosis then points at the
///   `X-Forwarded-*` / `Forwarded` headers when they are present).
/// * **Headers**: `X-Twilio-Signature`, `X-Twilio-Webhooks-Signature-Settings`, `Content-Type`,
///   and, for the diagnosis only, `Host`, `X-Forwarded-Proto`, `X-Forwarded-Host`,
///   `X-Forwarded-Port` and `Forwarded`. The first value of each is used; a value that is not
///   UTF-8 is treated as absent (a non-UTF-8 signature is therefore `missing_signature`).
///
/// # Errors
///
/// [`UsageError::InvalidUrl`] when `url` is not an absolute http(s) URL, or when it is `None`
/// and no URL can be rebuilt (a relative URI without a `Host` header). A request that is not
/// signed is not an error: it is a [`Verdict`] whose verification failed.
///
/// # Example
///
/// ```
/// use twilio_webhook::{check_http, Keys};
///
/// let body = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
/// let req = http::Request::post("/myapp.php?foo=1&bar=2")
///     .header("Host", "mycompany.com")
///     .header("Content-Type", "application/x-www-form-urlencoded")
///     .header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
///     .body(body)
///     .expect("a valid request");
/// let keys = Keys::auth_token("12345")?;
///
/// // Rebuilt as https://mycompany.com/myapp.php?foo=1&bar=2
/// assert!(check_http(&req, None, &keys)?.is_valid());
///
/// // Behind a proxy: the public URL Twilio requested.
/// let verdict = check_http(&req, Some("https://mycompany.com/myapp.php?foo=1&bar=2"), &keys)?;
/// assert!(verdict.is_valid());
///
/// // The same request seen over plain http: rejected, with the diagnosis.
/// let verdict = check_http(&req, Some("http://mycompany.com/myapp.php?foo=1&bar=2"), &keys)?;
/// let err = verdict.verification.unwrap_err();
/// assert_eq!(err.code(), "signature_mismatch");
/// assert_eq!(err.hints[0].code.as_str(), "scheme_mismatch");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn check_http<B: AsRef<[u8]>>(
    req: &::http::Request<B>,
    url: Option<&str>,
    keys: &Keys,
) -> Result<Verdict, UsageError> {
    check_from(
        req.method(),
        req.uri(),
        req.headers(),
        req.body().as_ref(),
        url,
        keys,
    )
}

/// [`check_http`] for a request already split into its head and its body bytes, as a server
/// has it after reading the body (`let (parts, body) = req.into_parts()`).
///
/// # Errors
///
/// As [`check_http`]: [`UsageError::InvalidUrl`] when no absolute http(s) URL is given or can
/// be rebuilt.
///
/// # Example
///
/// ```
/// use twilio_webhook::{check_http_parts, Keys};
///
/// let (parts, ()) = http::Request::post("/voice")
///     .header("Host", "example.com")
///     .header("Content-Type", "application/x-www-form-urlencoded")
///     .body(())
///     .expect("a valid request")
///     .into_parts();
/// let verdict = check_http_parts(&parts, b"CallSid=CA1", None, &Keys::auth_token("12345")?)?;
/// let err = verdict.verification.unwrap_err();
/// assert_eq!(err.code(), "missing_signature");
/// # Ok::<(), twilio_webhook::UsageError>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub fn check_http_parts(
    parts: &::http::request::Parts,
    body: &[u8],
    url: Option<&str>,
    keys: &Keys,
) -> Result<Verdict, UsageError> {
    check_from(&parts.method, &parts.uri, &parts.headers, body, url, keys)
}

fn check_from(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    url: Option<&str>,
    keys: &Keys,
) -> Result<Verdict, UsageError> {
    let rebuilt;
    let url = match url {
        Some(url) => url,
        None => {
            rebuilt = rebuild_url(uri, headers)?;
            rebuilt.as_str()
        }
    };
    let req = if method == Method::GET {
        Request::get(url)?
    } else {
        Request::post(url, None, body)?
    };
    let req = HEADERS
        .iter()
        .fold(req, |req, name| match header(headers, name) {
            Some(value) => req.with_header(name, value),
            None => req,
        });
    Ok(check(&req, keys))
}

/// The first value of `name`, when it is UTF-8.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| core::str::from_utf8(v.as_bytes()).ok())
}

/// The URL the server saw: the URI when absolute, else `https://` + host + path and query.
fn rebuild_url(uri: &Uri, headers: &HeaderMap) -> Result<String, UsageError> {
    if uri.scheme().is_some() && uri.authority().is_some() {
        return Ok(uri.to_string());
    }
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let host = header(headers, "host").or_else(|| uri.authority().map(|a| a.as_str()));
    match host {
        Some(host) if !host.is_empty() => Ok(format!("https://{host}{path}")),
        _ => Err(UsageError::invalid_url(path)),
    }
}
