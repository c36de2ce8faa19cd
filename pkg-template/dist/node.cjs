'use strict';
// Node (and Bun) CommonJS entry. api.cjs is generated from api.mjs at build time; it uses the
// wasm-bindgen `nodejs` glue (twilio_webhook.cjs), which reads twilio_webhook_bg.wasm next to it.
module.exports = require('./api.cjs');
