// Secrets stay secret, through the PACKED package (installed by tests/js/install-pkg.sh into
// $JS_WORK/consumer), in Node: with a distinctive auth token / SharedKey secret, no verdict, no
// diagnosis (hints), no WebhookError or TypeError (message, stack, JSON), no integration answer
// (403/400/500 bodies, onInvalid's verification, console output) contains the secret, or its
// trimmed, base64, base64url, hex or percent-encoded spelling, or a 12-character piece of it.
// Every reachable error and hint path is driven: each signature vector verified with the secret
// as the key (signature_mismatch and every hint the vectors reach), the secret with white space
// around it (token_whitespace), listed as the wrong key type (other_key_type), as the right key
// (valid), beside a NUL (invalid_argument), with an invalid URL (invalid_url), with no keys, and
// the drop-ins, verifyRequest, webhook() and withTwilioWebhook.
//
//   node --test tests/js/secrets.test.mjs            (make test-js packs and installs first)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORK = resolve(ROOT, process.env.JS_WORK ?? 'tests/js/.work');
const CONSUMER = join(WORK, 'consumer');
const VECTORS = join(ROOT, 'tests', 'vectors', 'signature');

// Distinctive, and not hex: a hex token would collide with the hex digests the library prints.
const SECRET = 'Zq7-SECRET-tok3n-Wv9xKp2LmN';
const FORM = 'application/x-www-form-urlencoded';

/** Every spelling of the secret a leak could take. */
const NEEDLES = (() => {
  const s = SECRET;
  const b64 = Buffer.from(s).toString('base64');
  const pieces = [];
  for (let i = 0; i + 12 <= s.length; i += 4) pieces.push(s.slice(i, i + 12));
  return [
    s, s.toLowerCase(), s.toUpperCase(), b64, b64.replace(/=+$/, ''), Buffer.from(s).toString('base64url'),
    Buffer.from(s).toString('hex'), encodeURIComponent(` ${s}\n`), JSON.stringify(` ${s}\n`).slice(1, -1), ...pieces,
  ];
})();

function leaks(text) {
  const t = String(text);
  return NEEDLES.filter((n) => t.includes(n) || t.toLowerCase().includes(n.toLowerCase()));
}

/** Everything a caller can see of a value: JSON, inspect (getters included), String, and errors' stack. */
function views(x) {
  const out = [];
  try {
    out.push(JSON.stringify(x));
  } catch (e) {
    out.push(`unserialisable: ${e.message}`);
  }
  out.push(inspect(x, { depth: 10, getters: true, showHidden: true }));
  if (x instanceof Error) out.push(String(x), x.stack, x.code, x.field, x.cause && inspect(x.cause));
  return out.join('\n');
}

let pkg;
let vectors;
let checked = 0;
const hintCodes = new Set();
const errorCodes = new Set();

/** Fails if any view of `x` holds the secret. */
function clean(x, what) {
  checked++;
  const found = leaks(views(x));
  assert.deepEqual(found, [], `${what}: the secret appears (${found.join(', ')}):\n${views(x).slice(0, 2000)}`);
}

/** Calls f; checks its result or its error (which must be a documented one). */
async function through(what, f) {
  let r;
  try {
    r = await f();
  } catch (e) {
    assert.ok(e instanceof TypeError || e instanceof pkg.WebhookError, `${what} threw ${e && e.name}: ${e && e.message}`);
    assert.equal(typeof e.code, 'string', `${what}: no code on ${e.name}`);
    errorCodes.add(e.code);
    clean(e, `${what} (thrown ${e.code})`);
    return undefined;
  }
  for (const h of r?.hints ?? r?.verification?.hints ?? []) hintCodes.add(h.code);
  clean(r, what);
  return r;
}

/** Twilio's HMAC-SHA1 signature of a form POST, keyed by `key`. */
function sign(key, url, params) {
  let s = url;
  for (const k of Object.keys(params).sort()) s += k + params[k];
  return createHmac('sha1', key).update(s, 'utf8').digest('base64');
}

const logs = [];
const realError = console.error;
const realWarn = console.warn;
const realLog = console.log;

