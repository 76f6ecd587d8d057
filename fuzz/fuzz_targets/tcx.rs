//! Arbitrary text inside a TCX lap.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap StartTime=\"2020-01-01T00:00:00Z\">".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"</Lap></Activity></Activities></TrainingCenterDatabase>");
    let _ = gluteus::ingest::read_bytes(&bytes);
});
