//! `govgraph export`: a built graph, or the part of it around one entity,
//! in one of the formats for pictures (dot, svg, png), the browser (html),
//! Gephi (graphml, gexf), graph databases (cypher, csv) or scripts (json).
//!
//! Arguments are checked into an [`ExportConfig`] before anything is read;
//! the work is the library's (`govgraph::export`). Exit codes: 2 bad
//! arguments or graph, 3 output not written, 4 `--focus` names several
//! entities (they are listed), 5 `--focus` names none.

use anyhow::{bail, Context, Result};
use clap::builder::TypedValueParser;
use govgraph::export::cypher::Dialect;
use govgraph::export::evidence::PageTexts;
use govgraph::export::filter::{self, Selection};
use govgraph::export::html::HtmlOptions;
use govgraph::export::json::{self, GraphFile};
use govgraph::export::{self, csv, cypher, dot, gexf, graphml, html, ExportError};
use govgraph::ingest;
use govgraph::model::dates::Window;
use govgraph::model::{NodeType, Relation};
use govgraph::query::evidence::Sources;
use std::path::{Path, PathBuf};

/// Export a built graph (or part of it) for pictures, Gephi, graph databases or the browser
///
/// Examples:
///   govgraph export output --format svg --out graph.svg
///   govgraph export output --format html --out graph.html --pages seeds
///   govgraph export output --format png --focus 郝淑芳 --depth 2 --out hao.png
///   govgraph export output/graph.json --format cypher --cypher-dialect kuzu --out graph.cypher
///   govgraph export output --format csv --out neo4j-import/
///   govgraph export output --format posts --out posts.csv
///   govgraph export output --format gexf --projection coattendance --out people.gexf
///   govgraph export output --format gexf --dynamic --out timeline.gexf
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    /// A build directory (holding graph.json) or a graph.json file.
    graph: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum)]
    format: Format,
    /// Output file; for csv, a directory (created if missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Keep only what lies around this entity: an id (person:...), a name or an alias.
    #[arg(long, value_name = "ENTITY")]
    focus: Option<String>,
    /// With --focus: how many edges away from it to go [default: 2]
    #[arg(long, value_name = "N", requires = "focus")]
    depth: Option<usize>,
    /// Keep only these node types, comma-separated (pictures default to person,agency,event; --dynamic adds place).
    #[arg(long, value_delimiter = ',', value_name = "TYPES",
          value_parser = super::type_names(&NodeType::ALL).try_map(|s| NodeType::parse(&s).ok_or("a node type")))]
    types: Vec<NodeType>,
    /// Keep events on or after this day (YYYY-MM-DD, YYYY-MM or YYYY), and what they link.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Keep events on or before this day (YYYY-MM-DD, YYYY-MM or YYYY), and what they link.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Keep only these relations, comma-separated (pictures default to
    /// participated_in,organized,holds_office_in,located_in).
    #[arg(long, value_delimiter = ',', value_name = "RELATIONS",
          value_parser = super::relation_names().try_map(|s| Relation::parse(&s).ok_or("a relation")))]
    relations: Vec<Relation>,
    /// Export a network derived from the graph instead of the graph itself
    /// (with --format gexf, graphml or csv).
    #[arg(long, value_enum, value_name = "NETWORK")]
    projection: Option<Projection>,
    /// With --format gexf: a dynamic graph for Gephi's timeline, each node
    /// and edge present on its events' dates.
    #[arg(long, conflicts_with = "projection")]
    dynamic: bool,
    /// Drop edges whose weight (attrs.weight, how often they were read) is below W.
    #[arg(long, value_name = "W")]
    min_weight: Option<f64>,
    /// With --format cypher: the database the script is for.
    #[arg(long, value_enum, value_name = "DB")]
    cypher_dialect: Option<CypherDialect>,
    /// With --format html: the input pages (files or directories), to embed evidence
    /// sentences [default: the pages `build` recorded in sources.json]
    #[arg(long = "pages", value_name = "PATH")]
    pages: Vec<PathBuf>,
    /// Title of the picture or page.
    #[arg(long)]
    title: Option<String>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT text.
    Dot,
    /// SVG drawn by Graphviz.
    Svg,
    /// PNG drawn by Graphviz.
    Png,
    /// graph.json of the selection.
    Json,
    /// GraphML (Gephi, yEd, networkx).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// A Cypher script (Neo4j, or Kùzu with --cypher-dialect kuzu).
    Cypher,
    /// CSV files for neo4j-admin database import (--out is a directory).
    Csv,
    /// One self-contained interactive HTML page.
    Html,
    /// Officials' posts: one CSV row per person × post (spell), with body,
    /// jurisdiction code, first and last dated evidence and sources.
    Posts,
}

