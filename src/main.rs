//! `lianluo`: argument parsing and dispatch, nothing else.

fn main() {
    let code = lianluo::cli::main();
    std::process::exit(code);
}
