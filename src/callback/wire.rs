//! The plumbing shared by every record: how one field is read from [`Params`], written back,
//! and serialised; and the `record!` macro that declares a record from one field list so the
//! three can never drift apart.

use super::ParseError;
use crate::form::Params;
use std::borrow::Cow;

/// A field value that has a wire form (a decoded form value).
pub(crate) trait Wire: Sized {
    /// What a valid value looks like, phrased to follow the field name in a message.
    const EXPECTED: &'static str;

    /// Parses a non-empty wire value; `None` when it is malformed.
    fn from_wire(s: &str) -> Option<Self>;

    /// The wire form, such that `from_wire(to_wire(v)) == Some(v)`.
    fn to_wire(&self) -> Cow<'_, str>;

    /// Lenient mode: a value to keep although `raw` is malformed or missing (`""`). Only SIDs
    /// do this (they keep the raw text and report `is_valid() == false`).
    fn keep_invalid(_raw: &str) -> Option<Self> {
        None
    }

    /// Lenient mode: a stand-in for a required field that cannot be kept, so the remaining
    /// fields can still be checked. The record is then discarded (`Lenient::callback` is
    /// `None`), so the stand-in never reaches a caller.
    fn stand_in() -> Option<Self> {
        None
    }
}

impl Wire for String {
    const EXPECTED: &'static str = "as text";
    fn from_wire(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Wire for bool {
    const EXPECTED: &'static str = "as true or false";
    fn from_wire(s: &str) -> Option<Self> {
        match s {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl Wire for u8 {
    const EXPECTED: &'static str = "as a whole number";
    fn from_wire(s: &str) -> Option<Self> {
        parse_decimal(s).and_then(|n| u8::try_from(n).ok())
    }
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// ASCII digits only (no sign, no spaces), at most 10 of them, as a `u32`.
pub(crate) fn parse_decimal(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A [`Wire`] type that a record can require: it has a placeholder for a record that is about
/// to be discarded.
pub(crate) trait Required: Wire {
    /// Any value: it only fills a record that is then dropped (strict parsing failed, or lenient
    /// parsing lost a required field).
    fn placeholder() -> Self;
}

/// Reads typed fields from [`Params`]: first value wins, empty means absent, and every pair
/// whose key was read is left out of `extra`.
///
/// Field readers never fail: on the first error (strict mode) the reader keeps the error in
/// `err`, stops, and fills the remaining fields with nothing or a placeholder, so a record is
/// built once and dropped whole instead of unwinding after every field.
pub(crate) struct Reader<'a> {
    params: &'a Params<'a>,
    used: Vec<bool>,
    lenient: bool,
    /// No more fields are read: strict mode after the first error, lenient mode after a
    /// required field that has no stand-in.
    stopped: bool,
    /// Strict mode: the first error.
    pub(crate) err: Option<ParseError>,
    /// Lenient mode: what was wrong, in field order.
    pub(crate) problems: Vec<ParseError>,
    /// Lenient mode: false once a malformed or missing SID was kept.
    pub(crate) sid_valid: bool,
    /// Lenient mode: a required field could not be kept; the record must be discarded.
    pub(crate) fatal: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(params: &'a Params<'a>, lenient: bool) -> Self {
        Reader {
            params,
            used: vec![false; params.len()],
            lenient,
            stopped: false,
            err: None,
            problems: Vec::new(),
            sid_valid: true,
            fatal: false,
        }
    }

    /// The parameters being read.
    pub(crate) fn params(&self) -> &'a Params<'a> {
        self.params
    }

    /// Marks every pair named `name` as read; returns the first value unless it is empty (or
    /// the reader has stopped).
    #[inline(never)]
    pub(crate) fn raw(&mut self, name: &str) -> Option<&'a str> {
        if self.stopped {
            return None;
        }
        let mut first = None;
        for ((k, v), used) in self.params.iter().zip(self.used.iter_mut()) {
            if k == name {
                *used = true;
                first.get_or_insert(v);
            }
        }
        first.filter(|v| !v.is_empty())
    }

    /// Records a missing (`got == None`) or malformed field. Strict mode keeps the first error
    /// and stops; lenient mode lists it and returns true (the caller may keep a value).
    #[inline(never)]
    fn problem(&mut self, name: &'static str, expected: &'static str, got: Option<&str>) -> bool {
        let err = match got {
            Some(s) => ParseError::invalid(name, expected, s),
            None => ParseError::missing(name, expected),
        };
        if self.lenient {
            self.problems.push(err);
        } else {
            self.err = Some(err);
            self.stopped = true;
        }
        self.lenient
    }

    /// A required field.
    #[inline(never)]
    pub(crate) fn req<T: Required>(&mut self, name: &'static str) -> T {
        if !self.stopped {
            let raw = self.raw(name);
            if let Some(v) = raw.and_then(T::from_wire) {
                return v;
            }
            if self.problem(name, T::EXPECTED, raw) {
                if let Some(v) = T::keep_invalid(raw.unwrap_or("")) {
                    self.sid_valid = false;
                    return v;
                }
                self.fatal = true;
                if let Some(v) = T::stand_in() {
                    return v;
                }
                self.stopped = true;
            }
        }
        T::placeholder()
    }

    /// An optional field.
    #[inline(never)]
    pub(crate) fn opt<T: Wire>(&mut self, name: &'static str) -> Option<T> {
        let s = self.raw(name)?;
        if let Some(v) = T::from_wire(s) {
            return Some(v);
        }
        if !self.problem(name, T::EXPECTED, Some(s)) {
            return None;
        }
        let kept = T::keep_invalid(s);
        if kept.is_some() {
            self.sid_valid = false;
        }
        kept
    }

    /// The pairs no field read, in wire order (empty values included).
    #[inline(never)]
    pub(crate) fn extra(&self) -> Vec<(String, String)> {
        if self.stopped {
            return Vec::new();
        }
        self.params
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, v), _)| (k.to_owned(), v.to_owned()))
            .collect()
    }
}

/// Writes typed fields back as form pairs (the inverse of [`Reader`]).
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) pairs: Vec<(Cow<'static, str>, Cow<'static, str>)>,
}

