import Foundation
import LadderCore
import LadderModel
import LadderTensor
import Testing

/// The safetensors writer and reader, against the adapter PEFT itself wrote
/// (`../shared/data/peft-reference`).
struct SafeTensorsTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/peft-reference")
    static let referencePresent = FileManager.default.fileExists(atPath: reference.appendingPathComponent("adapter_config.json").path)

    /// The tiny Cohere2ForCausalLM the reference adapter was made for (its README).
    static let referenceConfig = ModelConfig(vocabSize: 512, hiddenSize: 128, intermediateSize: 256, numHiddenLayers: 4,
                                             numAttentionHeads: 4, numKeyValueHeads: 2, layerTypes: [.sliding, .sliding, .sliding, .full],
                                             slidingWindow: 64, maxPositionEmbeddings: 512)

    static func referenceBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: reference.appendingPathComponent("adapter_model.safetensors")))
    }

    static func headerBytes(_ b: [UInt8]) -> [UInt8] {
        var n = 0
        for i in 0..<8 { n |= Int(b[i]) << (8 * i) }
        return Array(b[0..<(8 + n)])
    }

    @Test(.enabled(if: referencePresent, "../shared/data/peft-reference is absent"))
    func adapterHeaderIsByteForByteThePEFTReferenceHeader() throws {
        let settings = try LoRASettings(r: 16, alpha: 32, dropout: 0, targets: Projection.allCases)
        let ours = SafeTensors.encode(LoRAAdapter.initial(Self.referenceConfig, settings: settings, seed: 1).tensors)
        let ref = try Self.referenceBytes()
        #expect(Self.headerBytes(ours) == Self.headerBytes(ref))
        #expect(ours.count == ref.count)
        let (entries, metadata, _) = try SafeTensors.header(ours, source: "ours")
        #expect(metadata == ["format": "pt"])
        #expect(entries.count == 56)
        #expect(entries["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"]?.shape == [16, 128])
        #expect(entries["base_model.model.model.layers.3.mlp.down_proj.lora_B.weight"]?.shape == [128, 16])
        #expect(entries["base_model.model.model.layers.2.self_attn.k_proj.lora_B.weight"]?.shape == [64, 16])
        #expect(entries.values.allSatisfy { $0.dtype == "F32" })
    }

    @Test(.enabled(if: referencePresent, "../shared/data/peft-reference is absent"))
    func thePEFTReferenceAdapterLoadsOntoItsBaseAndNotOntoAnother() throws {
        let (tensors, _) = try SafeTensors.decode(try Self.referenceBytes(), source: "reference")
        let config = try Value.parseJSON(Data(contentsOf: Self.reference.appendingPathComponent("adapter_config.json")))
        let settings = try LoRAAdapter.settings(fromPEFTConfig: config, source: "adapter_config.json")
        #expect(settings.r == 16 && settings.alpha == 32 && settings.targets == Projection.allCases)
        let adapter = try LoRAAdapter(config: Self.referenceConfig, settings: settings, tensors: tensors, source: "reference")
        #expect(adapter.parameterCount == 131_072)
        var other = Self.referenceConfig
        other.intermediateSize = 512
        do {
            _ = try LoRAAdapter(config: other, settings: settings, tensors: tensors, source: "reference")
            Issue.record("an adapter for another base model loaded")
        } catch let e as LadderError {
            #expect(e.description.contains("another base model"), "\(e)")
            #expect(e.description.contains("[16, 256]") || e.description.contains("[256, 16]"), "\(e)")
        }
    }

    @Test(.enabled(if: referencePresent, "../shared/data/peft-reference is absent"))
    func adapterConfigHasThePEFTReferenceKeys() throws {
        let ref = try Value.parseJSON(Data(contentsOf: Self.reference.appendingPathComponent("adapter_config.json")))
        let settings = try LoRASettings(r: 16, alpha: 32, dropout: 0, targets: Projection.allCases)
        let ours = LoRAAdapter(zerosFor: Self.referenceConfig, settings: settings).peftConfig(baseModel: nil)
        #expect(Set(ours.objectValue!.keys) == Set(ref.objectValue!.keys))
        for (k, v) in ref.objectValue! where k != "target_modules" {
            #expect(ours[k] == v || (ours[k]?.doubleValue != nil && ours[k]?.doubleValue == v.doubleValue), "\(k): \(ours[k]!.canonicalJSON) vs \(v.canonicalJSON)")
        }
        #expect(Set(ours["target_modules"]!.arrayValue!) == Set(ref["target_modules"]!.arrayValue!))
    }

    @Test func modelRoundTripsThroughConfigAndSafetensors() throws {
        let model = TestModels.model()
        let dir = TestModels.temporaryDirectory("model")
        try model.save(to: dir)
        let back = try Transformer.load(from: dir)
        #expect(back.config == model.config)
        #expect(back.weights == model.weights)
        let config = try Value.parseJSON(Data(contentsOf: dir.appendingPathComponent("config.json")))
        #expect(config["model_type"]?.stringValue == "cohere2")
        #expect(config["architectures"] == .array([.string("Cohere2ForCausalLM")]))
        #expect(config["layer_types"] == .array([.string("sliding_attention"), .string("full_attention")]))
        #expect(config["tie_word_embeddings"] == .bool(true))
        let (entries, _, _) = try SafeTensors.header([UInt8](Data(contentsOf: dir.appendingPathComponent("model.safetensors"))), source: "m")
        #expect(entries["model.embed_tokens.weight"]?.shape == [23, 16])
        #expect(entries["model.layers.1.self_attn.k_proj.weight"]?.shape == [8, 16])
        #expect(entries["model.layers.0.mlp.gate_proj.weight"]?.shape == [24, 16])
        #expect(entries["model.layers.0.input_layernorm.weight"]?.shape == [16])
        #expect(entries["model.norm.weight"]?.shape == [16])
        #expect(entries["lm_head.weight"] == nil)
    }

    static func error(_ bytes: [UInt8]) -> String? {
        do { _ = try SafeTensors.decode(bytes, source: "f.safetensors"); return nil } catch { return "\(error)" }
    }

    @Test func truncatedOrCorruptFilesAreClearErrors() throws {
        let good = SafeTensors.encode(TestModels.model().weights.tensors)
        #expect(Self.error(good) == nil)
        #expect(Self.error(Array(good.prefix(5)))?.contains("truncated") == true)
        #expect(Self.error(Array(good.prefix(100)))?.contains("truncated") == true)
        let cut = Self.error(Array(good.dropLast(17)))
        #expect(cut?.contains("truncated") == true, "\(cut ?? "")")
        #expect(Self.error(good + [0, 0, 0, 0])?.contains("bytes after the last tensor") == true)
        var garbage = good
        for i in 8..<40 { garbage[i] = 0x7B }
        #expect(Self.error(garbage)?.contains("not a JSON object") == true)
        var huge = good
        huge[7] = 0x40
        #expect(Self.error(huge)?.contains("implausible") == true)
        let dir = TestModels.temporaryDirectory("cut")
        try TestModels.model().save(to: dir)
        try Data(good.prefix(good.count / 2)).write(to: dir.appendingPathComponent("model.safetensors"))
        #expect(throws: LadderError.self) { try Transformer.load(from: dir) }
    }

    @Test func modelWeightsOfTheWrongShapeAreRefused() throws {
        let model = TestModels.model()
        var config = model.config
        config.intermediateSize = 32
        #expect(throws: LadderError.self) { try ModelWeights(config: config, tensors: model.weights.tensors, source: "m") }
        var missing = model.weights.tensors
        missing["model.norm.weight"] = nil
        #expect(throws: LadderError.self) { try ModelWeights(config: model.config, tensors: missing, source: "m") }
    }
}
