//! One report's PDF on its own, through the cache (the API `jixiao serve` uses).

use super::run::compile;
use super::tools::Tools;
use super::{
    CharSet, PdfError, PdfJob, PdfOptions, SiteInfo, Theme, cache, check_template, json_chars,
    missing_chars, no_glyph_message, report_bytes, report_json, theme_files, typst_flags,
};

/// One report's PDF, through the cache when given (for `jixiao serve`: an edited report is typeset
/// again, an unchanged one comes from the cache). The same bytes as a build gives.
pub fn compile_one(
    job: &PdfJob<'_>,
    site: &SiteInfo,
    theme: &Theme,
    tools: &Tools,
    opts: &PdfOptions,
    cache: Option<&cache::PdfCache>,
) -> Result<Vec<u8>, PdfError> {
    let files = theme_files(theme)?;
    let failed = |e: String| PdfError::Reports {
        total: 1,
        failures: vec![e],
    };
    let named = |e: String| failed(format!("{}: {e}", job.view.source));
    let v = report_json(job.view, site).map_err(named)?;
    let mut chars = CharSet::new();
    json_chars(&v, &mut chars);
    let chars = chars.into_set();
    let json = report_bytes(&v).map_err(named)?;
    let mut all = chars.clone();
    for (rel, bytes) in &files {
        if rel.ends_with(".typ") {
            all.extend(String::from_utf8_lossy(bytes).chars());
        }
    }
    let missing = missing_chars(tools, cache, &all)?;
    check_template(&files, &missing)?;
    let bad: Vec<char> = chars.into_iter().filter(|c| missing.contains(c)).collect();
    if !bad.is_empty() {
        return Err(failed(no_glyph_message(job, &bad)));
    }
    let key = cache.map(|c| {
        let base = cache::KeyBase::new(&cache::Inputs::of(tools, &files, typst_flags(opts)));
        (c, base.key(&json))
    });
    if let Some(pdf) = key.as_ref().and_then(|(c, k)| c.get(k)) {
        return Ok(pdf);
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let builtin = super::bundle::builtin(&files, theme);
    let pdf = compile(&files, builtin, &json, tools, opts, cores).map_err(named)?;
    if let Some((c, k)) = &key {
        let _ = c.put(k, &pdf);
    }
    Ok(pdf)
}
