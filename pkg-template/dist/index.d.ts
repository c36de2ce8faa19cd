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
  headers?: Record<string, string> | { get(name: string): string | null };
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
  callback?: Callback;
  /** Why a valid request's parameters are not a Voice callback (missing or malformed field). */
  callbackError?: WebhookError;
}

/** What {@link verifyRequest} reads from a fetch `Request` (any runtime's `Request` fits). */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The codes of the errors this package throws. */
export type ErrorCode = 'invalid_url' | 'empty_secret' | 'no_keys' | 'invalid_argument' | 'not_initialized'
  | 'missing_field' | 'invalid_field';

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

// ---------------------------------------------------------------------------------------------
// Callback records (parseCallback). Field names are the camelCase of Twilio's parameter names;
// absent or empty parameters are omitted; numbers are numbers; unknown keys are kept in `extra`.

/** Every status a call leg reports, `initiated` included (the REST enum lacks it). */
export type CallStatus =
  | 'queued' | 'initiated' | 'ringing' | 'in-progress'
  | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
/** `DialCallStatus`: the call statuses plus `answered` (conferences). */
export type DialCallStatus = CallStatus | 'answered';
/** Open enums keep values unknown to this version as the raw string. */
export type Direction =
  | 'inbound' | 'outbound-api' | 'outbound-dial' | 'trunking-originating' | 'trunking-terminating'
  | (string & {});
export type AnsweredBy =
  | 'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other'
  | 'fax' | 'unknown' | (string & {});
export type RecordingStatus =
  | 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent' | 'deleted'
  | (string & {});
export type RecordingSource =
  | 'DialVerb' | 'Conference' | 'OutboundAPI' | 'Trunking' | 'RecordVerb' | 'StartCallRecordingAPI'
  | 'StartConferenceRecordingAPI' | 'StartCallRecordingTwiML' | (string & {});
export type RecordingTrack = 'inbound' | 'outbound' | 'both' | (string & {});

/** A party: `From`, `To`, `Caller`, `Called`, `ForwardedFrom`, `CalledVia`. */
export interface Endpoint {
  kind: 'e164' | 'client' | 'sip' | 'sim' | 'withheld' | 'other';
  /** The value exactly as received. */
  raw: string;
  /** The identity without its scheme (`charlie` for `client:charlie`), when there is one. */
  value?: string;
}
/** An RFC 2822 time (`Timestamp`, `RecordingStartTime`) as a UTC instant. */
export interface Instant {
  /** ISO 8601 in UTC, e.g. `2016-11-01T01:59:13Z`. */
  iso: string;
  /** Milliseconds since the Unix epoch. */
  epochMs: number;
}
/** Unknown parameters, in wire order: `[name, value]`. */
export type Extra = Array<[string, string]>;

/** The parameters every call-leg request carries (status callbacks, voice requests, dial actions). */
export interface CallInfo {
  accountSid: string;
  callSid: string;
  parentCallSid?: string;
  from?: Endpoint;
  to?: Endpoint;
  caller?: Endpoint;
  called?: Endpoint;
  forwardedFrom?: Endpoint;
  calledVia?: Endpoint;
  callerName?: string;
  direction?: Direction;
  apiVersion?: string;
  applicationSid?: string;
  answeredBy?: AnsweredBy;
  /** Milliseconds. */
  machineDetectionDuration?: number;
  stirStatus?: string;
  stirVerstat?: string;
  stirPassportToken?: string;
  callToken?: string;
  sipCallId?: string;
  recordingUrl?: string;
  recordingSid?: string;
  /** Seconds. */
  recordingDuration?: number;
  errorCode?: number;
  errorMessage?: string;
  fromCity?: string; fromState?: string; fromZip?: string; fromCountry?: string;
  toCity?: string; toState?: string; toZip?: string; toCountry?: string;
  callerCity?: string; callerState?: string; callerZip?: string; callerCountry?: string;
  calledCity?: string; calledState?: string; calledZip?: string; calledCountry?: string;
  extra: Extra;
}
/** A call-progress event (`CallbackSource=call-progress-events`). */
export interface CallStatusCallback extends CallInfo {
  kind: 'call-status';
  callStatus: CallStatus;
  sequenceNumber: number;
  timestamp?: Instant;
  /** Seconds the call lasted (terminal events). */
  callDuration?: number;
  /** Billed minutes (terminal events), not seconds. */
  duration?: number;
  sipResponseCode?: number;
}
/** The TwiML request for a call (also `<Gather>` and transcription requests: see `requestKind`). */
export interface VoiceRequestCallback extends CallInfo {
  kind: 'voice-request';
  requestKind: 'twiml' | 'gather' | 'transcription';
  callStatus: CallStatus;
  digits?: string;
  speechResult?: string;
  transcriptionSid?: string;
  transcriptionStatus?: string;
  transcriptionText?: string;
  transcriptionUrl?: string;
}
/** The `<Dial action>` request: the parent leg's parameters plus the dialed leg's result. */
export interface DialActionCallback extends CallInfo {
  kind: 'dial-action';
  callStatus?: CallStatus;
  dialCallStatus: DialCallStatus;
  dialCallSid?: string;
  /** Seconds. */
  dialCallDuration?: number;
  /** `false`: the dialed leg answered but was never connected to the caller. */
  dialBridged?: boolean;
  dialSipResponseCode?: number;
}
/** A RecordingStatusCallback. `callSid` is the parent leg's on two-leg calls. */
export interface RecordingStatusCallback {
  kind: 'recording-status';
  accountSid: string;
  callSid?: string;
  conferenceSid?: string;
  recordingSid: string;
  recordingUrl?: string;
  recordingStatus: RecordingStatus;
  /** Seconds. */
  recordingDuration?: number;
  recordingChannels?: number;
  recordingStartTime?: Instant;
  recordingSource?: RecordingSource;
  recordingTrack?: RecordingTrack;
  errorCode?: number;
  extra: Extra;
}
/** An asynchronous answering-machine-detection result (no `CallStatus`). */
export interface AmdCallback {
  kind: 'amd';
  accountSid: string;
  callSid: string;
  answeredBy: AnsweredBy;
  /** Milliseconds. */
  machineDetectionDuration?: number;
  extra: Extra;
}
/** A `URLSearchParams` (typed structurally: servers and workers may not have the DOM lib). */
export interface URLSearchParamsLike {
  toString(): string;
  getAll(name: string): string[];
  has(name: string): boolean;
}
/** Every callback kind, discriminated on `kind`. */
export type Callback =
  | CallStatusCallback
  | VoiceRequestCallback
  | DialActionCallback
  | RecordingStatusCallback
  | AmdCallback;
/** One field problem of a lenient parse (the same fields a strict parse throws). */
export interface FieldProblem {
  code: 'missing_field' | 'invalid_field';
  field: string;
  expected: string;
  got?: string;
  message: string;
}
/** A lenient parse: what could be kept, and every problem. */
export interface LenientCallback {
  kind: Callback['kind'];
  callback?: Callback;
  problems: FieldProblem[];
  /** `false` when a SID did not have its prefix and 32 hex digits. */
  sidValid: boolean;
}
/**
 * Parses a Voice callback: a form body or query string (string or bytes), `URLSearchParams`, or
 * decoded parameters. POST bodies and GET queries give the same record.
 * @throws WebhookError with code `missing_field` / `invalid_field` and the `field`, in strict mode.
 */
export function parseCallback(body: string | Uint8Array | URLSearchParamsLike | Params): Callback;
export function parseCallback(
  body: string | Uint8Array | URLSearchParamsLike | Params,
  options: { lenient: true },
): LenientCallback;
