//! The images of policy bodies (图解, `![alt](images/flow.png)`): found in the Markdown, each
//! checked where it is written, read from the content folder and published.
//!
//! An image is a local file below `policy/` (the policy file's folder): no web address (the
//! site makes no request to another host), no absolute path and no `..`, so every image is
//! published below one folder (`model::published::policy_image_path`) that nothing generated
//! uses. It is read like every file the content names (`read::source::read_asset`: no links,
//! nothing outside the content folder, a size limit), must be a raster image whose bytes are of
//! the kind its name says, and needs its alternative text: without it a screen reader has
//! nothing to say. Its width and height are read from the file's header, so that the page
//! keeps its room while it loads.
//!
//! One narrow entry point, `publish`, so that a shared mechanism for the content's files can
//! take this over.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::base::output_file::OutputFile;
use crate::model::published::{policy_image_path, POLICY_IMAGE_KINDS};
use crate::model::{Policy, PolicyDoc, PolicyImage};
use crate::msg;
use crate::read::source::{self, Limit, Words};

/// Each image of a policy body. A 图解 is a few hundred kilobytes.
pub(crate) const IMAGE_LIMIT: Limit = Limit {
    bytes: 5 << 20,
    kind: Words {
        zh: "政策解读中的图片",
        en: "an image in a policy interpretation",
    },
    help: Words {
        zh: "请把图片缩小或压缩后再放入：网页上的图解几百千字节就够了",
        en: "make the image smaller or compress it; a diagram on a web page needs a few hundred kilobytes",
    },
};

