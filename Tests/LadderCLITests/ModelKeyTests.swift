import Foundation
import LadderCore
import LadderEngines
import LadderRun
import LadderStore
import Testing

/// docs/keys.md for the model engines: pretrain → lora-train (two seeds) over a
/// subset of Python files. A LoRA setting re-runs exactly the lora-train steps; the
/// pretraining text re-runs the base model and, its bytes changed, every adapter;
/// two fresh stores hold the same adapter bytes.
@Suite(.serialized)
struct ModelKeyTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-keys-\(UUID().uuidString)")

    func write() throws -> String {
        let corpus = dir.appendingPathComponent("corpus"), text = dir.appendingPathComponent("text")
        for d in [corpus, text] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        for i in 0..<6 {
            try "def f\(i)(x):\n    if x > \(i):\n        return x - \(i)\n    return None\n"
                .write(to: corpus.appendingPathComponent("m\(i).py"), atomically: true, encoding: .utf8)
        }
        try "The river rose after rain.\n\nEl río creció después de la lluvia.\n\n河水上涨了。\n\nدریا چڑھ گیا۔\n"
            .write(to: text.appendingPathComponent("sample.txt"), atomically: true, encoding: .utf8)
        let ladder = """
        ladder: model-keys
        axes: {seed: [1, 2]}
        sources: {code: {path: corpus}, text: {path: text}}
        engines:
          base: {use: pretrain, settings: {vocab_size: 280, hidden_size: 16, intermediate_size: 32, num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 1, sliding_window: 8, sliding_window_pattern: 2, max_seq_length: 24, epochs: 1, batch_size: 2}}
          lora: {use: lora-train, settings: {r: 4, lora_alpha: 8, max_seq_length: 32, epochs: 1, batch_size: 2}}
        steps:
          subset: {engine: subset, inputs: {corpus: source.code}, params: {size: 5, seed: 1, validation: 0.2, filters: {license: null, min_stars: null, lines: null, near_dedup: null}}}
          pretrain: {engine: base, inputs: {text: source.text}, params: {seed: 3}}
          train: {engine: lora, inputs: {data: subset, base: pretrain}, params: {seed: "${seed}"}}
        conditions:
          c: {cells: {seed: [1, 2]}, pipeline: [subset, pretrain, train]}
        """
        let path = dir.appendingPathComponent("model.yaml").path
        try ladder.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    func run(_ ladder: String, store: String = "runs") throws -> RunSummary {
        var o = RunOptions()
        o.store = dir.appendingPathComponent(store).path
        o.jobs = 2
        return try RunService(registry: .standard, progress: Progress(quiet: true)).run(ladderPath: ladder, options: o)
    }

    func executed(_ s: RunSummary) -> Set<String> { Set(s.steps.filter { $0.outcome == "executed" }.map(\.label)) }

    func adapters(_ store: String) throws -> [Data] {
        let objects = dir.appendingPathComponent(store)
        var out: [Data] = []
        guard let walker = FileManager.default.enumerator(atPath: objects.path) else { return [] }
        for case let path as String in walker where path.hasSuffix("adapter_model.safetensors") {
            out.append(try Data(contentsOf: objects.appendingPathComponent(path)))
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func loraSettingsRerunTheAdaptersAndTheTextRerunsTheBaseAndEveryAdapter() throws {
        let ladder = try write()
        let first = try run(ladder)
        #expect(first.failed == 0, "\(first.steps.map { "\($0.label) \($0.outcome)" })")
        #expect(executed(first).filter { $0.hasSuffix(".train") }.count == 2)
        #expect(executed(try run(ladder)).isEmpty)

        let text = try String(contentsOfFile: ladder, encoding: .utf8)
        try text.replacingOccurrences(of: "r: 4, lora_alpha: 8", with: "r: 2, lora_alpha: 8").write(toFile: ladder, atomically: true, encoding: .utf8)
        #expect(executed(try run(ladder)) == ["c[seed=1].train", "c[seed=2].train"])

        try "The river fell.\n".write(to: dir.appendingPathComponent("text/sample.txt"), atomically: true, encoding: .utf8)
        let third = executed(try run(ladder))
        #expect(third.filter { $0.hasSuffix(".train") }.count == 2 && third.contains { $0.hasSuffix(".pretrain") })
        #expect(!third.contains { $0.hasSuffix(".subset") })
    }

    @Test func twoFreshStoresHoldTheSameAdapterBytes() throws {
        let ladder = try write()
        #expect(try run(ladder, store: "a").failed == 0)
        #expect(try run(ladder, store: "b").failed == 0)
        let a = try adapters("a"), b = try adapters("b")
        #expect(!a.isEmpty && a == b)
    }
}
