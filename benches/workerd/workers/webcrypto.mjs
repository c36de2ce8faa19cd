// (c) What one writes by hand with Web Crypto: URLSearchParams, sort by name, concatenate,
// HMAC-SHA1 with crypto.subtle (the key imported per request, as the token is a per-request
// input), base64, constant-time compare.
import { benchWorker, TOKEN, URL_SIGNED } from './harness.mjs';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

async function validate(body, signature) {
  const params = [...new URLSearchParams(decoder.decode(body))];
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let data = URL_SIGNED;
  for (const [k, v] of params) data += k + v;
  const key = await crypto.subtle.importKey('raw', encoder.encode(TOKEN), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
  const expected = encoder.encode(btoa(String.fromCharCode(...mac)));
  const got = encoder.encode(signature);
  return expected.length === got.length && crypto.subtle.timingSafeEqual(expected, got);
}

export default benchWorker(validate, true);
