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
  | 'unsupported_algorithm'
  | LimitCode;

/** The reasons (and callback error codes) of a request over one of its {@link Limits}. */
export type LimitCode =
  | 'body_too_large'
  | 'url_too_long'
  | 'too_many_params'
  | 'param_name_too_long'
  | 'param_value_too_long';

/**
 * The most a request may hold; a request over a limit is rejected (`valid: false` with the
 * limit's reason) before any other work, and callback parsing throws a `WebhookError` with the
 * same code. Each field is a whole number of bytes (or parameters), or `Infinity` for no limit;
 * an absent field keeps its default.
 */
export interface Limits {
  /** The body, as received. Default 1 MiB (1048576); over it: `body_too_large`. */
  maxBodyBytes?: number;
  /** The URL, query included. Default 16 KiB (16384); over it: `url_too_long`. */
  maxUrlBytes?: number;
  /** Form parameters, repeated names counted each time. Default 1000; over it: `too_many_params`. */
  maxParams?: number;
  /** One decoded parameter name. Default 1 KiB (1024); over it: `param_name_too_long`. */
  maxNameBytes?: number;
  /** One decoded parameter value. Default 64 KiB (65536); over it: `param_value_too_long`. */
  maxValueBytes?: number;
}

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
  | 'missing_field' | 'invalid_field' | LimitCode;

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

/**
 * The exact string the signature covers for the URL as received: the URL, then on the form path
 * each distinct parameter `name + value` in sorted order (nothing for GET, empty or JSON bodies).
 * For display and debugging; no secret is involved. Other URL spellings (port added or removed)
 * are not shown.
 * @throws TypeError (with `code`) when `url` is not an absolute http(s) URL.
 */
export function signingString(
  input: Pick<VerifyInput, 'url' | 'method' | 'contentType' | 'body'>,
  options?: { limits?: Limits },
): string;

/**
 * Verifies a request as received; a bad signature is a value (`valid: false`), never a throw.
 * `keys.limits` sets the {@link Limits} (the defaults otherwise).
 */
export function verify(input: VerifyInput, keys: Keys & { limits?: Limits }): Verification;

/**
 * Verifies a fetch `Request`: reads its raw bytes once, and the signature, settings, content-type
 * and proxy headers. Pass `url` when `request.url` is not the public URL Twilio requested.
 */
export function verifyRequest(request: RequestLike, keys: Keys & { url?: string; limits?: Limits }): Promise<Webhook>;

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
  /** A limit code when the input is over a {@link Limits} (then nothing was read, and there is no `field`). */
  code: 'missing_field' | 'invalid_field' | LimitCode;
  field?: string;
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
 * @throws WebhookError with code `missing_field` / `invalid_field` and the `field`, in strict mode;
 * with a {@link LimitCode} (no `field`) when the input is over `options.limits` (the defaults
 * otherwise), in strict mode (lenient mode lists it as the one problem).
 */
export function parseCallback(
  body: string | Uint8Array | URLSearchParamsLike | Params,
  options?: { lenient?: false; limits?: Limits },
): Callback;
export function parseCallback(
  body: string | Uint8Array | URLSearchParamsLike | Params,
  options: { lenient: true; limits?: Limits },
): LenientCallback;

// ---------------------------------------------------------------------------------------------
// Call lifecycle (spec/callbacks.md §5, §6, §8). State is plain JSON: keep `toJSON()` in any
// store between requests and pass it back to the constructor. Nothing needs freeing.

/** What applying an event did. */
export type Effect = 'advance' | 'duplicate' | 'late' | 'conflict' | 'illegal' | 'annotate' | 'other-call';
/** A rule of spec §5.3. */
export type LifecycleRule =
  | 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11' | 'R12' | 'R13'
  | 'R14' | 'R15' | 'R16';
/** The answer of `apply`. */
export interface Applied {
  effect: Effect;
  /** The leg the event is about (a dial action's parent leg); absent when the event names none. */
  callSid?: string;
  /** The leg's status before. */
  from: CallStatus | null;
  /** The event's `CallStatus` (status callbacks and voice requests). */
  to?: CallStatus;
  sequenceNumber?: number;
  /** The leg's status after. */
  status: CallStatus | null;
  rule: LifecycleRule;
  /** One line for logs. */
  message: string;
}
export type OutcomeKind =
  | 'answered' | 'busy' | 'no-answer' | 'unreachable' | 'canceled' | 'failed' | 'dropped' | 'pending';
