//! The places tier of the synthetic content (issue 20): a province's tree of places over a
//! generated list, and dated local deltas for some of them.
//!
//! 1 province, 16 cities, 105 districts and 1,500 townships, each with contact facts, over the
//! district tier's list (60 items × 10 versions) as the province's list. Every city publishes
//! local rules (overrides from the second version, an exclusion added at the sixth) and every
//! fifth district adds an item of its own and overrides two; townships publish nothing. So 37
//! places differ from their parent and 1,585 do not: a build whose cost follows what differs
//! renders 37 sections, not 1,622.
//!
//! Every delta names only items its parent lists on the delta's date and keeps listing until
//! the last version, so the content checks without warnings: a cancelled-then-dropped item
//! under an override would be reported (rightly) and would measure the warning, not the build.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::synth::{bi, item_yaml, scalar, text, versions, Item, Params};

pub const CITIES: usize = 16;
pub const DISTRICTS: usize = 105;
pub const TOWNSHIPS: usize = 1_500;

/// Which version's date a city's first and second delta take, and a district's.
const CITY_FIRST: usize = 1;
const CITY_SECOND: usize = 5;
const DISTRICT_DELTA: usize = 3;

/// What was written, for the generator's summary line.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaceStats {
    pub places: usize,
    pub sectioned: usize,
    pub deltas: usize,
}

/// Write `places.yaml` and `places/<id>/<date>.yaml` into `out`, a content folder that
/// `synth::write_content(p, ..)` has written.
pub fn write_places(p: &Params, out: &Path) -> io::Result<PlaceStats> {
    let mut dates = Vec::new();
    let mut lists: Vec<BTreeSet<String>> = Vec::new();
    let mut first_item: Option<Item> = None;
    versions(p, |_, v, _| {
        dates.push(v.date.clone());
        lists.push(v.items.iter().map(|i| i.id.clone()).collect());
        if first_item.is_none() {
            first_item = v.items.iter().find(|i| !i.cancelled).cloned();
        }
    });
    let Some(template) = first_item else {
        return Err(io::Error::other(
            "the generated list has no issued item to copy",
        ));
    };
    let last = dates.len() - 1;
    let at = |k: usize| k.min(last);
    // The ids listed in every version from `k` on, sorted: safe to override or exclude from k.
    let stable_from = |k: usize| -> Vec<String> {
        let mut ids = lists[at(k)].clone();
        for later in &lists[at(k)..] {
            ids.retain(|id| later.contains(id));
        }
        ids.into_iter().collect()
    };
    let city_first = stable_from(CITY_FIRST);
    let city_second = stable_from(CITY_SECOND);
    let district = stable_from(DISTRICT_DELTA);
    // Cities exclude from the end of the stable list, districts override from its start, so
    // that no district overrides an item its city excluded.
    let excluded = city_second.last().cloned();

    fs::write(out.join("places.yaml"), places_yaml())?;
    let mut stats = PlaceStats {
        places: 1 + CITIES + DISTRICTS + TOWNSHIPS,
        ..PlaceStats::default()
    };
    for c in 0..CITIES {
        let id = city_id(c);
        let dir = out.join("places").join(&id);
        fs::create_dir_all(&dir)?;
        let overrides: Vec<&String> = city_first.iter().skip(10 + c % 5).take(3).collect();
        let first = Delta {
            date: &dates[at(CITY_FIRST)],
            place: (format!("示例市{}", c + 1), format!("Sample City {}", c + 1)),
            document: format!("示{}民〔{}〕1号", c + 1, &dates[at(CITY_FIRST)][..4]),
            overrides: &overrides,
            excluded: None,
            added: None,
        };
        fs::write(dir.join(format!("{}.yaml", first.date)), first.yaml())?;
        let second = Delta {
            date: &dates[at(CITY_SECOND)],
            document: format!("示{}民〔{}〕2号", c + 1, &dates[at(CITY_SECOND)][..4]),
            excluded: excluded.as_ref(),
            place: first.place.clone(),
            ..first
        };
        fs::write(dir.join(format!("{}.yaml", second.date)), second.yaml())?;
        stats.sectioned += 1;
        stats.deltas += 2;
    }
    for d in (0..DISTRICTS).step_by(5) {
        let id = district_id(d);
        let dir = out.join("places").join(&id);
        fs::create_dir_all(&dir)?;
        let overrides: Vec<&String> = district.iter().take(2).collect();
        let mut added = template.clone();
        added.id = format!("local-{id}");
        added.renamed_from = None;
        added.name = bi(
            format!("示例县（区）{}增列证明", d + 1),
            format!("Certificate added by sample district {}", d + 1),
        );
        let delta = Delta {
            date: &dates[at(DISTRICT_DELTA)],
            place: (
                format!("示例县（区）{}", d + 1),
                format!("Sample District {}", d + 1),
            ),
            document: format!("示县{}民〔{}〕1号", d + 1, &dates[at(DISTRICT_DELTA)][..4]),
            overrides: &overrides,
            excluded: None,
            added: Some(&added),
        };
        fs::write(dir.join(format!("{}.yaml", delta.date)), delta.yaml())?;
        stats.sectioned += 1;
        stats.deltas += 1;
    }
    Ok(stats)
}

fn city_id(c: usize) -> String {
    format!("city-{}", c + 1)
}

fn district_id(d: usize) -> String {
    format!("district-{}", d + 1)
}

