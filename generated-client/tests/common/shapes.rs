//! Endpoint shapes the spec has none of yet, declared the way the generator declares
//! endpoints (through `twitter_client::runtime`), to reach runtime code paths that no
//! generated endpoint takes: a path parameter without a pattern, an integer query parameter
//! given a non-integer, a required parameter left unset, a POST whose JSON body members are
//! all optional and of every JSON kind, and a response decoded into a caller-chosen type.
//! Everything else is tested through the generated endpoints.

use twitter_client::runtime::{AuthSet, Check, Endpoint, Method, Param};

/// `GET /2/users/by/username/{username}` with no pattern on `username`, and an integer
/// query parameter; no pagination.
pub static GET_BY_NAME: Endpoint = Endpoint {
    name: "get_user_by_username",
    method: Method::Get,
    path: "/2/users/by/username/{username}",
    auth: AuthSet::ANY,
    params: &[
        Param::path("username", Check::None),
        Param::query("max_results", false, Check::int(Some(5), Some(100))),
    ],
    pagination_param: None,
    body: None,
};

/// A POST with body members of every kind and no required one, and a query parameter.
pub static CREATE_THING: Endpoint = Endpoint {
    name: "create_thing",
    method: Method::Post,
    path: "/2/things",
    auth: AuthSet {
        app_only: false,
        oauth1_user: true,
        oauth2_user: true,
    },
    params: &[
        Param::body("text", false, Check::None),
        Param::body("count", false, Check::int(Some(1), None)),
        Param::body("flag", false, Check::None),
        Param::body("reply", false, Check::None),
        Param::query("dry_run", false, Check::None),
    ],
    pagination_param: None,
    body: None,
};
