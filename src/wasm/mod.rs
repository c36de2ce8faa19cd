//! The JavaScript surface: converts JS values to core types and back, and turns misuse into a
//! `TypeError` with a `code`. No rules live here.

use crate::error::UsageError;
use crate::form::Params;
use crate::signature::{self, Request};
use crate::token::Keys;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** The request as received. `body` must be the raw bytes (or the exact text) of the body. */
export interface VerifyInput {
  url: string;
  method?: 'POST' | 'GET';
  contentType?: string | null;
  body: string | Uint8Array;
  /** The X-Twilio-Signature header; null when absent. */
  signature: string | null;
  /** The X-Twilio-Webhooks-Signature-Settings header; null when absent. */
  signatureSettings?: string | null;
  /** Only host, x-forwarded-proto, x-forwarded-host, x-forwarded-port and forwarded are read, for the diagnosis. */
  headers?: Record<string, string>;
}
/** The secrets a request may be signed with: auth tokens (HMAC-SHA1) and SharedKey secrets (HMAC-SHA256). */
export interface Keys {
  authToken?: string;
  authTokens?: string[];
  sharedKeys?: string[];
}
export type UrlVariant = 'as-received' | 'port-added' | 'port-removed' | 'scheme-lowercased'
  | 'scheme-lowercased-port-added' | 'scheme-lowercased-port-removed';
export type Algorithm = 'HMAC_SHA1' | 'HMAC_SHA256';
export type SigningPath = 'form' | 'url' | 'body-hash';
export type Reason = 'missing_signature' | 'signature_mismatch' | 'body_hash_mismatch'
  | 'missing_body_hash' | 'unsupported_algorithm';
/** One diagnosis hint: a stable code, whether it was confirmed by recomputing, and what to change. */
export interface Hint {
  code: string;
  confirmed: boolean;
  message: string;
}
export interface Verified {
  valid: true;
  /** Index among authTokens (HMAC_SHA1; authToken counts first) or sharedKeys (HMAC_SHA256). */
  keyIndex: number;
  urlVariant: UrlVariant;
  algorithm: Algorithm;
  path: SigningPath;
}
export interface Rejected {
  valid: false;
  reason: Reason;
  message: string;
  hints: Hint[];
}
export type Verification = Verified | Rejected;
"#;

/// A `TypeError` carrying the error's stable code.
pub(crate) fn type_error(e: &UsageError) -> JsValue {
    let err = js_sys::TypeError::new(&e.to_string());
    // Setting a property on a fresh object cannot fail; ignore the impossible error.
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

fn invalid(name: &'static str, expected: &'static str) -> JsValue {
    type_error(&UsageError::InvalidArgument { name, expected })
}

fn string_arg(v: &JsValue, name: &'static str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| invalid(name, "a string"))
}

/// `null`/`undefined` → None, a string → Some, anything else → TypeError.
fn opt_string(v: &JsValue, name: &'static str) -> Result<Option<String>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    string_arg(v, name).map(Some)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A body given as a string (its UTF-8 bytes), a `Uint8Array` or an `ArrayBuffer`.
pub(crate) fn bytes_arg(v: &JsValue, name: &'static str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(invalid(name, "a string, a Uint8Array or an ArrayBuffer"))
}

/// `{ name: value | value[] }` → decoded pairs (strings only).
pub(crate) fn params_arg(v: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let expected = "an object whose values are strings or arrays of strings";
    if !v.is_object() || v.is_array() {
        return Err(invalid("params", expected));
    }
    let mut pairs = Vec::new();
    for entry in Object::entries(v.unchecked_ref::<Object>()).iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        if let Some(s) = value.as_string() {
            pairs.push((name, s));
        } else if let Some(list) = value.dyn_ref::<Array>() {
            for item in list.iter() {
                let s = item
                    .as_string()
                    .ok_or_else(|| invalid("params", expected))?;
                pairs.push((name.clone(), s));
            }
        } else {
            return Err(invalid("params", expected));
        }
    }
    Ok(pairs)
}

fn string_list(v: &JsValue, name: &'static str) -> Result<Vec<String>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(Vec::new());
    }
    let list = v
        .dyn_ref::<Array>()
        .ok_or_else(|| invalid(name, "an array of strings"))?;
    list.iter()
        .map(|s| {
            s.as_string()
                .ok_or_else(|| invalid(name, "an array of strings"))
        })
        .collect()
}

