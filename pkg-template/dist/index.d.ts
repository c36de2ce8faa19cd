// Types of the `twilio-webhook` package (every runtime entry has the same API).

/** Which spelling of the URL the signature was made over (spec §3.1). */
export type UrlVariant =
  | 'as-received'
  | 'port-added'
  | 'port-removed'
  | 'scheme-lowercased'
  | 'scheme-lowercased-port-added'
  | 'scheme-lowercased-port-removed';

/** The signing algorithm named by `X-Twilio-Webhooks-Signature-Settings` (HMAC-SHA1 when absent). */
export type Algorithm = 'HMAC_SHA1' | 'HMAC_SHA256';

/** What the signature covers besides the URL: form parameters, nothing, or the body hash. */
export type SigningPath = 'form' | 'url' | 'body-hash';

/** Why a request is not accepted. */
export type Reason =
  | 'missing_signature'
  | 'signature_mismatch'
  | 'body_hash_mismatch'
  | 'missing_body_hash'
  | 'unsupported_algorithm';

/** Form parameters as frameworks decode them: a repeated name has an array value. */
export type Params = Record<string, string | string[]>;

/** One finding of the diagnosis of a failed verification. */
export interface Hint {
  /** Stable snake_case code. */
  code: string;
  /** `true` when the library re-computed the signature under this hypothesis and it matched. */
  confirmed: boolean;
  message: string;
}

/** A webhook request exactly as received. */
export interface VerifyInput {
  /** The public URL Twilio requested, exactly as configured (query string verbatim). */
  url: string;
  /** Default `'POST'`. */
  method?: 'POST' | 'GET';
  /** The `Content-Type` header. */
  contentType?: string | null;
  /** The raw body: pass the bytes (`new Uint8Array(await request.arrayBuffer())`) for JSON bodies. */
  body: string | Uint8Array;
  /** The `X-Twilio-Signature` header, `null` when absent. */
  signature: string | null;
  /** The `X-Twilio-Webhooks-Signature-Settings` header. */
  signatureSettings?: string | null;
  /**
   * Proxy headers, read only by the diagnosis: `host`, `x-forwarded-proto`, `x-forwarded-host`,
   * `x-forwarded-port`, `forwarded`.
   */
  headers?: Record<string, string>;
}

/** The secrets to try: auth tokens (HMAC-SHA1) and SharedKey secrets (HMAC-SHA256), in order. */
export interface Keys {
  authToken?: string;
  authTokens?: string[];
  sharedKeys?: string[];
}

/** A request signed by Twilio. */
export interface Verified {
  valid: true;
  /** Index of the matching secret among those of `algorithm`: auth tokens (`authToken` first, then `authTokens`) or `sharedKeys`. */
  keyIndex: number;
  urlVariant: UrlVariant;
  algorithm: Algorithm;
  path: SigningPath;
}

/** A request that is not accepted as signed by Twilio. */
export interface Rejected {
  valid: false;
  reason: Reason;
  message: string;
  /** The diagnosis, computed when first read (it is included by `JSON.stringify`). */
  readonly hints: Hint[];
}

export type Verification = Verified | Rejected;

/** The result of {@link verifyRequest}. */
export interface Webhook {
  verification: Verification;
  /** The parsed callback, when the request is valid and carries form parameters. */
  callback?: unknown;
}

/** What {@link verifyRequest} reads from a fetch `Request` (any runtime's `Request` fits). */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The codes of the errors this package throws. */
export type ErrorCode = 'invalid_url' | 'empty_secret' | 'no_keys' | 'invalid_argument' | 'not_initialized';

/**
 * Drop-in for twilio-node's `validateRequest`: form POST (decoded parameters) or GET (`{}`).
 * @throws TypeError (with `code`) on misuse: empty token, a URL that is not absolute http(s).
 */
export function validateRequest(authToken: string, twilioHeader: string, url: string, params: Params): boolean;

/** Drop-in for twilio-node's `validateRequestWithBody`: JSON bodies, URL carrying `bodySHA256`. */
export function validateRequestWithBody(
  authToken: string,
  twilioHeader: string,
  url: string,
  body: string | Uint8Array,
): boolean;

/** Drop-in for twilio-node's `getExpectedTwilioSignature`, for your own test fixtures. */
export function getExpectedTwilioSignature(authToken: string, url: string, params: Params): string;

/** Drop-in for twilio-node's `getExpectedBodyHash`: lowercase hex SHA-256 of the body bytes. */
export function getExpectedBodyHash(body: string | Uint8Array): string;

/** Verifies a request as received; a bad signature is a value (`valid: false`), never a throw. */
export function verify(input: VerifyInput, keys: Keys): Verification;

/**
 * Verifies a fetch `Request`: reads its raw bytes once, and the signature, settings, content-type
 * and proxy headers. Pass `url` when `request.url` is not the public URL Twilio requested.
 */
export function verifyRequest(request: RequestLike, keys: Keys & { url?: string }): Promise<Webhook>;

/** An error with a stable `code` (for example `not_initialized`). */
export class WebhookError extends Error {
  constructor(code: string, message: string, options?: { field?: string; cause?: unknown });
  readonly code: string;
  readonly field?: string;
}
