//! The `mtlint` command line: a thin front end over the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

/// glibc's allocator grows each thread's arena a few pages at a time (over a thousand
/// `mprotect` calls to load the packs); mimalloc takes memory in larger segments.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
