import Foundation
import LadderCore
import LadderModel
import LadderTensor
import Testing

struct TrainingTests {
    /// Sequences with structure a model can learn: counting runs modulo the vocabulary.
    static func corpus(_ n: Int, length: Int, vocab: Int, seed: UInt64) -> [[Int]] {
        var rng = ModelRandom(seed: seed)
        return (0..<n).map { _ in
            let start = 3 + rng.below(vocab - 3), step = 1 + rng.below(2)
            return [1] + (0..<(length - 1)).map { 3 + (start - 3 + $0 * step) % (vocab - 3) }
        }
    }

    static func settings(seed: UInt64 = 5, epochs: Int = 3, lr: Double = 1e-2) -> TrainingSettings {
        TrainingSettings(epochs: epochs, batchSize: 4, gradientAccumulationSteps: 2,
                         optimizer: OptimizerSettings(learningRate: lr, weightDecay: 0.01, warmupRatio: 0.1, schedule: .cosine, maxGradNorm: 1),
                         seed: seed, evalSteps: 3)
    }

    @Test func loraHeldOutLossFallsAndTheSameSeedGivesTheSameBytes() throws {
        let config = TestModels.config(vocab: 30)
        let base = TestModels.model(config)
        let train = Self.corpus(24, length: 10, vocab: 30, seed: 1), held = Self.corpus(6, length: 10, vocab: 30, seed: 2)
        let lora = try LoRASettings(r: 4, alpha: 8, dropout: 0.1, targets: Projection.allCases)
        func run(_ seed: UInt64) throws -> (LoRAAdapter, TrainingReport) {
            try Training.trainLoRA(base: base, adapter: .initial(config, settings: lora, seed: seed), train: train, heldOut: held,
                                   settings: Self.settings(seed: seed))
        }
        let (a, report) = try run(5)
        #expect(report.heldOut.count >= 3)
        #expect(report.heldOut.last!.loss < report.heldOut.first!.loss - 0.3, "\(report.heldOut)")
        #expect(report.steps.count == Training.optimizerSteps(sequences: 24, settings: Self.settings()))
        #expect(report.flops > 0 && report.tokensSeen == 3 * 24 * 10)
        let (b, again) = try run(5)
        #expect(SafeTensors.encode(a.tensors) == SafeTensors.encode(b.tensors))
        #expect(report.json == again.json)
        let (c, _) = try run(6)
        #expect(SafeTensors.encode(a.tensors) != SafeTensors.encode(c.tensors))
    }

    @Test func pretrainingLowersTheLossOfEveryWeight() throws {
        let config = TestModels.config(vocab: 30)
        let model = Transformer(config: config, weights: .initial(config, seed: 1))
        let train = Self.corpus(16, length: 12, vocab: 30, seed: 3), held = Self.corpus(4, length: 12, vocab: 30, seed: 4)
        let (trained, report) = try Training.pretrain(model, train: train, heldOut: held, settings: Self.settings(epochs: 4, lr: 2e-2))
        #expect(report.heldOut.last!.loss < report.heldOut.first!.loss - 0.5, "\(report.heldOut)")
        #expect(trained.weights != model.weights)
    }

    @Test func aNaNLossStopsWithTheStepNumber() throws {
        let config = TestModels.config(vocab: 30)
        var base = TestModels.model(config)
        base.weights.layers[1].projections[Projection.down.index].storage[3] = .nan
        let lora = try LoRASettings(r: 2, alpha: 4, dropout: 0, targets: [.q])
        do {
            _ = try Training.trainLoRA(base: base, adapter: .initial(config, settings: lora, seed: 1),
                                       train: Self.corpus(8, length: 6, vocab: 30, seed: 1), heldOut: [], settings: Self.settings())
            Issue.record("training with a NaN loss finished")
        } catch let e as LadderError {
            #expect(e.description.contains("NaN at step 1 of"), "\(e)")
        }
    }

    @Test func scheduleWarmsUpThenDecays() {
        let o = OptimizerSettings(learningRate: 1, warmupRatio: 0.1, schedule: .cosine)
        #expect(o.warmupSteps(total: 95) == 10)
        #expect(o.learningRate(step: 0, total: 100) == 0)
        #expect(abs(o.learningRate(step: 5, total: 100) - 0.5) < 1e-12)
        #expect(o.learningRate(step: 10, total: 100) == 1)
        #expect(abs(o.learningRate(step: 55, total: 100) - 0.5) < 1e-12)
        #expect(o.learningRate(step: 100, total: 100) < 1e-12)
        var linear = o
        linear.schedule = .linear
        #expect(abs(linear.learningRate(step: 55, total: 100) - 0.5) < 1e-12)
        var constant = o
        constant.schedule = .constant
        #expect(constant.learningRate(step: 90, total: 100) == 1)
    }

    @Test func adamWMatchesTheTorchUpdate() {
        // One step from zero moments: p ← p·(1 − lr·wd) − lr·ĝ/(|ĝ| + eps), ĝ = g after bias correction.
        var p = Matrix(rows: 1, cols: 2, storage: [1, -2])
        let g = Matrix(rows: 1, cols: 2, storage: [0.5, -0.25])
        var m = Matrix(rows: 1, cols: 2), v = m
        Kernels.adamW(&p, gradient: g, m: &m, v: &v, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, step: 1)
        #expect(abs(p[0, 0] - (1 * (1 - 0.001) - 0.1)) < 1e-6)
        #expect(abs(p[0, 1] - (-2 * (1 - 0.001) + 0.1)) < 1e-6)
    }

    @Test func packingAndTruncationAreReportedPerDocument() {
        let docs: [(id: String, tokens: [Int])] = [("a.py", Array(repeating: 5, count: 10)), ("b.py", [6, 7]), ("c.py", Array(repeating: 8, count: 3))]
        let packed = PackedSequences(documents: docs, maxLength: 6, packing: true, bos: 1, eos: 2)
        #expect(packed.sequences.map(\.count) == [6, 6, 6, 3])
        #expect(packed.tokens == 12 + 4 + 5 && packed.droppedTokens == 0)
        let cut = PackedSequences(documents: docs, maxLength: 6, packing: false, bos: 1, eos: 2)
        #expect(cut.sequences.map(\.count) == [6, 4, 5])
        #expect(cut.truncatedDocuments.map(\.id) == ["a.py"] && cut.droppedTokens == 6)
    }
}
