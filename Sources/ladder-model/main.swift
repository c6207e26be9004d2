import Foundation
import LadderCore
import LadderModel
import LadderTensor

// ladder-model: small tools around LadderModel for cross-checks.
//
//   ladder-model fixture DIR   write a random Cohere2 base model, a random LoRA adapter, input ids,
//                              and this implementation's logits, greedy generations and token ids
//                              for scripts/verify_hf.py to compare with transformers + PEFT.
let usage = "usage: ladder-model fixture DIR"

/// Fixture weights by formula, so a machine without Swift rebuilds them bit for bit
/// (`verify_hf.py --rebuild`): element i of the k-th tensor (names sorted) of a file
/// with salt s is u = (mix(i, k + 1000·s) >> 8 − 2²³) / 2²³ ∈ [−1, 1), exact in Float32;
/// matrices hold u·scale (a power of two), LayerNorm weights 1 + u/8.
func formulaValue(_ i: Int, _ k: Int) -> Float {
    var h = UInt32(truncatingIfNeeded: i) &* 2_654_435_761 ^ UInt32(truncatingIfNeeded: k + 1) &* 2_246_822_519
    h ^= h >> 15
    h = h &* 2_246_822_519
    h ^= h >> 13
    return Float(Int32(h >> 8) - 8_388_608) / 8_388_608
}

func formulaTensors<Root>(_ root: inout Root, _ paths: [(name: String, path: WritableKeyPath<Root, Matrix>)], salt: Int,
                          scale: (String) -> Float) {
    for (k, (name, path)) in paths.sorted(by: { Value.byteOrder($0.name, $1.name) }).enumerated() {
        var m = root[keyPath: path]
        for i in 0..<m.count {
            let u = formulaValue(i, k + 1000 * salt)
            m.storage[i] = name.hasSuffix("norm.weight") ? 1 + u / 8 : u * scale(name)
        }
        root[keyPath: path] = m
    }
}

func fixture(_ dir: URL) throws {
    let config = ModelConfig(vocabSize: 512, hiddenSize: 128, intermediateSize: 256, numHiddenLayers: 4, numAttentionHeads: 4,
                             numKeyValueHeads: 2, layerTypes: [.sliding, .sliding, .sliding, .full], slidingWindow: 16,
                             ropeTheta: 10000, logitScale: 0.5, maxPositionEmbeddings: 512)
    var weights = ModelWeights(zerosFor: config)
    formulaTensors(&weights, weights.parameterPaths, salt: 1) { $0 == "model.embed_tokens.weight" ? 0.25 : 0.125 }
    let base = Transformer(config: config, weights: weights)
    let lora = try LoRASettings(r: 16, alpha: 32, dropout: 0, targets: Projection.allCases)
    var adapter = LoRAAdapter(zerosFor: config, settings: lora)
    formulaTensors(&adapter, adapter.parameterPaths, salt: 2) { $0.contains("lora_A") ? 0.125 : 0.0625 }

    let texts = [
        "The committee met on Tuesday; it's the third meeting this year.",
        "委员会周二召开会议，这是今年的第三次会议。",
        "El comité se reunió el martes; es la tercera reunión de este año.",
        "کمیٹی کا اجلاس منگل کو ہوا، یہ اس سال کا تیسرا اجلاس ہے۔",
        "def área(radio):\n    \"\"\"Devuelve el área.\"\"\"\n    return 3.14159 * radio ** 2\n\n\nprint(área(2))  # 12.56\n",
        "  indented\tline\n\n\nwith   runs of   spaces and a final newline\n",
    ]
    let tokenizer = try BPETrainer.train(texts: texts, vocabularySize: 320)

    let baseDir = dir.appendingPathComponent("base"), adapterDir = dir.appendingPathComponent("adapter")
    try base.save(to: baseDir)
    try tokenizer.save(to: baseDir)
    try FileManager.default.createDirectory(at: adapterDir, withIntermediateDirectories: true)
    try JSONWriter.write(adapter.peftConfig(baseModel: nil), to: adapterDir.appendingPathComponent("adapter_config.json"))
    try SafeTensors.write(adapter.tensors, to: adapterDir.appendingPathComponent("adapter_model.safetensors"))

    // Ids by formula as well: sequence s, position t.
    let sequences = (0..<2).map { s in [config.bosTokenId] + (1..<48).map { t in 3 + (t * 7919 + s * 104_729) % (config.vocabSize - 3) } }
    let adapted = base.merging(adapter)
    var tensors: [String: SafeTensors.Tensor] = [:]
    for (name, model) in [("base", base), ("adapted", adapted)] {
        let rows = sequences.map { model.logits($0) }
        tensors["logits_\(name)"] = SafeTensors.Tensor(shape: [sequences.count, sequences[0].count, config.vocabSize],
                                                       values: rows.flatMap(\.storage))
    }
    try SafeTensors.write(tensors, to: dir.appendingPathComponent("ours.safetensors"))
    let prompts = [Array(sequences[0].prefix(30)), Array(sequences[1].prefix(7))]
    let maxNew = 20
    let generated = try base.generate(prompts: prompts, maxNewTokens: maxNew, stopTokens: [config.eosTokenId])
    let generatedAdapted = try adapted.generate(prompts: prompts, maxNewTokens: maxNew, stopTokens: [config.eosTokenId])
    let inputs: Value = .object([
        "input_ids": .array(sequences.map { .array($0.map(Value.int)) }),
        "prompts": .array(prompts.map { .array($0.map(Value.int)) }),
        "max_new_tokens": .int(maxNew),
        "generated_base": .array(generated.map { .array($0.tokens.map(Value.int)) }),
        "generated_adapted": .array(generatedAdapted.map { .array($0.tokens.map(Value.int)) }),
        "texts": .array(texts.map(Value.string)),
        "text_ids": .array(texts.map { .array(tokenizer.encode($0).map(Value.int)) }),
    ])
    try JSONWriter.write(inputs, to: dir.appendingPathComponent("ours.json"))
    print("wrote \(dir.path): base model (\(base.weights.parameterCount) parameters), adapter, logits of \(sequences.count)×\(sequences[0].count) tokens, \(prompts.count) greedy generations, \(texts.count) tokenized texts")
}

let args = Array(CommandLine.arguments.dropFirst())
do {
    guard args.count == 2, args[0] == "fixture" else {
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
    try fixture(URL(fileURLWithPath: args[1]))
} catch {
    FileHandle.standardError.write(Data("ladder-model: \(error)\n".utf8))
    exit(2)
}
