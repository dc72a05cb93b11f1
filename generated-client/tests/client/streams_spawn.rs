//! Builders and page streams own a handle of the client: a `pages()` stream moves into
//! `tokio::spawn` (so it is `'static + Send`) and is collected there, against a real server.

use futures::TryStreamExt;
use serde_json::json;
use twitter_client::Client;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(ids: std::ops::Range<u32>, next: Option<&str>) -> serde_json::Value {
    let data: Vec<_> = ids
        .map(|i| json!({"id": i.to_string(), "text": format!("tweet {i}")}))
        .collect();
    let mut meta = json!({"result_count": data.len()});
    if let Some(n) = next {
        meta["next_token"] = json!(n);
    }
    json!({"data": data, "meta": meta})
}

#[tokio::test]
async fn a_page_stream_moves_into_a_task() {
    let server = MockServer::start().await;
    let at = "/2/users/2244994945/liked_tweets";
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..5, Some("t2"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("pagination_token", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(5..8, None)))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .build()
        .unwrap();
    let pages = client.get_liked_tweets("2244994945").max_results(5).pages();
    // The client itself may go away: the stream holds its own handle.
    drop(client);
    let task = tokio::spawn(async move { pages.try_collect::<Vec<_>>().await });
    let pages = task
        .await
        .expect("the task ran")
        .expect("every page arrived");
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.data.iter().map(|t| t.id.to_string()))
        .collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4", "5", "6", "7"]);
}
