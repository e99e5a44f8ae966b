//! Problems found in the content: what is wrong, where (file, line, column) and how to fix it.
//!
//! Every stage reports into a `Diagnostics` list instead of stopping at the first problem, so
//! staff see everything that needs fixing in one run. Rendering shows the offending source line
//! with a marker under it (codespan-reporting), or one JSON object per problem for tools.
//!
//! What a message shows comes from content staff and others wrote (values, file names, the
//! source line), and a terminal acts on some characters instead of showing them: escape
//! sequences recolour or rewrite the screen, bidi overrides reorder what follows. Everything
//! printed for a person goes through `escape_controls`, which shows such characters as
//! `\u{1b}`; JSON escapes them as `\u001b`, so tools still read the text as written.
//!
//! One convention carries problems through the pipeline. A stage takes the run's
//! `&mut Diagnostics` (where its warnings and errors go) and, when it can fail, returns
//! `Result<T, Stopped>`: `Err(Stopped)` means it could not go on and an error is in the list
//! (only `Diagnostics::stop` and `Diagnostics::check` make one, so there always is). `Ok` does
//! not mean error-free: a stage that decodes what it can returns it, and the caller asks
//! `check` before a step that needs clean input. Inside a layer, a helper with exactly one
//! possible problem (an I/O error, say) returns `Result<T, Diagnostic>`, which the stage turns
//! into `Stopped` with `diags.stop(d)` at its seam. (The renderer and the staging folder still
//! return `Result<T, Diagnostic(s)>` at their seams; `lib.rs` adds those to the run's list in
//! one call, `Report::fail`, which goes through `stop_all`.)

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;

use super::codes::Code;
use super::message::{Lang, Message};
use crate::msg;

/// The source texts read, by path, so diagnostics can show the offending line. Shared with
/// the `SourceFile`s they were read into.
pub type SourceTexts = BTreeMap<PathBuf, std::sync::Arc<String>>;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    /// Line and column, both counted from 1.
    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line: line as u32,
            col: col as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
/// Whether a problem stops the build (an error) or is only reported (a warning).
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with everything a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Which class of problem, for tools (`--message-format json`).
    pub code: Code,
    /// The file as the user named it (content dir joined with the relative path).
    pub file: PathBuf,
    /// Where in the file; `None` for problems with the file as a whole.
    pub pos: Option<Pos>,
    /// What is wrong.
    pub message: Message,
    /// How to fix it. (Boxed: most stages return a `Diagnostic` as their error, and a
    /// `Result` carrying two messages inline would be large on every path that succeeds.)
    pub help: Option<Box<Message>>,
}

impl Diagnostic {
    /// A problem that stops the build.
    pub fn error(file: &Path, pos: Option<Pos>, code: Code, message: Message) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            pos,
            message,
            help: None,
        }
    }

    /// A problem that is reported but does not stop the build.
    pub fn warning(file: &Path, pos: Option<Pos>, code: Code, message: Message) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, code, message)
        }
    }

    /// The same problem, saying how to fix it.
    pub fn help(mut self, help: Message) -> Diagnostic {
        self.help = Some(Box::new(help));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form in `lang`: `path:line:col: 错误[code]: message（修改方法：help）`.
    pub fn one_line(&self, lang: Lang) -> String {
        let mut out = escape_controls(&self.file.display().to_string()).into_owned();
        if let Some(pos) = self.pos {
            out.push_str(&format!(":{}:{}", pos.line, pos.col));
        }
        let message = escape_controls(self.message.get(lang));
        out.push_str(&format!(
            ": {}[{}]: {message}",
            severity_word(self.severity, lang),
            self.code.as_str()
        ));
        if let Some(help) = &self.help {
            let help = escape_controls(help.get(lang));
            match lang {
                Lang::Zh => out.push_str(&format!("（修改方法：{help}）")),
                Lang::En => out.push_str(&format!(" (help: {help})")),
            }
        }
        out
    }
}

/// "错误" / "error", "警告" / "warning".
pub(crate) fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form in Chinese (for people, commands choose the language: `one_line`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.one_line(Lang::Zh))
    }
}

/// The problems of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorted by file and position so that output is the same on every run.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.pos, b.severity, b.code, &b.message))
        });
        self.list.dedup();
        self.list
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
}

/// A stage stopped: an error is in the run's `Diagnostics`. Made only by pushing an error
/// (`Diagnostics::stop`) or finding one (`Diagnostics::check`), so the list a caller shows
/// always says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    _error_pushed: (),
}

