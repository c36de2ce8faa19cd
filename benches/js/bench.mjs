// Benchmark: twilio-webhook (the built pkg/, Node ESM entry) vs the official `twilio` helper
// (node_modules/twilio, a dev-only baseline), in one Node process.
//
//   node benches/js/bench.mjs [rounds] [--json FILE]     (make bench-js builds pkg/ first)
//   env PKG_DIR: the package to load (default pkg/)
//
// --json FILE also writes the rounds (ns per call) for scripts/bench-table.mjs.
//
// Each scenario runs ROUNDS rounds; a round times N calls of each library, alternating which goes
// first. N is calibrated so that one batch takes about BATCH_MS. Reported: per-call time, median
// and min-max over the rounds, and twilio/ours (> 1: ours is faster): the median of the rounds'
// ratios, with their min-max.
import { createRequire } from 'node:module';
import { parse as qsParse } from 'node:querystring';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STATUS_BODY, STATUS_URL, TOKEN, badSignature, jsonCase } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = pathToFileURL(resolve(ROOT, process.env.PKG_DIR ?? 'pkg', 'dist', 'node.mjs'));
if (!existsSync(ENTRY)) {
  console.error(`bench: ${fileURLToPath(ENTRY)} missing: run \`make pkg\` first`);
  process.exit(1);
}
const ours = await import(ENTRY.href);
const require = createRequire(ROOT);
const twilio = require('twilio/lib/webhooks/webhooks.js');
const twilioVersion = require('twilio/package.json').version;

const jsonAt = process.argv.indexOf('--json');
const JSON_OUT = jsonAt < 0 ? undefined : process.argv[jsonAt + 1];
const positional = process.argv.slice(2).filter((a, i, all) => a !== '--json' && all[i - 1] !== '--json');
const ROUNDS = Number(positional[0] ?? 15);
const BATCH_MS = 40;
const FORM = 'application/x-www-form-urlencoded';

const statusBody = STATUS_BODY;
const parsed = qsParse(statusBody);
const goodSig = twilio.getExpectedTwilioSignature(TOKEN, STATUS_URL, parsed);
const badSig = badSignature(goodSig);

const json1k = jsonCase(twilio, 1024);
const json64k = jsonCase(twilio, 64 * 1024);

const keys = { authToken: TOKEN };
const form = (signature) => ({ url: STATUS_URL, contentType: FORM, body: statusBody, signature });
const json = (c) => ({ url: c.url, contentType: 'application/json', body: c.body, signature: c.sig });

const scenarios = [
  {
    name: `raw body -> verdict, valid (${statusBody.length} B)`,
    want: true,
    ours: () => ours.verify(form(goodSig), keys).valid,
    theirs: () => twilio.validateRequest(TOKEN, goodSig, STATUS_URL, qsParse(statusBody)),
  },
  {
    name: 'raw body -> verdict, bad signature',
    want: false,
    ours: () => ours.verify(form(badSig), keys).valid,
    theirs: () => twilio.validateRequest(TOKEN, badSig, STATUS_URL, qsParse(statusBody)),
  },
  {
    name: 'drop-in validateRequest(parsed), valid',
    want: true,
    ours: () => ours.validateRequest(TOKEN, goodSig, STATUS_URL, parsed),
    theirs: () => twilio.validateRequest(TOKEN, goodSig, STATUS_URL, parsed),
  },
  {
    name: 'drop-in validateRequest(parsed), bad sig',
    want: false,
    ours: () => ours.validateRequest(TOKEN, badSig, STATUS_URL, parsed),
    theirs: () => twilio.validateRequest(TOKEN, badSig, STATUS_URL, parsed),
  },
  {
    // The official helper has no callback parser: what users do today is querystring.parse,
    // which gives untyped strings. Shown for the cost of typing, not as a like-for-like race.
    name: 'parseCallback (typed) vs querystring.parse',
    want: true,
    ours: () => ours.parseCallback(statusBody).kind === 'call-status',
    theirs: () => typeof qsParse(statusBody).CallSid === 'string',
  },
  {
    name: `JSON 1 KB: verify vs validateRequestWithBody`,
    want: true,
    ours: () => ours.verify(json(json1k), keys).valid,
    theirs: () => twilio.validateRequestWithBody(TOKEN, json1k.sig, json1k.url, json1k.body),
  },
  {
    name: `JSON 64 KB: verify vs validateRequestWithBody`,
    want: true,
    ours: () => ours.verify(json(json64k), keys).valid,
    theirs: () => twilio.validateRequestWithBody(TOKEN, json64k.sig, json64k.url, json64k.body),
  },
];

let sink = 0;
function time(fn, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += fn() ? 1 : 0;
  return Number(process.hrtime.bigint() - t0) / n; // ns per call
}
function calibrate(fn) {
  // Warm up (JIT, wasm tiering) for about 100 ms, then size the batch from a warm measurement.
  const end = process.hrtime.bigint() + 100_000_000n;
  while (process.hrtime.bigint() < end) time(fn, 16);
  let n = 16;
  for (;;) {
    const total = time(fn, n) * n;
    if (total > 10e6 || n > 1 << 22) return Math.max(16, Math.round((n * BATCH_MS * 1e6) / total));
    n *= 2;
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ns) => (ns >= 1e5 ? `${(ns / 1e3).toFixed(0)}` : ns >= 1e4 ? `${(ns / 1e3).toFixed(1)}` : `${(ns / 1e3).toFixed(2)}`);

const rows = [];
for (const s of scenarios) {
  for (const [who, fn] of [['ours', s.ours], ['twilio', s.theirs]]) {
    const got = fn();
    if (got !== s.want) throw new Error(`${s.name}: ${who} returned ${got}, expected ${s.want}`);
  }
  const n = Math.min(calibrate(s.ours), calibrate(s.theirs));
  const r = { ours: [], theirs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['theirs', 'ours'] : ['ours', 'theirs'];
    for (const who of order) r[who].push(time(s[who], n));
  }
  rows.push({ name: s.name, n, ours: r.ours, theirs: r.theirs });
}

const w = Math.max(...rows.map((r) => r.name.length));
console.log(`twilio-webhook (pkg/, wasm) vs twilio ${twilioVersion} | Node ${process.version} | ` +
  `${ROUNDS} rounds, alternating order | µs per call: median [min-max]`);
console.log(`${'scenario'.padEnd(w)}  ${'calls/round'.padStart(11)}  ${'twilio-webhook'.padEnd(24)}  ${'twilio'.padEnd(24)}  twilio/ours per round`);
for (const r of rows) {
  const cell = (xs) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}]`.padEnd(24);
  // Per round (the two sides of a round ran back to back), then the median over the rounds: the
  // machine's speed shifts for seconds at a time, and the ratio of the two medians would then
  // compare rounds from different regimes.
  const ratios = r.theirs.map((t, i) => t / r.ours[i]);
  const ratio = `${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}]`;
  console.log(`${r.name.padEnd(w)}  ${String(r.n).padStart(11)}  ${cell(r.ours)}  ${cell(r.theirs)}  ${ratio}`);
}
if (sink < 0) console.log(sink);
if (JSON_OUT) {
  mkdirSync(dirname(resolve(JSON_OUT)), { recursive: true });
  writeFileSync(JSON_OUT, JSON.stringify({
    date: new Date().toISOString(),
    node: process.version,
    twilio: twilioVersion,
    rounds: ROUNDS,
    unit: 'ns per call',
    scenarios: rows.map((r) => ({ name: r.name, calls: r.n, ours: r.ours, twilio: r.theirs })),
  }, null, 2) + '\n');
}
