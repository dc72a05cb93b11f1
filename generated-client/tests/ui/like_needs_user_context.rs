use twitter_client::Client;

fn main() {
    let app = Client::builder().bearer_token("AAAA").build().unwrap();
    // Liking acts on behalf of a user: a Client<AppOnly> has no `like_tweet`.
    let _ = app.like_tweet("1072250532645998596", "1293593516040269825");
}