impl Diagnostics {
    /// Push the error that stops a stage. `d` is an error by construction at every seam; it
    /// is made one here so that a `Stopped` never stands without an error.
    pub fn stop(&mut self, mut d: Diagnostic) -> Stopped {
        debug_assert!(d.is_error(), "a stage stopped on a warning: {d}");
        d.severity = Severity::Error;
        self.push(d);
        Stopped { _error_pushed: () }
    }

    /// Push the problems of a stage that stopped and reports several at once.
    pub(crate) fn stop_all(&mut self, ds: Diagnostics) -> Stopped {
        self.extend(ds);
        self.stopped_because(|| {
            Diagnostic::error(
                Path::new("."),
                None,
                Code::InternalStop,
                msg!(
                    "生成过程的某一步停止了，但没有说明原因：这是 qingdan 的缺陷",
                    "a stage of the build stopped without saying why: this is a bug in qingdan"
                ),
            )
            .help(msg!(
                "请把运行的命令报告给维护人员；原有的网站文件没有改动",
                "please report it with the command you ran; the previous output is untouched"
            ))
        })
    }

    /// The stage stops: `Stopped` for the errors already in the list, or, when there is none
    /// (a stage gave up on something it had not reported), `why` pushed as the error. A stop
    /// never panics and never stands without a message.
    pub(crate) fn stopped_because(&mut self, why: impl FnOnce() -> Diagnostic) -> Stopped {
        match self.check() {
            Err(stopped) => stopped,
            Ok(()) => self.stop(why()),
        }
    }

    /// `Err(Stopped)` when the list holds an error: the point where a run stops going on.
    pub fn check(&self) -> Result<(), Stopped> {
        match self.has_errors() {
            true => Err(Stopped { _error_pushed: () }),
            false => Ok(()),
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics { list: vec![d] }
    }
}

/// Renders diagnostics with the source line and a marker, as a compiler does.
///
/// `sources` maps a file path to its text; a file not among them is read from disk (a theme's
/// templates, which the build does not keep), and one that cannot be read or is not UTF-8 is
/// reported on one line.
pub fn render_human(
    diagnostics: &[Diagnostic],
    sources: &SourceTexts,
    color: bool,
    lang: Lang,
) -> String {
    let read = read_cited(diagnostics, sources);
    let (files, ids) = index_cited(diagnostics, sources, &read);
    let mut out = String::new();
    for d in diagnostics {
        let located = d.pos.and_then(|pos| Some((ids.get(&d.file)?, pos)));
        let Some((&(id, text), pos)) = located else {
            out.push_str(&d.one_line(lang));
            out.push('\n');
            continue;
        };
        let rendered = snippet(d, &files, (id, text, pos), color, lang);
        out.push_str(&in_words_of(&rendered, d, lang));
        out.push('\n');
    }
    out
}

/// The texts of the files diagnostics point into that `sources` does not hold (a file named
/// by a later stage), read now.
fn read_cited(diagnostics: &[Diagnostic], sources: &SourceTexts) -> BTreeMap<PathBuf, String> {
    let mut read = BTreeMap::new();
    for d in diagnostics {
        if d.pos.is_some() && !sources.contains_key(&d.file) && !read.contains_key(&d.file) {
            if let Ok(text) = std::fs::read_to_string(&d.file) {
                read.insert(d.file.clone(), text);
            }
        }
    }
    read
}

/// The files a diagnostic points into, escaped and indexed for codespan, with each one's
/// index and text by path; the others are left alone.
fn index_cited<'a>(
    diagnostics: &[Diagnostic],
    sources: &'a SourceTexts,
    read: &'a BTreeMap<PathBuf, String>,
) -> (ShownFiles<'a>, BTreeMap<&'a PathBuf, (usize, &'a str)>) {
    let mut files = ShownFiles::default();
    let mut ids = BTreeMap::new();
    let texts = (sources.iter().map(|(p, t)| (p, t.as_str())))
        .chain(read.iter().map(|(p, t)| (p, t.as_str())));
    for (path, text) in texts {
        if diagnostics
            .iter()
            .any(|d| d.pos.is_some() && &d.file == path)
        {
            ids.insert(path, (files.add(path, text), text));
        }
    }
    (files, ids)
}

/// `d` shown at its place in file `id` (whose text is `text`) by codespan, with its help.
fn snippet(
    d: &Diagnostic,
    files: &ShownFiles,
    (id, text, pos): (usize, &str, Pos),
    color: bool,
    lang: Lang,
) -> String {
    let start = byte_offset(text, pos);
    let end = marker_end(text, start);
    let shown = files.0[id].shown_range(start..end);
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_code(d.code.as_str())
    .with_message(escape_controls(d.message.get(lang)))
    .with_labels(vec![Label::primary(id, shown)])
    .with_notes(
        (d.help.iter())
            .map(|h| {
                let help = escape_controls(h.get(lang));
                match lang {
                    Lang::Zh => format!("修改方法：{help}"),
                    Lang::En => format!("help: {help}"),
                }
            })
            .collect(),
    );
    let config = term::Config::default();
    if color {
        let mut buf = term::termcolor::Buffer::ansi();
        let _ = term::emit_to_write_style(&mut buf, &config, files, &report);
        String::from_utf8_lossy(buf.as_slice()).into_owned()
    } else {
        term::emit_into_string(&config, files, &report).unwrap_or_else(|_| d.one_line(lang))
    }
}

/// codespan names the severity in English (`error[code]:`); the header says it in `lang`. The
/// first `severity[code]` in the rendering is the header: the code is ASCII and the source
/// snippet comes after it.
fn in_words_of(rendered: &str, d: &Diagnostic, lang: Lang) -> String {
    let english = severity_word(d.severity, Lang::En);
    let header = format!("{english}[{}]", d.code.as_str());
    let said = format!("{}[{}]", severity_word(d.severity, lang), d.code.as_str());
    rendered.replacen(&header, &said, 1)
}

/// Whether a terminal would act on `c` instead of showing it: control characters (C0 but
/// line feed and tab, DEL, C1) and the bidi formatting characters that reorder the text after
/// them ("Trojan Source": U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C).
pub(crate) fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// `text` with every character a terminal would act on shown as its escape, e.g. `\u{1b}` for
/// ESC; borrowed when there is none (nearly always).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match acts_on_terminal(c) {
            true => out.extend(c.escape_unicode()),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The files codespan shows, with their text escaped. The label ranges and the line:column it
/// prints are mapped between the escaped text shown and the text as written, so the marker
/// stands under the right character and the column is the one an editor shows.
#[derive(Default)]
struct ShownFiles<'a>(Vec<ShownFile<'a>>);

