//! Names the importer chooses: the operation's name in the spec, its resource group (the file
//! it goes to), and the names of the response schema and of new enums.
//!
//! ## Operation names
//!
//! [`KNOWN_OPERATIONS`] maps the operationIds of the official documents (those of 2.166 and
//! the older `getUsersIdLikedTweets` style) to the names the spec uses, so that an operation the
//! spec already has keeps its name and response type. Any other operationId becomes the
//! snake_case of the id with the `Id`/`Ids` path words dropped (not after `By`) and the
//! `Posts` → `tweets` rename undone (`usersIdFollowing` → `users_following`, `chatMediaDownload`
//! → `chat_media_download`): edit the draft when a clearer name exists, and add it to the table.
//!
//! ## Groups
//!
//! An operation goes to `endpoints/<group>.yaml`; the group comes from the literal segments of
//! its path (placeholders ignored), by the first rule that matches ([`group`]):
//!
//! 1. a `stream` or `firehose` segment: `streams`;
//! 2. a segment naming a resource or a relation, the first in this order: a list segment
//!    (`lists`, `owned_lists`, `list_memberships`, `followed_lists`, `pinned_lists`) → `lists`,
//!    `spaces` → `spaces`, `personalized_trends`/`trends` → `trends`, `followers`/`following` →
//!    `follows`, `bookmarks` → `bookmarks`, `liked_tweets`/`likes`/`liking_users` → `likes`,
//!    `retweets`/`retweeted_by`/`reposted_by` → `retweets`, `quote_tweets` → `quotes`,
//!    `blocking` → `blocks`, `muting` → `mutes`, `counts` → `counts`,
//!    `dm_conversations`/`dm_events`/`dm` → `dm`, `account_activity` → `account_activity`,
//!    `webhooks` → `webhooks`, `notes`/`evaluate_note` → `community_notes`,
//!    `analytics`/`insights` → `analytics`, `openapi.json` → `general`; then `/2/tweets/search/...` → `search` (the
//!    search of another resource, `/2/spaces/search`, is that resource's);
//! 3. `/2/users/{id}/tweets`, `/mentions`, `/timelines/...`: `timelines`;
//! 4. otherwise the first segment after `/2/` (`tweets`, `users`, `spaces`, `media`, ...).

