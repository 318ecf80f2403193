//! The deputies as the facts count them: code, name, level and whether
//! active, packed. A province's 140,420 deputies take 4 MB so, where their
//! rows took 21 MB beside the audit (and the screens let go of the rest of
//! a row: district, phone, station are read where shown).

use crate::model::{Deputy, DeputyLevel, Packed};

#[derive(Debug, Clone, Default)]
pub struct DeputyTable {
    codes: Packed,
    names: Packed,
    levels: Vec<DeputyLevel>,
    active: Vec<bool>,
}

/// One deputy of a [`DeputyTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeputyRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub level: DeputyLevel,
    pub active: bool,
}

impl DeputyTable {
    /// The table of these deputies, in their order.
    pub fn of<'d>(deputies: impl IntoIterator<Item = &'d Deputy>) -> DeputyTable {
        let mut table = DeputyTable::default();
        for d in deputies {
            table.push(d);
        }
        table.shrink_to_fit();
        table
    }

    /// `d` after the last.
    pub fn push(&mut self, d: &Deputy) {
        self.codes.push(&d.code);
        self.names.push(&d.name);
        self.levels.push(d.level);
        self.active.push(d.active);
    }

    /// Gives back the room grown by pushing.
    pub fn shrink_to_fit(&mut self) {
        self.codes.shrink_to_fit();
        self.names.shrink_to_fit();
        self.levels.shrink_to_fit();
        self.active.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.levels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// Deputy `i`.
    pub fn get(&self, i: usize) -> Option<DeputyRow<'_>> {
        Some(DeputyRow {
            code: self.codes.get(i)?,
            name: self.names.get(i)?,
            level: *self.levels.get(i)?,
            active: *self.active.get(i)?,
        })
    }

    /// The code of deputy `i` ("" past the end).
    pub fn code(&self, i: usize) -> &str {
        self.codes.get(i).unwrap_or_default()
    }

    /// Whether deputy `i` is active (false past the end).
    pub fn is_active(&self, i: usize) -> bool {
        self.active.get(i).copied().unwrap_or(false)
    }

    pub fn iter(&self) -> impl Iterator<Item = DeputyRow<'_>> + Clone + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The codes alone, in order (what the screens keep of the deputies).
    pub fn into_codes(self) -> Packed {
        self.codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_deputy_comes_back_as_given_in_its_place() {
        let deputy = |code: &str, name: &str, level, active| Deputy {
            code: code.into(),
            name: name.into(),
            level,
            district: "东区".into(),
            phone: "13800000000".into(),
            sector: String::new().into(),
            station_code: "ST1".into(),
            active,
        };
        let given = [
            deputy("D1", "王林汉", DeputyLevel::County, true),
            deputy("D2", "", DeputyLevel::Township, false),
        ];
        let table = DeputyTable::of(&given);
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.get(0),
            Some(DeputyRow {
                code: "D1",
                name: "王林汉",
                level: DeputyLevel::County,
                active: true
            })
        );
        assert_eq!(
            table.iter().map(|d| (d.code, d.active)).collect::<Vec<_>>(),
            [("D1", true), ("D2", false)]
        );
        assert_eq!(table.get(2), None);
        assert_eq!((table.code(1), table.code(2)), ("D2", ""));
        assert!(table.is_active(0) && !table.is_active(1) && !table.is_active(9));
        assert_eq!(table.into_codes().iter().collect::<Vec<_>>(), ["D1", "D2"]);
    }
}
