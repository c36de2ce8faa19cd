//! The `<Dial action>` request ([`DialAction`], spec §8).

use super::call::CallInfo;
use super::fields::{CallSid, CallStatus, DialCallStatus, Seconds, SipResponseCode};

record! {
    /// The request to a `<Dial action>` URL when the dial ends (`DialCallStatus` present, spec
    /// §8): JSON kind `dial-action`. The call fields are the **parent** leg's; the `Dial*`
    /// fields describe the dialled leg.
    ///
    /// `DialCallStatus=completed` with `DialBridged=false` means the dialled leg answered but
    /// was never connected to the caller (R14).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, DialCallStatus};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &CallStatus=in-progress&DialCallStatus=completed&DialBridged=false&DialCallDuration=9\
    ///       &DialCallSid=CAfedcba9876543210fedcba9876543210",
    /// );
    /// let Callback::DialAction(dial) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(dial.dial_call_status, DialCallStatus::Completed);
    /// assert_eq!(dial.dial_bridged, Some(false));
    /// assert_eq!(dial.dial_call_duration.map(|d| d.get()), Some(9));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct DialAction {
        @flatten
        /// The parent leg's parameters.
        call: CallInfo,
        /// `CallStatus`: the parent's status, usually `in-progress`. Optional here: the
        /// action is about the dialled leg.
        call_status: opt CallStatus = "CallStatus" / "callStatus",
        /// `DialCallStatus`: the dialled leg's outcome.
        dial_call_status: req DialCallStatus = "DialCallStatus" / "dialCallStatus",
        /// `DialCallSid`: the dialled leg (absent for conferences).
        dial_call_sid: opt CallSid = "DialCallSid" / "dialCallSid",
        /// `DialCallDuration`: seconds (absent for conferences and redirected children).
        dial_call_duration: opt Seconds = "DialCallDuration" / "dialCallDuration",
        /// `DialBridged`: whether the dialled leg was connected to the caller.
        dial_bridged: opt bool = "DialBridged" / "dialBridged",
        /// `DialSipResponseCode`: `<Dial><Sip>` (observed).
        dial_sip_response_code: opt SipResponseCode
            = "DialSipResponseCode" / "dialSipResponseCode",
        @extra
        /// Unknown keys (queue fields, app query parameters, ...), in wire order.
        extra,
    }
}
