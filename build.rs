//! Tells the tests what this machine has, so that a test needing something absent is reported as
//! ignored, with the reason, in the test summary (rather than passing without running):
//!
//! - `cfg(shared_samples)`: the real recordings in `../shared/samples/real` beside the checkout
//!   (CI has them; a fresh clone has none);
//! - `cfg(osmium)`: the `osmium` tool (Debian's `osmium-tool`), which converts the OpenStreetMap
//!   extract a surface test writes;
//! - `cfg(chromium)`: a headless browser (Debian's `chromium`), which the report test draws
//!   pages in;
//! - `cfg(duckdb)`: `DuckDB` in the repository's Python virtual environment (`.venv`, which
//!   `.ci/run` makes), which reads the Parquet of the scale test.
//!
//! After adding either, run `cargo clean -p gluteus` (or touch build.rs) so that the tests see it.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_samples)");
    println!("cargo::rustc-check-cfg=cfg(osmium)");
    println!("cargo::rustc-check-cfg=cfg(chromium)");
    println!("cargo::rustc-check-cfg=cfg(duckdb)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let manifest_file = Path::new(&manifest).join("../shared/samples/real/MANIFEST.md");
    if manifest_file.is_file() {
        println!("cargo::rustc-cfg=shared_samples");
        println!("cargo::rerun-if-changed={}", manifest_file.display());
    }
    let on_path = |tool: &str| {
        std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
    };
    if on_path("osmium") {
        println!("cargo::rustc-cfg=osmium");
    }
    if on_path("chromium") || on_path("chromium-browser") {
        println!("cargo::rustc-cfg=chromium");
    }
    // DuckDB installed in .venv: its package folder, found without running Python.
    let venv = Path::new(&manifest).join(".venv");
    println!("cargo::rerun-if-changed={}", venv.display());
    let has_duckdb = std::fs::read_dir(venv.join("lib"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|python| python.path().join("site-packages/duckdb").is_dir());
    if has_duckdb && venv.join("bin/python").exists() {
        println!("cargo::rustc-cfg=duckdb");
    }
}
