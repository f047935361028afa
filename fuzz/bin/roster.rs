//! AFL++ target `roster`: see `targets/roster.rs` for what it reads and checks.
#[path = "../targets/common.rs"]
#[allow(dead_code)] // each target uses some of the shared pieces
mod common;
#[path = "../targets/roster.rs"]
mod target;

fn main() {
    afl::fuzz!(|data: &[u8]| target::run(data));
}