/** `O1`-`O9` of spec §6, or `R14` (a dial answered but never connected). */
export type OutcomeRule = 'O1' | 'O2' | 'O3' | 'O4' | 'O5' | 'O6' | 'O7' | 'O8' | 'O9' | 'R14';
/** The facts an outcome rests on. */
export interface OutcomeEvidence {
  status?: CallStatus;
  /** Seconds (`CallDuration` of the terminal event, or `DialCallDuration`). */
  callDuration?: number;
  sipResponseCode?: number;
  errorCode?: number;
  /** The AMD verdict as received. */
  answeredBy?: AnsweredBy;
  inProgressSeen: boolean;
  dialCallStatus?: DialCallStatus;
  dialBridged?: boolean;
  /** The latest `Timestamp` of the leg's events (ms since the epoch): judge a pending leg with your clock. */
  lastTimestampMs?: number;
  /** Terminal statuses that conflicted with the first one (R1). */
  conflicts?: CallStatus[];
}
/** A leg's or a call's outcome. */
export interface Outcome {
  outcome: OutcomeKind;
  /** Who answered, when answering machine detection gave a verdict. */
  answeredBy?: 'human' | 'machine' | 'fax' | 'unknown';
  /** A failure due to blocking (block lists, geo permissions, carrier blocks, SIP 607/608). */
  blocked?: true;
  /** An inbound caller hung up before the call was answered. */
  abandoned?: true;
  sipResponseCode?: number;
  errorCode?: number;
  /** The leg this outcome is about. */
  callSid?: string;
  rule: OutcomeRule;
  /** One line for people. */
  reason: string;
  evidence: OutcomeEvidence;
}
/** Thresholds of the heuristics (the library reads no clock). */
export interface LifecycleOptions {
  /** O7: an answered leg shorter than this, without a machine verdict, is `dropped` (default: off). */
  droppedBelowSeconds?: number;
}
export type LegKind = 'unknown' | 'rest' | 'inbound' | 'child' | 'other';
/** A dial action as kept in the state. */
export interface DialRecordState {
  dialCallStatus: DialCallStatus;
  dialCallSid?: string;
  dialCallDuration?: number;
  dialBridged?: boolean;
  dialSipResponseCode?: number;
}
/** The stored state of one leg (`CallTracker.toJSON()`). Treat it as opaque; `version` is 1. */
export interface TrackerState {
  version: 1;
  callSid?: string;
  parentCallSid?: string;
  leg: LegKind;
  status?: CallStatus;
  statusSeq?: number;
  maxSeq?: number;
  history?: Array<{ seq: number; status: CallStatus }>;
  facts: {
    inProgressSeen?: boolean;
    answeredBy?: AnsweredBy;
    amd?: AnsweredBy;
    callDuration?: number;
    sipResponseCode?: number;
    errorCode?: number;
    lastTimestampMs?: number;
    conflicts?: CallStatus[];
    dials?: DialRecordState[];
    recordings?: Array<{ recordingSid: string; recordingStatus: RecordingStatus }>;
  };
}
/** The stored state of a call tree (`CallTree.toJSON()`). */
export interface TreeState {
  version: 1;
  legs: Record<string, TrackerState>;
}
/** One leg of a {@link CallTree}. */
export interface LegView {
  leg: LegKind;
  parentCallSid?: string;
  status: CallStatus | null;
  /** The leg's own outcome (a parent's `completed` only means its TwiML ran). */
  outcome: Outcome;
}
/** What `apply` accepts: a parsed callback or the raw form body / query string. */
export type LifecycleEvent = Callback | string | Uint8Array | URLSearchParamsLike;

/**
 * Whether `from` → `to` is a legal step (spec §5.4); `null` is "no status yet". A repeated
 * status is a duplicate, not a transition.
 * @throws TypeError (code `invalid_argument`) for a value that is not a call status.
 */
export function canTransition(from: CallStatus | null, to: CallStatus): boolean;

/**
 * One call leg. `apply` never regresses the status: duplicates, late arrivals, conflicts and
 * illegal transitions are reported in `Applied.effect`.
 * @throws WebhookError (`invalid_state`, `unsupported_state_version`, or the parse error of a raw
 * body) and TypeError (`invalid_argument`) from `apply` and the getters.
 */
export class CallTracker {
  constructor(state?: TrackerState | string | null, options?: LifecycleOptions);
  apply(event: LifecycleEvent): Applied;
  readonly status: CallStatus | null;
  readonly outcome: Outcome;
  toJSON(): TrackerState;
}

/**
 * A parent leg and its `<Dial>` children, linked by `ParentCallSid` and `DialCallSid`.
 * `outcome` is the business outcome: the bridged child's or the dial action's
 * (`DialBridged=false` is `no-answer`), not the parent's `completed`.
 */
export class CallTree {
  constructor(state?: TreeState | string | null, options?: LifecycleOptions);
  apply(event: LifecycleEvent): Applied;
  /** The parent leg's `CallSid`. */
  readonly root: string | null;
  readonly legs: Record<string, LegView>;
  readonly outcome: Outcome;
  toJSON(): TreeState;
}

// ---------------------------------------------------------------------------------------------
// Integrations: Express / Connect middleware and a Fetch-API handler wrapper. HTTP glue only:
// both call the functions above. Structural types: no @types/express or DOM lib needed.

