// Every export of `twilio-webhook` and `twilio-webhook/core`, as an ES module (nodenext).
import {
  getExpectedBodyHash,
  getExpectedTwilioSignature,
  parseCallback,
  signingString,
  type Callback,
  type CallStatus,
  type DialCallStatus,
  type LenientCallback,
  validateRequest,
  validateRequestWithBody,
  verify,
  verifyRequest,
  WebhookError,
  type Algorithm,
  type ErrorCode,
  type Hint,
  type Keys,
  type LimitCode,
  type Limits,
  type Params,
  type Reason,
  type Rejected,
  type RequestLike,
  type SigningPath,
  type UrlVariant,
  type Verification,
  type Verified,
  type VerifyInput,
  type Webhook,
} from 'twilio-webhook';
import init, { initSync, verify as coreVerify, type InitInput } from 'twilio-webhook/core';

const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params: Params = { CallSid: 'CA1234567890ABCDE', Digits: ['1234', '5678'] };

const a: boolean = validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params);
const b: boolean = validateRequestWithBody('12345', 'sig', url, '{}');
const c: boolean = validateRequestWithBody('12345', 'sig', url, new Uint8Array([123, 125]));
const d: string = getExpectedTwilioSignature('12345', url, params);
const e: string = getExpectedBodyHash('{}') + getExpectedBodyHash(new Uint8Array(0));

const input: VerifyInput = {
  url,
  method: 'POST',
  contentType: 'application/x-www-form-urlencoded',
  body: new Uint8Array(0),
  signature: null,
  signatureSettings: null,
  headers: { 'x-forwarded-proto': 'https' },
};
const keys: Keys = { authToken: '12345', authTokens: ['old'], sharedKeys: ['sk'] };
const v: Verification = verify(input, keys);

function describe(v: Verification): string {
  if (v.valid) {
    const ok: Verified = v;
    const variant: UrlVariant = ok.urlVariant;
    const algorithm: Algorithm = ok.algorithm;
    const path: SigningPath = ok.path;
    return `${ok.keyIndex} ${variant} ${algorithm} ${path}`;
  }
  const bad: Rejected = v;
  const hints: readonly Hint[] = bad.hints;
  switch (bad.reason) {
    case 'missing_signature':
    case 'signature_mismatch':
    case 'body_hash_mismatch':
    case 'missing_body_hash':
    case 'unsupported_algorithm':
    case 'body_too_large':
    case 'url_too_long':
    case 'too_many_params':
    case 'param_name_too_long':
    case 'param_value_too_long':
      return `${bad.message} ${hints.map((h) => `${h.code}:${h.confirmed}:${h.message}`).join()}`;
    default: {
      const never: never = bad.reason;
      return never;
    }
  }
}

async function handler(request: Request): Promise<Response> {
  const webhook: Webhook = await verifyRequest(request, { authToken: '12345', url: 'https://example.com/voice' });
  const { verification, callback } = webhook;
  const x: unknown = callback;
  return new Response(describe(verification) + String(x), { status: verification.valid ? 200 : 403 });
}

// Anything with url, method, headers.get and arrayBuffer is accepted.
const fake: RequestLike = {
  url,
  method: 'POST',
  headers: { get: (name: string) => (name === 'x-twilio-signature' ? 'sig' : null) },
  arrayBuffer: async () => new ArrayBuffer(0),
};
const w: Promise<Webhook> = verifyRequest(fake, { sharedKeys: ['sk'] });

try {
  validateRequest('', 'sig', url, {});
} catch (err) {
  if (err instanceof WebhookError) {
    const code: string = err.code;
    const field: string | undefined = err.field;
    console.log(code, field);
  }
}
const err = new WebhookError('not_initialized', 'message', { field: 'CallSid', cause: new Error('x') });
const isError: Error = err;
const codes: ErrorCode[] = ['invalid_url', 'empty_secret', 'no_keys', 'invalid_argument', 'not_initialized'];

// twilio-webhook/core: manual initialisation.
await init();
await init({ module_or_path: new URL('https://cdn.example/twilio_webhook_bg.wasm') });
const source: InitInput = new Uint8Array(0);
await init({ module_or_path: source });
initSync({ module: new Uint8Array(0) });
const cv: Verification = coreVerify(input, keys);

// @ts-expect-error: parameter values are strings or string arrays, not numbers
validateRequest('12345', 'sig', url, { Digits: 1234 });
// @ts-expect-error: the signature is required (null when the header is absent)
verify({ url, body: '' }, keys);
// @ts-expect-error: method is 'POST' or 'GET'
verify({ url, method: 'PUT', body: '', signature: null }, keys);
// @ts-expect-error: keyIndex exists only on a valid verification
v.keyIndex;

// Callbacks: a discriminated union on `kind`.
const cb: Callback = parseCallback('CallSid=CA1&AccountSid=AC1');
switch (cb.kind) {
  case 'call-status': {
    const seq: number = cb.sequenceNumber;
    const status: CallStatus = cb.callStatus;
    const secs: number | undefined = cb.callDuration;
    const at: string | undefined = cb.timestamp?.iso;
    console.log(seq, status, secs, at);
    break;
  }
  case 'dial-action': {
    const bridged: boolean | undefined = cb.dialBridged;
    const dial: DialCallStatus = cb.dialCallStatus;
    console.log(bridged, dial);
    break;
  }
  case 'recording-status': {
    const rs: string = cb.recordingSid;
    console.log(rs, cb.recordingStartTime?.epochMs);
    break;
  }
  case 'amd':
    console.log(cb.answeredBy, cb.machineDetectionDuration);
    break;
  case 'voice-request':
    console.log(cb.requestKind, cb.from?.kind, cb.extra.length);
    break;
}
const lenient: LenientCallback = parseCallback(new URLSearchParams('CallSid=CA1'), { lenient: true });
const problems: string[] = lenient.problems.map((p) => p.field ?? p.code);
const fromRecord: Callback = parseCallback({ CallSid: 'CA1', Digits: ['1', '2'] });
// @ts-expect-error: sequenceNumber exists only on call-status records
cb.sequenceNumber;

// Limits: the keys object of verify / verifyRequest, the options of parseCallback / signingString.
const limits: Limits = { maxBodyBytes: 4 << 20, maxUrlBytes: 65536, maxParams: Infinity, maxNameBytes: 64, maxValueBytes: 1 << 20 };
const limited: Verification = verify(input, { ...keys, limits });
const limitedRequest: Promise<Webhook> = verifyRequest(new Request(url), { authToken: '12345', url, limits: { maxParams: 10 } });
const limitedCallback: Callback = parseCallback('CallSid=CA1', { limits });
const limitedLenient: LenientCallback = parseCallback('CallSid=CA1', { lenient: true, limits });
const limitedString: string = signingString({ url, body: '' }, { limits: { maxBodyBytes: 10 } });
const overLimit: Reason & LimitCode = 'too_many_params';
const thrown: ErrorCode = 'param_value_too_long';
// @ts-expect-error: limits are numbers
verify(input, { ...keys, limits: { maxParams: '10' } });
// @ts-expect-error: no such limit
parseCallback('CallSid=CA1', { limits: { maxBody: 10 } });

export { a, b, c, d, e, handler, w, isError, codes, cv, problems, fromRecord };
export { limited, limitedRequest, limitedCallback, limitedLenient, limitedString, overLimit, thrown };
