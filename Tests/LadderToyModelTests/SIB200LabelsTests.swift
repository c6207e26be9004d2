import Foundation
import Testing
@testable import LadderToyModel

@Suite struct SIB200LabelsTests {
    /// The forms chosen here because the refined table has none for them.
    static let ownForms: Set<String> = ["健康", "geografía", "جغرافیہ"]

    static let refinedTable = Fixtures.sharedScorers.appendingPathComponent("refined-v1.json")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: refinedTable.path),
                   "skipped: ../shared/data/scorers/refined-v1.json is absent"))
    func nativeFormsComeFromTheRefinedExtractorsTerms() throws {
        let url = Self.refinedTable
        let table = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let sib = try #require(table["sib200"] as? [String: Any])
        let terms = try #require(sib["term_to_category"] as? [String: String])
        for (lang, forms) in SIB200Labels.native {
            for (category, form) in forms where !Self.ownForms.contains(form) {
                // A compound form is read piece by piece, split on "/".
                let pieces = form.split(separator: "/").map(String.init)
                for piece in pieces {
                    #expect(terms[piece.lowercased()] == category, "\(lang) \(form): '\(piece)' is not a \(category) term")
                }
            }
            for form in forms.values where Self.ownForms.contains(form) {
                #expect(terms[form] == nil, "\(form) is in the table after all; take it off the own-forms list")
            }
        }
    }

    @Test func everyInstructionLanguageNamesEveryCategory() {
        for (lang, forms) in SIB200Labels.native {
            #expect(Set(forms.keys) == Set(SIB200Labels.categories), "\(lang)")
            #expect(Set(forms.values).count == 7, "\(lang) has two categories with one form")
        }
        #expect(SIB200Labels.candidates(instrLang: "en").count == 7)
        let ur = SIB200Labels.candidates(instrLang: "ur")
        #expect(ur.count == 14 && ur.prefix(7).map(\.text) == SIB200Labels.categories)
    }
}

@Suite struct SIB200FingerprintTests {
    @Test func theFingerprintFollowsTheSettingsThatChangeAnswers() throws {
        let dir = Fixtures.sib200
        let base = try SIB200Task(directory: dir).fingerprint
        #expect(base.count == 64)
        #expect(try SIB200Task(directory: dir).fingerprint == base)
        #expect(try SIB200Task(directory: dir.appendingPathComponent("elsewhere")).fingerprint == base)
        #expect(try SIB200Task(directory: dir, cacheWeight: 0.25).fingerprint != base)
        #expect(try SIB200Task(directory: dir, calibrated: false).fingerprint != base)
    }
}
