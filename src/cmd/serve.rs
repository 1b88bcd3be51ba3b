//! `jixiao serve`: the local preview with live reload (see [`crate::serve`]).

use crate::serve::{self, Options};
use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao serve SITE [--port N] [--bind ADDR] [--open] [--no-pdf]` until it is stopped.
pub fn run(root: &Path, port: Option<u16>, bind: IpAddr, open: bool, no_pdf: bool) -> ExitCode {
    if !bind.is_loopback() {
        eprintln!(
            "注意：预览服务器对 {bind} 开放，同一网络中的其他设备也能访问（the preview is reachable from other machines）。"
        );
    }
    let opts = Options {
        root: root.to_path_buf(),
        bind,
        port,
        open,
        pdf: !no_pdf,
    };
    match serve::run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}
