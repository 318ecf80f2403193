//! Duty points (履职积分, SPEC §11): what `lianluo points` prints, the
//! Deputies view sorts by and its detail lists line by line.

use super::Attended;
use crate::model::{count_u32, Activity, CodeMap, Dataset, DeputyLevel, RotaSlot, Settings, Text};
use chrono::NaiveDate;
use serde::Serialize;

/// One active deputy's points for the as-of year, as `lianluo points
/// --format json` prints it (keys exactly SPEC §11's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeputyPoints {
    pub code: Text,
    pub name: Text,
    pub level: DeputyLevel,
    /// Reception records from 1 January to the as-of date.
    pub receptions: i64,
    /// Suggestions raised by the deputy and received in the period.
    pub suggestions: i64,
    /// Active contacts linked now, at most `max_contacts_per_deputy`.
    pub contacts: i64,
    /// Activity records in the period.
    pub activities: i64,
    /// Rota slots in the period before the as-of date with no matching reception.
    pub absences: i64,
    pub points: i64,
}

/// What a ledger line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerTerm {
    Reception,
    Suggestion,
    Contact,
    Activity,
    Absence,
}

impl LedgerTerm {
    /// The weight of one such line.
    pub fn weight(self, s: &Settings) -> i64 {
        match self {
            LedgerTerm::Reception => s.points_per_reception,
            LedgerTerm::Suggestion => s.points_per_suggestion,
            LedgerTerm::Contact => s.points_per_contact,
            LedgerTerm::Activity => s.points_per_activity,
            LedgerTerm::Absence => s.points_per_absence,
        }
    }
}

/// One line of a deputy's ledger: a reception, a suggestion, a contact,
/// an activity or an absence, with the points it brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerLine {
    /// None for a contact (linked now, not on a day).
    pub date: Option<NaiveDate>,
    pub term: LedgerTerm,
    /// What the line is about: the station (reception, absence), the
    /// suggestion's code, the contact's code, the activity's kind.
    pub subject: Text,
    /// A word more: the suggestion's title, the contact's name, the
    /// activity's note, the number of constituents received.
    pub note: Text,
    pub points: i64,
}

/// The as-of year up to the as-of date, inclusive.
fn period(as_of: NaiveDate) -> impl Fn(NaiveDate) -> bool {
    let start = crate::model::year_start(as_of);
    move |d| d >= start && d <= as_of
}

/// Every active deputy's points as of a date, sorted by points descending,
/// then code. `slots` and `activities` may hold other years: only the
/// period's count.
pub fn points(ds: &Dataset, slots: &[RotaSlot], activities: &[Activity], as_of: NaiveDate) -> Vec<DeputyPoints> {
    let at: CodeMap<&str, usize> = ds
        .deputies
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.as_str(), i))
        .collect();
    let start = crate::model::year_start(as_of);
    let mut raised = vec![0; ds.deputies.len()];
    for &i in ds.suggestions.iter().filter_map(|s| at.get(s.raised_in(start, as_of)?)) {
        raised[i] += 1;
    }
    let by_deputy = |codes: &mut dyn Iterator<Item = &str>| {
        let mut n = vec![0; ds.deputies.len()];
        for &i in codes.filter_map(|code| at.get(code)) {
            n[i] += 1;
        }
        n
    };
    let in_period = period(as_of);
    let of_period = || ds.receptions.iter().filter(|r| in_period(r.date));
    let receptions = by_deputy(&mut of_period().map(|r| r.deputy_code.as_str()));
    let linked = by_deputy(&mut ds.contacts.iter().filter(|c| c.active).map(|c| c.deputy_code.as_str()));
    let attended = Attended::new(of_period());
    let mut terms = DutyTerms::new(as_of, &receptions, &linked);
    terms.add_all(slots, activities, |s| attended.has(s), |code| at.get(code).copied());
    let terms = terms.with(&raised, &ds.settings);
    let mut rows: Vec<DeputyPoints> = ds
        .deputies
        .iter()
        .zip(terms)
        .filter(|(d, _)| d.active)
        .map(|(d, t)| DeputyPoints {
            code: d.code.clone(),
            name: d.name.clone(),
            level: d.level,
            receptions: i64::from(t.receptions),
            suggestions: i64::from(t.suggestions),
            contacts: i64::from(t.contacts),
            activities: i64::from(t.activities),
            absences: i64::from(t.absences),
            points: t.points,
        })
        .collect();
    rows.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.code.cmp(&b.code)));
    rows
}