impl Format {
    fn is_picture(self) -> bool {
        matches!(self, Format::Dot | Format::Svg | Format::Png | Format::Html)
    }
}

/// Derived networks for `--projection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Projection {
    /// People linked by the events they attended together, weighted by
    /// the number of shared events (undirected).
    Coattendance,
}

/// Cypher dialects for `--cypher-dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CypherDialect {
    /// Neo4j 5 (cypher-shell): constraints, then MERGE statements.
    Neo4j,
    /// Kùzu: CREATE NODE/REL TABLE schema, then the same MERGE statements.
    Kuzu,
}

/// Checked arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportConfig {
    /// The graph.json file.
    pub graph: PathBuf,
    /// Output format.
    pub format: Format,
    /// Output file or directory.
    pub out: PathBuf,
    /// What to keep.
    pub selection: Selection,
    /// Cypher dialect.
    pub dialect: Dialect,
    /// Pages for evidence sentences.
    pub pages: Vec<PathBuf>,
    /// Title.
    pub title: Option<String>,
    /// A derived network instead of the graph.
    pub projection: Option<Projection>,
    /// A dynamic GEXF.
    pub dynamic: bool,
}

impl ExportConfig {
    /// Check arguments (no I/O except looking at whether GRAPH is a directory).
    pub fn from_args(a: ExportArgs) -> Result<ExportConfig> {
        let window = Window::parse(a.from.as_deref(), a.to.as_deref())?;
        if a.focus.as_deref().is_some_and(|f| f.trim().is_empty()) {
            bail!("--focus: an empty name names nothing; give a name or an id");
        }
        if let Some(w) = a.min_weight {
            if !w.is_finite() {
                bail!("--min-weight must be a number, not {w}");
            }
        }
        if a.cypher_dialect.is_some() && a.format != Format::Cypher {
            bail!("--cypher-dialect goes with --format cypher");
        }
        if a.format == Format::Posts
            && (a.focus.is_some()
                || !a.types.is_empty()
                || a.from.is_some()
                || a.to.is_some()
                || a.min_weight.is_some()
                || a.title.is_some())
        {
            bail!(
                "--format posts lists every post of every person; --focus, --types, \
                 --from, --to, --min-weight and --title go with the graph formats \
                 (for one person: govgraph query GRAPH career PERSON --csv)"
            );
        }
        if !a.pages.is_empty() && a.format != Format::Html {
            bail!("--pages goes with --format html (it embeds evidence sentences in the page)");
        }
        if a.projection.is_some()
            && !matches!(a.format, Format::Gexf | Format::Graphml | Format::Csv)
        {
            bail!("--projection goes with --format gexf, graphml or csv");
        }
        if a.dynamic && a.format != Format::Gexf {
            bail!("--dynamic goes with --format gexf");
        }
        // Pictures and the timeline show the who-did-what layer; the
        // timeline keeps the places events were held in.
        let types = if !a.types.is_empty() {
            Some(a.types.iter().copied().collect())
        } else if a.dynamic {
            let mut t = filter::picture_types();
            t.insert(NodeType::Place);
            Some(t)
        } else {
            a.format.is_picture().then(filter::picture_types)
        };
        let relations = if !a.relations.is_empty() {
            Some(a.relations.iter().copied().collect())
        } else {
            (a.format.is_picture() || a.dynamic).then(filter::picture_relations)
        };
        let graph = if a.graph.is_dir() {
            a.graph.join("graph.json")
        } else {
            a.graph
        };
        Ok(ExportConfig {
            graph,
            format: a.format,
            out: a.out,
            selection: Selection {
                focus: a.focus,
                depth: a.depth.unwrap_or(2),
                types,
                relations,
                window,
                min_weight: a.min_weight,
            },
            dialect: match a.cypher_dialect {
                Some(CypherDialect::Kuzu) => Dialect::Kuzu,
                Some(CypherDialect::Neo4j) | None => Dialect::Neo4j,
            },
            pages: a.pages,
            title: a.title,
            projection: a.projection,
            dynamic: a.dynamic,
        })
    }
}

