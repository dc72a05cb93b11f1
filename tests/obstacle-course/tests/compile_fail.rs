//! Every set of auth schemes of spec/auth.yaml refuses, at compile time, the kinds of client
//! it does not name, with the message of its bound (`twitter_client::accepts`) naming what the
//! endpoint needs. One trybuild run (it builds the dependencies again) for every case.

#[test]
fn wrong_clients_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
