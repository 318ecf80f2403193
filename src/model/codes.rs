//! Hash maps keyed by codes: joins by code are the hot loop of the audit
//! and of an import's checks.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hasher for joins by code (an FxHash-style mix
/// per 8 bytes, then Murmur's finaliser): the audit and the import hash
/// hundreds of thousands of short codes. No flooding defence: a file that
/// makes every code collide only slows its own import down.
#[derive(Default, Clone, Copy)]
pub struct CodeHasher(u64);

impl Hasher for CodeHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser: every input bit reaches every output bit,
        // low ones (the bucket) and high ones (hashbrown's tag) alike.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

impl CodeHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// HashMap keyed by codes with [`CodeHasher`].
pub type CodeMap<K, V> = HashMap<K, V, BuildHasherDefault<CodeHasher>>;
/// HashSet keyed by codes with [`CodeHasher`].
pub type CodeSet<K> = HashSet<K, BuildHasherDefault<CodeHasher>>;

/// A code as SPEC §2 has it: 1–64 characters, no whitespace, no `/` (a key
/// of several columns is written with `/` between them), and a text that
/// may be stored (no formula, no control character).
pub fn is_valid_code(code: &str) -> bool {
    let n = code.chars().count();
    (1..=64).contains(&n)
        && !code.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/')
        && super::check_text(code, super::TextKind::Plain).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn code_hasher_spreads_sequential_codes_over_low_and_high_bits() {
        let build = BuildHasherDefault::<CodeHasher>::default();
        let codes: Vec<String> = (0..100_000).map(|k| format!("D{k:06}")).collect();
        let hashes: Vec<u64> = codes.iter().map(|c| build.hash_one(c.as_str())).collect();
        let low: HashSet<u64> = hashes.iter().map(|h| h & 0xffff).collect();
        let high: HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        // 100,000 random draws from 65,536 slots fill about 78 % of them.
        assert!(low.len() > 45_000, "{}", low.len());
        assert_eq!(high.len(), 128);
    }
}
