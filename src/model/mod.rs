//! `model`: the vocabulary every layer shares — what a node and an edge
//! can be, which nodes a walk may pass through, how a typed name is looked
//! up, and which days a date window holds.
//!
//! `graph` builds with these types, `export` and `query` read graph.json
//! back through them and `cli` offers their names as argument values, so
//! the four agree by construction: a new node type or relation is added
//! here once. The strings are graph.json's (`type` of a node, `relation`
//! of an edge); the enums are what code compares.

pub mod dates;
pub mod lookup;

/// The type of a node, as graph.json's `type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeType {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An agency.
    Agency,
    /// An event.
    Event,
    /// An input document.
    Document,
    /// An article of a document.
    Article,
}

impl NodeType {
    /// Every type, in the order of the enum.
    pub const ALL: [NodeType; 6] = [
        NodeType::Person,
        NodeType::Place,
        NodeType::Agency,
        NodeType::Event,
        NodeType::Document,
        NodeType::Article,
    ];

    /// Name in graph.json.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::Person => "person",
            NodeType::Place => "place",
            NodeType::Agency => "agency",
            NodeType::Event => "event",
            NodeType::Document => "document",
            NodeType::Article => "article",
        }
    }

    /// The type graph.json's `type` names (`None` for a name outside the
    /// contract).
    pub fn parse(s: &str) -> Option<NodeType> {
        NodeType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// True for the four entity types (person, place, agency, event), the
    /// nodes a walk may pass through. Articles and documents are the
    /// bookkeeping of evidence: an article links everything its page
    /// mentions, so through it every two names of one article would be two
    /// hops apart. Paths, neighbourhoods, centralities and `export --focus`
    /// reach them but never step through them (see [`steps_through`]).
    pub fn is_entity(self) -> bool {
        matches!(
            self,
            NodeType::Person | NodeType::Place | NodeType::Agency | NodeType::Event
        )
    }
}

/// Whether a walk over the graph may go on from a node of type `kind`
/// (`None`: a type outside the contract, kept but never walked through):
/// the one rule of `query` (paths, neighbours, rankings) and `export
/// --focus` alike. A walk that starts at an article or a document still
/// leaves it; callers decide that.
pub fn steps_through(kind: Option<NodeType>) -> bool {
    kind.is_some_and(NodeType::is_entity)
}

/// The relation of an edge, as graph.json's `relation` names it. The
/// variants are in name order, so a relation's index sorts as its name
/// (graph.json lists a node's edges by relation name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Relation {
    /// A document to an article printed in it.
    Contains,
    /// A person to the agency their title names.
    HoldsOfficeIn,
    /// An agency to the place it governs.
    Jurisdiction,
    /// An event to where it was held.
    LocatedIn,
    /// An article to an entity it names.
    Mentions,
    /// An agency to an event it organised.
    Organized,
    /// A division to the division above it.
    PartOf,
    /// A person to an event they took part in (with a role).
    ParticipatedIn,
    /// A reporter to the article they wrote.
    Reported,
}

impl Relation {
    /// Every relation, in name order (`ALL[r.index()] == r`).
    pub const ALL: [Relation; 9] = [
        Relation::Contains,
        Relation::HoldsOfficeIn,
        Relation::Jurisdiction,
        Relation::LocatedIn,
        Relation::Mentions,
        Relation::Organized,
        Relation::PartOf,
        Relation::ParticipatedIn,
        Relation::Reported,
    ];

    /// The social relations, what `query path` walks by default: who took
    /// part in or organised an event, and who holds office in an agency.
    pub const SOCIAL: [Relation; 3] = [
        Relation::ParticipatedIn,
        Relation::Organized,
        Relation::HoldsOfficeIn,
    ];

    /// Name in graph.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Contains => "contains",
            Relation::HoldsOfficeIn => "holds_office_in",
            Relation::Jurisdiction => "jurisdiction",
            Relation::LocatedIn => "located_in",
            Relation::Mentions => "mentions",
            Relation::Organized => "organized",
            Relation::PartOf => "part_of",
            Relation::ParticipatedIn => "participated_in",
            Relation::Reported => "reported",
        }
    }

    /// The relation graph.json's `relation` names (`None` for another name).
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The position in [`Relation::ALL`] (what a compact edge stores).
    pub fn index(self) -> u8 {
        self as u8
    }

    /// The relation at position `i` of [`Relation::ALL`].
    pub fn from_index(i: u8) -> Option<Relation> {
        Relation::ALL.get(i as usize).copied()
    }

    /// True for the [`Relation::SOCIAL`] relations.
    pub fn is_social(self) -> bool {
        Relation::SOCIAL.contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_types_round_trip_through_their_names() {
        for t in NodeType::ALL {
            assert_eq!(NodeType::parse(t.as_str()), Some(t));
        }
        let names: Vec<&str> = NodeType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            names,
            ["person", "place", "agency", "event", "document", "article"]
        );
        for bad in ["", "Person", "planet", "person ", "articles"] {
            assert_eq!(NodeType::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn relations_round_trip_and_sort_as_their_names() {
        for (i, r) in Relation::ALL.into_iter().enumerate() {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
            assert_eq!(r.index() as usize, i);
            assert_eq!(Relation::from_index(r.index()), Some(r));
        }
        assert_eq!(Relation::from_index(Relation::ALL.len() as u8), None);
        assert_eq!(Relation::parse("foo"), None);
        assert_eq!(Relation::parse("participated in"), None);
        // Index order is name order: graph.json sorts edges by name.
        assert!(Relation::ALL
            .windows(2)
            .all(|w| w[0].as_str() < w[1].as_str()));
        assert!(Relation::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn social_relations_are_the_who_did_what_ones() {
        let social: Vec<&str> = Relation::ALL
            .into_iter()
            .filter(|r| r.is_social())
            .map(Relation::as_str)
            .collect();
        assert_eq!(social, ["holds_office_in", "organized", "participated_in"]);
    }

    #[test]
    fn walks_step_through_entities_only() {
        for t in NodeType::ALL {
            let provenance = matches!(t, NodeType::Article | NodeType::Document);
            assert_eq!(steps_through(Some(t)), !provenance, "{}", t.as_str());
            assert_eq!(t.is_entity(), !provenance);
        }
        // A type outside the contract is kept but never walked through.
        assert!(!steps_through(None));
        assert!(!steps_through(NodeType::parse("planet")));
    }
}
