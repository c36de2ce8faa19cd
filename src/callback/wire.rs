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

/// Reads typed fields from [`Params`]: first value wins, empty means absent, and every pair
/// whose key was read is left out of `extra`.
pub(crate) struct Reader<'a> {
    params: &'a Params<'a>,
    used: Vec<bool>,
    lenient: bool,
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
            problems: Vec::new(),
            sid_valid: true,
            fatal: false,
        }
    }

    /// The parameters being read.
    pub(crate) fn params(&self) -> &'a Params<'a> {
        self.params
    }

    /// Marks every pair named `name` as read; returns the first value unless it is empty.
    pub(crate) fn raw(&mut self, name: &str) -> Option<&'a str> {
        let mut first = None;
        for ((k, v), used) in self.params.iter().zip(self.used.iter_mut()) {
            if k == name {
                *used = true;
                first.get_or_insert(v);
            }
        }
        first.filter(|v| !v.is_empty())
    }

    /// A required field.
    pub(crate) fn req<T: Wire>(&mut self, name: &'static str) -> Result<T, ParseError> {
        let raw = self.raw(name);
        let err = match raw {
            Some(s) => match T::from_wire(s) {
                Some(v) => return Ok(v),
                None => ParseError::invalid(name, T::EXPECTED, s),
            },
            None => ParseError::missing(name, T::EXPECTED),
        };
        if !self.lenient {
            return Err(err);
        }
        self.problems.push(err.clone());
        if let Some(v) = T::keep_invalid(raw.unwrap_or("")) {
            self.sid_valid = false;
            return Ok(v);
        }
        self.fatal = true;
        T::stand_in().ok_or(err)
    }

    /// An optional field.
    pub(crate) fn opt<T: Wire>(&mut self, name: &'static str) -> Result<Option<T>, ParseError> {
        let Some(s) = self.raw(name) else {
            return Ok(None);
        };
        if let Some(v) = T::from_wire(s) {
            return Ok(Some(v));
        }
        let err = ParseError::invalid(name, T::EXPECTED, s);
        if !self.lenient {
            return Err(err);
        }
        self.problems.push(err);
        let kept = T::keep_invalid(s);
        if kept.is_some() {
            self.sid_valid = false;
        }
        Ok(kept)
    }

    /// The pairs no field read, in wire order (empty values included).
    pub(crate) fn extra(&self) -> Vec<(String, String)> {
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

/// Serialises typed fields into a JSON-like struct: absent optional fields are skipped.
#[cfg(feature = "serde")]
pub(crate) struct Fields<'s, S>(pub(crate) &'s mut S);

#[cfg(feature = "serde")]
impl<S: serde::ser::SerializeStruct> Fields<'_, S> {
    pub(crate) fn req<T: serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, value)
    }

    pub(crate) fn opt<T: serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(v) => self.0.serialize_field(key, v),
            None => self.0.skip_field(key),
        }
    }
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
            pub(crate) fn read(
                r: &mut $crate::callback::wire::Reader<'_>,
            ) -> Result<Self, $crate::callback::ParseError> {
                Ok($name {
                    $( $ffield: <$fty>::read(r)?, )?
                    $( $field: r.$mode::<$ty>($wire)?, )*
                    $( $efield: r.extra(), )?
                })
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
                $( s.serialize_field($ckey, &self.$cmethod())?; )?
                $( self.$ffield.ser_fields(s)?; )?
                let mut f = $crate::callback::wire::Fields(s);
                $( f.$mode($json, &self.$field)?; )*
                $( f.req("extra", &self.$efield)?; )?
                Ok(())
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
