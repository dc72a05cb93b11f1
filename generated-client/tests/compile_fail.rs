//! What must not compile: an endpoint called with a kind of client its spec `auth:` list does
//! not name (spec/ has two sets: every scheme, and user context), and a client built without
//! credentials. Each .stderr pins the compiler's message, which names what the endpoint needs.
//! The obstacle course (tests/obstacle-course/tests/compile_fail.rs) covers every other set.

#[test]
fn wrong_clients_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