before(async () => {
  const entry = join(CONSUMER, 'node_modules', 'twilio-webhook', 'dist', 'node.mjs');
  assert.ok(existsSync(entry), `${entry} missing: run \`make test-js\` (packs and installs pkg/)`);
  pkg = await import(pathToFileURL(entry).href);
  vectors = ['documented.json', 'generated.json'].flatMap((f) => JSON.parse(readFileSync(join(VECTORS, f), 'utf8')).vectors);
  // What the package prints (webhook() logs when no token is configured) is checked too.
  console.error = (...a) => logs.push(a.map(String).join(' '));
  console.warn = (...a) => logs.push(a.map(String).join(' '));
  console.log = (...a) => logs.push(a.map(String).join(' '));
});

after(() => {
  console.error = realError;
  console.warn = realWarn;
  console.log = realLog;
});

describe('the secret never appears in what the package returns or throws', () => {
  test('verify: every vector with the secret as each kind of key, hints read', async () => {
    const keySets = [
      { authToken: SECRET },
      { authToken: ` ${SECRET}\n` }, // token_whitespace
      { authTokens: ['other-token', SECRET] },
      { sharedKeys: [SECRET] },
      { authToken: SECRET, sharedKeys: [`\t${SECRET}`] },
    ];
    for (const v of vectors) {
      const input = { url: v.url, method: v.method, contentType: v.content_type, body: v.body, signature: v.signature, signatureSettings: v.signature_settings };
      for (const keys of keySets) {
        await through(`verify(${v.id}, ${Object.keys(keys)})`, () => pkg.verify(input, keys));
        await through(`verify(${v.id}, bytes)`, () => pkg.verify({ ...input, body: new TextEncoder().encode(v.body) }, keys));
      }
      // The vector's own keys plus the secret: the valid path keeps it out too.
      await through(`verify(${v.id}, own keys + secret)`, () =>
        pkg.verify(input, { authTokens: [...v.auth_tokens, SECRET], sharedKeys: [...v.shared_keys, SECRET] }));
    }
  });

  test('signed with the secret: valid, other algorithm, other key type, white space', async () => {
    const url = 'https://hooks.example.com/voice?x=1';
    const params = { CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'ringing', AccountSid: 'AC0123456789abcdef0123456789abcdef' };
    const body = new URLSearchParams(params).toString();
    const signature = sign(SECRET, url, params);
    const input = { url, contentType: FORM, body, signature };
    const valid = await through('verify (valid)', () => pkg.verify(input, { authToken: SECRET }));
    assert.equal(valid.valid, true);
    await through('verify (SharedKey listed, auth-token signature)', () => pkg.verify(input, { sharedKeys: [SECRET] }));
    await through('verify (settings say HMAC_SHA256)', () => pkg.verify({ ...input, signatureSettings: 'algorithm=HMAC_SHA256' }, { authToken: SECRET, sharedKeys: [SECRET] }));
    await through('verify (token with white space)', () => pkg.verify(input, { authToken: `${SECRET} ` }));
    await through('verify (other URL)', () => pkg.verify({ ...input, url: url.replace('https', 'http') }, { authToken: SECRET }));
    await through('verify (GET)', () => pkg.verify({ ...input, method: 'GET' }, { authToken: SECRET }));
    await through('verify (JSON body)', () => pkg.verify({ ...input, contentType: 'application/json', body: '{"a":1}' }, { authToken: SECRET }));
    await through('verify (no signature)', () => pkg.verify({ ...input, signature: null }, { authToken: SECRET }));
    await through('verify (unknown algorithm)', () => pkg.verify({ ...input, signatureSettings: 'algorithm=MD5' }, { authToken: SECRET }));
    // Behind a proxy: the app sees an internal URL; the headers tell the public one.
    const proxied = { ...input, url: 'http://10.0.0.7:8080/voice?x=1', headers: { host: '10.0.0.7:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hooks.example.com' } };
    await through('verify (proxy rewrote the URL)', () => pkg.verify(proxied, { authToken: SECRET }));
    await through('verify (Forwarded header)', () => pkg.verify({ ...proxied, headers: new Headers({ forwarded: 'proto=https;host=hooks.example.com' }) }, { authToken: SECRET }));
    await through('verify (form body, text/plain)', () => pkg.verify({ ...input, contentType: 'text/plain' }, { authToken: SECRET }));
    await through('verify (form body, JSON content type)', () => pkg.verify({ ...input, contentType: 'application/json' }, { authToken: SECRET }));
    assert.equal(await through('validateRequest', () => pkg.validateRequest(SECRET, signature, url, params)), true);
    await through('validateRequest (wrong)', () => pkg.validateRequest(SECRET, signature, url, { ...params, x: 'y' }));
    await through('validateRequestWithBody', () => pkg.validateRequestWithBody(SECRET, signature, url, body));
    await through('getExpectedTwilioSignature', () => pkg.getExpectedTwilioSignature(SECRET, url, params));
  });

  test('misuse: NUL in the secret, invalid URLs, no keys, wrong types next to the secret', async () => {
    const input = { url: 'https://example.com/voice', body: 'a=b', signature: 'x' };
    await through('NUL in authToken', () => pkg.verify(input, { authToken: `${SECRET}\0` }));
    await through('NUL in authTokens[]', () => pkg.verify(input, { authTokens: [`${SECRET}\0x`] }));
    await through('NUL in sharedKeys[]', () => pkg.verify(input, { sharedKeys: [`\0${SECRET}`] }));
    await through('empty secret next to it', () => pkg.verify(input, { authTokens: [SECRET, ''] }));
    await through('no keys', () => pkg.verify(input, {}));
    await through('authTokens not an array', () => pkg.verify(input, { authTokens: SECRET }));
    await through('sharedKeys of numbers', () => pkg.verify(input, { authToken: SECRET, sharedKeys: [1] }));
    for (const url of ['', '/relative', 'javascript:alert(1)', 'ftp://x/', 'https://', `https://example.com/${'x'.repeat(200)}`]) {
      await through(`invalid URL ${url.slice(0, 20)}`, () => pkg.verify({ ...input, url }, { authToken: SECRET }));
      await through(`validateRequest, invalid URL ${url.slice(0, 20)}`, () => pkg.validateRequest(SECRET, 'x', url, {}));
      await through(`getExpectedTwilioSignature, invalid URL ${url.slice(0, 20)}`, () => pkg.getExpectedTwilioSignature(SECRET, url, {}));
    }
    await through('validateRequest, NUL', () => pkg.validateRequest(`${SECRET}\0`, 'x', input.url, {}));
    await through('validateRequest, params not an object', () => pkg.validateRequest(SECRET, 'x', input.url, 'a=b'));
    await through('validateRequestWithBody, body a number', () => pkg.validateRequestWithBody(SECRET, 'x', input.url, 1));
    await through('getExpectedTwilioSignature, params with a number', () => pkg.getExpectedTwilioSignature(SECRET, input.url, { a: 1 }));
    await through('verify, method PUT', () => pkg.verify({ ...input, method: 'PUT' }, { authToken: SECRET }));
    await through('verify, input null', () => pkg.verify(null, { authToken: SECRET }));
    // Over a limit (when the package has `limits`): rejected before anything is read.
    await through('verify, body over its limit', () => pkg.verify(input, { authToken: SECRET, limits: { maxBodyBytes: 1 } }));
    await through('verify, URL over its limit', () => pkg.verify(input, { authToken: SECRET, limits: { maxUrlBytes: 5 } }));
    await through('verify, limits not numbers', () => pkg.verify(input, { authToken: SECRET, limits: { maxBodyBytes: SECRET } }));
    assert.ok(errorCodes.has('invalid_argument') && errorCodes.has('invalid_url') && errorCodes.has('no_keys') && errorCodes.has('empty_secret'),
      `error paths reached: ${[...errorCodes]}`);
  });

  test('verifyRequest, withTwilioWebhook and webhook(): answers, onInvalid, logs', async () => {
    const url = 'https://hooks.example.com/voice';
    const params = { CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'ringing', AccountSid: 'AC0123456789abcdef0123456789abcdef' };
    const body = new URLSearchParams(params).toString();
    const good = sign(SECRET, url, params);
    const req = (signature, b = body) => new Request(url, { method: 'POST', headers: { 'content-type': FORM, ...(signature ? { 'x-twilio-signature': signature } : {}) }, body: b });
    await through('verifyRequest (valid)', () => pkg.verifyRequest(req(good), { authToken: SECRET }));
    await through('verifyRequest (tampered)', () => pkg.verifyRequest(req(good, `${body}&x=1`), { authToken: SECRET }));
    await through('verifyRequest (not a callback)', () => pkg.verifyRequest(req(sign(SECRET, url, { a: 'b' }), 'a=b'), { authToken: SECRET }));
    await through('verifyRequest (bad url)', () => pkg.verifyRequest(req(good), { authToken: SECRET, url: 'nope' }));

    const seen = [];
    const handler = pkg.withTwilioWebhook((r, w) => Response.json(w), {
      authToken: SECRET, sharedKeys: [SECRET], onInvalid: (v) => seen.push(v),
    });
    for (const [name, r] of [['valid', req(good)], ['tampered', req(good, `${body}&x=1`)], ['missing', req(null)], ['garbage', req('%%%')]]) {
      const res = await handler(r);
      const text = await res.text();
      clean(text, `withTwilioWebhook ${name}: ${res.status}`);
    }
    const none = await pkg.withTwilioWebhook(() => new Response('ok'), {})(req(good));
    clean(await none.text(), 'withTwilioWebhook without keys');
    seen.forEach((v, i) => clean(v, `onInvalid verification ${i}`));
    assert.ok(seen.length >= 2, 'onInvalid was called');

    // webhook(): Express-shaped request and response objects.
    const answers = [];
    const res = () => {
      const r = { statusCode: 200, headers: {}, setHeader: (k, v) => (r.headers[k] = v), end: (t) => answers.push(`${r.statusCode} ${t}`) };
      return r;
    };
    const nodeReq = (signature, parsed = params) => ({
      method: 'POST', url: '/voice', originalUrl: '/voice', protocol: 'https',
      headers: { host: 'hooks.example.com', 'content-type': FORM, ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: parsed,
    });
    const mw = pkg.webhook({ authToken: SECRET, onInvalid: (v) => seen.push(v) });
    const nexts = [];
    for (const r of [nodeReq(good), nodeReq(good, { ...params, x: '1' }), nodeReq(null), nodeReq(good, { a: [1] })]) {
      mw(r, res(), (e) => nexts.push(e));
      if (r.twilio) clean(r.twilio, 'req.twilio');
    }
    pkg.webhook(`${SECRET}\0`)(nodeReq(good), res(), (e) => nexts.push(e));
    const saved = process.env.TWILIO_AUTH_TOKEN;
    delete process.env.TWILIO_AUTH_TOKEN;
    pkg.webhook({})(nodeReq(good), res(), (e) => nexts.push(e));
    if (saved !== undefined) process.env.TWILIO_AUTH_TOKEN = saved;
    answers.forEach((a) => clean(a, `webhook() answer ${a.slice(0, 3)}`));
    nexts.filter(Boolean).forEach((e) => clean(e, 'webhook() next(error)'));
    seen.forEach((v, i) => clean(v, `onInvalid verification ${i}`));
    assert.ok(answers.some((a) => a.startsWith('403')) && answers.some((a) => a.startsWith('400')) && answers.some((a) => a.startsWith('500')),
      `answers: ${answers.map((a) => a.slice(0, 3))}`);
  });

  test('nothing printed holds the secret; the diagnosis paths were reached', (t) => {
    logs.forEach((l) => clean(l, 'console output'));
    t.diagnostic(`${checked} results, errors and answers checked; hint codes reached: ${[...hintCodes].sort().join(', ')}; ` +
      `error codes: ${[...errorCodes].sort().join(', ')}`);
    for (const code of ['token_whitespace', 'other_key_type', 'other_algorithm', 'no_variant_matched', 'signature_header_missing',
      'proxy_rewritten_url', 'scheme_mismatch', 'port_mismatch', 'signature_malformed', 'unknown_algorithm', 'no_key_for_algorithm']) {
      assert.ok(hintCodes.has(code), `hint ${code} not reached`);
    }
  });
});
