// `twilio-webhook/core` in Node: a clear error before initialisation, then the same API after
// initSync with the package's exported .wasm file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, getExpectedBodyHash, verify, WebhookError } from 'twilio-webhook/core';

const out = {};
try {
  getExpectedBodyHash('{}');
  out.before = 'no error';
} catch (e) {
  out.before = { isWebhookError: e instanceof WebhookError, isError: e instanceof Error, code: e.code, message: e.message };
}
const wasm = fileURLToPath(import.meta.resolve('twilio-webhook/twilio_webhook_bg.wasm'));
initSync({ module: readFileSync(wasm) });
out.hash = getExpectedBodyHash('{}');
out.valid = verify(
  { url: 'https://mycompany.com/myapp.php?foo=1&bar=2', body: 'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212', signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' },
  { authToken: '12345' },
).valid;
console.log(JSON.stringify(out));
