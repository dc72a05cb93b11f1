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
    // `auth: [user, oauth2]`: the app cannot call it.
    let _ = app.get_user_context();
    let _ = (app, oauth1, oauth2);
}
