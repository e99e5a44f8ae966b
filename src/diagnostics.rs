//! Problems found in the content: what is wrong, where (file, line, column) and how to fix it.
//!
//! Every stage reports into a `Diagnostics` list instead of stopping at the first problem, so
//! staff see everything that needs fixing in one run. Rendering shows the offending source line
//! with a marker under it (codespan-reporting), or one JSON object per problem for tools.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line: line as u32,
            col: col as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with everything a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (content dir joined with the relative path).
    pub file: PathBuf,
    /// Where in the file; `None` for problems with the file as a whole.
    pub pos: Option<Pos>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `path:line:col: error: message (help)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.col)?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
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
            (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message))
        });
        self.list.dedup();
        self.list
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics { list: vec![d] }
    }
}

/// Renders diagnostics with the source line and a marker, as a compiler does.
///
/// `sources` maps a file path to its text; a file without text (unreadable, not UTF-8) is
/// reported on one line.
pub fn render_human(
    diagnostics: &[Diagnostic],
    sources: &crate::load::SourceTexts,
    color: bool,
) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    for (path, text) in sources {
        ids.insert(path.clone(), files.add(path.display().to_string(), &**text));
    }
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let located = d
            .pos
            .and_then(|pos| Some((ids.get(&d.file)?, sources.get(&d.file)?, pos)));
        let Some((&id, text, pos)) = located else {
            out.push_str(&d.to_string());
            out.push('\n');
            continue;
        };
        let start = byte_offset(text, pos);
        let end = marker_end(text, start);
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&d.message)
        .with_labels(vec![Label::primary(id, start..end)])
        .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect());
        let rendered = if color {
            let mut buf = term::termcolor::Buffer::ansi();
            let _ = term::emit_to_write_style(&mut buf, &config, &files, &report);
            String::from_utf8_lossy(buf.as_slice()).into_owned()
        } else {
            term::emit_into_string(&config, &files, &report).unwrap_or_else(|_| d.to_string())
        };
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

/// One JSON object per line, for editors and CI tools.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        #[derive(Serialize)]
        struct Line<'a> {
            severity: Severity,
            file: String,
            line: Option<u32>,
            column: Option<u32>,
            message: &'a str,
            help: Option<&'a str>,
        }
        let line = Line {
            severity: d.severity,
            file: d.file.display().to_string(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.col),
            message: &d.message,
            help: d.help.as_deref(),
        };
        out.push_str(&serde_json::to_string(&line).expect("diagnostic serializes"));
        out.push('\n');
    }
    out
}

/// The byte offset of a 1-based line and (character) column.
pub fn byte_offset(text: &str, pos: Pos) -> usize {
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
pub fn did_you_mean<'a>(
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
pub fn edit_distance(a: &str, b: &str) -> usize {
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
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(
            did_you_mean("purpse", ["purpose", "basis"]),
            Some("purpose")
        );
        assert_eq!(did_you_mean("zzzzzz", ["purpose", "basis"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn offsets_count_characters() {
        let text = "a: 1\n名称: 亲属\n";
        assert_eq!(byte_offset(text, Pos::new(2, 5)), 5 + "名称: ".len());
    }
}
