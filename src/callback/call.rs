//! The voice-request parameters every call-leg payload shares ([`CallInfo`]), the call
//! StatusCallback ([`StatusCallback`], spec §3) and the TwiML voice request ([`VoiceRequest`]).

use super::fields::{
    AccountSid, AnsweredBy, ApplicationSid, CallSid, CallStatus, Direction, Endpoint, ErrorCode,
    Milliseconds, Minutes, RecordingSid, Seconds, SequenceNumber, SipResponseCode,
    TranscriptionSid,
};
use super::time::Timestamp;

record! {
    /// The parameters of a call leg that Twilio sends with voice requests, status callbacks and
    /// `<Dial>` action requests (spec §3.1). Only `AccountSid` and `CallSid` are required;
    /// Twilio sends `From`, `To` and `Direction` too, but they may be empty.
    ///
    /// In JSON these fields sit directly in the callback object (`callSid`, `from`, ...).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, EndpointKind};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&From=client%3Acharlie&ToState=",
    /// );
    /// let Callback::VoiceRequest(req) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(req.call.from.as_ref().map(|e| e.kind()), Some(EndpointKind::Client));
    /// assert_eq!(req.call.to_state, None); // empty means absent
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct CallInfo {
        /// `AccountSid`.
        account_sid: req AccountSid = "AccountSid" / "accountSid",
        /// `CallSid`: this leg.
        call_sid: req CallSid = "CallSid" / "callSid",
        /// `ParentCallSid`: the leg that created this one (`<Dial>` children).
        parent_call_sid: opt CallSid = "ParentCallSid" / "parentCallSid",
        /// `From`.
        from: opt Endpoint = "From" / "from",
        /// `To`.
        to: opt Endpoint = "To" / "to",
        /// `Caller` (the same as `From`).
        caller: opt Endpoint = "Caller" / "caller",
        /// `Called` (the same as `To`).
        called: opt Endpoint = "Called" / "called",
        /// `ForwardedFrom`: set when the carrier passed diversion information.
        forwarded_from: opt Endpoint = "ForwardedFrom" / "forwardedFrom",
        /// `CalledVia`: forwarded Voice SDK legs (observed).
        called_via: opt Endpoint = "CalledVia" / "calledVia",
        /// `CallerName`: caller ID lookup (`VoiceCallerIdLookup=true`).
        caller_name: opt String = "CallerName" / "callerName",
        /// `Direction`.
        direction: opt Direction = "Direction" / "direction",
        /// `ApiVersion`, for example `2010-04-01`.
        api_version: opt String = "ApiVersion" / "apiVersion",
        /// `ApplicationSid`: requests from Voice SDK clients (observed).
        application_sid: opt ApplicationSid = "ApplicationSid" / "applicationSid",
        /// `AnsweredBy`: synchronous answering machine detection.
        answered_by: opt AnsweredBy = "AnsweredBy" / "answeredBy",
        /// `MachineDetectionDuration`: how long detection took.
        machine_detection_duration: opt Milliseconds
            = "MachineDetectionDuration" / "machineDetectionDuration",
        /// `StirStatus`: SHAKEN/STIR attestation `A`, `B` or `C`.
        stir_status: opt String = "StirStatus" / "stirStatus",
        /// `StirVerstat`, for example `TN-Validation-Passed-A`.
        stir_verstat: opt String = "StirVerstat" / "stirVerstat",
        /// `StirPassportToken`.
        stir_passport_token: opt String = "StirPassportToken" / "stirPassportToken",
        /// `CallToken`: lets an inbound PSTN call be forwarded with the original caller ID.
        call_token: opt String = "CallToken" / "callToken",
        /// `SipCallId` (observed on SIP legs).
        sip_call_id: opt String = "SipCallId" / "sipCallId",
        /// `RecordingUrl` (`completed` events with recording; `<Dial record>` actions).
        recording_url: opt String = "RecordingUrl" / "recordingUrl",
        /// `RecordingSid`.
        recording_sid: opt RecordingSid = "RecordingSid" / "recordingSid",
        /// `RecordingDuration`.
        recording_duration: opt Seconds = "RecordingDuration" / "recordingDuration",
        /// `ErrorCode` (reported on some failed legs).
        error_code: opt ErrorCode = "ErrorCode" / "errorCode",
        /// `ErrorMessage`.
        error_message: opt String = "ErrorMessage" / "errorMessage",
        /// `FromCity`.
        from_city: opt String = "FromCity" / "fromCity",
        /// `FromState`.
        from_state: opt String = "FromState" / "fromState",
        /// `FromZip`.
        from_zip: opt String = "FromZip" / "fromZip",
        /// `FromCountry` (ISO 3166 alpha-2).
        from_country: opt String = "FromCountry" / "fromCountry",
        /// `ToCity`.
        to_city: opt String = "ToCity" / "toCity",
        /// `ToState`.
        to_state: opt String = "ToState" / "toState",
        /// `ToZip`.
        to_zip: opt String = "ToZip" / "toZip",
        /// `ToCountry`.
        to_country: opt String = "ToCountry" / "toCountry",
        /// `CallerCity`.
        caller_city: opt String = "CallerCity" / "callerCity",
        /// `CallerState`.
        caller_state: opt String = "CallerState" / "callerState",
        /// `CallerZip`.
        caller_zip: opt String = "CallerZip" / "callerZip",
        /// `CallerCountry`.
        caller_country: opt String = "CallerCountry" / "callerCountry",
        /// `CalledCity`.
        called_city: opt String = "CalledCity" / "calledCity",
        /// `CalledState`.
        called_state: opt String = "CalledState" / "calledState",
        /// `CalledZip`.
        called_zip: opt String = "CalledZip" / "calledZip",
        /// `CalledCountry`.
        called_country: opt String = "CalledCountry" / "calledCountry",
    }
}

