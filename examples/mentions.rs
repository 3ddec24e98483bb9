//! Print the mentions govgraph extracts from each argument, read as one
//! article: a debugging aid when extending `data/` or the finders.
//!
//! `cargo run --release --example mentions -- "县委常委、常务副县长韩秀兰出席会议。"`

fn main() {
    let res = match govgraph::resources::Resources::builtin() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let text: Vec<String> = std::env::args().skip(1).collect();
    let doc = govgraph::ingest::Document::from_text("arg.txt", &text.join("\n"));
    let dm = govgraph::extract::extract_document(&res, &doc);
    for a in &dm.articles {
        println!("article {} {:?}", a.index, a.headline);
        for p in &a.persons {
            let t: Vec<&str> = p.titles.iter().map(|t| t.text.as_str()).collect();
            println!("  person  {} {:?} {:?}", p.name, t, p.role);
        }
        for p in &a.places {
            println!(
                "  place   {} {:?} in_agency={} short={}",
                p.text, p.level, p.in_agency, p.short
            );
        }
        for g in &a.agencies {
            println!("  agency  {} {:?}", g.text, g.template);
        }
        for e in &a.events {
            let who: Vec<String> = e
                .participants
                .iter()
                .map(|p| format!("{}:{}", a.persons[p.person].name, p.role))
                .collect();
            println!(
                "  event   {} {:?} {:?} {:?}",
                e.kind,
                e.name,
                e.date.map(|d| a.dates[d]),
                who
            );
        }
    }
}
