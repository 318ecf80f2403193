//! Reports the office sends upward (SPEC §12): the period in figures,
//! by town, unit, category and month. [`figures`] counts them with the
//! functions the Overview, `cells` and `units` use (one count of a set of
//! suggestions, [`SuggestionCounts`]); [`tables`] lays them out once for
//! both the Markdown ([`markdown`]) and the workbook ([`workbook`]).

mod figures;
pub mod markdown;
pub mod tables;
pub mod workbook;

pub use crate::coverage::ReceptionFigures;
pub use figures::{figures, CategoryFigures, Counts, CoverageCounts, LevelCounts, MonthFigures, Report, TownFigures};
