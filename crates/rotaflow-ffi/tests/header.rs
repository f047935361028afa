//! The checked-in header `include/rotaflow.h` is what the pinned cbindgen generates now.
//! `ROTAFLOW_BLESS=1 cargo test -p rotaflow-ffi --test header` rewrites it.

use std::path::Path;

#[test]
fn the_checked_in_header_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header = crate_dir.join("../../include/rotaflow.h");
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml reads");
    let mut fresh = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut fresh);
    let fresh = String::from_utf8(fresh).expect("the header is UTF-8");
    let checked_in = std::fs::read_to_string(&header).unwrap_or_default();
    if std::env::var_os("ROTAFLOW_BLESS").is_some_and(|v| v == "1") {
        if fresh != checked_in {
            std::fs::write(&header, &fresh).expect("write include/rotaflow.h");
        }
        return;
    }
    assert!(
        fresh == checked_in,
        "include/rotaflow.h differs from what cbindgen generates from crates/rotaflow-ffi; \
         run `ROTAFLOW_BLESS=1 cargo test -p rotaflow-ffi --test header` and commit the \
         header.\n--- fresh ---\n{fresh}"
    );
}
