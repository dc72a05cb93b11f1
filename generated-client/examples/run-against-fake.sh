#!/usr/bin/env bash
# Runs every example against the fake X API and checks what it prints (CI runs this).
# From the workspace root: generated-client/examples/run-against-fake.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# The examples use the real API when credentials are set: not here.
unset TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET TWITTER_ACCESS_TOKEN \
  TWITTER_ACCESS_TOKEN_SECRET TWITTER_BEARER_TOKEN TWITTER_CLIENT_ID

# Built as `cargo test --workspace` builds them (the same features: nothing is rebuilt after
# the tests), then run directly.
cargo build -q --workspace --examples
run() { "target/debug/examples/$1" "${@:2}"; }
expect() { # expect TEXT OUTPUT
  if ! grep -qF -- "$1" <<<"$2"; then
    printf 'example output lacks %q:\n%s\n' "$1" "$2" >&2
    exit 1
  fi
}

out=$(run like_and_list)
expect "liked 1346889436626259968: true" "$out"
expect "unliked 1346889436626259968: true" "$out"

out=$(run page_likes)
expect "30 liked tweets" "$out"

out=$(run rate_limit)
expect "0 of 75 requests left" "$out"
expect "rate limited: the window resets in" "$out"
expect "after the reset: 74 requests left" "$out"

out=$(run oauth2_sign_in)
expect "signed in as @TweepyDev" "$out"
expect "token refreshed 1 time(s)" "$out"

# The export fails after two pages of five, then resumes from its saved token.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if run export_likes --out "$tmp/likes.jsonl" --page-size 5 --fail-after-pages 2; then
  echo "export_likes should have failed after two pages" >&2
  exit 1
fi
[ "$(wc -l <"$tmp/likes.jsonl")" -eq 10 ] || { echo "10 lines expected after the failure" >&2; exit 1; }
[ -s "$tmp/likes.jsonl.next_token" ] || { echo "the token was not saved" >&2; exit 1; }
out=$(run export_likes --out "$tmp/likes.jsonl" --page-size 5)
expect "exported 30 liked tweets" "$out"
[ "$(sort -u "$tmp/likes.jsonl" | wc -l)" -eq 30 ] || { echo "30 distinct Tweets expected" >&2; exit 1; }
[ ! -e "$tmp/likes.jsonl.next_token" ] || { echo "a finished export keeps no token" >&2; exit 1; }

# Ctrl-C while slow pages arrive (0.3 s each): once the first page is written, SIGINT;
# it stops with the token saved, then resumes. (Started as the binary itself, not through
# `run`: a background function would be a subshell, and the signal would go to it.)
target/debug/examples/export_likes --out "$tmp/again.jsonl" --page-size 5 \
  --page-delay-ms 300 2>"$tmp/stderr" &
pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/again.jsonl" ] && break
  sleep 0.1
done
kill -INT "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 130 ] || { echo "Ctrl-C should end the export with status 130, not $status" >&2; exit 1; }
expect "interrupted: run the same command again to resume" "$(cat "$tmp/stderr")"
[ -s "$tmp/again.jsonl.next_token" ] || { echo "the token was not saved at Ctrl-C" >&2; exit 1; }
partial=$(wc -l <"$tmp/again.jsonl")
[ "$partial" -lt 30 ] || { echo "the export ended before Ctrl-C" >&2; exit 1; }
out=$(run export_likes --out "$tmp/again.jsonl" --page-size 5)
expect "exported 30 liked tweets" "$out"
[ "$(sort -u "$tmp/again.jsonl" | wc -l)" -eq 30 ] || { echo "30 distinct Tweets expected after Ctrl-C" >&2; exit 1; }
echo "every example ran against the fake as expected"
