//! No allocation per record: decoding holds the columns and little more. A counting allocator (per
//! thread, so that tests running in parallel do not add up) measures the peak heap of a decode.

use crate::util::{real_files, root};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn add(bytes: usize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + bytes);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

fn sub(bytes: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(bytes)));
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        sub(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A moving realloc holds both blocks for a moment: count the new one before freeing the old.
        add(new_size);
        sub(layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// (peak heap during the decode, allocations, bytes of the columns kept).
fn measure(bytes: &[u8]) -> (usize, usize, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let allocations = ALLOCATIONS.with(Cell::get);
    let recording = gluteus::ingest::read_bytes(bytes).unwrap();
    let peak = PEAK.with(Cell::get) - start;
    (
        peak,
        ALLOCATIONS.with(Cell::get) - allocations,
        recording.samples.column_bytes(),
    )
}

#[test]
fn decoding_a_run_peaks_under_three_times_its_columns() {
    let mut files = vec![
        root().join("samples/hill-repeats.fit"),
        root().join("samples/beach.gpx"),
    ];
    files.extend(
        real_files("fit", &["fit"])
            .into_iter()
            .filter(|p| std::fs::metadata(p).unwrap().len() > 100_000),
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let (peak, allocations, columns) = measure(&bytes);
        let ratio = peak as f64 / columns as f64;
        println!(
            "{}: peak {peak} B, columns {columns} B, ratio {ratio:.2}, {allocations} allocations",
            path.display()
        );
        assert!(ratio <= 3.0, "{}: peak heap {ratio:.2} x the columns", path.display());
        // Column growth is logarithmic; a per-record allocation would show as thousands.
        assert!(allocations < 600, "{}: {allocations} allocations", path.display());
    }
}

/// Peak heap of cleaning and segmenting a recording (the recording itself excluded), bytes.
fn analysis_peak(recording: &gluteus::ingest::Recording) -> usize {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let analysis = crate::util::analyze("run", recording, &gluteus::Options::default()).unwrap();
    let peak = PEAK.with(Cell::get) - start;
    drop(analysis);
    peak
}

#[test]
fn analysis_memory_is_linear_in_samples() {
    use gluteus::simulate::{self, Options, write};
    // The same hour of running, once and twice over.
    let once = simulate::parse("[[leg]]\nlength_m = 8000\npace = 450\n").unwrap();
    let twice = simulate::parse("[[leg]]\nlength_m = 16000\npace = 450\n").unwrap();
    let peak = |course: &simulate::Course| {
        let run = simulate::simulate(course, &Options::default());
        let recording = gluteus::ingest::read_bytes(&write::encode(&run, write::Format::Fit)).unwrap();
        (analysis_peak(&recording), recording.samples.len())
    };
    let (small, n_small) = peak(&once);
    let (large, n_large) = peak(&twice);
    let per_sample = |bytes: usize, n: usize| bytes as f64 / n as f64;
    println!(
        "analysis peak: {small} B for {n_small} samples, {large} B for {n_large} ({:.0} and {:.0} B per sample)",
        per_sample(small, n_small),
        per_sample(large, n_large)
    );
    let ratio = large as f64 / small as f64;
    assert!(
        (1.6..2.4).contains(&ratio),
        "twice the samples take {ratio:.2} times the memory"
    );
    assert!(
        per_sample(large, n_large) < 400.0,
        "{} bytes per sample",
        per_sample(large, n_large)
    );
}

/// A recording whose times step back and forth and jump across days, and whose positions and
/// elevations jump by kilometres, like a fuzzer's run: `n` samples from `seed`.
fn jumpy(n: usize, seed: u64) -> gluteus::Recording {
    use gluteus::ingest::Samples;
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut t, mut lat, mut lon, mut ele) = (1.7e9, 46.5, 6.6, 400.0);
    let mut samples = Samples::default();
    for _ in 0..n {
        let r = next();
        t += if r < 0.02 {
            (next() - 0.3) * 2.0 * 86_400.0
        } else {
            1.0 + 4.0 * next()
        };
        let jump = if next() < 0.05 { 2.0 } else { 0.0002 };
        lat = (lat + (next() - 0.5) * jump).clamp(-80.0, 80.0);
        lon = (lon + (next() - 0.5) * jump).clamp(-179.0, 179.0);
        ele += if next() < 0.05 {
            (next() - 0.5) * 3000.0
        } else {
            next() - 0.5
        };
        samples.t_s.push(t);
        samples.lat.push(lat);
        samples.lon.push(lon);
        samples.ele_m.push(ele);
        samples.hr_bpm.push(60.0 + 140.0 * next());
        samples.cadence_spm.push(200.0 * next());
    }
    crate::util::bare_gpx_recording(samples)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..proptest::prelude::ProptestConfig::default() })]

    /// Issue 11: the memory of an analysis grows with its samples, not with the time or distance
    /// they span.
    #[test]
    fn issue_11_analysis_memory_is_bounded_per_sample_whatever_the_jumps(n in 200_usize..6000, seed in 1_u64..u64::MAX) {
        let recording = jumpy(n, seed);
        let peak = analysis_peak(&recording);
        let per_sample = peak as f64 / n as f64;
        proptest::prop_assert!(per_sample < 3000.0, "{n} samples: {peak} B peak, {per_sample:.0} B per sample");
    }
}

#[test]
#[cfg_attr(not(shared_samples), ignore = "needs ../shared/samples/real beside the checkout")]
fn issue_11_the_adversarial_gpx_costs_what_its_samples_cost() {
    let path = root().join("../shared/samples/adversarial/jumps.gpx.gz");
    let recording = gluteus::ingest::read(&path).unwrap();
    let n = recording.samples.len();
    let peak = analysis_peak(&recording);
    println!("jumps.gpx.gz: {n} samples, analysis peak {peak} B");
    assert!(peak < 3000 * n, "{peak} B for {n} samples");
}
