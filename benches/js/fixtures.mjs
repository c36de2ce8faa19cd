// The requests every JS bench times (bench.mjs, ab.mjs, ../workerd/bench.mjs), signed by the
// official helper passed in (node_modules/twilio, a dev-only baseline).

export const TOKEN = '0123456789abcdef0123456789abcdef';
export const STATUS_URL = 'https://example.com/twilio/status?tenant=acme';

// A Voice StatusCallback as Twilio sends it (about 650 bytes, wire order, `+` for spaces).
export const STATUS_BODY = new URLSearchParams([
  ['Called', '+14155550100'], ['ToState', 'CA'], ['CallerCountry', 'US'], ['Direction', 'outbound-api'],
  ['Timestamp', 'Mon, 23 Nov 2026 19:29:31 +0000'], ['CallbackSource', 'call-progress-events'],
  ['SipResponseCode', '200'], ['CallerState', 'NY'], ['ToZip', '94105'], ['SequenceNumber', '3'],
  ['CallSid', 'CA0123456789abcdef0123456789abcdef'], ['To', '+14155550100'], ['CallerZip', '10001'],
  ['ToCountry', 'US'], ['CalledZip', '94105'], ['ApiVersion', '2010-04-01'], ['CalledCity', 'SAN FRANCISCO'],
  ['CallStatus', 'completed'], ['Duration', '2'], ['From', '+12125550199'], ['CallDuration', '74'],
  ['AccountSid', 'AC0123456789abcdef0123456789abcdef'], ['CalledCountry', 'US'], ['CallerCity', 'NEW YORK'],
  ['ToCity', 'SAN FRANCISCO'], ['FromCountry', 'US'], ['Caller', '+12125550199'], ['FromCity', 'NEW YORK'],
  ['CalledState', 'CA'], ['FromZip', '10001'], ['FromState', 'NY'],
]).toString();

/** Well formed (28 base64 characters) but wrong: the first character changed. */
export const badSignature = (sig) => (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);

/** A JSON body of about `size` bytes (non-ASCII included) on a `bodySHA256` URL, signed. */
export function jsonCase(twilio, size) {
  const items = [];
  let body = '';
  for (let i = 0; body.length < size; i++) {
    items.push({ sid: `IS${String(i).padStart(32, '0')}`, status: 'delivered', note: 'caf\u00e9 \u2013 ok' });
    body = JSON.stringify({ event: 'com.twilio.messaging.status', data: items });
  }
  const url = `https://example.com/twilio/events?bodySHA256=${twilio.getExpectedBodyHash(body)}`;
  return { body, url, sig: twilio.getExpectedTwilioSignature(TOKEN, url, {}) };
}
