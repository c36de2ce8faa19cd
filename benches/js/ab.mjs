// A/B: two builds of the package in one Node process, alternating rounds. What showed the
// changes of a few percent that `make bench` cannot (its ratios to the official helper swing by
// more than that from run to run on these machines).
//
//   node benches/js/ab.mjs PKG_A PKG_B [raw|dropin|json1k|json64k] [rounds]
//   make bench-ab A=/tmp/pkg-before B=pkg CASE=raw ROUNDS=21
//
// Build the variants with `PKG_DIR=/tmp/pkg-before scripts/build-pkg.sh` (at another commit, or
// with a change stashed). Each round times N calls of A and of B (order alternating); printed:
// the median per-call times and the median of the rounds' B/A (< 1: B is faster). Run it both
// ways round (A B, then B A): a real difference flips, noise does not.
import { createRequire } from 'node:module';
import { parse as qsParse } from 'node:querystring';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STATUS_BODY, STATUS_URL, TOKEN, jsonCase } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const [dirA, dirB, which = 'raw', rounds = '21'] = process.argv.slice(2);
const CASES = ['raw', 'dropin', 'json1k', 'json64k'];
if (!dirA || !dirB || !CASES.includes(which) || !(Number(rounds) > 0)) {
  console.error(`usage: node benches/js/ab.mjs PKG_A PKG_B [${CASES.join('|')}] [rounds]`);
  process.exit(2);
}
const load = async (dir) => {
  const entry = resolve(ROOT, dir, 'dist', 'node.mjs');
  if (!existsSync(entry)) {
    console.error(`ab: ${entry} missing: build it with PKG_DIR=${dir} scripts/build-pkg.sh`);
    process.exit(1);
  }
  return import(pathToFileURL(entry).href);
};
const a = await load(dirA);
const b = await load(dirB);
// The official helper signs the fixtures (benches/js/fixtures.mjs).
const twilio = createRequire(ROOT)('twilio/lib/webhooks/webhooks.js');

const parsed = qsParse(STATUS_BODY);
const sig = twilio.getExpectedTwilioSignature(TOKEN, STATUS_URL, parsed);
const json = which === 'json1k' ? jsonCase(twilio, 1024) : which === 'json64k' ? jsonCase(twilio, 64 * 1024) : undefined;
const keys = { authToken: TOKEN };
const call = (m) => {
  if (which === 'dropin') return () => m.validateRequest(TOKEN, sig, STATUS_URL, parsed);
  const input = json
    ? { url: json.url, contentType: 'application/json', body: json.body, signature: json.sig }
    : { url: STATUS_URL, contentType: 'application/x-www-form-urlencoded', body: STATUS_BODY, signature: sig };
  return () => m.verify(input, keys).valid;
};
const fa = call(a);
const fb = call(b);
// Both must verify the fixture, or the rounds time an early failure.
if (!fa() || !fb()) throw new Error('ab: a build does not verify the fixture');

const N = which === 'json64k' ? 300 : 20000;
const time = (f) => {
  const t0 = process.hrtime.bigint();
  let ok = 0;
  for (let i = 0; i < N; i++) ok += f();
  if (ok !== N) throw new Error('ab: a verification failed during the round');
  return Number(process.hrtime.bigint() - t0) / N;
};
for (let i = 0; i < 3; i++) { time(fa); time(fb); } // warm-up: both tiered up
const ta = [];
const tb = [];
const ratio = [];
for (let r = 0; r < Number(rounds); r++) {
  if (r % 2) { ta.push(time(fa)); tb.push(time(fb)); } else { tb.push(time(fb)); ta.push(time(fa)); }
  ratio.push(tb.at(-1) / ta.at(-1));
}
const median = (v) => [...v].sort((x, y) => x - y)[v.length >> 1];
const us = (ns) => `${(ns / 1000).toFixed(2)} µs`;
console.log(`${which}: A ${us(median(ta))}  B ${us(median(tb))}  B/A ${median(ratio).toFixed(3)} ` +
  `[${Math.min(...ratio).toFixed(3)}-${Math.max(...ratio).toFixed(3)}] over ${rounds} rounds`);
