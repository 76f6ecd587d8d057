//! Arbitrary bytes behind a valid FIT header, so that the fuzzer spends its time in the walker.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = vec![14, 0x20, 0x54, 0x08];
    let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
    bytes.extend_from_slice(&size.to_le_bytes());
    bytes.extend_from_slice(b".FIT\0\0");
    bytes.extend_from_slice(data);
    let _ = gluteus::ingest::read_bytes(&bytes);
    // And the bytes as they are, through detection.
    let _ = gluteus::ingest::read_bytes(data);
});
