use twitter_client::Client;

fn main() {
    // No credentials: there is no `build` to call.
    let _ = Client::builder().base_url("http://127.0.0.1:1").build();
}
