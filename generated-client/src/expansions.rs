//! Helpers on `includes` for the common expansions: from a Tweet or a User of `data` to the
//! objects its ids point to, each an O(1) lookup (see [`crate::Includes`]).
//!
//! Each helper answers from what the response holds: it finds nothing when the expansion was
//! not asked for, the field was not requested, or the API left the object out (a deleted or
//! protected Tweet, a suspended user), and never fails.
//!
//! ```
//! use twitter_client::LikedTweetsPage;
//!
//! let page: LikedTweetsPage = serde_json::from_str(r#"{
//!     "data": [{"id": "1", "text": "hi", "author_id": "7",
//!               "referenced_tweets": [{"type": "quoted", "id": "2"}]}],
//!     "includes": {"users": [{"id": "7", "name": "Seven", "username": "seven"}],
//!                  "tweets": [{"id": "2", "text": "quoted"}]}
//! }"#).unwrap();
//! let tweet = &page.data[0];
//! assert_eq!(page.includes.author_of(tweet).map(|u| u.name.as_deref()), Some(Some("Seven")));
//! let quoted: Vec<_> = page.includes.referenced_tweets_of(tweet).map(|(_, t)| &t.id).collect();
//! assert_eq!(quoted, ["2"]);
//! ```

use crate::{Includes, Media, Place, Poll, ReferencedTweetType, Tweet, User};

impl Includes {
    /// The author of `tweet` (`expansions=author_id`).
    pub fn author_of(&self, tweet: &Tweet) -> Option<&User> {
        self.user(tweet.author_id.as_ref()?)
    }

    /// The user `tweet` replies to (`expansions=in_reply_to_user_id`).
    pub fn in_reply_to_user_of(&self, tweet: &Tweet) -> Option<&User> {
        self.user(tweet.in_reply_to_user_id.as_ref()?)
    }

    /// The Tweets `tweet` refers to (`expansions=referenced_tweets.id`), each with how it
    /// refers to it (retweeted, quoted, replied to), in the order of `referenced_tweets`.
    pub fn referenced_tweets_of<'a>(
        &'a self,
        tweet: &'a Tweet,
    ) -> impl Iterator<Item = (Option<&'a ReferencedTweetType>, &'a Tweet)> + 'a {
        tweet
            .referenced_tweets
            .iter()
            .filter_map(|r| Some((r.r#type.as_ref(), self.tweet(r.id.as_ref()?)?)))
    }

    /// The Tweet `tweet` refers to as `kind` (the quoted one, the one it retweets, the one it
    /// replies to), when it refers to one.
    pub fn referenced_tweet_of<'a>(
        &'a self,
        tweet: &'a Tweet,
        kind: ReferencedTweetType,
    ) -> Option<&'a Tweet> {
        self.referenced_tweets_of(tweet)
            .find(|(k, _)| *k == Some(&kind))
            .map(|(_, t)| t)
    }

    /// The media attached to `tweet` (`expansions=attachments.media_keys`), in attachment
    /// order.
    pub fn media_of<'a>(&'a self, tweet: &'a Tweet) -> impl Iterator<Item = &'a Media> + 'a {
        tweet
            .attachments
            .iter()
            .flat_map(|a| &a.media_keys)
            .filter_map(|key| self.media(key))
    }

    /// The poll attached to `tweet` (`expansions=attachments.poll_ids`).
    pub fn poll_of(&self, tweet: &Tweet) -> Option<&Poll> {
        let attachments = tweet.attachments.as_ref()?;
        attachments.poll_ids.iter().find_map(|id| self.poll(id))
    }

    /// The place `tweet` is tagged with (`expansions=geo.place_id`).
    pub fn place_of(&self, tweet: &Tweet) -> Option<&Place> {
        self.place(tweet.geo.as_ref()?.place_id.as_deref()?)
    }

    /// The users `tweet` mentions (`expansions=entities.mentions.username`), in the order of
    /// the mentions, once each.
    pub fn mentioned_users_of<'a>(
        &'a self,
        tweet: &'a Tweet,
    ) -> impl Iterator<Item = &'a User> + 'a {
        let mentions = tweet.entities.iter().flat_map(|e| &e.mentions);
        let mut seen = Vec::new();
        mentions
            .filter_map(|m| self.user(m.id.as_ref()?))
            .filter(move |u| {
                let first = !seen.contains(&u.id);
                seen.push(u.id);
                first
            })
    }

    /// The Tweet `user` has pinned (`expansions=pinned_tweet_id` on a user endpoint).
    pub fn pinned_tweet_of(&self, user: &User) -> Option<&Tweet> {
        self.tweet(user.pinned_tweet_id.as_ref()?)
    }
}