/// Read and check a graph.json (a bad one is bad input: exit 2).
fn load(path: &Path) -> Result<GraphFile> {
    if let Some(dir) = path.parent().filter(|d| d.is_dir() && !path.exists()) {
        if path.file_name().is_some_and(|f| f == "graph.json") {
            bail!(
                "{}: no graph.json here; run `govgraph build PAGES --out {}` first",
                dir.display(),
                dir.display()
            );
        }
    }
    // The whole graph is parsed into memory, at about ten times the size
    // of graph.json: a larger one is refused before it is read, with the
    // ways that do read it.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_file() && meta.len() > ingest::MAX_PAGE_BYTES {
            bail!(
                "{}: {} bytes: export reads graphs of up to {} bytes (it holds the whole \
                 graph in memory, about ten times the file); `govgraph query` reads a graph \
                 of any size, and a distributed build writes a large graph's Neo4j CSV a \
                 partition at a time with `govgraph dist csv` (README: Distributed build)",
                path.display(),
                meta.len(),
                ingest::MAX_PAGE_BYTES
            );
        }
    }
    let bytes = ingest::read_regular_file(path)?;
    let bad =
        |reason: String| anyhow::anyhow!("{}: not a govgraph graph.json: {reason}", path.display());
    let g: GraphFile = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    filter::check(&g).map_err(bad)?;
    Ok(g)
}

/// The texts of the pages `g` cites, from files or directories.
fn read_pages(inputs: &[PathBuf], g: &GraphFile) -> Result<PageTexts> {
    let mut pages = PageTexts::new();
    let wanted: std::collections::BTreeSet<&str> =
        g.graph.documents.iter().map(String::as_str).collect();
    for path in ingest::collect_inputs(inputs)? {
        if wanted.contains(ingest::base_name(&path).as_str()) {
            // Quoted as printed, from the page's own bytes.
            let page = ingest::PageSource::read(&path)?;
            pages.insert_printed(&ingest::base_name(&path), &page.original, &page.normalized);
        }
    }
    Ok(pages)
}

/// The texts of the pages `g` cites from where `build` recorded them
/// (`sources.json` beside graph.json), each only while it still is the page
/// the build read; the others are named in a warning. `None` without a
/// sources.json or with no page found.
fn recorded_pages(graph: &Path, g: &GraphFile) -> Option<PageTexts> {
    let dir = graph
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let sources = Sources::read(dir)?;
    let mut pages = PageTexts::new();
    for doc in &g.graph.documents {
        let Some(s) = sources.documents.get(doc) else {
            continue;
        };
        let path = dir.join(&s.relative);
        match ingest::PageSource::read(&path) {
            Ok(p) if s.matches(&p) => pages.insert_printed(doc, &p.original, &p.normalized),
            Ok(_) => eprintln!(
                "govgraph: warning: evidence not embedded: {doc}: {} has changed since the build",
                path.display()
            ),
            Err(e) => eprintln!("govgraph: warning: evidence not embedded: {doc}: {e}"),
        }
    }
    (!pages.is_empty()).then_some(pages)
}

/// Run `govgraph export`. A `--focus` that names several entities or none
/// fails with the lookup's error (exit 4 or 5, decided by `cli::exit_code`).
pub fn run(args: ExportArgs) -> Result<()> {
    let config = ExportConfig::from_args(args)?;
    export_graph(&config)
}

/// `--format posts`: every spell of the graph as CSV.
fn export_posts(c: &ExportConfig) -> Result<()> {
    let g = govgraph::query::QueryGraph::open(&c.graph)?;
    let pages = govgraph::query::evidence::Pages::new(&g, false, &[]);
    let spells = g.all_spells(&pages)?;
    let people: std::collections::BTreeSet<&str> =
        spells.iter().map(|s| s.person.id.as_str()).collect();
    let _writing = super::interrupt::writing_outputs();
    export::write_atomic(
        &c.out,
        govgraph::query::spells_csv(&spells, false).as_bytes(),
    )?;
    println!(
        "{} posts of {} people -> {}",
        spells.len(),
        people.len(),
        c.out.display()
    );
    Ok(())
}