/// (operationId, our operation name, our response schema) for the operations the spec has or
/// is about to have. The response schema is the name the spec uses for the success body.
pub const KNOWN_OPERATIONS: &[(&str, &str, &str)] = &[
    // Likes (2.166 ids, then the older ones).
    ("getUsersLikedPosts", "get_liked_tweets", "LikedTweetsPage"),
    (
        "getUsersIdLikedTweets",
        "get_liked_tweets",
        "LikedTweetsPage",
    ),
    ("getPostsLikingUsers", "get_liking_users", "LikingUsersPage"),
    ("tweetsIdLikingUsers", "get_liking_users", "LikingUsersPage"),
    ("likePost", "like_tweet", "LikeResponse"),
    ("usersIdLike", "like_tweet", "LikeResponse"),
    ("unlikePost", "unlike_tweet", "LikeResponse"),
    ("usersIdUnlike", "unlike_tweet", "LikeResponse"),
    // Lookups.
    ("getPostsById", "get_tweet", "TweetLookup"),
    ("findTweetById", "get_tweet", "TweetLookup"),
    ("getPostsByIds", "get_tweets", "TweetsLookup"),
    ("findTweetsById", "get_tweets", "TweetsLookup"),
    ("getUsersMe", "get_me", "UserLookup"),
    ("findMyUser", "get_me", "UserLookup"),
    ("getUsersById", "get_user", "UserLookup"),
    ("findUserById", "get_user", "UserLookup"),
    ("getUsersByUsername", "get_user_by_username", "UserLookup"),
    ("findUserByUsername", "get_user_by_username", "UserLookup"),
    ("getUsersByIds", "get_users", "UsersLookup"),
    ("findUsersById", "get_users", "UsersLookup"),
    (
        "getUsersByUsernames",
        "get_users_by_usernames",
        "UsersLookup",
    ),
    (
        "findUsersByUsername",
        "get_users_by_usernames",
        "UsersLookup",
    ),
    // The proof endpoints of issue 10.
    ("getUsersFollowers", "get_followers", "FollowersPage"),
    ("usersIdFollowers", "get_followers", "FollowersPage"),
    ("getUsersFollowing", "get_following", "FollowingPage"),
    ("usersIdFollowing", "get_following", "FollowingPage"),
    ("followUser", "follow_user", "FollowResponse"),
    ("usersIdFollow", "follow_user", "FollowResponse"),
    ("unfollowUser", "unfollow_user", "UnfollowResponse"),
    ("usersIdUnfollow", "unfollow_user", "UnfollowResponse"),
    ("getUsersBookmarks", "get_bookmarks", "BookmarksPage"),
    ("getUsersIdBookmarks", "get_bookmarks", "BookmarksPage"),
    ("searchPostsRecent", "search_recent", "SearchPage"),
    ("tweetsRecentSearch", "search_recent", "SearchPage"),
    ("getPostsCountsRecent", "count_recent", "CountsResponse"),
    ("tweetCountsRecentSearch", "count_recent", "CountsResponse"),
    ("createPosts", "create_tweet", "CreateTweetResponse"),
    ("createTweet", "create_tweet", "CreateTweetResponse"),
    ("deletePosts", "delete_tweet", "DeleteTweetResponse"),
    ("deleteTweetById", "delete_tweet", "DeleteTweetResponse"),
    (
        "createDirectMessagesByParticipantId",
        "send_dm",
        "CreateDmResponse",
    ),
    (
        "dmConversationWithUserEventIdCreate",
        "send_dm",
        "CreateDmResponse",
    ),
    // Lists.
    ("createLists", "create_list", "CreateListResponse"),
    ("getListsById", "get_list", "ListLookup"),
    ("updateLists", "update_list", "UpdateListResponse"),
    ("deleteLists", "delete_list", "DeleteListResponse"),
    (
        "getListsFollowers",
        "get_list_followers",
        "ListFollowersPage",
    ),
    ("getListsMembers", "get_list_members", "ListMembersPage"),
    ("addListsMember", "add_list_member", "AddListMemberResponse"),
    (
        "removeListsMemberByUserId",
        "remove_list_member",
        "RemoveListMemberResponse",
    ),
    ("getListsPosts", "get_list_tweets", "ListTweetsPage"),
    (
        "getUsersFollowedLists",
        "get_followed_lists",
        "FollowedListsPage",
    ),
    ("followList", "follow_list", "FollowListResponse"),
    ("unfollowList", "unfollow_list", "UnfollowListResponse"),
    (
        "getUsersListMemberships",
        "get_list_memberships",
        "ListMembershipsPage",
    ),
    ("getUsersOwnedLists", "get_owned_lists", "OwnedListsPage"),
    (
        "getUsersPinnedLists",
        "get_pinned_lists",
        "PinnedListsResponse",
    ),
    ("pinList", "pin_list", "PinListResponse"),
    ("unpinList", "unpin_list", "UnpinListResponse"),
    // Spaces, compliance, usage, trends, communities, news.
    ("getSpacesByIds", "get_spaces", "SpacesResponse"),
    (
        "getSpacesByCreatorIds",
        "get_spaces_by_creators",
        "SpacesByCreatorResponse",
    ),
    ("searchSpaces", "search_spaces", "SearchSpacesResponse"),
    ("getSpacesById", "get_space", "SpaceLookup"),
    ("getSpacesBuyers", "get_space_buyers", "SpaceBuyersPage"),
    ("getSpacesPosts", "get_space_tweets", "SpaceTweetsResponse"),
    (
        "getComplianceJobs",
        "get_compliance_jobs",
        "ComplianceJobsResponse",
    ),
    (
        "createComplianceJobs",
        "create_compliance_job",
        "CreateComplianceJobResponse",
    ),
    (
        "getComplianceJobsById",
        "get_compliance_job",
        "ComplianceJobLookup",
    ),
    ("getUsage", "get_usage", "UsageResponse"),
    ("getTrendsByWoeid", "get_trends_by_woeid", "TrendsResponse"),
    (
        "getTrendsPersonalizedTrends",
        "get_personalized_trends",
        "PersonalizedTrendsResponse",
    ),
    (
        "searchCommunities",
        "search_communities",
        "SearchCommunitiesPage",
    ),
    ("getCommunitiesById", "get_community", "CommunityLookup"),
    ("searchNews", "search_news", "SearchNewsResponse"),
    ("getNews", "get_news", "NewsLookup"),
    // Blocks, mutes, retweets, quotes, follows, bookmarks, timelines, users, dm, tweets,
    // search and counts.
    ("getUsersBlocking", "get_blocking", "BlockingPage"),
    ("getUsersMuting", "get_muting", "MutingPage"),
    ("muteUser", "mute_user", "MuteUserResponse"),
    ("unmuteUser", "unmute_user", "UnmuteUserResponse"),
    ("repostPost", "retweet", "RetweetResponse"),
    ("unrepostPost", "unretweet", "UnretweetResponse"),
    ("getPostsRepostedBy", "get_retweeted_by", "RetweetedByPage"),
    ("getPostsReposts", "get_retweets", "RetweetsPage"),
    (
        "getUsersRepostsOfMe",
        "get_reposts_of_me",
        "RepostsOfMePage",
    ),
    ("getPostsQuotedPosts", "get_quote_tweets", "QuoteTweetsPage"),
    (
        "createUsersBookmark",
        "bookmark_tweet",
        "BookmarkTweetResponse",
    ),
    (
        "deleteUsersBookmark",
        "remove_bookmark",
        "RemoveBookmarkResponse",
    ),
    (
        "getUsersBookmarkFolders",
        "get_bookmark_folders",
        "BookmarkFoldersPage",
    ),
    (
        "getUsersBookmarksByFolderId",
        "get_bookmarks_in_folder",
        "GetBookmarksInFolderResponse",
    ),
    ("getUsersTimeline", "get_home_timeline", "HomeTimelinePage"),
    ("getUsersPosts", "get_user_tweets", "UserTweetsPage"),
    ("getUsersMentions", "get_user_mentions", "UserMentionsPage"),
    ("searchUsers", "search_users", "SearchUsersPage"),
    ("getUsersAffiliates", "get_affiliates", "AffiliatesPage"),
    ("blockUsersDms", "block_dms", "BlockDmsResponse"),
    ("unblockUsersDms", "unblock_dms", "UnblockDmsResponse"),
    ("hidePostsReply", "hide_reply", "HideReplyResponse"),
    ("searchPostsAll", "search_all", "SearchAllPage"),
    ("getPostsCountsAll", "count_all", "CountAllPage"),
    // DMs, webhooks, account activity, connections, activity, articles, public keys.
    (
        "createDirectMessagesConversation",
        "create_dm_conversation",
        "CreateDmConversationResponse",
    ),
    (
        "dmConversationsMediaDownload",
        "download_dm_media",
        "binary",
    ),
    (
        "getDirectMessagesEventsByParticipantId",
        "get_dm_events_with",
        "DmEventsWithPage",
    ),
    (
        "createDirectMessagesByConversationId",
        "send_dm_to_conversation",
        "SendDmToConversationResponse",
    ),
    (
        "getDirectMessagesEventsByConversationId",
        "get_dm_conversation_events",
        "DmConversationEventsPage",
    ),
    ("getDirectMessagesEvents", "get_dm_events", "DmEventsPage"),
    (
        "deleteDirectMessagesEvents",
        "delete_dm_event",
        "DeleteDmEventResponse",
    ),
    (
        "getDirectMessagesEventsById",
        "get_dm_event",
        "GetDmEventResponse",
    ),
    (
        "getWebhooksStreamLinks",
        "get_stream_webhooks",
        "GetStreamWebhooksResponse",
    ),
    (
        "deleteWebhooksStreamLink",
        "delete_stream_webhook",
        "DeleteStreamWebhookResponse",
    ),
    (
        "createWebhooksStreamLink",
        "create_stream_webhook",
        "CreateStreamWebhookResponse",
    ),
    ("getWebhooks", "get_webhooks", "GetWebhooksResponse"),
    ("createWebhooks", "create_webhook", "CreateWebhookResponse"),
    (
        "createWebhookReplayJob",
        "create_webhook_replay_job",
        "CreateWebhookReplayJobResponse",
    ),
    ("deleteWebhooks", "delete_webhook", "DeleteWebhookResponse"),
    (
        "validateWebhooks",
        "validate_webhook",
        "ValidateWebhookResponse",
    ),
    (
        "getAccountActivitySubscriptionCount",
        "get_account_activity_subscription_count",
        "GetAccountActivitySubscriptionCountResponse",
    ),
    (
        "validateAccountActivitySubscription",
        "validate_account_activity_subscription",
        "ValidateAccountActivitySubscriptionResponse",
    ),
    (
        "createAccountActivitySubscription",
        "create_account_activity_subscription",
        "CreateAccountActivitySubscriptionResponse",
    ),
    (
        "getAccountActivitySubscriptions",
        "get_account_activity_subscriptions",
        "GetAccountActivitySubscriptionsResponse",
    ),
    (
        "deleteAccountActivitySubscription",
        "delete_account_activity_subscription",
        "DeleteAccountActivitySubscriptionResponse",
    ),
    (
        "deleteConnectionsByUuids",
        "delete_connections",
        "DeleteConnectionsResponse",
    ),
    (
        "getConnectionHistory",
        "get_connection_history",
        "ConnectionHistoryPage",
    ),
    (
        "deleteAllConnections",
        "delete_all_connections",
        "DeleteAllConnectionsResponse",
    ),
    (
        "deleteConnectionsByEndpoint",
        "delete_connections_by_endpoint",
        "DeleteConnectionsByEndpointResponse",
    ),
    (
        "deleteActivitySubscriptionsByIds",
        "delete_activity_subscriptions",
        "DeleteActivitySubscriptionsResponse",
    ),
    (
        "getActivitySubscriptions",
        "get_activity_subscriptions",
        "ActivitySubscriptionsPage",
    ),
    (
        "createActivitySubscription",
        "create_activity_subscription",
        "CreateActivitySubscriptionResponse",
    ),
    (
        "deleteActivitySubscription",
        "delete_activity_subscription",
        "DeleteActivitySubscriptionResponse",
    ),
    (
        "updateActivitySubscription",
        "update_activity_subscription",
        "UpdateActivitySubscriptionResponse",
    ),
    (
        "articleCreateDraft",
        "create_article_draft",
        "CreateArticleDraftResponse",
    ),
    (
        "articlePublish",
        "publish_article",
        "PublishArticleResponse",
    ),
    (
        "getUsersPublicKeys",
        "get_public_keys",
        "GetPublicKeysResponse",
    ),
    (
        "getUsersPublicKey",
        "get_user_public_keys",
        "GetUserPublicKeysResponse",
    ),
    // Community notes, media.
    (
        "evaluateCommunityNotes",
        "evaluate_note",
        "EvaluateNoteResponse",
    ),
    ("createCommunityNotes", "create_note", "CreateNoteResponse"),
    (
        "searchCommunityNotesWritten",
        "search_notes_written",
        "SearchNotesWrittenPage",
    ),
    (
        "searchEligiblePosts",
        "search_tweets_eligible_for_notes",
        "SearchTweetsEligibleForNotesPage",
    ),
    ("deleteCommunityNotes", "delete_note", "DeleteNoteResponse"),
    ("getMediaByMediaKeys", "get_media", "GetMediaResponse"),
    (
        "getMediaByMediaKey",
        "get_media_by_key",
        "GetMediaByKeyResponse",
    ),
    (
        "createMediaMetadata",
        "create_media_metadata",
        "CreateMediaMetadataResponse",
    ),
    (
        "createMediaSubtitles",
        "create_media_subtitles",
        "CreateMediaSubtitlesResponse",
    ),
    (
        "deleteMediaSubtitles",
        "delete_media_subtitles",
        "DeleteMediaSubtitlesResponse",
    ),
    (
        "getMediaUploadStatus",
        "get_media_upload_status",
        "GetMediaUploadStatusResponse",
    ),
    // Analytics.
    (
        "getInsights28Hr",
        "get_insights_28hr",
        "Insights28hrResponse",
    ),
    (
        "getInsightsHistorical",
        "get_insights_historical",
        "GetInsightsHistoricalResponse",
    ),
    (
        "getPostsAnalytics",
        "get_tweet_analytics",
        "TweetAnalyticsResponse",
    ),
    (
        "getMediaAnalytics",
        "get_media_analytics",
        "GetMediaAnalyticsResponse",
    ),
    // Chat.
    (
        "getChatConversations",
        "get_chat_conversations",
        "ChatConversationsPage",
    ),
    (
        "createChatConversation",
        "create_chat_conversation",
        "CreateChatConversationResponse",
    ),
    (
        "initializeChatGroup",
        "initialize_chat_group",
        "InitializeChatGroupResponse",
    ),
    (
        "getChatConversation",
        "get_chat_conversation",
        "ChatMediaDownloadResponse",
    ),
    (
        "getChatConversationEvents",
        "get_chat_conversation_events",
        "ChatConversationEventsPage",
    ),
    (
        "addConversationKeys",
        "add_conversation_keys",
        "AddConversationKeysResponse",
    ),
    (
        "addChatGroupMembers",
        "add_chat_group_members",
        "AddChatGroupMembersResponse",
    ),
    (
        "sendChatMessage",
        "send_chat_message",
        "SendChatMessageResponse",
    ),
    (
        "markChatConversationRead",
        "mark_chat_conversation_read",
        "MarkChatConversationReadResponse",
    ),
    (
        "sendChatTypingIndicator",
        "send_chat_typing_indicator",
        "SendChatTypingIndicatorResponse",
    ),
    (
        "addUserPublicKey",
        "add_user_public_key",
        "AddUserPublicKeyResponse",
    ),
    // Streams (one event schema per shape of line) and the filtered stream's rules.
    ("streamPostsSample", "sample_stream", "TweetEvent"),
    ("streamPostsSample10", "sample10_stream", "TweetEvent"),
    ("streamPostsFirehose", "firehose_stream", "TweetEvent"),
    ("streamPostsFirehoseEn", "firehose_stream_en", "TweetEvent"),
    ("streamPostsFirehoseJa", "firehose_stream_ja", "TweetEvent"),
    ("streamPostsFirehoseKo", "firehose_stream_ko", "TweetEvent"),
    ("streamPostsFirehosePt", "firehose_stream_pt", "TweetEvent"),
    ("streamPosts", "search_stream", "FilteredTweetEvent"),
    ("getRules", "get_stream_rules", "StreamRulesPage"),
    ("updateRules", "update_stream_rules", "StreamRulesUpdate"),
    (
        "getRuleCounts",
        "get_stream_rule_counts",
        "StreamRuleCounts",
    ),
    ("streamLikesFirehose", "likes_firehose_stream", "LikeEvent"),
    ("streamLikesSample10", "likes_sample10_stream", "LikeEvent"),
    (
        "streamLikesCompliance",
        "likes_compliance_stream",
        "LikeComplianceEvent",
    ),
    (
        "streamPostsCompliance",
        "tweets_compliance_stream",
        "TweetComplianceEvent",
    ),
    (
        "streamUsersCompliance",
        "users_compliance_stream",
        "UserComplianceEvent",
    ),
    (
        "streamLabelsCompliance",
        "tweet_labels_stream",
        "TweetLabelEvent",
    ),
    ("activityStream", "activity_stream", "ActivityEvent"),
];

