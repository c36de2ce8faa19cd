// Runs the known-answer suite (kat.mjs) against the PACKED package, installed by
// tests/js/install-pkg.sh into $JS_WORK/consumer, in every runtime: Node ESM and CJS, Bun ESM and
// CJS, Deno (no permissions), workerd through `wrangler dev` (no nodejs_compat) and headless
// Chromium through playwright-core. One test per runtime; each asserts zero failures, passed > 0.
// A last test type-checks tests/js/types against the installed package with node_modules/.bin/tsc.
//
//   node --test tests/js/runtimes.test.mjs            (make test-js does the packing first)
//
// Environment: JS_WORK (default tests/js/.work), KAT_VECTORS (a directory of *.json vector files,
// default tests/vectors/signature), CHROMIUM (default /usr/bin/chromium).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORK = resolve(ROOT, process.env.JS_WORK ?? 'tests/js/.work');
const CONSUMER = join(WORK, 'consumer');
const VECTORS = resolve(ROOT, process.env.KAT_VECTORS ?? 'tests/vectors/signature');
const CALLBACKS = resolve(ROOT, 'tests/vectors/callbacks');
const LIFECYCLES = resolve(ROOT, 'tests/vectors/lifecycles');
const BIN = join(ROOT, 'node_modules', '.bin');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 120_000;

/** Processes still running, killed (by process group) if the run is interrupted. */
const live = new Set();
const killGroup = (child, signal = 'SIGTERM') => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};
process.on('exit', () => live.forEach((c) => killGroup(c, 'SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    live.forEach((c) => killGroup(c, 'SIGKILL'));
    process.exit(130);
  });
}

/** Runs a command to completion; resolves { code, stdout, stderr }. */
function run(cmd, args, { cwd = CONSUMER, env = {}, timeout = TIMEOUT } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeout);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      done({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** The KAT result a runner printed as its last JSON line. */
function parseResult({ code, stdout, stderr }) {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  assert.ok(line, `no result (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`);
  assert.equal(code, 0, `exit ${code}\nstderr: ${stderr}`);
  return JSON.parse(line);
}

function assertKat(t, result) {
  assert.ok(!result.error, result.error);
  const shown = result.failures.slice(0, 15).map((f) => `  ${f.id} (${f.case}) ${f.check}: ${f.detail}`);
  assert.equal(result.failed, 0, `${result.failed} failed checks:\n${shown.join('\n')}`);
  assert.ok(result.passed > 0, 'no check ran');
  t.diagnostic(`${result.passed} checks passed, ${result.skipped} not applicable`);
}

/** The host-digest probe of run.mjs: the body verified and never entered wasm memory. */
function assertHostDigest(t, result) {
  const p = result.hostDigest;
  assert.ok(p, 'no host-digest probe result');
  assert.equal(p.valid, true, `the probe's 32 MB JSON body did not verify: ${JSON.stringify(p)}`);
  assert.equal(p.path, 'body-hash');
  assert.ok(p.before < p.bodyBytes, `wasm memory already holds ${p.before} B: the probe would not see the body staged`);
  assert.ok(p.after - p.before < p.bodyBytes / 4, `wasm memory grew by ${p.after - p.before} B: the body was copied in`);
  t.diagnostic(`host digest: ${p.bodyBytes} B JSON body verified, wasm memory ${p.before} -> ${p.after} B`);
}

function freePort() {
  return new Promise((done, fail) => {
    const srv = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

before(() => {
  const installed = join(CONSUMER, 'node_modules', 'twilio-webhook', 'package.json');
  assert.ok(existsSync(installed), `${installed} missing: run \`make test-js\` (packs and installs pkg/)`);
  assert.ok(existsSync(VECTORS), `no vector directory ${VECTORS}`);
  const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length > 0, `no *.json vector files in ${VECTORS}`);
  const vectors = files.map((f) => ({ file: f, ...JSON.parse(readFileSync(join(VECTORS, f), 'utf8')) }));
  // The callback fixtures: raw wire bytes (base64: they may hold any byte) and expected JSON.
  const callbacks = readdirSync(CALLBACKS)
    .filter((f) => f.endsWith('.form') || f.endsWith('.query'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.(form|query)$/, '');
      return {
        name,
        get: f.endsWith('.query'),
        wire: readFileSync(join(CALLBACKS, f)).toString('base64'),
        expected: JSON.parse(readFileSync(join(CALLBACKS, name + '.json'), 'utf8')),
      };
    });
  assert.ok(callbacks.length >= 40, `only ${callbacks.length} callback fixtures in ${CALLBACKS}`);
  vectors.push({ file: 'callbacks', callbacks });
  // The lifecycle scenarios (tests/vectors/lifecycles), each with its file name.
  const lifecycles = readdirSync(LIFECYCLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(LIFECYCLES, f), 'utf8')) }));
  assert.ok(lifecycles.length >= 25, `only ${lifecycles.length} lifecycle scenarios in ${LIFECYCLES}`);
  vectors.push({ file: 'lifecycles', lifecycles });
  writeFileSync(join(CONSUMER, 'vectors.json'), JSON.stringify(vectors));
  copyFileSync(join(HERE, 'kat.mjs'), join(CONSUMER, 'kat.mjs'));
  for (const f of ['run.mjs', 'run.cjs', 'core.mjs', 'index.html']) copyFileSync(join(HERE, 'runners', f), join(CONSUMER, f));
  mkdirSync(join(CONSUMER, 'worker'), { recursive: true });
  for (const f of ['worker.mjs', 'wrangler.toml']) copyFileSync(join(HERE, 'runners', f), join(CONSUMER, 'worker', f));
  copyFileSync(join(HERE, 'kat.mjs'), join(CONSUMER, 'worker', 'kat.mjs'));
  copyFileSync(join(CONSUMER, 'vectors.json'), join(CONSUMER, 'worker', 'vectors.json'));
});

