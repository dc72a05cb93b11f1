use twitter_client::{Client, TweetId, UserId};

fn main() {
    let me = Client::builder().oauth2_user_token("user").build().unwrap();
    let user: UserId = "2244994945".parse().unwrap();
    let tweet: TweetId = "1293593516040269825".parse().unwrap();
    // like_tweet(user id, tweet id), called with the ids swapped: both are digit strings on
    // the wire, but a TweetId is not a UserId.
    let _ = me.like_tweet(tweet, user);
}
