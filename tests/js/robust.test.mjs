// Robustness of the PACKED package (installed by tests/js/install-pkg.sh into $JS_WORK/consumer),
// in Node: seeded random and mutated inputs through every public function (tests/js/robust.mjs
// says what is generated). Every call must return a result of the documented shape, or throw a
// TypeError with a `code`, or a WebhookError with a `code`; never anything else (a WebAssembly
// RuntimeError above all), and afterwards a known-good vector must still verify.
//
//   node --test tests/js/robust.test.mjs            (make test-js packs and installs first)
//
// Environment: JS_WORK (default tests/js/.work), ROBUST_SEED (default 20261201), ROBUST_CASES
// (cases per function, default 3000). A failure names the seed, the function and the case
// number: rerun with the same seed (and at least that many cases) to reproduce it.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { robustData, runRobust } from './robust.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORK = resolve(ROOT, process.env.JS_WORK ?? 'tests/js/.work');
const CONSUMER = join(WORK, 'consumer');
const VECTORS = join(ROOT, 'tests', 'vectors');
const SEED = Number(process.env.ROBUST_SEED ?? 20261201);
const CASES = Number(process.env.ROBUST_CASES ?? 3000);
const FUNCTIONS = [
  'validateRequest', 'validateRequestWithBody', 'getExpectedTwilioSignature', 'getExpectedBodyHash', 'signingString',
  'verify', 'verifyRequest', 'parseCallback', 'canTransition', 'CallTracker', 'CallTree',
];

let pkg;
let data;

before(async () => {
  const entry = join(CONSUMER, 'node_modules', 'twilio-webhook', 'dist', 'node.mjs');
  assert.ok(existsSync(entry), `${entry} missing: run \`make test-js\` (packs and installs pkg/)`);
  pkg = await import(pathToFileURL(entry).href);
  const cb = join(VECTORS, 'callbacks');
  const lc = join(VECTORS, 'lifecycles');
  data = robustData({
    signatureFiles: ['documented.json', 'generated.json'].map((f) => JSON.parse(readFileSync(join(VECTORS, 'signature', f), 'utf8'))),
    callbackBodies: readdirSync(cb).filter((f) => /\.(form|query)$/.test(f)).sort().map((f) => readFileSync(join(cb, f), 'utf8')),
    lifecycleScenarios: readdirSync(lc).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(lc, f), 'utf8'))),
  });
});

describe(`robustness from the installed tarball (Node, seed ${SEED}, ${CASES} cases per function)`, () => {
  for (const fn of FUNCTIONS) {
    test(fn, { timeout: 300_000 }, async (t) => {
      const r = await runRobust(pkg, data, { seed: SEED, cases: CASES, only: [fn] });
      const c = r.per[fn];
      t.diagnostic(`${c.cases} cases in ${(r.ms[fn] / 1000).toFixed(1)} s: ${c.returned} returned, ${c.typeError} TypeErrors, ` +
        `${c.webhookError} WebhookErrors (${Object.entries(c.codes).map(([k, n]) => `${k} ${n}`).join(', ')})`);
      const shown = r.failures.map((f) => `  ${f.fn} case ${f.case} [${f.kind}] ${f.detail}\n      args: ${f.args}`).join('\n');
      assert.equal(r.failed, 0, `${r.failed} undocumented outcomes (seed ${SEED}; ROBUST_SEED=${SEED} ROBUST_CASES=${CASES} to rerun):\n${shown}`);
      assert.equal(r.traps, 0);
      assert.deepEqual(r.knownGood, [], 'the module still works afterwards');
      assert.ok(c.returned > 0 && c.typeError + c.webhookError > 0, 'both results and documented errors were reached');
    });
  }
});
