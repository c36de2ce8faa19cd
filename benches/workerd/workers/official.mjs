// (b) the official `twilio` helper (npm, bundled by wrangler with nodejs_compat): the body as
// text, querystring.parse, validateRequest. If the whole package could not be bundled, bench.mjs aliases it to its webhooks module.
import twilio from 'twilio';
import { parse } from 'node:querystring';
import { benchWorker, TOKEN, URL_SIGNED } from './harness.mjs';

const decoder = new TextDecoder();

export default benchWorker(
  (body, signature) => twilio.validateRequest(TOKEN, signature, URL_SIGNED, parse(decoder.decode(body))),
);
