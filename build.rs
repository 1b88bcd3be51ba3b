// The built-in themes, systems and scaffold are embedded; rebuild when any of their files changes.
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=systems");
    println!("cargo:rerun-if-changed=scaffold");
}
