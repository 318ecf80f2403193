//! Codes packed in one string with their ends: a paged table's keys, a
//! snapshot's deputies. A province's 200,000 contact codes take 2.2 MB so,
//! where a `Text` each took 4.8 MB.

use crate::model::count_u32;

#[derive(Debug, Clone, Default)]
pub struct Packed {
    text: String,
    /// Where each code ends in `text`.
    ends: Vec<u32>,
}

impl Packed {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The code at position `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(before) => self.ends[before] as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// The codes at these positions (those past the end left out).
    pub fn range(&self, range: std::ops::Range<usize>) -> Vec<&str> {
        range.map_while(|i| self.get(i)).collect()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// `code` after the last.
    pub fn push(&mut self, code: &str) {
        self.text.push_str(code);
        self.ends.push(count_u32(self.text.len()));
    }

    /// Gives back the room grown by pushing.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The position of `code` in codes packed in sorted order (a binary
    /// search: any other order may miss it).
    pub fn position(&self, code: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid)?.cmp(code) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

impl<S: AsRef<str>> FromIterator<S> for Packed {
    fn from_iter<I: IntoIterator<Item = S>>(codes: I) -> Packed {
        let mut keys = Packed::default();
        for code in codes {
            keys.push(code.as_ref());
        }
        keys.shrink_to_fit();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_comes_back_as_given_in_its_place() {
        let codes = ["C00042", "", "网格G1", "S000001"];
        let keys: Packed = codes.iter().collect();
        assert_eq!(keys.len(), 4);
        assert_eq!(keys.iter().collect::<Vec<_>>(), codes);
        assert_eq!(keys.get(2), Some("网格G1"));
        assert_eq!(keys.get(4), None);
        assert_eq!(keys.range(1..9), ["", "网格G1", "S000001"]);
        assert!(Packed::default().range(0..3).is_empty());
    }

    #[test]
    fn a_sorted_code_is_found_where_it_is_and_a_missing_one_nowhere() {
        let codes = ["D001", "D002", "D010", "网格"];
        let packed: Packed = codes.iter().collect();
        for (i, code) in codes.iter().enumerate() {
            assert_eq!(packed.position(code), Some(i));
        }
        assert_eq!(packed.position("D003"), None);
        assert_eq!(packed.position(""), None);
        assert_eq!(Packed::default().position("D001"), None);
    }
}
