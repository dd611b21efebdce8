//! How a command takes memory from the system and gives it back: mimalloc returns
//! ("purges") freed pages after a delay, and a page used again after that is faulted in
//! afresh, which the kernel zeroes (2 MiB at a time where transparent huge pages are on).

/// `mi_option_purge_delay` of mimalloc's option enum (`mimalloc.h`, v2 and v3 alike),
/// which the bindings do not name: the delay in milliseconds, 0 for none, -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn set_purge_delay(milliseconds: std::os::raw::c_long) {
    // SAFETY: `mi_option_set` only stores an option's value; it may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, milliseconds) }
}

/// A language server lives long and checks every version of a document: the memory a
/// check frees goes back to the system at once, so that a backlog of edits does not
/// raise the peak (`tests/lsp_stdio.rs`).
pub fn return_freed_memory_at_once() {
    set_purge_delay(0);
}

/// A `check` run ends soon and frees what it allocated for each file (words, tables,
/// findings) only to allocate as much for the next: it keeps the pages, so that the
/// next file reuses them instead of faulting them in again. Its peak stays that of its
/// largest files, not the sum.
pub fn keep_freed_memory() {
    set_purge_delay(-1);
}

/// mimalloc asks for transparent huge pages, and the kernel then maps memory 2 MiB at a
/// time, zeroing all of it at the first touch. A check writes its tables once and
/// touches only part of many pages it allocates: with huge pages, its peak memory on
/// the 10 MB benchmark tree was 97 MB instead of 67 MB, and on a virtual machine whose
/// host takes back freed memory, each huge page's first touch cost about 2 ms of system
/// time, 1.7 s on the 100 MB file (`bench/RESULTS.md`).
/// Applies to every page the process touches from here on, whatever was asked.
pub fn use_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE sets a flag of the calling process and reads no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        super::use_small_pages();
        // SAFETY: PR_GET_THP_DISABLE reads a flag of the calling process.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}
