import Foundation
import LadderCore
import LadderTensor

/// LoRA's settings as PEFT names them (`r`, `lora_alpha`, `lora_dropout`,
/// `target_modules`); `scaling = lora_alpha / r` (PEFT without rsLoRA).
public struct LoRASettings: Sendable, Equatable {
    public var r: Int
    public var alpha: Double
    public var dropout: Double
    /// Sorted by the layer's order (q, k, v, o, gate, up, down).
    public var targets: [Projection]

    public init(r: Int, alpha: Double, dropout: Double, targets: [Projection]) throws {
        guard r > 0 else { throw LadderError.badInput("lora: r must be at least 1 (got \(r))") }
        guard alpha.isFinite, alpha > 0 else { throw LadderError.badInput("lora: lora_alpha must be a positive number (got \(alpha))") }
        guard dropout >= 0, dropout < 1 else { throw LadderError.badInput("lora: lora_dropout must be in [0, 1) (got \(dropout))") }
        guard !targets.isEmpty else { throw LadderError.badInput("lora: target_modules is empty") }
        self.r = r
        self.alpha = alpha
        self.dropout = dropout
        self.targets = Array(Set(targets)).sorted()
    }

    /// Reads module names, refusing one the model lacks with the names it has.
    public static func projections(named names: [String]) throws -> [Projection] {
        try names.map { n in
            guard let p = Projection(rawValue: n) else {
                let known = Projection.allCases.map(\.rawValue).joined(separator: ", ")
                throw LadderError.badInput("lora: target module '\(n)' is not a module of this model; it has \(known)")
            }
            return p
        }
    }

    public var scaling: Float { Float(alpha / Double(r)) }
}

/// The A and B matrices of one layer, indexed by `Projection.index`; projections
/// that are not targets hold empty 0 × 0 matrices.
public struct LoRALayer: Sendable, Equatable {
    /// `[r, in]` per target.
    public var a: [Matrix]
    /// `[out, r]` per target.
    public var b: [Matrix]
}

/// A LoRA adapter for one base model: `W x + scaling · B A x` on every target.
public struct LoRAAdapter: Sendable, Equatable {
    public var settings: LoRASettings
    public var layers: [LoRALayer]

