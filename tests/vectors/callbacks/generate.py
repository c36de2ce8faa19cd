#!/usr/bin/env python3
"""Writes the callback fixtures in this directory: NAME.form (POST body) or NAME.query (GET
query string, without `?`), and NAME.json, the expected result.

The expected JSON is computed here by an independent Python model of spec/callbacks.md §1, §8.1
and the JSON shape (not by the Rust code under test): urllib decodes the body, the kind rules,
field types, camelCase names (first letter lowered) and the RFC 2822 parser are re-implemented
below. Run from anywhere: `python3 tests/vectors/callbacks/generate.py` (stdlib only). The Rust
test (tests/callbacks.rs) and the JS tests read the files this writes; edit the FIXTURES table,
not the output.

NAME.json is either the callback exactly as JavaScript sees it ({"kind": ..., ...}) or, for a
payload strict parsing rejects:
  {"error": {"code", "field", "message"},
   "lenient": {"kind", "callback"?, "problems": [{"code", "field"}...], "sidValid"}}
"""

import calendar
import datetime
import hashlib
import json
import os
import re
from urllib.parse import parse_qsl, quote_plus

HERE = os.path.dirname(os.path.abspath(__file__))


def sid(prefix, seed):
    return prefix + hashlib.md5(seed.encode()).hexdigest()


AC = sid("AC", "account")
CA = sid("CA", "parent")
CA_CHILD = sid("CA", "child")
RE = sid("RE", "recording")
CF = sid("CF", "conference")
AP = sid("AP", "application")
TR = sid("TR", "transcription")
QU = sid("QU", "queue")

# --------------------------------------------------------------------------------------------
# The model

CALL_STATUS = ["queued", "initiated", "ringing", "in-progress", "completed", "busy",
               "no-answer", "failed", "canceled"]
DIAL_CALL_STATUS = ["queued", "initiated", "ringing", "in-progress", "answered", "completed",
                    "busy", "no-answer", "failed", "canceled"]


def t_sid(prefix):
    return ("sid", prefix)


# (wire name, type, required). JSON name = wire name with its first letter lowered.
CALL_INFO = [
    ("AccountSid", t_sid("AC"), True),
    ("CallSid", t_sid("CA"), True),
    ("ParentCallSid", t_sid("CA"), False),
    ("From", ("endpoint",), False),
    ("To", ("endpoint",), False),
    ("Caller", ("endpoint",), False),
    ("Called", ("endpoint",), False),
    ("ForwardedFrom", ("endpoint",), False),
    ("CalledVia", ("endpoint",), False),
    ("CallerName", ("text",), False),
    ("Direction", ("text",), False),
    ("ApiVersion", ("text",), False),
    ("ApplicationSid", t_sid("AP"), False),
    ("AnsweredBy", ("text",), False),
    ("MachineDetectionDuration", ("uint", 0, 2**32 - 1), False),
    ("StirStatus", ("text",), False),
    ("StirVerstat", ("text",), False),
    ("StirPassportToken", ("text",), False),
    ("CallToken", ("text",), False),
    ("SipCallId", ("text",), False),
    ("RecordingUrl", ("text",), False),
    ("RecordingSid", t_sid("RE"), False),
    ("RecordingDuration", ("uint", 0, 2**32 - 1), False),
    ("ErrorCode", ("uint", 0, 2**32 - 1), False),
    ("ErrorMessage", ("text",), False),
] + [(who + what, ("text",), False)
     for who in ["From", "To", "Caller", "Called"]
     for what in ["City", "State", "Zip", "Country"]]

