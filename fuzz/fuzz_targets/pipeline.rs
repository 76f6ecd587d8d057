//! The whole pipeline (ingest, clean, surface, segment, model, series) on arbitrary bytes: never a
//! panic (a caught panic is an `internal` error, which counts as a crash here), and time and memory
//! in proportion to the samples, whatever the timestamps and positions say (libFuzzer's `-rss_limit_mb`
//! and `-timeout` catch the rest).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let options = gluteus::Options::default();
    if let Err(error) = gluteus::analyze_bytes("fuzz", data, &options) {
        assert_ne!(error.kind(), gluteus::ErrorKind::Internal, "{error}");
    }
});
