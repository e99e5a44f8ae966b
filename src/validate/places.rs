//! How the places of places.yaml fit together: ids that can be addresses and are unique,
//! parents that exist, no cycle, exactly one top place (the place the site is about), each
//! place a level below its parent, and a child's division code under its parent's.
//!
//! Every check is one pass over the list with a map from id to place, and no walk recurses:
//! a hostile file of a hundred thousand places in one long chain or one long cycle costs a
//! few passes. Each kind of problem is reported for the first `SHOWN` places only, then
//! counted, so that such a file cannot print a hundred thousand messages either.

use std::collections::HashMap;
use std::path::Path;

mod inherit;

use super::MAX_ID_LEN;
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::model::places::{code_prefix, Place, Places};
use crate::model::{is_slug, Content};
use crate::msg;

/// Problems of one kind reported place by place; more are counted in one last message.
const SHOWN: usize = 50;

/// Above this many places, an unknown parent gets no "did you mean" (each would compare
/// with every id).
const SUGGEST_AMONG: usize = 20_000;

/// How many ids of a cycle its message names.
const CYCLE_NAMED: usize = 8;

/// Check the content's places.yaml, if it has one.
pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    if let Some(places) = &content.places {
        check_places(places, diags);
        for home in places.places.iter().filter_map(|p| p.home.as_ref()) {
            super::check_base_url(&places.file, "home", home, diags);
        }
        inherit::check(content, places, diags);
    }
}

/// Reports problems of one kind: the first `SHOWN` as they are, then how many more.
struct Capped<'d> {
    diags: &'d mut Diagnostics,
    file: &'d Path,
    code: Code,
    /// Whether the problem is a warning (and so is the count of the rest).
    warning: bool,
    count: usize,
}

impl<'d> Capped<'d> {
    fn new(diags: &'d mut Diagnostics, file: &'d Path, code: Code) -> Capped<'d> {
        Capped {
            diags,
            file,
            code,
            warning: false,
            count: 0,
        }
    }

    fn warnings(mut self) -> Capped<'d> {
        self.warning = true;
        self
    }

    fn push(&mut self, d: impl FnOnce() -> Diagnostic) {
        self.count += 1;
        if self.count <= SHOWN {
            self.diags.push(d());
        }
    }
}

impl Drop for Capped<'_> {
    fn drop(&mut self) {
        let more = self.count.saturating_sub(SHOWN);
        if more == 0 {
            return;
        }
        let title_zh = self.code.title(crate::base::message::Lang::Zh);
        let title_en = self.code.title(crate::base::message::Lang::En);
        let message = msg!(
            "另有{more}处“{title_zh}”没有逐一列出",
            "{more} more places with the problem “{title_en}” are not listed"
        );
        let report = match self.warning {
            true => Diagnostic::warning(self.file, None, self.code, message),
            false => Diagnostic::error(self.file, None, self.code, message),
        };
        self.diags.push(report.help(msg!(
            "先改正上面列出的几处，再运行一次检查",
            "fix the ones listed above and check again"
        )));
    }
}

fn check_places(places: &Places, diags: &mut Diagnostics) {
    let file = places.file.as_path();
    let list = &places.places;
    check_ids(file, list, diags);
    let index = places.index();
    check_roots(file, list, diags);
    check_parents(file, list, &index, diags);
    check_cycles(file, list, &index, diags);
    check_levels_and_codes(file, list, &index, diags);
}

fn check_ids(file: &Path, list: &[Place], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Place> = HashMap::with_capacity(list.len());
    let mut invalid = Capped::new(diags, file, Code::InvalidPlaceId);
    for place in list {
        let id = &place.id.value;
        if !is_slug(id) || id.len() > MAX_ID_LEN {
            invalid.push(|| {
                Diagnostic::error(
                    file,
                    Some(place.id.pos),
                    Code::InvalidPlaceId,
                    msg!(
                        "id `{id}` 不能用作地点的固定网址",
                        "the id `{id}` cannot be a place's permanent address"
                    ),
                )
                .help(msg!(
                    "id 只用小写字母 a-z、数字和单个连字符（不能有汉字、`/`、`.` 或空格），最多{MAX_ID_LEN}个字符，例如 `chaoyang-street`",
                    "an id uses lowercase letters a-z, digits and single hyphens (no `/`, `.` or spaces), at most {MAX_ID_LEN} characters, e.g. `chaoyang-street`"
                ))
            });
        }
    }
    drop(invalid);
    let mut duplicate = Capped::new(diags, file, Code::DuplicatePlace);
    for place in list {
        let id = place.id.value.as_str();
        match first.get(id) {
            Some(earlier) => {
                let line = earlier.id.pos.line;
                duplicate.push(|| {
                    Diagnostic::error(
                        file,
                        Some(place.id.pos),
                        Code::DuplicatePlace,
                        msg!(
                            "地点 id `{id}` 在第{line}行已经用过",
                            "the place id `{id}` is already used on line {line}"
                        ),
                    )
                    .help(msg!(
                        "每个地点的 id 都要不同：给其中一个换一个 id",
                        "every place needs an id of its own: give one of them another id"
                    ))
                });
            }
            None => {
                first.insert(id, place);
            }
        }
    }
}

