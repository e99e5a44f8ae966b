//! Printing a build's or check's problems for the person or tool that ran `qingdan`: human
//! (with the source line, coloured on a terminal) or JSON, one object per line. Shared by
//! `build`, `check` and `diff`, which all stop on the same kind of report.

use std::io::IsTerminal;
use std::process::ExitCode;

use qingdan::base::diagnostics::{render_human, render_json};
use qingdan::Report;

use crate::MessageFormat;

/// Print the report's problems, if any, in the chosen format.
pub(crate) fn print_report(report: &Report, format: MessageFormat) {
    let list = report.diagnostics.clone().sorted();
    if list.is_empty() {
        return;
    }
    match format {
        MessageFormat::Human => eprint!(
            "{}",
            render_human(&list, &report.sources, std::io::stderr().is_terminal())
        ),
        MessageFormat::Json => print!("{}", render_json(&list)),
    }
}

/// Print the problems and a count with what to do now; the exit code of a failed command.
pub(crate) fn fail(report: &Report, format: MessageFormat, what_now: &str) -> ExitCode {
    print_report(report, format);
    eprintln!(
        "error: {} problem(s) found, {} warning(s); {what_now}",
        report.diagnostics.error_count(),
        report.diagnostics.warning_count()
    );
    ExitCode::from(1)
}