/// Check and read every image of `policies`, recording each usable one in its document's
/// `images`; the files to publish, one per image file.
pub(crate) fn publish(
    root: &Path,
    policies: &mut [Policy],
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for doc in policies.iter_mut().flat_map(|p| p.docs.values_mut()) {
        let mut images = Vec::new();
        for found in images_of(doc) {
            // Each use of an image needs its text; its file is read once.
            let read = images.iter().any(|i: &PolicyImage| i.src == found.src);
            match check(root, &found, read, &mut files) {
                Ok(image) => images.extend(image),
                Err((code, message, help)) => diags
                    .push(Diagnostic::error(&doc.file, Some(found.pos), code, message).help(help)),
            }
        }
        doc.images = images;
    }
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

/// An image as written in a body.
struct Found {
    src: String,
    alt: String,
    pos: Pos,
}

/// The images of `doc`'s body, each with its position in the file.
fn images_of(doc: &PolicyDoc) -> Vec<Found> {
    let body = &doc.body;
    let mut found: Vec<Found> = Vec::new();
    // The image being read: its alternative text is the text up to its end.
    let mut open: Option<Found> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if open.is_none() => {
                let before = &body[..range.start];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let line = before.matches('\n').count() + doc.body_line as usize;
                let col = before[line_start..].chars().count() + 1;
                open = Some(Found {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    pos: Pos::new(line, col),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(image) = &mut open {
                    image.alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

type Refusal = (Code, Message, Message);

/// `found` checked, read and added to `files`, or why not; `None` when its file was `read`
/// already and only its text is checked.
fn check(
    root: &Path,
    found: &Found,
    read: bool,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<Option<PolicyImage>, Refusal> {
    let src = &found.src;
    if found.alt.trim().is_empty() {
        return Err((
            Code::ImageAlt,
            msg!(
                "图片 `{src}` 没有替代文字",
                "the image `{src}` has no alternative text"
            ),
            msg!(
                "在方括号里写出图片表达的内容，供看不见图片的读者使用，例如 `![图解：起草过程](images/flow.png)`",
                "write what the image shows inside the brackets, for readers who cannot see it, \
                 e.g. `![Diagram: how the measures were drafted](images/flow.png)`"
            ),
        ));
    }
    if read {
        return Ok(None);
    }
    let rel = below_policy(src)?;
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let kind = ext
        .as_deref()
        .filter(|e| POLICY_IMAGE_KINDS.contains(e))
        .ok_or_else(|| wrong_kind(src))?;
    let bytes = source::read_asset(root, Path::new(&format!("policy/{rel}")), IMAGE_LIMIT)
        .map_err(|problem| {
            let (message, help) = problem.describe();
            let help = match problem {
                source::Problem::Io(..) => msg!(
                    "把图片放到 `policy/{rel}`，或者改正图片的位置",
                    "put the image at `policy/{rel}`, or correct its address"
                ),
                _ => help,
            };
            (
                problem.code(),
                msg!("图片 `{src}`：", "the image `{src}`:").then(&message),
                help,
            )
        })?;
    let (width, height) = dimensions(kind, &bytes).ok_or_else(|| {
        let kind = kind.to_ascii_uppercase();
        (
            Code::ImageKind,
            msg!(
                "`{src}` 的内容不是 {kind} 图片",
                "`{src}` does not hold a {kind} image"
            ),
            msg!(
                "用图片软件把它另存为真正的 {kind} 文件，或者按它的实际类型改正扩展名",
                "save it as a real {kind} file from an image editor, or give it the extension \
                 of its real kind"
            ),
        )
    })?;
    let path = policy_image_path(&rel);
    files.entry(path.clone()).or_insert(bytes);
    Ok(Some(PolicyImage {
        src: src.clone(),
        path,
        width,
        height,
    }))
}

/// The path below `policy/` that `src` names, or why it names none: only letters, digits,
/// `.`, `_`, `-` and `/` between names, so that it is also its own address on the site.
fn below_policy(src: &str) -> Result<String, Refusal> {
    let refuse = |message: Message| {
        (
            Code::ImagePath,
            message,
            msg!(
                "把图片放进 `policy/` 文件夹（或其中的文件夹），写它相对于政策解读文件的位置，例如 `![图解：起草过程](images/flow.png)`",
                "put the image in the `policy/` folder (or a folder inside it) and write where it \
                 is from the policy file, e.g. `![Diagram: the drafting](images/flow.png)`"
            ),
        )
    };
    if src.contains(':') || src.starts_with("//") {
        return Err(refuse(msg!(
            "`{src}` 是网址：政策解读只显示内容文件夹里的图片",
            "`{src}` is a web address: a policy interpretation shows only images inside the \
             content folder"
        )));
    }
    if src.starts_with(['/', '\\']) {
        return Err(refuse(msg!(
            "`{src}` 是绝对路径：图片位置要从政策解读文件所在的文件夹写起",
            "`{src}` is an absolute path: write the image's place from the policy file's folder"
        )));
    }
    let mut parts = Vec::new();
    for part in src.split('/') {
        match part {
            "." => continue,
            ".." => {
                return Err(refuse(msg!(
                    "`{src}` 用 `..` 离开了 `policy/` 文件夹",
                    "`{src}` leaves the `policy/` folder with `..`"
                )))
            }
            _ => {}
        }
        let plain = |b: u8| b.is_ascii_alphanumeric() || b"._-".contains(&b);
        if part.is_empty() || part.starts_with('.') || !part.bytes().all(plain) {
            return Err((
                Code::ImagePath,
                msg!(
                    "图片位置 `{src}` 中有不能用在网址里的名称",
                    "the image address `{src}` has a name that cannot be part of a web address"
                ),
                msg!(
                    "文件和文件夹名只用英文字母、数字、`.`、`_` 和 `-`，不以 `.` 开头，例如 `images/flow-2023.png`",
                    "name the file and its folders with letters, digits, `.`, `_` and `-`, not \
                     starting with `.`, e.g. `images/flow-2023.png`"
                ),
            ));
        }
        parts.push(part);
    }
    Ok(parts.join("/"))
}

fn wrong_kind(src: &str) -> Refusal {
    let kinds = POLICY_IMAGE_KINDS.join(", ");
    let svg = src.to_ascii_lowercase().ends_with(".svg");
    let help = if svg {
        msg!(
            "SVG 图片可以带有脚本，不予发布：请从绘图软件导出为 PNG 再使用",
            "an SVG image can carry script and is not published: export it as PNG from the \
             drawing program"
        )
    } else {
        msg!(
            "图解用以下类型的图片：{kinds}",
            "use an image of one of these kinds: {kinds}"
        )
    };
    (
        Code::ImageKind,
        msg!(
            "`{src}` 不是 qingdan 能发布的图片",
            "`{src}` is not an image qingdan publishes"
        ),
        help,
    )
}

/// The width and height in `bytes`' header when they are an image of `kind` (an extension of
/// `POLICY_IMAGE_KINDS`).
fn dimensions(kind: &str, b: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| Some(u32::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])));
    let le16 = |i: usize| Some(u32::from(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?])));
    let le24 = |i: usize| {
        Some(u32::from_le_bytes([
            *b.get(i)?,
            *b.get(i + 1)?,
            *b.get(i + 2)?,
            0,
        ]))
    };
    let size = match kind {
        "png" => {
            if !b.starts_with(b"\x89PNG\r\n\x1a\n") || b.get(12..16)? != b"IHDR" {
                return None;
            }
            let be32 = |i: usize| Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?));
            (be32(16)?, be32(20)?)
        }
        "gif" => {
            if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
                return None;
            }
            (le16(6)?, le16(8)?)
        }
        "jpg" | "jpeg" => {
            if !b.starts_with(&[0xFF, 0xD8, 0xFF]) {
                return None;
            }
            // Segments until a start-of-frame marker (C0–CF but C4, C8 and CC), which holds
            // the height and then the width.
            let mut i = 2;
            loop {
                while *b.get(i)? == 0xFF && *b.get(i + 1)? == 0xFF {
                    i += 1;
                }
                if *b.get(i)? != 0xFF {
                    return None;
                }
                let marker = *b.get(i + 1)?;
                if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
                    break (be16(i + 7)?, be16(i + 5)?);
                }
                i += 2 + usize::try_from(be16(i + 2)?).ok()?;
            }
        }
        "webp" => {
            if !b.starts_with(b"RIFF") || b.get(8..12)? != b"WEBP" {
                return None;
            }
            match b.get(12..16)? {
                b"VP8 " => {
                    if b.get(23..26)? != [0x9D, 0x01, 0x2A] {
                        return None;
                    }
                    (le16(26)? & 0x3FFF, le16(28)? & 0x3FFF)
                }
                b"VP8L" => {
                    if *b.get(20)? != 0x2F {
                        return None;
                    }
                    let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
                    ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
                }
                b"VP8X" => (le24(24)? + 1, le24(27)? + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_size_from_each_kind_of_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(160u32.to_be_bytes());
        assert_eq!(dimensions("png", &png), Some((640, 160)));
        assert_eq!(
            dimensions("gif", b"GIF89a\x80\x02\xa0\x00"),
            Some((640, 160))
        );
        // SOI, an APP0 segment of 4 bytes, then SOF0: length, precision, height, width.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0xA0, 0x02, 0x80,
        ];
        assert_eq!(dimensions("jpg", &jpeg), Some((640, 160)));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend([0x7F, 0x02, 0x00, 0x9F, 0x00, 0x00]);
        assert_eq!(dimensions("webp", &vp8x), Some((640, 160)));
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        vp8l.extend((639u32 | (159 << 14)).to_le_bytes());
        assert_eq!(dimensions("webp", &vp8l), Some((640, 160)));
        // A PNG named .gif, a text, a header cut short.
        assert_eq!(dimensions("gif", &png), None);
        assert_eq!(
            dimensions("png", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            None
        );
        assert_eq!(dimensions("png", &png[..20]), None);
        assert_eq!(dimensions("jpeg", &jpeg[..12]), None);
    }

    #[test]
    fn an_image_address_stays_below_the_policy_folder() {
        assert_eq!(below_policy("images/flow.png").unwrap(), "images/flow.png");
        assert_eq!(below_policy("./flow_2.png").unwrap(), "flow_2.png");
        for bad in [
            "https://example.org/a.png",
            "//example.org/a.png",
            "data:image/png;base64,AA",
            "/etc/a.png",
            "../site.png",
            "images/../../a.png",
            "images//a.png",
            "images/.hidden.png",
            "图解.png",
            "a b.png",
            "a.png?x=1",
        ] {
            assert!(below_policy(bad).is_err(), "{bad}");
        }
    }
}
