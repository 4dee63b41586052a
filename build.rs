//! Links the `smb` executable at a fixed address on Linux (`-no-pie`).
//!
//! A position-independent executable is relocated by the dynamic loader at every start: for
//! smb that is 46,000 relocations written into 1.3 MB of tables (clap's command tree, the time
//! zone database, vtables), about 330 copy-on-write page faults and a millisecond before
//! `main` on every `smb queue next` (BENCHMARKS.md, issue #16, "process start"). Linked at a
//! fixed address those tables are filled in by the linker. The cost is that the executable's
//! own code is not placed at a random address (shared libraries, the heap and the stack
//! still are).
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