KINDS = {
    "call-status": CALL_INFO + [
        ("CallStatus", ("enum", CALL_STATUS), True),
        ("SequenceNumber", ("uint", 0, 2**32 - 1), True),
        ("Timestamp", ("time",), False),
        ("CallDuration", ("uint", 0, 2**32 - 1), False),
        ("Duration", ("uint", 0, 2**32 - 1), False),
        ("SipResponseCode", ("uint", 100, 699), False),
    ],
    "voice-request": CALL_INFO + [
        ("CallStatus", ("enum", CALL_STATUS), True),
        ("Digits", ("text",), False),
        ("SpeechResult", ("text",), False),
        ("TranscriptionSid", t_sid("TR"), False),
        ("TranscriptionStatus", ("text",), False),
        ("TranscriptionText", ("text",), False),
        ("TranscriptionUrl", ("text",), False),
    ],
    "dial-action": CALL_INFO + [
        ("CallStatus", ("enum", CALL_STATUS), False),
        ("DialCallStatus", ("enum", DIAL_CALL_STATUS), True),
        ("DialCallSid", t_sid("CA"), False),
        ("DialCallDuration", ("uint", 0, 2**32 - 1), False),
        ("DialBridged", ("bool",), False),
        ("DialSipResponseCode", ("uint", 100, 699), False),
    ],
    "recording-status": [
        ("AccountSid", t_sid("AC"), True),
        ("CallSid", t_sid("CA"), False),
        ("ConferenceSid", t_sid("CF"), False),
        ("RecordingSid", t_sid("RE"), True),
        ("RecordingUrl", ("text",), False),
        ("RecordingStatus", ("text",), True),
        ("RecordingDuration", ("uint", 0, 2**32 - 1), False),
        ("RecordingChannels", ("uint", 0, 255), False),
        ("RecordingStartTime", ("time",), False),
        ("RecordingSource", ("text",), False),
        ("RecordingTrack", ("text",), False),
        ("ErrorCode", ("uint", 0, 2**32 - 1), False),
    ],
    "amd": [
        ("AccountSid", t_sid("AC"), True),
        ("CallSid", t_sid("CA"), True),
        ("AnsweredBy", ("text",), True),
        ("MachineDetectionDuration", ("uint", 0, 2**32 - 1), False),
    ],
}

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # Python's weekday() order
ZONES = {"ut": 0, "gmt": 0, "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7,
         "pdt": -7, "pst": -8}
TIME_RE = re.compile(
    r"^[ \t]*(?:(?P<dow>[A-Za-z]+)[ \t]*,)?[ \t]*(?P<d>[0-9]{1,2})[ \t]+(?P<mon>[A-Za-z]+)[ \t]+"
    r"(?P<y>[0-9]{4})[ \t]+(?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?[ \t]+"
    r"(?P<zone>[+-][0-9]{4}|[A-Za-z]+)[ \t]*$")


def parse_time(s):
    """Epoch seconds of an RFC 2822 date-time, or None."""
    m = TIME_RE.match(s)
    if not m or m["mon"].lower() not in MONTHS:
        return None
    y, mon, d = int(m["y"]), MONTHS.index(m["mon"].lower()) + 1, int(m["d"])
    H, M, S = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    if y < 1900 or not 1 <= d <= calendar.monthrange(y, mon)[1] or H > 23 or M > 59 or S > 60:
        return None
    if m["dow"] is not None:
        if m["dow"].lower() not in DAYS or DAYS.index(m["dow"].lower()) != calendar.weekday(y, mon, d):
            return None
    z = m["zone"]
    if z[0] in "+-":
        if int(z[3:]) > 59:
            return None
        off = (int(z[1:3]) * 3600 + int(z[3:]) * 60) * (-1 if z[0] == "-" else 1)
    elif z.lower() in ZONES:
        off = ZONES[z.lower()] * 3600
    else:
        return None
    secs = calendar.timegm((y, mon, d, H, M, 0, 0, 0, 0)) + S - off
    if not calendar.timegm((1900, 1, 1, 0, 0, 0)) <= secs <= calendar.timegm((9999, 12, 31, 23, 59, 59)):
        return None
    return secs


def iso(secs):
    return (datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=secs)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def endpoint(raw):
    low = raw.lower()
    for scheme, kind in [("client:", "client"), ("sips:", "sip"), ("sip:", "sip"), ("sim:", "sim")]:
        if low.startswith(scheme):
            return {"kind": kind, "raw": raw, "value": raw[len(scheme):]}
    if raw == "+266696687" or any(w in low for w in
                                  ["anonymous", "restricted", "unknown", "private", "unavailable",
                                   "withheld"]):
        return {"kind": "withheld", "raw": raw}
    if re.fullmatch(r"\+[1-9][0-9]{1,14}", raw):
        return {"kind": "e164", "raw": raw, "value": raw}
    return {"kind": "other", "raw": raw}


def convert(t, s):
    """(ok, json value) for a non-empty wire value."""
    kind = t[0]
    if kind == "sid":
        return (re.fullmatch(t[1] + "[0-9a-fA-F]{32}", s) is not None, s)
    if kind == "endpoint":
        return True, endpoint(s)
    if kind == "text":
        return True, s
    if kind == "enum":
        return s in t[1], s
    if kind == "uint":
        ok = re.fullmatch(r"[0-9]{1,10}", s) is not None and t[1] <= int(s) <= t[2]
        return ok, int(s) if ok else None
    if kind == "bool":
        return s in ("true", "false"), s == "true"
    if kind == "time":
        secs = parse_time(s)
        return secs is not None, None if secs is None else {"iso": iso(secs), "epochMs": secs * 1000}
    raise ValueError(kind)


