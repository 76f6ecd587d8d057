//! The small TOML inputs (courses, athlete profiles, surface ranges) report errors by line.

/// The 1-based line of a byte offset in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].split(|&b| b == b'\n').count()
}

/// A TOML parse or deserialisation error as its line (when known) and a one-line message.
pub(crate) fn toml_error(text: &str, error: &toml::de::Error) -> (Option<usize>, String) {
    (
        error.span().map(|s| line_at(text, s.start)),
        error.message().trim().replace('\n', " "),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_count_from_one() {
        let text = "a = 1\nb = 2\n";
        assert_eq!(super::line_at(text, 0), 1);
        assert_eq!(super::line_at(text, 6), 2);
        assert_eq!(super::line_at(text, 99), 3);
    }
}
