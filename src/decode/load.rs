//! Load stage: read the content folder and the theme, parse and decode them into `Content`.
//!
//! File reading happens in `source`; this stage ties it together with decoding, the theme
//! overrides named in site.yaml and the footer emblem. Problems with the files site.yaml names
//! are reported at the line that names them.

use std::path::{Component, Path, PathBuf};

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, SourceTexts, Stopped};
use crate::base::message::Message;
use crate::base::output_file::OutputFile;
use crate::decode::content::VersionMemo;
use crate::decode::{attachments, content, policy_images};
use crate::model::published::{emblem_kind, emblem_output_path, EMBLEM_KINDS};
use crate::model::{Content, Spanned};
use crate::msg;
use crate::read::source::{self, InputEncoding, TextMemo};
use crate::read::theme::{Strings, Theme};

/// Everything the later stages need, decoded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub content: Content,
    pub theme: Theme,
    /// UI strings per configured language, in `site.languages` order.
    pub strings: Vec<Strings>,
    /// Files copied as they are (the footer emblem, the attachments, the images of policy
    /// bodies).
    pub files: Vec<OutputFile>,
}

/// What a long-running caller (`serve`) keeps between its builds to make the next one
/// faster: the content's texts by their files' stamps (`read::source::TextMemo`) and the
/// version files decoded by their texts (`VersionMemo`). A build gives the same result with
/// or without it; one `Memory` serves one content folder's builds, one at a time.
#[derive(Debug, Default)]
pub struct Memory {
    texts: TextMemo,
    pub(crate) versions: VersionMemo,
}

/// `Err` when there is nothing to go on with (no usable site.yaml, no UI strings); otherwise
/// what decoded, with the problems of the rest in `diags`. What `memory` holds of files not
/// changed since is taken from it (`serve`'s builds); the rest is read, decoded and kept there.
pub fn load(
    dir: &Path,
    encoding: InputEncoding,
    diags: &mut Diagnostics,
    texts: &mut SourceTexts,
    memory: Option<&Memory>,
) -> Result<Loaded, Stopped> {
    let text_memo = memory.map(|m| &m.texts);
    let sources = source::read_content_kept(dir, encoding, diags, text_memo);
    for f in sources
        .site
        .iter()
        .chain(&sources.versions)
        .chain(&sources.policies)
        .chain(&sources.places)
        .chain(&sources.lists)
        .chain(sources.place_folders.iter().flat_map(|p| &p.files))
    {
        texts.insert(f.path.clone(), f.text.clone());
    }
    // `decode` gives up only after reporting why (or after `read_content` did); should a path
    // ever give up silently, the run still says which file it could not use.
    let Some(mut content) = content::decode(&sources, diags, memory.map(|m| &m.versions)) else {
        return Err(diags.stopped_because(|| {
            Diagnostic::error(
                &dir.join("site.yaml"),
                None,
                Code::SiteUnusable,
                msg!("无法使用 site.yaml", "site.yaml could not be used"),
            )
            .help(msg!(
                "请检查文件是否存在、能否读取，是否写有站点设置",
                "check that the file exists, is readable and holds the site's settings"
            ))
        }));
    };
    let site = &content.site;
    let mut theme = Theme::default_theme();
    let mut theme_dir = PathBuf::from("themes/default");
    if let Some(t) = &site.theme {
        if let Some(path) = source::resolve_theme(dir, &t.value, &site.file, t.pos, diags) {
            theme = theme.with_overrides(source::read_theme(&path, diags));
            theme_dir = path;
        }
    }
    let mut missing = None;
    for (lang, pos) in site.languages.iter().zip(&site.language_pos) {
        let rel = format!("i18n/{}.yaml", lang.code);
        if !theme.files.contains_key(&rel) {
            let fix = match &site.theme {
                Some(t) => {
                    let theme = &t.value;
                    msg!(
                        "在主题文件夹 `{theme}` 里添加 `{rel}`",
                        "add `{rel}` to the theme folder `{theme}`"
                    )
                }
                None => msg!(
                    "在 site.yaml 里加上 `theme: my-theme`，并添加文件 `my-theme/{rel}`",
                    "add `theme: my-theme` to site.yaml and a file `my-theme/{rel}`"
                ),
            };
            let code = &lang.code;
            missing = Some(
                diags.stop(
                    Diagnostic::error(
                        &site.file,
                        Some(*pos),
                        Code::UiStringsMissing,
                        msg!(
                            "没有语言 `{code}` 的界面文字",
                            "no UI strings for the language `{code}`"
                        ),
                    )
                    .help(Message::new(
                        format!("{}：把 themes/default/i18n/en.yaml 复制过去再翻译", fix.zh),
                        format!(
                            "{}: copy themes/default/i18n/en.yaml there and translate it",
                            fix.en
                        ),
                    )),
                ),
            );
        }
    }
    if let Some(stopped) = missing {
        return Err(stopped);
    }
    let codes: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let strings = match theme.strings(&codes, &theme_dir) {
        Ok(s) => s,
        Err(d) => return Err(diags.stop_all(d)),
    };
    let mut files = Vec::new();
    if let Some(emblem) = &site.footer.emblem {
        files.extend(emblem_file(dir, &site.file, emblem, diags));
    }
    files.extend(policy_images::publish(dir, &mut content.policies, diags));
    files.extend(attachments::publish(dir, &mut content, diags));
    Ok(Loaded {
        content,
        theme,
        strings,
        files,
    })
}

/// The footer emblem as published, or its problems at the `footer.emblem` line.
fn emblem_file(
    dir: &Path,
    site_file: &Path,
    emblem: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<OutputFile> {
    let refuse = |code: Code, message: Message, help: Message| {
        Diagnostic::error(site_file, Some(emblem.pos), code, message).help(help)
    };
    let rel = Path::new(&emblem.value);
    let inside = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        diags.push(refuse(
            Code::EmblemPath,
            msg!(
                "`footer.emblem` 必须是内容文件夹里的文件",
                "`footer.emblem` must be a file inside the content folder"
            ),
            msg!(
                "把图片放进内容文件夹，并写上它的文件名，例如 `emblem: emblem.png`",
                "put the image in the content folder and write its name, e.g. `emblem: emblem.png`"
            ),
        ));
        return None;
    }
    if emblem_kind(&emblem.value).is_none() {
        let (value, kinds) = (&emblem.value, EMBLEM_KINDS.join(", "));
        diags.push(refuse(
            Code::EmblemKind,
            msg!(
                "标识 `{value}` 不是 qingdan 能发布的图片",
                "the emblem `{value}` is not an image qingdan publishes"
            ),
            msg!(
                "党政机关网站标识是图片文件，文件名以下列之一结尾：{kinds}",
                "the 党政机关网站标识 is an image file ending in one of: {kinds}"
            ),
        ));
        return None;
    }
    match source::read_asset(dir, rel, source::ASSET_LIMIT) {
        Ok(bytes) => Some(OutputFile {
            path: emblem_output_path(&emblem.value),
            bytes,
        }),
        Err(problem) => {
            let (message, help) = problem.describe();
            let help = match problem {
                source::Problem::Io(..) => msg!(
                    "把党政机关网站标识图片放进内容文件夹，或者删去 `emblem`",
                    "put the 党政机关网站标识 image in the content folder, or remove `emblem`"
                ),
                _ => help,
            };
            let message = msg!("标识：", "the emblem:").then(&message);
            diags.push(refuse(problem.code(), message, help));
            None
        }
    }
}