def camel(name):
    return name[0].lower() + name[1:]


def detect(first):
    present = lambda k: first.get(k, "") != ""
    if first.get("CallbackSource") == "call-progress-events":
        return "call-status"
    if present("RecordingStatus"):
        return "recording-status"
    if present("DialCallStatus"):
        return "dial-action"
    if present("AnsweredBy") and not present("CallStatus"):
        return "amd"
    return "voice-request"


def model(pairs):
    """The lenient result: (kind, callback | None, problems, sid_valid)."""
    first = {}
    for k, v in pairs:
        first.setdefault(k, v)
    kind = detect(first)
    fields = KINDS[kind]
    known = {name for name, _, _ in fields} | ({"CallbackSource"} if kind == "call-status" else set())
    cb = {"kind": kind}
    problems, sid_valid, fatal = [], True, False
    for name, t, required in fields:
        raw = first.get(name, "")
        if raw == "":
            if required:
                problems.append({"code": "missing_field", "field": name, "got": None})
                if t[0] == "sid":
                    sid_valid = False
                    cb[camel(name)] = ""
                else:
                    fatal = True
            continue
        ok, value = convert(t, raw)
        if ok:
            cb[camel(name)] = value
            continue
        problems.append({"code": "invalid_field", "field": name, "got": raw})
        if t[0] == "sid":
            sid_valid = False
            cb[camel(name)] = raw
        elif required:
            fatal = True
    if kind == "voice-request":
        cb["requestKind"] = ("transcription" if "transcriptionStatus" in cb else
                             "gather" if "digits" in cb or "speechResult" in cb else "twiml")
    cb["extra"] = [[k, v] for k, v in pairs if k not in known]
    return kind, (None if fatal else cb), problems, sid_valid


EXPECTED_TEXT = {
    "AccountSid": "like AC + 32 hex digits",
    "CallSid": "like CA + 32 hex digits",
    "RecordingSid": "like RE + 32 hex digits",
    "SequenceNumber": "as a whole number",
    "CallStatus": "as one of queued, initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled",
    "DialCallStatus": "as one of completed, answered, busy, no-answer, failed, canceled (or a CallStatus)",
    "Timestamp": 'as an RFC 2822 date like "Tue, 01 Nov 2016 01:59:13 +0000"',
    "RecordingStartTime": 'as an RFC 2822 date like "Tue, 01 Nov 2016 01:59:13 +0000"',
    "SipResponseCode": "as a SIP status code from 100 to 699",
    "DialSipResponseCode": "as a SIP status code from 100 to 699",
    "DialBridged": "as true or false",
    "CallDuration": "as whole seconds",
    "RecordingChannels": "as a whole number",
}


def message(p):
    got = "nothing" if p["got"] is None else json.dumps(p["got"], ensure_ascii=False)
    return f"expected {p['field']} {EXPECTED_TEXT[p['field']]}, got {got}"


def expected_json(pairs):
    kind, cb, problems, sid_valid = model(pairs)
    if not problems:
        return cb
    first = problems[0]
    lenient = {"kind": kind}
    if cb is not None:
        lenient["callback"] = cb
    lenient["problems"] = [{"code": p["code"], "field": p["field"]} for p in problems]
    lenient["sidValid"] = sid_valid
    return {
        "error": {"code": first["code"], "field": first["field"], "message": message(first)},
        "lenient": lenient,
    }


# --------------------------------------------------------------------------------------------
# The fixtures

def enc(pairs):
    """What Twilio sends: each key and value percent-encoded, `+` as %2B, space as `+`."""
    return "&".join(quote_plus(k, safe="") + "=" + quote_plus(v, safe="") for k, v in pairs)


TS = "Tue, 01 Nov 2016 01:59:13 +0000"


def geo(prefix, city="", state="", zip_="", country=""):
    return [(prefix + "City", city), (prefix + "State", state), (prefix + "Zip", zip_),
            (prefix + "Country", country)]


