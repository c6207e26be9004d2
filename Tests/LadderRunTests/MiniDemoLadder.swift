import Foundation
import LadderCore
import LadderStore

/// The demo ladder (`ladders/demo.yaml`) at test size, with every built-in
/// engine of its pipeline: subset → transpile → ngram-train → ngram-eval →
/// reparse (two scorers) → analysis against the untrained baseline. The corpus
/// is generated Python (no local standard library needed); the benchmark is the
/// repository's SIB-200 sample in `ladders/demo-data/`.
enum MiniDemoLadder {
    static let trainLabel = "condition-2[lang=ur,tier=s,seed=1].train"

    static var benchmarks: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ladders/demo-data").path + "/"
    }

    static var yaml: String {
        """
        ladder: mini
        phase: demo
        base_model: {id: char-ngram-3, name: ngram}
        axes:
          lang: [en, ur]
          tier: {s: 24}
          seed: [1, 2]
        sources:
          corpus:     {path: corpus.jsonl}
          benchmarks: {path: "\(benchmarks)"}
        engines:
          subset:    {use: subset}
          transpile: {use: transpile}
          train:     {use: ngram-train, settings: {order: 3, max_chars: 8000}}
          eval:      {use: ngram-eval, settings: {limit: 4, cache_weight: 0.5}}
          reparse:   {use: reparse}
          analysis:  {use: analysis}
        steps:
          subset:
            engine: subset
            inputs: {corpus: source.corpus}
            params: {size: "${tier.value}", seed: 42, algorithm: cpython-random-sample, validation: 0.1,
                     filters: {license: null, min_stars: null}}
          transpile: {engine: transpile, inputs: {files: previous}, params: {lang: "${lang}"}}
          train: {engine: train, inputs: {data: previous}, params: {seed: "${seed}"}}
          eval:
            engine: eval
            inputs: {model: train, benchmarks: source.benchmarks}
            params: {benchmarks: [sib200], templates: [template1, template2], data_langs: [en, ur], instr_langs: [en, "${lang}"]}
          reparse:
            engine: reparse
            for_each: {scorer: [strict-v1, refined-v1]}
            inputs: {results: eval}
            params: {scorer: "${scorer}"}
          analysis:
            engine: analysis
            inputs: {scored: all.reparse}
            params: {baseline: baseline, noise_floor: 0.01, significance: {test: mcnemar, correction: holm}, bootstrap: {resamples: 50}}
        naming:
          name: "${condition}-${lang}-${tier}"
        conditions:
          baseline:
            name: baseline
            pipeline:
              - eval: {inputs: {model: null}, params: {instr_langs: [en, ur]}}
              - reparse
          condition-1:
            cells: {lang: [en], tier: {s: {seed: [1, 2]}}}
            pipeline: [subset, train, eval, reparse]
          condition-2:
            cells: {lang: [ur], tier: {s: {seed: [1, 2]}}}
            pipeline: [subset, transpile, train, eval, reparse]
          analysis:
            pipeline: [analysis]
        paths:
          adapter: {of: train, path: "${base_model.name}/${name}-seed${seed}"}
          analysis: {of: analysis, path: "demo/analysis"}

        """
    }

    /// A fresh directory holding the ladder and its generated corpus.
    static func create() throws -> TestLadder {
        let t = try TestLadder()
        try t.write("l.yaml", yaml)
        try t.write("corpus.jsonl", corpus(files: 40))
        return t
    }

    /// JSON Lines of `files` distinct Python modules, each with functions,
    /// a class, loops, branches, exceptions, strings and comments, so that
    /// every filter (near-dedup included) keeps them and the transpiler has
    /// keywords to translate.
    static func corpus(files: Int) -> String {
        var out = ""
        for i in 0..<files {
            let content = module(i)
            let row: Value = .object(["path": .string("pkg\(i % 5)/module_\(i).py"), "content": .string(content),
                                      "license": .string("MIT"), "repo": .string("example/repo\(i % 3)")])
            out += row.canonicalJSON + "\n"
        }
        return out
    }

    static func module(_ i: Int) -> String {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]
        let a = words[i % words.count], b = words[(i * 7 + 3) % words.count], c = words[(i * 5 + 1) % words.count]
        var s = "\"\"\"Module \(i): helpers for \(a) and \(b).\"\"\"\n\nimport os\nimport sys\n\n"
        s += "LIMIT_\(i) = \(i * 13 + 7)\n\n\n"
        s += "def \(a)_\(i)(items, factor=\(i % 4 + 1)):\n"
        s += "    # scale every \(c) item that passes the limit\n"
        s += "    result = []\n    for item in items:\n        if item is None:\n            continue\n"
        s += "        elif item > LIMIT_\(i):\n            result.append(item * factor)\n"
        s += "        else:\n            result.append(item - \(i))\n    return result\n\n\n"
        s += "class \(b.capitalized)\(i):\n    \"\"\"A \(c) counter.\"\"\"\n\n"
        s += "    def __init__(self, name=\"\(c)-\(i)\"):\n        self.name = name\n        self.count = \(i % 9)\n\n"
        s += "    def step(self, n):\n        while n > 0 and self.count < LIMIT_\(i):\n            self.count += n\n            n -= 1\n"
        s += "        return self.count\n\n"
        s += "    def read(self, path):\n        try:\n            with open(path) as handle:\n                return handle.read()\n"
        s += "        except OSError as error:\n            raise ValueError(f\"cannot read {path}: {error}\") from error\n"
        s += "        finally:\n            self.count -= 1\n\n\n"
        if i % 2 == 0 {
            s += "def \(c)_pairs_\(i)(values):\n    return {k: v for k, v in zip(values, values[1:]) if k != v}\n\n\n"
        } else {
            s += "def \(c)_filter_\(i)(values):\n    return [v for v in values if not isinstance(v, str) or v.startswith(\"\(a)\")]\n\n\n"
        }
        if i % 3 == 0 {
            s += "async def fetch_\(b)_\(i)(client):\n    async with client as session:\n        return await session.get(\"/\(a)/\(i)\")\n\n\n"
        }
        s += "if __name__ == \"__main__\":\n    print(\(a)_\(i)([\(i), \(i + 1), None, \(i * 3)]), file=sys.stderr)\n"
        return s
    }

    /// The first file whose bytes differ between two stored output trees, as
    /// `relative/path: why`, or nil when both trees are byte for byte the same.
    static func firstDifference(_ a: URL, _ b: URL, under prefix: String = "") -> String? {
        let fm = FileManager.default
        let namesA = ((try? fm.contentsOfDirectory(atPath: a.path)) ?? []).sorted()
        let namesB = ((try? fm.contentsOfDirectory(atPath: b.path)) ?? []).sorted()
        if namesA != namesB {
            let only = Set(namesA).symmetricDifference(namesB).sorted()
            return "\(prefix)\(only.first ?? ""): in only one of the two trees"
        }
        for name in namesA {
            let pa = a.appendingPathComponent(name), pb = b.appendingPathComponent(name)
            var dirA: ObjCBool = false, dirB: ObjCBool = false
            _ = fm.fileExists(atPath: pa.path, isDirectory: &dirA)
            _ = fm.fileExists(atPath: pb.path, isDirectory: &dirB)
            if dirA.boolValue != dirB.boolValue { return "\(prefix)\(name): a directory in one tree only" }
            if dirA.boolValue {
                if let d = firstDifference(pa, pb, under: "\(prefix)\(name)/") { return d }
            } else if fm.contents(atPath: pa.path) != fm.contents(atPath: pb.path) {
                return "\(prefix)\(name): the bytes differ"
            }
        }
        return nil
    }
}
