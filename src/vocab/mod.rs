//! The shared vocabulary of every stage: the file formats, sports, surface classes and units that
//! `ingest`, `clean`, `surface`, `segment`, `model` and `report` all speak. It depends on nothing
//! else in the crate, so any module may use it without an arrow pointing backwards.

mod format;
mod sport;
mod surface;
mod units;

pub use format::{FileName, Format};
pub use sport::Sport;
pub use surface::Surface;
pub use units::{M_PER_FOOT, M_PER_MILE, Units};

/// `1 sample`, `2 samples`: a count with its noun in the right number (nouns that take an `s`).
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `was` for one, `were` for any other count.
pub(crate) fn were(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

/// `has` for one, `have` for any other count.
pub(crate) fn have(n: usize) -> &'static str {
    if n == 1 { "has" } else { "have" }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_right() {
        assert_eq!(super::count(1, "sample"), "1 sample");
        assert_eq!(super::count(0, "sample"), "0 samples");
        assert_eq!(super::count(2, "byte"), "2 bytes");
        assert_eq!((super::were(1), super::were(3)), ("was", "were"));
    }
}
