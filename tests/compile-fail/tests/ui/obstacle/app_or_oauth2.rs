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
    // `auth: [oauth2, app]`: an OAuth 1.0a user cannot call it.
    let _ = oauth1.get_app_or_oauth2();
    let _ = (app, oauth1, oauth2);
}
