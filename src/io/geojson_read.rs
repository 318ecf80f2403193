//! GeoJSON → table: cells (a FeatureCollection, geometry or null) and the
//! boundary (one Feature). Errors are `FILE: feature N: …`, N from 1.

use super::geojson_root::{self, Root};
use super::headers;
use super::json::{self, JsonProblem};
use super::messages::{file_error, row_error, Loc, Problem};
use super::table::{clean, Geom, Record, Table, MAX_FIELD_BYTES};
use super::ImportError;
use crate::i18n::Lang;
use crate::model::Text;
use crate::store::Kind;
use serde_json::Value;

pub fn read_geojson(file: &str, text: &str, kind: Kind, lang: Lang, errors: &mut Vec<ImportError>) -> Option<Table> {
    if !matches!(kind, Kind::Cells | Kind::Boundary) {
        errors.push(file_error(file, &Problem::GeoJsonNeedsCellsOrBoundary, lang));
        return None;
    }
    // Features are read as they are parsed; their errors and records stand
    // only if the whole text turns out a FeatureCollection the kind takes.
    let before = errors.len();
    let mut records = Vec::new();
    let root = geojson_root::read(text, &mut |n, feature| {
        if let Some(record) = read_feature(file, Loc::feature(n), feature, kind, lang, errors) {
            records.push(record);
        }
    });
    let refuse = |errors: &mut Vec<ImportError>, problem: Problem| {
        errors.truncate(before);
        errors.push(file_error(file, &problem, lang));
    };
    match root {
        Err(e) => {
            let problem = match e.what {
                JsonProblem::TooDeep => Problem::JsonTooDeep,
                JsonProblem::Syntax => Problem::NotJson { line: e.line },
            };
            refuse(errors, problem);
            return None;
        }
        Ok(Root::Other) => {
            refuse(errors, Problem::NotFeatureCollection);
            return None;
        }
        Ok(Root::Collection(n)) if kind == Kind::Boundary && n != 1 => {
            refuse(errors, Problem::BoundaryFeatureCount(n));
            return None;
        }
        Ok(Root::Collection(_)) => {}
        Ok(Root::Feature(feature)) => {
            errors.truncate(before);
            records.clear();
            records.extend(read_feature(file, Loc::feature(1), &feature, kind, lang, errors));
        }
    }
    let cols = headers::columns(kind);
    Some(Table {
        file: file.to_string(),
        kind,
        labels: cols.iter().map(|c| c.name.to_string()).collect(),
        present: vec![true; cols.len()],
        records,
    })
}

fn read_feature(
    file: &str,
    loc: Loc,
    feature: &Value,
    kind: Kind,
    lang: Lang,
    errors: &mut Vec<ImportError>,
) -> Option<Record> {
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        errors.push(row_error(file, loc, "", &Problem::NotAFeature, lang));
        return None;
    }
    let cols = headers::columns(kind);
    let mut fields = vec![Text::default(); cols.len()];
    let mut filled = vec![false; cols.len()];
    let mut ok = true;
    if let Some(Value::Object(members)) = feature.get("properties") {
        for (key, value) in members {
            let Some(col) = headers::resolve(kind, key) else {
                continue;
            };
            if filled.get(col).copied().unwrap_or(true) {
                continue;
            }
            let label = cols.get(col).map_or("", |c| c.name);
            match property_text(value) {
                Some(text) if text.len() > MAX_FIELD_BYTES => {
                    let problem = Problem::FieldTooLong {
                        limit_kib: MAX_FIELD_BYTES / 1024,
                    };
                    errors.push(row_error(file, loc, label, &problem, lang));
                    ok = false;
                }
                Some(text) => {
                    if let (Some(slot), Some(seen)) = (fields.get_mut(col), filled.get_mut(col)) {
                        *slot = clean(&text);
                        *seen = true;
                    }
                }
                None => {
                    errors.push(row_error(file, loc, label, &Problem::NotText, lang));
                    ok = false;
                }
            }
        }
    }
    let geometry = match feature.get("geometry") {
        None | Some(Value::Null) => {
            if kind == Kind::Boundary {
                errors.push(row_error(file, loc, "geometry", &Problem::GeometryRequired, lang));
                ok = false;
            }
            None
        }
        Some(g) => match crate::spatial::parse_valid_geometry(g) {
            Ok(shape) => Some(Geom {
                text: json::to_text(g),
                bbox: crate::spatial::bbox(&shape),
            }),
            Err(e) => {
                errors.push(row_error(file, loc, "geometry", &Problem::Geometry(e), lang));
                ok = false;
                None
            }
        },
    };
    ok.then_some(Record { loc, fields, geometry })
}

/// A property as text: strings as they are, numbers as written (whole
/// floats like `120.0` as `120`), null as empty; arrays and objects are not text.
fn property_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 && !n.is_i64() && !n.is_u64() => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        Value::Array(_) | Value::Object(_) => None,
    }
}
