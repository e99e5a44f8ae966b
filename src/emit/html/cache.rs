//! The caches that let pages share what they would otherwise each make again (frames, item
//! links, inline diffs): their keys, and `memo`, which fills them from rayon workers.

use std::sync::{Arc, Mutex};

use super::frame::{Frame, NavSection};
use crate::base::intern::FastMap;

/// Inline diffs (HTML) by `DiffKey`.
pub(super) type InlineDiffs<'a> = FastMap<DiffKey<'a>, String>;

/// What an inline diff is made from: the page's language (for the labels of removed and added
/// text), whether the texts are Markdown (compared as plain text) and the two texts.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct DiffKey<'a> {
    pub(super) lang: usize,
    pub(super) markdown: bool,
    pub(super) before: &'a str,
    pub(super) after: &'a str,
}

/// Version page item links (template values) by `LinkKey`.
pub(super) type Links<'a> = FastMap<LinkKey<'a>, tera::Value>;

/// What a version page's link to an item shows, and from where.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct LinkKey<'a> {
    pub(super) lang: usize,
    /// Folders below the output root: the link is relative.
    pub(super) depth: usize,
    pub(super) id: &'a str,
    pub(super) name: TextAt,
    pub(super) status: &'static str,
    pub(super) category: &'a str,
}

/// A text by where it is rather than what it says: texts are shared and alive for the whole
/// build, so the same address and length is the same text, and comparing or hashing two
/// words is cheaper than the text.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct TextAt {
    address: usize,
    len: usize,
}

impl TextAt {
    pub(super) fn of(text: &str) -> TextAt {
        TextAt {
            address: text.as_ptr() as usize,
            len: text.len(),
        }
    }
}

/// `Frame`s by `FrameKey`.
pub(super) type Frames = FastMap<FrameKey, Arc<Frame>>;

/// What a `Frame` depends on: the page's language, its depth (links are relative) and its
/// nav section.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct FrameKey {
    pub(super) lang: usize,
    pub(super) depth: usize,
    pub(super) section: NavSection,
}

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
