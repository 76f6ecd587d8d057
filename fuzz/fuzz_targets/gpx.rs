//! Arbitrary text inside a GPX track segment.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<gpx version=\"1.1\"><trk><type>running</type><trkseg>".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"</trkseg></trk></gpx>");
    let _ = gluteus::ingest::read_bytes(&bytes);
});
