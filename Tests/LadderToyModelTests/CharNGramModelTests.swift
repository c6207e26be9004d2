import Foundation
import LadderCore
import Testing
@testable import LadderToyModel

@Suite struct CharNGramModelTests {
    static let smoothings: [NGramSmoothing] = [.wittenBell, .standardDiscounting, .absoluteDiscounting(0.3)]

    @Test(arguments: smoothings)
    func nextCharacterProbabilitiesSumToOneInEveryContext(smoothing: NGramSmoothing) throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts, order: 4, smoothing: smoothing, seed: 7)
        let alphabet = Set(model.alphabet)
        for context in ["", "de", "def add(", "    return", "zzq unseen 政治", "\n"] {
            let total = Fixtures.totalProbability(alphabet: alphabet, representative: "☃") {
                model.probability(of: $0, given: context)
            }
            #expect(abs(total - 1) < 1e-9, "context \(context.debugDescription) sums to \(total)")
        }
    }

    @Test func seenContinuationsAreLikelierThanUnseenOnes() throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 1)
        #expect(model.logProb(of: "turn", given: "    re") > model.logProb(of: "qzxv", given: "    re"))
        #expect(model.probability(of: "e", given: "    r") > model.probability(of: "k", given: "    r"))
        // An unseen scalar gets its even share of the unknown class, never zero.
        #expect(model.probability(of: "政", given: "x") > 0)
    }

    @Test func logProbOfAStringIsTheSumOverItsCharacters() throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 3)
        let whole = model.logProb(of: "self.x", given: "        ")
        var parts = 0.0
        var context = "        "
        for ch in "self.x" {
            parts += model.logProb(of: String(ch), given: context)
            context.append(ch)
        }
        #expect(abs(whole - parts) < 1e-9)
    }

    @Test func anUntrainedModelIsUniformOverTheOpenAlphabet() throws {
        let model = try CharNGramModel(order: 3)
        let expected = -log(Double(CharNGramModel.openAlphabetSize))
        #expect(abs(model.logProb(of: "a", given: "") - expected) < 1e-9)
    }

    @Test func trainingTwiceWithTheSameSeedGivesTheSameBytes() throws {
        let a = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 42, maxChars: 120)
        let b = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 42, maxChars: 120)
        #expect(a.serialized() == b.serialized())
    }

    @Test func theSeedDecidesWhatFitsTheBudget() throws {
        let models = try (0..<8).map { try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: UInt64($0), maxChars: 120) }
        for model in models { #expect(model.training.charactersUsed == 120) }
        let distinct = Set(models.map { $0.logProb(of: "return value", given: "    ") })
        #expect(distinct.count > 1, "eight seeds all learnt the same model")
    }

    @Test func withoutABudgetTheSeedChangesNothingButTheRecord() throws {
        let a = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 1)
        let b = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 2)
        #expect(a.training.charactersUsed == Fixtures.pythonTexts.reduce(0) { $0 + $1.unicodeScalars.count })
        #expect(a.logProb(of: "import os", given: "") == b.logProb(of: "import os", given: ""))
        #expect(a.serialized() != b.serialized())
    }

    @Test func serializationRoundTripsByteIdentically() throws {
        let model = try CharNGramModel.trained(on: Fixtures.pythonTexts + ["# 注释 ☃ ۔\n"], order: 5,
                                               smoothing: .standardDiscounting, seed: 9, maxChars: 300)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.bin")
        try model.write(to: url)
        let back = try CharNGramModel(contentsOf: url)
        #expect(back.serialized() == (try Data(contentsOf: url)))
        #expect(back.order == 5 && back.smoothing == .standardDiscounting && back.training == model.training)
        #expect(back.gramCount == model.gramCount && back.alphabet == model.alphabet)
        for (text, context) in [("self", "        "), ("注释", "# "), ("☃", "")] {
            #expect(back.logProb(of: text, given: context) == model.logProb(of: text, given: context))
        }
    }

    @Test func aDamagedModelFileIsRejectedWithItsName() throws {
        var bytes = [UInt8](try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 5).serialized())
        bytes[bytes.count / 2] ^= 0x01
        #expect {
            try CharNGramModel(serialized: Data(bytes), origin: "runs/x/model.bin")
        } throws: { error in
            (error as? LadderError).map { $0.exitCode == 2 && $0.description.contains("runs/x/model.bin") } ?? false
        }
        #expect(throws: LadderError.self) { try CharNGramModel(serialized: Data("not a model".utf8), origin: "x") }
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: LadderError.self) { try CharNGramModel(order: 0) }
        #expect(throws: LadderError.self) { try CharNGramModel(order: CharNGramModel.maximumOrder + 1) }
        #expect(throws: LadderError.self) { try CharNGramModel(order: 3, smoothing: .absoluteDiscounting(1.5)) }
        #expect(throws: LadderError.self) { try CharNGramModel.trained(on: ["abc"], seed: 1, maxChars: 0) }
    }

    @Test func smoothingNamesReadBack() {
        for s in Self.smoothings { #expect(NGramSmoothing(name: s.name) == s) }
        #expect(NGramSmoothing(name: "absolute-discounting") == .standardDiscounting)
        #expect(NGramSmoothing(name: "kneser-ney") == nil)
        #expect(NGramSmoothing(name: "absolute-discounting:2") == nil)
    }
}
