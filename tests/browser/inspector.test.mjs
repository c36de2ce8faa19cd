// The inspector page (www/) against the BUILT site (target/site, `make site`), served by
// scripts/serve-site.mjs on 127.0.0.1 and driven by playwright-core with Debian's chromium.
//
//   make test-site            (builds the site first)
//   node --test tests/browser/inspector.test.mjs
//
// Environment: SITE_DIR (default target/site), CHROMIUM (default /usr/bin/chromium).
// Screenshots go to tests/browser/artifacts/ (git-ignored): light, dark and phone-sized views.
//
// Inputs come from tests/vectors, as a developer would paste them: signature vectors by id, and
// callback fixtures (raw wire bodies) for the timeline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE = resolve(ROOT, process.env.SITE_DIR ?? 'target/site');
const ART = join(ROOT, 'tests/browser/artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CALLBACKS = join(ROOT, 'tests/vectors/callbacks');

const vectors = new Map();
for (const f of ['documented.json', 'generated.json']) {
  for (const v of JSON.parse(readFileSync(join(ROOT, 'tests/vectors/signature', f), 'utf8')).vectors) vectors.set(v.id, v);
}
const vector = (id) => {
  assert.ok(vectors.has(id), `no vector ${id}`);
  return vectors.get(id);
};
const fixture = (name) => readFileSync(join(CALLBACKS, `${name}.form`), 'utf8').trim();

let server;
let origin;
let context;
let page;
let profile;
const errors = [];
const foreign = [];

before(async () => {
  assert.ok(existsSync(join(SITE, 'index.html')), `${SITE}/index.html missing: run \`make site\``);
  mkdirSync(ART, { recursive: true });
  server = spawn(process.execPath, [join(ROOT, 'scripts/serve-site.mjs'), SITE], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  origin = await new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve-site printed no URL: ${out}`)), 10_000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /inspector: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    server.stderr.on('data', (d) => (out += d));
    server.on('exit', (code) => fail(new Error(`serve-site exited ${code}: ${out}`)));
  });
  const { chromium } = await import('playwright-core');
  profile = mkdtempSync(join(tmpdir(), 'inspector-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && new URL(u).origin !== origin) foreign.push(u);
  });
  page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (server) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

function watch(p) {
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  p.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
}

const byId = (id) => page.getByTestId(id);

/** Types a signature vector into the form, as a developer pastes it, and presses Verify. */
async function paste(v, { body = v.body } = {}) {
  if (!(await page.$eval('#more', (d) => d.open))) await page.locator('#more > summary').click();
  await byId('url').fill(v.url);
  await byId('method').selectOption(v.method);
  await byId('content-type').fill(v.content_type ?? '');
  await byId('body').fill(body);
  await byId('signature').fill(v.signature ?? '');
  await byId('settings').fill(v.signature_settings ?? '');
  await byId('token').fill(v.auth_tokens[0] ?? '');
  await byId('token2').fill(v.auth_tokens[1] ?? '');
  await byId('shared').fill(v.shared_keys[0] ?? '');
  await byId('verify').click();
  await page.waitForSelector('[data-testid="verdict"][data-valid]');
}

const valid = () => byId('verdict').getAttribute('data-valid');
const hintCodes = () => page.$$eval('[data-testid="hints"] li', (lis) => lis.map((li) => li.dataset.code));
const shot = (name, p = page) => p.screenshot({ path: join(ART, `${name}.png`), fullPage: true });

describe('inspector page', () => {
  test('loads the wasm package and labels every control', async () => {
    assert.equal(await byId('verify').isEnabled(), true);
    const unlabelled = await page.$$eval('input, textarea, select', (els) =>
      els.filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id));
    assert.deepEqual(unlabelled, []);
    assert.equal(await byId('verdict').getAttribute('data-valid'), null, 'no verdict before a check');
  });

  test('a valid status callback is judged valid, its fields shown with types', async (t) => {
    const v = vector('gen-0055'); // completed call, signed with :443 added
    await paste(v);
    assert.equal(await valid(), 'true');
    assert.match(await byId('verdict').innerText(), /Signed by Twilio/);
    assert.equal(await byId('url-variant').innerText(), 'port-added');
    assert.equal(await byId('key').innerText(), 'auth token');
    const row = async (name) => page.$eval(`[data-testid="fields"] tr[data-field="${name}"]`, (tr) => [...tr.cells].map((c) => c.innerText.trim()));
    assert.deepEqual((await row('CallStatus')).slice(0, 3), ['CallStatus', 'completed', 'CallStatus']);
    assert.deepEqual((await row('CallDuration')).slice(1, 3), ['483', 'seconds']);
    assert.match((await row('CallSid'))[1], /^CA[0-9a-f]{32}$/);
    assert.match((await row('From'))[2], /^endpoint/);
    // The signed string: the URL as received, then the sorted parameters; never the token.
    const signed = await byId('signed').innerText();
    assert.ok(signed.startsWith(`${v.url}AccountSid`), signed.slice(0, 120));
    assert.ok(!signed.includes(v.auth_tokens[0]));
    assert.equal(await byId('hints').isVisible(), false);
    await shot('light-valid');
    t.diagnostic('screenshot light-valid.png');
  });

  test('a tampered callback is judged invalid, with a hint', async () => {
    const v = vector('gen-0055');
    await paste(v, { body: v.body.replace(/CallDuration=(\d+)/, 'CallDuration=$10') });
    assert.equal(await valid(), 'false');
    assert.match(await byId('verdict').innerText(), /Do not trust this request/);
    const codes = await hintCodes();
    assert.ok(codes.length >= 1, 'at least one hint');
    assert.ok(codes.includes('no_variant_matched'), codes.join());
    assert.match(await byId('hints').innerText(), /altered on the way/);
    assert.match(await byId('fields').innerText(), /4830/); // still parsed, flagged untrusted
    await shot('light-tampered');
  });

  test('a port mismatch gets its hint', async () => {
    await paste(vector('gen-0217')); // https URL, signed over :80
    assert.equal(await valid(), 'false');
    assert.deepEqual((await hintCodes())[0], 'port_mismatch');
    assert.match(await byId('hints').innerText(), /Confirmed/);
  });

  test('a scheme mismatch (TLS ended at a proxy) gets its hint, both ways', async () => {
    for (const id of ['gen-0218', 'gen-0221']) {
      await paste(vector(id));
      assert.equal(await valid(), 'false', id);
      assert.deepEqual((await hintCodes())[0], 'scheme_mismatch', id);
    }
    await shot('light-scheme-mismatch');
  });

  test('the example menu: JSON bodies, key rotation, SharedKey', async () => {
    const pick = async (id) => {
      await byId('examples').selectOption(id);
      await page.waitForSelector('[data-testid="verdict"][data-valid]');
    };
    await pick('doc-17');
    assert.equal(await valid(), 'true');
    assert.match(await page.locator('#body-hash').innerText(), /same/);
    await pick('doc-20');
    assert.equal(await valid(), 'false');
    assert.deepEqual(await hintCodes(), ['body_reserialized']);
    await pick('gen-0201');
    assert.equal(await valid(), 'true');
    assert.equal(await byId('key').innerText(), 'second auth token');
    await pick('doc-21');
    assert.equal(await valid(), 'true');
    await pick('doc-22');
    assert.deepEqual((await hintCodes())[0], 'other_algorithm');
  });

  test('a raw HTTP request pasted whole is split into fields', async () => {
    const v = vector('gen-0049');
    const u = new URL(v.url);
    await page.locator('#raw-box > summary').click();
    await byId('raw').fill(`POST ${u.pathname} HTTP/1.1\nHost: ${u.host}\nContent-Type: ${v.content_type}\n` +
      `X-Twilio-Signature: ${v.signature}\nX-Forwarded-Proto: https\n\n${v.body}\n`);
    await byId('token').fill(v.auth_tokens[0]);
    await byId('token2').fill('');
    await byId('shared').fill('');
    await byId('split').click();
    await page.waitForSelector('[data-testid="verdict"][data-valid]');
    assert.equal(await byId('url').inputValue(), v.url);
    assert.equal(await byId('body').inputValue(), v.body, 'the trailing newline is cut at Content-Length or kept out');
    assert.equal(await byId('signature').inputValue(), v.signature);
    assert.equal(await valid(), 'true');
    await page.locator('#raw-box > summary').click();
  });

  test('keyboard: Ctrl+Enter in a field verifies', async () => {
    await paste(vector('gen-0218'));
    await byId('url').fill(vector('gen-0218').url.replace('https:', 'http:'));
    await byId('url').focus();
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="verdict"]').dataset.valid === 'true');
  });

  test('several callbacks draw a timeline per call leg', async (t) => {
    // Arrival order: the terminal event first, a retry, a child leg in the middle.
    const pasted = ['call-status-completed', 'call-status-ringing-stir', 'call-status-child-leg', 'call-status-initiated',
      'call-status-ringing-stir', 'call-status-in-progress-sync-amd'];
    await byId('callbacks').fill(pasted.map(fixture).join('\n'));
    await byId('build-timeline').click();
    await page.waitForSelector('[data-testid="timeline"][data-state="built"]');
    const legs = await page.$$eval('[data-testid="leg"]', (secs) => secs.map((s) => ({
      sid: s.dataset.callSid,
      parent: s.dataset.parent,
      events: [...s.querySelectorAll('[data-testid="event"]')].map((e) => ({
        seq: e.dataset.seq, status: e.dataset.status, arrival: Number(e.dataset.arrival), effect: e.dataset.effect,
      })),
      status: s.querySelector('[data-testid="leg-status"]')?.innerText,
    })));
    const parent = 'CAd0e45878043844ffc41aac437e86b602';
    const child = 'CA1b7d5726533ab525a8760351e9b5e415';
    assert.deepEqual(legs.map((l) => l.sid), [parent, child]);
    assert.equal(legs[1].parent, parent, 'the child leg names its parent');
    // Available in every build: the events of each leg in SequenceNumber order.
    assert.deepEqual(legs[0].events.map((e) => `${e.seq}:${e.status}`), ['0:initiated', '1:ringing', '1:ringing', '2:in-progress', '3:completed']);
    assert.deepEqual(legs[0].events.map((e) => e.arrival), [4, 2, 5, 6, 1]);
    assert.deepEqual(legs[1].events.map((e) => `${e.seq}:${e.status}`), ['0:initiated']);
    const lifecycle = await byId('timeline').getAttribute('data-lifecycle');
    if (lifecycle === 'available') {
      // CONDITIONAL: only when the package exports CallTree / CallTracker (issue 4).
      const fx = Object.fromEntries(legs[0].events.map((e) => [e.arrival, e.effect]));
      assert.equal(fx[1], 'advance', 'completed, first to arrive, advances');
      assert.equal(fx[2], 'late', 'ringing after completed is late');
      assert.equal(fx[5], 'duplicate', 'the second ringing is a duplicate');
      assert.equal(legs[0].status, 'completed');
      t.diagnostic('lifecycle effects checked (CallTree exported)');
    } else {
      assert.equal(lifecycle, 'unavailable');
      assert.match(await byId('timeline').innerText(), /Lifecycle checks not available in this build/);
      assert.equal(legs[0].status, 'completed', 'latest status by SequenceNumber');
      t.diagnostic('lifecycle effects NOT checked: the package does not export CallTree/CallTracker yet');
    }
    await byId('timeline').scrollIntoViewIfNeeded();
    await page.locator('.timeline-card').screenshot({ path: join(ART, 'light-timeline.png') });
  });

  test('dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await byId('examples').selectOption('gen-0221');
    await page.waitForSelector('[data-testid="verdict"][data-valid="false"]');
    await byId('timeline-examples').selectOption('dial');
    await page.waitForSelector('[data-testid="timeline"][data-state="built"]');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(245, 246, 248)', 'dark background');
    await shot('dark-proxy');
    await byId('examples').selectOption('gen-0085');
    await page.waitForSelector('[data-testid="verdict"][data-valid="true"]');
    await shot('dark-valid');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('phone-sized viewport', async () => {
    const phone = await context.newPage();
    watch(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${origin}/`);
    await phone.waitForSelector('body[data-ready="true"]');
    await phone.getByTestId('examples').selectOption('tampered');
    await phone.waitForSelector('[data-testid="verdict"][data-valid="false"]');
    await shot('phone-tampered', phone);
    await phone.screenshot({ path: join(ART, 'phone-top.png') });
    await phone.locator('#result').scrollIntoViewIfNeeded();
    await phone.evaluate(() => document.getElementById('result').scrollIntoView());
    await phone.screenshot({ path: join(ART, 'phone-result.png') });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await phone.emulateMedia({ colorScheme: 'dark' });
    await phone.getByTestId('timeline-examples').selectOption('out-of-order');
    await phone.waitForSelector('[data-testid="timeline"][data-state="built"]');
    await shot('phone-dark-timeline', phone);
    await phone.evaluate(() => document.getElementById('timeline').scrollIntoView());
    await phone.screenshot({ path: join(ART, 'phone-dark-timeline-view.png') });
    await phone.close();
  });

  test('the auth token stays in its field: not stored, not in the URL or cookies, not rendered', async (t) => {
    // A distinctive token (not hex: hex digests are printed), in every spelling a leak could take.
    const secret = 'Zq7-INSPECTOR-tok3n-Wv9x';
    const needles = [secret, Buffer.from(secret).toString('base64').replace(/=+$/, ''), Buffer.from(secret).toString('base64url'),
      Buffer.from(secret).toString('hex'), encodeURIComponent(secret), secret.slice(0, 12), secret.slice(-12)];
    const found = (text) => needles.filter((n) => String(text).toLowerCase().includes(n.toLowerCase()));
    const logged = [];
    const onConsole = (m) => logged.push(m.text());
    page.on('console', onConsole);
    const v = vector('gen-0055');
    // Signed with the secret over the URL as received: the valid path.
    let signed = v.url;
    for (const k of Object.keys(v.params).sort()) signed += k + v.params[k];
    const signature = createHmac('sha1', secret).update(signed, 'utf8').digest('base64');
    const paths = [];
    await paste({ ...v, auth_tokens: [secret, `${secret}-2`], shared_keys: [`${secret}-S`] });
    paths.push(await valid()); // wrong key: rejected, with hints
    await paste({ ...v, auth_tokens: [`${secret} `], shared_keys: [] }); // token_whitespace
    paths.push(await valid());
    assert.ok((await hintCodes()).includes('token_whitespace'), (await hintCodes()).join());
    await paste({ ...v, signature, auth_tokens: ['another-token', secret], shared_keys: [] });
    paths.push(await valid());
    assert.equal(await valid(), 'true');
    assert.equal(await byId('key').innerText(), 'second auth token');
    // Enter in the token field (implicit form submission), the Show / Hide toggle, an error.
    await byId('token').focus();
    await page.keyboard.press('Enter');
    await page.locator('button.reveal[aria-controls="token"]').click();
    assert.equal(await byId('token').getAttribute('type'), 'text');
    await page.locator('button.reveal[aria-controls="token"]').click();
    await byId('url').fill('not a url');
    await byId('verify').click();
    await page.waitForSelector('[data-testid="verdict"][data-state="error"]');
    assert.deepEqual(paths, ['false', 'false', 'true']);

    const exposed = async () => {
      const inPage = await page.evaluate(async () => {
        const tokenFields = new Set(['token', 'token2', 'shared']);
        const fieldValues = [...document.querySelectorAll('input, textarea, select')]
          .filter((e) => !tokenFields.has(e.id)).map((e) => `${e.id}=${e.value}`);
        const storage = (s) => JSON.stringify(Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)])));
        let databases = [];
        try {
          databases = (await indexedDB.databases()).map((d) => d.name);
        } catch {
          /* not supported */
        }
        let cacheNames = [];
        try {
          cacheNames = await caches.keys();
        } catch {
          /* not supported */
        }
        return {
          url: location.href,
          history: JSON.stringify(history.state),
          name: window.name,
          title: document.title,
          cookie: document.cookie,
          localStorage: storage(localStorage),
          sessionStorage: storage(sessionStorage),
          databases: databases.join(','),
          caches: cacheNames.join(','),
          // The markup (attributes included; an input's typed value is not an attribute) and the text shown.
          html: document.documentElement.outerHTML,
          text: document.body.innerText,
          fields: fieldValues.join('\n'),
        };
      });
      inPage.pageUrl = page.url();
      inPage.cookies = JSON.stringify(await context.cookies());
      inPage.console = logged.join('\n');
      return inPage;
    };
    const check = (where) => async () => {
      const seen = await exposed();
      for (const [k, text] of Object.entries(seen)) {
        assert.deepEqual(found(text), [], `${where}: the token appears in ${k}: ${String(text).slice(0, 300)}`);
      }
      return seen;
    };
    const before = await check('after verifying')();
    // The fields do hold it (the check looks at the right place).
    assert.equal(await byId('token').inputValue(), 'another-token');
    assert.equal(await byId('token2').inputValue(), secret);
    // Nothing brings it back after a reload (no storage, no form restoration).
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await check('after a reload')();
    assert.equal(await byId('token2').inputValue(), '', 'the token field is empty after a reload');
    page.off('console', onConsole);
    t.diagnostic(`checked: URL, history.state, window.name, title, cookies, localStorage (${before.localStorage}), ` +
      `sessionStorage, IndexedDB, Cache Storage, the markup, the rendered text, the other fields, console output`);
  });

  test('no request left the page’s origin, no console errors', () => {
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  });
});
