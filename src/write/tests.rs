use super::*;

#[test]
fn refuses_dangerous_output_folders() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    assert!(check_out_dir(&site, &site).is_err());
    assert!(check_out_dir(&site, t.path()).is_err());
    assert!(check_out_dir(&site, Path::new("/")).is_err());
    assert!(check_out_dir(&site, &site.join("content/out")).is_err());
    assert!(check_out_dir(&site, &site.join("build/../content")).is_err());
    assert!(check_out_dir(&site, &site.join("build")).is_ok());
    assert!(check_out_dir(&site, &t.path().join("elsewhere")).is_ok());
}

#[test]
fn stage_swaps_in_only_on_commit() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("old.html"), "old").unwrap();
    {
        let s = Stage::new(&out).unwrap();
        s.write("a/new.html", b"new").unwrap();
        assert!(s.write("../escape", b"x").is_err());
        // dropped without commit
    }
    assert!(out.join("old.html").exists());
    assert_eq!(
        std::fs::read_dir(t.path()).unwrap().count(),
        1,
        "staging folder left behind"
    );
    let s = Stage::new(&out).unwrap();
    s.write("a/new.html", b"new").unwrap();
    s.commit().unwrap();
    assert!(!out.join("old.html").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("a/new.html")).unwrap(),
        "new"
    );
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
}

#[test]
fn refuses_home_and_its_parents_and_folders_that_are_not_builds() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        assert!(check_out_dir(&site, &home).is_err());
        if let Some(parent) = home.parent() {
            assert!(check_out_dir(&site, parent).is_err());
        }
    }
    let docs = t.path().join("Documents");
    std::fs::create_dir_all(&docs).unwrap();
    assert!(
        check_out_dir(&site, &docs).is_ok(),
        "an empty folder may be used"
    );
    std::fs::write(docs.join("工作总结.docx"), "x").unwrap();
    let e = check_out_dir(&site, &docs).unwrap_err();
    assert!(e.to_string().contains(MARKER), "{e}");
    std::fs::write(docs.join(MARKER), "").unwrap();
    assert!(
        check_out_dir(&site, &docs).is_ok(),
        "a previous build may be replaced"
    );
    let file = t.path().join("out.html");
    std::fs::write(&file, "x").unwrap();
    assert!(check_out_dir(&site, &file).is_err());
}

#[test]
fn every_build_carries_the_marker() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    Stage::new(&out).unwrap().commit().unwrap();
    assert!(out.join(MARKER).is_file());
    let site = t.path().join("site");
    assert!(check_out_dir(&site, &out).is_ok());
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_killed_builds_are_cleaned_and_a_half_swapped_output_put_back() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let pid = dead_pid();
    // Killed while staging: the staging folder is left beside the output.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "previous").unwrap();
    let litter = t.path().join(format!(".build.staging-{pid}"));
    std::fs::create_dir_all(litter.join("a")).unwrap();
    // A live process's staging folder is left alone.
    let live = t.path().join(format!(
        ".build.staging-{}",
        std::os::unix::process::parent_id()
    ));
    std::fs::create_dir_all(&live).unwrap();
    drop(Stage::new(&out).unwrap());
    assert!(!litter.exists());
    assert!(live.exists());
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "previous"
    );
    // Killed between the two renames of the swap: no output, the previous one aside.
    let aside = t.path().join(format!(".build.old-{pid}"));
    std::fs::rename(&out, &aside).unwrap();
    drop(Stage::new(&out).unwrap());
    assert!(!aside.exists());
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "previous"
    );
}

