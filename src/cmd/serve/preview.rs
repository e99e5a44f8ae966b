//! The pages open in browsers, and what a rebuild has already made of them.
//!
//! Each open page names its own path when it asks for the status, so the preview knows which
//! pages are being read. A rebuild wants those first (`Progress::wanting`): as soon as they
//! are settled, the files made anew for them are served from memory and the pages are told to
//! reload, while the build goes on writing the rest of the site. Once the build is swapped in,
//! the same bytes are served from the output folder.
//!
//! A page reloads when its *generation* changes: the number of the good build it shows. A page
//! the rebuild settled early counts as the rebuild's already, so it reloads once, early, and
//! not again when the build ends; if the build then fails, it counts as the last good build
//! again and reloads back to it.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// How long after its last question a page counts as open: its question is held for up to
/// `HOLD` and asked again at once, so a page that has not asked for longer than this is gone.
const OPEN_FOR: Duration = Duration::from_secs(40);
/// How many open pages are remembered, the most recent: a staff member has a few tabs open,
/// and a client that names page after page cannot make the preview hold more.
const MOST_OPEN: usize = 64;

#[derive(Debug, Default)]
pub(super) struct Preview {
    /// Each open page's file (from the output root) and when it last asked.
    open: HashMap<String, Instant>,
    /// While a build runs: the open pages it has settled, and the files it made anew for them.
    settled: HashSet<String>,
    files: HashMap<String, Vec<u8>>,
    /// When the last pages were settled.
    settled_at: Option<Instant>,
}

impl Preview {
    /// The page `file` is open, as of now.
    pub(super) fn asked(&mut self, file: &str) {
        match self.open.get_mut(file) {
            Some(at) => *at = Instant::now(),
            None => {
                let oldest = (self.open.len() >= MOST_OPEN)
                    .then(|| self.open.iter().min_by_key(|(_, at)| **at))
                    .flatten()
                    .map(|(page, _)| page.clone());
                if let Some(page) = oldest {
                    self.open.remove(&page);
                }
                self.open.insert(file.to_string(), Instant::now());
            }
        }
    }

    /// The files of the pages open now, for the next build to make first.
    pub(super) fn open_pages(&mut self) -> HashSet<String> {
        self.open.retain(|_, at| at.elapsed() < OPEN_FOR);
        self.open.keys().cloned().collect()
    }

    /// The running build settled `pages`, made anew as `files`.
    pub(super) fn settle(&mut self, pages: Vec<String>, files: Vec<(String, Vec<u8>)>) {
        self.settled.extend(pages);
        self.files.extend(files);
        self.settled_at = Some(Instant::now());
    }

    /// Whether every settled page has asked again since it was settled: reloaded, shown, and
    /// asking what comes next.
    pub(super) fn settled_pages_reloaded(&self) -> bool {
        let Some(settled_at) = self.settled_at else {
            return true;
        };
        (self.settled.iter()).all(|page| self.open.get(page).is_some_and(|at| *at > settled_at))
    }

    /// The build ended (swapped in, or failed): every page is the output folder's again.
    pub(super) fn build_ended(&mut self) {
        self.settled.clear();
        self.files.clear();
        self.settled_at = None;
    }

    /// What the running build made for the page `file`, if it made it already.
    pub(super) fn file(&self, file: &str) -> Option<Vec<u8>> {
        self.files.get(file).cloned()
    }

    /// The generation the page `file` shows when served now, given the last good build's.
    pub(super) fn generation_of(&self, file: &str, generation: u64) -> u64 {
        match self.settled.contains(file) {
            true => generation + 1,
            false => generation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_page_counts_as_the_running_build_until_it_ends() {
        let mut p = Preview::default();
        p.asked("items/a/index.html");
        p.asked("index.html");
        let mut open: Vec<_> = p.open_pages().into_iter().collect();
        open.sort();
        assert_eq!(open, ["index.html", "items/a/index.html"]);
        p.settle(
            vec!["items/a/index.html".into()],
            vec![("items/a/index.html".into(), b"new".to_vec())],
        );
        assert_eq!(p.generation_of("items/a/index.html", 4), 5);
        assert_eq!(p.generation_of("index.html", 4), 4);
        assert_eq!(p.file("items/a/index.html").as_deref(), Some(&b"new"[..]));
        assert_eq!(p.file("index.html"), None);
        assert!(!p.settled_pages_reloaded());
        p.asked("index.html");
        assert!(!p.settled_pages_reloaded(), "another page asked");
        p.asked("items/a/index.html");
        assert!(p.settled_pages_reloaded());
        p.build_ended();
        assert_eq!(p.generation_of("items/a/index.html", 5), 5);
        assert_eq!(p.file("items/a/index.html"), None);
        // Still open: the pages are remembered across builds.
        assert_eq!(p.open_pages().len(), 2);
    }

    #[test]
    fn no_more_than_the_most_recent_pages_count_as_open() {
        let mut p = Preview::default();
        for n in 0..MOST_OPEN + 10 {
            p.asked(&format!("items/{n}/index.html"));
        }
        let open = p.open_pages();
        assert_eq!(open.len(), MOST_OPEN);
        assert!(open.contains(&format!("items/{}/index.html", MOST_OPEN + 9)));
    }
}
