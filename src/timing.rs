//! Phase timings on stderr when `LIANLUO_TIMINGS` is set: where the time of
//! a long command (import, gaps, locate) goes, for the benchmarks and for
//! anyone asking why the province takes as long as it does.

use std::time::Instant;

pub struct Phases {
    start: Instant,
    on: bool,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            start: Instant::now(),
            on: std::env::var_os("LIANLUO_TIMINGS").is_some(),
        }
    }

    /// Print the time since the start, after the phase `what` ended.
    pub fn mark(&self, what: &str) {
        if self.on {
            eprintln!(
                "timing: {what} done at {:.1} ms",
                self.start.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
