//! FIT features that no real sample covers well, on files written here: big-endian definitions,
//! compressed timestamps, a Stryd-style developer `Power`, chained files, trailing bytes, lying
//! headers, and both header CRC conventions.

use crate::util::{FitWriter, base};
use gluteus::ingest::{self, Clock, FileCrc, HeaderCrc};

/// 2020-01-01T00:00:00Z as a FIT timestamp.
const T0: u32 = 1_577_836_800 - 631_065_600;
const T0_UNIX: f64 = 1_577_836_800.0;

/// A running file with `n` records (timestamp, heart rate, cadence) written by `writer`.
fn run(writer: &mut FitWriter, n: u32) {
    writer.define(0, 12, &[(0, 1, base::ENUM)], &[]);
    let body = writer.body().u8(1).done();
    writer.data(0, &body);
    writer.define(
        1,
        20,
        &[
            (253, 4, base::UINT32),
            (3, 1, base::UINT8),
            (4, 1, base::UINT8),
            (2, 2, base::UINT16),
        ],
        &[],
    );
    for i in 0..n {
        let body = writer
            .body()
            .u32(T0 + i)
            .u8(120 + u8::try_from(i % 50).unwrap())
            .u8(85)
            .u16(2600 + u16::try_from(i).unwrap())
            .done();
        writer.data(1, &body);
    }
}

#[test]
fn big_endian_definitions_decode_like_little_endian_ones() {
    let (mut little, mut big) = (FitWriter::new(false), FitWriter::new(true));
    run(&mut little, 30);
    run(&mut big, 30);
    let a = ingest::read_bytes(&little.finish(14)).unwrap();
    let b = ingest::read_bytes(&big.finish(14)).unwrap();
    assert_eq!(a.samples, b.samples);
    assert!((a.samples.t_s[3] - (T0_UNIX + 3.0)).abs() < 1e-9);
    // Altitude: (2603 / 5) - 500 m; cadence: 85 strides = 170 steps per minute.
    assert!((a.samples.ele_m[3] - 20.6).abs() < 1e-9);
    assert!((a.samples.cadence_spm[0] - 170.0).abs() < 1e-9);
}

#[test]
fn compressed_timestamps_roll_over_every_32_seconds() {
    let mut w = FitWriter::new(false);
    w.define(0, 20, &[(253, 4, base::UINT32), (3, 1, base::UINT8)], &[]);
    let base_time = T0 + 30; // low five bits: 30 when T0 is a multiple of 32
    let body = w.body().u32(base_time).u8(100).done();
    w.data(0, &body);
    w.define(1, 20, &[(3, 1, base::UINT8)], &[]);
    // Offsets 31, then 2 (rolled over), then 5.
    for (offset, hr) in [(31, 101), (2, 102), (5, 103)] {
        w.compressed(1, offset, &[hr]);
    }
    let recording = ingest::read_bytes(&w.finish(12)).unwrap();
    let t: Vec<f64> = recording
        .samples
        .t_s
        .iter()
        .map(|t| t - recording.samples.t_s[0])
        .collect();
    assert_eq!(T0 % 32, 0, "test assumes T0 is a multiple of 32");
    assert_eq!(t, vec![0.0, 1.0, 4.0, 7.0]);
    assert_eq!(recording.crc.unwrap().header, HeaderCrc::Absent);
}

#[test]
fn developer_power_fills_power_only_when_there_is_no_native_power() {
    let mut w = FitWriter::new(false);
    // field_description: developer 0, field 3, uint16, named "Power", units "Watts".
    let description = [
        (0, 1, base::UINT8),
        (1, 1, base::UINT8),
        (2, 1, base::UINT8),
        (3, 8, base::STRING),
        (8, 8, base::STRING),
    ];
    w.define(0, 206, &description, &[]);
    let body = w
        .body()
        .u8(0)
        .u8(3)
        .u8(base::UINT16)
        .bytes(b"Power\0\0\0")
        .bytes(b"Watts\0\0\0")
        .done();
    w.data(0, &body);
    // Records with an undescribed developer field (skipped by size) and the described power.
    w.define(1, 20, &[(253, 4, base::UINT32)], &[(9, 2, 0), (3, 2, 0)]);
    let body = w.body().u32(T0).u16(7).u16(250).done();
    w.data(1, &body);
    w.define(2, 20, &[(253, 4, base::UINT32), (7, 2, base::UINT16)], &[(3, 2, 0)]);
    let body = w.body().u32(T0 + 1).u16(300).u16(250).done();
    w.data(2, &body);
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.samples.power_w, vec![250.0, 300.0]);
}

