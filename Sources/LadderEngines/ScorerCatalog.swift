import Foundation
import LadderCore
import LadderScoring
import LadderSpec

/// The scorers a ladder can name: the built-ins plus those its `scorers:`
/// section declares (in file order, since scorer tables are ordered).
struct ScorerCatalog {
    /// The ladder's declarations as ordered JSON text, one per declared scorer.
    static func declarations(of ladder: Ladder) -> [(name: String, json: String)] {
        ladder.scorers.compactMap { d in d.node.map { (d.name, orderedJSON($0)) } }
    }

    /// The declarations `scorer` is built from: its own and those of the declared scorers
    /// it extends, in file order. Only these enter a reparse step's key, so editing one
    /// scorer re-runs its steps and not those of the others.
    static func declarations(_ all: [(name: String, json: String)], neededBy scorer: String) -> [(name: String, json: String)] {
        var needed: Set<String> = []
        var next: String? = scorer
        while let name = next, !needed.contains(name), let d = all.first(where: { $0.name == name }) {
            needed.insert(name)
            next = (try? Value.parseJSON(Data(d.json.utf8)))?["extends"]?.stringValue
        }
        return all.filter { needed.contains($0.name) }
    }

    /// Every scorer name a ladder may use: the built-ins, then its declared ones.
    static func names(of ladder: Ladder) -> [String] {
        var out = (try? ScorerRegistry().names) ?? []
        for d in ladder.scorers where !out.contains(d.name) { out.append(d.name) }
        return out
    }

    /// A registry with the built-ins and `declarations` registered in order.
    static func registry(declarations: [(name: String, json: String)]) throws -> ScorerRegistry {
        var registry = try ScorerRegistry()
        for d in declarations where !registry.names.contains(d.name) {
            let doc = try OrderedJSON.parse(Data(d.json.utf8), origin: "scorer \(d.name)")
            try registry.declare(doc, name: d.name, origin: "the ladder's scorer '\(d.name)'")
        }
        return registry
    }

    /// JSON text of a YAML node with mapping keys in file order.
    static func orderedJSON(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s, let quoted, let loc):
            let v = quoted ? Value.string(s) : YAMLNode.scalar(s, quoted: false, loc).toValue()
            return v.canonicalJSON
        case .sequence(let items, _):
            return "[" + items.map(orderedJSON).joined(separator: ",") + "]"
        case .mapping(let pairs, _):
            return "{" + pairs.map { Value.string($0.key).canonicalJSON + ":" + orderedJSON($0.value) }.joined(separator: ",") + "}"
        }
    }
}