def status(call_status, seq, *more, frm="+14155550123", to="+16175550199", direction="outbound-api",
           call_sid=CA, ts=TS):
    """A call-progress event in the order Twilio's bodies usually come in."""
    return [
        ("Called", to), ("ToState", "MA"), ("CallerCountry", "US"), ("Direction", direction),
        ("Timestamp", ts), ("CallbackSource", "call-progress-events"), ("CallerState", "CA"),
        ("ToZip", "02108"), ("SequenceNumber", str(seq)), ("CallSid", call_sid), ("To", to),
        ("CallerZip", ""), ("ToCountry", "US"), ("CalledZip", "02108"), ("ApiVersion", "2010-04-01"),
        ("CalledCity", "BOSTON"), ("CallStatus", call_status), *more, ("From", frm),
        ("AccountSid", AC), ("CalledCountry", "US"), ("CallerCity", "SAN FRANCISCO"), ("ToCity", "BOSTON"),
        ("FromCountry", "US"), ("Caller", frm), ("FromCity", "SAN FRANCISCO"), ("CalledState", "MA"),
        ("FromZip", ""), ("FromState", "CA"),
    ]


def voice(call_status="ringing", *more, frm="+14155550123", to="+16175550199", direction="inbound"):
    """A TwiML voice request (inbound call) in Twilio's usual order."""
    return [
        ("AccountSid", AC), ("ApiVersion", "2010-04-01"), ("CallSid", CA),
        ("CallStatus", call_status), ("Called", to), ("CalledCity", "BOSTON"),
        ("CalledCountry", "US"), ("CalledState", "MA"), ("CalledZip", "02108"), ("Caller", frm),
        ("CallerCity", "SAN FRANCISCO"), ("CallerCountry", "US"), ("CallerState", "CA"),
        ("CallerZip", "94105"), ("Direction", direction), ("From", frm), ("FromCity", "SAN FRANCISCO"),
        ("FromCountry", "US"), ("FromState", "CA"), ("FromZip", "94105"), ("To", to),
        ("ToCity", "BOSTON"), ("ToCountry", "US"), ("ToState", "MA"), ("ToZip", "02108"), *more,
    ]


def recording(rec_status, *more, call=True):
    head = [("AccountSid", AC)] + ([("CallSid", CA)] if call else [])
    return head + [
        ("RecordingSid", RE),
        ("RecordingUrl", f"https://api.twilio.com/2010-04-01/Accounts/{AC}/Recordings/{RE}"),
        ("RecordingStatus", rec_status), *more,
    ]


def amd(answered_by, *more):
    return [("AccountSid", AC), ("CallSid", CA), ("AnsweredBy", answered_by), *more]


def dial(dial_status, *more):
    return voice("in-progress", ("DialCallStatus", dial_status), *more)


def replace(pairs, key, value):
    return [(k, value if k == key else v) for k, v in pairs]


def drop(pairs, key):
    return [(k, v) for k, v in pairs if k != key]


REC_URL = f"https://api.twilio.com/2010-04-01/Accounts/{AC}/Recordings/{RE}"

