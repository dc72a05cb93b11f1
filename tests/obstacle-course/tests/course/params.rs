//! The parameter types of issue 10, through generated code against wiremock on 127.0.0.1:
//! a single request enum, date-times (RFC 3339 in UTC), a string list with a per-item
//! pattern, booleans, parameters from a shared definition and a set, and paging that follows
//! `next_token` from `meta.next_cursor` while the endpoint also has `pagination_token`.

use futures::StreamExt;
use obstacle_course::runtime::Client;
use obstacle_course::{Granularity, SortOrder};
use serde_json::json;
use twitter_client::time::{Date, Month, OffsetDateTime, Time, UtcOffset};
use twitter_client::Error;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client<twitter_client::OAuth2User> {
    Client(
        twitter_client::Client::builder()
            .base_url(server.uri())
            .oauth2_user_token("user-token")
            .build()
            .unwrap(),
    )
}

/// 2024-01-31 14:30:05.250 at UTC+02:00, i.e. 12:30:05.250 UTC.
fn local_time() -> OffsetDateTime {
    let date = Date::from_calendar_date(2024, Month::January, 31).unwrap();
    let time = Time::from_hms_milli(14, 30, 5, 250).unwrap();
    date.with_time(time)
        .assume_offset(UtcOffset::from_hms(2, 0, 0).unwrap())
}

fn query_of(req: &Request) -> String {
    req.url.query().unwrap_or_default().to_string()
}

#[tokio::test]
async fn every_parameter_type_is_sent_as_the_api_spells_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/found/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "1"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .search_found("cats", Granularity::Hour)
        .sort_order(SortOrder::Recency)
        .ids(["12", "345"])
        .exact(false)
        .start_time(local_time())
        .end_time(local_time() + std::time::Duration::from_secs(3600))
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id, "1");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        query_of(&requests[0]),
        "query=cats&sort_order=recency&granularity=hour&ids=12%2C345&exact=false\
         &start_time=2024-01-31T12%3A30%3A05Z&end_time=2024-01-31T13%3A30%3A05Z"
    );
    assert!(requests[0].headers["authorization"]
        .to_str()
        .unwrap()
        .starts_with("Bearer user-token"));
}

#[tokio::test]
async fn a_list_item_that_fails_its_pattern_is_named_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let err = client(&server)
        .search_found("cats", Granularity::Minute)
        .ids(["12", "12a", "7"])
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest { message, .. } => {
            assert_eq!(message, "ids item \"12a\" does not match ^[0-9]{1,19}$")
        }
        other => panic!("{other:?}"),
    }
    let err = client(&server)
        .search_found("cats", Granularity::Minute)
        .ids(["1", "2", "3", "x"])
        .send()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("ids has 4 items, more than 3"), "{text}");
    assert!(text.contains("ids item \"x\" does not match"), "{text}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_date_time_outside_four_digit_years_is_refused_before_sending() {
    let server = MockServer::start().await;
    let far = Date::from_calendar_date(-5, Month::March, 1)
        .unwrap()
        .midnight()
        .assume_utc();
    let err = client(&server)
        .search_found("cats", Granularity::Minute)
        .start_time(far)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("start_time \"-005-03-01T00:00:00Z\" does not match"),
        "{err}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn booleans_true_and_enum_user_only_values_work() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/found/search"))
        .and(query_param("exact", "true"))
        .and(query_param("sort_order", "private_rank"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "9"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .search_found("q", Granularity::Minute)
        .exact(true)
        .sort_order(SortOrder::PrivateRank)
        .send()
        .await
        .unwrap();
    assert_eq!(page.data[0].id, "9");
}

#[tokio::test]
async fn paging_follows_the_configured_cursor_into_the_configured_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/found/search"))
        .and(query_param_is_missing("next_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "1"}],
            "meta": {"next_cursor": "c2", "next_token": "not-this-one"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/found/search"))
        .and(query_param("next_token", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": "2"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let ids: Vec<String> = client(&server)
        .search_found("q", Granularity::Hour)
        .pagination_token("kept")
        .items()
        .map(|r| r.unwrap().id.into())
        .collect()
        .await;
    assert_eq!(ids, ["1", "2"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(query_of(&requests[1]).contains("pagination_token=kept"));
    assert!(!query_of(&requests[1]).contains("not-this-one"));
}
