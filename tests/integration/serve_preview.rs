//! `serve` makes the pages open in a browser first (issue 21): a rebuild answers their status
//! question as soon as they are made, ahead of the rest of the site, and tells them not to
//! reload again when the build ends; and a save made while a build runs is built next.

use std::time::{Duration, Instant};

use crate::serve::{
    answer_of, ask_held, content_and_output, get, start, status, stop, wait_for, PATIENCE,
};
use crate::support::*;

#[test]
fn serve_makes_the_open_page_first_and_reloads_it_once() {
    let (_dir, content, output) = content_and_output();
    let server = start(&content, &output);
    let addr = server.addr.clone();
    // The page open in a browser names itself in every status question.
    let page = "page=%2Fzmsx%2Fen%2Fitems%2Fresidence%2F";
    let (_, _, body) = get(&addr, &format!("/zmsx/__qingdan/status?{page}"));
    let first: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(first["page_generation"], 1, "{body}");
    let (builds, shown) = (
        first["builds"].as_u64().unwrap(),
        first["shown"].as_u64().unwrap(),
    );
    let held = ask_held(&addr, &format!("{page}&builds={builds}&shown={shown}"));

    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "en: Proof of residence }",
        "en: Proof of where you live }",
    );
    let (answered, body) = answer_of(held);
    // Answered when the open page was made, ahead of the rest of the build (which may or may
    // not have ended by the time the answer was written): the page reloads into the new build.
    assert_eq!(answered["shown"], shown + 1, "{body}");
    assert_eq!(answered["page_generation"], 2, "{body}");
    let (code, _, body) = get(&addr, "/zmsx/en/items/residence/");
    assert_eq!(code, 200);
    assert!(body.contains("Proof of where you live"), "{body}");
    assert!(body.contains("/zmsx/__qingdan/live.js"), "{body}");

    // When the build is in place, the page that was made first is not told to reload again;
    // a page that was not open is simply the new build's.
    wait_for("the rebuild", || status(&addr)["generation"] == 2);
    let (_, _, body) = get(&addr, &format!("/zmsx/__qingdan/status?{page}"));
    let after: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(after["page_generation"], 2, "{body}");
    let (_, _, body) = get(&addr, "/zmsx/__qingdan/status?page=%2Fzmsx%2F");
    let home: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(home["page_generation"], 2, "{body}");
    let on_disk = std::fs::read_to_string(output.join("en/items/residence/index.html")).unwrap();
    assert!(on_disk.contains("Proof of where you live"));
    assert!(
        !on_disk.contains("__qingdan"),
        "the output never holds the reload script"
    );
    stop(server);
}

#[test]
fn a_save_made_while_a_build_runs_is_built_next() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let output = tmp.path().join("out");
    let server = start(&content, &output);
    let addr = server.addr.clone();
    let newest = "certificates/2025-09-01.yaml";
    let builds = status(&addr)["builds"].as_u64().unwrap();
    let replace_first = |find: &str, by: &str| {
        let text = std::fs::read_to_string(content.join(newest)).unwrap();
        assert!(text.contains(find), "{find}");
        std::fs::write(content.join(newest), text.replacen(find, by, 1)).unwrap();
    };
    replace_first("working days", "business days");
    // The next save lands while that edit is being built (the status says when one runs; a
    // build of the sample takes long enough in a debug binary to be seen running).
    let started = Instant::now();
    while status(&addr)["building"] != true {
        assert!(
            started.elapsed() < PATIENCE,
            "gave up waiting for the build to start"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    replace_first("zh-CN: 收养人婚姻状况", "zh-CN: 收养人的婚姻状况");
    wait_for("the save made during the build to be built", || {
        status(&addr)["builds"].as_u64().unwrap() >= builds + 2
            && status(&addr)["building"] == false
    });
    let built = std::fs::read_to_string(output.join("data/certificates.json")).unwrap();
    assert!(
        built.contains("收养人的婚姻状况"),
        "the second save was built"
    );
    assert!(built.contains("business days"), "the first save was built");
    stop(server);
}