/// The city a district belongs to, and the district a township belongs to: spread evenly.
fn city_of(d: usize) -> usize {
    d * CITIES / DISTRICTS
}

fn district_of(t: usize) -> usize {
    t * DISTRICTS / TOWNSHIPS
}

/// One delta file's content.
struct Delta<'a> {
    date: &'a str,
    place: (String, String),
    document: String,
    overrides: &'a [&'a String],
    excluded: Option<&'a String>,
    added: Option<&'a Item>,
}

impl Delta<'_> {
    fn yaml(&self) -> String {
        let (zh, en) = &self.place;
        let mut out = String::with_capacity(4096);
        out.push_str("# 合成的基准测试数据（examples/synth.rs --tier places）：本地规定。\n");
        let _ = writeln!(out, "date: {}", self.date);
        text(
            &mut out,
            0,
            "title",
            &bi(
                format!("{zh}出具证明事项本地规定"),
                format!("{en}: local rules"),
            ),
        );
        let _ = writeln!(out, "document: {}", scalar(&self.document));
        text(
            &mut out,
            0,
            "issued_by",
            &bi(format!("{zh}民政局"), format!("{en} Civil Affairs Bureau")),
        );
        if let Some(item) = self.added {
            out.push_str("add:\n");
            item_yaml(&mut out, item);
        }
        if let Some(id) = self.excluded {
            out.push_str("exclude:\n");
            let _ = writeln!(out, "  - id: {id}");
            text(
                &mut out,
                4,
                "reason",
                &bi(
                    format!("{zh}已由有关部门直接核查，不再由村（居）民委员会出具。"),
                    format!("In {en} the department concerned checks this itself."),
                ),
            );
        }
        if !self.overrides.is_empty() {
            out.push_str("override:\n");
            for id in self.overrides {
                let _ = writeln!(out, "  - id: {id}");
                text(
                    &mut out,
                    4,
                    "office",
                    &bi(
                        format!("{zh}政务服务中心综合窗口"),
                        format!("The general counter of the {en} service centre"),
                    ),
                );
                text(
                    &mut out,
                    4,
                    "hours",
                    &bi(
                        "工作日上午9:00—12:00，下午13:30—17:00",
                        "Working days 9:00–12:00 and 13:30–17:00",
                    ),
                );
            }
        }
        out
    }
}

/// The tree: province, cities, districts, townships, each with its contact facts. Division
/// codes follow the national shape (a child's code starts with its parent's), so the code
/// check has nothing to warn about.
fn places_yaml() -> String {
    let mut out = String::with_capacity((1 + CITIES + DISTRICTS + TOWNSHIPS) * 400);
    out.push_str("# 合成的基准测试数据（examples/synth.rs --tier places）：地点。\nplaces:\n");
    let contact = |out: &mut String, n: usize, zh: &str, en: &str| {
        text(
            out,
            4,
            "address",
            &bi(format!("{zh}示例路{n}号"), format!("{n} Sample Road, {en}")),
        );
        let _ = writeln!(out, "    phone: \"0551-{:07}\"", n);
        text(
            out,
            4,
            "hours",
            &bi(
                "工作日上午8:30—12:00，下午14:30—17:30",
                "Working days 8:30–12:00 and 14:30–17:30",
            ),
        );
    };
    out.push_str("  - id: province\n    level: province\n    code: \"990000\"\n");
    text(&mut out, 4, "name", &bi("示例省", "Sample Province"));
    contact(&mut out, 1, "示例省", "Sample Province");
    for c in 0..CITIES {
        let _ = writeln!(
            out,
            "  - id: {}\n    parent: province\n    level: city\n    code: \"99{:02}00\"",
            city_id(c),
            c + 1
        );
        let (zh, en) = (format!("示例市{}", c + 1), format!("Sample City {}", c + 1));
        text(&mut out, 4, "name", &bi(&zh, &en));
        contact(&mut out, 100 + c, &zh, &en);
    }
    // A district's number within its city, for its code.
    let mut in_city = [0usize; CITIES];
    let mut codes = Vec::with_capacity(DISTRICTS);
    for d in 0..DISTRICTS {
        let c = city_of(d);
        in_city[c] += 1;
        let code = format!("99{:02}{:02}", c + 1, in_city[c]);
        let _ = writeln!(
            out,
            "  - id: {}\n    parent: {}\n    level: district\n    code: \"{code}\"",
            district_id(d),
            city_id(c)
        );
        let (zh, en) = (
            format!("示例县（区）{}", d + 1),
            format!("Sample District {}", d + 1),
        );
        text(&mut out, 4, "name", &bi(&zh, &en));
        contact(&mut out, 1_000 + d, &zh, &en);
        codes.push(code);
    }
    let mut in_district = [0usize; DISTRICTS];
    for t in 0..TOWNSHIPS {
        let d = district_of(t);
        in_district[d] += 1;
        let _ = writeln!(
            out,
            "  - id: township-{}\n    parent: {}\n    level: township\n    code: \"{}{:03}000\"",
            t + 1,
            district_id(d),
            codes[d],
            in_district[d]
        );
        let (zh, en) = (
            format!("示例乡镇（街道）{}", t + 1),
            format!("Sample Township {}", t + 1),
        );
        text(&mut out, 4, "name", &bi(&zh, &en));
        contact(&mut out, 10_000 + t, &zh, &en);
    }
    out
}
