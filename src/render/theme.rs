//! Themes (主题): where a template, style or Typst file comes from.

use crate::pipeline::Site;
use include_dir::{Dir, include_dir};
use std::borrow::Cow;
use std::path::PathBuf;

/// The themes shipped with jixiao, compiled into the binary.
static BUILTIN_THEMES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// A theme (主题): template, style and Typst files looked up in order in
/// 1. the site's own `templates/`, `static/`, `typst/` folders (override a single file),
/// 2. the site's `themes/<name>/`,
/// 3. jixiao's built-in `themes/<name>/`.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    site_root: PathBuf,
}

/// Why a theme cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("找不到主题“{0}”（theme not found）：既不是内置主题，站点也没有 themes/{0}/ 文件夹")]
pub struct ThemeError(pub String);

impl Theme {
    pub fn for_site(site: &Site) -> Result<Theme, ThemeError> {
        let name = site.config.theme.clone();
        let local = site.root.join("themes").join(&name);
        if BUILTIN_THEMES.get_dir(&name).is_none() && !local.is_dir() {
            return Err(ThemeError(name));
        }
        Ok(Theme {
            name,
            site_root: site.root.clone(),
        })
    }

    /// The content of a theme file such as `templates/report.html`, `static/style.css` or
    /// `typst/report.typ`, from the first place that has it.
    pub fn get(&self, rel: &str) -> Option<Cow<'static, [u8]>> {
        if rel
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        {
            return None;
        }
        for p in [
            self.site_root.join(rel),
            self.site_root.join("themes").join(&self.name).join(rel),
        ] {
            let is_plain_file =
                std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_file());
            if is_plain_file && let Ok(bytes) = std::fs::read(&p) {
                return Some(Cow::Owned(bytes));
            }
        }
        BUILTIN_THEMES
            .get_file(format!("{}/{rel}", self.name))
            .map(|f| Cow::Borrowed(f.contents()))
    }

    /// The bytes jixiao ships for `rel` in this theme (`typst/report.typ`), whatever the site
    /// overrides: none when the theme is not a built-in one or has no such file.
    pub(crate) fn builtin(&self, rel: &str) -> Option<&'static [u8]> {
        BUILTIN_THEMES
            .get_file(format!("{}/{rel}", self.name))
            .map(|f| f.contents())
    }

    /// A theme file as text.
    pub fn get_text(&self, rel: &str) -> Option<String> {
        self.get(rel)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// Every file below `folder` (e.g. `static`, `typst`) in any of the three places, as sorted
    /// `/`-separated paths relative to the theme root (`static/style.css`).
    pub fn files(&self, folder: &str) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        if let Some(d) = BUILTIN_THEMES.get_dir(format!("{}/{folder}", self.name)) {
            collect_builtin(d, &self.name, &mut out);
        }
        for base in [
            self.site_root.clone(),
            self.site_root.join("themes").join(&self.name),
        ] {
            let dir = base.join(folder);
            if !dir.is_dir() {
                continue;
            }
            for e in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .follow_links(false)
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file()
                    && let Ok(rel) = e.path().strip_prefix(&base)
                {
                    out.insert(
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                }
            }
        }
        out.into_iter().collect()
    }
}

fn collect_builtin(d: &Dir<'static>, theme: &str, out: &mut std::collections::BTreeSet<String>) {
    for f in d.files() {
        let p = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = p.strip_prefix(&format!("{theme}/")) {
            out.insert(rel.to_string());
        }
    }
    for sub in d.dirs() {
        collect_builtin(sub, theme, out);
    }
}