/// Our name for an operation: the table's, else a snake_case of the id.
pub fn operation_name(operation_id: &str) -> String {
    if let Some((_, name, _)) = KNOWN_OPERATIONS
        .iter()
        .find(|(id, _, _)| *id == operation_id)
    {
        return name.to_string();
    }
    let snake = generator::names::snake(operation_id);
    let all: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    // `Id`/`Ids` as a path word (`usersIdFollowing`) goes; `ById` stays.
    let words: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, w)| !(matches!(**w, "id" | "ids") && (*i == 0 || all[i - 1] != "by")))
        .map(|(_, w)| match *w {
            "posts" => "tweets".to_string(),
            "post" => "tweet".to_string(),
            other => other.to_string(),
        })
        .collect();
    if words.is_empty() {
        snake
    } else {
        words.join("_")
    }
}

/// Our name for the success body of an operation: the table's, else `<Name>Page` for a
/// paginated operation (`get_` dropped) and `<Name>Response` for any other.
pub fn response_name(operation_id: &str, operation: &str, paginated: bool) -> String {
    if let Some((_, _, response)) = KNOWN_OPERATIONS
        .iter()
        .find(|(id, _, _)| *id == operation_id)
    {
        return response.to_string();
    }
    if paginated {
        let stem = operation.strip_prefix("get_").unwrap_or(operation);
        format!("{}Page", generator::names::upper_camel(stem))
    } else {
        format!("{}Response", generator::names::upper_camel(operation))
    }
}

