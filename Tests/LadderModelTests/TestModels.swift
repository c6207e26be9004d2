import Foundation
import LadderCore
import LadderModel
import LadderTensor

/// Tiny models and batches shared by the tests.
enum TestModels {
    /// Two layers, one of each type; grouped-query attention (4 heads, 2 key/value heads, head size 4);
    /// a window of 3 shorter than the sequences, so the sliding mask matters.
    static func config(layerTypes: [LayerType] = [.sliding, .full], vocab: Int = 23) -> ModelConfig {
        ModelConfig(vocabSize: vocab, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: layerTypes.count, numAttentionHeads: 4,
                    numKeyValueHeads: 2, layerTypes: layerTypes, slidingWindow: 3, ropeTheta: 100, logitScale: 0.7,
                    maxPositionEmbeddings: 64, initializerRange: 0.3)
    }

    /// Random weights large enough that every path carries gradient; LayerNorm weights near 1 but not 1.
    static func model(_ config: ModelConfig = config(), seed: UInt64 = 7) -> Transformer {
        var w = ModelWeights.initial(config, seed: seed)
        var rng = ModelRandom(seed: seed, stream: "test-ln")
        for (name, path) in w.parameterPaths where name.hasSuffix("norm.weight") {
            var m = w[keyPath: path]
            for i in 0..<m.count { m.storage[i] = 1 + 0.3 * Float(rng.normal()) }
            w[keyPath: path] = m
        }
        return Transformer(config: config, weights: w)
    }

    /// An adapter whose B is not zero, so both A and B receive gradient.
    static func adapter(_ config: ModelConfig, targets: [Projection] = Projection.allCases, r: Int = 2, dropout: Double = 0,
                        seed: UInt64 = 3) throws -> LoRAAdapter {
        let settings = try LoRASettings(r: r, alpha: 3, dropout: dropout, targets: targets)
        var a = LoRAAdapter.initial(config, settings: settings, seed: seed)
        var rng = ModelRandom(seed: seed, stream: "test-b")
        for (name, path) in a.parameterPaths where name.contains("lora_B") {
            var m = a[keyPath: path]
            for i in 0..<m.count { m.storage[i] = 0.3 * Float(rng.normal()) }
            a[keyPath: path] = m
        }
        return a
    }

    static func batch(_ config: ModelConfig, sequences: Int = 2, length: Int = 7, seed: UInt64 = 11) -> TokenBatch {
        var rng = ModelRandom(seed: seed)
        let seqs = (0..<sequences).map { _ in (0..<length).map { _ in 3 + rng.below(config.vocabSize - 3) } }
        return TokenBatch(sequences: seqs, pad: config.padTokenId)
    }

    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-model-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
