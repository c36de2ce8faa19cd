// The inspector page: reads the form, calls the package, draws what it answers. Every rule
// (URL candidates, sorting, hashing, parsing, the call lifecycle) is the package's; this file only
// splits pasted text into fields and turns results into markup. Nothing is sent or stored.

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'title' || k === 'role' || k === 'scope') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
};

let tw; // the package, once loaded
let examples = { signatures: [], timelines: [] };

// ---------------------------------------------------------------------------------------------
// Plain words for the package's codes.

const VARIANTS = {
  'as-received': 'the URL exactly as received',
  'port-added': 'the URL with its default port added (:443 or :80)',
  'port-removed': 'the URL without its explicit port',
  'scheme-lowercased': 'the URL with its scheme in lower case',
  'scheme-lowercased-port-added': 'the URL with its scheme in lower case and the default port added',
  'scheme-lowercased-port-removed': 'the URL with its scheme in lower case and without its port',
};
const PATHS = {
  form: 'the URL and the sorted form parameters',
  url: 'the URL alone (no body parameters)',
  'body-hash': 'the URL, whose bodySHA256 matches the SHA-256 of the body',
};
const ALGORITHMS = { HMAC_SHA1: 'HMAC-SHA1', HMAC_SHA256: 'HMAC-SHA256' };
const REASONS = {
  missing_signature: 'No signature',
  signature_mismatch: 'Signature does not match',
  body_hash_mismatch: 'Body changed: its hash does not match',
  missing_body_hash: 'Body not covered by the signature',
  unsupported_algorithm: 'Unknown signing algorithm',
  body_too_large: 'Body too large to check',
  url_too_long: 'URL too long to check',
  too_many_params: 'Too many parameters to check',
  param_name_too_long: 'A parameter name is too long to check',
  param_value_too_long: 'A parameter value is too long to check',
};
const HINTS = {
  signature_header_missing: 'The X-Twilio-Signature header is missing',
  signature_malformed: 'The signature is not a base64 HMAC',
  signature_whitespace: 'The signature has white space around it',
  other_algorithm: 'Signed with the other algorithm',
  other_key_type: 'Signed with a key listed under the other kind',
  no_key_for_algorithm: 'No key for the algorithm the request names',
  token_whitespace: 'A key has white space around it',
  scheme_mismatch: 'http vs https: TLS ended at a proxy',
  port_mismatch: 'Signed over another port',
  proxy_rewritten_url: 'You passed the internal URL, not the public one',
  node_normalization: 'Only twilio-node’s URL normalisation would accept this',
  query_reencoded: 'The query string was re-encoded',
  trailing_slash: 'A trailing slash was added or removed',
  params_not_signed: 'The body parameters were not signed',
  params_signed_twice: 'Parameters were appended to a URL-only signature',
  repeated_keys_first_value: 'Only the first value of a repeated parameter was signed',
  repeated_keys_not_deduplicated: 'Repeated values were not de-duplicated',
  utf16_sort_order: 'Parameters sorted by UTF-16 code units',
  body_not_form: 'A non-form body without bodySHA256',
  content_type_mismatch: 'The body is a form but the Content-Type says otherwise',
  body_hash_empty: 'bodySHA256 is empty',
  body_hash_uppercase: 'bodySHA256 is in upper-case hex',
  body_bom_stripped: 'The body lost its byte-order mark',
  body_newline: 'A newline was added or removed at the end of the body',
  body_reserialized: 'The JSON body was re-serialised',
  unknown_algorithm: 'The settings header names an unknown algorithm',
  no_variant_matched: 'Nothing explains this signature',
};
const KINDS = {
  'call-status': 'call progress event (StatusCallback)',
  'voice-request': 'TwiML request',
  'dial-action': '<Dial> action',
  'recording-status': 'RecordingStatusCallback',
  amd: 'answering machine detection result',
};
const UNITS = {
  callDuration: 'seconds',
  duration: 'billed minutes',
  dialCallDuration: 'seconds',
  recordingDuration: 'seconds',
  machineDetectionDuration: 'milliseconds',
  sequenceNumber: 'integer, per call leg',
  recordingChannels: 'integer',
  sipResponseCode: 'SIP status code',
  dialSipResponseCode: 'SIP status code',
  errorCode: 'Twilio error code',
};
const ENUMS = {
  callStatus: 'CallStatus',
  dialCallStatus: 'DialCallStatus',
  direction: 'Direction (open enum)',
  answeredBy: 'AnsweredBy (open enum)',
  recordingStatus: 'RecordingStatus (open enum)',
  recordingSource: 'RecordingSource (open enum)',
  recordingTrack: 'RecordingTrack (open enum)',
  requestKind: 'derived: twiml, gather or transcription',
};
const EFFECTS = {
  advance: 'moved the leg forward',
  duplicate: 'same event again (a retry): applied once',
  late: 'arrived after a later event: kept as history, no regression',
  conflict: 'a second, different terminal status',
  illegal: 'not a legal transition from the current status',
  annotate: 'adds detail without changing the status',
  'other-call': 'belongs to another call',
  error: 'could not be applied',
};