/// What one deputy's points count (SPEC §11), and the points. (The
/// counts as u32: a province's 140,000 rows live through the TUI's audit.)
#[derive(Debug, Clone, Copy, Default)]
struct Terms {
    receptions: u32,
    suggestions: u32,
    contacts: u32,
    activities: u32,
    absences: u32,
    points: i64,
}

/// Every deputy's terms but the suggestions they raised, by index into
/// `ds.deputies`: the part of the duty points that needs no suggestion, so
/// the TUI's audit counts it beside the suggestions it reads; the rota
/// slots and activities one at a time, as the TUI reads them.
pub struct DutyTerms {
    rows: Vec<Terms>,
    /// The period: 1 January of the as-of year to the as-of date.
    start: NaiveDate,
    as_of: NaiveDate,
}

impl DutyTerms {
    /// The period's receptions and the active contacts linked now, by
    /// deputy index (as [`crate::coverage::Facts`] counts them); the slots
    /// and activities are added after ([`DutyTerms::add_slot`],
    /// [`DutyTerms::add_activity`], [`DutyTerms::add_all`]).
    pub fn new(as_of: NaiveDate, receptions: &[usize], linked: &[usize]) -> DutyTerms {
        let rows = receptions
            .iter()
            .zip(linked)
            .map(|(&r, &c)| Terms {
                receptions: count_u32(r),
                contacts: count_u32(c),
                ..Terms::default()
            })
            .collect();
        DutyTerms {
            rows,
            start: crate::model::year_start(as_of),
            as_of,
        }
    }

    /// Every slot and activity of these, `received` telling whether a
    /// reception attended a slot, `deputy_of` finding a code's index.
    pub fn add_all(
        &mut self,
        slots: &[RotaSlot],
        activities: &[Activity],
        received: impl Fn(&RotaSlot) -> bool,
        deputy_of: impl Fn(&str) -> Option<usize>,
    ) {
        for s in slots {
            self.add_slot(deputy_of(&s.deputy_code), s, received(s));
        }
        for a in activities {
            self.add_activity(deputy_of(&a.deputy_code), a);
        }
    }

    /// One more rota slot (only the period's count), `deputy` its
    /// deputy's index, `received` whether a reception has its date, station
    /// and deputy: an absence when none did.
    pub fn add_slot(&mut self, deputy: Option<usize>, s: &RotaSlot, received: bool) {
        if self.in_period(s.date) && super::attendance(received, s.date, self.as_of) == Some(false) {
            if let Some(row) = deputy.and_then(|i| self.rows.get_mut(i)) {
                row.absences = row.absences.saturating_add(1);
            }
        }
    }

    /// One more activity (only the period's count), `deputy` its deputy's index.
    pub fn add_activity(&mut self, deputy: Option<usize>, a: &Activity) {
        if self.in_period(a.date) {
            if let Some(row) = deputy.and_then(|i| self.rows.get_mut(i)) {
                row.activities = row.activities.saturating_add(1);
            }
        }
    }

    fn in_period(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.as_of
    }

    /// Each deputy's points, by index, `raised` the suggestions each raised
    /// in the period (see [`crate::model::Suggestion::raised_in`]).
    pub fn points(self, raised: &[usize], settings: &Settings) -> Vec<i64> {
        self.with(raised, settings).into_iter().map(|t| t.points).collect()
    }

