//! The asynchronous answering machine detection callback ([`AmdCallback`], spec §7).

use super::fields::{AccountSid, AnsweredBy, CallSid, Milliseconds};

record! {
    /// An `AsyncAmdStatusCallback` request (`AnsweredBy` present, no `CallStatus`; spec §7):
    /// JSON kind `amd`. It has no `SequenceNumber` or `Timestamp` and can arrive before or
    /// after the leg's `in-progress` / `completed` status callbacks.
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{AnsweredBy, Callback};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &AnsweredBy=machine_end_beep&MachineDetectionDuration=4120",
    /// );
    /// let Callback::Amd(amd) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(amd.answered_by, AnsweredBy::MachineEndBeep);
    /// assert_eq!(amd.machine_detection_duration.map(|d| d.get()), Some(4120));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct AmdCallback {
        /// `AccountSid`.
        account_sid: req AccountSid = "AccountSid" / "accountSid",
        /// `CallSid`: the leg that was answered.
        call_sid: req CallSid = "CallSid" / "callSid",
        /// `AnsweredBy`: the verdict.
        answered_by: req AnsweredBy = "AnsweredBy" / "answeredBy",
        /// `MachineDetectionDuration`: how long detection took.
        machine_detection_duration: opt Milliseconds
            = "MachineDetectionDuration" / "machineDetectionDuration",
        @extra
        /// Unknown keys, in wire order.
        extra,
    }
}
