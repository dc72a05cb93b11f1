use twitter_client::Client;

async fn run() {
    let app = Client::builder().bearer_token("AAAA").build().unwrap();
    // The conveniences that act as the authenticated user need a user client too.
    let _ = app.my_user_id().await;
}

fn main() {
    drop(run());
}
