//! Small builders for the rules' unit tests.

use crate::model::*;
use chrono::NaiveDate;

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

pub fn square(x0: f64, y0: f64, size: f64) -> String {
    let (x1, y1) = (x0 + size, y0 + size);
    format!(r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#)
}

pub fn cell(code: &str, geometry: Option<String>) -> Cell {
    Cell {
        code: code.into(),
        name: format_compact!("{code} name"),
        area_code: "V1".into(),
        households: None,
        population: None,
        grid_worker: Text::default(),
        geometry,
    }
}

pub fn deputy(code: &str, active: bool) -> Deputy {
    Deputy {
        code: code.into(),
        name: format_compact!("{code} name"),
        level: DeputyLevel::County,
        district: Text::default(),
        phone: "13812345678".into(),
        sector: Text::default(),
        station_code: Text::default(),
        active,
    }
}

pub fn contact(code: &str, cell: &str, deputy: &str, active: bool) -> Contact {
    Contact {
        code: code.into(),
        name: format_compact!("{code} name"),
        role: ContactRole::GridWorker,
        phone: "13812345678".into(),
        cell_code: cell.into(),
        deputy_code: deputy.into(),
        active,
    }
}

pub fn assign(deputy: &str, cell: &str) -> Assignment {
    Assignment {
        deputy_code: deputy.into(),
        cell_code: cell.into(),
    }
}

pub fn station(code: &str, lon: Option<f64>, lat: Option<f64>) -> Station {
    Station {
        code: code.into(),
        name: format_compact!("{code} name"),
        kind: StationKind::Town,
        area_code: "T1".into(),
        lon,
        lat,
        theme: Text::default(),
        reception_day: 15,
    }
}

pub fn reception(date: &str, deputy: &str) -> Reception {
    Reception {
        date: day(date),
        station_code: "S1".into(),
        deputy_code: deputy.into(),
        constituents: 0,
    }
}

/// A suggestion in `status` with the fields that status needs.
pub fn suggestion(code: &str, cell: &str, status: Status, received: &str, due: Option<&str>) -> Suggestion {
    let later = status != Status::Received;
    Suggestion {
        code: code.into(),
        cell_code: cell.into(),
        title: "road".into(),
        source: SuggestionSource::Reception,
        raised_by: Text::default(),
        category: Category::General,
        received_on: day(received),
        handling_unit: if later { "Roads bureau".into() } else { Text::default() },
        assigned_on: later.then(|| day(received)),
        due_on: due.map(day),
        status,
        replied_on: matches!(status, Status::Replied | Status::Closed).then(|| day(received)),
        satisfaction: (status == Status::Closed).then_some(Satisfaction::Satisfied),
        closed_on: (status == Status::Closed).then(|| day(received)),
        co_units: Vec::new(),
        extended_from: None,
        result: None,
        supervisor: Default::default(),
    }
}

/// The codes a rule found, in order.
pub fn codes(findings: &[crate::coverage::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}
