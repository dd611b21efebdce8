//! The memory the Markdown extraction takes grows with the document, at a small multiple of
//! its size, whatever the document holds: prose, or nothing but markup characters (which
//! the parser keeps a tree node each for). Measured by counting the bytes allocated, at
//! two sizes, comparing ratios: no absolute figure of time or memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use mtlint::markdown::Prose;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = IN_USE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of the bytes allocated while extracting the prose of `markdown`, beyond those
/// in use before.
fn extraction_peak(markdown: &str) -> usize {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let prose = Prose::of(markdown);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(prose);
    peak
}

/// `unit` repeated to `len` bytes or a little more.
fn repeat_to(unit: &str, len: usize) -> String {
    unit.repeat(len.div_ceil(unit.len()))
}

// One test only: the counters are shared by every thread of this binary.
#[test]
fn markdown_extraction_memory_is_a_small_multiple_of_the_document() {
    let shapes = [
        ("one line of brackets", "["),
        ("brackets, one a line", "[\n"),
        ("emphasis marks and backticks", "*_`a"),
        ("a table", "| a | b |\n|---|---|\n| [x] | *y* |\n\n"),
        (
            "prose",
            "The agency **said** on Monday that the [report](http://x.org) was `late`.\n\n",
        ),
    ];
    const SMALL: usize = 1 << 19;
    const LARGE: usize = 4 * SMALL;
    for (name, unit) in shapes {
        let small = repeat_to(unit, SMALL);
        let large = repeat_to(unit, LARGE);
        let (at_small, at_large) = (extraction_peak(&small), extraction_peak(&large));
        let ratio = |peak: usize, text: &str| peak as f64 / text.len() as f64;
        eprintln!(
            "{name}: {:.1} bytes a byte at {} bytes, {:.1} at {}",
            ratio(at_small, &small),
            small.len(),
            ratio(at_large, &large),
            large.len()
        );
        // Before the document was weighed for its markup, one piece of brackets took about
        // 90 bytes a byte. What stays is the map back to the original: a few dozen bytes
        // for each code span, table cell or block, about 30 bytes a byte at most.
        for (peak, text) in [(at_small, &small), (at_large, &large)] {
            assert!(
                ratio(peak, text) < 40.0,
                "{name}: {peak} bytes at peak for {} bytes of Markdown",
                text.len()
            );
        }
        // Four times the document, at most about four times the memory.
        let growth = at_large as f64 / at_small as f64;
        assert!(
            growth < 5.0,
            "{name}: {at_small} bytes at peak for {} bytes, {at_large} for {}",
            small.len(),
            large.len()
        );
    }
}