#[test]
fn issue_10_a_developer_field_declared_as_native_record_power_is_power() {
    let mut w = FitWriter::new(false);
    // field_description: developer 0, field 5, uint16, named "RP_Watts", native record (20) field 7.
    let description = [
        (0, 1, base::UINT8),
        (1, 1, base::UINT8),
        (2, 1, base::UINT8),
        (3, 9, base::STRING),
        (14, 2, base::UINT16),
        (15, 1, base::UINT8),
    ];
    w.define(0, 206, &description, &[]);
    let body = w
        .body()
        .u8(0)
        .u8(5)
        .u8(base::UINT16)
        .bytes(b"RP_Watts\0")
        .u16(20)
        .u8(7)
        .done();
    w.data(0, &body);
    w.define(1, 20, &[(253, 4, base::UINT32)], &[(5, 2, 0)]);
    let body = w.body().u32(T0).u16(280).done();
    w.data(1, &body);
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.samples.power_w, vec![280.0]);
}

#[test]
fn an_undescribed_developer_field_is_skipped_by_size() {
    let mut w = FitWriter::new(false);
    w.define(0, 20, &[(253, 4, base::UINT32), (3, 1, base::UINT8)], &[(0, 5, 1)]);
    for i in 0..3_u8 {
        let body = w.body().u32(T0 + u32::from(i)).u8(140 + i).bytes(&[0xAA; 5]).done();
        w.data(0, &body);
    }
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.samples.hr_bpm, vec![140.0, 141.0, 142.0]);
    assert!(recording.samples.power_w.is_empty());
}

#[test]
fn chained_files_and_trailing_bytes_are_read_with_a_warning() {
    let (mut first, mut second) = (FitWriter::new(false), FitWriter::new(true));
    run(&mut first, 5);
    run(&mut second, 7);
    let mut bytes = first.finish(14);
    bytes.extend(second.finish(12));
    bytes.extend_from_slice(b"junk!");
    let recording = ingest::read_bytes(&bytes).unwrap();
    assert_eq!(recording.samples.len(), 12);
    assert_eq!(recording.crc.unwrap().file, FileCrc::Ok);
    // The worst header status over the chain: the 12-byte one has none.
    assert_eq!(recording.crc.unwrap().header, HeaderCrc::Absent);
    assert!(
        recording
            .warnings
            .iter()
            .any(|w| w.contains("5 bytes after the last fit file")),
        "{:?}",
        recording.warnings
    );
}

#[test]
fn a_header_that_declares_gigabytes_reads_what_is_there() {
    let mut w = FitWriter::new(false);
    run(&mut w, 10);
    let mut bytes = w.finish(14);
    bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    bytes[12..14].copy_from_slice(&0_u16.to_le_bytes());
    let recording = ingest::read_bytes(&bytes).unwrap();
    assert_eq!(recording.samples.len(), 10);
    let crc = recording.crc.unwrap();
    assert_eq!((crc.header, crc.file), (HeaderCrc::NotComputed, FileCrc::Missing));
    assert!(
        recording
            .warnings
            .iter()
            .any(|w| w.contains("declares 4294967295 data bytes"))
    );
}

#[test]
fn a_bad_header_crc_is_a_warning() {
    let mut w = FitWriter::new(false);
    run(&mut w, 3);
    let mut bytes = w.finish(14);
    bytes[12] ^= 0xFF;
    let recording = ingest::read_bytes(&bytes).unwrap();
    assert_eq!(recording.crc.unwrap().header, HeaderCrc::Bad);
    assert_eq!(recording.samples.len(), 3);
}

