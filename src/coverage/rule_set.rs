//! A set of rules by their place in [`RULE_TABLE`]: what a cell's summary
//! keeps of the findings naming it, in 4 bytes where a list of ids took 24
//! and a heap block (a province has 69,440 cells).

use super::{RULES, RULE_TABLE};

// One bit per rule.
const _: () = assert!(RULE_TABLE.len() <= 32, "a RuleSet holds at most 32 rules");

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSet(u32);

impl RuleSet {
    /// The set with rule `id` added (an id not in the table is left out).
    pub fn with(self, id: &str) -> RuleSet {
        RuleSet(self.0 | bit(id).unwrap_or(0))
    }

    pub fn contains(self, id: &str) -> bool {
        bit(id).is_some_and(|b| self.0 & b != 0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Its rules' ids, sorted (as `lianluo cells` lists a cell's gaps).
    pub fn ids(self) -> Vec<&'static str> {
        let mut ids: Vec<&'static str> = RULES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & 1 << i != 0)
            .map(|(_, id)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }
}

/// Rule `id`'s bit: its place in the table.
fn bit(id: &str) -> Option<u32> {
    RULES.iter().position(|r| *r == id).map(|i| 1 << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_set_holds_each_rule_once_and_lists_them_sorted() {
        let set = RuleSet::default()
            .with("suggestion-overdue")
            .with("cell-no-deputy")
            .with("suggestion-overdue")
            .with("no-such-rule");
        assert!(set.contains("cell-no-deputy") && set.contains("suggestion-overdue"));
        assert!(!set.contains("cell-no-contact") && !set.contains("no-such-rule"));
        assert_eq!(set.ids(), ["cell-no-deputy", "suggestion-overdue"]);
        assert!(RuleSet::default().is_empty() && !set.is_empty());
        let every = RULES.iter().fold(RuleSet::default(), |s, id| s.with(id));
        let mut sorted = RULES.to_vec();
        sorted.sort_unstable();
        assert_eq!(every.ids(), sorted);
    }
}
