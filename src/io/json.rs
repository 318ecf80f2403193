//! A small JSON reader and compact writer for GeoJSON.
//!
//! Why not serde_json alone: its default float parsing is not exact (it may
//! be one ULP off for 17-digit numbers), so text → value → text would not be
//! stable and an export would not round-trip byte for byte. Here numbers keep
//! the text they were written with, object keys keep their order, and the
//! compact writer is a fixed point: `write(parse(write(v))) == write(v)`.

/// A JSON value whose numbers keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number exactly as written (already checked against JSON's grammar).
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    /// Members in source order.
    Obj(Vec<(String, Json)>),
}

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// 1-based line of the problem.
    pub line: usize,
    pub what: JsonProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonProblem {
    Syntax,
    TooDeep,
    TrailingText,
}

/// Nesting deeper than this is refused (a MultiPolygon needs 5 levels inside a Feature's 4).
const MAX_DEPTH: usize = 64;

impl Json {
    /// The member `key` of an object (the first one, when a key repeats).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// Compact text: no spaces, keys in source order, numbers as written.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write(self, &mut out);
        out
    }

    /// The same value as serde_json's, for validators that take one. Numbers
    /// are read exactly (std's parser); one that is not finite becomes null.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Num(n) => number_value(n),
            Json::Str(s) => Value::String(s.clone()),
            Json::Arr(items) => Value::Array(items.iter().map(Json::to_serde).collect()),
            Json::Obj(members) => {
                let mut map = serde_json::Map::new();
                for (k, v) in members {
                    map.entry(k.clone()).or_insert_with(|| v.to_serde());
                }
                Value::Object(map)
            }
        }
    }
}

fn number_value(text: &str) -> serde_json::Value {
    if let Ok(i) = text.parse::<i64>() {
        return serde_json::Value::from(i);
    }
    match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        Some(n) => serde_json::Value::Number(n),
        None => serde_json::Value::Null,
    }
}

/// Append the compact text of a value.
pub fn write(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Num(n) => out.push_str(n),
        Json::Str(s) => write_str(s, out),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Obj(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal (serde_json's escaping, and [`write_safe`]'s: UTF-8
/// kept, controls escaped).
pub fn write_str(s: &str, out: &mut String) {
    let mut bytes = Vec::with_capacity(s.len() + 2);
    match write_safe(&mut bytes, &s, false).map(|()| String::from_utf8(bytes)) {
        Ok(Ok(text)) => out.push_str(&text),
        // Serialising a &str cannot fail; keep a valid literal regardless.
        _ => out.push_str("\"\""),
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

/// Parse a whole text as one JSON value.
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error(JsonProblem::TrailingText));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: JsonProblem) -> JsonError {
        let upto = self.pos.min(self.bytes.len());
        let line = 1 + self
            .bytes
            .get(..upto)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        JsonError { line, what }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), JsonError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(JsonProblem::Syntax))
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(JsonProblem::Syntax))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(JsonProblem::TooDeep));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error(JsonProblem::Syntax)),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Obj(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error(JsonProblem::Syntax));
            }
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(members));
                }
                _ => return Err(self.error(JsonProblem::Syntax)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return Err(self.error(JsonProblem::Syntax)),
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(JsonProblem::Syntax)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonProblem::Syntax));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonProblem::Syntax));
            }
            self.digits();
        }
        let text = self
            .bytes
            .get(start..self.pos)
            .and_then(|b| std::str::from_utf8(b).ok());
        match text {
            Some(t) => Ok(Json::Num(t.to_string())),
            None => Err(self.error(JsonProblem::Syntax)),
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let chunk = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error(JsonProblem::Syntax))?;
        let text = std::str::from_utf8(chunk).map_err(|_| self.error(JsonProblem::Syntax))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.error(JsonProblem::Syntax))?;
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(JsonProblem::Syntax));
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.error(JsonProblem::Syntax));
                    };
                    self.pos += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => return Err(self.error(JsonProblem::Syntax)),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0x00..=0x1f => return Err(self.error(JsonProblem::Syntax)),
                _ => out.push(c),
            }
        }
        // The input is a &str, and escapes produce whole chars: always UTF-8.
        String::from_utf8(out).map_err(|_| self.error(JsonProblem::Syntax))
    }

    /// After `\u`: one code point, joining a surrogate pair; a lone surrogate
    /// becomes U+FFFD rather than an error (as browsers do).
    fn escaped_char(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let cp = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Ok(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                }
                self.pos = save;
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_text_is_a_fixed_point_and_keeps_numbers_as_written() {
        let src = r#" { "type" : "Polygon", "coordinates": [[[121.30000000000000004, 37.1], [1e2, -0.5]]], "n": null, "s": "a\"b\u00e9\ud83d\ude00" } "#;
        let v = parse(src).unwrap();
        let text = v.to_text();
        assert_eq!(
            text,
            r#"{"type":"Polygon","coordinates":[[[121.30000000000000004,37.1],[1e2,-0.5]]],"n":null,"s":"a\"bé😀"}"#
        );
        assert_eq!(parse(&text).unwrap().to_text(), text);
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
        assert_eq!(parse("[1] x").unwrap_err().what, JsonProblem::TrailingText);
        assert_eq!(parse("01").unwrap_err().what, JsonProblem::TrailingText);
        assert_eq!(parse(&"[".repeat(1000)).unwrap_err().what, JsonProblem::TooDeep);
        assert!(parse("\"abc").is_err());
        assert!(parse("-").is_err());
        assert!(parse("1.").is_err());
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
        let mut lit = String::new();
        write_str(hostile, &mut lit);
        assert_eq!(parse(&lit).unwrap(), Json::Str(hostile.to_string()));
    }

    #[test]
    fn converts_to_serde_values_exactly() {
        let v = parse("[0.30000000000000004, 5, 1e999]").unwrap().to_serde();
        assert_eq!(v[0].as_f64(), Some(0.30000000000000004));
        assert_eq!(v[1].as_i64(), Some(5));
        assert!(v[2].is_null());
    }
}
