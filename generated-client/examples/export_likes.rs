//! A small command-line tool: export a user's liked Tweets to JSON Lines, with a progress
//! bar, resumable. After each page the file is flushed and the next page's token saved
//! beside it; after a failure or Ctrl-C, run the same command again and it goes on from
//! that token (appending). A finished export removes the token file.
//!
//! `cargo run -p twitter-client --example export_likes -- --out likes.jsonl`
//!
//! Against the fake (the default), `--fail-after-pages N` makes the fake refuse the page
//! after N pages (a spent usage cap), and `--page-delay-ms N` slows each page down (time to
//! press Ctrl-C), to try the resume.

mod support;

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write as _};
use std::path::PathBuf;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use twitter_client::TweetField;
use twitter_client::fake::Fault;

/// Export a user's liked Tweets to JSON Lines.
#[derive(Debug, Parser)]
struct Args {
    /// The user whose likes to export (default: the authenticated user).
    #[arg(long)]
    user: Option<String>,
    /// The output file, one Tweet per line.
    #[arg(long, default_value = "liked_tweets.jsonl")]
    out: PathBuf,
    /// Tweets per page (5 to 100).
    #[arg(long, default_value_t = 100)]
    page_size: u32,
    /// Against the fake only: the page after this many pages fails.
    #[arg(long)]
    fail_after_pages: Option<usize>,
    /// Against the fake only: each page is answered this many milliseconds late (time to
    /// press Ctrl-C).
    #[arg(long)]
    page_delay_ms: Option<u64>,
}

#[tokio::main]
async fn main() -> Result<(), support::BoxError> {
    let args = Args::parse();
    let (client, me, fake) = support::user_client().await?;
    let user = args.user.clone().unwrap_or(me);
    let state = PathBuf::from(format!("{}.next_token", args.out.display()));

    // A saved token means an export to resume: append. Otherwise start the file afresh.
    let mut token = fs::read_to_string(&state)
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let file = match &token {
        Some(_) => OpenOptions::new().append(true).open(&args.out)?,
        None => File::create(&args.out)?,
    };
    if token.is_some() {
        eprintln!("resuming from the saved token in {}", state.display());
    }
    let mut out = BufWriter::new(file);

    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template(
        "{spinner} {pos} liked tweets exported {msg}",
    )?);
    let mut pages = 0usize;
    // Listening for Ctrl-C from here on: one listener, so a Ctrl-C pressed while a page is
    // written is not lost.
    let mut interrupted = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        if let Some(fake) = &fake {
            if args.fail_after_pages == Some(pages) {
                fake.inject(Fault::UsageCapped);
            } else if let Some(ms) = args.page_delay_ms {
                fake.inject(Fault::Delay(std::time::Duration::from_millis(ms)));
            }
        }
        let mut request = client
            .get_liked_tweets(user.as_str())
            .max_results(args.page_size)
            .tweet_fields([
                TweetField::CreatedAt,
                TweetField::AuthorId,
                TweetField::Lang,
            ]);
        if let Some(t) = &token {
            request = request.pagination_token(t.as_str());
        }
        let page = tokio::select! {
            page = request.send() => page,
            _ = &mut interrupted => {
                bar.abandon_with_message("interrupted");
                eprintln!("interrupted: run the same command again to resume");
                std::process::exit(130);
            }
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                bar.abandon_with_message("failed");
                eprintln!("failed after {pages} pages: {e}\nrun the same command again to resume");
                std::process::exit(1);
            }
        };
        for tweet in &page.data {
            serde_json::to_writer(&mut out, tweet)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        bar.inc(page.data.len() as u64);
        pages += 1;
        token = page.meta.next_token.as_deref().map(str::to_owned);
        match &token {
            // Written whole, then renamed: a crash leaves the old token or the new one.
            Some(t) => {
                let tmp = state.with_extension("tmp");
                fs::write(&tmp, t)?;
                fs::rename(&tmp, &state)?;
            }
            None => break,
        }
    }
    let _ = fs::remove_file(&state);
    bar.finish_with_message("done");
    let lines = fs::read_to_string(&args.out)?.lines().count();
    println!(
        "exported {lines} liked tweets of {user} to {}",
        args.out.display()
    );
    Ok(())
}