/// Exactly one place has no parent: the place the site is about.
fn check_roots(file: &Path, list: &[Place], diags: &mut Diagnostics) {
    let mut roots = list.iter().filter(|p| p.parent.is_none());
    let Some(root) = roots.next() else {
        if let Some(first) = list.first() {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(first.pos),
                    Code::PlaceRoot,
                    msg!(
                        "没有最上级地点：每个地点都写了 `parent`",
                        "there is no top place: every place has a `parent`"
                    ),
                )
                .help(msg!(
                    "本网站所属的地点（例如本区）不写 `parent`，其他地点都在它之下",
                    "leave out `parent` on the place the site is about (e.g. the district); \
                     every other place is under it"
                )),
            );
        }
        return;
    };
    let (root_id, root_line) = (&root.id.value, root.pos.line);
    let mut extra = Capped::new(diags, file, Code::PlaceRoot);
    for place in roots {
        let id = &place.id.value;
        extra.push(|| {
            Diagnostic::error(
                file,
                Some(place.id.pos),
                Code::PlaceRoot,
                msg!(
                    "地点 `{id}` 没有写 `parent`，但第{root_line}行的 `{root_id}` 已经是最上级地点",
                    "the place `{id}` has no `parent`, but `{root_id}` on line {root_line} is \
                     already the top place"
                ),
            )
            .help(msg!(
                "只有本网站所属的地点不写 `parent`：给 `{id}` 加上 `parent: 上级地点的id`",
                "only the place the site is about has no `parent`: give `{id}` a \
                 `parent: <id of the place it belongs to>`"
            ))
        });
    }
}

fn check_parents(
    file: &Path,
    list: &[Place],
    index: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let mut unknown = Capped::new(diags, file, Code::UnknownParentPlace);
    for place in list {
        let Some(parent) = &place.parent else {
            continue;
        };
        let name = &parent.value;
        if index.contains_key(name.as_str()) {
            continue;
        }
        unknown.push(|| {
            // Suggesting compares with every id: only for the places shown, and only in a
            // file of a size people write by hand (a province's is about 2,000 places).
            let near = (index.len() <= SUGGEST_AMONG)
                // In file order, so that of two ids as near the first written is named.
                .then(|| suggestion(name, list.iter().map(|p| p.id.value.as_str())))
                .flatten();
            let help = match near {
                Some(s) => s.then(&msg!(
                    "`parent` 要写上级地点的 id",
                    "`parent` is the id of the place this one belongs to"
                )),
                None => msg!(
                    "`parent` 要写本文件中上级地点的 id，例如 `parent: chaoyang`",
                    "`parent` is the id of a place in this file, e.g. `parent: chaoyang`"
                ),
            };
            Diagnostic::error(
                file,
                Some(parent.pos),
                Code::UnknownParentPlace,
                msg!(
                    "上级地点 `{name}` 不存在",
                    "the parent place `{name}` does not exist"
                ),
            )
            .help(help)
        });
    }
}

/// Each cycle once, at its first place in the file, naming its places.
fn check_cycles(
    file: &Path,
    list: &[Place],
    index: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let parent_of = |i: usize| -> Option<usize> {
        let parent = list[i].parent.as_ref()?;
        index.get(parent.value.as_str()).copied()
    };
    // 0: not yet seen; the walk from place `s` marks what it visits `s + 1`; a walk that meets
    // its own mark has found a cycle, one that meets an earlier walk's has not. Every place is
    // visited by one walk only, so all of it is linear.
    let mut mark = vec![0usize; list.len()];
    let mut cycles = Capped::new(diags, file, Code::PlaceCycle);
    for start in 0..list.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            if mark[i] != 0 {
                if mark[i] == start + 1 {
                    report_cycle(file, list, i, &parent_of, &mut cycles);
                }
                break;
            }
            mark[i] = start + 1;
            at = parent_of(i);
        }
    }
}

