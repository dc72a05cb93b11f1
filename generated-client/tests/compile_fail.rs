//! What must not compile: endpoints that need user context are not methods of an app-only client.

#[test]
fn user_context_endpoints_need_a_user_context_client() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
