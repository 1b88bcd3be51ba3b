//! `build --shard K/N` + `merge`: the shards' outputs assembled give byte for byte the output of one
//! build; a missing shard or a bad `K/N` is refused.

use crate::support::pdf::tools_or_skip;
use crate::support::site::SiteBuilder;
use crate::support::tree;

fn single_vs_sharded(extra: &[&str], n: usize) {
    let site = SiteBuilder::sample().build();
    let root = site.root().to_path_buf();
    let out = |name: &str| root.join(name).display().to_string();
    let mut args = vec!["--out".to_string(), out("single")];
    args.extend(extra.iter().map(|s| s.to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    site.build(&a).success();
    let mut merge = site.command("merge");
    merge.args(["--out", &out("merged")]).args(extra);
    let mut sizes = Vec::new();
    for k in 1..=n {
        let dir = out(&format!("shard{k}"));
        let shard = format!("{k}/{n}");
        let mut args = vec!["--out", &dir, "--shard", &shard];
        args.extend(extra);
        site.build(&args).success();
        sizes.push(
            tree(&root.join(format!("shard{k}")))
                .keys()
                .filter(|k| k.ends_with(".html"))
                .count(),
        );
        merge.args(["--shard", &dir]);
    }
    // Every report is in exactly one shard, and no shard has the site's own pages.
    assert_eq!(sizes.iter().sum::<usize>(), 5, "{sizes:?}");
    let run = merge.output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let single = tree(&root.join("single"));
    let merged = tree(&root.join("merged"));
    assert_eq!(
        single.keys().collect::<Vec<_>>(),
        merged.keys().collect::<Vec<_>>()
    );
    for (k, v) in &single {
        assert!(
            merged[k] == *v,
            "{k} differs between one build and the merged shards"
        );
    }
}

#[test]
fn merged_html_shards_are_the_bytes_of_one_build() {
    single_vs_sharded(&["--no-pdf"], 3);
}

#[test]
fn merged_pdf_shards_are_the_bytes_of_one_build() {
    if tools_or_skip("merged_pdf_shards_are_the_bytes_of_one_build").is_none() {
        return;
    }
    single_vs_sharded(&[], 2);
}

#[test]
fn a_missing_shard_or_a_bad_k_of_n_is_refused() {
    let site = SiteBuilder::sample().build();
    let s1 = site.path("s1").display().to_string();
    site.build(&["--no-pdf", "--shard", "1/2", "--out", &s1])
        .success();
    let run = site
        .command("merge")
        .args(["--no-pdf", "--shard", &s1, "--out"])
        .arg(site.path("merged"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("分片不全"), "{err}");
    assert!(!site.path("merged").exists());
    for bad in ["0/2", "3/2", "x", "1/0"] {
        let run = site.build(&["--no-pdf", "--shard", bad]);
        assert_eq!(run.code, Some(2), "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("K/N"), "{}", run.stderr);
    }
}
