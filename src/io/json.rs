//! JSON for GeoJSON and for every JSON the program writes: serde_json
//! with `arbitrary_precision` (a number keeps the text it was read with, so
//! text → value → text never moves a coordinate by one ULP), `preserve_order`
//! (an object keeps its source key order) and `float_roundtrip` (a float read
//! straight into an `f64` is exact too). The compact writer is a fixed
//! point: `to_text(parse(to_text(v))) == to_text(v)`, which is what makes
//! export → import → export byte-identical.
//!
//! This replaced a hand-written reader (issue 12 item 7). Measured against
//! it on the province demo (release build, CPU seconds, peak RSS): reading
//! areas + cells.geojson 0.84 s / 272 MB → 0.63 s / 96 MB (the features are
//! read one at a time, `geojson_root.rs`; read whole into a `Value` it was
//! 412 MB); the whole import 5.3 s / 300 MB → 5.7 s / 247 MB (within the
//! noise of a loaded machine); the gap audit 1.33 s → 1.49 s / 212 MB → 213
//! MB (its geometry numbers are parsed from text that each now keeps).
//! What changed at the edges: a number's exponent is written `1e+2` for
//! `1e2` (serde_json's normal form; same value), a lone UTF-16 surrogate
//! escape is refused as not JSON (it was read as U+FFFD), a key repeated
//! inside a feature keeps its last value (it kept the first), and nesting
//! is capped at serde_json's 128 levels (was 64).

use serde_json::Value;

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// 1-based line of the problem.
    pub line: usize,
    pub what: JsonProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonProblem {
    /// Not JSON's grammar, or more after the value.
    Syntax,
    /// Nested deeper than serde_json's recursion limit (128).
    TooDeep,
}

/// Parse a whole text as one JSON value (numbers as written, keys in order).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_seed(text, std::marker::PhantomData::<Value>)
}

/// Parse a whole text with a serde seed (how GeoJSON reads a
/// FeatureCollection one feature at a time), with this module's errors.
pub fn parse_seed<'de, S: serde::de::DeserializeSeed<'de>>(text: &'de str, seed: S) -> Result<S::Value, JsonError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = seed.deserialize(&mut de).map_err(|e| json_error(&e))?;
    de.end().map_err(|e| json_error(&e))?;
    Ok(value)
}

fn json_error(e: &serde_json::Error) -> JsonError {
    JsonError {
        line: e.line().max(1),
        // serde_json names no error code publicly; its message is pinned by
        // the test `refuses_broken_json_with_the_line`.
        what: if e.to_string().starts_with("recursion limit exceeded") {
            JsonProblem::TooDeep
        } else {
            JsonProblem::Syntax
        },
    }
}

/// Compact text: no spaces, keys in order, numbers as read, strings escaped
/// as [`write_safe`] escapes them.
pub fn to_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::new();
    match write_safe(&mut bytes, value, false).map(|()| String::from_utf8(bytes)) {
        Ok(Ok(text)) => text,
        // Serialising a Value, a &str or a plain struct into memory cannot
        // fail, and the writer only writes UTF-8; keep valid JSON regardless.
        _ => "null".to_string(),
    }
}

/// Write `value` as JSON (indented when `pretty`) in which no string can
/// drive a terminal: serde_json escapes what is below U+0020; this also
/// writes DEL, the C1 controls, the bidi controls, U+2028/U+2029, the
/// zero-width characters and U+FEFF ([`crate::model::is_unsafe`]) as
/// `\uXXXX`. The output is valid JSON and parses back to the same strings.
/// Every JSON the CLI prints goes through here.
pub fn write_safe<W: std::io::Write, T: serde::Serialize + ?Sized>(
    out: W,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(serde_json::ser::PrettyFormatter::new()));
        value.serialize(&mut ser)
    } else {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(serde_json::ser::CompactFormatter));
        value.serialize(&mut ser)
    }
}

/// A serde_json formatter that escapes the characters of
/// [`crate::model::is_unsafe`] serde_json leaves raw, and otherwise lays
/// out the text as the formatter it wraps.
struct Safe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::model::is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // All of them are in the Basic Multilingual Plane: one \uXXXX.
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_text_is_a_fixed_point_and_keeps_numbers_as_written() {
        let src = r#" { "type" : "Polygon", "coordinates": [[[121.30000000000000004, 37.10], [1e2, -0.5], [-0, 12345678901234567890123]]], "n": null, "s": "a\"b\u00e9\ud83d\ude00" } "#;
        let v = parse(src).unwrap();
        let text = to_text(&v);
        assert_eq!(
            text,
            r#"{"type":"Polygon","coordinates":[[[121.30000000000000004,37.10],[1e+2,-0.5],[-0,12345678901234567890123]]],"n":null,"s":"a\"bé😀"}"#
        );
        assert_eq!(to_text(&parse(&text).unwrap()), text);
    }

    #[test]
    fn numbers_read_as_floats_are_exact() {
        let v = parse("[0.30000000000000004, 5, 1e999, 121.12345678901234]").unwrap();
        assert_eq!(v[0].as_f64(), Some(0.30000000000000004));
        assert_eq!(v[1].as_i64(), Some(5));
        assert_eq!(v[2].as_f64(), None, "not finite");
        assert_eq!(v[3].as_f64(), Some(121.12345678901234));
        let direct: Vec<f64> = serde_json::from_str("[0.30000000000000004, 121.12345678901234]").unwrap();
        assert_eq!(direct, [0.30000000000000004, 121.12345678901234]);
    }

    #[test]
    fn refuses_broken_json_with_the_line() {
        let err = parse("{\n\"a\": [1,\n 2,, 3]}").unwrap_err();
        assert_eq!(
            err,
            JsonError {
                line: 3,
                what: JsonProblem::Syntax
            }
        );
        assert_eq!(parse("[1]\n x").unwrap_err().line, 2);
        assert_eq!(parse("[1] x").unwrap_err().what, JsonProblem::Syntax);
        assert_eq!(parse("01").unwrap_err().what, JsonProblem::Syntax);
        assert_eq!(parse(&"[".repeat(1000)).unwrap_err().what, JsonProblem::TooDeep);
        assert_eq!(parse(&"{\"a\":".repeat(200)).unwrap_err().what, JsonProblem::TooDeep);
        assert_eq!(
            parse(&"[".repeat(100)).unwrap_err().what,
            JsonProblem::Syntax,
            "deep but short"
        );
        assert!(parse("\"abc").is_err());
        assert!(parse("-").is_err());
        assert!(parse("1.").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn terminal_controls_are_escaped_and_read_back_the_same() {
        let hostile = "a\u{1b}[2J\u{9b}31m\u{9d}0;x\u{9c}\u{7f}\u{202e}\u{2066}\u{2028}\u{200b}\u{feff}王";
        let mut out = Vec::new();
        write_safe(&mut out, &serde_json::json!({"name": hostile, "list": [hostile]}), true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| crate::model::is_unsafe(c) && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("\\u009b31m\\u009d0;x\\u009c\\u007f\\u202e\\u2066\\u2028\\u200b\\ufeff王"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], hostile);
        assert_eq!(back["list"][0], hostile);
        let lit = to_text(hostile);
        assert!(!lit.chars().any(crate::model::is_unsafe), "{lit:?}");
        assert_eq!(parse(&lit).unwrap(), Value::String(hostile.to_string()));
    }
}
