import LadderCore

/// Which tables each rule family reads, in the fixed order the fingerprint
/// encodes them, and how each is written in a table document.
enum TableSchema {
    enum Kind: String, Sendable {
        case list, pairs, characters, text
    }

    struct Spec: Sendable {
        var path: String
        var kind: Kind
    }

    static let strict: [Spec] = [
        Spec(path: "multiple_choice", kind: .pairs),
        Spec(path: "xnli.labels", kind: .list),
        Spec(path: "xnli.native_labels", kind: .pairs),
        Spec(path: "sib200.categories", kind: .list),
        Spec(path: "sib200.strip_characters", kind: .characters),
        Spec(path: "sib200.scitech_category", kind: .text),
        Spec(path: "sib200.scitech_prefixes", kind: .list),
        Spec(path: "sib200.scitech_native_phrases", kind: .list),
        Spec(path: "sib200.scitech_bare_subcategories", kind: .list),
        Spec(path: "sib200.aliases", kind: .pairs),
    ]

    static let refined: [Spec] = [
        Spec(path: "multiple_choice", kind: .pairs),
        Spec(path: "xnli.labels", kind: .list),
        Spec(path: "xnli.native_labels", kind: .pairs),
        Spec(path: "xnli.tier2_negations", kind: .list),
        Spec(path: "xnli.tier3_paraphrases", kind: .pairs),
        Spec(path: "sib200.categories", kind: .list),
        Spec(path: "sib200.strip_characters", kind: .characters),
        Spec(path: "sib200.conjunctions", kind: .list),
        Spec(path: "sib200.split_characters", kind: .characters),
        Spec(path: "sib200.term_to_category", kind: .pairs),
    ]

    static func of(_ family: RulesID.Family) -> [Spec] {
        switch family {
        case .strict: return strict
        case .refined: return refined
        }
    }

    /// Decodes one table. A `pairs` table is either a mapping (document
    /// order kept) or a list of two-element lists, the form the study used
    /// for its ordered paraphrase patterns.
    static func decode(_ value: OrderedJSON, kind: Kind, at place: String) throws -> ScorerTables.Entry {
        func text(_ v: OrderedJSON, _ what: String) throws -> String {
            guard case .string(let s) = v else { throw LadderError.badInput("\(place): \(what) must be a string, found \(v.kindName)") }
            return s
        }
        switch kind {
        case .list:
            guard case .array(let items) = value else { throw LadderError.badInput("\(place): expected a list of strings, found \(value.kindName)") }
            return .list(try items.enumerated().map { try text($1, "item \($0 + 1)") })
        case .characters:
            return .characters(try text(value, "the character set"))
        case .text:
            return .text(try text(value, "the value"))
        case .pairs:
            var pairs: [ScorerTables.Pair] = []
            switch value {
            case .object(let members):
                for m in members { pairs.append(.init(m.key, try text(m.value, "the value of '\(m.key)'"))) }
            case .array(let items):
                for (k, item) in items.enumerated() {
                    guard case .array(let two) = item, two.count == 2 else {
                        throw LadderError.badInput("\(place): item \(k + 1) must be a [key, value] pair")
                    }
                    pairs.append(.init(try text(two[0], "the key of item \(k + 1)"), try text(two[1], "the value of item \(k + 1)")))
                }
            default:
                throw LadderError.badInput("\(place): expected a mapping or a list of [key, value] pairs, found \(value.kindName)")
            }
            var seen: Set<[Unicode.Scalar]> = []
            for p in pairs where !seen.insert(Array(p.key.unicodeScalars)).inserted {
                throw LadderError.badInput("\(place): key '\(p.key)' appears twice")
            }
            return .pairs(pairs)
        }
    }

    /// `base` with `addition` merged in: list items and characters not yet
    /// present are appended in order; a pair whose key exists replaces its
    /// value in place, a new key is appended; a text value is replaced.
    static func merge(_ base: ScorerTables.Entry, _ addition: ScorerTables.Entry) -> ScorerTables.Entry {
        switch (base, addition) {
        case (.list(var items), .list(let more)):
            for m in more where !items.contains(where: { $0.unicodeScalars.elementsEqual(m.unicodeScalars) }) { items.append(m) }
            return .list(items)
        case (.pairs(var pairs), .pairs(let more)):
            for m in more {
                if let k = pairs.firstIndex(where: { $0.key.unicodeScalars.elementsEqual(m.key.unicodeScalars) }) {
                    pairs[k].value = m.value
                } else {
                    pairs.append(m)
                }
            }
            return .pairs(pairs)
        case (.characters(var chars), .characters(let more)):
            for c in more.unicodeScalars where !chars.unicodeScalars.contains(c) { chars.unicodeScalars.append(c) }
            return .characters(chars)
        default:
            return addition
        }
    }
}
