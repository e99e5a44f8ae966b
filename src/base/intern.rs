//! Sharing and hashing helpers for the maps a build fills hundreds of thousands of times:
//! one copy of each text (`Interner`) and a cheap hasher (`WordHasher`, `FastMap`).
//!
//! Decoding interns the content's texts; history, pages and text diffs use the hasher too.
//! It imports nothing of the content model, so it can sit below every stage.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};

/// One shared copy of each distinct text string of a build, handed out as `Arc<str>`.
///
/// Each version file repeats the whole list, and from one version to the next about 95 % of
/// the items are unchanged: a province's ten versions hold each text ten times. Decoding the
/// versions through one interner keeps one copy (a fifth of the content's memory, and most
/// of its allocations). It lives for one `decode` call, never across builds.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// Split by a cheap hash so the threads decoding versions in parallel rarely wait.
    shards: [Mutex<HashSet<Arc<str>, BuildHasherDefault<WordHasher>>>; 16],
}

/// A `HashMap` with `WordHasher`: for maps the build fills and reads hundreds of thousands of
/// times (ids, texts, template values).
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// FxHash's rotate-xor-multiply over 8-byte words. The interner hashes every text of the
/// content, and std's SipHash (built to resist crafted keys, which the site's own files are
/// not) was a few per cent of a province build.
#[derive(Debug, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(byte.into());
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Interner {
    pub(crate) fn get(&self, s: &str) -> Arc<str> {
        let bytes = s.as_bytes();
        let mix = s.len()
            ^ bytes.first().map_or(0, |b| (*b as usize) << 2)
            ^ bytes.last().map_or(0, |b| *b as usize);
        let mut set = self.shards[mix % 16]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match set.get(s) {
            Some(shared) => Arc::clone(shared),
            None => {
                let shared: Arc<str> = s.into();
                set.insert(Arc::clone(&shared));
                shared
            }
        }
    }
}
