//! `govgraph query GRAPH COMMAND`: the query subcommands' arguments and the
//! printing of their answers, as tables or (`--json`) one JSON document.
//! The answers come from `govgraph::query`.
//!
//! Exit codes: 4 when a name matches several entities (the candidates are
//! printed), 5 when nothing is found, 2 for a bad graph or argument.

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use govgraph::model::lookup::LookupError;
use govgraph::model::NodeType;
use govgraph::query::evidence::Pages;
use govgraph::query::table::Table;
use govgraph::query::{
    DateRange, FindQuery, IndexStatus, PathLinks, QueryError, QueryGraph, RankBy,
};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// The entity types (`rank` and `neighbors` cover those only).
const ENTITY_TYPES: [NodeType; 4] = [
    NodeType::Person,
    NodeType::Place,
    NodeType::Agency,
    NodeType::Event,
];

/// Arguments of `govgraph query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// A build directory, or its graph.json.
    graph: PathBuf,
    #[command(subcommand)]
    command: QueryCommand,
    /// Print one JSON document instead of a table.
    #[arg(long, global = true, conflicts_with = "csv")]
    json: bool,
    /// Print CSV for a spreadsheet (find, people, events, coattend, career, holders).
    #[arg(long, global = true)]
    csv: bool,
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
    /// Entities whose name or an alias contains TEXT; people by title; what
    /// belongs to a place.
    ///
    /// Example: govgraph query output find 县长
    ///
    /// Example: govgraph query output find --title 副县长 --in 沁县
    Find {
        /// The text (Traditional or Simplified); without it, every entity
        /// the other options let through.
        #[arg(required_unless_present_any = ["title", "within"])]
        text: Option<String>,
        /// People one of whose titles contains this text (副县长 also finds 常务副县长).
        #[arg(long)]
        title: Option<String>,
        /// Only what belongs to this place or a place below it (a name or an id).
        #[arg(long = "in", value_name = "PLACE")]
        within: Option<String>,
        /// Only nodes of this type (default: people, places, agencies, events).
        #[arg(long = "type", value_parser = super::type_names(&NodeType::ALL))]
        kind: Option<String>,
        /// The most matches listed (0: all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Every person in the graph: name, main title, jurisdiction, degree, id.
    ///
    /// Example: govgraph query output people --in 沁县
    People {
        /// Only the people of this place or a place below it.
        #[arg(long = "in", value_name = "PLACE")]
        within: Option<String>,
    },
    /// An entity's attributes, titles with their evidence, and degree.
    ///
    /// Example: govgraph query output show 郝淑芳 --evidence
    Show {
        /// A name or an id.
        entity: String,
    },
    /// Entities linked to ENTITY, up to --depth hops.
    ///
    /// Example: govgraph query output neighbors 郝淑芳 --relation participated_in
    Neighbors {
        /// A name or an id.
        entity: String,
        /// Hops.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=6))]
        depth: u8,
        /// List only neighbours of this type.
        #[arg(long = "type", value_parser = super::type_names(&ENTITY_TYPES))]
        kind: Option<String>,
        /// Follow only this relation (participated_in, organized, located_in ...).
        #[arg(long, value_parser = super::relation_names())]
        relation: Option<String>,
    },
    /// Shortest paths from A to B, every hop with its relation and evidence sentence.
    ///
    /// Paths step through people, events and agencies (took part in,
    /// organised, holds office in); --all-relations also through places.
    ///
    /// Example: govgraph query output path 郝淑芳 武虹波
    Path {
        /// A name or an id.
        a: String,
        /// A name or an id.
        b: String,
        /// The most paths listed.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        max: u32,
        /// Step through every relation: places, jurisdictions, part_of.
        #[arg(long)]
        all_relations: bool,
    },
    /// The who-did-what timeline of a person, agency or place: date, kind,
    /// event, role, place, source.
    ///
    /// A place lists the events located in it or in the places below it; an
    /// agency the events it organised.
    ///
    /// Example: govgraph query output events 郝淑芳 --from 2018-10
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
    /// Example: govgraph query output coattend 李佩璋 --csv
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
        #[arg(long = "type", value_parser = super::type_names(&ENTITY_TYPES))]
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

/// An answer: its JSON, its table and, for the commands that have one,
/// its CSV.
struct Answer {
    json: serde_json::Value,
    table: Table,
    /// The answer as CSV, for the commands that have one.
    csv: Option<String>,
}

fn answer<T: Serialize>(v: &T, table: Table) -> Answer {
    Answer {
        json: serde_json::to_value(v).expect("answers serialise"),
        table,
        csv: None,
    }
}

fn answer_csv<T: Serialize>(v: &T, table: Table, csv: String) -> Answer {
    Answer {
        csv: Some(csv),
        ..answer(v, table)
    }
}

/// How an answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Table,
    Json,
    Csv,
}

/// Run a query.
pub fn run(args: QueryArgs) -> Result<()> {
    check_csv(&args)?;
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
    let output = match (args.json, args.csv) {
        (true, _) => Output::Json,
        (_, true) => Output::Csv,
        _ => Output::Table,
    };
    let result = ask(&g, &pages, &args.command);
    for p in pages.problems() {
        eprintln!("govgraph: warning: evidence not quoted: {p}");
    }
    match result {
        Ok(a) => emit(&a, output),
        Err(e) => {
            if let Some(a) = error_answer(&e) {
                // Candidates are for a person to read; a CSV reader gets
                // nothing rather than a table it would take for data.
                emit(
                    &a,
                    if output == Output::Csv {
                        Output::Table
                    } else {
                        output
                    },
                )?;
            }
            Err(e.into())
        }
    }
}

