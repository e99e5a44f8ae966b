use super::*;

fn entries() -> Vec<(JobKey, Vec<Made>)> {
    let stamp = Stamp {
        inode: 42,
        size: 6,
        modified: 1_700_000_000_123_456_789,
    };
    let files = vec![
        (
            "items/a/qr.svg".to_string(),
            manifest::entry(b"<svg/>"),
            stamp,
        ),
        (
            "items/a/index.html".to_string(),
            manifest::entry(b"<p>"),
            Stamp::default(),
        ),
    ];
    vec![(JobKey([7; 32]), files), (JobKey([9; 32]), vec![])]
}

#[test]
fn a_cache_reads_back_as_written_under_its_key_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out.qingdan-cache");
    write(&dir, "key", &entries()).unwrap();
    let read_back = read(&dir, "key");
    assert_eq!(read_back.len(), 2);
    assert_eq!(read_back[&JobKey([7; 32])], entries()[0].1);
    assert!(read(&dir, "another binary").is_empty());
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [JOBS], "no temporary file left");
}

#[test]
fn a_damaged_truncated_or_foreign_cache_file_is_ignored_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    write(&dir, "key", &entries()).unwrap();
    let good = fs::read(dir.join(JOBS)).unwrap();
    let mut cases: Vec<Vec<u8>> = vec![Vec::new(), b"qingdan".to_vec()];
    for cut in [1, 33, good.len() / 2, good.len() - 1] {
        cases.push(good[..cut].to_vec());
    }
    for at in [
        0,
        MAGIC.len() + 2,
        good.len() / 2,
        good.len() - 40,
        good.len() - 1,
    ] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x20;
        cases.push(flipped);
    }
    // Whole and checksummed, but of another format.
    let mut other = encode("key", &entries());
    other.truncate(other.len() - 32);
    other[MAGIC.len()] = 1;
    let checksum = Sha256::digest(&other);
    other.extend_from_slice(&checksum);
    cases.push(other);
    for (i, bytes) in cases.iter().enumerate() {
        fs::write(dir.join(JOBS), bytes).unwrap();
        assert!(read(&dir, "key").is_empty(), "case {i}");
    }
}

#[test]
fn a_temporary_file_a_killed_build_left_is_removed_and_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(format!("{JOBS}.tmp-1")), encode("key", &entries())).unwrap();
    assert!(read(&dir, "key").is_empty());
    write(&dir, "key", &entries()[1..]).unwrap();
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [JOBS]);
    assert_eq!(read(&dir, "key").len(), 1);
}

#[test]
fn the_cache_folder_is_beside_the_output_and_never_a_link_a_file_or_the_content() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let dir = folder(&out, &[]).unwrap();
    assert_eq!(dir, tmp.path().join("output.qingdan-cache"));
    // A content folder of that name, or one inside it: no cache.
    assert_eq!(folder(&out, &[&dir]), None);
    assert_eq!(folder(&out, &[&dir.join("content")]), None);
    assert_eq!(
        folder(&out, &[tmp.path()]),
        None,
        "inside the content folder"
    );
    // The name taken by a file or a symbolic link: not used, not followed.
    fs::write(&dir, "mine").unwrap();
    assert_eq!(folder(&out, &[]), None);
    fs::remove_file(&dir).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &dir).unwrap();
    assert_eq!(folder(&out, &[]), None);
    fs::remove_file(&dir).unwrap();
    fs::create_dir(&dir).unwrap();
    assert_eq!(folder(&out, &[]), Some(dir));
}