#[cfg(unix)]
#[test]
fn an_output_reached_through_a_link_into_the_sources_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    std::fs::create_dir_all(site.join("content/unit")).unwrap();
    // `--out into/build` where `into` is a link to content/: the build would land in the sources.
    std::os::unix::fs::symlink(site.join("content"), t.path().join("into")).unwrap();
    let e = check_out_dir(&site, &t.path().join("into/build")).unwrap_err();
    assert!(e.to_string().contains("content/"), "{e}");
    // The same through a link to the site itself, and a link that is the output folder.
    std::os::unix::fs::symlink(&site, t.path().join("site-link")).unwrap();
    assert!(check_out_dir(&site, &t.path().join("site-link/content/x")).is_err());
    std::os::unix::fs::symlink(site.join("content/unit"), t.path().join("out-link")).unwrap();
    assert!(check_out_dir(&site, &t.path().join("out-link")).is_err());
    // A link to a folder outside the site is fine.
    std::fs::create_dir_all(t.path().join("www")).unwrap();
    std::os::unix::fs::symlink(t.path().join("www"), t.path().join("pub")).unwrap();
    assert_eq!(
        check_out_dir(&site, &t.path().join("pub/build")).unwrap(),
        t.path()
            .join("www/build")
            .canonicalize()
            .unwrap_or_else(|_| t.path().canonicalize().unwrap().join("www/build"))
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_output_folders_mode_and_setgid_bit() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(MARKER), "").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o2750)).unwrap();
    let gid = std::fs::metadata(&out).unwrap().gid();
    let s = Stage::new(&out).unwrap();
    s.write("index.html", b"new").unwrap();
    s.commit().unwrap();
    let m = std::fs::metadata(&out).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o2750, "mode {:o}", m.mode() & 0o7777);
    assert_eq!(m.gid(), gid);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
}

#[test]
fn a_second_build_of_the_same_output_waits_for_the_first() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Barrier};
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let first_done = Arc::new(AtomicBool::new(false));
    let started = Arc::new(Barrier::new(2));
    let first = {
        let (out, done, started) = (out.clone(), first_done.clone(), started.clone());
        std::thread::spawn(move || {
            let s = Stage::new(&out).unwrap();
            s.write("who.txt", b"first").unwrap();
            started.wait();
            std::thread::sleep(std::time::Duration::from_millis(300));
            done.store(true, Ordering::SeqCst);
            s.commit().unwrap();
        })
    };
    started.wait();
    // The first build holds the lock: this one may only start once the first has committed.
    let s = Stage::new(&out).unwrap();
    assert!(
        first_done.load(Ordering::SeqCst),
        "the second build started while the first was writing"
    );
    assert_eq!(std::fs::read(out.join("who.txt")).unwrap(), b"first");
    s.write("who.txt", b"second").unwrap();
    s.commit().unwrap();
    first.join().unwrap();
    assert_eq!(std::fs::read(out.join("who.txt")).unwrap(), b"second");
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(p).unwrap().ino()
}

/// A rebuild does not re-create a file whose bytes are unchanged (same inode after the swap), writes
/// a changed one as a new file, and never writes into the previous output before the swap.
#[cfg(unix)]
#[test]
fn unchanged_files_are_not_re_created() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let s = Stage::new(&out).unwrap();
    s.write("same.html", b"same").unwrap();
    s.write("a/changed.html", b"one").unwrap();
    s.write("twice.html", b"first").unwrap();
    s.commit().unwrap();
    let (same, changed, twice) = (
        inode(&out.join("same.html")),
        inode(&out.join("a/changed.html")),
        inode(&out.join("twice.html")),
    );

    let s = Stage::new(&out).unwrap();
    s.write("same.html", b"same").unwrap();
    s.write("a/changed.html", b"two").unwrap();
    // Linked to the old file first, then written again with other bytes: the old one is untouched.
    s.write("twice.html", b"first").unwrap();
    s.write("twice.html", b"second").unwrap();
    assert_eq!(std::fs::read(out.join("twice.html")).unwrap(), b"first");
    assert_eq!(std::fs::read(out.join("a/changed.html")).unwrap(), b"one");
    s.commit().unwrap();

    assert_eq!(inode(&out.join("same.html")), same);
    assert_ne!(inode(&out.join("a/changed.html")), changed);
    assert_ne!(inode(&out.join("twice.html")), twice);
    assert_eq!(std::fs::read(out.join("a/changed.html")).unwrap(), b"two");
    assert_eq!(std::fs::read(out.join("twice.html")).unwrap(), b"second");
    assert_eq!(std::fs::read(out.join("same.html")).unwrap(), b"same");
}

