import Foundation
import LadderCore
import LadderTensor

/// One decoder layer's parameters: its LayerNorm weight and the seven
/// projections, each `[out, in]` as PyTorch's Linear stores it.
public struct LayerWeights: Sendable, Equatable {
    /// 1 × hidden.
    public var inputLayerNorm: Matrix
    /// Indexed by `Projection.index`.
    public var projections: [Matrix]

    public subscript(p: Projection) -> Matrix {
        get { projections[p.index] }
        set { projections[p.index] = newValue }
    }
}

/// Every parameter of the model. The output head is tied to `embed`.
public struct ModelWeights: Sendable, Equatable {
    /// vocab × hidden.
    public var embed: Matrix
    public var layers: [LayerWeights]
    /// 1 × hidden: the final LayerNorm.
    public var norm: Matrix

    /// All zeros (a gradient buffer), shaped for `config`.
    public init(zerosFor config: ModelConfig) {
        embed = Matrix(rows: config.vocabSize, cols: config.hiddenSize)
        layers = (0..<config.numHiddenLayers).map { _ in
            LayerWeights(inputLayerNorm: Matrix(rows: 1, cols: config.hiddenSize),
                         projections: Projection.allCases.map { p in
                             let s = config.shape(of: p)
                             return Matrix(rows: s.out, cols: s.in)
                         })
        }
        norm = Matrix(rows: 1, cols: config.hiddenSize)
    }

    /// A fresh model as transformers initialises one: normal(0, initializer_range)
    /// matrices, LayerNorm weights 1; seeded.
    public static func initial(_ config: ModelConfig, seed: UInt64) -> ModelWeights {
        var w = ModelWeights(zerosFor: config)
        var rng = ModelRandom(seed: seed, stream: "init")
        let std = Double(config.initializerRange)
        for (_, path) in w.parameterPaths {
            if path == \ModelWeights.norm || w[keyPath: path].rows == 1 {
                w[keyPath: path] = Matrix(rows: 1, cols: w[keyPath: path].cols, repeating: 1)
            } else {
                // Filled as a local matrix: element writes through a key path may copy the array each time.
                var m = w[keyPath: path]
                for i in 0..<m.count { m.storage[i] = Float(rng.normal() * std) }
                w[keyPath: path] = m
            }
        }
        return w
    }

    /// transformers' tensor names and where each lives, in a fixed order.
    public var parameterPaths: [(name: String, path: WritableKeyPath<ModelWeights, Matrix>)] {
        var out: [(String, WritableKeyPath<ModelWeights, Matrix>)] = [("model.embed_tokens.weight", \.embed)]
        for l in layers.indices {
            out.append(("model.layers.\(l).input_layernorm.weight", \.layers[l].inputLayerNorm))
            for p in Projection.allCases {
                out.append(("model.layers.\(l).\(p.module).\(p.rawValue).weight", \.layers[l].projections[p.index]))
            }
        }
        out.append(("model.norm.weight", \.norm))
        return out
    }

    public var parameterCount: Int { parameterPaths.reduce(0) { $0 + self[keyPath: $1.path].count } }

    /// The tensors of `model.safetensors` (LayerNorm weights 1-d, matrices 2-d).
    public var tensors: [String: SafeTensors.Tensor] {
        var out: [String: SafeTensors.Tensor] = [:]
        for (name, path) in parameterPaths {
            let m = self[keyPath: path]
            out[name] = SafeTensors.Tensor(m, shape: name.hasSuffix("layernorm.weight") || name == "model.norm.weight" ? [m.cols] : m.shape)
        }
        return out
    }

    /// Reads the tensors of a `model.safetensors` for `config`; a missing tensor or a
    /// shape that disagrees with the config is an error naming both.
    public init(config: ModelConfig, tensors: [String: SafeTensors.Tensor], source: String) throws {
        self.init(zerosFor: config)
        var seen = Set<String>()
        for (name, path) in parameterPaths {
            guard let t = tensors[name] else { throw LadderError.badInput("\(source): missing tensor \(name)") }
            let want = self[keyPath: path]
            guard t.values.count == want.count, t.shape.reduce(1, *) == want.count,
                  t.shape.count == 1 ? want.rows == 1 : t.shape == want.shape else {
                throw LadderError.badInput("\(source): tensor \(name) has shape \(t.shape) but config.json implies \(want.rows == 1 ? [want.cols] : want.shape)")
            }
            self[keyPath: path] = Matrix(rows: want.rows, cols: want.cols, storage: t.values)
            seen.insert(name)
        }
        // A tied head may be saved as well; it must then equal the embeddings.
        if let head = tensors["lm_head.weight"], head.values != embed.storage {
            throw LadderError.badInput("\(source): lm_head.weight differs from model.embed_tokens.weight, but the layout ties them")
        }
        let extra = Set(tensors.keys).subtracting(seen).subtracting(["lm_head.weight"])
        if let first = extra.sorted().first {
            throw LadderError.badInput("\(source): unexpected tensor \(first) (\(extra.count) unknown); is this a Cohere2 model?")
        }
    }
}
