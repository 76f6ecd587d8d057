//! report: turns what the stages produced into text and JSON. Formats only; computes nothing a
//! stage did not already compute (counting a column's values is the most it does).

mod analysis;
mod inspect;
mod json;

pub use analysis::{csv_header, csv_rows, to_text};
pub use inspect::{Inspection, inspect};
pub use json::json;
