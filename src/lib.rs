//! lianluo (联络): grid-based deputy–constituent coverage for a county
//! People's Congress office. The binary is a thin layer over this library;
//! the CLI and the TUI call the same functions.
// No unwrap or expect outside tests: a bad input is an error the operator
// reads, never a panic (issue 12; tests may use them).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod coverage;
pub mod demo;
pub mod i18n;
pub mod io;
pub mod model;
pub mod report;
pub mod rota;
pub mod search;
pub mod spatial;
pub mod store;
pub mod timing;
pub mod tui;
