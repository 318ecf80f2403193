//! GeoJSON → table: cells (a FeatureCollection, geometry or null) and the
//! boundary (one Feature). Errors are `FILE: feature N: …`, N from 1.

use super::headers;
use super::json::{self, Json, JsonProblem};
use super::messages::{file_error, row_error, Loc, Problem};
use super::table::{clean, Geom, Record, Table, MAX_FIELD_BYTES};
use super::ImportError;
use crate::i18n::Lang;
use crate::model::Text;
use crate::store::Kind;

pub fn read_geojson(file: &str, text: &str, kind: Kind, lang: Lang, errors: &mut Vec<ImportError>) -> Option<Table> {
    if !matches!(kind, Kind::Cells | Kind::Boundary) {
        errors.push(file_error(file, &Problem::GeoJsonNeedsCellsOrBoundary, lang));
        return None;
    }
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let problem = match e.what {
                JsonProblem::TooDeep => Problem::JsonTooDeep,
                JsonProblem::Syntax | JsonProblem::TrailingText => Problem::NotJson { line: e.line },
            };
            errors.push(file_error(file, &problem, lang));
            return None;
        }
    };
    let features: Vec<&Json> = match root.get("type").and_then(Json::as_str) {
        Some("FeatureCollection") => match root.get("features").and_then(Json::as_array) {
            Some(list) => list.iter().collect(),
            None => {
                errors.push(file_error(file, &Problem::NotFeatureCollection, lang));
                return None;
            }
        },
        Some("Feature") => vec![&root],
        _ => {
            errors.push(file_error(file, &Problem::NotFeatureCollection, lang));
            return None;
        }
    };
    if kind == Kind::Boundary && features.len() != 1 {
        errors.push(file_error(file, &Problem::BoundaryFeatureCount(features.len()), lang));
        return None;
    }
    let cols = headers::columns(kind);
    let mut table = Table {
        file: file.to_string(),
        kind,
        labels: cols.iter().map(|c| c.name.to_string()).collect(),
        present: vec![true; cols.len()],
        records: Vec::with_capacity(features.len()),
    };
    for (i, feature) in features.iter().enumerate() {
        let loc = Loc::feature(i + 1);
        if let Some(record) = read_feature(file, loc, feature, kind, lang, errors) {
            table.records.push(record);
        }
    }
    Some(table)
}

fn read_feature(
    file: &str,
    loc: Loc,
    feature: &Json,
    kind: Kind,
    lang: Lang,
    errors: &mut Vec<ImportError>,
) -> Option<Record> {
    if feature.get("type").and_then(Json::as_str) != Some("Feature") {
        errors.push(row_error(file, loc, "", &Problem::NotAFeature, lang));
        return None;
    }
    let cols = headers::columns(kind);
    let mut fields = vec![Text::default(); cols.len()];
    let mut filled = vec![false; cols.len()];
    let mut ok = true;
    if let Some(Json::Obj(members)) = feature.get("properties") {
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
        None | Some(Json::Null) => {
            if kind == Kind::Boundary {
                errors.push(row_error(file, loc, "geometry", &Problem::GeometryRequired, lang));
                ok = false;
            }
            None
        }
        Some(g) => match crate::spatial::parse_valid_geometry(&g.to_serde()) {
            Ok(shape) => Some(Geom {
                text: g.to_text(),
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
fn property_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => Some(String::new()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Str(s) => Some(s.clone()),
        Json::Num(n) => Some(match n.parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 && n.parse::<i64>().is_err() => {
                format!("{}", f as i64)
            }
            _ => n.clone(),
        }),
        Json::Arr(_) | Json::Obj(_) => None,
    }
}
