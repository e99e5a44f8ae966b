//! Noticing edits: the content folder (and a theme folder it names) is looked at fifty times
//! a second, and once a change has settled the site is rebuilt.
//!
//! Polling rather than file-system notifications: it needs no platform code, works on network
//! drives, and a district's content is small enough to list in a few milliseconds. Each look
//! is counted in the status (`scans`), so a test can wait for "the watcher has looked again"
//! instead of sleeping.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use super::Shared;
use qingdan::Options;

/// How often the content is looked at, and how long it must stay unchanged before a rebuild
/// (editors write a file in one call, or a new file renamed over the old one; a few write it
/// in several steps within a few milliseconds). The wait from a save to the rebuild is what a
/// staff member sees: on average half a look and one settle, 20 ms. A look lists the content's
/// files (a few dozen; about 0.1 ms): an idle preview of the city tier's content costs about
/// 1 % of a core (bench/serve-latency.sh reports it).
const POLL: Duration = Duration::from_millis(20);
const SETTLE: Duration = Duration::from_millis(10);

/// Every watched file's path, size and modification time.
pub type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// Look, settle, rebuild, until `stop`. `seen` is what the files looked like at the last build.
pub fn watch(
    shared: &std::sync::Arc<Shared>,
    stop: &AtomicBool,
    mut watched: Vec<PathBuf>,
    mut seen: Fingerprint,
) {
    let output = &shared.options.build.output;
    // The builds' own part of the work runs here, below the threads that answer the pages.
    super::lower_this_threads_priority();
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(POLL);
        let now = fingerprint(&watched, output);
        if now != seen {
            // Wait until the files stop changing, then build once.
            let mut settled = now;
            loop {
                std::thread::sleep(SETTLE);
                let again = fingerprint(&watched, output);
                if again == settled || stop.load(Ordering::SeqCst) {
                    break;
                }
                settled = again;
            }
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let rebuilding =
                qingdan::msg!("检测到修改，正在重新生成", "change detected; rebuilding");
            eprintln!("{}", rebuilding.get(shared.options.lang));
            // What the build read is what had settled: a save made while it ran differs from
            // that, and is built next. (Taking the files' state after the build would take
            // such a save for built, and it would not show until the next one.)
            seen = settled;
            if let Some(theme) = super::rebuild(shared) {
                let roots = watch_roots(&shared.options.build, Some(theme));
                if roots != watched {
                    // A theme folder named anew: its files count from now on.
                    watched = roots;
                    seen = fingerprint(&watched, output);
                }
            }
        }
        shared.status().scans += 1;
    }
}

/// The folders whose changes trigger a rebuild: the content and a theme it names.
pub fn watch_roots(build: &Options, theme: Option<PathBuf>) -> Vec<PathBuf> {
    let mut roots = vec![build.content.clone()];
    roots.extend(theme);
    roots
}

/// Every watched file's path, size and modification time, sorted. Hidden files (editors'
/// swap and backup files) and the output folder are left out.
pub fn fingerprint(roots: &[PathBuf], output: &Path) -> Fingerprint {
    fn walk(dir: &Path, output: &Path, out: &mut Fingerprint) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                if path.canonicalize().ok().as_deref() != Some(output) {
                    walk(&path, output, out);
                }
            } else {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    // Compared canonically: `--content . --output output` must not watch its own output,
    // or every build would trigger the next.
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut out = Vec::new();
    for root in roots {
        walk(root, &output, &mut out);
    }
    out.sort();
    out
}
