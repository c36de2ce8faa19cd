// The CommonJS view (`require` condition -> dist/index.d.cts).
import twh = require('twilio-webhook');

const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const ok: boolean = twh.validateRequest('12345', 'sig', url, { CallSid: 'CA1' });
const v: twh.Verification = twh.verify({ url, body: 'CallSid=CA1', signature: 'sig' }, { authToken: '12345' });
const reason: twh.Reason | undefined = v.valid ? undefined : v.reason;
const e: Error = new twh.WebhookError('x', 'y');
const p: Promise<twh.Webhook> = twh.verifyRequest(
  { url, method: 'POST', headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) },
  { authToken: '12345' },
);
// @ts-expect-error: the auth token is a string
twh.getExpectedTwilioSignature(12345, url, {});

export = { ok, reason, e, p };
