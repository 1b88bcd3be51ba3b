//! A whole site cut from the input, checked as `jixiao check` does (see `harness_site::site`).
#![no_main]

#[path = "../harness_site.rs"]
mod harness_site;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness_site::site(data));
