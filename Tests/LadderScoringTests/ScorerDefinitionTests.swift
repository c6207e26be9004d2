import Foundation
import LadderCore
import Testing
@testable import LadderScoring

/// Data-driven scorer versions: declarations, merging, fingerprints, registry errors.
@Suite struct ScorerDefinitionTests {
    func doc(_ json: String) throws -> OrderedJSON {
        try OrderedJSON.parse(Data(json.utf8), origin: "ladder.yaml")
    }

    @Test func builtInTablesKeepTheStudysOrder() throws {
        let refined = try #require(try ScorerDefinition.builtIns().first { $0.name == "refined-v1" })
        guard case .pairs(let natives)? = refined.tables["xnli.native_labels"],
              case .pairs(let paraphrases)? = refined.tables["xnli.tier3_paraphrases"],
              case .pairs(let terms)? = refined.tables["sib200.term_to_category"] else {
            Issue.record("refined-v1 lacks its tables")
            return
        }
        #expect(natives.map(\.key).prefix(4) == ["蕴含", "蕴涵", "矛盾", "中立"])
        #expect(paraphrases.first?.key == "没有.{0,8}关系" && paraphrases.last?.key == "等同|等价")
        #expect(terms.count == 62 && terms.first?.key == "science/technology" && terms.last?.key == "تكنولوجيا")
        #expect(refined.rules == RulesID(.refined, version: 1))
    }

    @Test func aDerivedScorerAddsSurfaceFormsWithoutSwiftChanges() throws {
        var registry = try ScorerRegistry()
        let v1 = try registry.scorer(named: "refined-v1")
        #expect(v1.extract("ciencias", benchmark: .sib200).pred == nil)
        try registry.declare(doc("""
            {"extends": "refined-v1", "add": {"sib200": {"term_to_category": {"ciencias": "science/technology", "sport": "health"}},
                                              "xnli": {"tier3_paraphrases": [["毫无关联", "neutral"]]}}}
            """), name: "refined-v2", origin: "ladder.yaml")
        let v2 = try registry.scorer(named: "refined-v2")
        #expect(v2.extract("Ciencias", benchmark: .sib200) == Extraction(pred: "science/technology", via: "term"))
        #expect(v2.extract("毫无关联", benchmark: .xnli).pred == "neutral")
        // An existing key keeps its place and takes the new value.
        guard case .pairs(let terms)? = v2.definition.tables["sib200.term_to_category"] else { Issue.record("no terms"); return }
        #expect(terms[6] == .init("sport", "health"))
        #expect(terms.last == .init("ciencias", "science/technology"))
        #expect(v2.fingerprint != v1.fingerprint)
        #expect(registry.names == ["strict-v1", "refined-v1", "refined-v2"])
    }

    @Test func fingerprintDependsOnRulesAndTablesAndOrderButNotOnTheName() throws {
        let refined = try #require(try ScorerDefinition.builtIns().first { $0.name == "refined-v1" })
        let fp = try refined.fingerprint()
        #expect(fp.count == 64)
        #expect(try refined.fingerprint() == fp)
        var renamed = refined
        renamed.name = "another-name"
        #expect(try renamed.fingerprint() == fp)
        var bumped = refined
        bumped.rules = RulesID(.refined, version: 2)
        #expect(try bumped.fingerprint() != fp)
        let extended = try refined.extended(as: "x", adding: doc(#"{"xnli": {"tier2_negations": ["不是"]}}"#), origin: "t")
        #expect(try extended.fingerprint() != fp)
        // Same entries in another order is another scorer: "first match" changes.
        guard case .list(let labels)? = refined.tables["xnli.labels"],
              let k = refined.tables.entries.firstIndex(where: { $0.path == "xnli.labels" }) else { Issue.record("no labels"); return }
        var entries = refined.tables.entries
        entries[k].entry = .list([labels[1], labels[0], labels[2]])
        let reordered = ScorerDefinition(name: "s", rules: refined.rules, tables: ScorerTables(entries: entries))
        #expect(reordered.tables != refined.tables)
        #expect(try reordered.fingerprint() != fp)
    }

    @Test func fingerprintOfTheBuiltInsIsPinned() throws {
        // Changing a built-in table or the rules encoding must be a deliberate
        // act: update these together with the README's provenance notes.
        let registry = try ScorerRegistry()
        let strict = try registry.scorer(named: "strict-v1").fingerprint
        let refined = try registry.scorer(named: "refined-v1").fingerprint
        #expect(strict != refined)
        let canonical = try #require(try ScorerDefinition.builtIns().first).canonicalEncoding(unicodeTableHash: "U")
        #expect(canonical.hasPrefix("ladder-scorer-fingerprint 1\nrules.family 6:strict\nrules.version 1:1\nunicode 1:U\npairs 15:multiple_choice\n"))
    }

    @Test func unknownScorerNameListsTheKnownOnes() throws {
        let registry = try ScorerRegistry()
        #expect(throws: LadderError.badInput("unknown scorer 'refined-v9' (known: strict-v1, refined-v1)")) {
            _ = try registry.scorer(named: "refined-v9")
        }
    }

    @Test(arguments: [
        (#"{"extends": "refined-v1", "add": {"sib200": {"terms": {"a": "b"}}}}"#, "unknown table sib200.terms"),
        (#"{"extends": "nope"}"#, "unknown scorer 'nope'"),
        (#"{"extends": "refined-v1", "rules": "strict"}"#, "'rules' comes from the extended scorer"),
        (#"{"extends": "refined-v1", "sib200": {}}"#, "put added entries under 'add'"),
        (#"{"rules": "refined"}"#, "table multiple_choice is missing"),
        (#"{"rules": "fuzzy"}"#, "'rules' must name a rule family (strict, refined)"),
        (#"{"extends": "refined-v1", "add": {"xnli": {"tier3_paraphrases": [["(?=x)", "neutral"]]}}}"#, "tier3_paraphrases item 9: regular expression"),
        (#"{"extends": "refined-v1", "add": {"xnli": {"labels": "entailment"}}}"#, "expected a list of strings"),
        (#"{"extends": "strict-v1", "add": {"sib200": {"aliases": [["a", "b"], ["a", "c"]]}}}"#, "key 'a' appears twice"),
        (#"{"extends": "refined-v1", "add": {"movies": {}}}"#, "unknown section 'movies'"),
    ])
    func badDeclarationsAreClearErrors(json: String, message: String) throws {
        var registry = try ScorerRegistry()
        #expect {
            try registry.declare(doc(json), name: "refined-v2", origin: "ladder.yaml")
        } throws: { error in
            "\(error)".contains(message)
        }
        #expect(registry.names == ["strict-v1", "refined-v1"])
    }

    @Test func aNameCannotBeDeclaredTwice() throws {
        var registry = try ScorerRegistry()
        #expect(throws: LadderError.self) {
            try registry.declare(doc(#"{"extends": "strict-v1"}"#), name: "refined-v1", origin: "ladder.yaml")
        }
    }
}
