//! `lianluo`: argument parsing and dispatch, nothing else.
// No unwrap or expect outside tests: a bad input is an error the operator
// reads, never a panic (issue 12; tests may use them).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() {
    let code = lianluo::cli::main();
    std::process::exit(code);
}
