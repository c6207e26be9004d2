import Foundation
import LadderCore
import LadderModel
import LadderTensor
import Testing

/// The KV-cache inference path against the training forward pass, generation and log-likelihoods.
struct InferenceTests {
    static func crossEntropy(_ logits: Matrix, _ tokens: [Int]) -> Double {
        var total = 0.0
        for t in 0..<(tokens.count - 1) { total -= Kernels.logProbability(logits, row: t, token: tokens[t + 1]) }
        return total
    }

    @Test func cachedLogitsAgreeWithTheTrainingForwardPass() {
        let config = TestModels.config(layerTypes: [.sliding, .full, .sliding])
        let model = TestModels.model(config)
        let tokens = TestModels.batch(config, sequences: 1, length: 11).tokens
        let viaCache = Self.crossEntropy(model.logits(tokens), tokens)
        let viaTraining = model.loss(TokenBatch(sequences: [tokens], pad: 0)).lossSum
        #expect(abs(viaCache - viaTraining) < 1e-4 * abs(viaTraining))
    }

    @Test func tokenByTokenDecodingEqualsOnePass() {
        let config = TestModels.config()
        let model = TestModels.model(config)
        let tokens = TestModels.batch(config, sequences: 1, length: 9).tokens
        let all = model.logits(tokens)
        var caches = [KVCache(config: config, capacity: 2)]
        var prefix = model.step([Array(tokens[0..<4])], caches: &caches, select: [(0, 3)])
        #expect(prefix.rows == 1)
        for c in 0..<config.vocabSize { #expect(abs(prefix[0, c] - all[3, c]) < 1e-5) }
        for t in 4..<tokens.count {
            prefix = model.step([[tokens[t]]], caches: &caches, select: [(0, 0)])
            for c in 0..<config.vocabSize { #expect(abs(prefix[0, c] - all[t, c]) < 1e-5) }
        }
    }

    @Test func mergedAdapterEqualsTheUnmergedForward() throws {
        let config = TestModels.config()
        let model = TestModels.model(config)
        let adapter = try TestModels.adapter(config)
        let batch = TestModels.batch(config, sequences: 1, length: 8)
        let unmerged = model.loss(batch, lora: adapter).lossSum
        let merged = Self.crossEntropy(model.merging(adapter).logits(batch.tokens), batch.tokens)
        #expect(abs(unmerged - merged) < 1e-4 * abs(unmerged))
        #expect(abs(unmerged - model.loss(batch).lossSum) > 1e-3, "the adapter changes the model")
    }

    @Test func batchedGreedyGenerationEqualsOneAtATime() throws {
        let config = TestModels.config(vocab: 40)
        let model = TestModels.model(config)
        let prompts = [[1, 5, 9], [1, 7], [1, 3, 4, 5, 6, 8, 9, 10], [1]]
        let batched = try model.generate(prompts: prompts, maxNewTokens: 6, batchSize: 3)
        for (i, p) in prompts.enumerated() {
            let single = try model.generate(prompts: [p], maxNewTokens: 6)[0]
            #expect(single == batched[i])
            #expect(single.tokens.count == 6 && !single.stopped)
            // Each token is the argmax of the full forward pass over prompt + what came before.
            let seq = p + single.tokens
            let logits = model.logits(seq)
            for (k, t) in single.tokens.enumerated() { #expect(Kernels.argmax(logits, row: p.count - 1 + k) == t) }
        }
        let first = batched[0].tokens[0]
        let stopped = try model.generate(prompts: [prompts[0]], maxNewTokens: 6, stopTokens: [first])[0]
        #expect(stopped == GenerationResult(tokens: [], stopped: true))
        #expect(throws: LadderError.self) { try model.generate(prompts: [[]], maxNewTokens: 2) }
        #expect(throws: LadderError.self) { try model.generate(prompts: [[99]], maxNewTokens: 2) }
    }

    @Test func logLikelihoodsSumTheContinuationsLogProbabilities() throws {
        let config = TestModels.config(vocab: 40)
        let model = TestModels.model(config)
        let context = [1, 12, 30, 4, 9]
        let continuations = [[7], [8, 9, 10], [20, 21]]
        let scores = try model.logLikelihoods(context: context, continuations: continuations)
        for (c, s) in zip(continuations, scores) {
            let full = context + c
            let logits = model.logits(full)
            var expected = 0.0, greedy = true
            for (k, t) in c.enumerated() {
                expected += Kernels.logProbability(logits, row: context.count - 1 + k, token: t)
                greedy = greedy && Kernels.argmax(logits, row: context.count - 1 + k) == t
            }
            #expect(abs(s.logLikelihood - expected) < 1e-4)
            #expect(s.tokenCount == c.count && s.isGreedy == greedy)
        }
        let greedyTokens = try model.generate(prompts: [context], maxNewTokens: 3)[0].tokens
        #expect(try model.logLikelihoods(context: context, continuations: [greedyTokens])[0].isGreedy)
        let batched = try model.logLikelihoods([(context, continuations), ([1, 2], [[3], [4, 5]])])
        // Batched products may sum in another order: equal to float precision, not bit for bit.
        for (x, y) in zip(batched[0], scores) { #expect(abs(x.logLikelihood - y.logLikelihood) < 1e-4 && x.isGreedy == y.isGreedy) }
    }
}
