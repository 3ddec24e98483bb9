//! The `govgraph` binary: parse arguments, run, map errors to exit codes.

mod cli;

use std::process::ExitCode;

// See Cargo.toml: the build is bound by small allocations.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("govgraph: error: {}", cli::message(&e));
            ExitCode::from(cli::exit_code(&e))
        }
    }
}