/// `{ authToken?, authTokens?, sharedKeys? }` → Keys (authToken first).
pub(crate) fn keys_arg(v: &JsValue) -> Result<Keys, JsValue> {
    if !v.is_object() {
        return Err(invalid(
            "keys",
            "an object { authToken?, authTokens?, sharedKeys? }",
        ));
    }
    let mut keys = Keys::default();
    if let Some(t) = opt_string(&get(v, "authToken"), "keys.authToken")? {
        keys = keys.with_auth_token(&t).map_err(|e| type_error(&e))?;
    }
    for t in string_list(&get(v, "authTokens"), "keys.authTokens")? {
        keys = keys.with_auth_token(&t).map_err(|e| type_error(&e))?;
    }
    for t in string_list(&get(v, "sharedKeys"), "keys.sharedKeys")? {
        keys = keys.with_shared_key(&t).map_err(|e| type_error(&e))?;
    }
    if keys.is_empty() {
        return Err(type_error(&UsageError::NoKeys));
    }
    Ok(keys)
}

fn token_arg(v: &JsValue) -> Result<Keys, JsValue> {
    let t = string_arg(v, "authToken")?;
    Keys::auth_token(&t).map_err(|e| type_error(&e))
}

/// The owned strings behind a [`Request`], read from a `VerifyInput` object.
pub(crate) struct Input {
    url: String,
    get: bool,
    content_type: Option<String>,
    body: Vec<u8>,
    signature: Option<String>,
    settings: Option<String>,
    headers: Vec<(&'static str, String)>,
}

const PROXY_HEADERS: [&str; 5] = [
    "host",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-forwarded-port",
    "forwarded",
];

impl Input {
    pub(crate) fn from_js(v: &JsValue) -> Result<Self, JsValue> {
        if !v.is_object() {
            return Err(invalid("input", "an object { url, body, signature, ... }"));
        }
        let method = opt_string(&get(v, "method"), "input.method")?;
        let get_method = match method.as_deref() {
            None => false,
            Some(m) if m.eq_ignore_ascii_case("POST") => false,
            Some(m) if m.eq_ignore_ascii_case("GET") => true,
            Some(_) => return Err(invalid("input.method", "'POST' or 'GET'")),
        };
        let body = get(v, "body");
        let body = if body.is_undefined() || body.is_null() {
            Vec::new()
        } else {
            bytes_arg(&body, "input.body")?
        };
        let mut headers = Vec::new();
        let h = get(v, "headers");
        if h.is_object() {
            for name in PROXY_HEADERS {
                if let Some(value) = get(&h, name).as_string() {
                    headers.push((name, value));
                }
            }
        }
        Ok(Input {
            url: string_arg(&get(v, "url"), "input.url")?,
            get: get_method,
            content_type: opt_string(&get(v, "contentType"), "input.contentType")?,
            body,
            signature: opt_string(&get(v, "signature"), "input.signature")?,
            settings: opt_string(&get(v, "signatureSettings"), "input.signatureSettings")?,
            headers,
        })
    }

    pub(crate) fn request(&self) -> Result<Request<'_>, JsValue> {
        let req = if self.get {
            Request::get(&self.url)
        } else {
            Request::post(&self.url, self.content_type.as_deref(), &self.body)
        };
        let mut req = req
            .map_err(|e| type_error(&e))?
            .with_signature(self.signature.as_deref())
            .with_signature_settings(self.settings.as_deref());
        for (name, value) in &self.headers {
            req = req.with_header(name, value);
        }
        Ok(req)
    }
}

pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    // Our own plain structs always serialise; a failure would be a bug, reported as undefined.
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&ser).unwrap_or(JsValue::UNDEFINED)
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum Verification {
    Valid {
        valid: bool,
        #[serde(flatten)]
        verified: signature::Verified,
    },
    Invalid {
        valid: bool,
        reason: crate::Reason,
        message: &'static str,
    },
}

