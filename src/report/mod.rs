//! report: turns what the stages produced into text, JSON, CSV, charts and HTML pages. Formats
//! only; computes nothing a stage did not already compute (counting a column's values, scaling
//! and converting units is the most it does).

mod analysis;
pub mod chart;
mod format;
pub(crate) mod html;
mod inspect;
mod json;
mod pages;

pub use analysis::{csv_header, csv_rows, to_text};
pub use chart::{Basemap, ChartContext, ChartError, ChartKind};
pub use html::{IndexRow, ReportFile, ReportOptions, folder_names, index_page, run_report};
pub use inspect::{Inspection, inspect};
pub use json::json;
pub use pages::{Outcome, RunFiles, file_reports, folders_for, index_for};