/** What the middleware puts on `req.twilio`, and what the wrapper passes to the handler. */
export interface VerifiedWebhook extends Webhook {
  verification: Verified;
}

/** Options shared by {@link webhook} and {@link withTwilioWebhook}. */
export interface IntegrationOptions {
  /** Default: `process.env.TWILIO_AUTH_TOKEN` where `process` exists (Node, Bun), read per request. */
  authToken?: string;
  /** More auth tokens to accept, e.g. the secondary token during rotation (`keyIndex` tells which matched). */
  authTokens?: string[];
  /** SharedKey secrets (HMAC-SHA256 signatures). */
  sharedKeys?: string[];
  /** Called with the failed verification (its `hints` are the diagnosis) before the 403 (413, 414) answer. */
  onInvalid?: (verification: Rejected, request: any) => void | PromiseLike<void>;
  /** The {@link Limits} (the defaults otherwise). A body over its limit is answered 413, a URL 414. */
  limits?: Limits;
}

/** The request fields {@link webhook} reads: an Express request, or Node's `IncomingMessage` (Connect). */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  /** Express: the path and query as received, before any router mounting. */
  originalUrl?: string;
  /** Express: `http` or `https` (honours X-Forwarded-Proto only under Express's `trust proxy`). */
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { encrypted?: boolean };
  /** A parsed form (express.urlencoded), or the raw bytes (express.raw gives a Buffer). */
  body?: unknown;
  /** The raw body, when a body parser kept it (`express.json({ verify })`, Firebase, ...). */
  rawBody?: unknown;
  /** Set by {@link webhook} on a valid request. */
  twilio?: VerifiedWebhook;
}

/** The response methods {@link webhook} uses (Node's `http.ServerResponse`). */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Options of {@link webhook}: twilio-node's names (`validate`, `url`, `host`, `protocol`) and more. */
export interface WebhookOptions extends IntegrationOptions {
  /** `false`: no check at all (`next()` is called, `req.twilio` is not set). Default `true`. */
  validate?: boolean;
  /** The full URL configured in Twilio (with its query string); overrides `host` and `protocol`. */
  url?: string | ((req: any) => string);
  /** The host Twilio requested (default: the Host header). */
  host?: string;
  /** `https` or `http` (default: `req.protocol`, else the socket's). */
  protocol?: string;
  /**
   * Rebuild the URL from the first `X-Forwarded-Proto` and `X-Forwarded-Host` values. Only when
   * your own proxy sets them (a client can send any header). Default `false`.
   */
  trustProxy?: boolean;
}

/**
 * Express (and Connect) middleware shaped like twilio-node's `twilio.webhook()`. Verifies from
 * the raw body when there is one (`req.rawBody`, or a Buffer `req.body` from `express.raw()`),
 * else from the parsed form in `req.body` (the `validateRequest` path). The URL is `url`, or
 * `protocol` (default `req.protocol`) + `host` (default the Host header) + `req.originalUrl`.
 *
 * Answers 400 when `X-Twilio-Signature` is missing, 500 when no key is configured, 403 with the
 * reason on a bad signature (413 / 414 when the body / URL is over its limit); otherwise sets
 * `req.twilio = { verification, callback? }` and calls `next()`. Arguments: options, an auth
 * token string, or both (in either order).
 * @throws TypeError (code `invalid_argument`) for options that are neither an object nor a string.
 */
export function webhook(
  options?: WebhookOptions | string,
  authTokenOrOptions?: WebhookOptions | string,
): (req: NodeRequestLike, res: NodeResponseLike, next: (err?: unknown) => void) => void;

/** Options of {@link withTwilioWebhook}. */
export interface FetchWebhookOptions extends IntegrationOptions {
  /** The public URL Twilio requested, when `request.url` is not it (behind a proxy). */
  url?: string | ((request: any, ...rest: any[]) => string | PromiseLike<string>);
}

/**
 * Wraps a Fetch-API handler (Workers, Deno, Bun, Hono, Next.js route handlers): verifies the
 * request with {@link verifyRequest} (on a clone: the handler can still read the body), then calls
 * `handler(request, { verification, callback? }, ...rest)`. Answers 400 when `X-Twilio-Signature`
 * is missing, 500 when no key is configured, 403 with the reason on a bad signature (413 / 414
 * when the body / URL is over its limit).
 *
 * `options` may be a function of the same arguments (`(request, env) => ({ authToken:
 * env.TWILIO_AUTH_TOKEN })` in a Worker). `T` is the handler's response type: the runtime's `Response`.
 */
export function withTwilioWebhook<R extends RequestLike, Rest extends unknown[], T>(
  handler: (request: R, webhook: VerifiedWebhook, ...rest: Rest) => T | PromiseLike<T>,
  options?: FetchWebhookOptions | ((request: R, ...rest: Rest) => FetchWebhookOptions | PromiseLike<FetchWebhookOptions>),
): (request: R, ...rest: Rest) => Promise<T>;