/// A file written piece by piece keeps the same promise: unchanged bytes keep the old file (same
/// inode), changed ones (even of the same length) make a new file; the old output is not written.
#[cfg(unix)]
#[test]
fn files_written_in_pieces_are_not_re_created_when_unchanged() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let pieces = |s: &Stage, rel: &str, parts: &[&[u8]]| {
        let mut f = s.create(rel).unwrap();
        for p in parts {
            f.write(p).unwrap();
        }
        f.finish().unwrap();
    };
    let big = vec![b'x'; 200_000];
    let s = Stage::new(&out).unwrap();
    pieces(&s, "data/same.json", &[b"[", &big, b"]"]);
    pieces(&s, "data/changed.json", &[b"[", &big, b"]"]);
    s.commit().unwrap();
    let (same, changed) = (
        inode(&out.join("data/same.json")),
        inode(&out.join("data/changed.json")),
    );

    let s = Stage::new(&out).unwrap();
    pieces(
        &s,
        "data/same.json",
        &[b"[", &big[..1000], &big[1000..], b"]"],
    );
    // The same length, one byte different near the end.
    let mut other = big.clone();
    other[199_999] = b'y';
    pieces(&s, "data/changed.json", &[b"[", &other, b"]"]);
    assert_eq!(
        std::fs::read(out.join("data/changed.json")).unwrap()[200_000],
        b'x'
    );
    s.commit().unwrap();

    assert_eq!(inode(&out.join("data/same.json")), same);
    assert_ne!(inode(&out.join("data/changed.json")), changed);
    assert_eq!(
        std::fs::read(out.join("data/changed.json")).unwrap()[200_000],
        b'y'
    );
    assert_eq!(
        std::fs::read(out.join("data/same.json")).unwrap().len(),
        200_002
    );
}

/// A file reached through a link in the previous output is never linked into the new one.
#[cfg(unix)]
#[test]
fn a_link_in_the_previous_output_is_not_followed() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let elsewhere = t.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("x.html"), b"x").unwrap();
    let s = Stage::new(&out).unwrap();
    s.write("keep.html", b"k").unwrap();
    s.commit().unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("a")).unwrap();
    let s = Stage::new(&out).unwrap();
    s.write("a/x.html", b"x").unwrap();
    s.commit().unwrap();
    assert_ne!(
        inode(&out.join("a/x.html")),
        inode(&elsewhere.join("x.html"))
    );
}

/// A file copied in from outside the output (the build cache's PDF, kept private, 0600) gets the
/// mode of every written file, not the source's; a rebuild with the same bytes keeps the old file,
/// other bytes of the same length make a new one; the source is never written.
#[cfg(unix)]
#[test]
fn files_copied_in_are_published_with_the_outputs_mode_and_not_re_created_when_unchanged() {
    use std::os::unix::fs::PermissionsExt as _;
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let src = t.path().join("cached.pdf");
    // Larger than one block of the comparison, differing only in the last one.
    let mut one = vec![b'x'; 200_000];
    std::fs::write(&src, &one).unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let s = Stage::new(&out).unwrap();
    s.copy_in("a/r.pdf", &src).unwrap();
    s.write("a/r.html", b"page").unwrap();
    s.commit().unwrap();
    assert_eq!(std::fs::read(out.join("a/r.pdf")).unwrap(), one);
    assert_eq!(mode(&out.join("a/r.pdf")), mode(&out.join("a/r.html")));
    assert_eq!(mode(&src), 0o600, "the source keeps its own mode");
    let first = inode(&out.join("a/r.pdf"));

    let s = Stage::new(&out).unwrap();
    s.copy_in("a/r.pdf", &src).unwrap();
    s.commit().unwrap();
    assert_eq!(
        inode(&out.join("a/r.pdf")),
        first,
        "same bytes: the same file"
    );

    *one.last_mut().unwrap() = b'y';
    std::fs::write(&src, &one).unwrap();
    let s = Stage::new(&out).unwrap();
    s.copy_in("a/r.pdf", &src).unwrap();
    assert_eq!(
        std::fs::read(out.join("a/r.pdf")).unwrap().last(),
        Some(&b'x'),
        "the old output is untouched before the swap"
    );
    s.commit().unwrap();
    assert_ne!(inode(&out.join("a/r.pdf")), first);
    assert_eq!(std::fs::read(out.join("a/r.pdf")).unwrap(), one);
}