describe('KAT from the packed tarball', () => {
  test('Node ESM', { timeout: TIMEOUT }, async (t) => {
    const result = parseResult(await run(process.execPath, ['run.mjs']));
    assert.match(result.entry, /\/dist\/node\.mjs$/);
    assertKat(t, result);
    assertHostDigest(t, result);
  });

  test('Node CJS', { timeout: TIMEOUT }, async (t) => {
    const result = parseResult(await run(process.execPath, ['run.cjs']));
    assert.match(result.entry, /\/dist\/node\.cjs$/);
    assertKat(t, result);
  });

  test('Bun ESM', { timeout: TIMEOUT }, async (t) => {
    const result = parseResult(await run(join(BIN, 'bun'), ['run.mjs']));
    assert.match(result.entry, /\/dist\/node\.mjs$/);
    assertKat(t, result);
    assertHostDigest(t, result);
  });

  test('Bun CJS', { timeout: TIMEOUT }, async (t) => {
    const result = parseResult(await run(join(BIN, 'bun'), ['run.cjs']));
    assert.match(result.entry, /\/dist\/node\.cjs$/);
    assertKat(t, result);
  });

  test('Deno (no permissions)', { timeout: TIMEOUT }, async (t) => {
    const result = parseResult(
      await run(join(BIN, 'deno'), ['run', '--no-lock', 'run.mjs'], {
        env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
    );
    assert.match(result.entry, /\/dist\/deno\.mjs$/);
    assertKat(t, result);
    assertHostDigest(t, result);
  });

  test('workerd (wrangler dev, no nodejs_compat)', { timeout: TIMEOUT }, async (t) => {
    const port = await freePort();
    const child = spawn(
      join(BIN, 'wrangler'),
      ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort())],
      {
        cwd: join(CONSUMER, 'worker'),
        detached: true,
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: 'false',
          WRANGLER_LOG_PATH: join(WORK, 'wrangler-logs'),
          XDG_CONFIG_HOME: join(WORK, 'xdg'),
          NO_COLOR: '1',
        },
      },
    );
    live.add(child);
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const exited = new Promise((done) => child.on('close', done));
    try {
      const deadline = Date.now() + 60_000;
      let res;
      while (!res) {
        assert.ok(child.exitCode === null, `wrangler exited:\n${log}`);
        assert.ok(Date.now() < deadline, `wrangler dev not answering after 60 s:\n${log}`);
        if (/Ready on/.test(log)) {
          res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        }
        if (!res) await new Promise((r) => setTimeout(r, 200));
      }
      const text = await res.text();
      assert.equal(res.status, 200, `${text}\n${log}`);
      assertKat(t, JSON.parse(text));
    } finally {
      killGroup(child);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      live.delete(child);
    }
  });

  test('Chromium (playwright-core, browser entry)', { timeout: TIMEOUT }, async (t) => {
    const { chromium } = await import('playwright-core');
    const pkgJson = JSON.parse(readFileSync(join(CONSUMER, 'node_modules/twilio-webhook/package.json'), 'utf8'));
    const entry = pkgJson.exports['.'].browser.default.replace(/^\.\//, '/node_modules/twilio-webhook/');
    const importMap = `<script type="importmap">${JSON.stringify({ imports: { 'twilio-webhook': entry } })}</script>`;
    const html = readFileSync(join(CONSUMER, 'index.html'), 'utf8').replace(/<!-- IMPORTMAP[^>]*-->/, importMap);
    const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const file = normalize(join(CONSUMER, path === '/' ? 'index.html' : path));
      if (!file.startsWith(CONSUMER + sep) || !existsSync(file) || !types[extname(file)]) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] });
      res.end(file.endsWith('index.html') ? html : readFileSync(file));
    });
    await new Promise((done) => server.listen(0, '127.0.0.1', done));
    const profile = mkdtempSync(join(WORK, 'chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const errors = [];
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => window.katResult !== undefined, null, { timeout: 60_000 });
      const result = await page.evaluate(() => window.katResult);
      assert.deepEqual(errors, []);
      assertKat(t, result);
    } finally {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test('twilio-webhook/core: not_initialized, then initSync (Node)', { timeout: TIMEOUT }, async () => {
    const out = parseResult(await run(process.execPath, ['core.mjs']));
    assert.equal(out.before.code, 'not_initialized');
    assert.ok(out.before.isWebhookError && out.before.isError);
    assert.match(out.before.message, /not initialised/);
    assert.equal(out.hash, '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    assert.equal(out.valid, true);
  });

  test('TypeScript (tsc, strict + nodenext, installed types)', { timeout: TIMEOUT }, async (t) => {
    const dir = join(CONSUMER, 'types');
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(HERE, 'types'), dir, { recursive: true });
    for (const config of ['tsconfig.json', 'tsconfig.nodom.json']) {
      const { code, stdout, stderr } = await run(join(BIN, 'tsc'), ['-p', join(dir, config)], { cwd: dir });
      assert.equal(code, 0, `tsc -p ${config}:\n${stdout}${stderr}`);
    }
  });
});

after(() => live.forEach((c) => killGroup(c, 'SIGKILL')));