/// Drop-in for twilio-node's `validateRequest(authToken, twilioHeader, url, params)`.
#[wasm_bindgen(js_name = validateRequest, unchecked_return_type = "boolean")]
pub fn validate_request(
    #[wasm_bindgen(unchecked_param_type = "string")] auth_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] twilio_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string | string[]>")] params: JsValue,
) -> Result<bool, JsValue> {
    let keys = token_arg(&auth_token)?;
    let header = opt_string(&twilio_header, "twilioHeader")?;
    let url = string_arg(&url, "url")?;
    let pairs = params_arg(&params)?;
    let params = Params::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let req = Request::with_params(&url, params)
        .map_err(|e| type_error(&e))?
        .with_signature(header.as_deref());
    Ok(signature::verify(&req, &keys).is_ok())
}

/// Drop-in for twilio-node's `validateRequestWithBody(authToken, twilioHeader, url, body)`:
/// the URL must carry `bodySHA256` matching the raw body.
#[wasm_bindgen(js_name = validateRequestWithBody, unchecked_return_type = "boolean")]
pub fn validate_request_with_body(
    #[wasm_bindgen(unchecked_param_type = "string")] auth_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] twilio_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
) -> Result<bool, JsValue> {
    let keys = token_arg(&auth_token)?;
    let header = opt_string(&twilio_header, "twilioHeader")?;
    let url = string_arg(&url, "url")?;
    let body = bytes_arg(&body, "body")?;
    // Any content type other than a form: the body-hash path, or missing_body_hash (false).
    let req = Request::post(&url, Some("application/json"), &body)
        .map_err(|e| type_error(&e))?
        .with_signature(header.as_deref());
    Ok(signature::verify(&req, &keys).is_ok())
}

/// Drop-in for twilio-node's `getExpectedTwilioSignature(authToken, url, params)`.
#[wasm_bindgen(js_name = getExpectedTwilioSignature, unchecked_return_type = "string")]
pub fn get_expected_twilio_signature(
    #[wasm_bindgen(unchecked_param_type = "string")] auth_token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string | string[]>")] params: JsValue,
) -> Result<String, JsValue> {
    let token = string_arg(&auth_token, "authToken")?;
    let url = string_arg(&url, "url")?;
    let pairs = params_arg(&params)?;
    let params = Params::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    signature::expected_signature(signature::Algorithm::HmacSha1, &token, &url, &params)
        .map_err(|e| type_error(&e))
}

/// Drop-in for twilio-node's `getExpectedBodyHash(body)`: lower-case hex SHA-256.
#[wasm_bindgen(js_name = getExpectedBodyHash, unchecked_return_type = "string")]
pub fn get_expected_body_hash(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
) -> Result<String, JsValue> {
    Ok(signature::body_sha256_hex(&bytes_arg(&body, "body")?))
}

/// Verifies a request as received. A mismatch is a value (`valid: false`), never a throw.
#[wasm_bindgen(js_name = verify, unchecked_return_type = "Verification")]
pub fn verify_js(
    #[wasm_bindgen(unchecked_param_type = "VerifyInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Keys")] keys: JsValue,
) -> Result<JsValue, JsValue> {
    let input = Input::from_js(&input)?;
    let keys = keys_arg(&keys)?;
    let req = input.request()?;
    Ok(to_js(&match signature::verify(&req, &keys) {
        Ok(verified) => Verification::Valid {
            valid: true,
            verified,
        },
        Err(e) => Verification::Invalid {
            valid: false,
            reason: e.reason,
            message: e.reason.message(),
        },
    }))
}

/// The diagnosis of a failed verification: hints with stable codes. Never contains a secret.
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "Hint[]")]
pub fn diagnose_js(
    #[wasm_bindgen(unchecked_param_type = "VerifyInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Keys")] keys: JsValue,
) -> Result<JsValue, JsValue> {
    let input = Input::from_js(&input)?;
    let keys = keys_arg(&keys)?;
    let req = input.request()?;
    Ok(to_js(&signature::diagnose(&req, &keys)))
}

