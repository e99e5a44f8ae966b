//! `qingdan check`: for staff editing the content, reports every problem and how much of the
//! text each language has translated, and writes nothing.

use std::process::ExitCode;

use qingdan::base::diagnostics::escape_controls as shown;
use qingdan::base::message::Lang;
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
                print_coverage(&cov, args.translations, global.lang);
            }
            let versions = loaded.content.versions.len();
            let policies = loaded.content.policies.len();
            let warnings = report.diagnostics.warning_count();
            let line = msg!(
                "内容检查通过：{versions}个版本、{policies}篇政策解读、{warnings}处警告",
                "content OK: {versions} versions, {policies} policy interpretations, {warnings} warnings"
            );
            println!("{}", line.get(global.lang));
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

/// One language's share of translated texts and, with `--translations`, each missing one,
/// in file order.
fn print_coverage(cov: &Coverage, list_missing: bool, lang: Lang) {
    let pct = if cov.total == 0 {
        100.0
    } else {
        cov.translated as f64 * 100.0 / cov.total as f64
    };
    let (code, translated, total) = (shown(&cov.lang), cov.translated, cov.total);
    let line = msg!(
        "{code} 译文：共{total}项文本，已有{translated}项（{pct:.0}%）",
        "translation {code}: {translated} of {total} texts ({pct:.0}%)"
    );
    println!("{}", line.get(lang));
    if list_missing {
        for missing in &cov.missing {
            let file = shown(&missing.file.display().to_string()).into_owned();
            let (line, col) = (missing.pos.line, missing.pos.col);
            let what = missing.message(&cov.lang);
            println!("  {file}:{line}:{col}: {}", shown(what.get(lang)));
        }
    }
}