    /// Every term and the points: the one sum behind [`points`] and
    /// [`DutyTerms::points`].
    fn with(mut self, raised: &[usize], s: &Settings) -> Vec<Terms> {
        for (r, &n) in self.rows.iter_mut().zip(raised) {
            r.suggestions = count_u32(n);
        }
        for r in &mut self.rows {
            r.contacts = r
                .contacts
                .min(u32::try_from(s.max_contacts_per_deputy.max(0)).unwrap_or(u32::MAX));
            // Settings are bounded, but a database edited by hand may hold
            // any number: the points saturate rather than wrap.
            r.points = [
                (i64::from(r.receptions), s.points_per_reception),
                (i64::from(r.suggestions), s.points_per_suggestion),
                (i64::from(r.contacts), s.points_per_contact),
                (i64::from(r.activities), s.points_per_activity),
                (i64::from(r.absences), s.points_per_absence),
            ]
            .iter()
            .fold(0i64, |sum, (n, w)| sum.saturating_add(n.saturating_mul(*w)));
        }
        self.rows
    }
}

/// One deputy's ledger for the as-of year, line by line: receptions,
/// suggestions, activities and absences by date, then the contacts that
/// count (up to `max_contacts_per_deputy`, by code). Its points add up to
/// the deputy's [`points`].
pub fn ledger(
    ds: &Dataset,
    slots: &[RotaSlot],
    activities: &[Activity],
    deputy: &str,
    as_of: NaiveDate,
) -> Vec<LedgerLine> {
    let in_period = period(as_of);
    let s = &ds.settings;
    let line = |date: Option<NaiveDate>, term: LedgerTerm, subject: &str, note: Text| LedgerLine {
        date,
        term,
        subject: subject.into(),
        note,
        points: term.weight(s),
    };
    let mut lines: Vec<LedgerLine> = Vec::new();
    for r in ds
        .receptions
        .iter()
        .filter(|r| r.deputy_code == deputy && in_period(r.date))
    {
        let note = crate::model::format_compact!("{}", r.constituents);
        lines.push(line(Some(r.date), LedgerTerm::Reception, &r.station_code, note));
    }
    let start = crate::model::year_start(as_of);
    for g in ds
        .suggestions
        .iter()
        .filter(|g| g.raised_in(start, as_of) == Some(deputy))
    {
        lines.push(line(
            Some(g.received_on),
            LedgerTerm::Suggestion,
            &g.code,
            g.title.clone(),
        ));
    }
    for a in activities
        .iter()
        .filter(|a| a.deputy_code == deputy && in_period(a.date))
    {
        lines.push(line(Some(a.date), LedgerTerm::Activity, a.kind.code(), a.note.clone()));
    }
    let attended = Attended::new(&ds.receptions);
    for slot in slots
        .iter()
        .filter(|x| x.deputy_code == deputy && in_period(x.date) && attended.of(x, as_of) == Some(false))
    {
        lines.push(line(
            Some(slot.date),
            LedgerTerm::Absence,
            &slot.station_code,
            Text::default(),
        ));
    }
    lines.sort_by(|a, b| (a.date, a.term as u8, &a.subject).cmp(&(b.date, b.term as u8, &b.subject)));
    let cap = usize::try_from(s.max_contacts_per_deputy.max(0)).unwrap_or(usize::MAX);
    let mut contacts: Vec<_> = ds
        .contacts
        .iter()
        .filter(|c| c.active && c.deputy_code == deputy)
        .collect();
    contacts.sort_by(|a, b| a.code.cmp(&b.code));
    for c in contacts.into_iter().take(cap) {
        lines.push(line(None, LedgerTerm::Contact, &c.code, c.name.clone()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::testkit::*;
    use crate::model::{ActivityKind, Category, RotaRole, Suggestion, SuggestionSource};

    fn slot(date: &str, deputy: &str) -> RotaSlot {
        RotaSlot {
            date: day(date),
            station_code: "S1".into(),
            deputy_code: deputy.into(),
            role: RotaRole::Lead,
        }
    }

    fn activity(date: &str, deputy: &str, kind: ActivityKind) -> Activity {
        Activity {
            date: day(date),
            deputy_code: deputy.into(),
            kind,
            note: Text::default(),
        }
    }

    fn raised(code: &str, by: &str, on: &str) -> Suggestion {
        let mut s = Suggestion::received(
            "G1",
            "路灯",
            SuggestionSource::Reception,
            by,
            Category::General,
            day(on),
        );
        s.code = code.into();
        s
    }

    /// D1: 2 receptions this year (one outside), 1 suggestion, 3 contacts
    /// (one inactive, one of D2), 2 activities, 1 absence (a slot on the
    /// as-of day is still to come; an attended slot is no absence).
    fn county() -> (Dataset, Vec<RotaSlot>, Vec<Activity>) {
        let ds = Dataset {
            deputies: vec![deputy("D1", true), deputy("D2", true), deputy("D3", false)],
            contacts: vec![
                contact("C1", "G1", "D1", true),
                contact("C2", "G1", "D1", true),
                contact("C3", "G1", "D1", false),
                contact("C4", "G1", "D2", true),
            ],
            receptions: vec![
                reception("2025-12-15", "D1"),
                reception("2026-03-15", "D1"),
                reception("2026-04-15", "D1"),
                reception("2026-04-15", "D3"),
            ],
            suggestions: vec![raised("S1", "D1", "2026-02-01"), raised("S2", "D1", "2025-02-01")],
            ..Dataset::default()
        };
        let slots = vec![
            slot("2026-03-15", "D1"),
            slot("2026-05-15", "D1"),
            slot("2026-06-15", "D1"),
            slot("2026-05-15", "D2"),
        ];
        let activities = vec![
            activity("2026-01-10", "D1", ActivityKind::Training),
            activity("2026-02-10", "D1", ActivityKind::Survey),
            activity("2026-07-10", "D1", ActivityKind::Survey),
        ];
        (ds, slots, activities)
    }

    #[test]
    fn points_count_every_term_by_its_weight() {
        let (ds, slots, activities) = county();
        let rows = points(&ds, &slots, &activities, day("2026-06-15"));
        let d1 = &rows[0];
        assert_eq!(
            (
                d1.code.as_str(),
                d1.receptions,
                d1.suggestions,
                d1.contacts,
                d1.activities,
                d1.absences
            ),
            ("D1", 2, 1, 2, 2, 1)
        );
        assert_eq!(d1.points, 2 * 2 + 1 + 2 + 2 - 2);
        let d2 = &rows[1];
        assert_eq!(
            (d2.code.as_str(), d2.contacts, d2.absences, d2.points),
            ("D2", 1, 1, 1 - 2)
        );
        assert_eq!(rows.len(), 2, "inactive deputies are not listed");
    }

    #[test]
    fn the_ledger_adds_up_to_the_points() {
        let (mut ds, slots, activities) = county();
        ds.settings.max_contacts_per_deputy = 1;
        ds.settings.points_per_absence = -3;
        let as_of = day("2026-06-15");
        let rows = points(&ds, &slots, &activities, as_of);
        let lines = ledger(&ds, &slots, &activities, "D1", as_of);
        assert_eq!(lines.iter().map(|l| l.points).sum::<i64>(), rows[0].points);
        let terms: Vec<LedgerTerm> = lines.iter().map(|l| l.term).collect();
        use LedgerTerm::*;
        assert_eq!(
            terms,
            [Activity, Suggestion, Activity, Reception, Reception, Absence, Contact]
        );
        assert_eq!(lines[5].points, -3);
    }

    #[test]
    fn equal_points_sort_by_code() {
        let ds = Dataset {
            deputies: vec![deputy("D2", true), deputy("D1", true)],
            ..Dataset::default()
        };
        let codes: Vec<Text> = points(&ds, &[], &[], day("2026-06-15"))
            .into_iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(codes, ["D1", "D2"]);
    }
}
