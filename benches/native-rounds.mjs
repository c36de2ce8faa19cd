// Native verify vs the bare hash, in alternating rounds: each round runs the two criterion benches
// of benches/signature.rs one at a time (`--exact`), the order swapped every round, and keeps each
// one's median time per iteration (from criterion's new/sample.json). `make bench-native` runs it
// after the full criterion suite; scripts/bench-table.mjs reads the JSON.
//
//   node benches/native-rounds.mjs [--rounds N] [--json FILE]
//   env: CARGO (default cargo), CARGO_TARGET_DIR / CRITERION_HOME (where criterion writes)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const ROUNDS = Number(arg('--rounds', 7));
const JSON_OUT = arg('--json', undefined);
const CARGO = process.env.CARGO ?? 'cargo';
const GROUP = 'status_callback_632B';
const BENCHES = { bare: 'bare_hmac_sha1', verify: 'verify_raw_body' };

// Where criterion 0.5 writes: $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else the target
// directory cargo metadata names.
function criterionHome() {
  if (process.env.CRITERION_HOME) return resolve(process.env.CRITERION_HOME);
  if (process.env.CARGO_TARGET_DIR) return join(resolve(ROOT, process.env.CARGO_TARGET_DIR), 'criterion');
  const meta = JSON.parse(execFileSync(CARGO, ['metadata', '--format-version', '1', '--no-deps'], { cwd: ROOT, encoding: 'utf8' }));
  return join(meta.target_directory, 'criterion');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per-iteration times (ns) of one criterion bench's last run. */
export function samples(home, group, bench) {
  const s = JSON.parse(readFileSync(join(home, group, bench, 'new', 'sample.json'), 'utf8'));
  return s.times.map((t, i) => t / s.iters[i]);
}

// Built once, then the bench binary is run directly: `cargo bench` per round would rebuild
// whenever the sources changed in between.
const built = execFileSync(CARGO, ['bench', '--bench', 'signature', '--no-run', '--message-format', 'json'],
  { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
const exe = built.split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'signature' && m.executable)?.executable;
if (!exe) throw new Error('native-rounds: no bench executable in cargo output');

const home = criterionHome();
const rounds = { bare: [], verify: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? ['verify', 'bare'] : ['bare', 'verify'];
  for (const who of order) {
    execFileSync(exe, ['--bench', '--exact', `${GROUP}/${BENCHES[who]}`, '--warm-up-time', '0.5', '--measurement-time', '1', '--sample-size', '30'],
      { cwd: ROOT, env: { ...process.env, CRITERION_HOME: home }, stdio: 'ignore' });
    rounds[who].push(median(samples(home, GROUP, BENCHES[who])));
  }
}
const fmt = (xs) => `${median(xs).toFixed(0)} ns [${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}]`;
console.log(`native, ${ROUNDS} alternating rounds (median per round): bare HMAC-SHA1 ${fmt(rounds.bare)}, ` +
  `verify raw body ${fmt(rounds.verify)}, verify/bare ${(median(rounds.verify) / median(rounds.bare)).toFixed(2)}x`);
if (JSON_OUT) {
  mkdirSync(dirname(resolve(JSON_OUT)), { recursive: true });
  writeFileSync(JSON_OUT, JSON.stringify({ date: new Date().toISOString(), unit: 'ns per iteration', group: GROUP, benches: BENCHES, rounds }, null, 2) + '\n');
}