/// `--csv` with a command that prints none is refused before the graph is
/// read.
fn check_csv(args: &QueryArgs) -> Result<(), QueryError> {
    let has_csv = matches!(
        args.command,
        QueryCommand::Find { .. }
            | QueryCommand::People { .. }
            | QueryCommand::Events { .. }
            | QueryCommand::Coattend { .. }
            | QueryCommand::Career { .. }
            | QueryCommand::Holders { .. }
    );
    if args.csv && !has_csv {
        return Err(QueryError::BadArgument {
            arg: "--csv".into(),
            reason: "find, people, events, coattend, career and holders print CSV; use --json for the others".into(),
        });
    }
    Ok(())
}

fn ask(g: &QueryGraph, pages: &Pages, cmd: &QueryCommand) -> Result<Answer, QueryError> {
    Ok(match cmd {
        QueryCommand::Find {
            text,
            title,
            within,
            kind,
            limit,
        } => found(
            g,
            &FindQuery {
                text: text.clone(),
                title: title.clone(),
                within: within.clone(),
                kind: kind.clone(),
                limit: *limit,
            },
        )?,
        QueryCommand::People { within } => found(
            g,
            &FindQuery {
                within: within.clone(),
                kind: Some("person".into()),
                ..FindQuery::default()
            },
        )?,
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
        QueryCommand::Path {
            a,
            b,
            max,
            all_relations,
        } => {
            let links = if *all_relations {
                PathLinks::All
            } else {
                PathLinks::Social
            };
            let r = g.path(a, b, *max as usize, links, pages)?;
            answer(&r, r.to_table())
        }
        QueryCommand::Events { entity, from, to } => {
            let range = DateRange::new(from.as_deref(), to.as_deref())?;
            let r = g.events(entity, &range, pages)?;
            answer_csv(&r, r.to_table(), r.to_csv())
        }
        QueryCommand::Coattend { person } => {
            let r = g.coattend(person)?;
            answer_csv(&r, r.to_table(), r.to_csv())
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
        QueryCommand::Career { person } => {
            let r = g.career(person, pages)?;
            answer_csv(&r, r.to_table(), r.to_csv())
        }
        QueryCommand::Holders {
            jurisdiction,
            post,
            on,
        } => {
            let r = g.holders(jurisdiction, post, on.as_deref(), pages)?;
            answer_csv(&r, r.to_table(), r.to_csv())
        }
        QueryCommand::Stats => {
            let r = g.stats();
            answer(&r, r.to_table())
        }
    })
}

/// The answer to `find` and `people`; no match at all is "nothing found".
fn found(g: &QueryGraph, q: &FindQuery) -> Result<Answer, QueryError> {
    let r = g.find_where(q)?;
    if r.total == 0 {
        let mut what: Vec<String> = Vec::new();
        if let Some(t) = &q.text {
            what.push(format!("no name contains {t:?}"));
        }
        if let Some(t) = &q.title {
            what.push(format!("no person's title contains {t:?}"));
        }
        if let Some(p) = &q.within {
            what.push(format!("in {p}"));
        }
        if what.is_empty() {
            what.push(format!("no {}", q.kind.as_deref().unwrap_or("entity")));
        }
        return Err(LookupError::NotFound {
            what: what.join(", "),
            suggestions: Vec::new(),
        }
        .into());
    }
    Ok(answer_csv(&r, r.to_table(), r.to_csv()))
}

/// What an ambiguous name or an empty answer prints: the candidates, or
/// names that come close.
fn error_answer(e: &QueryError) -> Option<Answer> {
    let (kind, list, header) = match e {
        QueryError::Lookup(LookupError::Ambiguous { candidates, .. }) => {
            ("ambiguous", candidates, "candidates:")
        }
        QueryError::Lookup(LookupError::NotFound { suggestions, .. }) => {
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
fn emit(a: &Answer, output: Output) -> Result<()> {
    let text = match (output, &a.csv) {
        (Output::Json, _) => {
            let mut s = serde_json::to_string_pretty(&a.json).expect("JSON prints");
            s.push('\n');
            s
        }
        (Output::Csv, Some(csv)) => csv.clone(),
        _ => a.table.to_string(),
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
            matches!(q.command, QueryCommand::Find { ref text, ref kind, limit: 3, .. }
            if text.as_deref() == Some("县长") && kind.as_deref() == Some("person"))
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
        assert!(matches!(
            q.command,
            QueryCommand::Path {
                max: 2,
                all_relations: false,
                ..
            }
        ));
        let q = parse(&["o", "path", "a", "b", "--all-relations"]).unwrap();
        assert!(matches!(
            q.command,
            QueryCommand::Path {
                all_relations: true,
                ..
            }
        ));
        let q = parse(&["o", "find", "--title", "副县长", "--in", "某县"]).unwrap();
        assert!(
            matches!(q.command, QueryCommand::Find { ref text, ref title, ref within, .. }
            if text.is_none() && title.as_deref() == Some("副县长") && within.as_deref() == Some("某县"))
        );
        let q = parse(&["o", "events", "x", "--csv"]).unwrap();
        assert!(q.csv && !q.json);
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
        let q = parse(&["o", "career", "p", "--csv"]).unwrap();
        assert!(q.csv && matches!(q.command, QueryCommand::Career { .. }));
        assert!(matches!(
            parse(&["o", "holders", "沁县", "县长", "--on", "2018-10-01"]).unwrap().command,
            QueryCommand::Holders { ref on, .. } if on.as_deref() == Some("2018-10-01")
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
            &["o", "find"],
            &["o", "events", "x", "--csv", "--json"],
            &["o"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
