//! A steadier decode comparison than criterion's medians on a noisy shared machine: the
//! decoders are timed interleaved, in rounds, and the best time of each is kept (noise only
//! ever adds time). Prints one line per page; no assertions, like every benchmark here.
//!
//! Run: `cargo bench -p benches --bench decode_steady`.

use std::hint::black_box;

use benches::{best_of, page100, page30, TwitterV2Page};
use serde::de::IgnoredAny;

fn main() {
    println!("best of 5 rounds x 15 samples x 20 decodes, µs (ratios: higher is faster for ours)");
    for (name, body) in [("page30", page30()), ("page100", page100())] {
        let mut best = [f64::MAX; 4];
        for _round in 0..5 {
            let times = [
                best_of(15, 20, &mut || {
                    let page = twitter_client::from_json::<twitter_client::LikedTweetsPage>(
                        black_box(&body),
                    );
                    black_box(page.unwrap());
                }),
                best_of(15, 20, &mut || {
                    let page =
                        serde_json::from_slice::<twitter_client::LikedTweetsPage>(black_box(&body));
                    black_box(page.unwrap());
                }),
                best_of(15, 20, &mut || {
                    black_box(serde_json::from_slice::<TwitterV2Page>(black_box(&body)).unwrap());
                }),
                best_of(15, 20, &mut || {
                    black_box(serde_json::from_slice::<IgnoredAny>(black_box(&body)).unwrap());
                }),
            ];
            for (b, t) in best.iter_mut().zip(times) {
                *b = b.min(t);
            }
        }
        let [ours, ours_slice, theirs, floor] = best;
        println!(
            "{name}: ours {ours:.1} (from_slice {ours_slice:.1}), twitter-v2 {theirs:.1}, \
             IgnoredAny {floor:.1} | ours vs twitter-v2 {:.2}x, vs the floor {:.3}x",
            theirs / ours,
            floor / ours
        );
    }
}
