//! A structured field's value (`online`, `refer_to`, `promise`) as labelled lines, which the
//! changelog and `qingdan diff` compare and show as they do a list.

use crate::model::{Channel, Promise, ReferTo, Text};

/// One line of a structured field: the part it is (`agency`, `phone`, `conditions`; `channel`
/// for an online channel), its text when it is one, and the plain value beside it (an
/// address, a telephone number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    pub part: &'static str,
    pub text: Option<&'a Text>,
    pub plain: Option<&'a str>,
    /// Whether `text` is Markdown (shown as plain text in a line).
    pub markdown: bool,
}

impl<'a> Line<'a> {
    fn text(part: &'static str, text: &'a Text, markdown: bool) -> Line<'a> {
        Line {
            part,
            text: Some(text),
            plain: None,
            markdown,
        }
    }

    pub(super) fn channel(c: &'a Channel) -> Line<'a> {
        Line {
            part: "channel",
            text: Some(&c.name),
            plain: Some(&c.url.value),
            markdown: false,
        }
    }

    pub(super) fn refer_to(r: &'a ReferTo) -> Vec<Line<'a>> {
        let mut lines = vec![Line::text("agency", &r.agency, false)];
        lines.extend(r.address.as_ref().map(|t| Line::text("address", t, false)));
        lines.extend(r.phone.as_ref().map(|p| Line {
            part: "phone",
            text: None,
            plain: Some(&p.value),
            markdown: false,
        }));
        lines.extend(r.hours.as_ref().map(|t| Line::text("hours", t, false)));
        lines
    }

    pub(super) fn promise(p: &'a Promise) -> Vec<Line<'a>> {
        let mut lines: Vec<Line<'a>> = (p.texts().into_iter())
            .map(|(part, t)| Line::text(part, t, part != "verified_by"))
            .collect();
        // The 承诺书 by the file named: a new file is a new line.
        lines.extend(p.form.as_ref().map(|f| Line {
            part: "form",
            text: f.title.as_ref(),
            plain: Some(&f.file.value),
            markdown: false,
        }));
        lines
    }

    /// The line in `lang` (else `default`), its text made plain by `plain` when it is
    /// Markdown: the text, then the plain value after a space.
    pub fn shown(&self, lang: &str, default: &str, plain: impl Fn(&str) -> String) -> String {
        let text = self.text.map(|t| {
            let t = t.get_or(lang, default);
            match self.markdown {
                true => plain(t),
                false => t.to_string(),
            }
        });
        match (text, self.plain) {
            (Some(t), Some(p)) => format!("{t} {p}"),
            (Some(t), None) => t,
            (None, Some(p)) => p.to_string(),
            (None, None) => String::new(),
        }
    }
}
