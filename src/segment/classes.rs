//! The classes of docs/output.md: grade and pace, each decided with hysteresis so that a value
//! wobbling on an edge does not flip the class back and forth.

/// A class that changes only when the value is at least `margin` inside the new class.
pub(crate) struct Sticky<C> {
    current: Option<C>,
    margin: f64,
}

impl<C: Copy + PartialEq> Sticky<C> {
    pub(crate) fn new(margin: f64) -> Self {
        Self { current: None, margin }
    }

    /// The class for `value`, given `classify`.
    pub(crate) fn update(&mut self, value: f64, classify: impl Fn(f64) -> C) -> C {
        let candidate = classify(value);
        let next = match self.current {
            Some(current) if current != candidate => {
                let firm = classify(value - self.margin) == candidate && classify(value + self.margin) == candidate;
                if firm { candidate } else { current }
            }
            _ => candidate,
        };
        self.current = Some(next);
        next
    }

    /// Forgets the current class (after a pause).
    pub(crate) fn reset(&mut self) {
        self.current = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::GradeClass;

    #[test]
    fn sticky_classes_do_not_flicker_on_an_edge() {
        use GradeClass::{Flat, Up};
        let mut sticky = Sticky::new(1.0);
        let classes: Vec<GradeClass> = [2.0, 3.2, 2.8, 3.5, 4.1, 3.5, 2.5, 1.9]
            .iter()
            .map(|&g| sticky.update(g, GradeClass::of))
            .collect();
        assert_eq!(classes, [Flat, Flat, Flat, Flat, Up, Up, Up, Flat]);
    }
}