# name -> (provenance, pairs or raw body string, "form" | "query")
FIXTURES = {
    # ---- call-status (spec §3) ----
    "call-status-initiated": ("spec §3.1, §3.2 initiated event of a REST call", status("initiated", 0), "form"),
    "call-status-queued": ("spec §5.1 queued (REST calls); generated", status("queued", 0), "form"),
    "call-status-ringing-stir": ("spec §3.2 ringing event carries StirStatus", status("ringing", 1, ("StirStatus", "B")), "form"),
    "call-status-in-progress-sync-amd": (
        "spec §3.2 answered event reported as in-progress, sync AMD fields (§3.1, §7)",
        status("in-progress", 2, ("AnsweredBy", "human"), ("MachineDetectionDuration", "2390"), ("StirStatus", "A")), "form"),
    "call-status-completed": (
        "spec §3.1 terminal fields on the completed event",
        status("completed", 3, ("CallDuration", "42"), ("Duration", "1"), ("SipResponseCode", "200")), "form"),
    "call-status-completed-recording": (
        "spec §3.1 recording fields on completed with Record=true",
        status("completed", 3, ("CallDuration", "75"), ("Duration", "2"), ("SipResponseCode", "200"),
               ("RecordingUrl", REC_URL), ("RecordingSid", RE), ("RecordingDuration", "70")), "form"),
    "call-status-busy": ("spec §3.1, §6.1 busy with 486; Duration 0 observed", status("busy", 2, ("CallDuration", "0"), ("Duration", "0"), ("SipResponseCode", "486")), "form"),
    "call-status-no-answer": ("spec §6.1 no-answer with 487 after Timeout", status("no-answer", 2, ("CallDuration", "0"), ("SipResponseCode", "487")), "form"),
    "call-status-failed-error": (
        "spec §3.1 ErrorCode/ErrorMessage (community), §6.2 13224",
        status("failed", 1, ("CallDuration", "0"), ("SipResponseCode", "404"), ("ErrorCode", "13224"),
               ("ErrorMessage", "Dial: Twilio does not support calling this number or the number is invalid")), "form"),
    "call-status-canceled": ("spec §5.1 canceled", status("canceled", 1, ("CallDuration", "0")), "form"),
    "call-status-child-leg": (
        "spec §8 child-leg callbacks: outbound-dial, ParentCallSid, own SequenceNumber from 0",
        status("initiated", 0, ("ParentCallSid", CA), direction="outbound-dial", call_sid=CA_CHILD), "form"),
    "call-status-sip": (
        "spec §2.2 sip: endpoints, §3.1 SipCallId (observed)",
        status("completed", 2, ("CallDuration", "12"), ("SipResponseCode", "200"), ("SipCallId", "4f3c2e1d@10.0.0.1"),
               frm="sip:alex.connor@example.sip.us1.twilio.com", to="sips:desk@pbx.example.com"), "form"),
    "call-status-withheld": (
        "spec §2.2 withheld caller (Anonymous), client identity callee",
        status("ringing", 1, frm="Anonymous", to="client:charlie"), "form"),
    "call-status-forwarded": (
        "spec §3.1 ForwardedFrom and CallerName on inbound legs",
        status("ringing", 0, ("ForwardedFrom", "+16175550100"), ("CallerName", "JANE DOE"), direction="inbound"), "form"),
    "call-status-trunking": ("spec §3.1 Direction trunking-originating (REST enum)", status("completed", 1, ("CallDuration", "5"), direction="trunking-originating"), "form"),
    "call-status-get": ("spec §1 GET: the same fields in a query string", status("ringing", 1), "query"),
    "call-status-repeated-keys": (
        "spec §1 every key twice (observed in a public capture); first value wins",
        [p for pair in status("completed", 3, ("CallDuration", "42")) for p in [pair, pair]]
        + [("CallStatus", "busy"), ("SequenceNumber", "9")], "form"),
    "call-status-first-value-empty": (
        "spec §1 first wins, even when the first value is empty (then absent)",
        status("completed", 3, ("CallDuration", ""), ("CallDuration", "42")), "form"),
    "call-status-plus-as-space": (
        "spec §1 a raw + decodes to a space (hand-made fixtures); From becomes other",
        "CallSid=" + CA + "&AccountSid=" + AC + "&CallStatus=ringing&CallbackSource=call-progress-events"
        "&SequenceNumber=1&From=+14155550123&To=%2B16175550199&Timestamp=Tue,+01+Nov+2016+01:59:13+%2B0000", "form"),
    "call-status-empty-values": (
        "spec §1 empty values and a bare key are absent (AnsweredBy=, CallDuration=, geo fields)",
        "CallSid=" + CA + "&AccountSid=" + AC + "&CallStatus=completed&CallbackSource=call-progress-events"
        "&SequenceNumber=3&AnsweredBy=&CallDuration=&ToState=&ToCity&Duration=&From=%2B14155550123&To=&Caller=", "form"),
    "call-status-unknown-keys": (
        "spec §1 unknown keys kept in wire order (app query parameters, SipHeader_*, CalledVia known)",
        status("in-progress", 2, ("foo", "bar"), ("msg", "hello world"), ("SipHeader_X-Trace", "abc"),
               ("CalledVia", "+16175550111"), ("foo", "second"), ("Empty", "")), "form"),
    "call-status-gmt-zone": (
        "spec §1 RFC 2822 with an obsolete zone name (GMT) and no day name",
        status("ringing", 1, ts="1 Nov 2016 01:59:13 GMT"), "form"),
    "call-status-minimal": (
        "generated: only the required fields, in a different order",
        [("SequenceNumber", "0"), ("CallbackSource", "call-progress-events"), ("CallStatus", "initiated"),
         ("CallSid", CA), ("AccountSid", AC)], "form"),
    # ---- recording-status (spec §4) ----
    "recording-completed": (
        "spec §4 table; RecordingTrack present in current callbacks (S13)",
        recording("completed", ("RecordingDuration", "14"), ("RecordingChannels", "2"),
                  ("RecordingStartTime", "Tue, 01 Nov 2016 01:59:13 +0000"), ("RecordingSource", "DialVerb"),
                  ("RecordingTrack", "both"), ("ErrorCode", "0")), "form"),
    "recording-in-progress": (
        "spec §4 in-progress event, RecordingDuration 0",
        recording("in-progress", ("RecordingDuration", "0"), ("RecordingChannels", "1"),
                  ("RecordingStartTime", "Tue, 01 Nov 2016 01:59:13 +0000"), ("RecordingSource", "OutboundAPI"),
                  ("RecordingTrack", "inbound"), ("ErrorCode", "0")), "form"),
    "recording-absent": (
        "spec §4 absent with a non-zero ErrorCode, no duration",
        recording("absent", ("RecordingChannels", "1"), ("RecordingSource", "RecordVerb"),
                  ("RecordingTrack", "both"), ("ErrorCode", "16101")), "form"),
    "recording-conference": (
        "spec §4 conference recording: ConferenceSid, no CallSid (S17)",
        recording("completed", ("ConferenceSid", CF), ("RecordingDuration", "310"), ("RecordingChannels", "1"),
                  ("RecordingSource", "Conference"), ("RecordingStartTime", "Wed, 02 Nov 2016 09:00:00 +0000"),
                  ("ErrorCode", "0"), call=False), "form"),
    "recording-start-twiml": (
        "spec §4 RecordingSource StartCallRecordingTwiML (observed, S13), outbound track",
        recording("completed", ("RecordingDuration", "8"), ("RecordingChannels", "1"),
                  ("RecordingSource", "StartCallRecordingTwiML"), ("RecordingTrack", "outbound"), ("ErrorCode", "0")), "form"),
    "recording-open-enums": (
        "generated: values this version does not know are kept (open enums)",
        recording("failed", ("RecordingSource", "FutureSource"), ("RecordingTrack", "mixed")), "form"),
    "recording-trunking-get": (
        "spec §4 RecordingSource Trunking, GET query string",
        recording("completed", ("RecordingDuration", "61"), ("RecordingChannels", "2"), ("RecordingSource", "Trunking"),
                  ("RecordingTrack", "both"), ("ErrorCode", "0")), "query"),
    "recording-older-no-track": (
        "spec §4 older payloads without RecordingTrack, with an app query parameter",
        recording("completed", ("RecordingDuration", "3"), ("RecordingChannels", "1"), ("RecordingSource", "StartCallRecordingAPI"),
                  ("ErrorCode", "0"), ("ticket", "4711")), "form"),
    # ---- amd (spec §7) ----
    "amd-human": ("spec §7 async AMD callback body", amd("human", ("MachineDetectionDuration", "2390")), "form"),
    "amd-machine-end-beep": ("spec §7 DetectMessageEnd verdict", amd("machine_end_beep", ("MachineDetectionDuration", "4120")), "form"),
    "amd-unknown-with-extra": ("spec §7 unknown verdict; an app query parameter", amd("unknown", ("MachineDetectionDuration", "30000"), ("campaign", "spring")), "form"),
    "amd-other-value": ("generated: a value outside the S6 enum is kept", amd("machine"), "form"),
    "amd-fax-get": ("spec §7 fax verdict, GET query string", amd("fax", ("MachineDetectionDuration", "1800")), "query"),
    # ---- dial-action (spec §8) ----
    "dial-completed-bridged": (
        "spec §8 action request: parent's fields plus Dial*",
        dial("completed", ("DialCallSid", CA_CHILD), ("DialCallDuration", "37"), ("DialBridged", "true")), "form"),
    "dial-completed-not-bridged": (
        "spec R14: completed but DialBridged=false (screened, voicemail)",
        dial("completed", ("DialCallSid", CA_CHILD), ("DialCallDuration", "4"), ("DialBridged", "false")), "form"),
    "dial-no-answer": ("spec §8 no-answer, no duration", dial("no-answer", ("DialCallSid", CA_CHILD), ("DialBridged", "false")), "form"),
    "dial-sip-failed": (
        "spec §8 <Dial><Sip> DialSipResponseCode with ErrorCode (community write-up)",
        dial("failed", ("DialCallSid", CA_CHILD), ("DialSipResponseCode", "400"), ("ErrorCode", "13224"), ("DialBridged", "false")), "form"),
    "dial-conference-answered": ("spec §5.1 DialCallStatus answered (conferences), no DialCallSid", dial("answered", ("DialBridged", "true")), "form"),
    "dial-queue-recording": (
        "spec §8 <Dial record> RecordingUrl; <Dial><Queue> fields stay in extra",
        dial("completed", ("DialCallSid", CA_CHILD), ("DialCallDuration", "120"), ("DialBridged", "true"),
             ("RecordingUrl", REC_URL), ("QueueSid", QU), ("QueueResult", "bridged"), ("QueueTime", "15")), "form"),
    "dial-without-call-status": ("generated: CallStatus is optional on a dial action", drop(dial("busy"), "CallStatus"), "form"),
    # ---- voice-request (spec §8.1 rules 5-6) ----
    "voice-inbound": (
        "spec §3.1 voice request of an inbound PSTN call: CallToken, StirVerstat, StirPassportToken",
        voice("ringing", ("CallToken", '{"parentCallInfoToken":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln","identityHeaderTokens":[]}'),
              ("StirVerstat", "TN-Validation-Passed-A"), ("StirPassportToken", "eyJhbGciOiJFUzI1NiIsInR5cCI6InBhc3Nwb3J0In0.e30.c2ln")), "form"),
    "voice-client-app": (
        "spec §2.2 Voice SDK call through a TwiML app: client: caller, empty To, ApplicationSid, app params",
        [("AccountSid", AC), ("ApiVersion", "2010-04-01"), ("ApplicationSid", AP), ("CallSid", CA),
         ("CallStatus", "ringing"), ("Called", ""), ("Caller", "client:charlie"), ("Direction", "inbound"),
         ("From", "client:charlie"), ("To", ""), ("PhoneNumber", "+16175550199")], "form"),
    "voice-gather-digits": ("spec §8.1 rule 5: Digits → gather (other)", voice("in-progress", ("Digits", "1234"), ("FinishedOnKey", "#"), ("msg", "Gather End")), "form"),
    "voice-gather-speech": ("spec §8.1 rule 5: SpeechResult → gather (other); Confidence stays in extra",
                            voice("in-progress", ("SpeechResult", "Talk to sales, please."), ("Confidence", "0.9133")), "form"),
    "voice-transcription": (
        "spec §8.1 rule 5: TranscriptionStatus → transcription (other)",
        voice("completed", ("TranscriptionSid", TR), ("TranscriptionText", "Hi, call me back."), ("TranscriptionStatus", "completed"),
              ("TranscriptionUrl", f"https://api.twilio.com/2010-04-01/Accounts/{AC}/Transcriptions/{TR}"),
              ("RecordingSid", RE), ("RecordingUrl", REC_URL)), "form"),
    "voice-get": ("spec §1 GET voice request", voice("ringing"), "query"),
    "voice-outbound-api-utf8": (
        "generated: outbound-api voice request with UTF-8 CallerName and sim: endpoint",
        voice("in-progress", ("CallerName", "Zoë Ærøskøbing"), frm="sim:HS" + "0" * 32, to="+4930123456", direction="outbound-api"), "form"),
    "voice-amd-sync": ("spec §7 sync AMD: AnsweredBy with CallStatus is a voice request (rule 4 needs no CallStatus)",
                       voice("in-progress", ("AnsweredBy", "machine_start"), ("MachineDetectionDuration", "1500"), direction="outbound-api"), "form"),
    "voice-forwarded-withheld": (
        "spec §2.2 withheld +266696687 (ANONYMOUS) with ForwardedFrom and CalledVia",
        voice("ringing", ("ForwardedFrom", "+16175550100"), ("CalledVia", "+16175550111"), frm="+266696687"), "form"),
    # ---- malformed (strict error + lenient result) ----
    "bad-call-sid-short": ("spec §2.1 placeholder SID CA123 (observed)", replace(status("ringing", 1), "CallSid", "CA123"), "form"),
    "bad-call-sid-composite": ("spec §2.1 composite SID from a compatible carrier (observed)", replace(voice("ringing"), "CallSid", "ID8f2b-" + CA), "form"),
    "bad-account-sid-prefix": ("generated: an AccountSid with the CA prefix", replace(amd("human"), "AccountSid", CA), "form"),
    "missing-call-sid": ("generated: no CallSid at all", drop(status("completed", 3), "CallSid"), "form"),
    "missing-account-sid-empty": ("spec §1 an empty required field is missing", replace(voice("ringing"), "AccountSid", ""), "form"),
    "bad-sequence-number": ("generated: a non-numeric SequenceNumber", replace(status("ringing", 1), "SequenceNumber", "one"), "form"),
    "missing-sequence-number": ("generated: a call-progress event without SequenceNumber", drop(status("ringing", 1), "SequenceNumber"), "form"),
    "bad-timestamp-thurs": ("spec §1 malformed timestamp (observed): Thurs, 20 July 1989", status("ringing", 1, ts="Thurs, 20 July 1989 14:30:00 +0000"), "form"),
    "bad-timestamp-etc-utc": ("spec §1 malformed timestamp (observed): Etc/UTC zone", status("completed", 3, ("CallDuration", "42"), ts="Tue, 01 Nov 2016 01:59:13 Etc/UTC"), "form"),
    "bad-recording-start-time": ("spec §1 malformed timestamp (observed): +000 zone", recording("completed", ("RecordingStartTime", "Tue, 01 Nov 2016 01:59:13 +000"), ("RecordingDuration", "14")), "form"),
    "bad-call-status-answered": ("spec §3.2 CallStatus is never 'answered'", replace(status("ringing", 2), "CallStatus", "answered"), "form"),
    "bad-sip-response-code": ("generated: SipResponseCode out of range", status("busy", 2, ("SipResponseCode", "486 Busy Here")), "form"),
    "bad-call-duration-negative": ("generated: negative CallDuration", status("completed", 3, ("CallDuration", "-1")), "form"),
    "bad-dial-bridged": ("generated: DialBridged not true/false", dial("completed", ("DialBridged", "yes")), "form"),
    "bad-dial-call-status": ("generated: unknown DialCallStatus", dial("bridged"), "form"),
    "bad-recording-channels": ("generated: RecordingChannels not a number", recording("completed", ("RecordingChannels", "stereo")), "form"),
    "empty-body": ("generated: an empty body is a voice request missing everything", [], "form"),
}