/// The resource group of a path (see the module documentation for the rule).
pub fn group(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && *s != "2")
        .collect();
    let has = |names: &[&str]| segments.iter().any(|s| names.contains(s));
    if has(&["stream", "firehose"]) {
        return "streams".into();
    }
    // In order: the first relation a segment names decides (the List and Space resources
    // before the relations they have too: a List's followers are a List matter).
    const RELATIONS: &[(&[&str], &str)] = &[
        (
            &[
                "lists",
                "owned_lists",
                "list_memberships",
                "followed_lists",
                "pinned_lists",
            ],
            "lists",
        ),
        (&["spaces"], "spaces"),
        (&["personalized_trends", "trends"], "trends"),
        (&["followers", "following"], "follows"),
        (&["bookmarks"], "bookmarks"),
        (&["liked_tweets", "likes", "liking_users"], "likes"),
        (&["retweets", "retweeted_by", "reposted_by"], "retweets"),
        (&["quote_tweets"], "quotes"),
        (&["blocking"], "blocks"),
        (&["muting"], "mutes"),
        (&["counts"], "counts"),
        (&["dm_conversations", "dm_events", "dm"], "dm"),
        (&["account_activity"], "account_activity"),
        (&["webhooks"], "webhooks"),
        (&["notes", "evaluate_note"], "community_notes"),
        (&["analytics", "insights"], "analytics"),
        (&["openapi.json"], "general"),
    ];
    for (names, group) in RELATIONS {
        if has(names) {
            return group.to_string();
        }
    }
    // Tweet search is a resource of its own; `/2/<resource>/search` belongs to the resource.
    if segments.first() == Some(&"tweets") && has(&["search"]) {
        return "search".into();
    }
    if segments.first() == Some(&"users") && has(&["tweets", "mentions", "timelines"]) {
        return "timelines".into();
    }
    segments
        .first()
        .map(|s| generator::names::snake(s))
        .unwrap_or_else(|| "misc".into())
}

