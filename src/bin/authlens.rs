//! The authlens command line (owned by the HAR/CLI work).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("authlens: the CLI is being built");
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
