// The built-in themes are embedded with include_dir; rebuild when any theme file changes.
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=systems");
}
