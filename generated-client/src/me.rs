//! Conveniences of a user-context client (`Client<OAuth1User>` or `Client<OAuth2User>`) that act as the authenticated user, as tweepy
//! does: like and unlike without passing your own user id. With the `users` feature (which
//! has `get_me`); `like` and `unlike` also need `likes`.

use crate::UserId;
use crate::base::error::{DecodeKind, Error, Result};
#[cfg(feature = "likes")]
use crate::base::id::IntoId;
#[cfg(feature = "likes")]
use crate::base::response::Response;
use crate::client::{AuthKind, Client, UserContext};
#[cfg(feature = "likes")]
use crate::{LikeResponse, TweetId};

// The bound is on each method, not on the impl, so that an app-only client's call gets the
// bound's message (what the call needs) rather than "method exists but bounds not satisfied".
impl<A: AuthKind> Client<A> {
    /// The id of the user the credentials belong to, from `GET /2/users/me`, asked once and
    /// cached for the life of the client (and its clones). Concurrent first calls send one
    /// request; a failed lookup is not cached.
    pub async fn my_user_id(&self) -> Result<UserId>
    where
        A: UserContext,
    {
        let id = self
            .me
            .get_or_try_init(|| async {
                Ok::<_, Error>(self.get_me().send().await?.into_inner().data.id.into())
            })
            .await?;
        // The cache keeps the text (the client below the generated code knows no id types);
        // an id that decoded as a `UserId` parses as one, but nothing here may panic.
        id.parse().map_err(|e: crate::InvalidId| Error::Decode {
            status: 200,
            kind: DecodeKind::Mismatch,
            path: "data.id".into(),
            message: e.to_string(),
            body_excerpt: String::new(),
            endpoint: "get_me",
            resume_token: None,
        })
    }

    /// Likes a Tweet as the authenticated user: [`Client::like_tweet`] with the id from
    /// [`Client::my_user_id`].
    #[cfg(feature = "likes")]
    pub async fn like(&self, tweet_id: impl IntoId<TweetId>) -> Result<Response<LikeResponse>>
    where
        A: UserContext,
    {
        let me = self.my_user_id().await?;
        self.like_tweet(me, tweet_id).send().await
    }

    /// Removes the authenticated user's like of a Tweet: [`Client::unlike_tweet`] with the id
    /// from [`Client::my_user_id`].
    #[cfg(feature = "likes")]
    pub async fn unlike(&self, tweet_id: impl IntoId<TweetId>) -> Result<Response<LikeResponse>>
    where
        A: UserContext,
    {
        let me = self.my_user_id().await?;
        self.unlike_tweet(me, tweet_id).send().await
    }
}
