//! The deterministic generator of demo and benchmark data (same seed, same
//! bytes), built on the real Muping divisions and boundary.
//! OWNER: demo helper. The signatures below are the contract.

mod codes;
mod land;
mod muping;
mod names;
mod rng;

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    County,
    City,
    Province,
}

pub const DEFAULT_SEED: u64 = 2024;

/// Write the import file set for `scale` into `out` (created if needed).
pub fn generate(scale: Scale, seed: u64, out: &Path) -> anyhow::Result<()> {
    let _ = (scale, seed, out);
    Ok(())
}
