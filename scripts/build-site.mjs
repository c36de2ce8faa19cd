#!/usr/bin/env node
// Builds the inspector page into a self-contained static site (default target/site/):
//
//   index.html, main.js, style.css   copied from www/
//   pkg/                             the package's browser entry and its wasm, from pkg/dist
//   examples.json                    the example menu, built from tests/vectors (never hand-copied)
//
//   node scripts/build-site.mjs [OUT_DIR]        (make site runs `make pkg` first)
//
// Every example names the vector it comes from. One example is derived (a body value changed
// after signing, to show a tampered request); it says so and names its source vector.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = resolve(ROOT, process.argv[2] ?? 'target/site');
const WWW = join(ROOT, 'www');
const DIST = resolve(ROOT, process.env.PKG_DIR ?? 'pkg', 'dist');
const SIGNATURE = join(ROOT, 'tests/vectors/signature');
const CALLBACKS = join(ROOT, 'tests/vectors/callbacks');

const die = (msg) => {
  console.error(`build-site: ${msg}`);
  process.exit(1);
};

// 1. The page and the package (only what the browser entry loads).
const PAGE = ['index.html', 'main.js', 'style.css'];
const PKG = ['browser.mjs', 'runtime.mjs', 'api.mjs', 'twilio_webhook.js', 'twilio_webhook_bg.wasm'];
for (const f of PAGE) if (!existsSync(join(WWW, f))) die(`missing www/${f}`);
for (const f of PKG) if (!existsSync(join(DIST, f))) die(`missing ${join(DIST, f)}: run \`make pkg\` first`);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'pkg'), { recursive: true });
for (const f of PAGE) copyFileSync(join(WWW, f), join(OUT, f));
for (const f of PKG) copyFileSync(join(DIST, f), join(OUT, 'pkg', f));
const version = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')).version;

// 2. Signature examples: vectors picked by id, in menu order.
const vectors = new Map();
for (const file of readdirSync(SIGNATURE).filter((f) => f.endsWith('.json')).sort()) {
  for (const v of JSON.parse(readFileSync(join(SIGNATURE, file), 'utf8')).vectors) {
    vectors.set(v.id, { ...v, file: `tests/vectors/signature/${file}` });
  }
}
const vector = (id) => vectors.get(id) ?? die(`no vector ${id} in ${SIGNATURE}`);

/** A vector as the page's form fields. */
function request(v) {
  return {
    url: v.url,
    method: v.method,
    contentType: v.content_type,
    body: v.body,
    signature: v.signature,
    signatureSettings: v.signature_settings,
    authTokens: v.auth_tokens,
    sharedKeys: v.shared_keys,
  };
}

const PICKS = [
  ['valid', 'gen-0055', 'Valid: completed call status callback'],
  ['valid', 'gen-0085', 'Valid: incoming call (TwiML request)'],
  ['valid', 'gen-0003', 'Valid: recording status callback'],
  ['valid', 'doc-01', 'Valid: the helper libraries\u2019 worked example'],
  ['valid', 'gen-0201', 'Valid: key rotation, second token matches'],
  ['valid', 'doc-21', 'Valid: SharedKey (HMAC-SHA256)'],
  ['valid', 'doc-17', 'Valid: JSON body (bodySHA256)'],
  ['invalid', 'tampered', 'Tampered: body changed after signing'],
  ['invalid', 'gen-0315', 'Tampered: signature altered'],
  ['invalid', 'gen-0217', 'Port mismatch: signed over :80'],
  ['invalid', 'gen-0218', 'Proxy: https received, http signed'],
  ['invalid', 'gen-0221', 'Proxy: http received behind TLS, https signed'],
  ['invalid', 'doc-20', 'JSON body re-serialised by a body parser'],
  ['invalid', 'doc-14', 'Query string re-encoded'],
  ['invalid', 'doc-22', 'SharedKey signature without its settings header'],
  ['invalid', 'gen-0313', 'Wrong auth token (another account)'],
];

const signatures = PICKS.map(([group, id, title]) => {
  if (id !== 'tampered') {
    const v = vector(id);
    return { id, group, title, note: v.case, source: `${v.file} ${v.id}`, expected: v.expected, request: request(v) };
  }
  // Derived: the valid completed-call vector with its CallDuration changed after signing.
  const v = vector('gen-0055');
  const m = /(^|&)CallDuration=(\d+)/.exec(v.body) ?? die('gen-0055 has no CallDuration to tamper with');
  const body = v.body.replace(m[0], `${m[1]}CallDuration=${m[2]}0`);
  return {
    id: 'tampered',
    group,
    title,
    note: `derived from ${v.id}: CallDuration changed from ${m[2]} to ${m[2]}0 seconds after Twilio signed it`,
    source: `${v.file} ${v.id} (derived)`,
    expected: { valid: false, reason: 'signature_mismatch' },
    request: { ...request(v), body },
  };
});

// A whole raw HTTP request, as a server would log it, from a valid vector (for the split demo).
const rawOf = (v) => {
  const u = new URL(v.url);
  const head = [
    `${v.method} ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    'User-Agent: TwilioProxy/1.1',
    `Content-Type: ${v.content_type}`,
    `Content-Length: ${Buffer.byteLength(v.body)}`,
    `X-Twilio-Signature: ${v.signature}`,
  ];
  return `${head.join('\r\n')}\r\n\r\n${v.body}`;
};
const rawSource = vector('gen-0049');
const raw = {
  id: 'raw',
  title: 'Raw HTTP request: initiated call status callback',
  note: `${rawSource.case} (headers added around the vector: Host, User-Agent, Content-Length)`,
  source: `${rawSource.file} ${rawSource.id}`,
  text: rawOf(rawSource),
  authTokens: rawSource.auth_tokens,
};

// 3. Timelines: callback fixtures (raw wire bodies) in the order they are "received".
const fixture = (name) => {
  const file = join(CALLBACKS, `${name}.form`);
  if (!existsSync(file)) die(`no callback fixture ${file}`);
  return { name, body: readFileSync(file, 'utf8').trim() };
};
const TIMELINES = [
  ['in-order', 'Outbound call answered by a human, in order',
    ['call-status-initiated', 'call-status-ringing-stir', 'call-status-in-progress-sync-amd', 'amd-human',
      'recording-completed', 'call-status-completed']],
  ['out-of-order', 'Retries and late arrivals',
    ['call-status-completed', 'call-status-ringing-stir', 'call-status-initiated', 'call-status-ringing-stir',
      'call-status-in-progress-sync-amd']],
  ['dial', 'Inbound call with a <Dial> child leg',
    ['voice-inbound', 'call-status-child-leg', 'dial-completed-bridged']],
  ['conflict', 'Two different terminal statuses',
    ['call-status-initiated', 'call-status-ringing-stir', 'call-status-busy', 'call-status-completed']],
];
const timelines = TIMELINES.map(([id, title, names]) => ({
  id,
  title,
  source: names.map((n) => `tests/vectors/callbacks/${n}.form`).join(', '),
  callbacks: names.map(fixture),
}));

writeFileSync(join(OUT, 'examples.json'), JSON.stringify({ version, signatures, raw, timelines }, null, 1) + '\n');
console.log(`build-site: ${OUT} (twilio-webhook ${version}; ${signatures.length} signature examples, ` +
  `${timelines.length} timelines)`);
