//! `qingdan import FILE --date DATE`: a new version file from the spreadsheet or document
//! staff were sent, starting from the latest version (the library's `import` layer does the
//! reading and matching); then what to confirm, and the same check as `qingdan check`.
//!
//! The date rules are `new-version`'s: typed unpadded or padded, after the latest version, and
//! the file is never overwritten.

use std::process::ExitCode;

use qingdan::base::codes::Code;
use qingdan::base::diagnostics::{Diagnostic, Diagnostics};
use qingdan::{msg, Options, Report};

use crate::cmd::report::{fail, print_report};
use crate::{Global, ImportArgs};

/// Exit 0 when the file was written and the content with it checks; 1 when nothing could be
/// written or the check finds errors; 2 for a date or `--map` that cannot be read.
pub(crate) fn run(args: &ImportArgs, global: Global) -> ExitCode {
    let (date, map) = match read_args(args) {
        Ok(read) => read,
        Err(d) => {
            let mut report = Report::default();
            report.diagnostics.push(d);
            print_report(&report, global);
            return ExitCode::from(2);
        }
    };
    let options = Options::read_only(args.content.clone(), global.encoding);
    let (loaded, _) = match qingdan::check(&options) {
        Ok(ok) => ok,
        Err(report) => {
            return fail(
                &report,
                global,
                &msg!(
                    "内容文件夹先要通过检查，才能以最新版本为底稿导入",
                    "the content must check before an import can start from its latest version"
                ),
            )
        }
    };
    let mut report = Report::default();
    let made = import(args, &loaded.content, date, &map, global.lang, &mut report);
    let Some((text, summary)) = made else {
        return fail(
            &report,
            global,
            &msg!("没有写入任何文件", "nothing was written"),
        );
    };
    print_report(&report, global);
    write_and_check(args, date, &text, &summary, global)
}

/// The `--date` and the `--map`s typed, or the error for the first that cannot be used.
fn read_args(
    args: &ImportArgs,
) -> Result<(chrono::NaiveDate, qingdan::import::HeaderMap), Diagnostic> {
    let date = crate::cmd::new_version::parse_date(&args.date).map_err(|e| {
        Diagnostic::error(
            &args.file,
            None,
            Code::ImportDate,
            msg!("`--date` 的日期不能用：{e}", "`--date` cannot be used: {e}"),
        )
        .help(msg!(
            "日期写成 YYYY-MM-DD，例如 2026-03-01",
            "write it as YYYY-MM-DD, e.g. 2026-03-01"
        ))
    })?;
    let mut map = qingdan::import::HeaderMap::default();
    for typed in &args.map {
        map.add(typed).map_err(|what| {
            Diagnostic::error(&args.file, None, Code::ImportMap, msg!(
                "`--map {typed}` 不能用：{what} 不对",
                "`--map {typed}` cannot be used: {what} is wrong"
            ))
            .help(msg!(
                "写成 `--map 列名=字段`，字段是 name、category、status、purpose、basis、requested_by、issuer、materials、steps、time_limit、fee、alternative、id、number 或 ignore",
                "write `--map COLUMN=FIELD`, FIELD one of name, category, status, purpose, basis, requested_by, issuer, materials, steps, time_limit, fee, alternative, id, number or ignore"
            ))
        })?;
    }
    Ok((date, map))
}

/// The new version file's text and what the import did, from the file read against the
/// latest version of `content`; `None` when a problem (in `report`) stops it.
fn import(
    args: &ImportArgs,
    content: &qingdan::model::Content,
    date: chrono::NaiveDate,
    map: &qingdan::import::HeaderMap,
    lang: qingdan::base::message::Lang,
    report: &mut Report,
) -> Option<(String, qingdan::import::Summary)> {
    let Some(latest) = content.versions.last() else {
        report.diagnostics.push(
            Diagnostic::error(
                &args.content,
                None,
                Code::ImportNoBase,
                msg!(
                    "内容文件夹里没有版本文件，没有底稿可用",
                    "the content folder has no version file to start from"
                ),
            )
            .help(msg!(
                "先写好第一个版本文件（certificates/日期.yaml）",
                "write the first version file (certificates/DATE.yaml) first"
            )),
        );
        return None;
    };
    let latest_date = latest.date.value;
    if date <= latest_date {
        report.diagnostics.push(Diagnostic::error(&args.file, None, Code::ImportDate, msg!(
            "{date} 不晚于最新版本（{latest_date}），新版本的日期要更晚",
            "{date} is not after the latest version ({latest_date}); a new version needs a later date"
        )).help(msg!("`--date` 写本次调整的公布日期", "give `--date` the publication date of this adjustment")));
        return None;
    }
    let doc = match qingdan::import::read(&args.file) {
        Ok(doc) => doc,
        Err(d) => {
            report.diagnostics.push(d);
            return None;
        }
    };
    let mut diags = Diagnostics::default();
    let made = qingdan::import::import(content, &doc, map, date, &args.file, lang, &mut diags);
    report.diagnostics.extend(diags);
    made
}

/// Write the new version file (never over an existing one), say what to confirm, and check
/// the content with it as `qingdan check` does.
fn write_and_check(
    args: &ImportArgs,
    date: chrono::NaiveDate,
    text: &str,
    summary: &qingdan::import::Summary,
    global: Global,
) -> ExitCode {
    let lang = global.lang;
    let path = args
        .content
        .join("certificates")
        .join(format!("{date}.yaml"));
    if let Err(d) = qingdan::write::output::create_new_file(&path, text) {
        eprintln!("{}", d.one_line(lang));
        return ExitCode::from(1);
    }
    let shown = path.display();
    println!("{}", msg!("已写入 {shown}", "wrote {shown}").get(lang));
    for line in summary.lines() {
        println!("{}", line.get(lang));
    }
    println!(
        "{}",
        msg!(
            "请逐条看过文件里的 `# 请确认：` 注释并删去，再写好标题、文号和调整说明。下面是检查结果：",
            "go through every `# 请确认：` (to confirm) comment in the file and delete it, then write the title, document number and summary. The check follows:"
        )
        .get(lang)
    );
    crate::cmd::check::run(
        crate::CheckArgs {
            content: args.content.clone(),
            translations: false,
            // As `qingdan check` would: the last build beside the content, only read.
            output: std::path::PathBuf::from("output"),
        },
        global,
    )
}