struct ShownFile<'a> {
    name: String,
    original: &'a str,
    shown: Cow<'a, str>,
    /// Byte offsets in `shown` where each line starts (lines are the same in both texts).
    line_starts: Vec<usize>,
    /// The escaped characters, in order; none in nearly every file.
    escapes: Vec<Escape>,
}

/// One character shown escaped: where it is and how long it is in each text.
#[derive(Clone, Copy)]
struct Escape {
    at: usize,
    len: usize,
    shown_at: usize,
    shown_len: usize,
}

impl<'a> ShownFiles<'a> {
    fn add(&mut self, path: &Path, original: &'a str) -> usize {
        // A carriage return before a line feed ends the line (CRLF files are accepted), and
        // the snippet drops it.
        let escaped = |i: usize, c: char| {
            acts_on_terminal(c) && !(c == '\r' && original[i + 1..].starts_with('\n'))
        };
        let mut escapes = Vec::new();
        let shown = match original.char_indices().any(|(i, c)| escaped(i, c)) {
            false => Cow::Borrowed(original),
            true => {
                let mut shown = String::with_capacity(original.len() + 64);
                for (i, c) in original.char_indices() {
                    if !escaped(i, c) {
                        shown.push(c);
                        continue;
                    }
                    let shown_at = shown.len();
                    shown.extend(c.escape_unicode());
                    escapes.push(Escape {
                        at: i,
                        len: c.len_utf8(),
                        shown_at,
                        shown_len: shown.len() - shown_at,
                    });
                }
                Cow::Owned(shown)
            }
        };
        let line_starts = std::iter::once(0)
            .chain(shown.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.0.push(ShownFile {
            name: escape_controls(&path.display().to_string()).into_owned(),
            original,
            shown,
            line_starts,
            escapes,
        });
        self.0.len() - 1
    }
}

impl ShownFile<'_> {
    /// The offset in `shown` of an offset in `original`.
    fn to_shown(&self, at: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.at < at);
        match before.checked_sub(1).map(|i| self.escapes[i]) {
            Some(e) => e.shown_at + e.shown_len + (at - e.at - e.len),
            None => at,
        }
    }

    /// The offset in `original` of an offset in `shown` (inside an escape: the escaped
    /// character).
    fn to_original(&self, at: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.shown_at <= at);
        match before.checked_sub(1).map(|i| self.escapes[i]) {
            Some(e) if at < e.shown_at + e.shown_len => e.at,
            Some(e) => e.at + e.len + (at - e.shown_at - e.shown_len),
            None => at,
        }
    }

    fn shown_range(&self, range: Range<usize>) -> Range<usize> {
        self.to_shown(range.start)..self.to_shown(range.end)
    }
}

