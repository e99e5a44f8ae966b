//! Printing a build's or check's problems for the person or tool that ran `qingdan`: human
//! (with the source line, coloured on a terminal) or JSON, one object per line. Shared by
//! `build`, `check` and `diff`, which all stop on the same kind of report.

use std::io::IsTerminal;
use std::process::ExitCode;

use qingdan::base::diagnostics::{render_human, render_json};
use qingdan::base::message::Message;
use qingdan::{msg, Report};

use crate::{Global, MessageFormat};

/// Print the report's problems, if any, in the chosen format and language.
pub(crate) fn print_report(report: &Report, global: Global) {
    let list = report.diagnostics.clone().sorted();
    if list.is_empty() {
        return;
    }
    match global.message_format {
        MessageFormat::Human => eprint!(
            "{}",
            render_human(
                &list,
                &report.sources,
                std::io::stderr().is_terminal(),
                global.lang
            )
        ),
        MessageFormat::Json => print!("{}", render_json(&list, global.lang)),
    }
}

/// Print the problems and a count with what to do now; the exit code of a failed command.
pub(crate) fn fail(report: &Report, global: Global, what_now: &Message) -> ExitCode {
    print_report(report, global);
    let (errors, warnings) = (
        report.diagnostics.error_count(),
        report.diagnostics.warning_count(),
    );
    let what_now = what_now.get(global.lang);
    let line = msg!(
        "错误：发现 {errors} 处错误、{warnings} 处警告；{what_now}",
        "error: {errors} problem(s) found, {warnings} warning(s); {what_now}"
    );
    eprintln!("{}", line.get(global.lang));
    ExitCode::from(1)
}
