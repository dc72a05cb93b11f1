use twitter_client::Client;

fn main() {
    let app = Client::builder().bearer_token("AAAA").build().unwrap();
    let _ = app.unlike_tweet("1072250532645998596", "1293593516040269825");
}
