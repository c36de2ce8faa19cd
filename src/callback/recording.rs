//! The RecordingStatusCallback ([`RecordingCallback`], spec §4).

use super::fields::{
    AccountSid, CallSid, ConferenceSid, ErrorCode, RecordingSid, RecordingSource, RecordingStatus,
    RecordingTrack, Seconds,
};
use super::time::Timestamp;

record! {
    /// A recording status callback (`RecordingStatus` present, spec §4): JSON kind
    /// `recording-status`.
    ///
    /// `CallSid` is optional because conference recordings carry `ConferenceSid` instead; for
    /// two-leg calls it is the parent leg (R16).
    ///
    /// # Example
    ///
    /// ```
    /// use twilio_webhook::callback::{Callback, RecordingSource, RecordingStatus};
    /// let p = twilio_webhook::Params::parse(
    ///     b"AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef\
    ///       &RecordingSid=RE0123456789abcdef0123456789abcdef&RecordingStatus=completed\
    ///       &RecordingDuration=14&RecordingChannels=2&RecordingSource=StartCallRecordingTwiML\
    ///       &RecordingStartTime=Tue%2C+01+Nov+2016+01%3A59%3A13+%2B0000&ErrorCode=0",
    /// );
    /// let Callback::RecordingStatus(rec) = Callback::parse(&p)? else { unreachable!() };
    /// assert_eq!(rec.recording_status, RecordingStatus::Completed);
    /// assert_eq!(rec.recording_source, Some(RecordingSource::StartCallRecordingTwiml));
    /// assert_eq!(rec.recording_duration.map(|d| d.get()), Some(14));
    /// assert_eq!(rec.error_code.map(|c| c.get()), Some(0));
    /// # Ok::<(), twilio_webhook::callback::ParseError>(())
    /// ```
    pub struct RecordingCallback {
        /// `AccountSid`.
        account_sid: req AccountSid = "AccountSid" / "accountSid",
        /// `CallSid`: the recorded call (the parent leg for two-leg calls).
        call_sid: opt CallSid = "CallSid" / "callSid",
        /// `ConferenceSid`: conference recordings.
        conference_sid: opt ConferenceSid = "ConferenceSid" / "conferenceSid",
        /// `RecordingSid`.
        recording_sid: req RecordingSid = "RecordingSid" / "recordingSid",
        /// `RecordingUrl`: without extension; append `.mp3` or `.wav`.
        recording_url: opt String = "RecordingUrl" / "recordingUrl",
        /// `RecordingStatus`.
        recording_status: req RecordingStatus = "RecordingStatus" / "recordingStatus",
        /// `RecordingDuration`: seconds.
        recording_duration: opt Seconds = "RecordingDuration" / "recordingDuration",
        /// `RecordingChannels`: 1 or 2.
        recording_channels: opt u8 = "RecordingChannels" / "recordingChannels",
        /// `RecordingStartTime` (RFC 2822 on the wire).
        recording_start_time: opt Timestamp = "RecordingStartTime" / "recordingStartTime",
        /// `RecordingSource`.
        recording_source: opt RecordingSource = "RecordingSource" / "recordingSource",
        /// `RecordingTrack`.
        recording_track: opt RecordingTrack = "RecordingTrack" / "recordingTrack",
        /// `ErrorCode`: `0` on success; explains `absent`.
        error_code: opt ErrorCode = "ErrorCode" / "errorCode",
        @extra
        /// Unknown keys, in wire order.
        extra,
    }
}
