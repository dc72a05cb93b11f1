use twitter_client::{LikedTweetsPage, TweetId};

fn main() {
    let page = LikedTweetsPage::default();
    let tweet: TweetId = "1293593516040269825".parse().unwrap();
    // The users of `includes` are looked up by user id; a Tweet id is refused.
    let _ = page.includes.user(&tweet);
}
