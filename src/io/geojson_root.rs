//! The top of a GeoJSON text, read in one pass: a FeatureCollection's
//! features are handed over one at a time as they are parsed, then dropped,
//! so a province's cells never sit in memory as one tree of values. (Read
//! whole into a `serde_json::Value`, the province's cells.geojson took
//! 412 MB at peak against the hand-written reader's 272 MB; read this way,
//! see json.rs for the figures.)

use super::json::{self, JsonError};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// What the text turned out to be.
pub enum Root {
    /// A FeatureCollection of this many features (all handed over).
    Collection(usize),
    /// One Feature, whole (the features handed over, if it had a
    /// `features` member, are not part of it).
    Feature(Value),
    /// Valid JSON, but neither.
    Other,
}

/// Parse `text`, calling `on_feature(n, feature)` (n from 1) for each
/// element of a top-level `features` array as soon as it is parsed. That
/// array may come before the root's `type`: what was handed over counts
/// only when the result is [`Root::Collection`].
pub fn read(text: &str, on_feature: &mut dyn FnMut(usize, &Value)) -> Result<Root, JsonError> {
    let (members, features) = match json::parse_seed(text, TopSeed { on_feature })? {
        Some(top) => top,
        None => return Ok(Root::Other),
    };
    Ok(match (members.get("type").and_then(Value::as_str), features) {
        (Some("FeatureCollection"), Some(n)) => Root::Collection(n),
        (Some("Feature"), _) => Root::Feature(Value::Object(members)),
        _ => Root::Other,
    })
}

/// A visitor's answer to a scalar, which is never the shape it looks for.
macro_rules! scalars_answer {
    ($answer:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($answer)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($answer)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($answer)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($answer)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($answer)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($answer)
        }
    };
}

/// The root: an object's members (the first of a repeated key) and, when
/// it has a `features` array, how many features it held; None for a root
/// that is not an object.
struct TopSeed<'f> {
    on_feature: &'f mut dyn FnMut(usize, &Value),
}

type Top = Option<(Map<String, Value>, Option<usize>)>;

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }

    scalars_answer!(None);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut members = Map::new();
        let mut features = None;
        let mut seen_features = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "features" && !seen_features {
                seen_features = true;
                features = map.next_value_seed(FeaturesSeed {
                    on_feature: &mut *self.on_feature,
                })?;
            } else {
                let value: Value = map.next_value()?;
                members.entry(key).or_insert(value);
            }
        }
        Ok(Some((members, features)))
    }
}

/// A `features` member: Some(count) when it is an array, each element
/// handed over as it is read.
struct FeaturesSeed<'f> {
    on_feature: &'f mut dyn FnMut(usize, &Value),
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    scalars_answer!(None);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<usize>, A::Error> {
        let mut n = 0;
        while let Some(feature) = seq.next_element::<Value>()? {
            n += 1;
            (self.on_feature)(n, &feature);
        }
        Ok(Some(n))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<usize>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features_of(text: &str) -> (Result<Root, JsonError>, Vec<(usize, String)>) {
        let mut seen = Vec::new();
        let root = read(text, &mut |n, f| seen.push((n, json::to_text(f))));
        (root, seen)
    }

    #[test]
    fn hands_over_each_feature_in_order_wherever_the_type_is() {
        for text in [
            r#"{"type":"FeatureCollection","features":[{"a":1},{"b":[2.50]}]}"#,
            r#"{"features":[{"a":1},{"b":[2.50]}],"type":"FeatureCollection"}"#,
        ] {
            let (root, seen) = features_of(text);
            assert!(matches!(root, Ok(Root::Collection(2))), "{text}");
            assert_eq!(
                seen,
                [(1, r#"{"a":1}"#.to_string()), (2, r#"{"b":[2.50]}"#.to_string())]
            );
        }
    }

    #[test]
    fn tells_a_feature_from_what_is_neither() {
        let (root, _) = features_of(r#"{"type":"Feature","geometry":null,"type":"Point"}"#);
        match root {
            Ok(Root::Feature(f)) => assert_eq!(json::to_text(&f), r#"{"type":"Feature","geometry":null}"#),
            _ => panic!("not a feature"),
        }
        for text in [
            "[1,2]",
            "1.5",
            "7",
            "\"x\"",
            "null",
            "true",
            r#"{"type":"FeatureCollection","features":{"a":1}}"#,
            r#"{"type":"FeatureCollection"}"#,
            r#"{"type":"Polygon","coordinates":[]}"#,
        ] {
            assert!(matches!(features_of(text).0, Ok(Root::Other)), "{text}");
        }
    }

    #[test]
    fn broken_json_is_an_error_even_after_features_were_handed_over() {
        let (root, seen) = features_of("{\"features\":[{\"a\":1},\n{\"b\":,}]}");
        assert_eq!(root.err().map(|e| e.line), Some(2));
        assert_eq!(seen.len(), 1);
        assert!(features_of("[1,,2]").0.is_err());
        assert!(features_of("{\"type\":\"Feature\"} x").0.is_err());
    }
}
