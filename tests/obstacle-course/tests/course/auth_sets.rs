//! Every set of auth schemes of spec/auth.yaml compiles on exactly the clients it names
//! (tests/compile-fail/tests/ui/obstacle/ has the refusals) and sends their credentials: each
//! accepted (endpoint, client) pair is sent to a wiremock server on 127.0.0.1 and the `Authorization` header's kind is
//! asserted: `Bearer <app token>`, `OAuth oauth_consumer_key=...` or `Bearer <user token>`.

use obstacle_course::runtime::Client;
use twitter_client::{AppOnly, OAuth1User, OAuth2User};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_TOKEN: &str = "app-token";
const USER_TOKEN: &str = "oauth2-user-token";

struct Clients {
    app: Client<AppOnly>,
    oauth1: Client<OAuth1User>,
    oauth2: Client<OAuth2User>,
}

async fn setup() -> (MockServer, Clients) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"id": "1"}})),
        )
        .mount(&server)
        .await;
    let builder = || twitter_client::Client::builder().base_url(server.uri());
    let clients = Clients {
        app: Client(builder().bearer_token(APP_TOKEN).build().unwrap()),
        oauth1: Client(builder().oauth1("ck", "cs", "at", "as").build().unwrap()),
        oauth2: Client(builder().oauth2_user_token(USER_TOKEN).build().unwrap()),
    };
    (server, clients)
}

/// The path and the kind of `Authorization` of the last request: `app`, `oauth1` or `oauth2`.
async fn last(server: &MockServer) -> (String, &'static str) {
    let requests = server.received_requests().await.unwrap();
    let request = requests.last().expect("a request was sent");
    let auth = request
        .headers
        .get("authorization")
        .expect("an Authorization header")
        .to_str()
        .unwrap();
    let kind = if auth == format!("Bearer {APP_TOKEN}") {
        "app"
    } else if auth == format!("Bearer {USER_TOKEN}") {
        "oauth2"
    } else if auth.starts_with("OAuth ")
        && auth.contains(r#"oauth_consumer_key="ck""#)
        && auth.contains(r#"oauth_token="at""#)
        && auth.contains(r#"oauth_signature_method="HMAC-SHA1""#)
    {
        "oauth1"
    } else {
        panic!("unexpected Authorization header {auth:?}")
    };
    (request.url.path().to_owned(), kind)
}

macro_rules! sends {
    ($server:expr, $client:expr, $op:ident, $path:literal, $kind:literal) => {
        let response = $client.$op().send().await.unwrap();
        assert_eq!(response.data.id, "1");
        assert_eq!(
            last(&$server).await,
            ($path.to_owned(), $kind),
            stringify!($op)
        );
    };
}

#[tokio::test]
async fn app_only_set() {
    let (server, c) = setup().await;
    sends!(server, c.app, get_app_only, "/2/auth/app", "app");
}

#[tokio::test]
async fn oauth1_only_set() {
    let (server, c) = setup().await;
    sends!(
        server,
        c.oauth1,
        get_oauth1_only,
        "/2/auth/oauth1",
        "oauth1"
    );
}

#[tokio::test]
async fn oauth2_only_set() {
    let (server, c) = setup().await;
    sends!(
        server,
        c.oauth2,
        get_oauth2_only,
        "/2/auth/oauth2",
        "oauth2"
    );
}

#[tokio::test]
async fn app_or_oauth1_set() {
    let (server, c) = setup().await;
    sends!(
        server,
        c.app,
        get_app_or_oauth1,
        "/2/auth/app_or_oauth1",
        "app"
    );
    sends!(
        server,
        c.oauth1,
        get_app_or_oauth1,
        "/2/auth/app_or_oauth1",
        "oauth1"
    );
}

#[tokio::test]
async fn app_or_oauth2_set() {
    let (server, c) = setup().await;
    sends!(
        server,
        c.app,
        get_app_or_oauth2,
        "/2/auth/app_or_oauth2",
        "app"
    );
    sends!(
        server,
        c.oauth2,
        get_app_or_oauth2,
        "/2/auth/app_or_oauth2",
        "oauth2"
    );
}

#[tokio::test]
async fn user_context_set() {
    let (server, c) = setup().await;
    sends!(server, c.oauth1, get_user_context, "/2/auth/user", "oauth1");
    sends!(server, c.oauth2, get_user_context, "/2/auth/user", "oauth2");
}

#[tokio::test]
async fn every_scheme_set() {
    let (server, c) = setup().await;
    sends!(server, c.app, get_any_auth, "/2/auth/any", "app");
    sends!(server, c.oauth1, get_any_auth, "/2/auth/any", "oauth1");
    sends!(server, c.oauth2, get_any_auth, "/2/auth/any", "oauth2");
}
