//! The search index of each language, which the site's script searches in the browser: every
//! id ever published, with where it went. Written twice: `search.json` for other programs, and
//! `search-index.js`, the same rows with the synonym groups and the traditional-character
//! table, set as a global by a script file so that search works opened from disk (browsers
//! block `fetch` from `file://`) and under `script-src 'self'` without `connect-src`.
//! The other lists' items (`lists:` in site.yaml) are rows of both; the script holds them
//! apart, under `lists`, so that it shows them after the certificates, each with its list's
//! name, and a site without lists gets the script it always had.

use super::renderer::Renderer;
use crate::base::output_file::OutputFile;
use crate::model::{Status, Text};

impl<'a> Renderer<'a> {
    /// The search index of one language: every id ever published (cancelled, removed and
    /// renamed ones too, so a search for them explains where to go), as compact arrays
    /// `[href, name, state, keywords, purpose, rest, detail]` with hrefs relative to the
    /// language root. `detail` is the alternative (cancelled), the removal date as readers read it
    /// (removed) or
    /// the successor's href and name separated by U+001F (renamed).
    pub(super) fn search_index(&self, lang: usize) -> Vec<OutputFile> {
        let rows = self.search_rows(lang);
        let lists = self.list_search_rows(lang);
        let prefix = self.plan.lang_prefix(lang);
        let all: Vec<serde_json::Value> = (rows.iter().chain(&lists).cloned()).collect();
        let json = serde_json::json!({ "v": 1, "items": all });
        let text: String = (rows.iter().chain(&lists))
            .flat_map(|r| r.as_array().into_iter().flatten())
            .filter_map(|v| v.as_str())
            .collect();
        let synonyms: Vec<Vec<&str>> = DEFAULT_SYNONYMS
            .iter()
            .map(|g| g.to_vec())
            .chain(
                (self.content.site.search.synonyms.iter())
                    .map(|g| g.value.iter().map(String::as_str).collect()),
            )
            .collect();
        let mut script = serde_json::json!({
            "v": 2,
            "items": rows,
            "synonyms": synonyms,
            "traditional": traditional_table(&text, &synonyms),
        });
        // A list item has no verdict: the script shows its list's name (the row's keywords)
        // instead, below the certificates.
        if !lists.is_empty() {
            script["lists"] = lists.into();
        }
        vec![
            OutputFile {
                path: format!("{prefix}search.json"),
                bytes: serde_json::to_vec(&json).expect("the index serializes"),
            },
            OutputFile {
                path: format!("{prefix}search-index.js"),
                bytes: format!(
                    "window.qingdanSearchIndex = {};\n",
                    serde_json::to_string(&script).expect("the index serializes")
                )
                .into_bytes(),
            },
        ]
    }

    /// One row per id ever published, as described on [`Renderer::search_index`].
    fn search_rows(&self, lang: usize) -> Vec<serde_json::Value> {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &Text| t.get_or(code, default).to_string();
        let plain = |t: &Option<Text>| {
            t.as_ref()
                .map(|t| crate::emit::markdown::to_plain(&pick(t)))
                .unwrap_or_default()
        };
        let mut rows = Vec::with_capacity(self.history.items.len());
        for (id, h) in &self.history.items {
            let item = self.history.item(self.content, h.last);
            let current = self.history.is_current(id);
            let (state, detail) = match (current, &h.successor, item.status.value) {
                (true, _, Status::Issued) => ("issued", String::new()),
                (true, _, Status::Cancelled) => ("cancelled", plain(&item.alternative)),
                (false, Some(s), _) => {
                    let succ = self.history.item(self.content, self.history.items[s].last);
                    (
                        "renamed",
                        format!("items/{s}/index.html\u{1f}{}", pick(&succ.name)),
                    )
                }
                (false, None, _) => ("removed", self.date_text(lang, h.last.version + 1)),
            };
            let keywords: Vec<String> = item.keywords.iter().map(pick).collect();
            let rest: Vec<String> = [
                item.requested_by.as_ref().map(pick),
                item.issuer.as_ref().map(pick),
                self.content
                    .site
                    .category_name(&item.category.value)
                    .map(pick),
                Some(plain(&item.alternative)),
            ]
            .into_iter()
            .flatten()
            .collect();
            rows.push(serde_json::json!([
                format!("items/{id}/index.html"),
                pick(&item.name),
                state,
                keywords.join(" "),
                item.purpose.as_ref().map(pick).unwrap_or_default(),
                rest.join(" "),
                detail,
            ]));
        }
        rows
    }
}

