// Shared by the benchmark workers (bundled into each by wrangler). A request carries one raw
// signed body and its X-Twilio-Signature; the worker runs `validate` on it K times (?k=, default
// 0) and answers { k, ok, ms }: ms is performance.now() around the loop. Under `wrangler dev`
// (local workerd) the clock advances during synchronous code, in whole milliseconds; deployed, it
// would not (Spectre mitigation: it only moves on I/O). So K is sized for tens of milliseconds per
// request, and the driver also times K=0 against K=N from the client as a cross-check.
export const URL_SIGNED = 'https://example.com/twilio/status?tenant=acme';
export const TOKEN = '0123456789abcdef0123456789abcdef';

/**
 * `validate(bytes, signature)` -> boolean or Promise<boolean>; `isAsync` says which. `?k=-1`
 * answers without validating: the cold start's "loaded" mark (the worker's modules evaluated,
 * the package initialised), before the first validation.
 */
export function benchWorker(validate, isAsync = false) {
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const k = Number(url.searchParams.get('k') ?? 0);
      if (k < 0) return Response.json({ k, ok: 0, ms: 0 });
      const bytes = new Uint8Array(await request.arrayBuffer());
      const signature = request.headers.get('x-twilio-signature') ?? '';
      let ok = 0;
      const t0 = performance.now();
      if (isAsync) {
        for (let i = 0; i < k; i++) if (await validate(bytes, signature)) ok++;
      } else {
        for (let i = 0; i < k; i++) if (validate(bytes, signature)) ok++;
      }
      const ms = performance.now() - t0;
      // k = 1 when K is 0: the answer still says what one validation returns.
      const verdict = k === 0 ? await validate(bytes, signature) : undefined;
      return Response.json({ k, ok, ms, verdict });
    },
  };
}
