//! The generated route table of the fake X API (`src/generated/fake.rs`): one route per
//! endpoint of the spec, in order, each pointing at its endpoint's static description, and
//! every JSON answer a success that decodes into the endpoint's response type and serialises
//! back to the same JSON.

use obstacle_course::runtime::FakeAnswer;
use obstacle_course::{
    CountsResponse, CreateThingResponse, DeletedResponse, FollowingResponse, LikeResponse,
    MeResponse, SearchPage,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes `json` as `T` and serialises it again: the JSON it gives back.
fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Result<serde_json::Value, String> {
    let value: T = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

/// [`round_trip`] with the response type of the endpoint `name`.
fn round_trip_as_response_of(name: &str, json: &str) -> Result<serde_json::Value, String> {
    match name {
        "get_app_only" | "get_oauth1_only" | "get_oauth2_only" | "get_app_or_oauth1"
        | "get_app_or_oauth2" | "get_user_context" | "get_any_auth" | "get_me" => {
            round_trip::<MeResponse>(json)
        }
        "create_thing" => round_trip::<CreateThingResponse>(json),
        "remove_things" | "delete_thing" => round_trip::<DeletedResponse>(json),
        "follow_user" => round_trip::<FollowingResponse>(json),
        "count_things" => round_trip::<CountsResponse>(json),
        "like_tweet" | "unlike_tweet" => round_trip::<LikeResponse>(json),
        "search_found" => round_trip::<SearchPage>(json),
        other => Err(format!(
            "`{other}` is not listed here: add its response type"
        )),
    }
}

#[test]
fn one_route_per_endpoint_in_spec_order() {
    let names: Vec<&str> = obstacle_course::fake_routes()
        .iter()
        .map(|r| r.endpoint.name)
        .collect();
    assert_eq!(
        names,
        [
            "get_app_only",
            "get_oauth1_only",
            "get_oauth2_only",
            "get_app_or_oauth1",
            "get_app_or_oauth2",
            "get_user_context",
            "get_any_auth",
            "download_thing",
            "create_thing",
            "remove_things",
            "delete_thing",
            "follow_user",
            "start_thing",
            "count_things",
            "like_tweet",
            "unlike_tweet",
            "get_me",
            "search_found",
        ]
    );
    for route in obstacle_course::fake_routes() {
        assert!(
            !route.stream,
            "{}: the course has no stream",
            route.endpoint.name
        );
        assert!(route.scopes.is_empty() && route.rate_limits.is_empty());
        let want = match route.endpoint.name {
            "download_thing" => Some(FakeAnswer::Binary),
            "start_thing" => Some(FakeAnswer::Empty),
            _ => None,
        };
        if let Some(want) = want {
            assert_eq!(route.answer, want, "{}", route.endpoint.name);
        }
    }
}

#[test]
fn every_json_answer_is_a_success_that_decodes_and_serialises_back_the_same() {
    for route in obstacle_course::fake_routes() {
        let FakeAnswer::Json(json) = route.answer else {
            continue;
        };
        let name = route.endpoint.name;
        let sent: serde_json::Value = serde_json::from_str(json).expect("JSON");
        assert!(sent.get("data").is_some(), "{name}: {json}");
        assert!(sent.get("errors").is_none() && sent.get("includes").is_none());
        assert!(
            !json.contains("next_token"),
            "{name}: a pager stops: {json}"
        );
        let back = round_trip_as_response_of(name, json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, sent, "{name}");
    }
}