impl Writer {
    pub(crate) fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.pairs
            .push((Cow::Borrowed(name), Cow::Owned(value.into())));
    }

    pub(crate) fn req<T: Wire>(&mut self, name: &'static str, value: &T) {
        self.push(name, value.to_wire().into_owned());
    }

    pub(crate) fn opt<T: Wire>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(v) = value {
            self.req(name, v);
        }
    }

    pub(crate) fn extra(&mut self, extra: &[(String, String)]) {
        self.pairs.extend(
            extra
                .iter()
                .map(|(k, v)| (Cow::Owned(k.clone()), Cow::Owned(v.clone()))),
        );
    }
}

/// A field value as JSON, so that one `serialize_field` instance serves every field type.
#[cfg(feature = "serde")]
pub(crate) enum Json<'a> {
    Str(&'a str),
    Num(u32),
    Bool(bool),
    Time(super::Timestamp),
    Endpoint(&'a super::Endpoint),
    Pairs(&'a [(String, String)]),
}

#[cfg(feature = "serde")]
impl serde::Serialize for Json<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Str(s) => serializer.serialize_str(s),
            Json::Num(n) => serializer.serialize_u32(*n),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Time(t) => t.serialize(serializer),
            Json::Endpoint(e) => e.serialize(serializer),
            Json::Pairs(p) => p.serialize(serializer),
        }
    }
}

/// A field type's JSON value.
#[cfg(feature = "serde")]
pub(crate) trait ToJson {
    fn to_json(&self) -> Json<'_>;
}

#[cfg(feature = "serde")]
impl ToJson for String {
    fn to_json(&self) -> Json<'_> {
        Json::Str(self)
    }
}

#[cfg(feature = "serde")]
impl ToJson for bool {
    fn to_json(&self) -> Json<'_> {
        Json::Bool(*self)
    }
}

#[cfg(feature = "serde")]
impl ToJson for u8 {
    fn to_json(&self) -> Json<'_> {
        Json::Num(u32::from(*self))
    }
}

#[cfg(feature = "serde")]
impl ToJson for Vec<(String, String)> {
    fn to_json(&self) -> Json<'_> {
        Json::Pairs(self)
    }
}

/// Serialises typed fields into a JSON-like struct: absent optional fields are skipped.
#[cfg(feature = "serde")]
pub(crate) struct Fields<'s, S>(pub(crate) &'s mut S);

