//! One module per subcommand.

pub(crate) mod analyze;
pub(crate) mod inspect;
pub(crate) mod simulate;
pub(crate) mod surfaces;
