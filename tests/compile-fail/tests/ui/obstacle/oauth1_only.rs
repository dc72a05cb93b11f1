use obstacle_course::runtime::Client;

fn main() {
    let app = Client(twitter_client::Client::builder().bearer_token("app").build().unwrap());
    let oauth1 = Client(
        twitter_client::Client::builder()
            .oauth1("ck", "cs", "at", "as")
            .build()
            .unwrap(),
    );
    let oauth2 = Client(
        twitter_client::Client::builder()
            .oauth2_user_token("user")
            .build()
            .unwrap(),
    );
    // `auth: [user]` (OAuth 1.0a): neither the app nor an OAuth 2.0 user can call it.
    let _ = app.get_oauth1_only();
    let _ = oauth2.get_oauth1_only();
    let _ = (app, oauth1, oauth2);
}