    /// Zeros, shaped for `config` (a gradient buffer).
    public init(zerosFor config: ModelConfig, settings: LoRASettings) {
        self.settings = settings
        layers = (0..<config.numHiddenLayers).map { _ in
            var a = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: Projection.allCases.count)
            var b = a
            for p in settings.targets {
                let s = config.shape(of: p)
                a[p.index] = Matrix(rows: settings.r, cols: s.in)
                b[p.index] = Matrix(rows: s.out, cols: settings.r)
            }
            return LoRALayer(a: a, b: b)
        }
    }

    /// PEFT's initialisation: A from kaiming-uniform with a = √5 (uniform in
    /// ±1/√in), B zero, so the adapted model starts equal to the base. Seeded.
    public static func initial(_ config: ModelConfig, settings: LoRASettings, seed: UInt64) -> LoRAAdapter {
        var adapter = LoRAAdapter(zerosFor: config, settings: settings)
        var rng = ModelRandom(seed: seed, stream: "lora-init")
        for (name, path) in adapter.parameterPaths where name.contains("lora_A") {
            let bound = 1 / Float(adapter[keyPath: path].cols).squareRoot()
            var m = adapter[keyPath: path]
            for i in 0..<m.count { m.storage[i] = (2 * rng.unit() - 1) * bound }
            adapter[keyPath: path] = m
        }
        return adapter
    }

    public func targets(_ p: Projection) -> Bool { settings.targets.contains(p) }

    /// PEFT's tensor names (`base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight`) and paths.
    public var parameterPaths: [(name: String, path: WritableKeyPath<LoRAAdapter, Matrix>)] {
        var out: [(String, WritableKeyPath<LoRAAdapter, Matrix>)] = []
        for l in layers.indices {
            for p in settings.targets {
                let prefix = "base_model.model.model.layers.\(l).\(p.module).\(p.rawValue)"
                out.append(("\(prefix).lora_A.weight", \.layers[l].a[p.index]))
                out.append(("\(prefix).lora_B.weight", \.layers[l].b[p.index]))
            }
        }
        return out
    }

    public var parameterCount: Int { parameterPaths.reduce(0) { $0 + self[keyPath: $1.path].count } }

    /// The tensors of `adapter_model.safetensors`.
    public var tensors: [String: SafeTensors.Tensor] {
        var out: [String: SafeTensors.Tensor] = [:]
        for (name, path) in parameterPaths { out[name] = SafeTensors.Tensor(self[keyPath: path]) }
        return out
    }

    /// Reads adapter tensors for a base model of `config`. A tensor whose shape does
    /// not fit the base model (an adapter trained for another base) is an error.
    public init(config: ModelConfig, settings: LoRASettings, tensors: [String: SafeTensors.Tensor], source: String) throws {
        self.init(zerosFor: config, settings: settings)
        var seen = Set<String>()
        for (name, path) in parameterPaths {
            guard let t = tensors[name] else {
                throw LadderError.badInput("\(source): missing tensor \(name) (adapter_config.json names \(settings.targets.map(\.rawValue).joined(separator: ", ")) in \(config.numHiddenLayers) layers)")
            }
            let want = self[keyPath: path]
            guard t.shape == want.shape else {
                throw LadderError.badInput("\(source): tensor \(name) has shape \(t.shape) but the base model needs \(want.shape): the adapter was trained for another base model")
            }
            self[keyPath: path] = Matrix(rows: want.rows, cols: want.cols, storage: t.values)
            seen.insert(name)
        }
        let extra = Set(tensors.keys).subtracting(seen)
        if let first = extra.sorted().first {
            throw LadderError.badInput("\(source): tensor \(first) does not fit the base model (\(extra.count) such): the adapter was trained for another base model")
        }
    }

    /// `adapter_config.json` with the keys PEFT 0.21 writes for a LoRA adapter
    /// (see ../shared/data/peft-reference), `target_modules` sorted.
    public func peftConfig(baseModel: String?) -> Value {
        .object([
            "alora_invocation_tokens": .null, "alpha_pattern": .object([:]), "arrow_config": .null, "auto_mapping": .null,
            "base_model_name_or_path": baseModel.map(Value.string) ?? .null,
            "bias": .string("none"), "corda_config": .null, "ensure_weight_tying": .bool(false), "eva_config": .null,
            "exclude_modules": .null, "fan_in_fan_out": .bool(false), "inference_mode": .bool(true), "init_lora_weights": .bool(true),
            "kasa_config": .null, "layer_replication": .null, "layers_pattern": .null, "layers_to_transform": .null,
            "loftq_config": .object([:]),
            "lora_alpha": settings.alpha == settings.alpha.rounded() ? .int(Int(settings.alpha)) : .double(settings.alpha),
            "lora_bias": .bool(false), "lora_dropout": .double(settings.dropout), "lora_ga_config": .null,
            "megatron_config": .null, "megatron_core": .string("megatron.core"), "modules_to_save": .null,
            "monteclora_config": .null, "peft_type": .string("LORA"), "peft_version": .string("0.21.0"),
            "qalora_group_size": .int(16), "r": .int(settings.r), "rank_pattern": .object([:]), "revision": .null,
            "target_modules": .array(settings.targets.map(\.rawValue).sorted().map(Value.string)),
            "target_parameters": .null, "task_type": .string("CAUSAL_LM"), "trainable_token_indices": .null,
            "use_bdlora": .null, "use_dora": .bool(false), "use_qalora": .bool(false), "use_rslora": .bool(false),
            "velora_config": .null,
        ])
    }

    /// Reads the settings of a PEFT `adapter_config.json`; adapters this code cannot
    /// apply (not LoRA, DoRA, rsLoRA, per-module ranks, biases) are refused.
    public static func settings(fromPEFTConfig json: Value, source: String) throws -> LoRASettings {
        guard case .object(let o) = json else { throw LadderError.badInput("\(source): not a JSON object") }
        guard o["peft_type"]?.stringValue == "LORA" else { throw LadderError.badInput("\(source): peft_type is not LORA") }
        for flag in ["use_dora", "use_rslora", "fan_in_fan_out", "lora_bias"] where o[flag]?.boolValue == true {
            throw LadderError.badInput("\(source): \(flag) true is not supported")
        }
        if let b = o["bias"]?.stringValue, b != "none" { throw LadderError.badInput("\(source): bias '\(b)' is not supported") }
        for k in ["rank_pattern", "alpha_pattern"] where !(o[k]?.objectValue?.isEmpty ?? true) {
            throw LadderError.badInput("\(source): \(k) is not supported")
        }
        guard let r = o["r"]?.intValue, let alpha = o["lora_alpha"]?.doubleValue else {
            throw LadderError.badInput("\(source): needs r and lora_alpha")
        }
        let names: [String]
        if let s = o["target_modules"]?.stringValue { names = [s] } else {
            names = o["target_modules"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return try LoRASettings(r: r, alpha: alpha, dropout: o["lora_dropout"]?.doubleValue ?? 0,
                                targets: try LoRASettings.projections(named: names))
    }
}
