#!/usr/bin/env node
// Generates tests/vectors/signature/generated.json and verifies
// tests/vectors/signature/documented.json.
//
// Dev/test only. The official helper libraries are used as oracles:
//   twilio-node 6.2.0   (node_modules/twilio, `twilio/lib/webhooks/webhooks`)
//   twilio-python 9.13.0 (.venv, through tests/vectors/oracle.py)
// They are never dependencies of the published packages.
//
// For every vector the expected result is computed by an independent model of
// this library's rules (docs: /work/shared/spec/signature.md, "What the library
// must do", §3.1, §5-§7). The script then aborts unless
//   * the model agrees with the intent the case was written with, and
//   * every oracle that returns a boolean agrees with the model, except where the
//     case names the spec item that makes that oracle deviate (spec §10), and
//     that deviation really happens.
//
// Usage: node tests/vectors/generate.mjs   (after tests/vectors/setup-oracles.sh)
// Deterministic: a fixed seed, no clock, no environment input.

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const OUT_DIR = path.join(HERE, 'signature');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const SEED = 20261123;

const require = createRequire(import.meta.url);
let webhooks, NODE_TWILIO;
try {
  webhooks = require('twilio/lib/webhooks/webhooks');
  NODE_TWILIO = require('twilio/package.json').version;
} catch {
  fail('twilio-node is not installed; run tests/vectors/setup-oracles.sh (or npm install)');
}
if (!existsSync(PYTHON)) fail('no .venv; run tests/vectors/setup-oracles.sh');
const ORACLES = { 'twilio-node': '6.2.0', 'twilio-python': '9.13.0' };
if (NODE_TWILIO !== ORACLES['twilio-node']) {
  fail(`twilio-node ${NODE_TWILIO} installed, ${ORACLES['twilio-node']} required (npm install)`);
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_CT = 'application/json';
const TOKEN = '12345';

function fail(msg) {
  console.error(`generate.mjs: ${msg}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------

function mulberry32(a) {
  return function next() {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (n) => Math.floor(rnd() * n);
const pick = (arr) => arr[int(arr.length)];
const chance = (p) => rnd() < p;
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
const digits = (n) => Array.from({ length: n }, () => String(int(10))).join('');
function shuffle(arr) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---------------------------------------------------------------------------
// The library's rules (independent model)
// ---------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function splitUrl(url) {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)/.exec(url);
  if (!m) throw new Error(`not an absolute URL: ${url}`);
  const [prefix, scheme, authority] = m;
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const portStart = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, at + 1),
    host: portStart === -1 ? hostPort : hostPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

// Candidates in the order the library tries them (§3.1).
function candidates(url) {
  const p = splitUrl(url);
  const pair = (scheme, prefix) => {
    const asIs = scheme + p.userInfo + p.host + p.port + p.rest;
    if (p.port) {
      return [[prefix || 'as-received', asIs], [`${prefix ? prefix + '-' : ''}port-removed`, scheme + p.userInfo + p.host + p.rest]];
    }
    const dflt = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
    return [[prefix || 'as-received', asIs], [`${prefix ? prefix + '-' : ''}port-added`, scheme + p.userInfo + p.host + dflt + p.rest]];
  };
  const out = pair(p.scheme, '');
  if (/[A-Z]/.test(p.scheme)) out.push(...pair(p.scheme.toLowerCase(), 'scheme-lowercased'));
  return out.map(([variant, u]) => ({ variant, url: u }));
}

function candidateUrl(url, variant) {
  const c = candidates(url).find((x) => x.variant === variant);
  if (!c) throw new Error(`no ${variant} candidate for ${url}`);
  return c.url;
}

function cmpCodePoints(a, b) {
  const A = Array.from(a, (c) => c.codePointAt(0));
  const Bc = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(A.length, Bc.length); i++) {
    if (A[i] !== Bc[i]) return A[i] - Bc[i];
  }
  return A.length - Bc.length;
}

function groupPairs(pairs) {
  const m = new Map();
  for (const [k, v] of pairs) {
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(v);
  }
  return m;
}

// §2 steps 3-4 with code-point order.
function formSuffix(pairs) {
  const g = groupPairs(pairs);
  let s = '';
  for (const name of [...g.keys()].sort(cmpCodePoints)) {
    for (const v of [...new Set(g.get(name))].sort(cmpCodePoints)) s += name + v;
  }
  return s;
}

function hmacB64(alg, key, str) {
  return createHmac(alg, Buffer.from(key, 'utf8')).update(Buffer.from(str, 'utf8')).digest('base64');
}
function sha256hex(str) {
  return createHash('sha256').update(Buffer.from(str, 'utf8')).digest('hex');
}

// python's get_signature_algorithm, which §6 adopts.
function settingsAlgorithm(header) {
  for (const part of (header ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (name === 'algorithm' && value) return value;
  }
  return 'HMAC_SHA1';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function formDecode(s) {
  const bytes = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '+') {
      bytes.push(0x20);
      i += 1;
    } else if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
  }
  return utf8.decode(Uint8Array.from(bytes));
}

function decodeFormBody(body) {
  if (body === '') return [];
  return body.split('&').map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, i)), formDecode(part.slice(i + 1))];
  });
}

function firstQueryValue(url, name) {
  const q = url.indexOf('?');
  if (q < 0) return null;
  let query = url.slice(q + 1);
  const h = query.indexOf('#');
  if (h >= 0) query = query.slice(0, h);
  for (const part of query.split('&')) {
    const i = part.indexOf('=');
    const n = formDecode(i < 0 ? part : part.slice(0, i));
    if (n === name) return i < 0 ? '' : formDecode(part.slice(i + 1));
  }
  return null;
}

function requestKind(v) {
  if (v.method === 'GET' || v.body === '') return 'url';
  if (v.content_type === FORM) return 'form';
  return 'body';
}

function model(v, pairs) {
  if ([...v.auth_tokens, ...v.shared_keys].some((k) => k === '')) return { valid: false, reason: 'empty_secret' };
  if (v.signature === null || v.signature === '') return { valid: false, reason: 'missing_signature' };
  const alg = settingsAlgorithm(v.signature_settings).toUpperCase();
  if (alg !== 'HMAC_SHA1' && alg !== 'HMAC_SHA256') return { valid: false, reason: 'unsupported_algorithm' };
  const keys = alg === 'HMAC_SHA256' ? v.shared_keys : v.auth_tokens;
  const hash = alg === 'HMAC_SHA256' ? 'sha256' : 'sha1';
  const kind = requestKind(v);
  let bodyHash = null;
  if (kind === 'body') {
    bodyHash = firstQueryValue(v.url, 'bodySHA256');
    if (bodyHash === null) return { valid: false, reason: 'missing_body_hash' };
  }
  const suffix = kind === 'form' ? formSuffix(pairs) : '';
  for (let k = 0; k < keys.length; k++) {
    for (const c of candidates(v.url)) {
      if (hmacB64(hash, keys[k], c.url + suffix) === v.signature) {
        if (kind === 'body' && bodyHash !== sha256hex(v.body)) return { valid: false, reason: 'body_hash_mismatch' };
        return { valid: true, key_index: k, url_variant: c.variant };
      }
    }
  }
  return { valid: false, reason: 'signature_mismatch' };
}

// ---------------------------------------------------------------------------
// twilio-node oracle
// ---------------------------------------------------------------------------

function nodeParams(pairs) {
  const o = {};
  for (const [k, vals] of groupPairs(pairs)) o[k] = vals.length === 1 ? vals[0] : vals;
  return o;
}

function nodeVerdict(v, pairs) {
  if (settingsAlgorithm(v.signature_settings).toUpperCase() !== 'HMAC_SHA1') return 'n/a';
  if (v.auth_tokens.length === 0) return 'n/a';
  const kind = requestKind(v);
  for (const tok of v.auth_tokens) {
    let ok;
    try {
      if (kind === 'form') ok = webhooks.validateRequest(tok, v.signature, v.url, nodeParams(pairs));
      else if (kind === 'url') ok = webhooks.validateRequest(tok, v.signature, v.url, {});
      else ok = webhooks.validateRequestWithBody(tok, v.signature, v.url, v.body);
    } catch (e) {
      if (e instanceof TypeError) return 'throws';
      throw e;
    }
    if (ok === true) return true;
    if (ok !== false) throw new Error(`non-boolean verdict ${ok}`);
  }
  return false;
}

// twilio-node's signer (UTF-16 key sort) over a URL + params, or over any string.
function nodeSign(key, url, pairs = []) {
  return webhooks.getExpectedTwilioSignature(key, url, nodeParams(pairs));
}
const nodeSignString = (key, str) => webhooks.getExpectedTwilioSignature(key, str, {});

// ---------------------------------------------------------------------------
// twilio-python oracle (batched through oracle.py)
// ---------------------------------------------------------------------------

class PySig {
  constructor(key, url, pairs, algorithm, transform = (s) => s) {
    Object.assign(this, { key, url, pairs, algorithm, transform });
  }
  then(transform) {
    return new PySig(this.key, this.url, this.pairs, this.algorithm, (s) => transform(this.transform(s)));
  }
}
const pySign = (key, url, pairs = [], algorithm = null) => new PySig(key, url, pairs, algorithm);

function runPython(request) {
  const out = execFileSync(PYTHON, [path.join(HERE, 'oracle.py')], {
    input: JSON.stringify(request),
    maxBuffer: 64 << 20,
  });
  const res = JSON.parse(out.toString('utf8'));
  if (res.version !== ORACLES['twilio-python']) {
    fail(`twilio-python ${res.version} installed, ${ORACLES['twilio-python']} required (tests/vectors/setup-oracles.sh)`);
  }
  return res;
}

// ---------------------------------------------------------------------------
// Form encoders (how different HTTP stacks write the same parameters)
// ---------------------------------------------------------------------------

const ENCODERS = {
  // URLSearchParams / Java URLEncoder: '+' for space, upper hex, * unescaped, ~ escaped
  whatwg: { space: '+', upper: true, safe: '*-._' },
  // encodeURIComponent / Node querystring: %20, upper hex, ~ * ' ( ) ! raw
  encodeURIComponent: { space: '%20', upper: true, safe: "-_.!~*'()" },
  // Python urlencode (quote_plus): '+', upper hex, ~ raw, * escaped
  quote_plus: { space: '+', upper: true, safe: '_.-~' },
  // lower-case hex escapes, * and ~ escaped
  lowerhex: { space: '+', upper: false, safe: '-._' },
  // PHP rawurlencode: %20, upper hex, ~ raw, * escaped
  rawurlencode: { space: '%20', upper: true, safe: '-_.~' },
  // minimal escaping: only what form syntax needs, lower hex
  minimal: { space: '+', upper: false, safe: "-._~*'()!:@/,;$" },
};

function encodeComponent(s, enc) {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (b === 0x20) out += enc.space;
    else if (b < 0x80 && (/[A-Za-z0-9]/.test(c) || enc.safe.includes(c))) out += c;
    else {
      const h = b.toString(16).padStart(2, '0');
      out += '%' + (enc.upper ? h.toUpperCase() : h);
    }
  }
  return out;
}

function encodePairs(pairs, encName, bare = false) {
  const enc = ENCODERS[encName];
  if (!enc) throw new Error(`unknown encoder ${encName}`);
  return pairs
    .map(([k, v]) => (bare && v === '' ? encodeComponent(k, enc) : `${encodeComponent(k, enc)}=${encodeComponent(v, enc)}`))
    .join('&');
}

// ---------------------------------------------------------------------------
// Realistic data
// ---------------------------------------------------------------------------

const US_GEO = [
  ['SAN FRANCISCO', 'CA', '94105'], ['NEW YORK', 'NY', '10001'], ['AUSTIN', 'TX', '78701'],
  ['SEATTLE', 'WA', '98101'], ['CHICAGO', 'IL', '60601'], ['BOSTON', 'MA', '02108'],
  ['MIAMI', 'FL', '33131'], ['DENVER', 'CO', '80202'], ['', 'CA', ''], ['OAKLAND', 'CA', ''],
];
const INTL = [
  ['GB', () => '+447' + digits(9)], ['DE', () => '+4915' + digits(9)], ['FR', () => '+336' + digits(8)],
  ['BR', () => '+55119' + digits(8)], ['JP', () => '+8190' + digits(8)], ['AU', () => '+614' + digits(8)],
  ['IN', () => '+919' + digits(9)], ['MX', () => '+521' + digits(10)], ['ES', () => '+346' + digits(8)],
  ['IE', () => '+3538' + digits(8)],
];
const PEOPLE = [
  "Zoë O'Connor", 'José Ñúñez', 'Łukasz Żółć', "François D'Arcy", 'Renée-Marie Brontë',
  "Seán Ó Briain", 'Ærø Skøbing', 'Müller, Jürgen', 'Chloé Lefèvre', "D'Angelo Martínez",
  'Björk Guðmundsdóttir', "William O'hara", 'Anaïs Nin', 'Dvořák Antonín', '日本 太郎',
];
const SIP_USERS = ['alice', 'bob.smith', 'front-desk', 'ext_2001', 'o.reilly', 'queue+sales'];
const CLIENTS = ['alice', 'agent_42', 'support-bot', 'José', 'reception desk'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rfc2822() {
  const t = Date.UTC(2026, 0, 1) + int(365 * 86400) * 1000;
  const d = new Date(t);
  const p2 = (n) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

// A call party: number with geo fields (empty for international), client: or sip:
function party(kind = pick(['us', 'us', 'us', 'intl', 'intl', 'client', 'sip'])) {
  if (kind === 'us') {
    const [city, state, zip] = pick(US_GEO);
    return { addr: '+1' + pick(['415', '212', '512', '206', '312', '617', '305', '720']) + digits(7), city, state, zip, country: 'US' };
  }
  if (kind === 'intl') {
    const [country, num] = pick(INTL);
    return { addr: num(), city: '', state: '', zip: '', country };
  }
  if (kind === 'client') return { addr: 'client:' + pick(CLIENTS), city: '', state: '', zip: '', country: '' };
  return { addr: `sip:${pick(SIP_USERS)}@${pick(['acme', 'example', 'o-brien'])}.sip.twilio.com`, city: '', state: '', zip: '', country: '' };
}

function geo(prefix, p) {
  return [[prefix, p.addr], [prefix + 'City', p.city], [prefix + 'Country', p.country], [prefix + 'State', p.state], [prefix + 'Zip', p.zip]];
}

function voiceStatus() {
  const from = party();
  const to = party(pick(['us', 'us', 'intl', 'client', 'sip']));
  const status = pick(['completed', 'completed', 'busy', 'no-answer', 'failed', 'ringing', 'in-progress', 'initiated', 'canceled']);
  const direction = pick(['inbound', 'outbound-api', 'outbound-dial']);
  const p = [
    ['AccountSid', 'AC' + hex(32)], ['ApiVersion', '2010-04-01'], ['CallSid', 'CA' + hex(32)],
    ['CallStatus', status], ['Direction', direction], ['CallbackSource', 'call-progress-events'],
    ['SequenceNumber', String(int(6))], ['Timestamp', rfc2822()],
    ...geo('Called', to), ...geo('Caller', from), ...geo('From', from), ...geo('To', to),
  ];
  if (status === 'completed') {
    const d = String(1 + int(900));
    p.push(['CallDuration', d], ['Duration', String(Math.ceil(d / 60))]);
  }
  if (['completed', 'in-progress', 'busy', 'failed'].includes(status)) p.push(['SipResponseCode', { completed: '200', 'in-progress': '200', busy: '486', failed: '404' }[status]]);
  if (direction === 'outbound-dial') p.push(['ParentCallSid', 'CA' + hex(32)]);
  if (direction === 'inbound' && from.addr.startsWith('+1')) p.push(['StirVerstat', pick(['TN-Validation-Passed-A', 'TN-Validation-Passed-B', 'No-TN-Validation'])]);
  if (chance(0.3)) p.push(['CallerName', pick(PEOPLE)]);
  if (chance(0.15)) p.push(['ForwardedFrom', party('us').addr]);
  return p;
}

function voiceIncoming() {
  const from = party();
  const to = party(pick(['us', 'us', 'intl']));
  const p = [
    ['AccountSid', 'AC' + hex(32)], ['ApiVersion', '2010-04-01'], ['CallSid', 'CA' + hex(32)],
    ['CallStatus', 'ringing'], ['Direction', 'inbound'],
    ...geo('Called', to), ...geo('Caller', from), ...geo('From', from), ...geo('To', to),
  ];
  if (from.addr.startsWith('sip:')) {
    p.push(['SipDomain', from.addr.split('@')[1]], ['SipDomainSid', 'SD' + hex(32)],
      ['SipCallId', hex(16) + '@' + pick(['10.0.0.4', '203.0.113.9'])], ['SipSourceIp', pick(['203.0.113.9', '198.51.100.23'])]);
  }
  if (chance(0.4)) p.push(['CallerName', pick(PEOPLE)]);
  if (chance(0.3)) {
    // A JSON-valued field, signed verbatim (§4)
    p.push(['AddOns', JSON.stringify({ status: 'successful', message: null, code: null, results: { twilio_caller_name: { status: 'successful', result: { caller_name: { caller_name: pick(PEOPLE).toUpperCase(), caller_type: pick(['CONSUMER', 'BUSINESS']) } } } } })]);
  }
  if (chance(0.3)) p.push(['Digits', digits(1 + int(6))], ['FinishedOnKey', pick(['#', '*', ''])], ['msg', 'Gather End']);
  return p;
}

function recordingStatus() {
  const ac = 'AC' + hex(32);
  const re = 'RE' + hex(32);
  const status = pick(['completed', 'completed', 'in-progress', 'absent', 'failed']);
  const p = [
    ['AccountSid', ac], ['CallSid', 'CA' + hex(32)], ['RecordingSid', re],
    ['RecordingUrl', `https://api.twilio.com/2010-04-01/Accounts/${ac}/Recordings/${re}`],
    ['RecordingStatus', status], ['RecordingChannels', pick(['1', '2'])],
    ['RecordingStartTime', rfc2822()],
    ['RecordingSource', pick(['DialVerb', 'RecordVerb', 'StartCallRecordingAPI', 'StartConferenceRecordingAPI', 'OutboundAPI', 'Trunking'])],
    ['RecordingTrack', pick(['both', 'inbound', 'outbound'])],
    ['ErrorCode', status === 'failed' ? pick(['13617', '16104']) : '0'],
  ];
  if (status === 'completed') p.push(['RecordingDuration', String(1 + int(3600))]);
  if (chance(0.4)) p.push(['ConferenceSid', 'CF' + hex(32)]);
  return p;
}

const ROOMS = ["O'Brien & Partners: Q3 review", 'Salle de réunion — équipe', "Renée's stand-up", 'Support queue #2', 'sales+emea', 'Straße 100%', 'Daily sync (café)'];
function conference() {
  const event = pick(['conference-start', 'conference-end', 'participant-join', 'participant-leave', 'participant-mute', 'participant-hold', 'participant-speech-start', 'announcement-end']);
  const p = [
    ['AccountSid', 'AC' + hex(32)], ['ConferenceSid', 'CF' + hex(32)], ['FriendlyName', pick(ROOMS)],
    ['StatusCallbackEvent', event], ['SequenceNumber', String(1 + int(40))], ['Timestamp', rfc2822()],
  ];
  if (event.startsWith('participant')) {
    p.push(['CallSid', 'CA' + hex(32)], ['Muted', pick(['true', 'false'])], ['Hold', pick(['true', 'false'])],
      ['Coaching', 'false'], ['EndConferenceOnExit', pick(['true', 'false'])], ['StartConferenceOnEnter', 'true']);
    if (chance(0.5)) p.push(['ParticipantLabel', pick(['customer – ', 'agent: ', "supervisor's line "]) + pick(PEOPLE)]);
  }
  if (event === 'conference-end') {
    p.push(['ReasonConferenceEnded', pick(['last-participant-left', 'conference-ended-via-api', 'participant-with-end-conference-on-exit-left'])],
      ['Reason', pick(['Participant left', "Conference ended via API by 'admin'", 'Participant with End Conference On Exit left'])]);
    if (chance(0.5)) p.push(['CallSidEndingConference', 'CA' + hex(32)]);
  }
  return p;
}

const SMS_BODIES = [
  "Hi! It's José — see you at 5pm :)", 'Ça va? 100% sûr 😀', 'Price: $5 + tax = $5.40 & free shipping',
  'Line one\nLine two\r\nLine three', '  leading and trailing spaces  ', 'tab\tseparated\tvalues',
  'über straße', '日本語のテキスト', 'Don’t “smart quote” me', 'STOP', 'a=b&c=d?e#f', '~*~ stars & tildes ~*~',
  'emoji 👍🏽 + flag 🇪🇸', 'O\'Hara said "hello"', '',
];
function messaging() {
  const from = party(pick(['us', 'intl']));
  const to = party('us');
  const num = int(3);
  const sm = 'SM' + hex(32);
  const p = [
    ['ToCountry', to.country], ['ToState', to.state], ['SmsMessageSid', sm], ['NumMedia', String(num)],
    ['ToCity', to.city], ['FromZip', from.zip], ['SmsSid', sm], ['FromState', from.state], ['SmsStatus', 'received'],
    ['FromCity', from.city], ['Body', pick(SMS_BODIES)], ['FromCountry', from.country], ['To', to.addr],
    ['MessagingServiceSid', 'MG' + hex(32)], ['ToZip', to.zip], ['NumSegments', String(1 + int(3))],
    ['MessageSid', sm], ['AccountSid', 'AC' + hex(32)], ['From', from.addr], ['ApiVersion', '2010-04-01'],
  ];
  for (let i = 0; i < num; i++) {
    p.push([`MediaContentType${i}`, pick(['image/jpeg', 'image/png', 'video/3gpp'])],
      [`MediaUrl${i}`, `https://api.twilio.com/2010-04-01/Accounts/AC${hex(32)}/Messages/${sm}/Media/ME${hex(32)}`]);
  }
  return p;
}

function groupMms() {
  const p = messaging().filter(([k]) => !k.startsWith('Media') && k !== 'NumMedia');
  p.push(['NumMedia', '0']);
  const addrs = Array.from({ length: 2 + int(3) }, () => party('us').addr);
  if (chance(0.5)) addrs.push(addrs[0]); // a duplicate value
  for (const a of addrs) p.push(['MessagingBinding.Address', a]);
  p.push(['MessagingBinding.ProxyAddress', party('us').addr]);
  return p;
}

const PARAM_SETS = {
  'Voice StatusCallback': voiceStatus,
  'Voice incoming call': voiceIncoming,
  RecordingStatusCallback: recordingStatus,
  'Conference StatusCallback': conference,
  'Messaging inbound SMS': messaging,
  'group MMS (repeated MessagingBinding.Address)': groupMms,
};

// Where each kind of callback is typically configured
const MESSAGING_URLS = [
  'http://example.com/sms/inbound', 'https://example.com/twilio/sms',
  'https://my-worker.acme.workers.dev/twilio/sms?token=abc%2Fdef', 'https://a1b2-203-0-113-7.ngrok-free.app/twilio/sms',
];
const SET_URLS = {
  'Voice StatusCallback': [
    'https://example.com/twilio/voice/status', 'https://hooks.example.net:8443/twilio/status',
    'http://staging.example.com:8080/twilio/call-status', 'https://a1b2-203-0-113-7.ngrok-free.app/twilio/status',
    'https://user:s3cret@hooks.example.com/twilio/status',
  ],
  'Voice incoming call': [
    'https://example.com/twilio/voice', "https://example.com/twilio/voice?name=O'Hara",
    'https://eu.example.de/webhooks/anruf?stadt=K%C3%B6ln', 'https://my-worker.acme.workers.dev/twilio?token=abc%2Fdef',
    'https://hooks.example.net:8443/twilio/voice',
  ],
  RecordingStatusCallback: [
    'https://api.acme-corp.io/hooks/twilio/recording?tenant=42', 'https://myapp.herokuapp.com/api/v1/twilio/events?source=twilio&v=2',
    'https://hooks.example.net:8443/twilio/recording',
  ],
  'Conference StatusCallback': [
    'https://voice.example.org/callbacks/conference.php?room=sales&lang=fr', 'https://example.com/twilio/conference/status',
    'http://staging.example.com:8080/twilio/conference',
  ],
  'Messaging inbound SMS': MESSAGING_URLS,
  'group MMS (repeated MessagingBinding.Address)': MESSAGING_URLS,
};

// The §9 rows a realistic form request exercises
function rowsCovered(req) {
  const rows = ['§9 URL candidates', 'key order'];
  const g = groupPairs(req.pairs);
  if ([...g.values()].some((vs) => vs.length > 1)) rows.push('repeated key');
  if (req.pairs.some(([, v]) => v === '')) rows.push('empty value');
  if (req.url.includes('?')) rows.push('query string');
  if (splitUrl(req.url).port) rows.push('explicit non-default port');
  if (splitUrl(req.url).userInfo) rows.push('credentials in URL');
  return rows.join(' / ');
}

const authToken = () => hex(32);

// ---------------------------------------------------------------------------
// Vector construction
// ---------------------------------------------------------------------------

const drafts = [];

function formReq(url, pairs, enc = 'whatwg', bare = false) {
  const body = encodePairs(pairs, enc, bare);
  return { url, method: 'POST', content_type: FORM, body, pairs };
}
function rawFormReq(url, body) {
  return { url, method: 'POST', content_type: FORM, body, pairs: decodeFormBody(body) };
}
function getReq(base, pairs, enc = 'whatwg') {
  const qs = encodePairs(pairs, enc);
  const url = qs ? base + (base.includes('?') ? '&' : '?') + qs : base;
  return { url, method: 'GET', content_type: null, body: '', pairs: [] };
}
function jsonReq(url, body) {
  return { url, method: 'POST', content_type: JSON_CT, body, pairs: [] };
}
// URL with bodySHA256 of `body` appended (or spliced in via `{hash}`)
function withHash(url, body) {
  const h = sha256hex(body);
  if (url.includes('{hash}')) return url.replace('{hash}', h);
  return url + (url.includes('?') ? '&' : '?') + 'bodySHA256=' + h;
}

// Twilio's signature over a request: the URL (or a variant of it) + form params
function sig(req, key, { variant = 'as-received', url = null, pairs = null } = {}) {
  const u = url ?? candidateUrl(req.url, variant);
  const p = pairs ?? (requestKind(req) === 'form' ? req.pairs : []);
  return nodeSign(key, u, p);
}
function pySig(req, key, { variant = 'as-received', url = null, pairs = null, algorithm = 'HMAC_SHA256' } = {}) {
  const u = url ?? candidateUrl(req.url, variant);
  const p = pairs ?? (requestKind(req) === 'form' ? req.pairs : []);
  return pySign(key, u, p, algorithm);
}

// want: 'as-received' | 'port-added@1' | '!signature_mismatch' ...
function parseWant(w) {
  if (w.startsWith('!')) return { valid: false, reason: w.slice(1) };
  const [variant, idx] = w.split('@');
  return { valid: true, key_index: Number(idx ?? 0), url_variant: variant };
}

function add(category, caseText, req, signature, want, opts = {}) {
  const d = {
    category,
    case: caseText,
    url: req.url,
    method: req.method,
    content_type: req.content_type,
    body: req.body,
    pairs: req.pairs,
    signature,
    signature_settings: opts.settings ?? null,
    auth_tokens: opts.tokens ?? [TOKEN],
    shared_keys: opts.shared ?? [],
    want: parseWant(want),
    basis: opts.basis ?? null,
    deviates: opts.deviates ?? [],
  };
  if (d.method === 'POST' && d.content_type === FORM) {
    const decoded = decodeFormBody(d.body);
    if (JSON.stringify(decoded) !== JSON.stringify(d.pairs)) throw new Error(`form body does not decode to its pairs: ${caseText}`);
  }
  for (const [k] of d.pairs) {
    if (/^(0|[1-9]\d*)$/.test(k) || k === '__proto__') throw new Error(`param name ${k} would be reordered by a JS object`);
  }
  drafts.push(d);
  return d;
}

const flip = (s, pos, step) => {
  const i = pos % s.length;
  const c = s[i] === '=' ? s[i - 1] : s[i];
  const j = s[i] === '=' ? i - 1 : i;
  return s.slice(0, j) + B64[(B64.indexOf(c) + step) % 64] + s.slice(j + 1);
};
const urlSafe = (s) => s.replace(/\+/g, '-').replace(/\//g, '_');
const noPad = (s) => s.replace(/=+$/, '');

// Basis texts for the documented disagreements (spec §10)
const B = {
  nodeNorm: "spec §10 item 1 (twilio-node's normalisation fallback accepts it; the library rejects)",
  sort: 'spec §10 item 2 (twilio-node sorts by UTF-16 code units; the library by code points)',
  pyPort: "spec §10 item 3 (twilio-python's remove_port cuts the netloc at the first ':'; the library follows §3.1)",
  pyPort0: "spec §10 item 3 (twilio-python treats port 0 / an empty port as no port; the library follows §3.1)",
  pyScheme: 'spec §10 item 4 (twilio-python lower-cases the scheme; the library also accepts it verbatim)',
  pyTrail: "spec §10 item 4 (twilio-python's geturl drops a bare trailing ?/#; the library keeps the raw URL)",
  pyTrailAccept: "spec §10 item 4 (twilio-python's geturl drops the bare trailing ?/#, so it accepts a signature over the URL without it; the library keeps the raw URL and rejects)",
  noHash: 'spec §10 item 5 (JSON body without bodySHA256: twilio-node false, twilio-python TypeError; the library: missing_body_hash)',
  missing: 'spec §7 / §9 "missing header" (twilio-python raises TypeError for a None signature; the library: missing_signature)',
  emptyKey: 'spec "What the library must do" (empty auth token or secret is a construction error; both oracles accept an empty HMAC key)',
  emptyHash: 'spec §5 item 3 (the first bodySHA256 value is empty and never matches; twilio-python parse_qs drops blank values)',
  portRange: "spec §3.1 (the port is copied as a raw string; twilio-python's urlparse raises ValueError for a port > 65535)",
};

// ===========================================================================
// 1. Realistic callbacks (valid)
// ===========================================================================

{
  const encs = Object.keys(ENCODERS);
  const setNames = Object.keys(PARAM_SETS);
  for (let i = 0; i < 60; i++) {
    const setName = setNames[i % setNames.length];
    const pairs = shuffle(PARAM_SETS[setName]());
    const base = pick(SET_URLS[setName]);
    const enc = pick(encs);
    const req = formReq(base, pairs, enc);
    const token = authToken();
    const hasPort = splitUrl(base).port !== '';
    // TwiML fetches are signed as configured, status callbacks sometimes with the port (§3.1)
    const variant = chance(0.7) ? 'as-received' : hasPort ? 'port-removed' : 'port-added';
    add('realistic', `${rowsCovered(req)}: realistic ${setName}, shuffled wire order, ${enc} encoding, signed ${variant === 'as-received' ? 'over the URL as received' : variant === 'port-added' ? 'with the default port' : 'without the port'}`,
      req, sig(req, token, { variant }), variant, { tokens: [token] });
  }
}

// ===========================================================================
// 2. The same parameters written by different encoders
// ===========================================================================

{
  const tricky = [
    ['Body', "It's 5 * 3 ~ 15 + change & more = 100% (approx.)!"],
    ['Caller', 'sip:o.reilly@acme.sip.twilio.com'],
    ['From', '+14155550123'],
    ['CallerName', 'José Ñúñez'],
    ['Path', '/a/b?c=d#e'],
    ['Empty', ''],
    ['Tilde', '~user'],
  ];
  const sets = [
    ['tricky characters', () => shuffle(tricky), 'https://example.com/twilio/voice/status'],
    ['Voice StatusCallback', () => shuffle(voiceStatus())],
    ['Conference StatusCallback', () => shuffle(conference())],
    ['Messaging inbound SMS', () => shuffle(messaging())],
    ['Voice incoming call', () => shuffle(voiceIncoming())],
    ['RecordingStatusCallback', () => shuffle(recordingStatus())],
  ];
  for (const [name, make, fixedUrl] of sets) {
    const pairs = make();
    const url = fixedUrl ?? pick(SET_URLS[name].filter((u) => !u.includes('@')));
    const token = authToken();
    const signature = nodeSign(token, url, pairs);
    for (const enc of Object.keys(ENCODERS)) {
      const req = formReq(url, pairs, enc);
      add('encoders', `§4 form decoding (§9 key order / empty value): ${name} encoded by the ${enc} encoder; same signature for every encoding`,
        req, signature, 'as-received', { tokens: [token] });
    }
  }
  // hand-written bodies: mixed case escapes, bare keys, %20 and + mixed in one body
  const token = authToken();
  const url = 'https://example.com/twilio/sms';
  const raw = [
    ['mixed %2B/%2b, + and %20 for spaces in one body', 'From=%2B14155550123&To=%2b14155550199&Body=hello+world%20again&Name=Zo%C3%AB+O%27Connor'],
    ['mixed upper/lower-case hex in one multibyte sequence', 'Body=caf%C3%a9+%e2%82%AC5&City=K%c3%b6ln'],
    ['raw unescaped reserved characters that form syntax allows', "Body=a:b@c/d,e;f$g!h*i'j(k)l~m&Caller=sip:bob@example.sip.twilio.com"],
    ['escaped unreserved characters (%41, %2D, %7E, %2A)', 'Digits=%31%32%33%34&Name=%41nna%2DMaria&Tilde=%7Euser&Star=%2A'],
  ];
  for (const [what, body] of raw) {
    const req = rawFormReq(url, body);
    add('encoders', `§4 form decoding: ${what}`, req, sig(req, token), 'as-received', { tokens: [token] });
  }
}

// ===========================================================================
// 3. Repeated keys, empty values, bare keys
// ===========================================================================

{
  const url = 'https://example.com/twilio/messaging/group';
  const rows = [
    ['§9 repeated key: distinct values in wire order v2,v1', [['Digits', '5678'], ['Digits', '1234'], ['Sid', 'CA123']]],
    ['§9 repeated key: duplicate value sent twice (de-duplicated)', [['Digits', '1234'], ['Digits', '5678'], ['Digits', '1234']]],
    ['§9 repeated key: interleaved with other names', [['Field', 'b'], ['Other', 'x'], ['Field', 'a'], ['Zed', ''], ['Field', 'c']]],
    ['§9 repeated key: values differing only in case', [['Tag', 'b'], ['Tag', 'B'], ['Tag', 'a'], ['Tag', 'A']]],
    ['§9 repeated key: one value empty', [['Option', 'x'], ['Option', '']]],
    ['§9 repeated key / empty value: the same empty value twice', [['Option', ''], ['Option', ''], ['Keep', 'yes']]],
    ['§9 repeated key: prefix values (sorting "1" < "10" < "9")', [['N', '9'], ['N', '10'], ['N', '1']]],
    ['§9 repeated key: non-ASCII values', [['City', 'Zürich'], ['City', 'Ålesund'], ['City', 'Aachen']]],
    ['§9 empty value: name=', [['CallSid', 'CA' + hex(32)], ['ForwardedFrom', ''], ['CallerName', '']]],
    ['§9 empty value: every value empty', [['A', ''], ['B', ''], ['C', '']]],
    ['§9 empty value: value of spaces only (never trimmed)', [['Body', '   '], ['From', '+14155550123']]],
    ['§9 empty value: empty name with a value', [['', 'orphan'], ['From', '+14155550123']]],
  ];
  for (const [what, pairs] of rows) {
    const req = formReq(url, pairs, pick(Object.keys(ENCODERS)));
    add('repeated-empty', what, req, sig(req, TOKEN), 'as-received');
  }
  for (let i = 0; i < 4; i++) {
    const pairs = shuffle(groupMms());
    const req = formReq(url, pairs, pick(Object.keys(ENCODERS)));
    const token = authToken();
    add('repeated-empty', '§9 repeated key: realistic group MMS, MessagingBinding.Address repeated (twilio-python#613)', req, sig(req, token), 'as-received', { tokens: [token] });
  }
  // bare keys (no '=')
  for (const [what, body] of [
    ['§9 empty value: bare key "flag" without "="', 'flag&From=%2B14155550123&To=%2B14155550199'],
    ['§9 empty value: bare key and name= for the same name (one distinct value)', 'Opt&Opt=&Body=hi'],
    ['§9 empty value: only bare keys', 'alpha&beta&Gamma'],
  ]) {
    const req = rawFormReq(url, body);
    add('repeated-empty', what, req, sig(req, TOKEN), 'as-received');
  }
  // empty body POST: URL alone
  {
    const req = rawFormReq('https://example.com/twilio/empty?From=%2B14155550123', '');
    add('repeated-empty', '§9 empty value / JSON: which path: form POST with an empty body (URL alone)', req, sig(req, TOKEN), 'as-received');
    const req2 = { url: 'https://example.com/twilio/ping', method: 'POST', content_type: null, body: '', pairs: [] };
    add('repeated-empty', 'empty POST body without a Content-Type (URL alone)', req2, sig(req2, TOKEN, { variant: 'port-added' }), 'port-added');
  }
}

// ===========================================================================
// 4. GET callbacks (parameters in the URL, nothing appended)
// ===========================================================================

{
  const bases = [
    'https://example.com/twilio/voice', 'https://hooks.example.net:8443/twilio/status', 'http://example.com/voice.php',
    'https://example.com/twilio/voice?tenant=7', 'https://user:pw@example.com/voice',
  ];
  for (let i = 0; i < 12; i++) {
    const setName = pick(['Voice incoming call', 'Voice StatusCallback', 'Conference StatusCallback', 'Messaging inbound SMS']);
    const pairs = shuffle(PARAM_SETS[setName]());
    const enc = pick(Object.keys(ENCODERS));
    const req = getReq(pick(bases), pairs, enc);
    const token = authToken();
    const variant = chance(0.6) ? 'as-received' : splitUrl(req.url).port ? 'port-removed' : 'port-added';
    add('get', `§9 query string (verbatim): GET ${setName} with the parameters in the URL (${enc} encoding), nothing appended`, req, sig(req, token, { variant }), variant, { tokens: [token] });
  }
  const token = authToken();
  {
    const req = getReq('https://example.com/twilio/voice', [['From', '+14155550123'], ['CallerName', "William O'hara"]], 'encodeURIComponent');
    add('get', "§9 query string: GET with a raw ' and %20 in the query (twilio/twilio-node#1183)", req, sig(req, token), 'as-received', { tokens: [token] });
    const req2 = { ...req, url: req.url.replace("O'hara", 'O%27hara') };
    add('get', "§9 query re-encoded: GET received with %27, signed with a raw '", req2, sig(req2, token, { url: req.url }), '!signature_mismatch', { tokens: [token], deviates: ['node'], basis: B.nodeNorm });
  }
  {
    const url = 'https://example.com/twilio/sip?Caller=sip%3Aalice%40example.sip.twilio.com&To=sip%3Abob%40example.com';
    const req = getReq(url, []);
    add('get', '§9 query string: GET with escaped sip: URIs, signed as received', req, sig(req, token), 'as-received', { tokens: [token] });
    add('get', '§9 query re-encoded: GET with escaped sip: URIs, signed with raw ":" and "@" (twilio/twilio-node#621)', req,
      sig(req, token, { url: 'https://example.com/twilio/sip?Caller=sip:alice@example.sip.twilio.com&To=sip:bob@example.com' }), '!signature_mismatch', { tokens: [token] });
  }
  {
    const req = getReq('https://example.com/twilio/voice', [['From', '+14155550123'], ['Digits', '1234']]);
    add('get', '§9 JSON: which path / GET: signature with the query parameters appended again (twilio/twilio-node#942)', req,
      sig(req, token, { pairs: [['From', '+14155550123'], ['Digits', '1234']] }), '!signature_mismatch', { tokens: [token] });
    add('get', '§9 query string: GET whose query was re-sorted by the sender (twilio/twilio-php#790)', req,
      sig(req, token, { url: 'https://example.com/twilio/voice?Digits=1234&From=%2B14155550123' }), '!signature_mismatch', { tokens: [token] });
    add('get', '§9 query string: GET signed without its query string', req,
      sig(req, token, { url: 'https://example.com/twilio/voice' }), '!signature_mismatch', { tokens: [token] });
  }
  {
    const req = getReq('https://example.com/twilio/voice', []);
    add('get', '§9 URL candidates: GET without any query', req, sig(req, token, { variant: 'port-added' }), 'port-added', { tokens: [token] });
  }
}

// ===========================================================================
// 5. JSON bodies (bodySHA256)
// ===========================================================================

{
  const events = () => JSON.stringify([{
    specversion: '1.0', type: pick(['com.twilio.messaging.message.delivered', 'com.twilio.voice.status-callback.call.completed']),
    source: `/2010-04-01/Accounts/AC${hex(32)}/Messages/SM${hex(32)}.json`, id: 'EZ' + hex(32),
    dataschema: 'https://events-schemas.twilio.com/Messaging.MessageStatus/2', datacontenttype: 'application/json',
    time: '2026-11-23T19:30:12.000Z',
    data: { from: party('us').addr, to: party('intl').addr, body: pick(SMS_BODIES), accountSid: 'AC' + hex(32), status: 'delivered' },
  }]);
  const pretty = () => JSON.stringify({ event: 'onMessageAdded', author: pick(PEOPLE), body: pick(SMS_BODIES), attributes: '{}', index: int(100) }, null, 2);
  const escaped = () => JSON.stringify({ name: pick(PEOPLE), note: 'caf\u00e9' }).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const bodies = [
    ['CloudEvents array (Event Streams)', events], ['pretty-printed Conversations event', pretty],
    ['\\u-escaped non-ASCII', escaped], ['empty object {}', () => '{}'], ['compact object with emoji', () => JSON.stringify({ text: 'ok 👍🏽', n: 1.5e3, nested: { a: [1, 2, { b: null }] } })],
  ];
  const urls = [
    'https://example.com/twilio/events', 'https://example.com/twilio/events?tenant=42',
    'https://example.com/twilio/events?bodySHA256={hash}&tenant=42', 'https://hooks.example.net:8443/twilio/events',
    'http://example.com/events.php?x=1',
  ];
  for (let i = 0; i < 10; i++) {
    const [what, make] = bodies[i % bodies.length];
    const body = make();
    const req = jsonReq(withHash(urls[i % urls.length], body), body);
    const token = authToken();
    const variant = i % 3 === 0 ? (splitUrl(req.url).port ? 'port-removed' : 'port-added') : 'as-received';
    add('json', `§9 JSON: which path: ${what}, bodySHA256 in the query, signed ${variant}`, req, sig(req, token, { variant }), variant, { tokens: [token] });
  }
  const token = authToken();
  const body = JSON.stringify({ AccountSid: 'AC' + hex(32), CallSid: 'CA' + hex(32), name: "José O'Brien", amount: '5+3' });
  const base = 'https://example.com/twilio/json';
  // BOM
  {
    const bom = '\ufeff' + body;
    const req = jsonReq(withHash(base, bom), bom);
    add('json', '§9 body with a leading UTF-8 BOM: hash over the BOM bytes too', req, sig(req, token), 'as-received', { tokens: [token] });
    const req2 = jsonReq(withHash(base, body), bom);
    add('json', '§9 body with a leading UTF-8 BOM: URL hash computed without the BOM (body_hash_mismatch)', req2, sig(req2, token), '!body_hash_mismatch', { tokens: [token] });
    const req3 = jsonReq(withHash(base, bom), body);
    add('json', '§9 body with a leading UTF-8 BOM: BOM stripped before verification (Request.text()), hash differs', req3, sig(req3, token), '!body_hash_mismatch', { tokens: [token] });
  }
  // bodySHA256 twice
  {
    const good = sha256hex(body);
    const bad = sha256hex(body + ' ');
    let req = jsonReq(`${base}?bodySHA256=${good}&bodySHA256=${bad}`, body);
    add('json', '§9 bodySHA256 twice: first value correct', req, sig(req, token), 'as-received', { tokens: [token] });
    req = jsonReq(`${base}?bodySHA256=${bad}&bodySHA256=${good}`, body);
    add('json', '§9 bodySHA256 twice: only the second value correct (first value is used)', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
    req = jsonReq(`${base}?bodySHA256=&bodySHA256=${good}`, body);
    add('json', '§9 bodySHA256 twice: first value empty, second correct', req, sig(req, token), '!body_hash_mismatch', { tokens: [token], deviates: ['python'], basis: B.emptyHash });
    req = jsonReq(`${base}?bodySHA256=`, body);
    add('json', '§9 JSON: which path: bodySHA256 present but empty', req, sig(req, token), '!body_hash_mismatch', { tokens: [token], deviates: ['python'], basis: B.emptyHash });
    req = jsonReq(`${base}?bodySHA256=${good.toUpperCase()}`, body);
    add('json', '§9 bodySHA256 in upper-case hex', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
    req = jsonReq(`${base}?bodySHA256=${good.slice(0, 63)}`, body);
    add('json', '§9 JSON: tampered hash: bodySHA256 truncated by one digit (URL signed as received)', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
  }
  // re-serialised / tampered body
  {
    const spaced = JSON.stringify(JSON.parse(body), null, 1);
    let req = jsonReq(withHash(base, spaced), JSON.stringify(JSON.parse(spaced)));
    add('json', '§9 body re-serialised (JSON.stringify(JSON.parse(body)))', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
    const tampered = body.replace('5+3', '5+4');
    req = jsonReq(withHash(base, body), tampered);
    add('json', '§9 JSON: tampered body (one character changed)', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
    req = jsonReq(withHash(base, tampered), tampered);
    add('json', '§9 JSON: tampered body with a recomputed bodySHA256 (signature was over the original URL)', req, sig(req, token, { url: withHash(base, body) }), '!signature_mismatch', { tokens: [token] });
    req = jsonReq(withHash(base, body), body + '\n');
    add('json', '§9 JSON: trailing newline added to the body', req, sig(req, token), '!body_hash_mismatch', { tokens: [token] });
  }
  // missing bodySHA256
  {
    let req = jsonReq(base, body);
    add('json', '§9 JSON body without bodySHA256 (signature over the URL alone)', req, sig(req, token), '!missing_body_hash', { tokens: [token], deviates: ['python'], basis: B.noHash });
    req = jsonReq(`${base}?bodysha256=${sha256hex(body)}`, body);
    add('json', '§9 JSON body without bodySHA256: parameter spelled bodysha256 (names are case-sensitive)', req, sig(req, token), '!missing_body_hash', { tokens: [token], deviates: ['python'], basis: B.noHash });
    req = jsonReq(base + '?tenant=42', '{"From":"+14155550123","Body":"hi"}');
    add('json', '§9 JSON body without bodySHA256: JSON with form-like fields, never parsed as a form', req,
      sig(req, token), '!missing_body_hash', { tokens: [token], deviates: ['python'], basis: B.noHash });
  }
  // signature recipes on the JSON path
  {
    const req = jsonReq(withHash(base, body), body);
    add('json', '§9 JSON: which path: signature over the URL without the bodySHA256 parameter', req, sig(req, token, { url: base }), '!signature_mismatch', { tokens: [token] });
    add('json', '§9 JSON: which path: signature with the JSON fields appended as parameters', req,
      sig(req, token, { pairs: Object.entries(JSON.parse(body)) }), '!signature_mismatch', { tokens: [token] });
    add('json', '§9 JSON: wrong auth token', req, sig(req, authToken()), '!signature_mismatch', { tokens: [token] });
    add('json', '§9 JSON: URL with the default port added', req, sig(req, token, { variant: 'port-added' }), 'port-added', { tokens: [token] });
    const req2 = jsonReq(`https://example.com/twilio/json?a=1&bodySHA256=${sha256hex(body)}#frag`, body);
    add('json', '§9 fragment: JSON URL with a fragment after bodySHA256 (the fragment is not part of the query)', req2, sig(req2, token), 'as-received', { tokens: [token] });
    const nonAscii = JSON.stringify({ body: 'Ça coûte 5 € — ok? 日本 👍' });
    const req3 = jsonReq(withHash(base, nonAscii), nonAscii);
    add('json', '§9 JSON: which path: raw non-ASCII UTF-8 body', req3, sig(req3, token), 'as-received', { tokens: [token] });
  }
}

// ===========================================================================
// 6. SharedKey (HMAC-SHA256), signed by twilio-python
// ===========================================================================

{
  const token = authToken();
  const secret = 'whsk_' + hex(40);
  const keyId = 'webhooks_sharedkey_' + hex(16);
  const S = (alg) => `key=${keyId},algorithm=${alg}`;
  const o = (extra = {}) => ({ tokens: [token], shared: [secret], settings: S('HMAC_SHA256'), ...extra });
  const pairs = shuffle(voiceStatus());
  const req = formReq('https://example.com/twilio/status', pairs, 'whatwg');
  add('sharedkey', '§6 SharedKey: HMAC_SHA256 form POST', req, pySig(req, secret), 'as-received', o());
  add('sharedkey', '§6 SharedKey: algorithm name in lower case (hmac_sha256)', req, pySig(req, secret), 'as-received', o({ settings: S('hmac_sha256') }));
  add('sharedkey', '§6 SharedKey: algorithm name in mixed case (Hmac_Sha256)', req, pySig(req, secret), 'as-received', o({ settings: S('Hmac_Sha256') }));
  add('sharedkey', '§6 SharedKey: spaces around the settings parts', req, pySig(req, secret), 'as-received', o({ settings: ` key = ${keyId} , algorithm = HMAC_SHA256 ` }));
  add('sharedkey', '§6 SharedKey: algorithm before key', req, pySig(req, secret), 'as-received', o({ settings: `algorithm=HMAC_SHA256,key=${keyId}` }));
  add('sharedkey', '§6 SharedKey: empty algorithm= part skipped, second algorithm= names HMAC_SHA256', req, pySig(req, secret), 'as-received', o({ settings: `key=${keyId},algorithm=,algorithm=HMAC_SHA256` }));
  add('sharedkey', '§6 SharedKey: HMAC_SHA256 signature with the default port', req, pySig(req, secret, { variant: 'port-added' }), 'port-added', o());
  add('sharedkey', '§6 SharedKey: settings header absent, SHA-256 signature (HMAC_SHA1 with the auth token is used)', req, pySig(req, secret), '!signature_mismatch', o({ settings: null }));
  add('sharedkey', '§6 SharedKey: settings header empty, SHA-256 signature', req, pySig(req, secret), '!signature_mismatch', o({ settings: '' }));
  add('sharedkey', '§6 SharedKey: settings header without algorithm= (legacy HMAC_SHA1 with the auth token)', req, sig(req, token), 'as-received', o({ settings: `key=${keyId}` }));
  add('sharedkey', '§6 SharedKey: settings header names HMAC_SHA1 explicitly', req, sig(req, token), 'as-received', o({ settings: S('HMAC_SHA1') }));
  add('sharedkey', '§6 SharedKey: parameter name "Algorithm=" is case-sensitive (falls back to HMAC_SHA1)', req, pySig(req, secret), '!signature_mismatch', o({ settings: `key=${keyId},Algorithm=HMAC_SHA256` }));
  add('sharedkey', '§6 SharedKey: unknown algorithm HMAC_SHA512', req, pySig(req, secret), '!unsupported_algorithm', o({ settings: S('HMAC_SHA512') }));
  add('sharedkey', '§6 SharedKey: unknown algorithm SHA256 (never a fallback)', req, sig(req, token), '!unsupported_algorithm', o({ settings: S('SHA256') }));
  add('sharedkey', '§6 SharedKey: HMAC_SHA1 signature while the settings name HMAC_SHA256', req, sig(req, token), '!signature_mismatch', o());
  add('sharedkey', '§6 SharedKey: HMAC_SHA256 keyed with the auth token instead of the secret', req, pySig(req, token), '!signature_mismatch', o());
  // a request whose SHA-256 signature has both '+' and '/', so the URL-safe spelling differs
  let ureq = req;
  for (let n = 0; !/\+/.test(hmacB64('sha256', secret, ureq.url + formSuffix(ureq.pairs))) || !/\//.test(hmacB64('sha256', secret, ureq.url + formSuffix(ureq.pairs))); n++) {
    ureq = formReq(`https://example.com/twilio/status?attempt=${n}`, pairs, 'whatwg');
  }
  add('sharedkey', '§9 URL-safe base64: SharedKey signature in the URL-safe alphabet', ureq, pySig(ureq, secret).then(urlSafe), '!signature_mismatch', o());
  add('sharedkey', '§9 no padding: SharedKey signature without "="', req, pySig(req, secret).then(noPad), '!signature_mismatch', o());
  add('sharedkey', '§9 URL candidates: SharedKey signature with one flipped character', req, pySig(req, secret).then((s) => flip(s, 17, 5)), '!signature_mismatch', o());
  add('sharedkey', '§6 SharedKey key rotation: old secret first, new secret second', req, pySig(req, secret), 'as-received@1', o({ shared: ['whsk_' + hex(40), secret] }));
  add('sharedkey', '§6 SharedKey key rotation: neither secret matches', req, pySig(req, secret), '!signature_mismatch', o({ shared: ['whsk_' + hex(40), 'whsk_' + hex(40)] }));
  const body = JSON.stringify({ eventType: 'com.twilio.messaging.inbound-message.received', data: { body: 'Olá! 👋' } });
  const jreq = jsonReq(withHash('https://example.com/twilio/events', body), body);
  add('sharedkey', '§6 SharedKey + §5 JSON body with bodySHA256', jreq, pySig(jreq, secret), 'as-received', o());
  const jreq2 = jsonReq(jreq.url, body.replace('Olá', 'Ola'));
  add('sharedkey', '§6 SharedKey + §5 JSON: tampered body', jreq2, pySig(jreq2, secret), '!body_hash_mismatch', o());
  const greq = getReq('https://hooks.example.net:8443/twilio/voice', shuffle(voiceIncoming()));
  add('sharedkey', '§6 SharedKey + GET: signed without the port', greq, pySig(greq, secret, { variant: 'port-removed' }), 'port-removed', o());
  const creq = formReq('https://user:pass@example.com/twilio/status', pairs, 'lowerhex');
  add('sharedkey', '§6 SharedKey + §9 credentials in URL: signed with :443', creq, pySig(creq, secret, { variant: 'port-added' }), 'port-added', o());
  const rreq = formReq('https://example.com/twilio/group', [['MessagingBinding.Address', '+14155550199'], ['From', '+14155550123'], ['MessagingBinding.Address', '+13255550100'], ['MessagingBinding.Address', '+14155550199']], 'encodeURIComponent');
  add('sharedkey', '§6 SharedKey + §9 repeated key (duplicate value de-duplicated)', rreq, pySig(rreq, secret), 'as-received', o());
  add('sharedkey', '§6 SharedKey + §9 repeated key: no de-duplication in the signing string', rreq,
    pySign(secret, rreq.url + 'From+14155550123MessagingBinding.Address+13255550100MessagingBinding.Address+14155550199MessagingBinding.Address+14155550199', [], 'HMAC_SHA256'),
    '!signature_mismatch', o());
}

// ===========================================================================
// 7. Key rotation (auth tokens)
// ===========================================================================

{
  const url = 'https://example.com/twilio/voice';
  for (let i = 0; i < 3; i++) {
    const pairs = shuffle(voiceStatus());
    const req = formReq(url, pairs, pick(Object.keys(ENCODERS)));
    const [old, cur] = [authToken(), authToken()];
    add('rotation', '§12 wrong token / key rotation: primary (wrong) token first, secondary second', req, sig(req, cur), 'as-received@1', { tokens: [old, cur] });
    add('rotation', '§12 key rotation: matching token first', req, sig(req, old), 'as-received', { tokens: [old, cur] });
  }
  const req = formReq('https://hooks.example.net:8443/twilio/status', shuffle(recordingStatus()), 'whatwg');
  const [a, b, c] = [authToken(), authToken(), authToken()];
  add('rotation', '§12 key rotation: third token matches, signed without the port', req, sig(req, c, { variant: 'port-removed' }), 'port-removed@2', { tokens: [a, b, c] });
  add('rotation', '§12 key rotation: no token matches', req, sig(req, authToken()), '!signature_mismatch', { tokens: [a, b, c] });
  add('rotation', '§12 key rotation: first token matches via the port-removed candidate (keys outer, candidates inner)', req, sig(req, a, { variant: 'port-removed' }), 'port-removed', { tokens: [a, b] });
  add('rotation', '§12 key rotation: the same token listed twice (first index reported)', req, sig(req, b), 'as-received', { tokens: [b, b] });
  add('rotation', '§2 step 6: auth token is case-sensitive (upper-cased token)', req, sig(req, a.toUpperCase()), '!signature_mismatch', { tokens: [a] });
  const long = 'k'.repeat(40) + hex(60);
  add('rotation', '§2 step 6: token longer than 64 bytes (hashed first by HMAC)', req, sig(req, long), 'as-received', { tokens: [long] });
  add('rotation', '§2 step 6: non-ASCII token (UTF-8 key bytes)', req, sig(req, 'tøken-ünïcode'), 'as-received', { tokens: ['tøken-ünïcode'] });
  const g = getReq('https://example.com/twilio/voice', shuffle(voiceIncoming()));
  add('rotation', '§12 key rotation: GET, second token, default port', g, sig(g, b, { variant: 'port-added' }), 'port-added@1', { tokens: [a, b] });
}

// ===========================================================================
// 8. URL shapes (§3.1, §9)
// ===========================================================================

{
  const token = authToken();
  const pairs = [['CallSid', 'CA' + hex(32)], ['From', '+14155550123'], ['To', '+442079460000'], ['CallStatus', 'completed']];
  const U = (what, url, signedUrl, want, extra = {}) => {
    const req = extra.get ? getReq(url, []) : formReq(url, extra.pairs ?? pairs, extra.enc ?? 'whatwg');
    add('url', what, req, signedUrl instanceof Function ? signedUrl(req) : nodeSign(token, signedUrl, requestKind(req) === 'form' ? req.pairs : []), want, { tokens: [token], ...extra.opts });
  };
  // ports
  U('§9 URL candidates: https, no port, signed as received', 'https://example.com/t/voice?x=1', 'https://example.com/t/voice?x=1', 'as-received');
  U('§9 :443 on https: signed with :443 added', 'https://example.com/t/voice?x=1', 'https://example.com:443/t/voice?x=1', 'port-added');
  U('§9 https URL, signature over :80', 'https://example.com/t/voice?x=1', 'https://example.com:80/t/voice?x=1', '!signature_mismatch');
  U('§9 trailing slash, path case, host or scheme differs: https received, http signed (proxy)', 'https://example.com/t/voice?x=1', 'http://example.com/t/voice?x=1', '!signature_mismatch');
  U('§9 :80 on http: signed with :80 added', 'http://example.com/t/voice', 'http://example.com:80/t/voice', 'port-added');
  U('§9 https URL, signature over :80 (mirror): http URL signed over :443', 'http://example.com/t/voice', 'http://example.com:443/t/voice', '!signature_mismatch');
  U('§9 trailing slash, path case, host or scheme differs: http received (behind a TLS proxy), https signed', 'http://example.com/t/voice', 'https://example.com/t/voice', '!signature_mismatch');
  U('§9 explicit non-default port: signed as received', 'https://example.com:8443/t/voice', 'https://example.com:8443/t/voice', 'as-received');
  U('§9 explicit non-default port: signed without the port (TwiML fetch, twilio-node#411)', 'https://example.com:8443/t/voice', 'https://example.com/t/voice', 'port-removed');
  U('§9 explicit non-default port: signed with :443 in place of :8443', 'https://example.com:8443/t/voice', 'https://example.com:443/t/voice', '!signature_mismatch');
  U('§9 :443 on https: URL has :443, signed without it', 'https://example.com:443/t/voice', 'https://example.com/t/voice', 'port-removed');
  U('§9 :80 on http: URL has :80, signed as received', 'http://example.com:80/t/voice', 'http://example.com:80/t/voice', 'as-received');
  U('§9 explicit non-default port: http :3000 signed without the port', 'http://localhost:3000/twilio', 'http://localhost/twilio', 'port-removed');
  U('§9 explicit non-default port: IPv4 host with port, signed as received', 'https://203.0.113.7:4433/hook', 'https://203.0.113.7:4433/hook', 'as-received');
  U('§9 explicit non-default port: http :1234, signed with :80 instead', 'http://example.com:1234/t', 'http://example.com:80/t', '!signature_mismatch');
  // credentials
  U('§9 credentials in URL: kept, signed as received', 'https://user:pass@example.com/t/voice', 'https://user:pass@example.com/t/voice', 'as-received');
  U('§9 credentials in URL: signed with :443', 'https://user:pass@example.com/t/voice', 'https://user:pass@example.com:443/t/voice', 'port-added');
  U('§9 credentials in URL: signed without the credentials', 'https://user:pass@example.com/t/voice', 'https://example.com/t/voice', '!signature_mismatch');
  U('§9 credentials in URL + explicit port: signed as received', 'https://user:pass@example.com:8443/t/voice', 'https://user:pass@example.com:8443/t/voice', 'as-received');
  U('§9 credentials in URL + explicit port: signed without the port', 'https://user:pass@example.com:8443/t/voice', 'https://user:pass@example.com/t/voice', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 credentials in URL + explicit port: http :8080, signed without the port', 'http://admin:s3cr3t@example.com:8080/t', 'http://admin:s3cr3t@example.com/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 credentials in URL: username only + explicit port, signed without the port', 'https://user@example.com:8443/t/voice', 'https://user@example.com/t/voice', 'port-removed');
  U("§9 credentials in URL: raw '@' in the password (userinfo ends at the last '@') + port, signed without the port", 'https://user:p@ss@example.com:8443/t', 'https://user:p@ss@example.com/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U("§9 credentials in URL: raw '@' in the password, no port, signed with :443", 'https://user:p@ss@example.com/t', 'https://user:p@ss@example.com:443/t', 'port-added');
  // IPv6
  U('§9 IPv6 literal: no port, signed with :443', 'https://[2001:db8::1]/t/voice', 'https://[2001:db8::1]:443/t/voice', 'port-added');
  U('§9 IPv6 literal + port: signed as received', 'https://[2001:db8::1]:8443/t/voice', 'https://[2001:db8::1]:8443/t/voice', 'as-received');
  U('§9 IPv6 literal + port: signed without the port', 'https://[2001:db8::1]:8443/t/voice', 'https://[2001:db8::1]/t/voice', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 IPv6 literal + port: http [::1]:8080 signed without the port', 'http://[::1]:8080/t', 'http://[::1]/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 IPv6 literal + port + credentials: signed without the port', 'https://u:p@[2001:db8::7]:8443/t', 'https://u:p@[2001:db8::7]/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 IPv6 literal + port: signed with :443 in place of the port', 'https://[2001:db8::1]:8443/t/voice', 'https://[2001:db8::1]:443/t/voice', '!signature_mismatch');
  // :0 and empty port
  U('§9 port :0: signed as received', 'https://example.com:0/t', 'https://example.com:0/t', 'as-received');
  U('§9 port :0: signed without the port', 'https://example.com:0/t', 'https://example.com/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort0 } });
  U('§9 port :0: signed with :443', 'https://example.com:0/t', 'https://example.com:443/t', '!signature_mismatch');
  U('§9 empty port host:: signed as received', 'https://example.com:/t', 'https://example.com:/t', 'as-received');
  U('§9 empty port host:: signed without the ":"', 'https://example.com:/t', 'https://example.com/t', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort0 } });
  U('§9 empty port host:: signed with :443 (only twilio-node normalises host: to the default port)', 'https://example.com:/t', 'https://example.com:443/t', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 empty port host:: http, signed without the ":"', 'http://example.com:/t?x=1', 'http://example.com/t?x=1', 'port-removed', { opts: { deviates: ['python'], basis: B.pyPort0 } });
  U('§3.1 port is a raw string: port out of range (99999), signed as received', 'https://example.com:99999/t', 'https://example.com:99999/t', 'as-received', { opts: { deviates: ['python'], basis: B.portRange } });
  U('§3.1 port is a raw string: port out of range (99999), signed without the port', 'https://example.com:99999/t', 'https://example.com/t', 'port-removed', { opts: { deviates: ['python'], basis: B.portRange } });
  U('§3.1 port is a raw string: port out of range, wrong signature (twilio-node throws Invalid URL in its fallback)', 'https://example.com:99999/t', 'https://example.com:99999/other', '!signature_mismatch', { opts: { deviates: ['node', 'python'], basis: B.portRange + "; twilio-node's new URL() throws after the raw candidates fail" } });
  // scheme case
  U('§9 upper-case scheme: signed verbatim (HTTPS://)', 'HTTPS://example.com/t/voice', 'HTTPS://example.com/t/voice', 'as-received', { opts: { deviates: ['python'], basis: B.pyScheme } });
  U('§9 upper-case scheme: signed verbatim with :443', 'HTTPS://example.com/t/voice', 'HTTPS://example.com:443/t/voice', 'port-added', { opts: { deviates: ['python'], basis: B.pyScheme } });
  U('§9 upper-case scheme: signed with the scheme lower-cased', 'HTTPS://example.com/t/voice', 'https://example.com/t/voice', 'scheme-lowercased');
  U('§9 upper-case scheme: signed lower-cased with :443', 'HTTPS://example.com/t/voice', 'https://example.com:443/t/voice', 'scheme-lowercased-port-added');
  U('§9 upper-case scheme: mixed case Https with port, signed lower-cased without the port', 'Https://example.com:8443/t', 'https://example.com/t', 'scheme-lowercased-port-removed');
  U('§9 upper-case scheme: HTTP, signed lower-cased with :80', 'HTTP://example.com/t', 'http://example.com:80/t', 'scheme-lowercased-port-added');
  U('§9 upper-case scheme: lower-case scheme received, upper-case signed', 'https://example.com/t', 'HTTPS://example.com/t', '!signature_mismatch');
  // bare ? and #
  U('§9 URL ending in a bare ?: signed verbatim', 'https://example.com/t/voice?', 'https://example.com/t/voice?', 'as-received', { opts: { deviates: ['python'], basis: B.pyTrail } });
  U('§9 URL ending in a bare ?: signed without the ?', 'https://example.com/t/voice?', 'https://example.com/t/voice', '!signature_mismatch', { opts: { deviates: ['python'], basis: B.pyTrailAccept } });
  U('§9 URL ending in a bare #: signed verbatim', 'https://example.com/t/voice?x=1#', 'https://example.com/t/voice?x=1#', 'as-received', { opts: { deviates: ['python'], basis: B.pyTrail } });
  U('§9 URL ending in a bare #: signed without the #', 'https://example.com/t/voice?x=1#', 'https://example.com/t/voice?x=1', '!signature_mismatch', { opts: { deviates: ['python'], basis: B.pyTrailAccept } });
  U('§9 URL ending in a bare ?: signed verbatim with :443', 'https://example.com/t?', 'https://example.com:443/t?', 'port-added', { opts: { deviates: ['python'], basis: B.pyTrail } });
  // fragment
  U('§9 fragment: kept, signed with it', 'https://example.com/t/voice?x=1#section-2', 'https://example.com/t/voice?x=1#section-2', 'as-received');
  U('§9 fragment: signed without it', 'https://example.com/t/voice?x=1#section-2', 'https://example.com/t/voice?x=1', '!signature_mismatch');
  U('§9 fragment: with :443 added before the path', 'https://example.com/t#frag', 'https://example.com:443/t#frag', 'port-added');
  // query re-encoding
  U("§9 query string: raw ' in the query, signed verbatim", "https://example.com/t?name=O'Hara&x=1", "https://example.com/t?name=O'Hara&x=1", 'as-received');
  U("§9 query re-encoded: raw ' received, %27 signed", "https://example.com/t?name=O'Hara&x=1", 'https://example.com/t?name=O%27Hara&x=1', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U("§9 query string: %27 received, signed verbatim", 'https://example.com/t?name=O%27Hara', 'https://example.com/t?name=O%27Hara', 'as-received');
  U("§9 query re-encoded: %27 received, raw ' signed", 'https://example.com/t?name=O%27Hara', "https://example.com/t?name=O'Hara", '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U("§9 query string: raw ' and + together (twilio/twilio-node#1183), signed verbatim", "https://example.com/t?name=William+O'hara", "https://example.com/t?name=William+O'hara", 'as-received');
  U('§9 query re-encoded: + received, %20 signed', 'https://example.com/t?name=Mary+Ann', 'https://example.com/t?name=Mary%20Ann', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 query re-encoded: %20 received, + signed', 'https://example.com/t?name=Mary%20Ann', 'https://example.com/t?name=Mary+Ann', '!signature_mismatch');
  U('§9 query re-encoded: %2f received, %2F signed', 'https://example.com/t?path=a%2fb', 'https://example.com/t?path=a%2Fb', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 query re-encoded: %7E received, ~ signed', 'https://example.com/t?u=%7Ealice', 'https://example.com/t?u=~alice', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 query re-encoded: bare "flag" received, "flag=" signed', 'https://example.com/t?flag&x=1', 'https://example.com/t?flag=&x=1', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 query string: bare "flag", signed verbatim', 'https://example.com/t?flag&x=1', 'https://example.com/t?flag&x=1', 'as-received');
  U('§9 query string: query parameters re-sorted by the sender', 'https://example.com/t?b=2&a=1', 'https://example.com/t?a=1&b=2', '!signature_mismatch');
  U('§9 query string: extra query parameter not signed', 'https://example.com/t?a=1&utm_source=x', 'https://example.com/t?a=1', '!signature_mismatch');
  // host, path
  U('§9 upper-case host: signed verbatim', 'https://MyCompany.Example.com/t', 'https://MyCompany.Example.com/t', 'as-received');
  U('§9 upper-case host: signed with the host lower-cased', 'https://MyCompany.Example.com/t', 'https://mycompany.example.com/t', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 empty path: signed verbatim (no "/")', 'https://example.com?x=1', 'https://example.com?x=1', 'as-received');
  U('§9 empty path: signed with "/" added', 'https://example.com?x=1', 'https://example.com/?x=1', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 empty path: bare origin, signed with :443', 'https://example.com', 'https://example.com:443', 'port-added');
  U('§9 dot-segments: signed verbatim', 'https://example.com/a/../t/./voice', 'https://example.com/a/../t/./voice', 'as-received');
  U('§9 dot-segments: signed with dot-segments resolved', 'https://example.com/a/../t/./voice', 'https://example.com/t/voice', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 IDN host: raw Unicode host, signed verbatim', 'https://bücher.example/t', 'https://bücher.example/t', 'as-received');
  U('§9 IDN host: signed with the punycode host', 'https://bücher.example/t', 'https://xn--bcher-kva.example/t', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 raw non-ASCII path and query: signed verbatim', 'https://example.com/café/voice?stadt=Köln', 'https://example.com/café/voice?stadt=Köln', 'as-received');
  U('§9 raw non-ASCII path: signed percent-encoded', 'https://example.com/café/voice?stadt=Köln', 'https://example.com/caf%C3%A9/voice?stadt=K%C3%B6ln', '!signature_mismatch', { opts: { deviates: ['node'], basis: B.nodeNorm } });
  U('§9 query string: percent-encoded non-ASCII received, raw signed', 'https://example.com/caf%C3%A9?stadt=K%C3%B6ln', 'https://example.com/café?stadt=Köln', '!signature_mismatch');
  U('§9 query string: lower-case percent-escapes in the path, signed verbatim', 'https://example.com/caf%c3%a9', 'https://example.com/caf%c3%a9', 'as-received');
  U('§9 trailing slash differs: signed with a trailing slash', 'https://example.com/t/voice', 'https://example.com/t/voice/', '!signature_mismatch');
  U('§9 path case differs', 'https://example.com/t/voice', 'https://example.com/t/Voice', '!signature_mismatch');
  U('§9 host differs (another URL)', 'https://example.com/t/voice', 'https://example.org/t/voice', '!signature_mismatch');
  U('§9 URL candidates: another path', 'https://example.com/t/voice', 'https://example.com/t/status', '!signature_mismatch');
  // GET + URL shapes
  U('§9 IPv6 literal + port: GET callback signed without the port', 'https://[2001:db8::1]:8443/t?From=%2B14155550123&CallStatus=ringing', 'https://[2001:db8::1]/t?From=%2B14155550123&CallStatus=ringing', 'port-removed', { get: true, opts: { deviates: ['python'], basis: B.pyPort } });
  U('§9 upper-case scheme + credentials + port: GET signed lower-cased without the port', 'HTTPS://u:p@example.com:8443/t?x=1', 'https://u:p@example.com/t?x=1', 'scheme-lowercased-port-removed', { get: true, opts: { deviates: ['python'], basis: B.pyPort } });
}

// ===========================================================================
// 9. Sort order (§2 step 3, §9 key order)
// ===========================================================================

{
  const url = 'https://example.com/t/sort';
  const kv = (pairs) => url + pairs.slice().sort((x, y) => cmpCodePoints(x[0] + x[1], y[0] + y[1])).map(([k, v]) => k + v).join('');
  let req = formReq(url, [['SidAccount', 'AC1'], ['Sid', 'CA123']]);
  add('sort', '§9 key sort vs key+value sort: Sid before SidAccount', req, sig(req, TOKEN), 'as-received');
  add('sort', '§9 key sort vs key+value sort: signed with a key+value sort (twilio/twilio-go#139)', req, nodeSignString(TOKEN, kv(req.pairs)), '!signature_mismatch');
  req = formReq(url, [['a', '1'], ['B', '2'], ['_x', '3'], ['Z', '4'], ['aa', '5'], ['1a', '6']]);
  add('sort', '§9 key order: upper case before "_" before lower case, digits first', req, sig(req, TOKEN), 'as-received');
  add('sort', '§9 key order: signed with a case-insensitive sort', req,
    nodeSignString(TOKEN, url + req.pairs.slice().sort((x, y) => x[0].toLowerCase().localeCompare(y[0].toLowerCase())).map(([k, v]) => k + v).join('')), '!signature_mismatch');
  req = formReq(url, [['Éclair', '1'], ['Zeta', '2'], ['éclair', '3'], ['Ω', '4'], ['z', '5']]);
  add('sort', '§9 key order: non-ASCII BMP names (UTF-16 and code-point order agree)', req, sig(req, TOKEN), 'as-received');
  // U+E000..U+FFFF vs supplementary plane: the orders differ
  req = formReq(url, [['\u{1F600}smile', 'a'], ['\uFF21wide', 'b'], ['Plain', 'c']]);
  add('sort', '§9 key order: U+FF21 name vs U+1F600 name, signed in code-point order (twilio-python)', req, pySig(req, TOKEN, { algorithm: null }), 'as-received', { deviates: ['node'], basis: B.sort });
  add('sort', '§9 key order: U+FF21 name vs U+1F600 name, signed in UTF-16 order (twilio-node)', req, sig(req, TOKEN), '!signature_mismatch', { deviates: ['node'], basis: B.sort });
  req = formReq(url, [['Label', '\uE000private'], ['Label', '\u{1F4DE}phone'], ['From', '+14155550123']]);
  add('sort', '§9 key order: repeated-key values U+E000 vs U+1F4DE, code-point order (twilio-python)', req, pySig(req, TOKEN, { algorithm: null }), 'as-received', { deviates: ['node'], basis: B.sort });
  add('sort', '§9 key order: repeated-key values U+E000 vs U+1F4DE, UTF-16 order (twilio-node)', req, sig(req, TOKEN), '!signature_mismatch', { deviates: ['node'], basis: B.sort });
  req = formReq(url, [['\u{1F600}', 'x'], ['\uD7FF', 'y']]);
  add('sort', '§9 key order: U+D7FF vs U+1F600 (below U+E000 both orders agree)', req, sig(req, TOKEN), 'as-received');
}

// ===========================================================================
// 10. Invalid recipes on realistic requests
// ===========================================================================

{
  const setNames = Object.keys(PARAM_SETS).filter((n) => !n.startsWith('group'));
  const realistic = (withSpaces = false) => {
    const name = pick(setNames);
    let pairs = shuffle(PARAM_SETS[name]());
    if (withSpaces) pairs = pairs.concat([['CallerName', ' ' + pick(PEOPLE) + ' ']]);
    const url = pick(SET_URLS[name].filter((u) => !u.includes('@')));
    return { name, req: formReq(url, pairs, pick(Object.keys(ENCODERS))), token: authToken() };
  };
  const recipe = (what, make, n = 3, want = '!signature_mismatch') => {
    for (let i = 0; i < n; i++) {
      const r = make();
      add('invalid', `${what} (${r.name})`, r.req, r.signature, want, { tokens: [r.token] });
    }
  };
  recipe('§12 wrong token: signed with another account\'s auth token', () => {
    const r = realistic();
    return { ...r, signature: sig(r.req, authToken()) };
  });
  recipe('§9 URL candidates: one flipped character in the signature', () => {
    const r = realistic();
    return { ...r, signature: flip(sig(r.req, r.token), int(27), 1 + int(63)) };
  });
  recipe('§9 key order: parameters appended in wire order (not sorted)', () => {
    const r = realistic();
    return { ...r, signature: nodeSignString(r.token, r.req.url + r.req.pairs.map(([k, v]) => k + v).join('')) };
  });
  recipe('§9 key sort vs key+value sort: parameters sorted in reverse', () => {
    const r = realistic();
    const g = [...groupPairs(r.req.pairs)].sort((a, b) => -cmpCodePoints(a[0], b[0]));
    return { ...r, signature: nodeSignString(r.token, r.req.url + g.map(([k, vs]) => [...new Set(vs)].sort(cmpCodePoints).map((v) => k + v).join('')).join('')) };
  }, 2);
  recipe('§9 query string: form POST signed over the URL alone (parameters not appended)', () => {
    const r = realistic();
    return { ...r, signature: nodeSignString(r.token, r.req.url) };
  }, 2);
  recipe('error 57012: one received parameter not passed to the signer (last name dropped)', () => {
    const r = realistic();
    const drop = r.req.pairs[r.req.pairs.length - 1][0];
    return { ...r, signature: sig(r.req, r.token, { pairs: r.req.pairs.filter(([k]) => k !== drop) }) };
  });
  recipe('§9 empty value: empty values dropped before signing (parse_qs default)', () => {
    let r;
    do r = realistic(); while (!r.req.pairs.some(([, v]) => v === ''));
    return { ...r, signature: sig(r.req, r.token, { pairs: r.req.pairs.filter(([, v]) => v !== '') }) };
  });
  recipe('error 57012: signature includes a parameter that was not received', () => {
    const r = realistic();
    return { ...r, signature: sig(r.req, r.token, { pairs: r.req.pairs.concat([['Extra', 'x']]) }) };
  }, 2);
  recipe('§4 never trim: values trimmed before signing (error 57012)', () => {
    const r = realistic(true);
    return { ...r, signature: sig(r.req, r.token, { pairs: r.req.pairs.map(([k, v]) => [k, v.trim()]) }) };
  });
  recipe('§9 Unicode NFC vs NFD value: NFD on the wire, signed over NFC', () => {
    const r = realistic();
    const pairs = r.req.pairs.concat([['CallerName', 'Chloé Lefèvre'.normalize('NFD')]]);
    const req = formReq(r.req.url, pairs, 'whatwg');
    return { ...r, req, signature: sig(req, r.token, { pairs: pairs.map(([k, v]) => [k, v.normalize('NFC')]) }) };
  }, 2);
  recipe('§9 Unicode NFC vs NFD value: NFC on the wire, signed over NFD', () => {
    const r = realistic();
    const pairs = r.req.pairs.concat([['FriendlyName', 'Renée Brontë'.normalize('NFC')]]);
    const req = formReq(r.req.url, pairs, 'lowerhex');
    return { ...r, req, signature: sig(req, r.token, { pairs: pairs.map(([k, v]) => [k, v.normalize('NFD')]) }) };
  }, 2);
  recipe('§4 form decoding: "+" not decoded to a space before signing', () => {
    const r = realistic();
    const pairs = r.req.pairs.concat([['Body', 'see you at noon']]);
    const req = formReq(r.req.url, pairs, 'whatwg');
    return { ...r, req, signature: sig(req, r.token, { pairs: pairs.map(([k, v]) => [k, v.replace(/ /g, '+')]) }) };
  }, 2);
  recipe('§4 form decoding: %2B decoded to a space (E.164 "+" lost)', () => {
    const r = realistic();
    const pairs = r.req.pairs.concat([['ForwardedFrom', '+14155550123']]);
    const req = formReq(r.req.url, pairs, 'whatwg');
    return { ...r, req, signature: sig(req, r.token, { pairs: pairs.map(([k, v]) => [k, v.replace(/^\+/, ' ')]) }) };
  }, 2);
  recipe('§4 form decoding: raw (still percent-encoded) values signed', () => {
    const r = realistic();
    return { ...r, signature: sig(r.req, r.token, { pairs: r.req.body.split('&').map((p) => [p.split('=')[0], p.split('=').slice(1).join('=')]) }) };
  }, 2);
  recipe('§2 step 4: "name=value&" separators in the signing string', () => {
    const r = realistic();
    const g = [...groupPairs(r.req.pairs)].sort((a, b) => cmpCodePoints(a[0], b[0]));
    return { ...r, signature: nodeSignString(r.token, r.req.url + g.map(([k, vs]) => [...new Set(vs)].sort(cmpCodePoints).map((v) => `${k}=${v}`).join('&')).join('&')) };
  }, 2);
  recipe('§9 trailing slash, path case, host or scheme differs: signed for another URL (path)', () => {
    const r = realistic();
    return { ...r, signature: sig(r.req, r.token, { url: r.req.url.replace('/twilio', '/twilio2').replace('/sms', '/sms2').replace('/webhooks', '/webhook').replace('/hooks', '/hook').replace('/callbacks', '/callback').replace('/voice', '/voice2') }) };
  }, 2);
  recipe('§9 trailing slash, path case, host or scheme differs: https/http swapped', () => {
    const r = realistic();
    const u = r.req.url.startsWith('https:') ? r.req.url.replace('https:', 'http:') : r.req.url.replace('http:', 'https:');
    return { ...r, signature: sig(r.req, r.token, { url: u }) };
  }, 2);
  // repeated-key recipes
  const rep = () => {
    const pairs = shuffle(groupMms());
    const g = groupPairs(pairs);
    const distinct = [...new Set(g.get('MessagingBinding.Address'))];
    if (distinct.length < 2) return rep();
    return { name: 'group MMS', req: formReq('https://example.com/twilio/group-mms', pairs, pick(Object.keys(ENCODERS))), token: authToken() };
  };
  const withValues = (pairs, name, fn) => {
    const g = groupPairs(pairs);
    const others = pairs.filter(([k]) => k !== name);
    return others.concat(fn(g.get(name)).map((v) => [name, v]));
  };
  recipe('§9 repeated key: first value only (twilio-go / twilio-java)', () => {
    const r = rep();
    return { ...r, signature: sig(r.req, r.token, { pairs: withValues(r.req.pairs, 'MessagingBinding.Address', (vs) => [vs[0]]) }) };
  });
  recipe('§9 repeated key: last value only', () => {
    const r = rep();
    return { ...r, signature: sig(r.req, r.token, { pairs: withValues(r.req.pairs, 'MessagingBinding.Address', (vs) => [vs[vs.length - 1]]) }) };
  }, 2);
  recipe('§9 repeated key: values in wire order (not sorted)', () => {
    let r;
    do r = rep(); while (JSON.stringify(groupPairs(r.req.pairs).get('MessagingBinding.Address')) === JSON.stringify([...new Set(groupPairs(r.req.pairs).get('MessagingBinding.Address'))].sort()));
    const g = groupPairs(r.req.pairs);
    const s = r.req.url + [...g.keys()].sort(cmpCodePoints).map((k) => (k === 'MessagingBinding.Address' ? [...new Set(g.get(k))] : [...new Set(g.get(k))].sort(cmpCodePoints)).map((v) => k + v).join('')).join('');
    return { ...r, signature: nodeSignString(r.token, s) };
  }, 2);
  recipe('§9 repeated key: Ruby-style flattening "k v1 v2" (twilio/twilio-ruby#616)', () => {
    const r = rep();
    const g = groupPairs(r.req.pairs);
    const s = r.req.url + [...g.keys()].sort(cmpCodePoints).map((k) => k + [...new Set(g.get(k))].sort(cmpCodePoints).join('')).join('');
    return { ...r, signature: nodeSignString(r.token, s) };
  }, 2);
  {
    const pairs = [['Digits', '1234'], ['Digits', '5678'], ['Digits', '1234'], ['Sid', 'CA123']];
    const req = formReq('https://example.com/twilio/gather', pairs);
    add('invalid', '§9 repeated key: no de-duplication (Digits1234Digits1234Digits5678)', req, nodeSignString(TOKEN, req.url + 'Digits1234Digits1234Digits5678SidCA123'), '!signature_mismatch');
    add('invalid', '§9 repeated key: de-duplicated and sorted (Digits1234Digits5678)', req, nodeSignString(TOKEN, req.url + 'Digits1234Digits5678SidCA123'), 'as-received');
  }
}

// ===========================================================================
// 11. Header format and missing header
// ===========================================================================

{
  const token = authToken();
  const form = formReq('https://example.com/twilio/voice', shuffle(voiceIncoming()), 'whatwg');
  const get = getReq('https://example.com/twilio/voice', shuffle(voiceStatus()));
  const body = '{"a":1}';
  const json = jsonReq(withHash('https://example.com/twilio/json', body), body);
  for (const [label, req] of [['form POST', form], ['GET', get], ['JSON', json]]) {
    add('header', `§9 missing header: X-Twilio-Signature absent (${label})`, req, null, '!missing_signature', { tokens: [token], deviates: ['python'], basis: B.missing });
    add('header', `§9 missing header: X-Twilio-Signature empty (${label})`, req, '', '!missing_signature', { tokens: [token] });
  }
  // a form request whose signature contains both '+' and '/', so URL-safe differs
  let req = form;
  let good = sig(req, token);
  for (let n = 0; !(good.includes('+') && good.includes('/')); n++) {
    req = formReq(`https://example.com/twilio/voice?attempt=${n}`, form.pairs, 'whatwg');
    good = sig(req, token);
  }
  const o = { tokens: [token] };
  add('header', '§9 header with surrounding spaces: leading space', req, ' ' + good, '!signature_mismatch', o);
  add('header', '§9 header with surrounding spaces: trailing space', req, good + ' ', '!signature_mismatch', o);
  add('header', '§9 header with surrounding spaces: tab on both sides', req, '\t' + good + '\t', '!signature_mismatch', o);
  add('header', '§9 URL-safe base64 (- and _)', req, urlSafe(good), '!signature_mismatch', o);
  add('header', '§9 no padding', req, noPad(good), '!signature_mismatch', o);
  add('header', '§9 URL-safe base64 without padding', req, noPad(urlSafe(good)), '!signature_mismatch', o);
  add('header', '§9 hex digest of the right HMAC-SHA1', req, createHmac('sha1', token).update(req.url + formSuffix(req.pairs)).digest('hex'), '!signature_mismatch', o);
  add('header', '§9 signature lower-cased (no case folding)', req, good.toLowerCase(), '!signature_mismatch', o);
  add('header', '§9 signature upper-cased (no case folding)', req, good.toUpperCase(), '!signature_mismatch', o);
  add('header', '§9 SHA-256 digest: HMAC-SHA256 with the auth token, no settings header', req, pySig(req, token), '!signature_mismatch', o);
  add('header', '§9 SHA-256 digest: plain SHA-1 of the signing string (not an HMAC)', req, createHash('sha1').update(req.url + formSuffix(req.pairs)).digest('base64'), '!signature_mismatch', o);
  add('header', '§9 header holding the signature twice, comma-joined', req, good + ',' + good, '!signature_mismatch', o);
  add('header', '§9 signature truncated by one character', req, good.slice(0, 27), '!signature_mismatch', o);
  add('header', '§9 correct signature (control for the header variants)', req, good, 'as-received', o);
}

// ===========================================================================
// 12. Empty key (construction error)
// ===========================================================================

{
  const req = formReq('https://example.com/twilio/voice', shuffle(voiceStatus()), 'whatwg');
  add('empty-key', '§9 empty auth token: signature made with an empty HMAC key', req, sig(req, ''), '!empty_secret', { tokens: [''], deviates: ['node', 'python'], basis: B.emptyKey });
  const g = getReq('https://example.com/twilio/voice', shuffle(voiceIncoming()));
  add('empty-key', '§9 empty auth token: GET signed with an empty key', g, sig(g, ''), '!empty_secret', { tokens: [''], deviates: ['node', 'python'], basis: B.emptyKey });
  add('empty-key', '§9 empty auth token: SharedKey secret empty', req, pySig(req, ''), '!empty_secret',
    { tokens: [authToken()], shared: [''], settings: 'key=webhooks_sharedkey_x,algorithm=HMAC_SHA256', deviates: ['python'], basis: B.emptyKey });
}

// ===========================================================================
// 13. "bodySHA256" outside the query's keys (§5: only a query parameter of that exact name
//     selects the body-hash path; a JS host that skips the body there must fall back to it)
// ===========================================================================

{
  const token = authToken();
  for (const url of ['https://example.com/hooks/bodySHA256/status', 'https://example.com/twilio/status?tag=bodySHA256', 'https://example.com/twilio/status?bodySHA256x=1']) {
    const req = formReq(url, shuffle(voiceStatus()), 'whatwg');
    add('json', `§5 form POST whose URL spells bodySHA256 outside a query key (${url.slice(url.indexOf('.com/') + 4)}): the form path`, req, sig(req, token), 'as-received', { tokens: [token] });
  }
  const body = JSON.stringify({ event: 'com.twilio.voice.status', sid: `CA${hex(32)}` });
  let req = jsonReq('https://example.com/twilio/events?note=bodySHA256', body);
  add('json', '§5 JSON body whose URL has bodySHA256 only as a value', req, sig(req, token), '!missing_body_hash', { tokens: [token], deviates: ['python'], basis: B.noHash });
  req = jsonReq(`https://example.com/twilio/events?body%53HA256=${sha256hex(body)}`, body);
  add('json', '§5 JSON: the bodySHA256 key percent-encoded (body%53HA256, decoded like every key)', req, sig(req, token), 'as-received', { tokens: [token] });
}

// ---------------------------------------------------------------------------
// Resolve python signatures, run the oracles, check, write
// ---------------------------------------------------------------------------

function paramsObject(pairs) {
  const o = {};
  for (const [k, vals] of groupPairs(pairs)) o[k] = vals.length === 1 ? vals[0] : vals;
  return o;
}

function pyValidateRequest(v, pairs) {
  return {
    url: v.url, kind: requestKind(v), pairs, body: v.body, signature: v.signature,
    settings: v.signature_settings, auth_tokens: v.auth_tokens, shared_keys: v.shared_keys,
  };
}

function finish(entries, label) {
  // entries: [{ vector (schema fields), pairs, want, deviates, basis }]
  const res = runPython({ validate: entries.map((e) => pyValidateRequest(e.vector, e.pairs)) });
  const errors = [];
  entries.forEach((e, i) => {
    const v = e.vector;
    const expected = model(v, e.pairs);
    if (JSON.stringify(expected) !== JSON.stringify(e.want)) {
      errors.push(`${v.id}: model says ${JSON.stringify(expected)}, case intends ${JSON.stringify(e.want)} (${v.case})`);
    }
    if (expected.reason === 'missing_body_hash' && !v.auth_tokens.some((k) => candidates(v.url).some((c) => hmacB64('sha1', k, c.url) === v.signature))) {
      errors.push(`${v.id}: missing_body_hash vector whose signature is also wrong (two failure causes)`);
    }
    const verdicts = { node: nodeVerdict(v, e.pairs), python: res.validate[i] };
    const dev = Object.entries(verdicts)
      .filter(([, x]) => x !== 'n/a' && x !== expected.valid)
      .map(([k]) => k);
    if (JSON.stringify(dev) !== JSON.stringify(e.deviates)) {
      errors.push(`${v.id}: oracles ${JSON.stringify(verdicts)} vs expected ${expected.valid}; deviating ${JSON.stringify(dev)}, declared ${JSON.stringify(e.deviates)} (${v.case})`);
    }
    let basis = e.basis;
    if (!dev.length) {
      if (basis) errors.push(`${v.id}: declares basis "${basis}" but the oracles agree with expected`);
      const na = Object.entries(verdicts).filter(([, x]) => x === 'n/a').map(([k]) => k);
      basis = na.length ? `oracles agree (${na.map((k) => `${k}: n/a`).join(', ')})` : 'oracles agree';
      if (na.length === 2) errors.push(`${v.id}: no oracle could judge`);
    }
    v.expected = expected;
    v.oracle_verdicts = verdicts;
    v.basis = basis;
  });
  if (errors.length) fail(`${label}: ${errors.length} problem(s):\n  ${errors.join('\n  ')}`);
}

// --- generated vectors ---
{
  const pending = drafts.filter((d) => d.signature instanceof PySig);
  const res = runPython({ sign: pending.map((d) => ({ key: d.signature.key, url: d.signature.url, pairs: d.signature.pairs, algorithm: d.signature.algorithm })) });
  pending.forEach((d, i) => {
    d.signature = d.signature.transform(res.sign[i]);
  });
}

const entries = drafts.map((d, i) => ({
  pairs: d.pairs,
  want: d.want,
  deviates: d.deviates,
  basis: d.basis,
  category: d.category,
  vector: {
    id: `gen-${String(i + 1).padStart(4, '0')}`,
    case: d.case,
    url: d.url,
    method: d.method,
    content_type: d.content_type,
    body: d.body,
    params: d.method === 'POST' && d.content_type === FORM ? paramsObject(d.pairs) : {},
    signature: d.signature,
    signature_settings: d.signature_settings,
    auth_tokens: d.auth_tokens,
    shared_keys: d.shared_keys,
    expected: null,
    oracle_verdicts: null,
    basis: null,
  },
}));
if (new Set(entries.map((e) => e.vector.case + '\u0000' + e.vector.url + '\u0000' + e.vector.body + '\u0000' + e.vector.signature)).size !== entries.length) {
  const seen = new Map();
  for (const e of entries) {
    const k = e.vector.case + '\u0000' + e.vector.url + '\u0000' + e.vector.body + '\u0000' + e.vector.signature;
    if (seen.has(k)) fail(`duplicate vector: ${seen.get(k)} and ${e.vector.id}`);
    seen.set(k, e.vector.id);
  }
}
finish(entries, 'generated.json');

// Readable, byte-stable JSON: 2-space indentation; small flat objects and arrays on
// one line; invisible or easily confused characters escaped as \uXXXX.
const ESCAPE = /[\u0080-\u009f\u00a0\u00ad\u0300-\u036f\u200b-\u200f\u2028\u2029\u2060\ufeff\ue000-\uf8ff\ufff0-\uffff]/g;
function str(x) {
  return JSON.stringify(x).replace(ESCAPE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
function inline(x) {
  if (Array.isArray(x)) return `[${x.map(inline).join(', ')}]`;
  if (x && typeof x === 'object') {
    const e = Object.entries(x);
    return e.length ? `{ ${e.map(([k, v]) => `${str(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return str(x);
}
function flat(x) {
  return Object.values(x).every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((w) => typeof w !== 'object')));
}
function pretty(x, indent = '') {
  if (x === null || typeof x !== 'object') return str(x);
  const one = inline(x);
  if (indent.length >= 4 && flat(x) && indent.length + one.length <= 100) return one;
  const inner = indent + '  ';
  if (Array.isArray(x)) return x.length ? `[\n${x.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]` : '[]';
  const e = Object.entries(x);
  return e.length ? `{\n${e.map(([k, v]) => `${inner}${str(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}` : '{}';
}
const stringify = (obj) => pretty(obj) + '\n';

// --- documented vectors: verify only (hand-transcribed file, never rewritten) ---
{
  const docPath = path.join(OUT_DIR, 'documented.json');
  const doc = JSON.parse(readFileSync(docPath, 'utf8'));
  const docEntries = doc.vectors.map((v) => {
    const pairs = v.method === 'POST' && v.content_type === FORM ? decodeFormBody(v.body) : [];
    if (JSON.stringify(paramsObject(pairs)) !== JSON.stringify(v.params)) fail(`documented ${v.id}: params do not match the body`);
    const dev = Object.entries(v.oracle_verdicts).filter(([, x]) => x !== 'n/a' && x !== v.expected.valid).map(([k]) => k);
    return {
      pairs,
      want: v.expected,
      deviates: dev,
      basis: dev.length ? v.basis : null,
      vector: { ...v },
    };
  });
  finish(docEntries, 'documented.json');
  docEntries.forEach((e, i) => {
    const stated = doc.vectors[i];
    for (const f of ['expected', 'oracle_verdicts', 'basis']) {
      if (JSON.stringify(stated[f]) !== JSON.stringify(e.vector[f])) {
        fail(`documented.json ${stated.id}: stated ${f} ${JSON.stringify(stated[f])}, oracles/model give ${JSON.stringify(e.vector[f])}`);
      }
    }
  });
  console.log(`documented.json: ${doc.vectors.length} vectors verified against the model and both oracles`);
}

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(
  path.join(OUT_DIR, 'generated.json'),
  stringify({
    source: 'Generated by tests/vectors/generate.mjs (seeded); expected = this library\'s rules (spec "What the library must do", §3.1, §5-§7), cross-checked against twilio-node and twilio-python',
    generator: 'tests/vectors/generate.mjs',
    seed: SEED,
    oracles: ORACLES,
    vectors: entries.map((e) => e.vector),
  }),
);

const counts = {};
for (const e of entries) counts[e.category] = (counts[e.category] ?? 0) + 1;
const disagreements = entries.filter((e) => e.deviates.length).length;
console.log(`generated.json: ${entries.length} vectors ${JSON.stringify(counts)}; ${disagreements} with a deviating oracle`);
