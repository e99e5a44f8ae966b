//! Synthetic content for benchmarks (issue 7).
//!
//! ```sh
//! cargo run --release --example synth -- --tier city --seed 42 --out /tmp/city
//! cargo run --release --example synth -- --items 500 --versions 12 --out /tmp/mine
//! cargo run --release --example synth -- --tier province --out /tmp/p --hugo /tmp/p-hugo
//! ```
//!
//! Tiers: `district` (60 items × 10 versions), `city` (1,000 × 20), `province` (10,000 × 10),
//! and `places` (issue 20): the district tier's list as a province's, with 1,622 places in
//! places.yaml and local rules for 37 of them (benches/common/synth_places.rs).
//! The output is a valid content folder (`qingdan check --content DIR` passes), the same for
//! the same seed. `--hugo DIR` also writes a Hugo site with the same items (one page per item
//! id and language), which `bench/compare.sh` builds side by side with qingdan.
//! `--if-changed` leaves folders alone that an earlier run wrote with the same parameters.

#[path = "../benches/common/synth.rs"]
mod synth;
#[path = "../benches/common/synth_places.rs"]
mod synth_places;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: synth [--tier district|city|province|places] [--items N] [--versions V] \
                     [--seed S] --out DIR [--hugo DIR] [--if-changed]";

fn main() -> ExitCode {
    let mut tier = synth::tier("district").expect("known tier");
    let (mut items, mut versions, mut seed) = (None, None, 42u64);
    let (mut out, mut hugo): (Option<PathBuf>, Option<PathBuf>) = (None, None);
    let mut if_changed = false;
    let mut places = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let parsed: Result<(), String> = (|| {
            match arg.as_str() {
                "--tier" => {
                    let name = value()?;
                    places = name == "places";
                    let named = if places { "district" } else { name.as_str() };
                    tier = synth::tier(named).ok_or(format!("unknown tier `{name}`"))?;
                }
                "--items" => items = Some(value()?.parse().map_err(|e| format!("--items: {e}"))?),
                "--versions" => {
                    versions = Some(value()?.parse().map_err(|e| format!("--versions: {e}"))?)
                }
                "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
                "--out" => out = Some(value()?.into()),
                "--hugo" => hugo = Some(value()?.into()),
                "--if-changed" => if_changed = true,
                "-h" | "--help" => {
                    println!("{USAGE}");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
            Ok(())
        })();
        if let Err(e) = parsed {
            eprintln!("synth: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("synth: --out is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let params = synth::Params {
        items: items.unwrap_or(tier.items),
        versions: versions.unwrap_or(tier.versions),
        seed,
    };
    if params.items == 0 || params.versions == 0 {
        eprintln!("synth: --items and --versions must be at least 1");
        return ExitCode::from(2);
    }
    // The places tier is written whole each time: it is small (the district tier's list).
    if if_changed && !places && synth::up_to_date(&params, &out, hugo.as_deref()) {
        eprintln!("synth: {} is up to date", out.display());
        return ExitCode::SUCCESS;
    }
    let written = synth::write_content(&params, &out, hugo.as_deref()).and_then(|s| {
        let placed = match places {
            true => Some(synth_places::write_places(&params, &out)?),
            false => None,
        };
        Ok((s, placed))
    });
    match written {
        Ok((s, placed)) => {
            if let Some(p) = placed {
                eprintln!(
                    "synth: {} places, {} with local rules in {} delta files",
                    p.places, p.sectioned, p.deltas
                );
            }
            eprintln!(
                "synth: {} versions, {} → {} items, {} ids; {} changed, {} cancelled, {} reinstated, \
                 {} renamed, {} removed, {} added; {:.1} MB of YAML in {}",
                s.versions,
                s.first_items,
                s.last_items,
                s.ids,
                s.changed,
                s.cancelled,
                s.reinstated,
                s.renamed,
                s.removed,
                s.added,
                s.yaml_bytes as f64 / 1e6,
                out.display()
            );
            if let Some(h) = hugo {
                eprintln!("synth: Hugo site with the same items in {}", h.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