/// The cycle through place `on`, reported at its place written first.
fn report_cycle(
    file: &Path,
    list: &[Place],
    on: usize,
    parent_of: &impl Fn(usize) -> Option<usize>,
    cycles: &mut Capped,
) {
    let mut members = vec![on];
    let mut at = parent_of(on);
    while let Some(i) = at.filter(|&i| i != on) {
        members.push(i);
        at = parent_of(i);
    }
    let first = *members.iter().min().expect("a cycle has a place");
    // Named from the first place, following the parents.
    let start = members
        .iter()
        .position(|&m| m == first)
        .expect("in the cycle");
    members.rotate_left(start);
    let mut chain: Vec<&str> = (members.iter().take(CYCLE_NAMED))
        .map(|&i| list[i].id.value.as_str())
        .collect();
    if members.len() > CYCLE_NAMED {
        chain.push("…");
    }
    chain.push(list[first].id.value.as_str());
    let chain = chain.join(" → ");
    let place = &list[first];
    let id = &place.id.value;
    let pos = place.parent.as_ref().map_or(place.pos, |p| p.pos);
    cycles.push(|| {
        Diagnostic::error(
            file,
            Some(pos),
            Code::PlaceCycle,
            msg!(
                "上级地点形成循环：{chain}",
                "the parents form a cycle: {chain}"
            ),
        )
        .help(msg!(
            "地点的上级只能一级一级往上，最后到达最上级地点：改正 `{id}` 或循环中其他地点的 `parent`",
            "parents lead up level by level to the top place: correct the `parent` of `{id}` \
             or of another place in the cycle"
        ))
    });
}

fn check_levels_and_codes(
    file: &Path,
    list: &[Place],
    index: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let parent_of = |place: &Place| -> Option<&Place> {
        let parent = place.parent.as_ref()?;
        index.get(parent.value.as_str()).map(|&i| &list[i])
    };
    let mut levels = Capped::new(diags, file, Code::PlaceLevelOrder);
    for place in list {
        let Some(parent) = parent_of(place) else {
            continue;
        };
        if place.level.value > parent.level.value {
            continue;
        }
        let (id, level) = (&place.id.value, place.level.value);
        let (parent_id, parent_level) = (&parent.id.value, parent.level.value);
        let (zh, parent_zh) = (level.label_zh(), parent_level.label_zh());
        let (key, parent_key) = (level.as_str(), parent_level.as_str());
        levels.push(|| {
            Diagnostic::error(
                file,
                Some(place.level.pos),
                Code::PlaceLevelOrder,
                msg!(
                    "地点 `{id}` 是{zh}（`{key}`），不低于它的上级 `{parent_id}`（{parent_zh}，`{parent_key}`）",
                    "the place `{id}` is a {key}, not below its parent `{parent_id}`, a {parent_key}"
                ),
            )
            .help(msg!(
                "层级从上到下依次是 province（省）、city（市）、district（县（区））、township（乡镇（街道））、community（村（社区））：检查 `{id}` 的 `level` 和 `parent`",
                "levels go down from province to city, district, township and community: check \
                 the `level` and `parent` of `{id}`"
            ))
        });
    }
    drop(levels);
    let mut codes = Capped::new(diags, file, Code::DivisionCodePrefix).warnings();
    for place in list {
        let (Some(parent), Some(code)) = (parent_of(place), &place.code) else {
            continue;
        };
        let Some(parent_code) = &parent.code else {
            continue;
        };
        let (own, above) = (code_prefix(&code.value), code_prefix(&parent_code.value));
        if own.starts_with(above) && own.len() > above.len() {
            continue;
        }
        let (id, value, parent_id) = (&place.id.value, &code.value, &parent.id.value);
        codes.push(|| {
            Diagnostic::warning(
                file,
                Some(code.pos),
                Code::DivisionCodePrefix,
                msg!(
                    "地点 `{id}` 的区划代码 `{value}` 不在上级 `{parent_id}` 的代码 `{above}` 之下",
                    "the code `{value}` of `{id}` is not under the code `{above}` of its parent \
                     `{parent_id}`"
                ),
            )
            .help(msg!(
                "下级地点的区划代码以上级地点的代码开头：核对这两个地点的 `code`，照统计用区划代码原样填写",
                "a place's division code starts with its parent's: check the `code` of both \
                 places against the published division codes"
            ))
        });
    }
}

#[cfg(test)]
mod tests;
