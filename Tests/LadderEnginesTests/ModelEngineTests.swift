import Foundation
import LadderCore
import LadderEngines
import LadderModel
import LadderSpec
import Testing

/// `pretrain` and `lora-train` called the way the runner calls them, at toy size.
struct ModelEngineTests {
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("model-engines-\(UUID().uuidString)")

    static let text = [
        "en.txt": "The river rose after three days of rain.\n\nFarmers moved their animals to higher ground, and the school closed early.\n\nBy Friday the water had gone down and the roads opened again.",
        "es.txt": "El río creció después de tres días de lluvia.\n\nLos agricultores llevaron sus animales a terrenos más altos y la escuela cerró temprano.",
        "zh.txt": "连续下了三天雨以后，河水上涨了。\n\n农民把牲畜赶到高处，学校也提前放学了。",
        "ur.txt": "تین دن کی بارش کے بعد دریا چڑھ گیا۔\n\nکسانوں نے اپنے جانور اونچی جگہ پر پہنچا دیے اور اسکول جلدی بند ہو گیا۔",
    ]

    static let tinyModel: [String: Value] = [
        "vocab_size": .int(300), "hidden_size": .int(16), "intermediate_size": .int(32), "num_hidden_layers": .int(2),
        "num_attention_heads": .int(2), "num_key_value_heads": .int(1), "sliding_window": .int(8), "sliding_window_pattern": .int(2),
        "max_seq_length": .int(32), "epochs": .int(3), "batch_size": .int(4), "learning_rate": .double(1e-2), "heldout_fraction": .double(0.2),
        "seed": .int(1),
    ]

    static let loraParams: [String: Value] = [
        "r": .int(4), "lora_alpha": .int(8), "lora_dropout": .double(0.05), "max_seq_length": .int(48), "epochs": .int(3),
        "batch_size": .int(2), "gradient_accumulation_steps": .int(2), "learning_rate": .double(2e-2), "warmup_ratio": .double(0.1),
        "seed": .int(1),
    ]

    func request(_ engine: String, params: [String: Value], inputs: [String: EngineInput]) throws -> EngineRequest {
        let out = tmp.appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        return EngineRequest(step: "k", planKey: "p", engine: engine, params: params, inputs: inputs, outputDir: out.path,
                             scratchDir: tmp.path, stateDir: tmp.path, resultPath: tmp.appendingPathComponent("r.json").path,
                             seed: nil, resources: Resources())
    }

    func input(_ url: URL) -> EngineInput { EngineInput(kind: "step", paths: [url.path], hashes: [""]) }

    func textDirectory() throws -> URL {
        let dir = tmp.appendingPathComponent("text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, t) in Self.text { try t.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// A dataset directory: (path, content, split).
    func dataset(_ files: [(String, String, String)]) throws -> URL {
        let dir = tmp.appendingPathComponent("ds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rows: [[String: Value]] = []
        for (path, content, split) in files {
            let (filename, sha) = try DatasetDirectory.writeFile(Array(content.utf8), into: dir)
            rows.append(["file_path": .string(path), "filename": .string(filename), "sha256": .string(sha), "split": .string(split)])
        }
        try DatasetDirectory.writeManifest(rows, into: dir)
        return dir
    }

    static func pythonFiles(_ n: Int, split: String = "train", offset: Int = 0) -> [(String, String, String)] {
        (0..<n).map { i in
            let k = i + offset
            return ("pkg/m\(k).py", "def f\(k)(x):\n    \"\"\"Return x plus \(k).\"\"\"\n    if x is None:\n        return \(k)\n    return x + \(k)\n\n\nfor i in range(\(k)):\n    print(f\(k)(i))\n", split)
        }
    }

    func pretrained() throws -> URL {
        let req = try request("pretrain", params: Self.tinyModel, inputs: ["text": input(try textDirectory())])
        _ = try PretrainEngine().run(req, context: EngineContext(logURL: nil))
        return URL(fileURLWithPath: req.outputDir)
    }

    func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) { out[name] = try Data(contentsOf: dir.appendingPathComponent(name)) }
        return out
    }

    @Test func pretrainWritesALoadableModelDirectoryAndItsLossFalls() throws {
        let req = try request("pretrain", params: Self.tinyModel, inputs: ["text": input(try textDirectory())])
        let result = try PretrainEngine().run(req, context: EngineContext(logURL: nil))
        let out = URL(fileURLWithPath: req.outputDir)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) ==
                ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json", "training_metrics.json"])
        let model = try Transformer.load(from: out)
        #expect(model.config.layerTypes == [.sliding, .full])
        let tokenizer = try BPETokenizer.load(from: out)
        #expect(model.config.vocabSize == tokenizer.vocabularySize)
        let metrics = try Value.parseJSON(Data(contentsOf: out.appendingPathComponent("training_metrics.json")))
        let held = try #require(metrics["held_out_loss"]?.arrayValue?.compactMap { $0["loss"]?.doubleValue })
        #expect(held.count == 2 && held[1] < held[0], "\(held)")
        let text = String(decoding: try Data(contentsOf: out.appendingPathComponent("training_metrics.json")), as: UTF8.self)
        #expect(!text.contains("seconds") && !text.contains("gflop"))
        #expect(result.metrics["train_seconds"] != nil && result.metrics["train_gflops_per_second"] != nil)
        let again = try request("pretrain", params: Self.tinyModel, inputs: ["text": input(try textDirectory())])
        _ = try PretrainEngine().run(again, context: EngineContext(logURL: nil))
        #expect(try files(out) == files(URL(fileURLWithPath: again.outputDir)))
    }

