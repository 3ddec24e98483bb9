//! Print jieba's segmentation and tags, with govgraph's lexicon added, for
//! each argument: a debugging aid when extending `data/`.
//!
//! `cargo run --release --example tag -- "县委常委、常务副县长郝淑芳出席会议"`

fn main() {
    let res = match govgraph::resources::Resources::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    for a in std::env::args().skip(1) {
        let t: Vec<String> = res
            .jieba
            .tag(&a, true)
            .iter()
            .map(|t| format!("{}/{}", t.word, t.tag))
            .collect();
        println!("{}", t.join(" "));
    }
}