impl<'a> Files<'a> for ShownFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file(id)?.shown)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let starts = &self.file(id)?.line_starts;
        Ok(starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.file(id)?;
        let start = *(file.line_starts.get(line_index)).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: file.line_starts.len() - 1,
        })?;
        let end = file
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.shown.len());
        Ok(start..end)
    }

    /// The column in the text as written, counted in characters as `Pos` is.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.file(id)?;
        let line_start = file.to_original(self.line_range(id, line_index)?.start);
        let at = file.to_original(byte_index).max(line_start);
        Ok(file.original[line_start..at].chars().count() + 1)
    }
}

impl ShownFiles<'_> {
    fn file(&self, id: usize) -> Result<&ShownFile<'_>, FilesError> {
        self.0.get(id).ok_or(FilesError::FileMissing)
    }
}

/// One JSON object per line, for editors and CI tools.
///
/// serde_json escapes C0 controls but writes DEL, C1 controls and bidi characters as they are;
/// those are escaped too (`\u009b`), so the lines are safe to print and decode to the same
/// text.
pub fn render_json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        #[derive(Serialize)]
        struct Line<'a> {
            severity: Severity,
            code: Code,
            file: String,
            line: Option<u32>,
            column: Option<u32>,
            message: &'a str,
            help: Option<&'a str>,
        }
        let line = Line {
            severity: d.severity,
            code: d.code,
            file: d.file.display().to_string(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            message: d.message.get(lang),
            help: d.help.as_ref().map(|h| h.get(lang)),
        };
        let json = serde_json::to_string(&line).expect("diagnostic serializes");
        // Outside strings a JSON line is ASCII, so each such character is inside a string.
        for c in json.chars() {
            match acts_on_terminal(c) {
                true => out.push_str(&format!("\\u{:04x}", c as u32)),
                false => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// The byte offset of a 1-based line and (character) column.
pub(crate) fn byte_offset(text: &str, pos: Pos) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line as usize {
            let col = pos.col.saturating_sub(1) as usize;
            return offset
                + line
                    .char_indices()
                    .nth(col)
                    .map(|(b, _)| b)
                    .unwrap_or(line.trim_end_matches(['\n', '\r']).len());
        }
        offset += line.len();
    }
    text.len()
}

/// Mark the token under the offset: up to the next space, colon or end of line.
fn marker_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| c == '\n' || c == '\r' || c == ':' || c == ' ' || c == ',' || c == '}')
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// The nearest candidate by edit distance, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (word.chars().count().max(c.chars().count()) / 2).max(1);
    (d <= limit).then_some(c)
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// "did you mean `x`?" appended to a help text when there is a near candidate.
pub(crate) fn suggestion<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Message> {
    did_you_mean(word, candidates).map(|c| msg!("是不是要写 `{c}`？", "did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_always_leaves_an_error_that_says_why() {
        let warning = || {
            Diagnostic::warning(
                Path::new("a.yaml"),
                None,
                Code::YamlSyntax,
                Message::verbatim("only a warning"),
            )
        };
        // A stage that gives up with nothing but a warning still leaves an error.
        let mut diags = Diagnostics::default();
        diags.stop_all(Diagnostics::from(warning()));
        assert!(diags.has_errors());
        assert_eq!(diags.iter().count(), 2, "the warning is kept too");
        // With an error in the list already, nothing is added.
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error(
            Path::new("b.yaml"),
            None,
            Code::YamlSyntax,
            Message::verbatim("broken"),
        ));
        diags.stopped_because(|| unreachable!("an error is there already"));
        assert_eq!(diags.iter().count(), 1);
        // Without one, the reason given is pushed as an error.
        let mut diags = Diagnostics::default();
        diags.stopped_because(|| {
            Diagnostic::error(
                Path::new("site.yaml"),
                None,
                Code::YamlSyntax,
                Message::verbatim("unusable"),
            )
        });
        assert!(diags.has_errors());
        assert!(diags.check().is_err());
    }

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(
            did_you_mean("purpse", ["purpose", "basis"]),
            Some("purpose")
        );
        assert_eq!(did_you_mean("zzzzzz", ["purpose", "basis"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// Every character a terminal acts on, but line feed and tab.
    fn raw_controls(text: &str) -> Vec<char> {
        text.chars().filter(|&c| acts_on_terminal(c)).collect()
    }

    #[test]
    fn human_output_shows_control_characters_escaped_and_marks_the_right_column() {
        let file = PathBuf::from("content/certificates/2026-01-\u{1b}[2J.yaml");
        let text =
            "date: 2026-01-01\nitems:\n  - status: \u{1b}[31m\u{7}\u{202e}bad\u{9b}x 村 here\r\n";
        let sources = BTreeMap::from([(file.clone(), std::sync::Arc::new(text.to_string()))]);
        // `here`: after ESC, BEL, RLO and CSI on its line, at character 28.
        let d = Diagnostic::error(
            &file,
            Some(Pos::new(3, 28)),
            Code::YamlSyntax,
            Message::verbatim("bad `\u{1b}[31m\u{7}\u{202e}bad`"),
        )
        .help(Message::verbatim("not \u{2066}this\u{85}"));
        let out = render_human(std::slice::from_ref(&d), &sources, false, Lang::En);
        assert!(raw_controls(&out).is_empty(), "{out:?}");
        assert!(out.contains("2026-01-\\u{1b}[2J.yaml:3:28"), "{out}");
        assert!(out.contains("bad `\\u{1b}[31m\\u{7}\\u{202e}bad`"), "{out}");
        assert!(out.contains("help: not \\u{2066}this\\u{85}"), "{out}");
        let line = "  - status: \\u{1b}[31m\\u{7}\\u{202e}bad\\u{9b}x 村 here";
        let shown = out.lines().find(|l| l.ends_with(line)).expect(&out);
        let marker = out
            .lines()
            .find(|l| l.trim_end().ends_with("^^^^"))
            .expect(&out);
        // The marker stands under `here` (村 is two columns wide on a terminal).
        let width = |s: &str| s.chars().map(|c| 1 + usize::from(c == '村')).sum::<usize>();
        let here = width(&shown[..shown.find("here").unwrap()]);
        assert_eq!(width(&marker[..marker.find('^').unwrap()]), here, "{out}");
        // Without a source text, the one-line form is escaped too.
        let line = render_human(&[d], &BTreeMap::new(), false, Lang::En);
        assert!(raw_controls(&line).is_empty(), "{line:?}");
        assert!(
            line.contains(":3:28: error[yaml-syntax]: bad `\\u{1b}[31m"),
            "{line}"
        );
    }

    #[test]
    fn escaping_maps_offsets_both_ways() {
        let mut files = ShownFiles::default();
        let text = "a\u{1b}b\u{202e}c\r\nd\re";
        let id = files.add(Path::new("f"), text);
        let f = &files.0[id];
        assert_eq!(&*f.shown, "a\\u{1b}b\\u{202e}c\r\nd\\u{d}e");
        for (i, c) in text.char_indices() {
            let at = f.to_shown(i);
            assert_eq!(f.to_original(at), i, "{c:?}");
            // Shown as they are: all but the escaped ones (the CR at 7 ends its line).
            if !acts_on_terminal(c) || i == 7 {
                assert!(f.shown[at..].starts_with(c), "{c:?} at {i}");
            }
        }
        assert_eq!(f.to_shown(text.len()), f.shown.len());
    }

    #[test]
    fn json_output_escapes_what_serde_json_writes_as_it_is() {
        let d = Diagnostic::warning(
            Path::new("a\u{1b}.yaml"),
            Some(Pos::new(1, 2)),
            Code::YamlSyntax,
            Message::verbatim("x\u{7}\u{7f}\u{9b}\u{202e}\u{2069}y 村"),
        );
        let json = render_json(std::slice::from_ref(&d), Lang::En);
        assert!(raw_controls(json.trim_end()).is_empty(), "{json:?}");
        assert!(
            json.contains(r#""message":"x\u0007\u007f\u009b\u202e\u2069y 村""#),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["message"], d.message.en.as_str());
        assert_eq!(back["file"], "a\u{1b}.yaml");
    }

    #[test]
    fn offsets_count_characters() {
        let text = "a: 1\n名称: 亲属\n";
        assert_eq!(byte_offset(text, Pos::new(2, 5)), 5 + "名称: ".len());
    }
}
