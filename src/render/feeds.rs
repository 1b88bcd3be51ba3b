//! 站点地图与订阅 (`sitemap.xml`, `feed.xml`): for the crawlers and feed readers that government
//! sites are visited by. Both need absolute addresses, so they are written only when `base_path` in
//! `jixiao.yaml` is one (`https://czj.example.gov.cn/jixiao/`); the pages then link the feed.
//!
//! Every timestamp is the build's one epoch ([`RenderContext::epoch`]: `SOURCE_DATE_EPOCH` or the
//! last commit), never the clock, so two builds of one commit are identical. The feed lists every
//! report, newest year first, each identified by its page's address (a new report is a new entry).

use super::html::{self, Pages, base_url, listed_name};
use super::{Listing, RenderContext, RenderError, Renderer, Theme};
use crate::pipeline::Site;
use std::fmt::Write as _;

pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const FEED: &str = "feed.xml";

/// The sitemap and the Atom feed.
#[derive(Default)]
pub(crate) struct Feeds;

impl Renderer for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn prepare(&mut self, _site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        Ok(())
    }
    fn render_site(
        &self,
        ctx: &RenderContext<'_>,
        listings: &[Listing],
    ) -> Result<(), RenderError> {
        let Some(base) = base_url(&ctx.site.config.base_path).filter(|_| ctx.writes_site()) else {
            return Ok(());
        };
        let pages = Pages::new(ctx.plan, listings, ctx.with_pdf);
        let when = rfc3339(ctx.epoch);
        ctx.stage
            .write(SITEMAP, sitemap(&pages, &base, &when).as_bytes())?;
        ctx.stage
            .write(FEED, feed(ctx, &pages, &base, &when).as_bytes())?;
        Ok(())
    }
}

fn sitemap(pages: &Pages<'_>, base: &str, when: &str) -> String {
    let mut urls = vec![base.to_string(), url(base, super::review::PAGE)];
    for u in pages.units {
        urls.push(url(base, &u.path));
        for &i in &u.reports {
            urls.push(url(base, &format!("{}.html", pages.listings[i].slug)));
        }
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><lastmod>{when}</lastmod></url>",
            esc(&u)
        );
    }
    out.push_str("</urlset>\n");
    out
}

fn feed(ctx: &RenderContext<'_>, pages: &Pages<'_>, base: &str, when: &str) -> String {
    let site = &ctx.site.config.name;
    let mut order: Vec<(usize, usize)> = pages
        .units
        .iter()
        .flat_map(|u| u.reports.iter().copied())
        .enumerate()
        .collect();
    order.sort_by_key(|&(pos, i)| (std::cmp::Reverse(pages.listings[i].year), pos));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <id>{feed}</id>\n  <title>{title}</title>\n  <subtitle>预算绩效自评结果公开</subtitle>\n  <updated>{when}</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  <author><name>{title}</name></author>\n  <generator>jixiao</generator>\n",
        feed = esc(&url(base, FEED)),
        title = esc(site),
        home = esc(base),
    );
    for (_, i) in order {
        let v = &pages.listings[i];
        let page = url(base, &format!("{}.html", v.slug));
        let _ = write!(
            out,
            "  <entry>\n    <id>{id}</id>\n    <title>{title}</title>\n    <updated>{when}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{id}\"/>\n",
            id = esc(&page),
            title = esc(&listed_name(v)),
        );
        if ctx.with_pdf {
            let _ = writeln!(
                out,
                "    <link rel=\"enclosure\" type=\"application/pdf\" href=\"{}\"/>",
                esc(&url(base, &format!("{}.pdf", v.slug)))
            );
        }
        let _ = write!(
            out,
            "    <link rel=\"related\" type=\"application/json\" href=\"{}\"/>\n    <category term=\"{}\" label=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            esc(&url(base, &format!("{}.json", v.slug))),
            v.year,
            esc(&v.unit),
            esc(&format!(
                "{}{}年度{}：自评总分 {} 分，评价等级{}。",
                v.unit, v.year, v.title, v.total, v.grade
            )),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// The address of an output file: the base and the path with every byte that is not unreserved
/// percent-encoded (UTF-8), as the sitemap protocol asks.
fn url(base: &str, path: &str) -> String {
    let mut out = String::from(base);
    for b in html::href(path).bytes() {
        if b.is_ascii() {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// XML text and attribute escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::render::html::escape_markup(&mut out, s);
    out
}

/// Seconds since 1970 as an RFC 3339 UTC timestamp (`2025-06-20T08:00:00Z`), by the civil-from-days
/// algorithm (no clock, no time zone).
pub(crate) fn rfc3339(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (year, month, day) = crate::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_become_utc_timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        // `date -u -d @1718870400`: 2024-06-20 08:00:00 UTC.
        assert_eq!(rfc3339(1_718_870_400), "2024-06-20T08:00:00Z");
        // A leap day and the end of a century year.
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(978_307_199), "2000-12-31T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn addresses_are_percent_encoded_and_xml_escaped() {
        assert_eq!(
            url("https://a.gov.cn/jx/", "广州/2023 年.html"),
            "https://a.gov.cn/jx/%E5%B9%BF%E5%B7%9E/2023%20%E5%B9%B4.html"
        );
        assert_eq!(esc("a&b<\"c\">'"), "a&amp;b&lt;&quot;c&quot;&gt;&#39;");
        assert_eq!(esc("x\u{1}y"), "x\u{fffd}y");
    }
}
