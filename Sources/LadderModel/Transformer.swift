import Foundation
import LadderCore
import LadderTensor

/// A Cohere2-layout decoder: embeddings → layers → LayerNorm → tied head × `logit_scale`.
///
/// Each layer is `x + attention(LN(x)) + mlp(LN(x))` — attention and the SwiGLU MLP
/// read the same LayerNorm output in parallel (CohereDecoderLayer). Attention is
/// grouped-query (query head h reads key/value head h / (heads / kv_heads)),
/// scaled by 1/√head_dim; sliding layers rotate queries and keys (interleaved
/// pairs, CohereRotaryEmbedding) and see the last `sliding_window` positions,
/// full layers use no position encoding and see every earlier position. Facts
/// from transformers' `models/cohere/modeling_cohere.py` and
/// `models/cohere2/modular_cohere2.py` (Apache 2.0).
public struct Transformer: Sendable {
    public let config: ModelConfig
    public var weights: ModelWeights
    let rotary: RotaryTable

    public init(config: ModelConfig, weights: ModelWeights) {
        self.config = config
        self.weights = weights
        rotary = RotaryTable(headDim: config.headDim, theta: config.ropeTheta, positions: min(config.maxPositionEmbeddings, 8192))
    }

    /// A model with other weights and the same configuration (shares the rotary table).
    public func with(weights: ModelWeights) -> Transformer {
        var m = self
        m.weights = weights
        return m
    }

    /// The window of layer `l`, nil for a full-attention layer.
    func window(_ l: Int) -> Int? { config.layerTypes[l] == .sliding ? config.slidingWindow : nil }

    /// This model with `adapter` folded into its weights (`W + scaling · B A`), for inference.
    public func merging(_ adapter: LoRAAdapter) -> Transformer {
        var w = weights
        for l in 0..<config.numHiddenLayers {
            for p in adapter.settings.targets {
                BLAS.gemm(adapter.layers[l].b[p.index], adapter.layers[l].a[p.index], into: &w.layers[l].projections[p.index],
                          alpha: adapter.settings.scaling, beta: 1)
            }
        }
        return with(weights: w)
    }

    // MARK: Files

    /// Writes `config.json` and `model.safetensors` into `directory`.
    public func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try JSONWriter.write(config.json, to: directory.appendingPathComponent("config.json"))
        try SafeTensors.write(weights.tensors, to: directory.appendingPathComponent("model.safetensors"))
    }

    /// Reads `config.json` and `model.safetensors` from `directory`.
    public static func load(from directory: URL) throws -> Transformer {
        let configURL = directory.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configURL.path) else {
            throw LadderError.badInput("\(directory.path): no config.json; is this a model directory (the output of pretrain)?")
        }
        let json: Value
        do { json = try Value.parseJSON(data) } catch { throw LadderError.badInput("\(configURL.path): not JSON") }
        let config = try ModelConfig(json: json, source: configURL.path)
        let st = directory.appendingPathComponent("model.safetensors")
        let weights = try ModelWeights(config: config, tensors: try SafeTensors.read(st).tensors, source: st.path)
        return Transformer(config: config, weights: weights)
    }
}
