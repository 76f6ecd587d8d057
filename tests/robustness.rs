//! Damage never panics, never hangs, and never changes what came before it: a FIT cut at every byte
//! gives a prefix of the true samples, and a flipped bit leaves every record before it intact.

use crate::util::{real_files, root};
use gluteus::ingest::{self, Samples};
use proptest::prelude::*;

/// The channels that do not depend on anything after a record (cadence units depend on the sport,
/// which a FIT file may state at its end).
fn rows(samples: &Samples, n: usize) -> Vec<[u64; 5]> {
    // A missing column and a NaN in a present column both mean "no value".
    let bits = |column: &[f64], i: usize| column.get(i).filter(|v| !v.is_nan()).map_or(u64::MAX, |v| v.to_bits());
    (0..n)
        .map(|i| {
            [
                bits(&samples.t_s, i),
                bits(&samples.lat, i),
                bits(&samples.lon, i),
                bits(&samples.hr_bpm, i),
                bits(&samples.dist_m, i),
            ]
        })
        .collect()
}

/// Samples recovered from `bytes`, or none if it was refused.
fn recovered(bytes: &[u8]) -> Samples {
    ingest::read_bytes(bytes).map(|r| r.samples).unwrap_or_default()
}

fn fit_corpus() -> Vec<Vec<u8>> {
    let mut files = vec![std::fs::read(root().join("samples/hill-repeats.fit")).unwrap()[..9000].to_vec()];
    for path in real_files("fit", &["fit"]) {
        let bytes = std::fs::read(&path).unwrap();
        if bytes.len() < 7000 {
            files.push(bytes);
        }
    }
    files
}

#[test]
fn a_fit_cut_at_every_byte_gives_a_prefix_of_the_true_samples() {
    for bytes in fit_corpus() {
        let truth = recovered(&bytes);
        let truth_rows = rows(&truth, truth.len());
        for cut in 0..bytes.len() {
            let part = recovered(&bytes[..cut]);
            assert!(
                part.len() <= truth.len(),
                "cut at {cut}: more samples than the whole file"
            );
            assert_eq!(
                rows(&part, part.len()),
                truth_rows[..part.len()],
                "cut at {cut}: not a prefix"
            );
        }
    }
}

#[test]
fn a_flipped_bit_never_changes_the_records_before_it() {
    for bytes in fit_corpus() {
        let truth = recovered(&bytes);
        let truth_rows = rows(&truth, truth.len());
        for at in 0..bytes.len() {
            let before = recovered(&bytes[..at]).len();
            let mut damaged = bytes.clone();
            damaged[at] ^= 1 << (at % 8);
            let got = recovered(&damaged);
            let n = before.min(got.len());
            assert_eq!(rows(&got, n), truth_rows[..n], "bit flipped at {at}");
            // Records wholly before the damage all survive, unless the header itself was hit.
            if at >= 14 {
                assert!(
                    got.len() >= before,
                    "bit flipped at {at}: {} samples, {before} precede the damage",
                    got.len()
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = ingest::read_bytes(&bytes);
    }

    #[test]
    fn random_bytes_after_a_fit_header_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048), size in any::<u32>()) {
        let mut bytes = vec![14, 0x20, 0x54, 0x08];
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(b".FIT\0\0");
        bytes.extend_from_slice(&body);
        let _ = ingest::read_bytes(&bytes);
    }

    #[test]
    fn random_xml_around_track_points_never_panics(noise in "[<>/a-z=\" 0-9.:TZ-]{0,400}") {
        let gpx = format!("<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time>{noise}</trkpt></trkseg></trk></gpx>");
        let _ = ingest::read_bytes(gpx.as_bytes());
        let tcx = format!("<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap><Track><Trackpoint><Time>2020-01-01T00:00:00Z</Time>{noise}</Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>");
        let _ = ingest::read_bytes(tcx.as_bytes());
    }
}
