//! `qingdan check`: for staff editing the content, reports every problem and how much of the
//! text each language has translated, and writes nothing.

use std::process::ExitCode;

use qingdan::base::diagnostics::escape_controls as shown;
use qingdan::{msg, Options};

use crate::cmd::report::{fail, print_report};
use crate::cmd::translations::Coverage;
use crate::{CheckArgs, Global};

/// Exit 0 when the content has no errors (warnings allowed), 1 otherwise.
pub(crate) fn run(args: CheckArgs, global: Global) -> ExitCode {
    let options = Options {
        // Read for the last build's record of the version files, never written.
        output: args.output,
        ..Options::read_only(args.content, global.encoding)
    };
    match qingdan::check(&options) {
        Ok((loaded, report)) => {
            print_report(&report, global);
            if global.quiet {
                return ExitCode::SUCCESS;
            }
            for cov in crate::cmd::translations::coverage(&loaded.content) {
                print_coverage(&cov, args.translations);
            }
            println!(
                "content OK: {} versions, {} policy interpretations, {} warnings",
                loaded.content.versions.len(),
                loaded.content.policies.len(),
                report.diagnostics.warning_count()
            );
            ExitCode::SUCCESS
        }
        Err(report) => fail(
            &report,
            global,
            &msg!(
                "请按上面的提示修改，然后再运行一次 `qingdan check`",
                "fix the problems above and run `qingdan check` again"
            ),
        ),
    }
}

/// One language's share of translated texts and, with `--translations`, each missing one.
fn print_coverage(cov: &Coverage, list_missing: bool) {
    let pct = if cov.total == 0 {
        100.0
    } else {
        cov.translated as f64 * 100.0 / cov.total as f64
    };
    println!(
        "translation {}: {} of {} texts ({pct:.0}%)",
        shown(&cov.lang),
        cov.translated,
        cov.total
    );
    if list_missing {
        for (file, pos, field) in &cov.missing {
            println!(
                "  {}:{}:{}: {field} has no `{}` text",
                shown(&file.display().to_string()),
                pos.line,
                pos.col,
                shown(&cov.lang)
            );
        }
    }
}