fn export_graph(c: &ExportConfig) -> Result<()> {
    if c.format == Format::Posts {
        return export_posts(c);
    }
    let g = load(&c.graph)?;
    let focus = c
        .selection
        .focus
        .as_deref()
        .map(|f| filter::resolve(&g, f))
        .transpose()
        .context("--focus")?;
    let mut sub = filter::select_at(&g, &c.selection, focus);
    let undatable = filter::undatable_events(&g, &c.selection);
    if undatable > 0 {
        eprintln!(
            "govgraph: note: {undatable} events whose date cannot be placed in --from/--to \
             (no year, no date) left out"
        );
    }
    let focus_id = focus.map(|i| g.nodes[i].id.clone());
    let mut note = String::new();
    if c.format.is_picture() {
        let drawn = filter::picture(&sub, focus_id.as_deref());
        let left = sub.nodes.len() - drawn.nodes.len();
        if left > 0 {
            note = format!(" ({left} nodes without an edge not drawn)");
        }
        sub = drawn;
    }
    let title = c.title.clone().or_else(|| {
        focus.map(|i| {
            let n = &g.nodes[i];
            let mut t = format!("{} — {} steps around", n.name, c.selection.depth);
            if let Some(sub) = export::style::subtitle(n) {
                t = format!("{} ({sub}) — {} steps around", n.name, c.selection.depth);
            }
            t
        })
    });
    let out = &c.out;
    // Pages are read before any output is written (the guard below holds
    // off a signal until every file is complete).
    let pages = if c.format != Format::Html {
        None
    } else if !c.pages.is_empty() {
        Some(read_pages(&c.pages, &g)?)
    } else {
        recorded_pages(&c.graph, &g)
    };
    let headlines = export::style::event_headlines(&g);
    let picture = || {
        dot::wire_to_dot(
            &sub,
            &dot::DotOptions {
                title: title.clone(),
                focus: focus_id.clone(),
                headlines: headlines.clone(),
            },
        )
    };
    let _writing = super::interrupt::writing_outputs();
    if let Some(written) = write_network(c, &sub, &headlines)? {
        println!("{written}");
        return Ok(());
    }
    match c.format {
        Format::Dot => export::write_atomic(out, picture().as_bytes())?,
        Format::Svg | Format::Png => {
            let format = if c.format == Format::Svg {
                "svg"
            } else {
                "png"
            };
            dot::render(&picture(), format, out)
                .with_context(|| format!("drawing {}", out.display()))?;
        }
        Format::Json => export::write_atomic(out, &json::wire_bytes(&sub))?,
        Format::Graphml => export::write_atomic(out, graphml::to_graphml(&sub).as_bytes())?,
        Format::Gexf => export::write_atomic(out, gexf::to_gexf(&sub).as_bytes())?,
        Format::Cypher => export::write_atomic(out, cypher::to_cypher(&sub, c.dialect).as_bytes())?,
        Format::Csv => {
            csv_dir(out, "nodes_*.csv, edges_*.csv and import.sh")?;
            for f in csv::to_csv_files(&sub) {
                export::write_atomic(&out.join(&f.name), &f.bytes)?;
            }
            note.push_str(&format!(
                "; load into Neo4j with: sh {}",
                out.join("import.sh").display()
            ));
        }
        Format::Posts => unreachable!("export_posts writes posts"),
        Format::Html => {
            let mut opts = HtmlOptions::with_headlines_of(&g);
            opts.title = title
                .clone()
                .unwrap_or_else(|| format!("govgraph: {} documents", g.graph.documents.len()));
            opts.focus = focus_id.clone();
            match pages {
                None => note.push_str(
                    "; evidence sentences not embedded (pages not found: give --pages DIR)",
                ),
                Some(p) => {
                    opts.pages = p;
                    opts.headlines_as_printed(&g);
                    for p in opts.pages.problems(&sub) {
                        eprintln!("govgraph: warning: evidence text unavailable: {p}");
                    }
                }
            }
            export::write_atomic(out, html::to_html(&sub, &opts).as_bytes())?;
        }
    }
    println!(
        "{} nodes, {} edges -> {}{note}",
        sub.nodes.len(),
        sub.edges.len(),
        out.display()
    );
    Ok(())
}

/// `--out` of a CSV export: a directory, created if missing.
fn csv_dir(out: &Path, receives: &str) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "{}: is a file; with --format csv, --out must be a directory (it receives {receives})",
            out.display()
        );
    }
    std::fs::create_dir_all(out).map_err(|e| ExportError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    Ok(())
}

