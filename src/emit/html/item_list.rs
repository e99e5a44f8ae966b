//! Lists of items by category, as the home and version pages show them: the items of a version
//! in display order, each item's link (cached for the version pages), and the groups.

use std::collections::HashMap;

use serde::Serialize;

use super::cache::{memo, LinkKey, TextAt};
use super::links::depth;
use super::loc::{Md, L};
use super::renderer::Renderer;
use crate::model::{Content, Item};

#[derive(Serialize)]
struct ItemLink<'a> {
    id: &'a str,
    href: String,
    name: L<'a>,
    status: &'static str,
    alternative: Option<Md>,
    category: L<'a>,
}

#[derive(Serialize)]
pub(super) struct Group<'a> {
    pub(super) id: &'a str,
    name: L<'a>,
    /// `ItemLink`s.
    items: Vec<tera::Value>,
    /// Set when the group is too large to list: how many items and where they are.
    count: usize,
    pub(super) more: Option<String>,
}

impl<'a> Renderer<'a> {
    fn item_link(
        &self,
        lang: usize,
        dir: &str,
        item: &'a Item,
        with_alternative: bool,
    ) -> ItemLink<'a> {
        let loc = self.loc(lang);
        ItemLink {
            id: &item.id.value,
            href: self.item_href(dir, lang, &item.id.value),
            name: loc.text(&item.name),
            status: item.status.value.as_str(),
            alternative: if with_alternative {
                loc.md_opt(&item.alternative)
            } else {
                None
            },
            category: self.category_l(&loc, &item.category.value),
        }
    }

    /// `item_link` without the alternative, as a template value. The version pages list every
    /// item of every version, and most items are the same in all of them: each link is made
    /// once per language and depth, not once per version.
    pub(super) fn list_link(&self, lang: usize, dir: &str, item: &'a Item) -> tera::Value {
        let name = self.loc(lang).text(&item.name).text;
        let key = LinkKey {
            lang,
            depth: depth(dir),
            id: item.id.value.as_str(),
            name: TextAt::of(name),
            status: item.status.value.as_str(),
            category: item.category.value.as_str(),
        };
        memo(&self.links, key, || {
            tera::Value::from_serializable(&self.item_link(lang, dir, item, false))
        })
    }

    /// Items grouped by category in the order of site.yaml; with `links` false, only counted.
    pub(super) fn groups(
        &self,
        lang: usize,
        dir: &str,
        items: &[&'a Item],
        with_alternative: bool,
        links: bool,
    ) -> Vec<Group<'a>> {
        let loc = self.loc(lang);
        let mut groups: Vec<Group<'a>> = Vec::new();
        for item in items {
            let cat = item.category.value.as_str();
            if groups.last().is_none_or(|g| g.id != cat) {
                groups.push(Group {
                    id: cat,
                    name: self.category_l(&loc, cat),
                    items: Vec::new(),
                    count: 0,
                    more: None,
                });
            }
            let g = groups.last_mut().expect("pushed above");
            if links {
                g.items.push(match with_alternative {
                    true => tera::Value::from_serializable(&self.item_link(lang, dir, item, true)),
                    false => self.list_link(lang, dir, item),
                });
            }
            g.count += 1;
        }
        groups
    }
}

/// A version's items sorted by category (site.yaml order), keeping list order inside.
pub(super) fn sorted_items(content: &Content, v: usize) -> Vec<&Item> {
    let items = &content.versions[v].items;
    sorted_indices(content, v)
        .into_iter()
        .map(|i| &items[i])
        .collect()
}

/// `sorted_items`, as indices into the version's items (for the build cache's keys, which
/// find an item's digest by its index).
pub(super) fn sorted_indices(content: &Content, v: usize) -> Vec<usize> {
    let order: HashMap<&str, usize> = content
        .site
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.value.as_str(), i))
        .collect();
    let items = &content.versions[v].items;
    let mut indices: Vec<usize> = (0..items.len()).collect();
    // Stable sort by a cached key: one lookup per item, not one per comparison.
    indices.sort_by_cached_key(|&i| {
        order
            .get(items[i].category.value.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    indices
}
