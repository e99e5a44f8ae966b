//! A policy body rendered: its Markdown with its published images (`<img>` with the size read
//! from the file, lazily loaded), and, for the question-and-answer form (`form: questions`),
//! split into its questions.
//!
//! In that form each `## ` heading is a question and the Markdown under it, up to the next
//! one, its answer; what stands before the first question is an introduction. A question's
//! anchor is its place, `q1`, `q2`, ...: it stays when a question is reworded (a link to it
//! from elsewhere keeps working), and a question added at the end changes no other anchor.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::links::up;
use crate::emit::markdown::{escape, to_html_with_images};
use crate::model::{PolicyDoc, PolicyForm};

/// One question and its answer.
#[derive(Serialize)]
pub(super) struct Question {
    /// The anchor: `q1`, `q2`, ...
    pub(super) id: String,
    /// The question as plain text.
    pub(super) text: String,
    /// The answer, as sanitized HTML.
    pub(super) answer: String,
}

pub(super) struct Body {
    /// The whole body, or in the question-and-answer form what precedes the first question.
    pub(super) intro: String,
    pub(super) questions: Vec<Question>,
}

/// `doc`'s body as HTML for the page in `dir`.
pub(super) fn render(doc: &PolicyDoc, dir: &str) -> Body {
    let root = up(dir);
    let image = |src: &str, alt: &str| {
        let found = doc.images.iter().find(|i| i.src == src)?;
        Some(format!(
            "<img src=\"{root}{}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
            escape(&found.path),
            escape(alt.trim()),
            found.width,
            found.height
        ))
    };
    let md = |text: &str| to_html_with_images(text, &image);
    if doc.form == PolicyForm::Prose {
        return Body {
            intro: md(&doc.body),
            questions: Vec::new(),
        };
    }
    let split = split_questions(&doc.body);
    Body {
        intro: md(split.intro),
        questions: (split.questions.into_iter().enumerate())
            .map(|(n, (text, answer))| Question {
                id: format!("q{}", n + 1),
                text,
                answer: md(answer),
            })
            .collect(),
    }
}

/// A body in the question-and-answer form, in pieces of its Markdown.
struct Split<'m> {
    intro: &'m str,
    /// Each question as plain text, with its answer's Markdown.
    questions: Vec<(String, &'m str)>,
}

/// `body` cut at its level-2 headings (not at a `## ` inside a code block, which is no heading).
fn split_questions(body: &str) -> Split<'_> {
    // Each heading: where it starts and ends, and its text.
    let mut headings: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => open = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = &mut open {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, text)) = open.take() {
                    headings.push((start, range.end, text.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    let intro = &body[..headings.first().map_or(body.len(), |h| h.0)];
    let questions = (0..headings.len())
        .map(|i| {
            let (_, end, text) = &headings[i];
            let next = headings.get(i + 1).map_or(body.len(), |h| h.0);
            (text.clone(), &body[*end..next])
        })
        .collect();
    Split { intro, questions }
}

#[cfg(test)]
mod tests {
    use super::split_questions;

    #[test]
    fn questions_are_the_level_two_headings() {
        let body = "为便于理解，解答如下。\n\n## 第一问？\n\n答一。\n\n### 小标题\n\n```\n## 不是问题\n```\n\n## 第二问\n\n答二。\n";
        let split = split_questions(body);
        assert_eq!(split.intro, "为便于理解，解答如下。\n\n");
        let texts: Vec<&str> = split.questions.iter().map(|q| q.0.as_str()).collect();
        assert_eq!(texts, ["第一问？", "第二问"]);
        assert!(
            split.questions[0].1.contains("### 小标题")
                && split.questions[0].1.contains("## 不是问题")
        );
        assert_eq!(split.questions[1].1.trim(), "答二。");
    }
}