/// A written file is compared with the previous one block by block: a difference in the last block
/// of a long file is a new file.
#[cfg(unix)]
#[test]
fn a_long_file_differing_in_its_last_block_is_re_created() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let mut bytes = vec![b'a'; 150_001];
    let s = Stage::new(&out).unwrap();
    s.write("big.json", &bytes).unwrap();
    s.commit().unwrap();
    let first = inode(&out.join("big.json"));
    let s = Stage::new(&out).unwrap();
    s.write("big.json", &bytes).unwrap();
    s.commit().unwrap();
    assert_eq!(inode(&out.join("big.json")), first);
    *bytes.last_mut().unwrap() = b'b';
    let s = Stage::new(&out).unwrap();
    s.write("big.json", &bytes).unwrap();
    s.commit().unwrap();
    assert_ne!(inode(&out.join("big.json")), first);
    assert_eq!(std::fs::read(out.join("big.json")).unwrap(), bytes);
}

/// A file the previous build made from a key and nobody touched since is kept, linked, without
/// being read; one made from another key, or touched since, goes through the comparison.
#[cfg(unix)]
#[test]
fn a_file_made_from_the_same_key_and_untouched_is_kept_without_reading_it() {
    use std::collections::BTreeMap;
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    let s = Stage::new(&out).unwrap();
    assert!(!s.keep_made("a/r.pdf", "k1").unwrap(), "nothing before");
    s.write("a/r.pdf", b"one").unwrap();
    let made = s.made();
    assert_eq!(
        made,
        BTreeMap::from([("a/r.pdf".to_string(), "k1".to_string())])
    );
    s.commit().unwrap();
    let first = inode(&out.join("a/r.pdf"));
    let rec = || record::Record::of(&out, "in".into(), String::new(), "x".into(), made.clone());

    // Same key, untouched: kept as it is (its bytes are not what the caller would write, which
    // shows it was not compared).
    let s = Stage::new(&out)
        .unwrap()
        .with_previous(rec().unwrap().made());
    assert!(s.keep_made("a/r.pdf", "k1").unwrap());
    s.commit().unwrap();
    assert_eq!(inode(&out.join("a/r.pdf")), first);
    assert_eq!(std::fs::read(out.join("a/r.pdf")).unwrap(), b"one");

    // Another key: left to the caller.
    let s = Stage::new(&out)
        .unwrap()
        .with_previous(rec().unwrap().made());
    assert!(!s.keep_made("a/r.pdf", "k2").unwrap());
    assert_eq!(s.made()["a/r.pdf"], "k2");
    drop(s);

    // The same key, but the file was edited after the build: not trusted.
    let previous = rec().unwrap().made();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(out.join("a/r.pdf"), b"two").unwrap();
    let s = Stage::new(&out).unwrap().with_previous(previous);
    assert!(!s.keep_made("a/r.pdf", "k1").unwrap());
    s.write("a/r.pdf", b"one").unwrap();
    s.commit().unwrap();
    assert_eq!(std::fs::read(out.join("a/r.pdf")).unwrap(), b"one");
}