/// Our enum name for the field list or expansion list of a shared parameter component:
/// `TweetFieldsParameter` → `TweetField`, `UserExpansionsParameter` → `UserExpansion`.
pub fn enum_from_parameter_component(component: &str) -> Option<String> {
    let stem = component.strip_suffix("Parameter")?;
    if let Some(base) = stem.strip_suffix("Fields") {
        return Some(format!("{base}Field"));
    }
    if let Some(base) = stem.strip_suffix("Expansions") {
        return Some(format!("{base}Expansion"));
    }
    None
}

/// The document's schema names the spec spells differently (the spec's older names).
pub const SCHEMA_ALIASES: &[(&str, &str)] = &[("Expansions", "Includes")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_the_documented_rule() {
        for (path, g) in [
            ("/2/users/{id}/followers", "follows"),
            (
                "/2/users/{source_user_id}/following/{target_user_id}",
                "follows",
            ),
            ("/2/users/{id}/bookmarks", "bookmarks"),
            ("/2/tweets/search/recent", "search"),
            ("/2/tweets/search/stream", "streams"),
            ("/2/tweets/counts/recent", "counts"),
            ("/2/tweets", "tweets"),
            ("/2/tweets/{id}", "tweets"),
            ("/2/dm_conversations/with/{participant_id}/messages", "dm"),
            ("/2/users/{id}/liked_tweets", "likes"),
            ("/2/users/{id}/tweets", "timelines"),
            ("/2/users/by/username/{username}", "users"),
            ("/2/spaces/{id}", "spaces"),
            ("/2/spaces/search", "spaces"),
            ("/2/communities/search", "communities"),
            ("/2/news/search", "news"),
            ("/2/users/search", "users"),
            ("/2/lists/{id}/followers", "lists"),
            ("/2/users/{id}/following/spaces", "spaces"),
            ("/2/users/personalized_trends", "trends"),
            ("/2/trends/by/woeid/{woeid}", "trends"),
            ("/2/users/{id}/dm/block", "dm"),
            ("/2/tweets/search/webhooks", "webhooks"),
            (
                "/2/account_activity/webhooks/{webhook_id}/subscriptions/all",
                "account_activity",
            ),
            ("/2/evaluate_note", "community_notes"),
            ("/2/notes/search/notes_written", "community_notes"),
            ("/2/tweets/analytics", "analytics"),
            ("/2/insights/28hr", "analytics"),
            ("/2/openapi.json", "general"),
        ] {
            assert_eq!(group(path), g, "{path}");
        }
    }

    #[test]
    fn known_ids_keep_our_names_and_others_are_snake_case() {
        assert_eq!(operation_name("getUsersIdLikedTweets"), "get_liked_tweets");
        assert_eq!(operation_name("findUserById"), "get_user");
        assert_eq!(operation_name("getSpacesById"), "get_space");
        assert_eq!(operation_name("chatMediaDownload"), "chat_media_download");
        assert_eq!(operation_name("usersIdMuting"), "users_muting");
        assert_eq!(operation_name("getPostsQuotedPosts"), "get_quote_tweets");
        assert_eq!(operation_name("getPostsAnalytics"), "get_tweet_analytics");
        assert_eq!(
            operation_name("getPostsQuotedPostsOld"),
            "get_tweets_quoted_tweets_old"
        );
        assert_eq!(
            response_name("getUsersFollowers", "get_followers", true),
            "FollowersPage"
        );
        // A known operation keeps the spec's response name; another gets one from its name.
        assert_eq!(
            response_name("getListsById", "get_list", false),
            "ListLookup"
        );
        assert_eq!(
            response_name("chatMediaDownload", "chat_media_download", false),
            "ChatMediaDownloadResponse"
        );
        assert_eq!(response_name("x", "get_muting", true), "MutingPage");
    }

    #[test]
    fn parameter_components_name_the_field_enums() {
        assert_eq!(
            enum_from_parameter_component("TweetFieldsParameter").as_deref(),
            Some("TweetField")
        );
        assert_eq!(
            enum_from_parameter_component("UserExpansionsParameter").as_deref(),
            Some("UserExpansion")
        );
        assert_eq!(enum_from_parameter_component("Other"), None);
    }
}
