"""twilio-python oracle for tests/vectors/generate.mjs (dev/test only).

Reads one JSON request from stdin and writes one JSON response to stdout:

  {"sign":     [{"key", "url", "pairs" | null, "algorithm" | null}, ...],
   "validate": [{"url", "kind": "form" | "url" | "body", "pairs", "body",
                 "signature" | null, "settings" | null,
                 "auth_tokens", "shared_keys"}, ...]}
  -> {"version": "9.13.0", "sign": ["<signature>", ...],
      "validate": [true | false | "<ExceptionName>" | "n/a", ...]}

Run with the project venv: .venv/bin/python tests/vectors/oracle.py
"""

import json
import logging
import sys
from importlib.metadata import version

from multidict import MultiDict
from twilio.request_validator import RequestValidator, get_signature_algorithm

# validate() logs a warning for an unknown algorithm; keep stderr quiet.
logging.disable(logging.CRITICAL)


def params_for(kind, pairs, body):
    if kind == "form":
        return MultiDict([(k, v) for k, v in pairs])
    if kind == "body":
        return body
    return {}


def sign(req):
    params = MultiDict([(k, v) for k, v in req["pairs"]]) if req.get("pairs") else {}
    return RequestValidator(req["key"]).compute_signature(
        req["url"], params, req.get("algorithm")
    )


def validate(req):
    algorithm = get_signature_algorithm(req.get("settings"))
    keys = req["shared_keys"] if algorithm.upper() == "HMAC_SHA256" else req["auth_tokens"]
    if algorithm.upper() not in ("HMAC_SHA1", "HMAC_SHA256"):
        # validate() returns False before it looks at the key
        keys = req["auth_tokens"] or req["shared_keys"] or ["unused"]
    if not keys:
        return "n/a"
    verdict = False
    for key in keys:
        params = params_for(req["kind"], req.get("pairs") or [], req.get("body"))
        try:
            ok = RequestValidator(key).validate(
                req["url"], params, req.get("signature"), algorithm=algorithm
            )
        except Exception as exc:  # recorded as the oracle's verdict
            return type(exc).__name__
        if ok is True:
            return True
        if ok is not False:
            raise SystemExit("unexpected verdict %r" % (ok,))
    return verdict


def main():
    request = json.load(sys.stdin)
    out = {
        "version": version("twilio"),
        "sign": [sign(r) for r in request.get("sign", [])],
        "validate": [validate(r) for r in request.get("validate", [])],
    }
    json.dump(out, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
