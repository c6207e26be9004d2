import Foundation
import LadderCore

/// Whether a decoder layer attends to every earlier position or to a sliding window
/// (transformers' `layer_types` words). Cohere2 applies rotary positions in
/// sliding layers only; full layers see no position signal but the causal mask.
public enum LayerType: String, Sendable, Equatable, CaseIterable {
    case sliding = "sliding_attention"
    case full = "full_attention"
}

/// The hyper-parameters of a Cohere2-layout decoder (tiny-aya-base's family),
/// read from and written to transformers' `config.json` keys.
public struct ModelConfig: Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var numKeyValueHeads: Int
    public var layerTypes: [LayerType]
    public var slidingWindow: Int
    public var ropeTheta: Double
    public var logitScale: Float
    public var layerNormEps: Float
    public var maxPositionEmbeddings: Int
    public var initializerRange: Float
    public var padTokenId: Int
    public var bosTokenId: Int
    public var eosTokenId: Int

    public init(vocabSize: Int, hiddenSize: Int, intermediateSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
                numKeyValueHeads: Int, layerTypes: [LayerType]? = nil, slidingWindow: Int = 64, ropeTheta: Double = 10000,
                logitScale: Float = 0.0625, layerNormEps: Float = 1e-5, maxPositionEmbeddings: Int = 2048,
                initializerRange: Float = 0.02, padTokenId: Int = 0, bosTokenId: Int = 1, eosTokenId: Int = 2) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        // transformers' default pattern: every fourth layer full, the others sliding.
        self.layerTypes = layerTypes ?? (0..<numHiddenLayers).map { ($0 + 1) % 4 == 0 ? .full : .sliding }
        self.slidingWindow = slidingWindow
        self.ropeTheta = ropeTheta
        self.logitScale = logitScale
        self.layerNormEps = layerNormEps
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.initializerRange = initializerRange
        self.padTokenId = padTokenId
        self.bosTokenId = bosTokenId
        self.eosTokenId = eosTokenId
    }

    public var headDim: Int { hiddenSize / numAttentionHeads }
    /// Query heads per key/value head.
    public var groups: Int { numAttentionHeads / numKeyValueHeads }
    public var queryWidth: Int { numAttentionHeads * headDim }
    public var keyValueWidth: Int { numKeyValueHeads * headDim }

    /// `[out, in]` of a projection's weight (PyTorch's Linear layout).
    public func shape(of p: Projection) -> (out: Int, in: Int) {
        switch p {
        case .q: return (queryWidth, hiddenSize)
        case .k, .v: return (keyValueWidth, hiddenSize)
        case .o: return (hiddenSize, queryWidth)
        case .gate, .up: return (intermediateSize, hiddenSize)
        case .down: return (hiddenSize, intermediateSize)
        }
    }

    /// Rejects shapes the model cannot have, with the key to fix.
    public func validate() throws {
        func need(_ ok: Bool, _ message: String) throws {
            if !ok { throw LadderError.badInput("model config: \(message)") }
        }
        try need(vocabSize > 0, "vocab_size must be positive")
        try need(hiddenSize > 0 && intermediateSize > 0 && numHiddenLayers > 0, "hidden_size, intermediate_size and num_hidden_layers must be positive")
        try need(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0,
                 "hidden_size (\(hiddenSize)) must be a multiple of num_attention_heads (\(numAttentionHeads))")
        try need(headDim % 2 == 0, "the head size hidden_size / num_attention_heads (\(headDim)) must be even for rotary positions")
        try need(numKeyValueHeads > 0 && numAttentionHeads % numKeyValueHeads == 0,
                 "num_attention_heads (\(numAttentionHeads)) must be a multiple of num_key_value_heads (\(numKeyValueHeads))")
        try need(layerTypes.count == numHiddenLayers, "layer_types has \(layerTypes.count) entries for \(numHiddenLayers) layers")
        try need(slidingWindow > 0, "sliding_window must be positive")
        try need(ropeTheta > 0 && logitScale.isFinite && layerNormEps > 0, "rope_theta and layer_norm_eps must be positive, logit_scale finite")
        for (name, id) in [("pad_token_id", padTokenId), ("bos_token_id", bosTokenId), ("eos_token_id", eosTokenId)] {
            try need(id >= 0 && id < vocabSize, "\(name) \(id) is outside the vocabulary of \(vocabSize)")
        }
    }

    /// `config.json` as transformers writes it for `Cohere2ForCausalLM` (sorted keys).
    /// `rope_theta` is written both flat (transformers 4) and in `rope_parameters` (5).
    public var json: Value {
        .object([
            "architectures": .array([.string("Cohere2ForCausalLM")]),
            "attention_bias": .bool(false),
            "attention_dropout": .double(0),
            "bos_token_id": .int(bosTokenId),
            "eos_token_id": .int(eosTokenId),
            "hidden_act": .string("silu"),
            "hidden_size": .int(hiddenSize),
            "initializer_range": .double(Double(initializerRange)),
            "intermediate_size": .int(intermediateSize),
            "layer_norm_eps": .double(Double(layerNormEps)),
            "layer_types": .array(layerTypes.map { .string($0.rawValue) }),
            "logit_scale": .double(Double(logitScale)),
            "max_position_embeddings": .int(maxPositionEmbeddings),
            "model_type": .string("cohere2"),
            "num_attention_heads": .int(numAttentionHeads),
            "num_hidden_layers": .int(numHiddenLayers),
            "num_key_value_heads": .int(numKeyValueHeads),
            "pad_token_id": .int(padTokenId),
            "rope_parameters": .object(["rope_theta": .double(ropeTheta), "rope_type": .string("default")]),
            "rope_theta": .double(ropeTheta),
            "sliding_window": .int(slidingWindow),
            "tie_word_embeddings": .bool(true),
            "torch_dtype": .string("float32"),
            "use_cache": .bool(true),
            "vocab_size": .int(vocabSize),
        ])
    }

    /// Reads a `config.json` value; only the Cohere2 layout is accepted.
    public init(json: Value, source: String = "config.json") throws {
        guard case .object(let o) = json else { throw LadderError.badInput("\(source): not a JSON object") }
        func int(_ k: String, _ d: Int? = nil) throws -> Int {
            if let v = o[k], v != .null {
                guard let i = v.intValue else { throw LadderError.badInput("\(source): `\(k)` must be a whole number") }
                return i
            }
            if let d { return d }
            throw LadderError.badInput("\(source): missing `\(k)`")
        }
        func double(_ k: String, _ d: Double) throws -> Double {
            guard let v = o[k], v != .null else { return d }
            guard let x = v.doubleValue else { throw LadderError.badInput("\(source): `\(k)` must be a number") }
            return x
        }
        let type = o["model_type"]?.stringValue ?? ""
        guard type == "cohere2" else {
            throw LadderError.badInput("\(source): model_type is '\(type)'; this engine reads cohere2 models (Cohere2ForCausalLM)")
        }
        if o["tie_word_embeddings"]?.boolValue == false {
            throw LadderError.badInput("\(source): tie_word_embeddings false is not supported (the layout ties the output head to the embeddings)")
        }
        if o["attention_bias"]?.boolValue == true { throw LadderError.badInput("\(source): attention_bias true is not supported") }
        if let act = o["hidden_act"]?.stringValue, act != "silu" { throw LadderError.badInput("\(source): hidden_act '\(act)' is not supported (silu)") }
        if o["use_qk_norm"]?.boolValue == true { throw LadderError.badInput("\(source): use_qk_norm true is not supported") }
        let layers = try int("num_hidden_layers")
        var types: [LayerType]?
        if let lt = o["layer_types"], lt != .null {
            guard let a = lt.arrayValue else { throw LadderError.badInput("\(source): `layer_types` must be a list") }
            types = try a.map { v in
                guard let s = v.stringValue, let t = LayerType(rawValue: s) else {
                    throw LadderError.badInput("\(source): layer type \(v.text) is neither sliding_attention nor full_attention")
                }
                return t
            }
        }
        let theta = try o["rope_parameters"]?["rope_theta"]?.doubleValue ?? double("rope_theta", 10000)
        if let rt = o["rope_parameters"]?["rope_type"]?.stringValue, rt != "default" {
            throw LadderError.badInput("\(source): rope_type '\(rt)' is not supported (default)")
        }
        self.init(vocabSize: try int("vocab_size"), hiddenSize: try int("hidden_size"), intermediateSize: try int("intermediate_size"),
                  numHiddenLayers: layers, numAttentionHeads: try int("num_attention_heads"),
                  numKeyValueHeads: try int("num_key_value_heads", try int("num_attention_heads")),
                  layerTypes: types, slidingWindow: try int("sliding_window", 4096), ropeTheta: theta,
                  logitScale: Float(try double("logit_scale", 0.0625)), layerNormEps: Float(try double("layer_norm_eps", 1e-5)),
                  maxPositionEmbeddings: try int("max_position_embeddings", 8192),
                  initializerRange: Float(try double("initializer_range", 0.02)),
                  padTokenId: try int("pad_token_id", 0), bosTokenId: try int("bos_token_id", 5), eosTokenId: try int("eos_token_id", 255001))
        try validate()
    }
}

/// The seven linear maps of a decoder layer, named as transformers names them, so
/// that a study's `target_modules` mean the same modules here.
public enum Projection: String, Sendable, CaseIterable, Comparable {
    case q = "q_proj", k = "k_proj", v = "v_proj", o = "o_proj"
    case gate = "gate_proj", up = "up_proj", down = "down_proj"

    /// `self_attn` or `mlp`: the module path between the layer and the projection.
    public var module: String {
        switch self {
        case .q, .k, .v, .o: return "self_attn"
        case .gate, .up, .down: return "mlp"
        }
    }

    public var index: Int { Projection.allCases.firstIndex(of: self)! }

    public static func < (a: Projection, b: Projection) -> Bool { a.index < b.index }
}
