//! `jixiao`: validate, score and publish 预算绩效自评 reports. The commands are in `jixiao::cmd`.

fn main() -> std::process::ExitCode {
    jixiao::cmd::run()
}
