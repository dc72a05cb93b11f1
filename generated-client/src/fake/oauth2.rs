//! The fake's OAuth 2.0 authorization server (Authorization Code with PKCE, as X runs it):
//! the authorize step (approved at once for the signing-in user), the code exchange that
//! checks the `S256` verifier, refresh (the old refresh token stops working), and
//! revocation. Access tokens live two hours on the fake's clock.

use std::collections::HashMap;

use serde_json::{Value, json};
use url::Url;

use super::auth::{Issued, UserToken, random_token};
use crate::auth::oauth2::PkceVerifier;

/// The lifetime of an access token, in seconds (X's: two hours).
pub(crate) const ACCESS_TOKEN_SECONDS: u64 = 7200;
/// The lifetime of an authorization code, in seconds (X's: 30 seconds).
const CODE_SECONDS: u64 = 30;

/// The scopes X's authorization server knows.
pub(crate) const SCOPES: &[&str] = &[
    "tweet.read",
    "tweet.write",
    "tweet.moderate.write",
    "users.email",
    "users.read",
    "follows.read",
    "follows.write",
    "offline.access",
    "space.read",
    "mute.read",
    "mute.write",
    "like.read",
    "like.write",
    "list.read",
    "list.write",
    "block.read",
    "block.write",
    "bookmark.read",
    "bookmark.write",
    "dm.read",
    "dm.write",
    "media.write",
    "timeline.read",
];

/// A code waiting to be exchanged.
#[derive(Debug, Clone)]
struct Code {
    user: String,
    scopes: Vec<String>,
    challenge: String,
    redirect_uri: String,
    client_id: String,
    expires_at: u64,
}

/// The codes and refresh tokens issued (no `Debug`: they are secrets).
#[derive(Default)]
pub(crate) struct Grants {
    /// The app's OAuth 2.0 client id.
    pub client_id: String,
    /// Who approves the next authorize request.
    pub signing_in: String,
    codes: HashMap<String, Code>,
    /// Refresh token → (user, scopes).
    refresh: HashMap<String, (String, Vec<String>)>,
}

impl Grants {
    /// No grants yet for the app `client_id`; [`super::TEST_USER`] signs in.
    pub fn new(client_id: String) -> Self {
        Grants {
            client_id,
            signing_in: super::TEST_USER.to_owned(),
            ..Default::default()
        }
    }
}

/// An OAuth 2.0 error answer: status and `{"error", "error_description"}`.
pub(crate) type OAuthError = (u16, Value);

fn error(status: u16, code: &str, description: &str) -> OAuthError {
    (
        status,
        json!({"error": code, "error_description": description}),
    )
}

/// The authorize step for `url` (the authorize URL the client built): the redirect URL,
/// with `code` and `state`, as the user's browser would be sent to it after approving.
pub(crate) fn authorize(issued: &mut Issued, url: &Url, now: u64) -> Result<Url, OAuthError> {
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let g = &mut issued.grants;
    if get("response_type") != "code" {
        return Err(error(400, "invalid_request", "response_type must be code"));
    }
    if get("client_id") != g.client_id {
        return Err(error(400, "invalid_client", "Unknown client_id"));
    }
    if get("code_challenge_method") != "S256" || get("code_challenge").is_empty() {
        return Err(error(
            400,
            "invalid_request",
            "code_challenge with code_challenge_method S256 is required",
        ));
    }
    let scopes: Vec<String> = get("scope")
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        return Err(error(400, "invalid_scope", "scope is required"));
    }
    if let Some(bad) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return Err(error(
            400,
            "invalid_scope",
            &format!("Unknown scope: {bad}"),
        ));
    }
    let mut redirect = Url::parse(get("redirect_uri"))
        .map_err(|_| error(400, "invalid_request", "redirect_uri is not a URL"))?;
    let code = random_token(40);
    g.codes.insert(
        code.clone(),
        Code {
            user: g.signing_in.clone(),
            scopes,
            challenge: get("code_challenge").to_owned(),
            redirect_uri: get("redirect_uri").to_owned(),
            client_id: g.client_id.clone(),
            expires_at: now.saturating_add(CODE_SECONDS),
        },
    );
    redirect
        .query_pairs_mut()
        .append_pair("state", get("state"))
        .append_pair("code", &code);
    Ok(redirect)
}

/// The fields of a form posted by the app's client (its `client_id` must be the app's).
fn client_form(issued: &Issued, form: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let f: HashMap<String, String> = url::form_urlencoded::parse(form).into_owned().collect();
    if f.get("client_id") != Some(&issued.grants.client_id) {
        return Err(error(
            401,
            "unauthorized_client",
            "Missing valid authorization header",
        ));
    }
    Ok(f)
}

