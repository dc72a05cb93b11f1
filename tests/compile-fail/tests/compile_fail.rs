//! What must not compile, each `.stderr` pinning the compiler's message:
//!
//! - `ui/client/`: an endpoint of spec/ called with a kind of client its `auth:` list does not
//!   name (spec/ has two sets: every scheme, and user context), and a client built without
//!   credentials.
//! - `ui/obstacle/`: every other set of auth schemes (tests/obstacle-course/spec/auth.yaml)
//!   refuses the kinds of client it does not name, with the message of its bound
//!   (`twitter_client::accepts`) naming what the endpoint needs.
//!
//! One trybuild run for all of them: trybuild checks the dependencies again under its own
//! rustflags, so every extra run or dependency costs a clean `cargo test` seconds.

/// The rustflags trybuild (1.0.122) gives rustc, passed the same way to both of its cargo
/// runs. trybuild sets them with `--config`, adding `--diagnostic-width=140` for its second
/// run only, so the second run checked all ~100 dependencies again (28 s of a clean test run
/// on 2 cores). `CARGO_ENCODED_RUSTFLAGS` takes precedence over `--config` rustflags, so with
/// it both runs see one set of flags and the dependencies are checked once. The messages are
/// the ones trybuild would get in its second run, which are those it compares.
const TRYBUILD_RUSTFLAGS: &[&str] = &[
    "--cfg",
    "trybuild",
    "--verbose",
    "-A",
    "dead_code",
    "--diagnostic-width=140",
];

#[test]
fn wrong_calls_do_not_compile() {
    // The only test of this binary: nothing else reads the environment concurrently.
    std::env::set_var("CARGO_ENCODED_RUSTFLAGS", TRYBUILD_RUSTFLAGS.join("\x1f"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/client/*.rs");
    t.compile_fail("tests/ui/obstacle/*.rs");
}