/** `callSid` → `CallSid`: Twilio's parameter names are the PascalCase of the record's fields. */
const twilioName = (field) => field.charAt(0).toUpperCase() + field.slice(1);

// ---------------------------------------------------------------------------------------------
// Splitting pasted text.

const REQUEST_LINE = /^([A-Z]+)[ \t]+(\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?[ \t]*$/;
const PROXY_NAMES = ['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];

/** One raw HTTP request: request line, headers, blank line, body. */
function splitRequest(text, scheme) {
  const start = text.replace(/^\s+/, '');
  const gap = /\r?\n\r?\n/.exec(start);
  const head = gap ? start.slice(0, gap.index) : start;
  let body = gap ? start.slice(gap.index + gap[0].length) : '';
  const [first, ...rest] = head.split(/\r?\n/);
  const line = REQUEST_LINE.exec(first.trim());
  if (!line) throw new Error('the first line is not a request line like "POST /path HTTP/1.1"');
  const headers = [];
  for (const h of rest) {
    const i = h.indexOf(':');
    if (i > 0) headers.push([h.slice(0, i).trim(), h.slice(i + 1).replace(/^[ \t]+/, '')]);
  }
  const get = (name) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const target = line[2];
  let url = target;
  if (!/^https?:\/\//i.test(target)) {
    const host = get('host');
    if (!host) throw new Error('no Host header to build the URL from');
    url = `${scheme}://${host}${target.startsWith('/') ? '' : '/'}${target}`;
  }
  // A paste often ends with a newline the request did not have: Content-Length says.
  // Without one, a final line break is taken to be the paste's, not the body's.
  const declared = get('content-length');
  const length = Number(declared);
  if (declared !== undefined && Number.isInteger(length) && length >= 0) {
    const bytes = new TextEncoder().encode(body);
    if (bytes.length > length) body = new TextDecoder().decode(bytes.slice(0, length));
  } else {
    body = body.replace(/\r?\n$/, '');
  }
  return {
    method: line[1],
    url,
    headers,
    contentType: get('content-type') ?? '',
    signature: get('x-twilio-signature') ?? '',
    settings: get('x-twilio-webhooks-signature-settings') ?? '',
    proxy: headers.filter(([k]) => PROXY_NAMES.includes(k.toLowerCase())).map(([k, v]) => `${k}: ${v}`).join('\n'),
    body: line[1] === 'GET' ? '' : body,
  };
}

/** The query string of a URL (what a GET callback carries), without the `?` and fragment. */
function queryOf(url) {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const end = url.indexOf('#', q);
  return url.slice(q + 1, end < 0 ? undefined : end);
}

/** The callbacks of the timeline box: whole requests, or one body / query string per line. */
function splitCallbacks(text) {
  const lines = text.split(/\r?\n/);
  if (lines.some((l) => REQUEST_LINE.test(l.trim()) && /\s/.test(l.trim()))) {
    const chunks = [];
    for (const l of lines) {
      if (REQUEST_LINE.test(l.trim()) && /\s/.test(l.trim())) chunks.push([l]);
      else if (chunks.length) chunks[chunks.length - 1].push(l);
    }
    return chunks.map((c) => {
      const r = splitRequest(c.join('\n').trimEnd(), 'https');
      return r.method === 'GET' ? queryOf(r.url) : r.body.trim();
    });
  }
  return lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => (/^https?:\/\//i.test(l) ? queryOf(l) : l.replace(/^\?/, '')));
}

function proxyHeaders(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Verification.

function formInput() {
  const method = $('method').value;
  const contentType = $('content-type').value;
  return {
    url: $('url').value.trim(),
    method,
    contentType: contentType === '' ? null : contentType,
    body: method === 'GET' ? '' : $('body').value,
    signature: $('signature').value === '' ? null : $('signature').value,
    signatureSettings: $('settings').value === '' ? null : $('settings').value,
    headers: proxyHeaders($('proxy').value),
  };
}

/** The keys object and a label for each index the verdict may report. */
function formKeys() {
  const authTokens = [];
  const tokenLabels = [];
  const sharedKeys = [];
  if ($('token').value !== '') {
    authTokens.push($('token').value);
    tokenLabels.push('auth token');
  }
  if ($('token2').value !== '') {
    authTokens.push($('token2').value);
    tokenLabels.push('second auth token');
  }
  if ($('shared').value !== '') sharedKeys.push($('shared').value);
  return { keys: { authTokens, sharedKeys }, labels: { HMAC_SHA1: tokenLabels, HMAC_SHA256: ['SharedKey secret'] } };
}

function setVerdict(state, title, detail, extra) {
  const v = $('verdict');
  v.dataset.state = state;
  if (state === 'valid' || state === 'invalid') v.dataset.valid = String(state === 'valid');
  else delete v.dataset.valid;
  v.replaceChildren(
    el('p', { class: 'verdict-title' }, el('span', { class: 'verdict-icon', 'aria-hidden': 'true', text: { valid: '✓', invalid: '✕', error: '!' }[state] ?? '' }), title),
    el('p', { class: 'verdict-detail', text: detail }),
    extra,
  );
}

function run() {
  if (!tw) return;
  const input = formInput();
  const { keys, labels } = formKeys();
  let verification;
  try {
    if (input.url === '') throw new TypeError('enter the request URL');
    if (keys.authTokens.length === 0 && keys.sharedKeys.length === 0) throw new TypeError('enter the auth token (or a SharedKey secret)');
    verification = tw.verify(input, keys);
  } catch (e) {
    setVerdict('error', 'Cannot check this request', e.message);
    $('hints-box').hidden = true;
    showSigned(input, undefined);
    showFields(input, undefined);
    return;
  }

  if (verification.valid) {
    const key = labels[verification.algorithm]?.[verification.keyIndex] ?? `key #${verification.keyIndex + 1}`;
    setVerdict(
      'valid',
      'Signed by Twilio',
      `The ${key} matched, with ${ALGORITHMS[verification.algorithm]} over ${VARIANTS[verification.urlVariant] ?? verification.urlVariant}.`,
      el('dl', { class: 'facts' },
        el('dt', { text: 'Key' }), el('dd', { text: key, 'data-testid': 'key' }),
        el('dt', { text: 'URL spelling' }), el('dd', { text: verification.urlVariant, 'data-testid': 'url-variant' }),
        el('dt', { text: 'Algorithm' }), el('dd', { text: ALGORITHMS[verification.algorithm] }),
        el('dt', { text: 'Covers' }), el('dd', { text: PATHS[verification.path] ?? verification.path })),
    );
    $('hints-box').hidden = true;
    $('hints').replaceChildren();
  } else {
    setVerdict('invalid', REASONS[verification.reason] ?? 'Not signed by Twilio', `Do not trust this request. ${capital(verification.message)}.`,
      el('p', { class: 'code-line' }, 'reason ', el('code', { text: verification.reason })));
    const hints = verification.hints;
    $('hints').replaceChildren(...hints.map((h) => el('li', { class: h.confirmed ? 'hint confirmed' : 'hint', 'data-code': h.code },
      el('div', { class: 'hint-head' },
        el('span', { class: h.confirmed ? 'badge ok' : 'badge', text: h.confirmed ? 'Confirmed' : 'Possible cause', title: h.confirmed ? 'Re-computing the signature under this hypothesis reproduces the header exactly' : 'Not proven by a re-computation' }),
        el('strong', { text: HINTS[h.code] ?? h.code })),
      el('p', { text: capital(h.message) + '.' }),
      el('code', { class: 'hint-code', text: h.code }))));
    $('hints-box').hidden = hints.length === 0;
  }
  showSigned(input, verification);
  showFields(input, verification);
}

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1).replace(/\.$/, '');

function showSigned(input, verification) {
  let signed;
  try {
    signed = tw.signingString(input);
  } catch {
    $('signed-box').hidden = true;
    return;
  }
  const pre = $('signed');
  const url = input.url;
  if (signed.startsWith(url) && signed.length > url.length) {
    pre.replaceChildren(el('span', { class: 'sig-url', text: url }), el('span', { class: 'sig-params', text: signed.slice(url.length) }));
  } else {
    pre.replaceChildren(el('span', { class: 'sig-url', text: signed }));
  }
  $('signed-box').hidden = false;
  const variant = verification?.valid ? verification.urlVariant : undefined;
  const other = $('signed-variant');
  other.hidden = !variant || variant === 'as-received';
  if (variant) other.textContent = `Shown for the URL as received; the signature matched ${VARIANTS[variant] ?? variant}, which Twilio also accepts.`;
  // The JSON path: the signature covers the URL; the body is covered by its hash in the URL.
  const hashLine = $('body-hash');
  let inUrl = null;
  try {
    inUrl = new URL(url).searchParams.get('bodySHA256');
  } catch {
    /* not a URL the browser parses: no hash line */
  }
  if (inUrl !== null && input.method !== 'GET') {
    const actual = tw.getExpectedBodyHash(input.body);
    hashLine.replaceChildren(
      'SHA-256 of the body: ', el('code', { text: actual }), el('br'),
      'bodySHA256 in the URL: ', el('code', { text: inUrl }), ' ',
      el('span', { class: actual === inUrl ? 'badge ok' : 'badge bad', text: actual === inUrl ? 'same' : 'differs' }));
    hashLine.hidden = false;
  } else {
    hashLine.hidden = true;
  }
}

/** What the request carries as form parameters: the body of a form POST, the query of a GET. */
function formSource(input) {
  if (input.method === 'GET') return queryOf(input.url);
  const ct = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct && ct !== 'application/x-www-form-urlencoded') return undefined;
  if (!ct && /^\s*[[{]/.test(input.body)) return undefined;
  return input.body;
}

function typeOf(field, value) {
  if (value && typeof value === 'object' && 'raw' in value) return `endpoint · ${value.kind}`;
  if (value && typeof value === 'object' && 'iso' in value) return 'UTC instant';
  if (typeof value === 'number') return UNITS[field] ?? 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (ENUMS[field]) return ENUMS[field];
  if (/Sid$/.test(field)) return value ? `SID (${String(value).slice(0, 2)} + 32 hex)` : 'SID';
  if (/Url$/.test(field)) return 'URL';
  return 'text';
}

function shown(value) {
  if (value === '') return el('span', { class: 'absent', text: '(empty)' });
  if (value && typeof value === 'object' && 'raw' in value) return value.raw;
  if (value && typeof value === 'object' && 'iso' in value) return value.iso;
  return String(value);
}

function showFields(input, verification) {
  const source = formSource(input);
  const box = $('fields-box');
  if (source === undefined || source.trim() === '') {
    box.hidden = source === undefined ? false : true;
    if (source === undefined) {
      $('kind').textContent = '';
      $('fields-note').textContent = 'Not a form body: Voice callbacks are form-encoded, so there is nothing to parse here.';
      $('fields').tBodies[0].replaceChildren();
    }
    return;
  }
  const parsed = tw.parseCallback(source, { lenient: true });
  const cb = parsed.callback;
  const problems = new Map();
  // A problem without a field is a limit (body_too_large, too_many_params, ...): the whole input.
  for (const p of parsed.problems) {
    const name = p.field ?? '(input)';
    problems.set(name, [...(problems.get(name) ?? []), p]);
  }
  const rows = [];
  const problemCell = (name) => {
    const ps = problems.get(name);
    problems.delete(name);
    return ps ? el('td', { class: 'problem' }, ps.map((p) => el('div', { text: capital(p.message) }))) : el('td', { class: 'ok-cell', text: '—' });
  };
  if (cb) {
    for (const [field, value] of Object.entries(cb)) {
      if (field === 'kind' || field === 'extra') continue;
      const name = twilioName(field);
      const bad = problems.has(name);
      rows.push(el('tr', { class: bad ? 'bad' : undefined, 'data-field': name },
        el('th', { scope: 'row' }, el('code', { text: name })),
        el('td', { class: 'value' }, shown(value)),
        el('td', { class: 'type', text: typeOf(field, value) }),
        problemCell(name)));
    }
  }
  for (const [name, ps] of problems) {
    rows.push(el('tr', { class: 'bad', 'data-field': name },
      el('th', { scope: 'row' }, el('code', { text: name })),
      el('td', { class: 'value absent', text: ps[0].got ?? '(absent)' }),
      el('td', { class: 'type', text: ps[0].expected }),
      el('td', { class: 'problem' }, ps.map((p) => el('div', { text: capital(p.message) })))));
  }
  for (const [name, value] of cb?.extra ?? []) {
    rows.push(el('tr', { class: 'extra', 'data-field': name },
      el('th', { scope: 'row' }, el('code', { text: name })),
      el('td', { class: 'value', text: value }),
      el('td', { class: 'type', text: 'not a Voice parameter (kept in extra)' }),
      el('td', { class: 'ok-cell', text: '—' })));
  }
  $('kind').textContent = `${parsed.kind} · ${KINDS[parsed.kind] ?? ''}`;
  const notes = [];
  if (parsed.problems.length) notes.push(`${parsed.problems.length} problem${parsed.problems.length > 1 ? 's' : ''}: strict parsing (the default) would reject this payload.`);
  if (verification && !verification.valid) notes.push('The signature is not valid: these values are untrusted.');
  if (!notes.length) notes.push('Every field has its type; absent and empty parameters are omitted.');
  $('fields-note').textContent = notes.join(' ');
  $('fields').tBodies[0].replaceChildren(...rows);
  box.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// The call timeline.

function lifecycle() {
  if (typeof tw.CallTree === 'function') return { kind: 'tree', make: () => new tw.CallTree() };
  if (typeof tw.CallTracker === 'function') return { kind: 'tracker' };
  return undefined;
}

function describeEvent(cb) {
  switch (cb.kind) {
    case 'call-status': return cb.callStatus;
    case 'voice-request': return `${cb.requestKind === 'twiml' ? 'TwiML request' : cb.requestKind} · ${cb.callStatus}`;
    case 'dial-action': return `dial ${cb.dialCallStatus}${cb.dialBridged === false ? ' (not bridged)' : ''}`;
    case 'recording-status': return `recording ${cb.recordingStatus}`;
    case 'amd': return `answered by ${cb.answeredBy}`;
    default: return cb.kind;
  }
}

function eventDetail(cb) {
  const parts = [];
  if (cb.timestamp) parts.push(cb.timestamp.iso.replace('T', ' ').replace('Z', ' UTC'));
  if (cb.callDuration !== undefined) parts.push(`${cb.callDuration} s`);
  if (cb.answeredBy && cb.kind !== 'amd') parts.push(`answered by ${cb.answeredBy}`);
  if (cb.sipResponseCode !== undefined) parts.push(`SIP ${cb.sipResponseCode}`);
  if (cb.dialCallSid) parts.push(`child ${cb.dialCallSid}`);
  if (cb.recordingDuration !== undefined && cb.kind === 'recording-status') parts.push(`${cb.recordingDuration} s recorded`);
  if (cb.errorCode) parts.push(`error ${cb.errorCode}`);
  return parts.join(' · ');
}

const GOOD = new Set(['answered']);
const PENDING = new Set(['pending']);

/** An outcome as a badge (its kind) and the package's one line for people. */
function outcomeView(o, testid) {
  if (!o) return el('span', { text: '—' });
  const tone = GOOD.has(o.outcome) ? 'badge ok' : PENDING.has(o.outcome) ? 'badge' : 'badge bad';
  const flags = [o.answeredBy && `by ${o.answeredBy}`, o.blocked && 'blocked', o.abandoned && 'abandoned'].filter(Boolean);
  return el('span', { class: 'outcome' },
    el('span', { class: tone, 'data-testid': testid, text: [o.outcome, ...flags].join(' · ') }),
    o.reason ? el('span', { class: 'outcome-reason', text: o.reason }) : undefined);
}

function buildTimeline() {
  if (!tw) return;
  const out = $('timeline');
  let bodies;
  try {
    bodies = splitCallbacks($('callbacks').value);
  } catch (e) {
    out.dataset.state = 'error';
    out.replaceChildren(el('p', { class: 'error', text: `Cannot read the callbacks: ${e.message}.` }));
    return;
  }
  if (bodies.length === 0) {
    out.dataset.state = 'empty';
    out.replaceChildren(el('p', { class: 'muted', text: 'Paste callbacks first.' }));
    return;
  }
  const lc = lifecycle();
  const tree = lc?.kind === 'tree' ? lc.make() : undefined;
  const trackers = new Map();
  const events = bodies.map((text, i) => {
    const parsed = tw.parseCallback(text, { lenient: true });
    const cb = parsed.callback;
    const sid = cb?.callSid ?? cb?.conferenceSid ?? '(no CallSid)';
    let applied;
    if (lc && cb) {
      try {
        if (tree) applied = tree.apply(text);
        else {
          if (!trackers.has(sid)) trackers.set(sid, new tw.CallTracker());
          applied = trackers.get(sid).apply(text);
        }
      } catch (e) {
        applied = { effect: 'error', message: e.message };
      }
    }
    return { arrival: i + 1, text, parsed, cb, sid, applied };
  });

  // Legs in order of first appearance; children after their parent.
  const legs = new Map();
  for (const e of events) {
    if (!legs.has(e.sid)) legs.set(e.sid, { sid: e.sid, events: [], parent: undefined });
    const leg = legs.get(e.sid);
    leg.events.push(e);
    if (e.cb?.parentCallSid) leg.parent = e.cb.parentCallSid;
  }
  for (const e of events) {
    if (e.cb?.kind === 'dial-action' && e.cb.dialCallSid && legs.has(e.cb.dialCallSid)) legs.get(e.cb.dialCallSid).parent ??= e.sid;
  }
  const ordered = [];
  const place = (leg) => {
    if (ordered.includes(leg)) return;
    ordered.push(leg);
    for (const child of legs.values()) if (child.parent === leg.sid) place(child);
  };
  for (const leg of legs.values()) if (!leg.parent || !legs.has(leg.parent)) place(leg);
  for (const leg of legs.values()) place(leg);

  const treeLegs = tree ? tree.legs : undefined;
  const sections = ordered.map((leg) => {
    // SequenceNumber order; events without one stay after what had arrived before them.
    let seen = -1;
    const keyed = leg.events.map((e) => {
      const seq = e.cb?.sequenceNumber;
      const key = seq ?? seen + 0.5;
      if (seq !== undefined) seen = Math.max(seen, seq);
      return { e, key };
    });
    keyed.sort((a, b) => a.key - b.key || a.e.arrival - b.e.arrival);
    const sorted = keyed.map((k) => k.e);
    const statusEvents = sorted.filter((e) => e.cb && 'callStatus' in e.cb && e.cb.kind !== 'dial-action');
    const tracked = treeLegs?.[leg.sid] ?? (trackers.has(leg.sid) ? { status: trackers.get(leg.sid).status, outcome: trackers.get(leg.sid).outcome } : undefined);
    const lastStatus = statusEvents.length ? statusEvents[statusEvents.length - 1].cb.callStatus : undefined;
    const rows = sorted.map((e) => {
      const effect = e.applied?.effect;
      return el('li', {
        class: `event${effect ? ` fx-${effect}` : ''}${e.cb ? '' : ' broken'}`,
        'data-testid': 'event',
        'data-arrival': String(e.arrival),
        'data-seq': e.cb?.sequenceNumber !== undefined ? String(e.cb.sequenceNumber) : '',
        'data-kind': e.parsed.kind,
        'data-status': e.cb?.callStatus ?? '',
        'data-effect': effect ?? '',
      },
      el('span', { class: 'seq', title: 'SequenceNumber', text: e.cb?.sequenceNumber !== undefined ? `#${e.cb.sequenceNumber}` : '·' }),
      el('div', { class: 'ev-main' },
        el('div', { class: 'ev-title' },
          el('strong', { text: e.cb ? describeEvent(e.cb) : e.parsed.kind }),
          el('span', { class: 'ev-kind', text: KINDS[e.parsed.kind] ?? e.parsed.kind })),
        el('div', { class: 'ev-detail', text: [`arrived ${ordinal(e.arrival)}`, e.cb ? eventDetail(e.cb) : ''].filter(Boolean).join(' · ') }),
        effect && effect !== 'advance' ? el('div', { class: 'ev-effect', text: capital(EFFECTS[effect] ?? effect) }) : undefined,
        e.parsed.problems.length ? el('div', { class: 'ev-problems', text: e.parsed.problems.map((p) => capital(p.message)).join('; ') }) : undefined),
      effect ? el('span', { class: `effect fx-${effect}`, title: [e.applied.rule, e.applied.message].filter(Boolean).join(': ') || EFFECTS[effect] || '', text: effect }) : undefined);
    });
    const summary = tracked
      ? el('dl', { class: 'leg-summary' },
        el('dt', { text: 'Final status' }), el('dd', { 'data-testid': 'leg-status', text: tracked.status ?? '(none)' }),
        el('dt', { text: 'Outcome' }), el('dd', {}, outcomeView(tracked.outcome, 'leg-outcome')))
      : el('dl', { class: 'leg-summary' },
        el('dt', { text: 'Latest status by SequenceNumber' }), el('dd', { 'data-testid': 'leg-status', text: lastStatus ?? '(none)' }));
    return el('section', { class: leg.parent ? 'leg child' : 'leg', 'data-testid': 'leg', 'data-call-sid': leg.sid, 'data-parent': leg.parent ?? '' },
      el('header', { class: 'leg-head' },
        el('h3', {}, leg.parent ? 'Child leg ' : 'Call leg ', el('code', { text: leg.sid })),
        leg.parent ? el('span', { class: 'muted', text: `dialed from ${leg.parent}` }) : undefined),
      el('ol', { class: 'events' }, rows),
      summary);
  });

  const notes = [];
  if (!lc) {
    notes.push(el('p', { class: 'note', 'data-testid': 'lifecycle-note' },
      el('strong', { text: 'Lifecycle checks not available in this build. ' }),
      'Events are grouped per call leg and ordered by SequenceNumber; which ones advance the call, are duplicates, arrive late or are illegal needs the package’s CallTree.'));
  } else if (tree) {
    notes.push(el('p', { class: 'overall' }, el('strong', { text: 'Call outcome ' }), outcomeView(tree.outcome, 'call-outcome')));
  }
  out.dataset.state = 'built';
  out.dataset.lifecycle = lc ? 'available' : 'unavailable';
  out.replaceChildren(
    el('p', { class: 'tl-count', text: `${events.length} callback${events.length > 1 ? 's' : ''}, ${ordered.length} call leg${ordered.length > 1 ? 's' : ''}. Signatures not checked here.` }),
    ...notes,
    ...sections);
}

const ordinal = (n) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

// ---------------------------------------------------------------------------------------------
// Examples, wiring.

function fill(r) {
  $('url').value = r.url ?? '';
  $('method').value = r.method ?? 'POST';
  $('content-type').value = r.contentType ?? '';
  $('body').value = r.body ?? '';
  $('signature').value = r.signature ?? '';
  $('settings').value = r.signatureSettings ?? '';
  $('proxy').value = r.proxy ?? '';
  if ($('settings').value || $('proxy').value) $('more').open = true;
}

function loadExample(id) {
  const note = $('example-note');
  if (id === 'raw') {
    const r = examples.raw;
    $('raw-box').open = true;
    $('raw').value = r.text;
    $('raw-scheme').value = 'https';
    $('token').value = r.authTokens[0] ?? '';
    $('token2').value = '';
    $('shared').value = '';
    note.textContent = `${r.note}. Source: ${r.source}. Press “Split into fields”.`;
    note.hidden = false;
    $('raw').focus();
    return;
  }
  const ex = examples.signatures.find((e) => e.id === id);
  if (!ex) return;
  fill(ex.request);
  $('token').value = ex.request.authTokens[0] ?? '';
  $('token2').value = ex.request.authTokens[1] ?? '';
  $('shared').value = ex.request.sharedKeys[0] ?? '';
  $('body').scrollTo(0, 0);
  note.textContent = `${capital(ex.note)}. Source: ${ex.source}.`;
  note.hidden = false;
  run();
}

function split() {
  try {
    const r = splitRequest($('raw').value, $('raw-scheme').value);
    fill({ ...r, signatureSettings: r.settings });
    $('raw').setAttribute('aria-invalid', 'false');
    $('url').focus();
    run();
  } catch (e) {
    $('raw').setAttribute('aria-invalid', 'true');
    setVerdict('error', 'Cannot split this request', capital(e.message) + '.');
  }
}

async function start() {
  wireStatic();
  try {
    tw = await import('./pkg/browser.mjs');
  } catch (e) {
    $('status').dataset.state = 'error';
    $('status-text').textContent = 'The verifier did not load';
    setVerdict('error', 'The verifier did not load', `WebAssembly could not be loaded: ${e.message}`);
    return;
  }
  try {
    examples = await (await fetch('examples.json')).json();
  } catch {
    /* the page works without its examples */
  }
  $('version').textContent = examples.version ?? '';
  const group = (label, items) => el('optgroup', { label }, items.map((e) => el('option', { value: e.id, text: e.title })));
  $('examples').append(
    group('Signed by Twilio', examples.signatures.filter((e) => e.group === 'valid')),
    group('Not accepted', examples.signatures.filter((e) => e.group === 'invalid')),
    ...(examples.raw ? [group('Raw HTTP request', [examples.raw])] : []));
  $('timeline-examples').append(...examples.timelines.map((t) => el('option', { value: t.id, text: t.title })));
  $('status').dataset.state = 'ready';
  $('status-text').textContent = 'Ready · runs in this tab';
  $('verify').disabled = false;
  $('build-timeline').disabled = false;
  document.body.dataset.ready = 'true';
}

function wireStatic() {
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (document.activeElement?.closest('.timeline-card')) buildTimeline();
      else if (document.activeElement?.id === 'raw') split();
      else run();
    }
  });
  $('examples').addEventListener('change', (e) => loadExample(e.target.value));
  $('timeline-examples').addEventListener('change', (e) => {
    const t = examples.timelines.find((x) => x.id === e.target.value);
    if (!t) return;
    $('callbacks').value = t.callbacks.map((c) => c.body).join('\n');
    $('callbacks').scrollTo(0, 0);
    buildTimeline();
  });
  $('split').addEventListener('click', split);
  $('build-timeline').addEventListener('click', buildTimeline);
  for (const b of document.querySelectorAll('.reveal')) {
    b.addEventListener('click', () => {
      const input = $(b.getAttribute('aria-controls'));
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      b.textContent = show ? 'Hide' : 'Show';
      b.setAttribute('aria-pressed', String(show));
    });
  }
  for (const b of document.querySelectorAll('.copy')) {
    b.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText($(b.dataset.copy).textContent);
        b.textContent = 'Copied';
      } catch {
        b.textContent = 'Select and copy';
      }
      setTimeout(() => (b.textContent = 'Copy'), 1500);
    });
  }
  // Colour scheme: automatic (the system's), light or dark; only this choice is remembered.
  const themes = ['auto', 'light', 'dark'];
  const apply = (t) => {
    if (t === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
    $('theme').textContent = t === 'auto' ? 'Auto' : t === 'light' ? 'Light' : 'Dark';
    $('theme').setAttribute('aria-label', `Colour scheme: ${t === 'auto' ? 'automatic' : t}`);
  };
  let theme = 'auto';
  try {
    theme = localStorage.getItem('theme') ?? 'auto';
  } catch {
    /* storage blocked */
  }
  if (!themes.includes(theme)) theme = 'auto';
  apply(theme);
  $('theme').addEventListener('click', () => {
    theme = themes[(themes.indexOf(theme) + 1) % themes.length];
    apply(theme);
    try {
      localStorage.setItem('theme', theme);
    } catch {
      /* storage blocked */
    }
  });
}

start();