def main():
    for f in os.listdir(HERE):
        if f.endswith((".form", ".query", ".json")):
            os.remove(os.path.join(HERE, f))
    rows = []
    for name, (provenance, pairs, how) in FIXTURES.items():
        body = pairs if isinstance(pairs, str) else enc(pairs)
        decoded = parse_qsl(body, keep_blank_values=True)
        ext = "query" if how == "query" else "form"
        with open(os.path.join(HERE, f"{name}.{ext}"), "w", encoding="utf-8") as fh:
            fh.write(body)
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as fh:
            json.dump(expected_json(decoded), fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        rows.append((name, ext, provenance))
    write_readme(rows)


def write_readme(rows):
    lines = [
        "# Callback fixtures",
        "",
        "Each fixture is a raw wire payload, `NAME.form` (a POST body) or `NAME.query` (a GET query",
        "string without `?`), and `NAME.json`, the expected result in the camelCase JSON shape",
        "JavaScript sees. Both are written by `generate.py` (stdlib Python, no dependencies), whose",
        "expected values come from an independent Python model of spec/callbacks.md (urllib",
        "decoding, the §8.1 kind rules, field types, camelCase names, an RFC 2822 parser), not",
        "from the Rust code. Edit the table in `generate.py` and rerun it; do not edit the outputs.",
        "",
        "`NAME.json` is either a callback (`{\"kind\": ...}`) or, when strict parsing must fail:",
        "",
        "```",
        "{ \"error\":   { \"code\", \"field\", \"message\" },            // Callback::parse / parseCallback",
        "  \"lenient\": { \"kind\", \"callback\"?, \"problems\": [{ \"code\", \"field\" }], \"sidValid\" } }",
        "```",
        "",
        "`lenient.problems` entries list only `code` and `field`; the implementation's entries also",
        "carry `expected`, `got` and `message`.",
        "",
        "SIDs are made up (`AC`/`CA`/`RE`/... + the MD5 of a word); phone numbers are 555 numbers.",
        "No fixture is a verbatim copy of a third-party capture.",
        "",
        "Provenance: **spec §N** = built from that section's parameter tables and notes (which cite",
        "Twilio's documentation, S1-S17, or observed payloads); **generated** = a variation made",
        "here to cover a policy or an edge case.",
        "",
        "| fixture | wire | provenance |",
        "|---|---|---|",
    ]
    lines += [f"| `{n}` | `.{e}` | {p} |" for n, e, p in rows]
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
