// The hand-written index.d.ts must agree with the types wasm-bindgen emits into the glue from
// src/wasm (typescript_custom_section): shared data types are mutually assignable, every call our
// types allow is one the core's types allow, and every core result fits our result types.
import type * as glue from '../node_modules/twilio-webhook/dist/twilio_webhook.js';
import type * as api from 'twilio-webhook';

type Sub<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = Sub<A, B> extends true ? Sub<B, A> : false;
type Call<F extends (...args: never[]) => unknown, G extends (...args: never[]) => unknown> =
  Sub<Parameters<F>, Parameters<G>> extends true ? Sub<ReturnType<G>, ReturnType<F>> : false;

const checks: [
  Same<glue.VerifyInput, api.VerifyInput>,
  Same<glue.Keys, api.Keys>,
  Same<glue.Verification, api.Verification>,
  Same<glue.Verified, api.Verified>,
  Same<glue.Rejected, api.Rejected>,
  Same<glue.Hint, api.Hint>,
  Same<glue.UrlVariant, api.UrlVariant>,
  Same<glue.Algorithm, api.Algorithm>,
  Same<glue.SigningPath, api.SigningPath>,
  Same<glue.Reason, api.Reason>,
  Call<typeof api.validateRequest, typeof glue.validateRequest>,
  Call<typeof api.validateRequestWithBody, typeof glue.validateRequestWithBody>,
  Call<typeof api.getExpectedTwilioSignature, typeof glue.getExpectedTwilioSignature>,
  Call<typeof api.getExpectedBodyHash, typeof glue.getExpectedBodyHash>,
  Call<typeof api.verify, typeof glue.verify>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
export { checks };
