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
