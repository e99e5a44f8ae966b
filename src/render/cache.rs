//! The caches that let pages share what they would otherwise each make again (frames, item
//! links, inline diffs): their keys, and `memo`, which fills them from rayon workers.

use std::sync::{Arc, Mutex};

use super::frame::Frame;
use crate::content::FastMap;

pub(super) type InlineDiffs<'a> = FastMap<(usize, bool, &'a str, &'a str), String>;

/// What a version page's link to an item shows, and from where: language, depth, id, the
/// name's text (its address and length: texts are shared, and alive for the whole build),
/// status and category.
pub(super) type LinkKey<'a> = (usize, usize, &'a str, (usize, usize), &'static str, &'a str);

/// `Frame`s by language, depth and nav section.
pub(super) type Frames = FastMap<(usize, usize, &'static str), Arc<Frame>>;

/// What `cache` holds for `key`, made by `make` the first time: outside the lock, so that the
/// other threads are not kept waiting (two may then make the same value; the first kept wins).
pub(super) fn memo<K: std::hash::Hash + Eq, V: Clone>(
    cache: &Mutex<FastMap<K, V>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    // A panic while holding the lock leaves a map that is still whole.
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = lock().get(&key) {
        return value.clone();
    }
    let value = make();
    lock().entry(key).or_insert(value).clone()
}
