//! Load stage: read the content folder and the theme, parse and decode them into `Content`.
//!
//! File reading happens in `source`; this stage ties it together with decoding, the theme
//! overrides named in site.yaml and the footer emblem.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::source::{self, InputEncoding};
use crate::theme::{Strings, Theme};

/// Everything the later stages need, decoded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub content: Content,
    pub theme: Theme,
    /// UI strings per configured language, in `site.languages` order.
    pub strings: Vec<Strings>,
    /// Files copied as they are (the footer emblem).
    pub files: Vec<OutputFile>,
}

/// The source texts read, by path, so diagnostics can show the offending line. Shared with
/// the `SourceFile`s they were read into.
pub type SourceTexts = BTreeMap<PathBuf, Arc<String>>;

/// Where the emblem is published: under `assets/`, by its file name.
pub fn emblem_output_path(rel: &str) -> String {
    let name = rel.rsplit(['/', '\\']).next().unwrap_or(rel);
    format!("assets/{name}")
}

pub fn load(
    dir: &Path,
    encoding: InputEncoding,
    diags: &mut Diagnostics,
    texts: &mut SourceTexts,
) -> Option<Loaded> {
    let (sources, read_diags) = source::read_content(dir, encoding);
    diags.extend(read_diags);
    for f in sources
        .site
        .iter()
        .chain(&sources.versions)
        .chain(&sources.policies)
    {
        texts.insert(f.path.clone(), f.text.clone());
    }
    let content = content::decode(&sources, diags)?;
    let site = &content.site;
    let mut theme = Theme::default_theme();
    let mut theme_dir = PathBuf::from("themes/default");
    if let Some(t) = &site.theme {
        let path = dir.join(&t.value);
        if !path.is_dir() {
            diags.push(
                Diagnostic::error(&site.file, Some(t.pos), format!("the theme folder `{}` does not exist", path.display()))
                    .help("`theme:` is a folder relative to the content folder; remove the line to use the default theme"),
            );
        } else {
            match source::read_tree(&path) {
                Ok(files) => theme = theme.with_overrides(files),
                Err(d) => diags.push(d),
            }
            theme_dir = path;
        }
    }
    let codes: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let strings = match theme.strings(&codes, &theme_dir) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let mut files = Vec::new();
    if let Some(emblem) = &site.footer.emblem {
        let rel = Path::new(&emblem.value);
        let inside = rel
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            diags.push(
                Diagnostic::error(&site.file, Some(emblem.pos), "`footer.emblem` must be a file inside the content folder")
                    .help("put the image in the content folder and write its name, e.g. `emblem: emblem.png`"),
            );
        } else {
            match source::read_binary(&dir.join(rel)) {
                Ok(bytes) => files.push(OutputFile {
                    path: emblem_output_path(&emblem.value),
                    bytes,
                }),
                Err(d) => diags.push(Diagnostic {
                    help: Some(
                        "put the 党政机关网站标识 image in the content folder, or remove `emblem`"
                            .into(),
                    ),
                    ..d
                }),
            }
        }
    }
    Some(Loaded {
        content,
        theme,
        strings,
        files,
    })
}
