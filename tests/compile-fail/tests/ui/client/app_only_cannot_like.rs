use twitter_client::Client;

fn main() {
    let app = Client::builder().bearer_token("AAAA").build().unwrap();
    // Liking acts on behalf of a user (spec: `auth: [oauth1_user, oauth2_user]`): a
    // Client<AppOnly> cannot call it, and the compiler says what it needs.
    let _ = app.like_tweet("1072250532645998596", "1293593516040269825");
}
