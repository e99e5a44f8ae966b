//! `qingdan build`: for the staff who publish, builds the site into the output folder
//! atomically, with a progress bar on a terminal when the build takes a while, and prints the
//! problems and a one-line summary.

use std::io::IsTerminal;
use std::process::ExitCode;

use qingdan::base::diagnostics::escape_controls as shown;
use qingdan::base::message::Lang;
use qingdan::base::progress::Progress;
use qingdan::{msg, Options};

use crate::cmd::report::{fail, print_report};
use crate::{BuildArgs, Global};

/// Exit 0 when the site was written, 1 when the content has errors (nothing is written).
pub(crate) fn run(args: BuildArgs, global: Global) -> ExitCode {
    let started = std::time::Instant::now();
    let options = Options {
        content: args.content,
        output: args.output.clone(),
        encoding: global.encoding,
        precompress: args.precompress,
        clean: args.clean,
        place: args.place.clone(),
        cache: crate::cmd::cache_mode(args.no_cache),
        memory: None,
    };
    let progress = Progress::default();
    let bar = !global.quiet && std::io::stderr().is_terminal();
    let result = with_progress_bar(bar, global.lang, &progress, || {
        qingdan::build_with(&options, &progress)
    });
    let ended = std::time::Instant::now();
    match result {
        Ok(summary) => {
            print_report(&summary.report, global);
            if global.verbose {
                print_timings(&progress, ended, global.lang);
            }
            if !global.quiet {
                let line = summary.line(&args.output, ended - started, global.lang);
                eprintln!("{}", shown(&line));
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            if global.verbose {
                print_timings(&progress, ended, global.lang);
            }
            fail(
                &report,
                global,
                &msg!(
                    "没有写入任何文件，原有的网站保持不变",
                    "nothing was written; the previous site is unchanged"
                ),
            )
        }
    }
}

/// Run `build` while drawing a progress bar on the terminal, but only once it has taken
/// longer than a second: quick builds print just their summary.
fn with_progress_bar<T>(
    enabled: bool,
    lang: Lang,
    progress: &Progress,
    build: impl FnOnce() -> T,
) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    if !enabled {
        return build();
    }
    // Hidden knob for the tests, which cannot wait for a slow build: draw after N ms.
    let delay = std::env::var("QINGDAN_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let done = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while started.elapsed() < delay {
                if done.load(Ordering::Acquire) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let (prefix, starting) = match lang {
                Lang::Zh => ("正在生成", "准备中"),
                Lang::En => ("building", "starting"),
            };
            let bar = indicatif::ProgressBar::new(0).with_prefix(prefix);
            let style = |template| {
                indicatif::ProgressStyle::with_template(template)
                    .expect("a valid template")
                    .progress_chars("=> ")
            };
            let counted = style("{prefix} {spinner} {msg:20} {wide_bar} {pos}/{len} {elapsed}");
            let uncounted = style("{prefix} {spinner} {msg} {elapsed}");
            loop {
                let now = progress.snapshot();
                bar.set_style(match now.total {
                    0 => uncounted.clone(),
                    _ => counted.clone(),
                });
                bar.set_message(now.stage.map_or(starting, |s| s.describe(lang)));
                bar.set_length(now.total.max(now.done) as u64);
                bar.set_position(now.done as u64);
                bar.tick();
                if done.load(Ordering::Acquire) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        let result = build();
        done.store(true, Ordering::Release);
        result
    })
}

/// `--verbose`: each stage and its wall time.
fn print_timings(progress: &Progress, ended: std::time::Instant, lang: Lang) {
    for (stage, took) in progress.timings(ended) {
        let (name, what) = (stage.name(lang), stage.describe(lang));
        eprintln!("  {name:<8} {took:>10.2?}  {what}");
    }
}