/// `--projection` and `--dynamic`: write the derived network of `sub` and
/// say what was written; `None` when neither is asked for.
fn write_network(
    c: &ExportConfig,
    sub: &GraphFile,
    headlines: &std::collections::BTreeMap<String, String>,
) -> Result<Option<String>> {
    use govgraph::export::network;
    let out = &c.out;
    if c.dynamic {
        let d = network::dynamic_gexf(sub, headlines);
        export::write_atomic(out, d.gexf.as_bytes())?;
        let mut said = format!(
            "{} nodes, {} edges -> {} (dynamic: open in Gephi, Window > Timeline)",
            d.nodes,
            d.edges,
            out.display()
        );
        if d.undated > 0 {
            said.push_str(&format!(
                "; {} events without a year in their date left out",
                d.undated
            ));
        }
        return Ok(Some(said));
    }
    let Some(Projection::Coattendance) = c.projection else {
        return Ok(None);
    };
    let p = network::coattendance(sub);
    match c.format {
        Format::Gexf => export::write_atomic(out, p.to_gexf().as_bytes())?,
        Format::Graphml => export::write_atomic(out, p.to_graphml().as_bytes())?,
        Format::Csv => {
            csv_dir(out, "nodes.csv and edges.csv")?;
            for f in p.to_csv_files() {
                export::write_atomic(&out.join(&f.name), &f.bytes)?;
            }
        }
        other => bail!("--projection does not go with --format {other:?}"),
    }
    Ok(Some(format!(
        "{} people, {} co-attendance ties -> {}",
        p.people.len(),
        p.ties.len(),
        out.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: ExportArgs,
    }

    fn config(args: &[&str]) -> Result<ExportConfig> {
        let mut all = vec!["export"];
        all.extend(args);
        ExportConfig::from_args(Cli::try_parse_from(all)?.args)
    }

    #[test]
    fn export_args_defaults() {
        let c = config(&["g.json", "--format", "json", "--out", "x.json"]).unwrap();
        assert_eq!(c.graph, PathBuf::from("g.json"));
        assert_eq!(c.format, Format::Json);
        assert_eq!(
            c.selection,
            Selection {
                depth: 2,
                ..Default::default()
            }
        );
        assert_eq!(c.dialect, Dialect::Neo4j);
    }

    #[test]
    fn export_args_pictures_default_to_who_did_what_types() {
        let c = config(&["g.json", "-f", "svg", "-o", "x.svg"]).unwrap();
        assert_eq!(c.selection.types, Some(filter::picture_types()));
        assert_eq!(c.selection.relations, Some(filter::picture_relations()));
        assert!(!c
            .selection
            .types
            .as_ref()
            .unwrap()
            .contains(&NodeType::Place));
        let c = config(&["g.json", "-f", "gexf", "-o", "x", "--dynamic"]).unwrap();
        assert!(
            c.dynamic
                && c.selection
                    .types
                    .as_ref()
                    .unwrap()
                    .contains(&NodeType::Place)
        );
        let c = config(&["g.json", "-f", "gexf", "-o", "x"]).unwrap();
        assert_eq!((c.selection.types, c.selection.relations), (None, None));
        let c = config(&[
            "g.json",
            "-f",
            "svg",
            "-o",
            "x.svg",
            "--types",
            "person,event",
        ])
        .unwrap();
        assert_eq!(
            c.selection.types,
            Some([NodeType::Event, NodeType::Person].into())
        );
    }

    #[test]
    fn export_args_focus_depth_window_weight() {
        let c = config(&[
            "g.json",
            "-f",
            "gexf",
            "-o",
            "x",
            "--focus",
            "黄振东",
            "--depth",
            "3",
            "--from",
            "2018-10",
            "--to",
            "2018-10-24",
            "--min-weight",
            "2",
        ])
        .unwrap();
        assert_eq!(c.selection.focus.as_deref(), Some("黄振东"));
        assert_eq!(c.selection.depth, 3);
        assert_eq!(c.selection.window.from, Some((2018, 10, 1)));
        assert_eq!(c.selection.window.to, Some((2018, 10, 24)));
        assert_eq!(c.selection.min_weight, Some(2.0));
    }

    #[test]
    fn export_args_reject_bad_values() {
        let bad: &[&[&str]] = &[
            &["g", "-f", "json", "-o", "x", "--depth", "2"],
            &["g", "-f", "json", "-o", "x", "--types", "planet"],
            &["g", "-f", "json", "-o", "x", "--from", "2018/10"],
            &[
                "g", "-f", "json", "-o", "x", "--from", "2019", "--to", "2018",
            ],
            &["g", "-f", "json", "-o", "x", "--min-weight", "NaN"],
            &["g", "-f", "json", "-o", "x", "--cypher-dialect", "kuzu"],
            &["g", "-f", "dot", "-o", "x", "--pages", "seeds"],
            &["g", "-f", "pdf", "-o", "x"],
            &["g", "-f", "svg", "-o", "x", "--projection", "coattendance"],
            &["g", "-f", "graphml", "-o", "x", "--dynamic"],
            &[
                "g",
                "-f",
                "gexf",
                "-o",
                "x",
                "--dynamic",
                "--projection",
                "coattendance",
            ],
            &["g", "-f", "json", "-o", "x", "--relations", "knows"],
            &["g", "-f", "json"],
        ];
        for args in bad {
            assert!(config(args).is_err(), "{args:?} accepted");
        }
    }

    #[test]
    fn export_args_cypher_dialect() {
        let c = config(&["g", "-f", "cypher", "-o", "x", "--cypher-dialect", "kuzu"]).unwrap();
        assert_eq!(c.dialect, Dialect::Kuzu);
    }
}
