use std::path::PathBuf;

use super::*;
use crate::base::diagnostics::Pos;
use crate::model::places::Level;
use crate::model::{Spanned, Text};

fn at<T>(value: T, line: usize) -> Spanned<T> {
    Spanned {
        value,
        pos: Pos::new(line, 5),
    }
}

fn place(line: usize, id: &str, parent: Option<&str>, level: Level, code: Option<&str>) -> Place {
    Place {
        pos: Pos::new(line, 3),
        id: at(id.to_string(), line),
        parent: parent.map(|p| at(p.to_string(), line + 1)),
        level: at(level, line + 2),
        name: Text::default(),
        code: code.map(|c| at(c.to_string(), line + 3)),
        address: None,
        phone: None,
        hours: None,
        footer: None,
        home: None,
    }
}

fn problems(list: Vec<Place>) -> Vec<(Code, bool, u32)> {
    let places = Places {
        file: PathBuf::from("places.yaml"),
        places: list,
        deltas: Vec::new(),
    };
    let mut diags = Diagnostics::default();
    check_places(&places, &mut diags);
    diags
        .iter()
        .map(|d| {
            let warning = d.severity == crate::base::diagnostics::Severity::Warning;
            (d.code, warning, d.pos.map_or(0, |p| p.line))
        })
        .collect()
}

#[test]
fn a_well_formed_tree_has_no_problem() {
    let list = vec![
        place(1, "district", None, Level::District, Some("340403")),
        place(
            10,
            "chaoyang",
            Some("district"),
            Level::Township,
            Some("340403001000"),
        ),
        place(20, "longhu", Some("chaoyang"), Level::Community, None),
    ];
    assert_eq!(problems(list), vec![]);
}

#[test]
fn each_problem_is_reported_where_it_is_written() {
    let list = vec![
        place(1, "district", None, Level::District, Some("340403")),
        place(10, "Chao Yang", Some("district"), Level::Township, None),
        place(20, "a", Some("district"), Level::Township, None),
        place(30, "a", Some("district"), Level::Township, None),
        place(40, "b", Some("nowhere"), Level::Township, None),
        place(50, "second", None, Level::District, None),
        place(60, "c", Some("a"), Level::Township, None),
        place(
            70,
            "d",
            Some("district"),
            Level::Township,
            Some("340999001000"),
        ),
        place(80, "x", Some("y"), Level::Community, None),
        place(90, "y", Some("x"), Level::Community, None),
    ];
    let found = problems(list);
    let expect = [
        (Code::InvalidPlaceId, false, 10),
        (Code::DuplicatePlace, false, 30),
        (Code::PlaceRoot, false, 50),
        (Code::UnknownParentPlace, false, 41),
        (Code::PlaceCycle, false, 81),
        (Code::PlaceLevelOrder, false, 62),
        (Code::PlaceLevelOrder, false, 82),
        (Code::PlaceLevelOrder, false, 92),
        (Code::DivisionCodePrefix, true, 73),
    ];
    for e in expect {
        assert!(found.contains(&e), "{e:?} not in {found:?}");
    }
    assert_eq!(found.len(), expect.len(), "{found:?}");
}

#[test]
fn no_root_is_reported_once() {
    let list = vec![
        place(1, "x", Some("y"), Level::Township, None),
        place(5, "y", Some("x"), Level::Township, None),
    ];
    let found = problems(list);
    assert!(found.contains(&(Code::PlaceRoot, false, 1)), "{found:?}");
    assert_eq!(
        found.iter().filter(|f| f.0 == Code::PlaceCycle).count(),
        1,
        "{found:?}"
    );
}

#[test]
fn a_place_that_is_its_own_parent_is_a_cycle() {
    let list = vec![
        place(1, "district", None, Level::District, None),
        place(10, "a", Some("a"), Level::Township, None),
    ];
    let found = problems(list);
    assert!(found.contains(&(Code::PlaceCycle, false, 11)), "{found:?}");
}

/// A hostile file: a hundred thousand places in one chain closed into a cycle, another
/// hundred thousand without a parent. The checks stay linear (a quadratic walk would not
/// finish) and the messages stay few.
#[test]
fn a_hundred_thousand_places_cost_a_few_passes_and_a_few_messages() {
    const N: usize = 100_000;
    let id = |i: usize| format!("p{i}");
    let mut list: Vec<Place> = (0..N)
        .map(|i| {
            let parent = id((i + 1) % N);
            place(i + 1, &id(i), Some(&parent), Level::Community, None)
        })
        .collect();
    list.extend((0..N).map(|i| place(N + i + 1, &format!("r{i}"), None, Level::Province, None)));
    let found = problems(list);
    let count = |code: Code| found.iter().filter(|f| f.0 == code).count();
    assert_eq!(count(Code::PlaceCycle), 1);
    // SHOWN of each, and one more that counts the rest.
    assert_eq!(count(Code::PlaceRoot), SHOWN + 1);
    assert_eq!(count(Code::PlaceLevelOrder), SHOWN + 1);
    assert!(found.len() < 200, "{}", found.len());
}