    @Test func loraTrainIsDeterministicForASeedAndItsHeldOutLossFalls() throws {
        let base = try pretrained()
        let data = try dataset(Self.pythonFiles(10) + Self.pythonFiles(3, split: "validation", offset: 50))
        func run(_ seed: Int) throws -> (URL, EngineResult) {
            var params = Self.loraParams
            params["seed"] = .int(seed)
            let req = try request("lora-train", params: params, inputs: ["data": input(data), "base": input(base)])
            let result = try LoRATrainEngine().run(req, context: EngineContext(logURL: nil))
            return (URL(fileURLWithPath: req.outputDir), result)
        }
        let (a, result) = try run(1)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: a.path)) == ["adapter_config.json", "adapter_model.safetensors", "training_metrics.json"])
        let before = try #require(result.metrics["held_out_loss_before"]?.doubleValue)
        let after = try #require(result.metrics["held_out_loss"]?.doubleValue)
        #expect(after < before, "held-out loss \(before) → \(after)")
        #expect(result.items.filter { $0.status == "ok" }.count == 13)
        let (b, _) = try run(1)
        #expect(try files(a) == files(b))
        let (c, _) = try run(2)
        #expect(try files(a)["adapter_model.safetensors"] != files(c)["adapter_model.safetensors"])

        let config = try Value.parseJSON(Data(contentsOf: a.appendingPathComponent("adapter_config.json")))
        #expect(config["peft_type"] == .string("LORA") && config["task_type"] == .string("CAUSAL_LM") && config["r"] == .int(4))
        #expect(config["lora_alpha"] == .int(8) && config["bias"] == .string("none"))
        let (entries, metadata, _) = try SafeTensors.header([UInt8](Data(contentsOf: a.appendingPathComponent("adapter_model.safetensors"))), source: "a")
        #expect(metadata == ["format": "pt"] && entries.count == 2 * 7 * 2)
        #expect(entries["base_model.model.model.layers.1.mlp.down_proj.lora_A.weight"]?.shape == [4, 32])
        #expect(entries["base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight"]?.shape == [8, 4])
        // The adapter loads back onto its base.
        let model = try Transformer.load(from: base)
        let st = try SafeTensors.read(a.appendingPathComponent("adapter_model.safetensors"))
        let adapter = try LoRAAdapter(config: model.config, settings: try LoRAAdapter.settings(fromPEFTConfig: config, source: "c"),
                                      tensors: st.tensors, source: "a")
        #expect(adapter.settings.targets.count == 7)
    }

    @Test func withoutPackingTruncationIsReportedPerFile() throws {
        let base = try pretrained()
        let data = try dataset(Self.pythonFiles(4) + [("big.py", String(repeating: "x = [1, 2, 3]\n", count: 40), "train")])
        var params = Self.loraParams
        params["packing"] = .bool(false)
        params["max_seq_length"] = .int(40)
        params["epochs"] = .int(1)
        let req = try request("lora-train", params: params, inputs: ["data": input(data), "base": input(base)])
        let result = try LoRATrainEngine().run(req, context: EngineContext(logURL: nil))
        let metrics = try Value.parseJSON(Data(contentsOf: URL(fileURLWithPath: req.outputDir).appendingPathComponent("training_metrics.json")))
        let truncated = try #require(metrics["truncated_files"]?.arrayValue)
        #expect(truncated.contains { $0["file_path"] == .string("big.py") })
        let dropped = try #require(metrics["dropped_tokens"]?.intValue)
        #expect(dropped > 0 && result.metrics["dropped_tokens"] == .int(dropped))
        #expect(metrics["held_out_source"] == .string("heldout_fraction of the training sequences"))
        let item = try #require(result.items.first { $0.id == "big.py" })
        #expect(item.extra?["dropped"]?.intValue ?? 0 > 0)
    }

    func expectBadInput(_ fragment: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing '\(fragment)'")
        } catch let e as LadderError {
            #expect(e.description.contains(fragment), "\(e.description)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func badParametersAreRefusedAtPlanTime() {
        let engine = LoRATrainEngine()
        expectBadInput("r must be at least 1") { try engine.check(params: ["r": .int(0)]) }
        expectBadInput("'qkv_proj' is not a module of this model; it has q_proj, k_proj") {
            try engine.check(params: ["target_modules": .array([.string("q_proj"), .string("qkv_proj")])])
        }
        expectBadInput("lora_dropout") { try engine.check(params: ["lora_dropout": .double(1.5)]) }
        expectBadInput("lr_scheduler_type 'step'") { try engine.check(params: ["lr_scheduler_type": .string("step")]) }
        expectBadInput("learning_rate must be positive") { try engine.check(params: ["learning_rate": .double(0)]) }
        expectBadInput("max_seq_length") { try engine.check(params: ["max_seq_length": .int(1)]) }
        expectBadInput("multiple of num_attention_heads") { try PretrainEngine().check(params: ["hidden_size": .int(30), "num_attention_heads": .int(4)]) }
        expectBadInput("vocab_size") { try PretrainEngine().check(params: ["vocab_size": .int(10)]) }
        #expect(engine.parameters.contains { $0.name == "target_modules" && $0.allowed?.count == 7 })
    }

    @Test func emptyDataNaNLossesAndBrokenBaseModelsAreClearErrors() throws {
        let base = try pretrained()
        let engine = LoRATrainEngine()
        func run(_ data: URL, _ base: URL, _ params: [String: Value] = ModelEngineTests.loraParams) throws {
            _ = try engine.run(try request("lora-train", params: params, inputs: ["data": input(data), "base": input(base)]),
                               context: EngineContext(logURL: nil))
        }
        expectBadInput("no non-empty train files") { try run(try dataset([]), base) }
        expectBadInput("no non-empty train files") { try run(try dataset([("a.py", "", "train"), ("b.py", "x = 1\n", "validation")]), base) }
        let data = try dataset(Self.pythonFiles(4))

        // A base model whose weights hold a NaN: the loss is NaN at the first step.
        let nanBase = tmp.appendingPathComponent("nan-base")
        try FileManager.default.copyItem(at: base, to: nanBase)
        let weightsURL = nanBase.appendingPathComponent("model.safetensors")
        var tensors = try SafeTensors.read(weightsURL).tensors
        tensors["model.layers.0.mlp.up_proj.weight"]!.values[0] = .nan
        try FileManager.default.removeItem(at: weightsURL)
        try SafeTensors.write(tensors, to: weightsURL)
        expectBadInput("NaN at step 1 of") {
            do { try run(data, nanBase) } catch let e as LadderError { throw LadderError.badInput(e.description) }
        }

        // A truncated model.safetensors.
        let cut = tmp.appendingPathComponent("cut-base")
        try FileManager.default.copyItem(at: base, to: cut)
        let st = cut.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: st)
        try FileManager.default.removeItem(at: st)
        try bytes.prefix(bytes.count - 100).write(to: st)
        expectBadInput("truncated") { try run(data, cut) }

        // A directory that is not a model.
        expectBadInput("no config.json") { try run(data, data) }
    }

    static let pythonHasSafetensors: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import safetensors.numpy"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: ModelEngineTests.pythonHasSafetensors, "needs python3 with the safetensors package"))
    func pythonSafetensorsReadsTheAdapter() throws {
        let base = try pretrained()
        let data = try dataset(Self.pythonFiles(4))
        var params = Self.loraParams
        params["epochs"] = .int(1)
        params["target_modules"] = .array([.string("q_proj"), .string("v_proj"), .string("down_proj")])
        let req = try request("lora-train", params: params, inputs: ["data": input(data), "base": input(base)])
        _ = try LoRATrainEngine().run(req, context: EngineContext(logURL: nil))
        let path = URL(fileURLWithPath: req.outputDir).appendingPathComponent("adapter_model.safetensors").path
        let script = """
        import json, sys
        from safetensors import safe_open
        with safe_open(sys.argv[1], framework="numpy") as f:
            print(json.dumps({"metadata": f.metadata(), "tensors": {k: [list(f.get_tensor(k).shape), str(f.get_tensor(k).dtype)] for k in f.keys()}}))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let json = try Value.parseJSON(out)
        #expect(json["metadata"] == .object(["format": .string("pt")]))
        let tensors = try #require(json["tensors"]?.objectValue)
        #expect(tensors.count == 2 * 3 * 2)
        #expect(tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"] == .array([.array([.int(4), .int(16)]), .string("float32")]))
        #expect(tensors["base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"] == .array([.array([.int(16), .int(4)]), .string("float32")]))
    }
}