record! {
    /// A call-progress event (`CallbackSource=call-progress-events`, spec §3): JSON kind
    /// `call-status`. Sent for the subscribed `initiated`, `ringing`, `answered` (reported as
    /// `in-progress`) and `completed` (any terminal status) events of one leg.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, CallStatus};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=busy&CallbackSource=call-progress-events&SequenceNumber=2\
    ///       &Timestamp=Tue%2C+01+Nov+2016+01%3A59%3A13+%2B0000&CallDuration=0&SipResponseCode=486",
    /// );
    /// let Callback::CallStatus(ev) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(ev.call_status, CallStatus::Busy);
    /// assert_eq!(ev.sequence_number.get(), 2);
    /// assert_eq!(ev.timestamp.map(|t| t.to_iso8601()).as_deref(), Some("2016-11-01T01:59:13Z"));
    /// assert_eq!(ev.sip_response_code.map(|c| c.get()), Some(486));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct StatusCallback {
        @flatten
        /// The leg's parameters.
        call: CallInfo,
        /// `CallStatus`.
        call_status: req CallStatus = "CallStatus" / "callStatus",
        /// `SequenceNumber`: firing order per `CallSid`, from 0.
        sequence_number: req SequenceNumber = "SequenceNumber" / "sequenceNumber",
        /// `Timestamp`: when the event fired (RFC 2822 on the wire).
        timestamp: opt Timestamp = "Timestamp" / "timestamp",
        /// `CallDuration`: seconds (terminal events).
        call_duration: opt Seconds = "CallDuration" / "callDuration",
        /// `Duration`: billed **minutes** (terminal events).
        duration: opt Minutes = "Duration" / "duration",
        /// `SipResponseCode`: final SIP status (terminal events).
        sip_response_code: opt SipResponseCode = "SipResponseCode" / "sipResponseCode",
        @extra
        /// Unknown keys (app query parameters, new Twilio fields), in wire order.
        extra,
    }
}

