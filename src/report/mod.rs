//! report: turns what the stages produced into text and JSON. Formats only; computes nothing a
//! stage did not already compute (counting a column's values is the most it does).

mod inspect;

pub use inspect::{Inspection, inspect};