/// Words residents use for the same thing, shipped for this domain: a query that contains one
/// member of a group also matches an item that says another. Chinese and English groups live
/// together; a group only ever matches text in its own script.
pub(crate) const DEFAULT_SYNONYMS: &[&[&str]] = &[
    &["领养", "收养", "抱养"],
    &["租房", "租赁", "租住", "租的房"],
    &["去世", "死亡", "身故", "过世", "死了", "走了"],
    &["低保", "最低生活保障", "低收入"],
    &["困难", "贫困"],
    &["无犯罪", "无违法犯罪", "无犯罪记录", "良民证"],
    &["亲属", "亲戚", "家属", "家庭关系"],
    &["婚姻", "结婚", "离婚", "单身", "未婚"],
    &["户籍", "户口"],
    &["丢了", "丢失", "遗失", "不见了"],
    &["孩子", "子女", "小孩"],
    &["房子", "房屋", "住房", "房产"],
    &["居住", "住址", "住在"],
    &["活着", "健在", "生存"],
    &["生病", "疾病", "看病"],
    &["养狗", "养犬"],
    &["上学", "转学", "学籍"],
    &["adopt", "adoption", "adopter"],
    &["death", "died", "dead", "deceased", "passed away"],
    &["rent", "renting", "rented", "tenancy", "lease"],
    &["criminal", "crime", "police clearance", "good conduct"],
    &["relative", "kinship", "family relationship"],
    &["marriage", "marital", "married", "single"],
    &["alive", "life", "survival"],
    &["lost", "missing", "lose"],
];

/// Characters of common requests that are not in item texts (filler such as 我要开, 去哪办):
/// their traditional forms fold too, so a query in traditional characters drops its filler.
const REQUEST_CHARACTERS: &str = "我要开个办去哪里怎么什么需要的请问在哪儿里边样为这证明";

/// `[traditional, simplified]`: the pairs of the traditional-character table whose simplified
/// character occurs in `text`, the synonyms or common requests (the others cannot match).
fn traditional_table(text: &str, synonyms: &[Vec<&str>]) -> [String; 2] {
    use super::traditional::{SIMPLIFIED, TRADITIONAL};
    let wanted: std::collections::BTreeSet<char> = text
        .chars()
        .chain(REQUEST_CHARACTERS.chars())
        .chain(
            synonyms
                .iter()
                .flat_map(|g| g.iter())
                .flat_map(|w| w.chars()),
        )
        .collect();
    let (mut trad, mut simp) = (String::new(), String::new());
    for (t, s) in TRADITIONAL.chars().zip(SIMPLIFIED.chars()) {
        if wanted.contains(&s) {
            trad.push(t);
            simp.push(s);
        }
    }
    [trad, simp]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traditional_table_keeps_only_characters_that_can_match() {
        let [trad, simp] = traditional_table("亲属关系证明", &[]);
        for (t, s) in [
            ('親', '亲'),
            ('屬', '属'),
            ('關', '关'),
            ('係', '系'),
            ('證', '证'),
        ] {
            let at = trad
                .chars()
                .position(|c| c == t)
                .expect("traditional character kept");
            assert_eq!(simp.chars().nth(at), Some(s));
        }
        // 龍 folds to 龙, which occurs in neither the text nor common requests.
        assert!(!trad.contains('龍'));
        assert_eq!(trad.chars().count(), simp.chars().count());
    }

    #[test]
    fn the_generated_table_pairs_one_character_with_one() {
        use super::super::traditional::{SIMPLIFIED, TRADITIONAL};
        assert_eq!(TRADITIONAL.chars().count(), SIMPLIFIED.chars().count());
        assert!(TRADITIONAL.chars().count() > 2000);
    }
}