#[test]
fn corruption_in_the_middle_resynchronises_on_the_next_definition() {
    let mut w = FitWriter::new(false);
    run(&mut w, 10);
    // A data message of an undefined local type, then more records under a fresh definition.
    w.raw(&[0x0E, 1, 2, 3, 4, 5, 6, 7]);
    w.define(2, 20, &[(253, 4, base::UINT32), (3, 1, base::UINT8)], &[]);
    for i in 0..6 {
        let body = w.body().u32(T0 + 100 + i).u8(150).done();
        w.data(2, &body);
    }
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.samples.len(), 16);
    assert!(
        recording
            .warnings
            .iter()
            .any(|w| w.contains("skipped 8 bytes to the next valid message")),
        "{:?}",
        recording.warnings
    );
}

#[test]
fn device_relative_times_have_no_start_time() {
    let mut w = FitWriter::new(false);
    w.define(0, 20, &[(253, 4, base::UINT32), (3, 1, base::UINT8)], &[]);
    for i in 0..4 {
        let body = w.body().u32(1000 + i).u8(100).done();
        w.data(0, &body);
    }
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.clock, Clock::DeviceRelative);
    assert_eq!(recording.start_time_s(), None);
    assert!(recording.warnings.iter().any(|w| w.contains("relative to the device")));
}

#[test]
fn invalid_sentinels_are_absent_values() {
    let mut w = FitWriter::new(false);
    w.define(
        0,
        20,
        &[
            (253, 4, base::UINT32),
            (3, 1, base::UINT8),
            (0, 4, base::SINT32),
            (1, 4, base::SINT32),
            (13, 1, base::SINT8),
        ],
        &[],
    );
    let body = w.body().u32(T0).u8(0xFF).i32(i32::MAX).i32(i32::MAX).i8(i8::MAX).done();
    w.data(0, &body);
    let body = w.body().u32(T0 + 1).u8(99).i32(0).i32(0).i8(-5).done();
    w.data(0, &body);
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    let s = &recording.samples;
    assert!(s.hr_bpm[0].is_nan() && s.lat[0].is_nan() && s.temp_c[0].is_nan());
    assert_eq!((s.hr_bpm[1], s.lat[1], s.temp_c[1]), (99.0, 0.0, -5.0));
}

#[test]
fn a_fit_without_records_is_refused_with_its_file_type() {
    let mut w = FitWriter::new(false);
    w.define(0, 0, &[(0, 1, base::ENUM)], &[]);
    w.data(0, &[2]);
    let error = ingest::read_bytes(&w.finish(14)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "no record messages (a settings file): nothing recorded to analyse"
    );
}

#[test]
fn gzip_is_detected_by_content_whatever_the_name() {
    use std::io::Write;
    let mut w = FitWriter::new(false);
    run(&mut w, 4);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&w.finish(14)).unwrap();
    let recording = ingest::read_bytes(&encoder.finish().unwrap()).unwrap();
    assert!(recording.compressed);
    assert_eq!(recording.samples.len(), 4);
}

#[test]
fn issue_11_a_definition_larger_than_any_message_is_corrupt_not_a_panic() {
    // Found by the whole-pipeline fuzz target: 255 fields of 255 bytes, and as many developer
    // fields, overflowed the field offsets.
    let mut w = FitWriter::new(false);
    run(&mut w, 3);
    let fields: Vec<(u8, u8, u8)> = (0..255).map(|i| (i, 255, 0x0D)).collect();
    let dev: Vec<(u8, u8, u8)> = (0..255).map(|i| (i, 255, 0)).collect();
    w.define(3, 20, &fields, &dev);
    let recording = ingest::read_bytes(&w.finish(14)).unwrap();
    assert_eq!(recording.samples.len(), 3, "the records before it are kept");
}
