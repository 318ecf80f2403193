//! Giving freed memory back to the system after a snapshot is replaced.
//!
//! glibc's allocator keeps the pages of freed memory resident in each
//! thread's arena: after a province's snapshot is made on another thread
//! and the old one dropped, about 70 MB of free pages stayed counted in the
//! TUI's resident size, and were still there when the next snapshot was
//! made beside them (SPEC §8's 400 MB). `malloc_trim` hands them back.

/// Return the free pages of every arena to the system (glibc only; a
/// no-op elsewhere).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim takes no pointers and only asks the allocator
        // to release pages it holds free; it is safe to call at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}
