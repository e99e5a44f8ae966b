//! What a running build tells whoever watches it: the stage it is in, how far through that
//! stage, and when each stage started. The CLI draws its progress bar and `--verbose` timings
//! from this; the library itself never prints.
//!
//! Plain atomics and one mutex, passed by reference into `build_with`: no global state, and a
//! build nobody watches pays a few relaxed stores.
//!
//! A watcher may also want some pages before the rest (`Progress::wanting`): `serve` names the
//! pages open in a browser, the build renders those first and hands them over at once, so a
//! save shows in the open page without waiting for the whole site to be written.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::message::Lang;
use super::output_file::OutputFile;

/// The stages of `build`, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    History,
    Minify,
    Render,
    Write,
}

impl Stage {
    const ALL: [Stage; 5] = [
        Stage::Load,
        Stage::History,
        Stage::Minify,
        Stage::Render,
        Stage::Write,
    ];

    /// What the stage does, for people reading `lang`.
    pub fn describe(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Stage::Load => ("读取并检查内容", "reading and checking the content"),
            Stage::History => ("比较各版本的变化", "working out the changes"),
            Stage::Render => ("生成并写入页面", "rendering and writing pages"),
            Stage::Minify => ("压缩模板", "minifying the templates"),
            Stage::Write => (
                "写入 manifest.json，替换原有网站",
                "writing the manifest, swapping the site in",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A short name in `lang`, for timings.
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Stage::Load => ("读取", "load"),
            Stage::History => ("比较", "history"),
            Stage::Render => ("生成", "render"),
            Stage::Minify => ("压缩", "minify"),
            Stage::Write => ("写入", "write"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Progress of one build. `Default` is a build nobody watches.
#[derive(Debug, Default)]
pub struct Progress {
    /// Index into `Stage::ALL`, plus one; 0 before the build starts.
    stage: AtomicUsize,
    done: AtomicUsize,
    total: AtomicUsize,
    started: Mutex<Vec<(Stage, Instant)>>,
    wanted: Option<Wanted>,
}

/// The files a watcher wants first, and what to do with them.
pub struct Wanted {
    /// Paths from the output root, as a page's file is named (`en/items/kinship/index.html`).
    pub paths: HashSet<String>,
    /// Called once for the site and once for each place's section, as soon as the wanted
    /// pages of that part are rendered and before anything else of it is made (or kept from
    /// the cache): with the wanted paths it makes, and their files. A wanted path the build
    /// does not make is in no call. The build then goes on as usual.
    pub made: Box<dyn Fn(Vec<String>, Vec<OutputFile>) + Send + Sync>,
}

impl std::fmt::Debug for Wanted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wanted")
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

/// A moment's view of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub stage: Option<Stage>,
    pub done: usize,
    /// 0 when the stage has no countable steps.
    pub total: usize,
}

impl Progress {
    /// A build whose watcher wants `wanted.paths` first (see the module's comment).
    pub fn wanting(wanted: Wanted) -> Progress {
        Progress {
            wanted: Some(wanted),
            ..Progress::default()
        }
    }

    /// What the watcher wants first, if anything.
    pub(crate) fn wanted(&self) -> Option<&Wanted> {
        self.wanted.as_ref()
    }

    /// Enter `stage`, which has `total` steps (0: not counted).
    pub fn stage(&self, stage: Stage, total: usize) {
        let index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(index + 1, Ordering::Release);
        if let Ok(mut started) = self.started.lock() {
            started.push((stage, Instant::now()));
        }
    }

    /// One step of the current stage is done (called from rayon workers).
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        let stage = self.stage.load(Ordering::Acquire);
        Snapshot {
            stage: stage.checked_sub(1).map(|i| Stage::ALL[i]),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }

    /// How long each stage took, given when the build ended.
    pub fn timings(&self, ended: Instant) -> Vec<(Stage, Duration)> {
        let started = match self.started.lock() {
            Ok(s) => s.clone(),
            Err(e) => e.into_inner().clone(),
        };
        let ends = started.iter().skip(1).map(|(_, at)| *at).chain([ended]);
        started
            .iter()
            .zip(ends)
            .map(|((stage, from), to)| (*stage, to.saturating_duration_since(*from)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_count_their_steps_and_time_themselves() {
        let p = Progress::default();
        assert_eq!(p.snapshot().stage, None);
        p.stage(Stage::Load, 0);
        p.stage(Stage::Render, 3);
        p.step();
        p.step();
        assert_eq!(
            p.snapshot(),
            Snapshot {
                stage: Some(Stage::Render),
                done: 2,
                total: 3
            }
        );
        p.stage(Stage::Write, 10);
        assert_eq!(p.snapshot().done, 0);
        let names: Vec<_> = p
            .timings(Instant::now())
            .into_iter()
            .map(|(s, _)| (s.name(Lang::En), s.name(Lang::Zh)))
            .collect();
        assert_eq!(
            names,
            [("load", "读取"), ("render", "生成"), ("write", "写入")]
        );
        assert_eq!(Stage::Render.describe(Lang::Zh), "生成并写入页面");
    }
}