// ---------------------------------------------------------------------------------------------
// The lean path: strings in, one number out. Reading a JS object property by property and
// building a result object cost about twice the verification itself; the npm package's API
// module checks argument types in JS, calls this, and decodes the number with `codeTables()`.

/// How `verifyParts` reads the body.
const MODE_POST: u8 = 0;
const MODE_GET: u8 = 1;
/// The body is the caller's decoded parameters re-encoded as a form: always the form path,
/// whatever the URL holds (the drop-in `validateRequest`).
const MODE_PARAMS: u8 = 2;

fn position<T: PartialEq>(all: &[T], x: &T) -> u32 {
    all.iter().position(|y| y == x).unwrap_or(0) as u32
}

/// Packs a verification: bits 0-3 = 0 when valid, else 1 + the index of the reason in
/// `Reason::ALL`; bits 4-7 the URL variant, bit 8 the algorithm, bits 9-10 the path (indices in
/// their `ALL`), bits 16 and up the key index.
pub(crate) fn pack(r: &Result<signature::Verified, signature::SignatureError>) -> u32 {
    use crate::{Algorithm, SigningPath, UrlVariant};
    match r {
        Ok(v) => {
            position(&UrlVariant::ALL, &v.url_variant) << 4
                | position(&Algorithm::ALL, &v.algorithm) << 8
                | position(&SigningPath::ALL, &v.path) << 9
                | (v.key_index.min(0xFFFF) as u32) << 16
        }
        Err(e) => 1 + position(&crate::Reason::ALL, &e.reason),
    }
}

/// The names behind `pack`'s numbers: `[reasons, reasonMessages, urlVariants, algorithms, paths]`.
#[wasm_bindgen(js_name = codeTables, unchecked_return_type = "string[][]")]
pub fn code_tables() -> JsValue {
    use crate::{Algorithm, Reason, SigningPath, UrlVariant};
    let list = |names: &mut dyn Iterator<Item = &'static str>| -> JsValue {
        names.map(JsValue::from_str).collect::<Array>().into()
    };
    [
        list(&mut Reason::ALL.iter().map(|r| r.code())),
        list(&mut Reason::ALL.iter().map(|r| r.message())),
        list(&mut UrlVariant::ALL.iter().map(|v| v.as_str())),
        list(&mut Algorithm::ALL.iter().map(|a| a.as_str())),
        list(&mut SigningPath::ALL.iter().map(|p| p.as_str())),
    ]
    .into_iter()
    .collect::<Array>()
    .into()
}

/// Verifies from positional parts; see `pack` for the result. `keys` lists the auth tokens
/// first (`auth_count` of them), then the SharedKey secrets. The body is `body_text` (its UTF-8
/// bytes) or else `body_bytes`. Throws a `TypeError` with a code on misuse.
#[wasm_bindgen(js_name = verifyParts)]
#[allow(clippy::too_many_arguments)]
pub fn verify_parts(
    url: &str,
    mode: u8,
    content_type: Option<String>,
    body_text: Option<String>,
    body_bytes: Option<Box<[u8]>>,
    signature: Option<String>,
    settings: Option<String>,
    keys: Vec<String>,
    auth_count: usize,
) -> Result<u32, JsValue> {
    let mut k = Keys::default();
    for (i, key) in keys.iter().enumerate() {
        k = if i < auth_count {
            k.with_auth_token(key)
        } else {
            k.with_shared_key(key)
        }
        .map_err(|e| type_error(&e))?;
    }
    if k.is_empty() {
        return Err(type_error(&UsageError::NoKeys));
    }
    let body: &[u8] = match (&body_text, &body_bytes) {
        (Some(t), _) => t.as_bytes(),
        (None, Some(b)) => b,
        (None, None) => &[],
    };
    let req = match mode {
        MODE_POST => Request::post(url, content_type.as_deref(), body),
        MODE_GET => Request::get(url),
        MODE_PARAMS => Request::with_params(url, Params::parse(body)),
        _ => return Err(invalid("mode", "0, 1 or 2")),
    }
    .map_err(|e| type_error(&e))?
    .with_signature(signature.as_deref())
    .with_signature_settings(settings.as_deref());
    Ok(pack(&signature::verify(&req, &k)))
}
