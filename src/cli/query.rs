//! `govgraph query GRAPH COMMAND`: the query subcommands' arguments and the
//! printing of their answers, as tables or (`--json`) one JSON document.
//! The answers come from `govgraph::query`.
//!
//! Exit codes: 4 when a name matches several entities (the candidates are
//! printed), 5 when nothing is found, 2 for a bad graph or argument.

use anyhow::Result;
use clap::{builder::PossibleValuesParser, Subcommand, ValueEnum};
use govgraph::query::evidence::Pages;
use govgraph::query::table::Table;
use govgraph::query::{DateRange, IndexStatus, QueryError, QueryGraph, RankBy};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

const TYPES: [&str; 6] = ["person", "place", "agency", "event", "document", "article"];
const ENTITY_TYPES: [&str; 4] = ["person", "place", "agency", "event"];

/// Arguments of `govgraph query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// A build directory, or its graph.json.
    graph: PathBuf,
    #[command(subcommand)]
    command: QueryCommand,
    /// Print one JSON document instead of a table.
    #[arg(long, global = true)]
    json: bool,
    /// Quote the source sentence of each fact, with its document and line.
    #[arg(long, global = true)]
    evidence: bool,
    /// Where the input pages are, for quoting (files or directories).
    /// Default: the paths `build` recorded in sources.json.
    #[arg(long, global = true, value_name = "PATH")]
    pages: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum QueryCommand {
    /// Entities whose name or an alias contains TEXT.
    ///
    /// Example: govgraph query output find 县长
    Find {
        /// The text (Traditional or Simplified).
        text: String,
        /// Only nodes of this type (default: people, places, agencies, events).
        #[arg(long = "type", value_parser = PossibleValuesParser::new(TYPES))]
        kind: Option<String>,
        /// The most matches listed (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// An entity's attributes, titles with their evidence, and degree.
    ///
    /// Example: govgraph query output show 韩秀兰 --evidence
    Show {
        /// A name or an id.
        entity: String,
    },
    /// Entities linked to ENTITY, up to --depth hops.
    ///
    /// Example: govgraph query output neighbors 韩秀兰 --relation participated_in
    Neighbors {
        /// A name or an id.
        entity: String,
        /// Hops.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=6))]
        depth: u8,
        /// List only neighbours of this type.
        #[arg(long = "type", value_parser = PossibleValuesParser::new(ENTITY_TYPES))]
        kind: Option<String>,
        /// Follow only this relation (participated_in, organized, located_in ...).
        #[arg(long, value_parser = PossibleValuesParser::new(govgraph::graph::RELATIONS))]
        relation: Option<String>,
    },
    /// Shortest paths from A to B, every hop with its relation and evidence sentence.
    ///
    /// Example: govgraph query output path 黄振东 陈丽娟
    Path {
        /// A name or an id.
        a: String,
        /// A name or an id.
        b: String,
        /// The most paths listed.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        max: u32,
    },
    /// The who-did-what timeline of a person, agency or place: date, kind,
    /// event, role, place, source.
    ///
    /// A place lists the events located in it or in the places below it; an
    /// agency the events it organised.
    ///
    /// Example: govgraph query output events 韩秀兰 --from 2018-10
    Events {
        /// A name or an id.
        entity: String,
        /// First date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// People who took part in the same events as PERSON, with counts.
    ///
    /// Example: govgraph query output coattend 黄振东
    Coattend {
        /// A name or an id of a person.
        person: String,
    },
    /// The most central entities.
    ///
    /// Example: govgraph query output rank --by betweenness --type person --top 10
    Rank {
        /// The measure.
        #[arg(long, value_enum, default_value_t = By::Degree)]
        by: By,
        /// Only entities of this type.
        #[arg(long = "type", value_parser = PossibleValuesParser::new(ENTITY_TYPES))]
        kind: Option<String>,
        /// How many (0: all).
        #[arg(long, default_value_t = 20)]
        top: usize,
    },
    /// A person's posts in time order: first and last dated evidence, the
    /// body and jurisdiction, acting/former/secondment/rank marks, the
    /// number of articles and one evidence sentence each.
    ///
    /// A first or last date marked ~ has an inferred year (not printed with
    /// the date).
    ///
    /// Example: govgraph query output career 郝淑芳
    Career {
        /// A name or an id of a person.
        person: String,
        /// Print CSV (one row per post) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// Who held POST in JURISDICTION, in time order, with dates.
    ///
    /// Example: govgraph query output holders 沁县 副县长 --on 2018-10-24
    Holders {
        /// A place: name, alias or id.
        jurisdiction: String,
        /// The post as a career lists it (县长, 县委书记, 副县长 ...).
        post: String,
        /// A day (YYYY-MM-DD): the holders on that day.
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Print CSV (one row per holder) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// Counts of nodes, edges, events and the entity graph.
    Stats,
}

/// The measures of `rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum By {
    /// Distinct neighbours.
    Degree,
    /// PageRank.
    Pagerank,
    /// Betweenness centrality.
    Betweenness,
}

/// An answer: its JSON and its table.
struct Answer {
    json: serde_json::Value,
    table: Table,
    /// The answer as CSV, when `--csv` asked for it.
    csv: Option<String>,
}

fn answer<T: Serialize>(v: &T, table: Table) -> Answer {
    Answer {
        json: serde_json::to_value(v).expect("answers serialise"),
        table,
        csv: None,
    }
}

/// Run a query.
pub fn run(args: QueryArgs) -> Result<()> {
    let g = QueryGraph::open(&args.graph)?;
    match g.index_status() {
        IndexStatus::Current => {}
        IndexStatus::Rebuilt(p) => eprintln!("govgraph: indexed -> {}", p.display()),
        IndexStatus::InMemory(why) => {
            eprintln!("govgraph: note: index kept in memory, not saved: {why}")
        }
    }
    // Paths and careers always cite their evidence.
    let quoting = args.evidence
        || matches!(
            args.command,
            QueryCommand::Path { .. } | QueryCommand::Career { .. } | QueryCommand::Holders { .. }
        );
    let pages = Pages::new(&g, quoting, &args.pages);
    let result = ask(&g, &pages, &args.command);
    for p in pages.problems() {
        eprintln!("govgraph: warning: evidence not quoted: {p}");
    }
    match result {
        Ok(a) => emit(&a, args.json),
        Err(e) => {
            if let Some(a) = error_answer(&e) {
                emit(&a, args.json)?;
            }
            Err(e.into())
        }
    }
}

fn ask(g: &QueryGraph, pages: &Pages, cmd: &QueryCommand) -> Result<Answer, QueryError> {
    Ok(match cmd {
        QueryCommand::Find { text, kind, limit } => {
            if text.trim().is_empty() {
                return Err(QueryError::BadArgument {
                    arg: "find \"\"".into(),
                    reason: "give some text to look for".into(),
                });
            }
            let r = g.find(text, kind.as_deref(), *limit);
            if r.total == 0 {
                return Err(QueryError::NotFound {
                    what: format!("no name contains {text:?}"),
                    suggestions: Vec::new(),
                });
            }
            answer(&r, r.to_table())
        }
        QueryCommand::Show { entity } => {
            let r = g.show(entity, pages)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Neighbors {
            entity,
            depth,
            kind,
            relation,
        } => {
            let r = g.neighbors(
                entity,
                *depth as usize,
                kind.as_deref(),
                relation.as_deref(),
                pages,
            )?;
            answer(&r, r.to_table())
        }
        QueryCommand::Path { a, b, max } => {
            let r = g.path(a, b, *max as usize, pages)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Events { entity, from, to } => {
            let range = DateRange::new(from.as_deref(), to.as_deref())?;
            let r = g.events(entity, &range, pages)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Coattend { person } => {
            let r = g.coattend(person)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Rank { by, kind, top } => {
            let by = match by {
                By::Degree => RankBy::Degree,
                By::Pagerank => RankBy::Pagerank,
                By::Betweenness => RankBy::Betweenness,
            };
            let r = g.rank(by, kind.as_deref(), *top)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Career { person, csv } => {
            let r = g.career(person, pages)?;
            let mut a = answer(&r, r.to_table());
            a.csv = csv.then(|| r.to_csv());
            a
        }
        QueryCommand::Holders {
            jurisdiction,
            post,
            on,
            csv,
        } => {
            let r = g.holders(jurisdiction, post, on.as_deref(), pages)?;
            let mut a = answer(&r, r.to_table());
            a.csv = csv.then(|| r.to_csv());
            a
        }
        QueryCommand::Stats => {
            let r = g.stats();
            answer(&r, r.to_table())
        }
    })
}

/// What an ambiguous name or an empty answer prints: the candidates, or
/// names that come close.
fn error_answer(e: &QueryError) -> Option<Answer> {
    let (kind, list, header) = match e {
        QueryError::Ambiguous { candidates, .. } => ("ambiguous", candidates, "candidates:"),
        QueryError::NotFound { suggestions, .. } => {
            ("not_found", suggestions, "names close to it:")
        }
        _ => return None,
    };
    let mut table = Table::new(&["name", "type", "jurisdiction", "degree", "id"]);
    for c in list {
        table.row(vec![
            c.name.clone(),
            c.kind.clone(),
            c.jurisdiction.clone().unwrap_or_default(),
            c.degree.to_string(),
            c.id.clone(),
        ]);
    }
    if list.is_empty() {
        table = Table::default();
    } else {
        table.title = Some(header.to_string());
    }
    Some(Answer {
        csv: None,
        json: serde_json::json!({
            "error": kind,
            "message": e.to_string(),
            "candidates": list,
        }),
        table,
    })
}

/// Print an answer; a closed pipe (`| head`) is not an error.
fn emit(a: &Answer, json: bool) -> Result<()> {
    let text = if json {
        let mut s = serde_json::to_string_pretty(&a.json).expect("JSON prints");
        s.push('\n');
        s
    } else if let Some(csv) = &a.csv {
        csv.clone()
    } else {
        a.table.to_string()
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Args, Command};
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<QueryArgs, clap::Error> {
        let mut v = vec!["govgraph", "query"];
        v.extend_from_slice(args);
        Args::try_parse_from(v).map(|a| match a.command {
            Command::Query(q) => q,
            other => panic!("parsed as {other:?}"),
        })
    }

    #[test]
    fn query_flags_parse() {
        let q = parse(&[
            "out", "find", "县长", "--type", "person", "--limit", "3", "--json",
        ])
        .unwrap();
        assert!(q.json && !q.evidence);
        assert_eq!(q.graph, PathBuf::from("out"));
        assert!(
            matches!(q.command, QueryCommand::Find { ref text, ref kind, limit: 3 }
            if text == "县长" && kind.as_deref() == Some("person"))
        );
        let q = parse(&[
            "--evidence",
            "out/graph.json",
            "neighbors",
            "x",
            "--depth",
            "2",
            "--relation",
            "participated_in",
            "--type",
            "event",
            "--pages",
            "seeds",
        ])
        .unwrap();
        assert!(q.evidence);
        assert_eq!(q.pages, vec![PathBuf::from("seeds")]);
        assert!(
            matches!(q.command, QueryCommand::Neighbors { depth: 2, ref relation, .. }
            if relation.as_deref() == Some("participated_in"))
        );
        let q = parse(&["o", "path", "a", "b", "--max", "2"]).unwrap();
        assert!(matches!(q.command, QueryCommand::Path { max: 2, .. }));
        let q = parse(&["o", "events", "a", "--from", "2018", "--to", "2018-10-31"]).unwrap();
        assert!(
            matches!(q.command, QueryCommand::Events { ref from, ref to, .. }
            if from.as_deref() == Some("2018") && to.as_deref() == Some("2018-10-31"))
        );
        let q = parse(&[
            "o", "rank", "--by", "pagerank", "--type", "person", "--top", "5",
        ])
        .unwrap();
        assert!(matches!(
            q.command,
            QueryCommand::Rank {
                by: By::Pagerank,
                top: 5,
                ..
            }
        ));
        let q = parse(&["o", "rank"]).unwrap();
        assert!(matches!(
            q.command,
            QueryCommand::Rank {
                by: By::Degree,
                top: 20,
                kind: None
            }
        ));
        assert!(matches!(
            parse(&["o", "coattend", "p"]).unwrap().command,
            QueryCommand::Coattend { .. }
        ));
        assert!(matches!(
            parse(&["o", "show", "p"]).unwrap().command,
            QueryCommand::Show { .. }
        ));
        assert!(matches!(
            parse(&["o", "stats"]).unwrap().command,
            QueryCommand::Stats
        ));
        assert!(matches!(
            parse(&["o", "career", "p", "--csv"]).unwrap().command,
            QueryCommand::Career { csv: true, .. }
        ));
        assert!(matches!(
            parse(&["o", "holders", "沁县", "县长", "--on", "2018-10-01"]).unwrap().command,
            QueryCommand::Holders { ref on, csv: false, .. } if on.as_deref() == Some("2018-10-01")
        ));
    }

    #[test]
    fn query_flags_reject_bad_values() {
        for bad in [
            &["o", "find", "x", "--type", "city"][..],
            &["o", "neighbors", "x", "--depth", "0"],
            &["o", "neighbors", "x", "--type", "article"],
            &["o", "path", "a", "b", "--max", "0"],
            &["o", "rank", "--by", "closeness"],
            &["o", "path", "a"],
            &["o", "holders", "沁县"],
            &["o", "career", "p", "--csv", "--json"],
            &["o"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
