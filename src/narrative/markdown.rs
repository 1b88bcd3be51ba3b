//! What the narrative's Markdown is, in one place: the extensions it may use, which characters are
//! written without spaces between them (the soft-break rule), and which URLs may stay links. The
//! reader ([`super::read`]), the link resolver ([`super::assets`]) and both renderers use these and
//! no copy of them.

use pulldown_cmark::Options;

/// The Markdown extensions of the narrative: tables, footnotes and strikethrough (CommonMark
/// otherwise; no raw HTML is ever passed through).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// A character of the East Asian scripts and their punctuation, set full-width: Han ideographs (every
/// block and plane, with radicals, strokes and compatibility forms), bopomofo, kana (with the
/// phonetic extensions, the kana supplements and half-width katakana), Hangul, CJK symbols and
/// punctuation (、。「」《》〔〕), enclosed and compatibility forms, vertical and small forms, and
/// the full-width forms (，：；（）％！？).
///
/// Besides these, five characters that Unicode gives an *ambiguous* width count, because in Chinese
/// text they are Chinese punctuation (GB/T 15834) and set full-width: the quotation marks `“” ‘’`,
/// the ellipsis `…` (省略号 is written `……`), the dash `—` (破折号 is written `——`, the 一字线
/// 连接号 `—`) and the middle dot `·` (间隔号, as in 诺尔曼·白求恩). Counting them only matters
/// next to another CJK character (see [`joins_across_line_break`]), so English `a —\nb` or `a ·\nb`
/// keeps its space. The European quotes `‚ ‛ „ ‟` do not count.
///
/// Used for the soft-break rule and for estimating text widths (one em for these, less for others).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF          // Hangul jamo
        | 0x2E80..=0x2FDF        // CJK and Kangxi radicals
        | 0x2FF0..=0x2FFF        // ideographic description characters
        | 0x3000..=0x303F        // CJK symbols and punctuation
        | 0x3040..=0x30FF        // hiragana, katakana
        | 0x3100..=0x312F        // bopomofo
        | 0x3130..=0x318F        // Hangul compatibility jamo
        | 0x3190..=0x31FF        // kanbun, bopomofo extended, CJK strokes, katakana phonetic ext.
        | 0x3200..=0x33FF        // enclosed CJK letters, CJK compatibility
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA960..=0xA97F        // Hangul jamo extended-A
        | 0xAC00..=0xD7FF        // Hangul syllables, jamo extended-B
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFE10..=0xFE1F        // vertical forms
        | 0xFE30..=0xFE6F        // CJK compatibility forms, small form variants
        | 0xFF00..=0xFFEF        // half-width and full-width forms
        | 0x1AFF0..=0x1B16F      // kana extended-B, kana supplement, extended-A, small kana
        | 0x20000..=0x3FFFF      // CJK extensions B–I, compatibility supplement (planes 2 and 3)
    ) || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Hangul: syllables, jamo and their compatibility and half-width forms.
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// Whether a soft line break between `before` and `after` disappears instead of becoming a space:
/// between two CJK characters ([`is_cjk`]) only, as Chinese and Japanese have no spaces between
/// words (`绩效\n目标` reads `绩效目标`). Korean has them, so a break next to Hangul stays a space
/// (the rule of CSS Text 3, §4.1.3 “Segment Break Transformation Rules”, which browsers apply to
/// the same text).
pub(crate) fn joins_across_line_break(before: char, after: char) -> bool {
    is_cjk(before) && is_cjk(after) && !is_hangul(before) && !is_hangul(after)
}

/// The schemes a link may have.
pub(crate) const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];
/// The schemes an image may have.
pub(crate) const IMAGE_SCHEMES: [&str; 2] = ["http", "https"];

/// What a URL written in the narrative is, read as a browser reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlKind<'a> {
    /// `#…`: a place in the same page (the part after `#`).
    Fragment(&'a str),
    /// `scheme:…`, the scheme in lower case. Whitespace and control characters are ignored while the
    /// scheme is read (`java\tscript:`, ` JaVaScRiPt:` are `javascript`).
    Scheme(String),
    /// Anything else: a path, relative or absolute.
    Path,
}

/// Reads what kind of URL `url` is (see [`UrlKind`]).
pub(crate) fn url_kind(url: &str) -> UrlKind<'_> {
    let trimmed = url.trim();
    if let Some(frag) = trimmed.strip_prefix('#') {
        return UrlKind::Fragment(frag);
    }
    let squeezed: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    match squeezed.split_once(':') {
        Some((scheme, _))
            if scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            UrlKind::Scheme(scheme.to_ascii_lowercase())
        }
        _ => UrlKind::Path,
    }
}

/// Whether `url` may be written as it is as a web address: a link's scheme is `http`, `https`,
/// `mailto` or `tel`, an image's `http` or `https`, and it holds no control character.
pub(crate) fn safe_url(url: &str, image: bool) -> bool {
    let schemes: &[&str] = if image { &IMAGE_SCHEMES } else { &LINK_SCHEMES };
    !url.trim().is_empty()
        && !url.chars().any(char::is_control)
        && matches!(url_kind(url), UrlKind::Scheme(s) if schemes.contains(&s.as_str()))
}

#[cfg(test)]
mod tests;
