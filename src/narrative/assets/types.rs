//! The kinds of file a report may carry (附件类型): an allow-list by name **and** by content, so that
//! nothing an author links to is published as an active document (an HTML or SVG page with a script,
//! a `.php`, an `.htaccess`, a `.js`). Everything else is refused at the link's place.
//!
//! A file's first bytes must be what its extension says: a `.pdf` that is really an HTML page is
//! refused as well. SVG is never published (a browser runs its scripts when it is opened on its own):
//! the author exports it as PNG.

use std::io::Read;
use std::path::Path;

/// What a file is, by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Magic {
    Pdf,
    /// ZIP container: OFD, docx/xlsx/pptx, zip.
    Zip,
    /// OLE2 compound file: doc/xls/ppt, WPS (wps/et/dps).
    Ole,
    Png,
    Jpeg,
    Gif,
    Webp,
    SevenZip,
    Rar,
    /// Text that no browser sniffs as HTML (csv, txt).
    PlainText,
}

/// Attachments a link may point to: extension (lower case) → the content it must have.
const ATTACHMENTS: [(&str, Magic); 22] = [
    ("pdf", Magic::Pdf),
    ("ofd", Magic::Zip),
    ("doc", Magic::Ole),
    ("xls", Magic::Ole),
    ("ppt", Magic::Ole),
    ("wps", Magic::Ole),
    ("et", Magic::Ole),
    ("dps", Magic::Ole),
    ("docx", Magic::Zip),
    ("xlsx", Magic::Zip),
    ("pptx", Magic::Zip),
    ("zip", Magic::Zip),
    ("7z", Magic::SevenZip),
    ("rar", Magic::Rar),
    ("png", Magic::Png),
    ("jpg", Magic::Jpeg),
    ("jpeg", Magic::Jpeg),
    ("gif", Magic::Gif),
    ("webp", Magic::Webp),
    ("csv", Magic::PlainText),
    ("txt", Magic::PlainText),
    // WPS saves .wps/.et/.dps as OLE; newer versions may write OOXML under the same names.
    ("wpsx", Magic::Zip),
];

/// Images a narrative may show (`![…](…)`).
const IMAGES: [(&str, Magic); 5] = [
    ("png", Magic::Png),
    ("jpg", Magic::Jpeg),
    ("jpeg", Magic::Jpeg),
    ("gif", Magic::Gif),
    ("webp", Magic::Webp),
];

/// The extensions a link may point to, for messages.
pub(crate) const ATTACHMENT_LIST: &str = "pdf、ofd、doc、docx、xls、xlsx、ppt、pptx、wps、et、dps、zip、7z、rar、png、jpg、gif、webp、csv、txt";
/// The extensions an image may have, for messages.
pub(crate) const IMAGE_LIST: &str = "png、jpg、jpeg、gif、webp";

/// Why a file may not be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Its extension is not on the list (`html`, `svg`, `js`, `php`, none …).
    Kind(String),
    /// Its content is not what its extension says.
    Content(String),
}

/// Checks a file a link (`image` false) or an image points to. A file that cannot be read passes
/// here: the HTML renderer's check reports it, with the reason.
pub fn check(path: &Path, image: bool) -> Result<(), Refusal> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let table: &[(&str, Magic)] = if image { &IMAGES } else { &ATTACHMENTS };
    let Some(&(_, want)) = table.iter().find(|(e, _)| *e == ext) else {
        return Err(Refusal::Kind(ext));
    };
    let mut head = [0u8; 1024];
    let n = match std::fs::File::open(path).and_then(|mut f| read_head(&mut f, &mut head)) {
        Ok(n) => n,
        Err(_) => return Ok(()),
    };
    if matches(want, &head[..n]) {
        Ok(())
    } else {
        Err(Refusal::Content(ext))
    }
}

fn read_head(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn matches(want: Magic, b: &[u8]) -> bool {
    match want {
        Magic::Pdf => b.starts_with(b"%PDF-"),
        Magic::Zip => b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06"),
        Magic::Ole => b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        Magic::Png => b.starts_with(b"\x89PNG\r\n\x1a\n"),
        Magic::Jpeg => b.starts_with(&[0xFF, 0xD8, 0xFF]),
        Magic::Gif => b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a"),
        Magic::Webp => b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP",
        Magic::SevenZip => b.starts_with(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]),
        Magic::Rar => b.starts_with(b"Rar!\x1a\x07"),
        Magic::PlainText => plain_text(b),
    }
}

/// No NUL byte, and nothing a browser's sniffer (WHATWG MIME sniffing) takes for HTML or XML at the
/// start: `<!doctype`, `<html`, `<script`, `<svg`, `<?xml`, `<!--` …
fn plain_text(b: &[u8]) -> bool {
    if b.contains(&0) {
        return false;
    }
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let rest = &b[start..];
    !(rest.starts_with(b"<")
        && rest.len() > 1
        && (rest[1].is_ascii_alphabetic() || b"!?/".contains(&rest[1])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        (t, p)
    }

    #[test]
    fn active_documents_are_refused_by_name() {
        for name in [
            "x.html",
            "x.htm",
            "x.svg",
            "x.php",
            ".htaccess",
            "x.js",
            "x",
            "x.xhtml",
        ] {
            let (_t, p) = file(name, b"<script>alert(1)</script>");
            assert!(matches!(check(&p, false), Err(Refusal::Kind(_))), "{name}");
        }
        let (_t, p) = file("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>");
        assert!(matches!(check(&p, true), Err(Refusal::Kind(_))));
    }

    #[test]
    fn content_must_match_the_name() {
        let (_t, p) = file("x.pdf", b"<html><script>alert(1)</script>");
        assert_eq!(check(&p, false), Err(Refusal::Content("pdf".into())));
        let (_t, p) = file("x.png", b"GIF89a....");
        assert_eq!(check(&p, true), Err(Refusal::Content("png".into())));
        let (_t, p) = file("x.txt", b"  <!DOCTYPE html><script>");
        assert_eq!(check(&p, false), Err(Refusal::Content("txt".into())));
        let (_t, p) = file("x.csv", b"\xEF\xBB\xBF<svg onload=alert(1)>");
        assert!(check(&p, false).is_err());
    }

    #[test]
    fn real_documents_pass() {
        let ok: [(&str, &[u8], bool); 8] = [
            ("附件1.PDF", b"%PDF-1.7\n", false),
            ("a.ofd", b"PK\x03\x04rest", false),
            (
                "a.doc",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0],
                false,
            ),
            ("a.xlsx", b"PK\x03\x04", false),
            ("a.png", b"\x89PNG\r\n\x1a\nIHDR", true),
            ("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE0], true),
            ("a.webp", b"RIFF\0\0\0\0WEBPVP8 ", true),
            ("a.csv", "指标,目标值\n产出,<5%\n".as_bytes(), false),
        ];
        for (name, bytes, image) in ok {
            let (_t, p) = file(name, bytes);
            assert_eq!(check(&p, image), Ok(()), "{name}");
        }
    }
}