/// What prompted a [`VoiceRequest`] (spec §8.1 rules 5 and 6). JSON `requestKind`.
///
/// # Example
///
/// ```
/// use twilio_webhook::callback::{Callback, RequestKind};
/// let p = twilio_webhook::Params::parse(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
///       &CallStatus=in-progress&Digits=1234",
/// );
/// let Callback::VoiceRequest(req) = Callback::parse(&p)? else { unreachable!() };
/// assert_eq!(req.request_kind(), RequestKind::Gather);
/// assert_eq!(RequestKind::Gather.as_str(), "gather");
/// # Ok::<(), twilio_webhook::callback::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// `twiml`: a plain request for TwiML (incoming call, redirect, action URL, ...).
    Twiml,
    /// `gather`: a `<Gather>` action (`Digits` or `SpeechResult` present).
    Gather,
    /// `transcription`: a `<Record transcribeCallback>` request (`TranscriptionStatus` present).
    Transcription,
}

impl RequestKind {
    /// The JSON name: `twiml`, `gather` or `transcription`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(twilio_webhook::callback::RequestKind::Twiml.as_str(), "twiml");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Twiml => "twiml",
            RequestKind::Gather => "gather",
            RequestKind::Transcription => "transcription",
        }
    }
}

#[cfg(feature = "serde")]
impl super::wire::ToJson for RequestKind {
    fn to_json(&self) -> super::wire::Json<'_> {
        super::wire::Json::Str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for RequestKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

record! {
    /// A request for TwiML (spec §8.1 rules 5-6): JSON kind `voice-request`. It carries
    /// `CallStatus` but no `SequenceNumber`. `<Gather>` actions and `<Record>` transcription
    /// callbacks are voice requests too; [`request_kind`](Self::request_kind) tells them apart.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, CallStatus, EndpointKind, RequestKind};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=ringing&Direction=inbound&From=%2B14158675309&To=%2B18005551212&msg=hi",
    /// );
    /// let Callback::VoiceRequest(req) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(req.call_status, CallStatus::Ringing);
    /// assert_eq!(req.request_kind(), RequestKind::Twiml);
    /// assert_eq!(req.call.from.as_ref().map(|e| e.kind()), Some(EndpointKind::E164));
    /// assert_eq!(req.extra, [("msg".to_string(), "hi".to_string())]);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct VoiceRequest {
        @computed "requestKind" => request_kind,
        @flatten
        /// The leg's parameters.
        call: CallInfo,
        /// `CallStatus`.
        call_status: req CallStatus = "CallStatus" / "callStatus",
        /// `Digits`: keys pressed (`<Gather>`; `hangup` or the finishing key on `<Record>`).
        digits: opt String = "Digits" / "digits",
        /// `SpeechResult`: transcribed speech (`<Gather input="speech">`).
        speech_result: opt String = "SpeechResult" / "speechResult",
        /// `TranscriptionSid`.
        transcription_sid: opt TranscriptionSid = "TranscriptionSid" / "transcriptionSid",
        /// `TranscriptionStatus`: `completed` or `failed`.
        transcription_status: opt String = "TranscriptionStatus" / "transcriptionStatus",
        /// `TranscriptionText`.
        transcription_text: opt String = "TranscriptionText" / "transcriptionText",
        /// `TranscriptionUrl`.
        transcription_url: opt String = "TranscriptionUrl" / "transcriptionUrl",
        @extra
        /// Unknown keys (app query parameters, `Confidence`, `SipHeader_*`, ...), in wire order.
        extra,
    }
}

impl VoiceRequest {
    /// What prompted the request, derived from the fields (so it always agrees with them).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, RequestKind};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=completed&TranscriptionStatus=completed&TranscriptionText=hello",
    /// );
    /// let Callback::VoiceRequest(req) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(req.request_kind(), RequestKind::Transcription);
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub fn request_kind(&self) -> RequestKind {
        if self.transcription_status.is_some() {
            RequestKind::Transcription
        } else if self.digits.is_some() || self.speech_result.is_some() {
            RequestKind::Gather
        } else {
            RequestKind::Twiml
        }
    }
}
