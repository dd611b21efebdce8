//! Loads ahead of use: a lookup into a table larger than the processor's caches waits
//! for memory, and the lookups of the next few words do not depend on this one's, so
//! asking for their memory early lets the waits overlap.

/// Asks the processor to bring the cache line holding `value` into its caches. Only a
/// hint: it reads nothing and changes nothing, and where there is no such instruction
/// it does nothing.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads no value; the pointer comes from a
    // reference, so it is valid anyway.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