/// `POST /2/oauth2/token` with this form: a code exchange or a refresh.
pub(crate) fn token(issued: &mut Issued, form: &[u8], now: u64) -> Result<Value, OAuthError> {
    let f = client_form(issued, form)?;
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let (user, scopes) = match get("grant_type") {
        "authorization_code" => {
            let invalid = || {
                error(
                    400,
                    "invalid_request",
                    "Value passed for the authorization code was invalid.",
                )
            };
            // A code is good for one exchange, whatever its outcome.
            let code = issued
                .grants
                .codes
                .remove(get("code"))
                .ok_or_else(invalid)?;
            let verified = PkceVerifier::from_value(get("code_verifier"))
                .map(|v| v.challenge() == code.challenge)
                .unwrap_or(false);
            if now >= code.expires_at
                || code.redirect_uri != get("redirect_uri")
                || code.client_id != get("client_id")
                || !verified
            {
                return Err(invalid());
            }
            (code.user, code.scopes)
        }
        "refresh_token" => issued
            .grants
            .refresh
            .remove(get("refresh_token"))
            .ok_or_else(|| {
                error(
                    400,
                    "invalid_request",
                    "Value passed for the token was invalid.",
                )
            })?,
        other => {
            return Err(error(
                400,
                "unsupported_grant_type",
                &format!("Unknown grant_type: {other}"),
            ));
        }
    };
    let access = random_token(60);
    issued.oauth2.insert(
        access.clone(),
        UserToken {
            user: user.clone(),
            scopes: scopes.clone(),
            expires_at: Some(now.saturating_add(ACCESS_TOKEN_SECONDS)),
        },
    );
    let mut answer = json!({
        "token_type": "bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "access_token": access,
        "scope": scopes.join(" "),
    });
    if scopes.iter().any(|s| s == "offline.access") {
        let refresh = random_token(60);
        issued
            .grants
            .refresh
            .insert(refresh.clone(), (user, scopes));
        answer["refresh_token"] = json!(refresh);
    }
    Ok(answer)
}

/// `POST /2/oauth2/revoke`: the access or refresh token stops working.
pub(crate) fn revoke(issued: &mut Issued, form: &[u8]) -> Result<Value, OAuthError> {
    let f = client_form(issued, form)?;
    let token = f.get("token").map(String::as_str).unwrap_or("");
    let revoked =
        issued.oauth2.remove(token).is_some() | issued.grants.refresh.remove(token).is_some();
    Ok(json!({ "revoked": revoked }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued() -> Issued {
        let mut i = Issued::new();
        i.grants.client_id = "cid".into();
        i.grants.signing_in = "42".into();
        i
    }

    fn authorize_url(verifier: &PkceVerifier, scope: &str) -> Url {
        let mut u = Url::parse("http://127.0.0.1/i/oauth2/authorize").unwrap();
        u.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", "cid")
            .append_pair("redirect_uri", "http://localhost/cb")
            .append_pair("scope", scope)
            .append_pair("state", "st")
            .append_pair("code_challenge", &verifier.challenge())
            .append_pair("code_challenge_method", "S256");
        u
    }

    fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
        let mut f = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            f.append_pair(k, v);
        }
        f.finish().into_bytes()
    }

    fn code_of(redirect: &Url) -> String {
        redirect
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned()
    }

    #[test]
    fn a_code_is_exchanged_once_with_its_verifier_and_refreshes_rotate() {
        let mut i = issued();
        let v = PkceVerifier::new();
        let redirect =
            authorize(&mut i, &authorize_url(&v, "like.read offline.access"), 0).unwrap();
        assert!(
            redirect
                .as_str()
                .starts_with("http://localhost/cb?state=st&code=")
        );
        let code = code_of(&redirect);

        let wrong = PkceVerifier::new();
        let bad = form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost/cb"),
            ("code_verifier", wrong.secret()),
            ("client_id", "cid"),
        ]);
        assert_eq!(
            token(&mut i, &bad, 1).unwrap_err().0,
            400,
            "the wrong verifier"
        );
        // The code was used up by the failed exchange.
        let redirect =
            authorize(&mut i, &authorize_url(&v, "like.read offline.access"), 0).unwrap();
        let code = code_of(&redirect);
        let good = form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost/cb"),
            ("code_verifier", v.secret()),
            ("client_id", "cid"),
        ]);
        let t = token(&mut i, &good, 1).unwrap();
        assert_eq!(t["scope"], "like.read offline.access");
        assert_eq!(i.oauth2[t["access_token"].as_str().unwrap()].user, "42");
        assert!(token(&mut i, &good, 1).is_err(), "a code works once");

        let refresh = t["refresh_token"].as_str().unwrap().to_owned();
        let again = form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", "cid"),
        ]);
        let t2 = token(&mut i, &again, 2).unwrap();
        assert_ne!(t2["access_token"], t["access_token"]);
        assert!(
            token(&mut i, &again, 3).is_err(),
            "the old refresh token stops working"
        );

        let access = t2["access_token"].as_str().unwrap().to_owned();
        let r = revoke(&mut i, &form(&[("token", &access), ("client_id", "cid")])).unwrap();
        assert_eq!(r["revoked"], true);
        assert!(!i.oauth2.contains_key(&access));
    }

    #[test]
    fn the_authorize_step_refuses_what_x_refuses() {
        let mut i = issued();
        let v = PkceVerifier::new();
        assert!(authorize(&mut i, &authorize_url(&v, "like.read nonsense.scope"), 0).is_err());
        assert!(authorize(&mut i, &authorize_url(&v, ""), 0).is_err());
        let mut no_pkce = authorize_url(&v, "like.read");
        let pairs: Vec<(String, String)> = no_pkce
            .query_pairs()
            .into_owned()
            .filter(|(k, _)| k != "code_challenge")
            .collect();
        no_pkce.query_pairs_mut().clear().extend_pairs(pairs);
        assert!(authorize(&mut i, &no_pkce, 0).is_err());
        // A code expires after 30 seconds.
        let code = code_of(&authorize(&mut i, &authorize_url(&v, "like.read"), 0).unwrap());
        let late = form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost/cb"),
            ("code_verifier", v.secret()),
            ("client_id", "cid"),
        ]);
        assert!(token(&mut i, &late, 30).is_err());
    }
}
