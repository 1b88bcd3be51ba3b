//! `jixiao`: validate, score and publish 预算绩效自评 reports. The commands are in `jixiao::cmd`.

/// mimalloc, not the system's allocator: a build makes and drops the reports' views a batch at a
/// time, and glibc's malloc spent a tenth of an HTML build sorting the freed chunks (docs/scale.md,
/// "The allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jixiao::cmd::run()
}
