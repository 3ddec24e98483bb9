//! Print jieba's segmentation and tags, with govgraph's lexicon added, for
//! each argument: a debugging aid when extending `data/`.
//!
//! `cargo run --release --example tag -- "县委常委、常务副县长韩秀兰出席会议"`
//!
//! With `--files PATH...` it tags the pages instead (one thread, decoded and
//! normalised as a build reads them) and prints the tagging throughput:
//! the jieba-rs figure of `scripts/bench_jieba.sh`.

fn main() {
    let res = match govgraph::resources::Resources::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--files") {
        let inputs: Vec<std::path::PathBuf> = args[1..].iter().map(Into::into).collect();
        let files = govgraph::ingest::collect_inputs(&inputs).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2);
        });
        let texts: Vec<String> = files
            .iter()
            .filter_map(|f| govgraph::ingest::Document::read(f).ok())
            .map(|d| d.text)
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let start = std::time::Instant::now();
        let mut tokens = 0usize;
        for t in &texts {
            for line in t.lines() {
                tokens += res.jieba.tag(line, true).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "jieba-rs tag: {:.2} MB in {:.2} s = {:.2} MB/s ({tokens} tokens)",
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs
        );
        return;
    }
    for a in args {
        let t: Vec<String> = res
            .jieba
            .tag(&a, true)
            .iter()
            .map(|t| format!("{}/{}", t.word, t.tag))
            .collect();
        println!("{}", t.join(" "));
    }
}
