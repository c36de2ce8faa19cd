//! An axum extractor that accepts only requests Twilio signed, and hands the handler the
//! [`Verdict`] with the parsed callback.
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=... PUBLIC_ORIGIN=https://voice.example.com \
//!     cargo run --example axum --features http -- serve     # listens on 127.0.0.1:3000
//! cargo test --example axum --features http                 # drives the router, no network
//! ```
//!
//! Rejections: `400` when the `X-Twilio-Signature` header is absent (not a Twilio request);
//! `403` when it does not verify, with the reason code and the first hint of the diagnosis in
//! the body (for example `signature_mismatch` then `scheme_mismatch: ...`).

use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use twilio_webhook::{check_http_parts, Keys, Reason, Verdict};

/// Largest body read: Voice callbacks are a few kilobytes.
const BODY_LIMIT: usize = 64 * 1024;

/// What the extractor needs from the application state.
#[derive(Clone)]
pub struct TwilioConfig {
    /// The auth token(s), or SharedKey secrets.
    pub keys: Keys,
    /// The public scheme and host Twilio requests, such as `https://voice.example.com`, when
    /// the server is behind a proxy or a load balancer; the URL checked is this plus the path
    /// and query received. `None`: `https://` + the `Host` header + the path and query.
    pub public_origin: Option<String>,
}

/// A request Twilio signed: the verdict, whose verification is `Ok`, and the parsed callback.
pub struct TwilioWebhook(pub Verdict);

impl<S> FromRequest<S> for TwilioWebhook
where
    S: Send + Sync,
    TwilioConfig: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = TwilioConfig::from_ref(state);
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "body too large\n").into_response())?;
        let url = config.public_origin.as_deref().map(|origin| {
            let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            format!("{}{path}", origin.trim_end_matches('/'))
        });
        let verdict = check_http_parts(&parts, &body, url.as_deref(), &config.keys)
            // Misuse (no usable URL): a configuration problem, not the caller's.
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response())?;
        match &verdict.verification {
            Ok(_) => Ok(TwilioWebhook(verdict)),
            Err(e) if e.reason == Reason::MissingSignature => {
                Err((StatusCode::BAD_REQUEST, "missing_signature\n").into_response())
            }
            Err(e) => {
                let mut text = format!("{}\n", e.code());
                if let Some(h) = e.hints.first() {
                    text.push_str(&format!("{}: {}\n", h.code.as_str(), h.message));
                }
                Err((StatusCode::FORBIDDEN, text).into_response())
            }
        }
    }
}

/// A StatusCallback / voice URL handler: echoes the CallSid of the verified callback.
async fn status(TwilioWebhook(verdict): TwilioWebhook) -> (StatusCode, String) {
    match verdict.callback {
        Some(Ok(callback)) => {
            let sid = callback.call_sid().map_or("", |s| s.as_str());
            (StatusCode::OK, format!("{sid}\n"))
        }
        // Signed by Twilio but not a Voice callback this handler understands (or a JSON body).
        Some(Err(e)) => (StatusCode::OK, format!("ignored: {}\n", e.code())),
        None => (StatusCode::OK, "ignored\n".to_string()),
    }
}

/// The application: one webhook route.
fn app(config: TwilioConfig) -> Router {
    Router::new()
        .route("/voice/status", post(status))
        .with_state(config)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().nth(1).is_none() {
        eprintln!("usage: TWILIO_AUTH_TOKEN=... cargo run --example axum --features http -- serve");
        return Ok(());
    }
    let token = std::env::var("TWILIO_AUTH_TOKEN").map_err(|_| "set TWILIO_AUTH_TOKEN")?;
    let config = TwilioConfig {
        keys: Keys::auth_token(&token)?,
        public_origin: std::env::var("PUBLIC_ORIGIN").ok(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("POST http://127.0.0.1:3000/voice/status");
    axum::serve(listener, app(config)).await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt as _;
    use twilio_webhook::{expected_signature, Algorithm, Params};

    const TOKEN: &str = "12345";
    const BODY: &str = "AccountSid=AC3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b&CallSid=CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09&CallStatus=ringing&Direction=inbound&From=%2B14155550199";
    const PUBLIC: &str = "https://voice.example.com/voice/status?tenant=7";

    fn config(public_origin: Option<&str>) -> TwilioConfig {
        TwilioConfig {
            keys: Keys::auth_token(TOKEN).unwrap(),
            public_origin: public_origin.map(str::to_string),
        }
    }

    fn signature() -> String {
        let params = Params::parse(BODY.as_bytes());
        expected_signature(Algorithm::HmacSha1, TOKEN, PUBLIC, &params).unwrap()
    }

    fn request(headers: &[(&str, &str)], body: &str) -> Request {
        let mut req = Request::post("/voice/status?tenant=7")
            .header("Content-Type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        req.body(Body::from(body.to_string())).unwrap()
    }

    async fn send(config: TwilioConfig, req: Request) -> (StatusCode, String) {
        let res = app(config).oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), BODY_LIMIT)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn signed_request_reaches_the_handler() {
        let sig = signature();
        // The public origin configured (behind a proxy)...
        let req = request(&[("X-Twilio-Signature", &sig)], BODY);
        let (status, body) = send(config(Some("https://voice.example.com")), req).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09\n")
        );
        // ...or rebuilt from the Host header.
        let req = request(
            &[("X-Twilio-Signature", &sig), ("Host", "voice.example.com")],
            BODY,
        );
        let (status, body) = send(config(None), req).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "CA5f2a0c3b9e8d4a1f7c6b5e4d3c2b1a09\n")
        );
    }

    #[tokio::test]
    async fn tampered_request_is_forbidden_with_the_reason() {
        let sig = signature();
        let tampered = BODY.replace("ringing", "completed");
        let req = request(&[("X-Twilio-Signature", &sig)], &tampered);
        let (status, body) = send(config(Some("https://voice.example.com")), req).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.starts_with("signature_mismatch\n"), "{body}");
    }

    #[tokio::test]
    async fn proxy_without_public_origin_is_diagnosed() {
        let req = request(
            &[
                ("X-Twilio-Signature", &signature()),
                ("Host", "10.0.0.7:3000"),
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "voice.example.com"),
            ],
            BODY,
        );
        let (status, body) = send(config(None), req).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            body.starts_with("signature_mismatch\nproxy_rewritten_url: "),
            "{body}"
        );
    }

    /// Every line of the README's axum quick start (except `// ...` elisions) is in this file.
    #[test]
    fn readme_quick_start_is_this_example() {
        let readme = include_str!("../README.md");
        let start = readme.find("## Quick start: axum").unwrap();
        let block = &readme[start..];
        let block = &block[block.find("```rust").unwrap()..];
        let block = &block[..block.find("\n```\n").unwrap()];
        let source = include_str!("axum.rs");
        let mut checked = 0;
        for line in block.lines().skip(1).map(str::trim) {
            if line.is_empty() || line.starts_with("// ...") {
                continue;
            }
            assert!(
                source.contains(line),
                "README line not in the example: {line}"
            );
            checked += 1;
        }
        assert!(checked > 20);
    }

    #[tokio::test]
    async fn missing_signature_is_a_bad_request() {
        let req = request(&[], BODY);
        let (status, body) = send(config(Some("https://voice.example.com")), req).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::BAD_REQUEST, "missing_signature\n")
        );
    }
}
