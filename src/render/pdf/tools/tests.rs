use super::*;

#[test]
fn pins_are_read() {
    assert!(
        typst_version().split('.').count() == 3,
        "{}",
        typst_version()
    );
    assert!(
        !pin("FONTS_DIR").contains(':'),
        "a font folder name must not hold the path separator"
    );
    // The two font packages, then the subsets made from them with the pinned fontTools.
    let stamp = font_stamp();
    let lines: Vec<&str> = stamp.lines().collect();
    assert_eq!(lines.len(), 3, "{stamp}");
    assert!(lines[0].starts_with("fonts-noto-cjk="), "{stamp}");
    assert!(lines[1].starts_with("fonts-lxgw-wenkai="), "{stamp}");
    let subset = lines[2].strip_prefix("subset python3-fonttools=").unwrap();
    let sha = subset.rsplit(' ').next().unwrap();
    assert!(
        sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
        "{stamp}"
    );
    assert_eq!(pin("NO_SUCH_KEY"), "");
}

#[test]
fn missing_typst_names_the_install_command() {
    let t = tempfile::tempdir().unwrap();
    let lookup = Lookup {
        cache: Some(t.path().to_path_buf()),
        ..Lookup::default()
    };
    let e = locate(t.path(), &lookup).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("typst {} not found", typst_version())),
        "{e}"
    );
    assert!(e.to_string().contains("install-tools.sh"), "{e}");
    assert!(
        e.to_string().contains(&format!(
            "cargo install typst-cli --locked --version {}",
            typst_version()
        )),
        "{e}"
    );
}

#[test]
fn wrong_typst_version_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let fake = t.path().join("typst");
    std::fs::write(&fake, "#!/bin/sh\necho 'typst 0.11.0 (deadbeef)'\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let lookup = Lookup {
        typst: Some(fake),
        cache: Some(t.path().to_path_buf()),
        ..Lookup::default()
    };
    let e = locate(t.path(), &lookup).unwrap_err();
    assert!(e.to_string().contains("typst 0.11.0"), "{e}");
    assert!(e.to_string().contains("version mismatch"), "{e}");
}

#[test]
fn caches_order() {
    let l = Lookup::default();
    let c = l.caches(Path::new("/some/site"));
    assert_eq!(c[0], Path::new("/some/site/.cache"));
    assert_eq!(
        c.last().unwrap(),
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache")
    );
    let l = Lookup {
        cache: Some("/x".into()),
        ..Lookup::default()
    };
    assert_eq!(l.caches(Path::new("/some/site")), vec![PathBuf::from("/x")]);
}
