import Foundation
import LadderCore
import Testing
@testable import LadderToyModel

@Suite struct PromptScorerTests {
    let model: CharNGramModel

    init() throws {
        model = try CharNGramModel.trained(on: Fixtures.pythonTexts, seed: 11)
    }

    @Test(arguments: [0.0, 0.3, 1.0])
    func theMixWithThePromptCacheIsStillADistribution(weight: Double) throws {
        for prompt in ["主题：政治、体育\n答案：", "def add(a, b):\n    ret", "x"] {
            let scorer = try model.scorer(for: prompt, cacheWeight: weight)
            let alphabet = Set(model.alphabet).union(scorer.promptAlphabet)
            let total = Fixtures.totalProbability(alphabet: alphabet, representative: "☃") { scorer.probability(of: $0) }
            #expect(abs(total - 1) < 1e-9, "prompt \(prompt.debugDescription), weight \(weight): \(total)")
        }
    }

    @Test func withoutTheCacheTheScorerIsTheModel() throws {
        let prompt = "class Point:\n    def "
        let scorer = try model.scorer(for: prompt)
        for text in ["__init__", "政治", "\n"] {
            #expect(scorer.logProb(of: text) == model.logProb(of: text, given: prompt))
        }
    }

    @Test func theCacheFavoursWhatThePromptSays() throws {
        // Neither word was in training, so the model alone cannot tell them apart.
        let prompt = "这篇文章讲的是政治。主题："
        let plain = try model.scorer(for: prompt)
        #expect(plain.logProb(of: "政治") == plain.logProb(of: "体育"))
        let cached = try model.scorer(for: prompt, cacheWeight: 0.5)
        #expect(cached.logProb(of: "政治") > cached.logProb(of: "体育"))
        #expect(cached.logProb(of: "政治") > plain.logProb(of: "政治"))
    }

    @Test func meanLogProbDividesByTheLength() throws {
        let scorer = try model.scorer(for: "import ", cacheWeight: 0.2)
        #expect(abs(scorer.meanLogProb(of: "os\n") - scorer.logProb(of: "os\n") / 3) < 1e-12)
        #expect(scorer.meanLogProb(of: "") == -.infinity)
        #expect(throws: LadderError.self) { try model.scorer(for: "x", cacheWeight: 1.5) }
    }
}
