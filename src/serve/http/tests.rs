use super::*;

#[test]
fn url_paths_stay_inside_the_output_folder() {
    assert_eq!(safe_rel("/"), Some(PathBuf::from("index.html")));
    assert_eq!(
        safe_rel("/unit/2023-report.html"),
        Some(PathBuf::from("unit/2023-report.html"))
    );
    assert_eq!(safe_rel("/unit/"), Some(PathBuf::from("unit/index.html")));
    assert_eq!(
        safe_rel("/%E5%8D%95%E4%BD%8D/a.html"),
        Some(PathBuf::from("单位/a.html"))
    );
    for bad in [
        "/../etc/passwd",
        "/unit/../../x",
        "/%2e%2e/x",
        "/a/%2E%2E/%2E%2E/x",
        "/a//b",
        "/a\\..\\b",
        "/a%5C..%5Cb",
        "/a%00.html",
        "/./a",
        "/C:/x",
        "/%zz",
        "/%ff",
        "relative",
    ] {
        assert_eq!(safe_rel(bad), None, "{bad}");
    }
}

#[test]
fn symbolic_links_out_of_the_folder_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("unit")).unwrap();
    std::fs::write(out.join("unit/index.html"), "u").unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
    assert!(resolve(&out, Path::new("unit")).is_some());
    assert!(resolve(&out, Path::new("unit/index.html")).is_some());
    assert!(resolve(&out, Path::new("missing.html")).is_none());
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        assert!(resolve(&out, Path::new("leak.txt")).is_none());
    }
}

#[test]
fn the_client_goes_before_the_last_body_end() {
    let page = "<html><body><p>x</p></body></html>";
    let got = inject(page, 7);
    assert_eq!(
        got,
        "<html><body><p>x</p><link rel=\"stylesheet\" href=\"/__jixiao/overlay.css\">\
         <script src=\"/__jixiao/client.js\" data-version=\"7\"></script></body></html>"
    );
    // No </body>: at the end.
    assert!(inject("<p>x</p>", 1).starts_with("<p>x</p><link"));
}