#[cfg(feature = "serde")]
impl<S: serde::ser::SerializeStruct> Fields<'_, S> {
    /// One field, or a skipped one (`None`).
    #[inline(never)]
    fn put(&mut self, key: &'static str, value: Option<Json<'_>>) -> Result<(), S::Error> {
        match value {
            Some(v) => self.0.serialize_field(key, &v),
            None => self.0.skip_field(key),
        }
    }

    /// A required field.
    pub(crate) fn req<T: ToJson>(&mut self, key: &'static str, value: &T) -> Result<(), S::Error> {
        self.put(key, Some(value.to_json()))
    }

    /// `values[i]` under `keys[i]`, in order (a record's field table).
    #[inline(never)]
    pub(crate) fn put_all(
        &mut self,
        keys: &[&'static str],
        values: &[Option<Json<'_>>],
    ) -> Result<(), S::Error> {
        for (key, value) in keys.iter().zip(values) {
            match value {
                Some(v) => self.0.serialize_field(key, v)?,
                None => self.0.skip_field(key)?,
            }
        }
        Ok(())
    }
}

/// A required field's JSON value (for `record!`).
#[cfg(feature = "serde")]
#[inline(never)]
pub(crate) fn json_req<T: ToJson>(value: &T) -> Option<Json<'_>> {
    Some(value.to_json())
}

/// An optional field's JSON value, `None` when absent (for `record!`).
#[cfg(feature = "serde")]
#[inline(never)]
pub(crate) fn json_opt<T: ToJson>(value: &Option<T>) -> Option<Json<'_>> {
    value.as_ref().map(T::to_json)
}

/// Declares a record struct and, from the same field list, its reader, writer and serde
/// serialisation (flat camelCase JSON).
///
/// ```text
/// record! {
///     /// docs
///     pub struct Name {
///         @computed "jsonKey" => method,        // optional: a derived JSON field, first
///         @flatten /// docs
///         call: CallInfo,                       // optional: a nested record, flat in JSON
///         /// docs
///         field: req Type = "WireName" / "jsonName",   // required (Type)
///         field: opt Type = "WireName" / "jsonName",   // optional (Option<Type>)
///         @extra /// docs
///         extra,                                // optional: the unread pairs
///     }
/// }
/// ```
macro_rules! record {
    (@ty req $t:ty) => { $t };
    (@ty opt $t:ty) => { Option<$t> };
    (@json req $e:expr) => { $crate::callback::wire::json_req($e) };
    (@json opt $e:expr) => { $crate::callback::wire::json_opt($e) };
    (@extra_key $e:ident) => { "extra" };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( @computed $ckey:literal => $cmethod:ident, )?
            $( @flatten $(#[$fmeta:meta])* $ffield:ident : $fty:ty, )?
            $( $(#[$meta_:meta])* $field:ident : $mode:ident $ty:ty = $wire:literal / $json:literal, )*
            $( @extra $(#[$emeta:meta])* $efield:ident, )?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $ffield: $fty, )?
            $( $(#[$meta_])* pub $field: record!(@ty $mode $ty), )*
            $( $(#[$emeta])* pub $efield: Vec<(String, String)>, )?
        }

        impl $name {
            /// Reads the fields in declaration order (so problems come in that order).
            /// Never fails: see [`Reader`]($crate::callback::wire::Reader) for where errors go.
            pub(crate) fn read(r: &mut $crate::callback::wire::Reader<'_>) -> Self {
                $name {
                    $( $ffield: <$fty>::read(r), )?
                    $( $field: r.$mode::<$ty>($wire), )*
                    $( $efield: r.extra(), )?
                }
            }

            /// Writes the fields back as form pairs, unread pairs last.
            pub(crate) fn write(&self, w: &mut $crate::callback::wire::Writer) {
                $( self.$ffield.write(w); )?
                $( w.$mode($wire, &self.$field); )*
                $( w.extra(&self.$efield); )?
            }

            /// Serialises the fields into an open struct (the caller adds `kind`).
            #[cfg(feature = "serde")]
            pub(crate) fn ser_fields<S: serde::ser::SerializeStruct>(
                &self,
                s: &mut S,
            ) -> Result<(), S::Error> {
                let mut f = $crate::callback::wire::Fields(s);
                $( f.req($ckey, &self.$cmethod())?; )?
                $( self.$ffield.ser_fields(f.0)?; )?
                f.put_all(
                    &[ $( $json, )* $( record!(@extra_key $efield), )? ],
                    &[
                        $( record!(@json $mode &self.$field), )*
                        $( $crate::callback::wire::json_req(&self.$efield), )?
                    ],
                )
            }
        }

        /// Flat camelCase JSON: absent fields are omitted; `extra` is `[[key, value], ...]`.
        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut s = serializer.serialize_struct(stringify!($name), $crate::callback::FIELDS_HINT)?;
                self.ser_fields(&mut s)?;
                s.end()
            }
        }
    };
}
