//! Giving freed memory back to the system after a snapshot is replaced.
//!
//! glibc's allocator keeps the pages of freed memory resident in each
//! thread's arena: after a province's snapshot is made on another thread
//! and the old one dropped, about 70 MB of free pages stayed counted in the
//! TUI's resident size, and were still there when the next snapshot was
//! made beside them (SPEC §8's 400 MB). `malloc_trim` hands them back.
//!
//! And the TUI keeps one arena for all its threads: rows made on the
//! worker (the snapshot, the roster's rows made ahead) and freed later
//! left their arena's pages half used beside the main one's — at province,
//! the roster filtered held 282 MB resident with an arena per thread and
//! 240 MB with one, the time of a snapshot made again unchanged (its
//! threads allocate in bursts, between long stretches of counting).
//!
//! Its large blocks (a table's vector, a count by cell, a map by code) are
//! mapped on their own and unmapped when freed, rather than carved from
//! the heap: glibc otherwise raises that threshold to the size of the
//! largest block freed, and the next audit's blocks, each of another size,
//! are laid between the small rows left over. At province the peak while
//! another's change is followed fell from 254–257 to 239 MB.

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

/// Have every thread allocate from one arena, and blocks from 256 KiB up
/// mapped on their own (glibc only; a no-op elsewhere). Called before the
/// TUI starts its threads.
pub fn one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        /// glibc's `M_ARENA_MAX` and `M_MMAP_THRESHOLD` (malloc.h).
        const M_ARENA_MAX: i32 = -8;
        const M_MMAP_THRESHOLD: i32 = -3;
        // SAFETY: mallopt takes no pointers; M_ARENA_MAX only bounds how
        // many arenas the allocator makes from now on, M_MMAP_THRESHOLD
        // from what size a block is mapped on its own (a fixed one: glibc
        // no longer moves it).
        unsafe {
            mallopt(M_ARENA_MAX, 1);
            mallopt(M_MMAP_THRESHOLD, 256 * 1024);
        }
    }
}
