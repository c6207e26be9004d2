import Foundation
import LadderCore

/// One prompt to answer: a cell, an example, the rendered prompt and the options.
public struct EvalItem: Sendable, Equatable {
    public var cell: EvalCell
    public var example: BenchmarkExample
    public var prompt: String
    public var options: [String]

    public var slot: String { cell.key + "\u{0}" + example.id }
}

/// What an evaluation did: every row in matrix order, and how many came from
/// an earlier attempt.
public struct EvalOutcome: Sendable {
    public var rows: [EvalRow]
    /// Rows read back from the row store (an earlier, interrupted attempt).
    public var resumed: Int
    /// Rows answered by the model in this attempt.
    public var answered: Int
    /// Model calls made in this attempt.
    public var batches: Int
}

/// Runs an evaluation matrix: loads and checks every example and prompt before
/// the model sees any, answers them in fixed batches (the work list, in
/// `batchOrder`, cut every `batch_size` prompts, so a resumed attempt makes
/// exactly the calls an uninterrupted one would), appends each batch's rows to
/// the row store, and skips batches the store already holds. Rows come out in
/// matrix order whatever the batch order.
public struct Evaluator {
    public let settings: EvalSettings
    public let templates: [Benchmark: TemplateSet]
    public let loader: BenchmarkLoader

    public init(settings: EvalSettings, templates: [Benchmark: TemplateSet], loader: BenchmarkLoader) {
        self.settings = settings
        self.templates = templates
        self.loader = loader
    }

    /// The work list in matrix order, examples in file order. Throws before any
    /// model work on a missing file, template or language, or a gold answer the
    /// template's options do not contain.
    public func items() throws -> [EvalItem] {
        let m = settings.matrix
        var examples: [String: [BenchmarkExample]] = [:]
        for b in m.benchmarks {
            guard let set = templates[b] else { throw LadderError.badInput("no template file for benchmark \(b.rawValue)") }
            try set.check(templates: m.templates, instrLangs: m.instrLangs)
            for d in m.dataLangs {
                let list = try loader.examples(b, lang: d, limit: settings.limit)
                let origin = try loader.file(b, lang: d).path
                for e in list where !set.options.contains(e.gold) {
                    throw LadderError.badInput("\(origin):\(e.line): gold answer '\(e.gold)' is not among the options of \(set.origin) (\(set.options.joined(separator: ", ")))")
                }
                examples[b.rawValue + "/" + d] = list
            }
        }
        var out: [EvalItem] = []
        for cell in m.cells {
            let set = templates[cell.benchmark]!
            for e in examples[cell.benchmark.rawValue + "/" + cell.dataLang] ?? [] {
                out.append(EvalItem(cell: cell, example: e, prompt: try set.prompt(cell.template, instrLang: cell.instrLang, example: e),
                                    options: set.options))
            }
        }
        return out
    }

    /// Answers `items` with `model`, resuming from and appending to `store`.
    /// `checkpoint` runs before each model call (cancellation, time limits).
    public func run(_ items: [EvalItem], model: any EvalModel, store: RowStore,
                    checkpoint: () throws -> Void = {}, progress: (Int, Int) -> Void = { _, _ in }) throws -> EvalOutcome {
        var done: [String: EvalRow] = [:]
        for row in try store.load() where done[row.slot] == nil { done[row.slot] = row }
        var resumed = 0, answered = 0, batches = 0
        let order = Self.batchOrder(items)
        for start in stride(from: 0, to: order.count, by: settings.batchSize) {
            let batch = order[start..<min(order.count, start + settings.batchSize)].map { items[$0] }
            let missing = batch.filter { done[$0.slot] == nil }
            resumed += batch.count - missing.count
            guard !missing.isEmpty else { continue }
            try checkpoint()
            // The whole batch runs again even when part of it was kept: the same call
            // gives the same numbers, so the kept rows and the new ones agree.
            let rows = try answer(batch, model: model)
            batches += 1
            let new = rows.filter { done[$0.slot] == nil }
            try store.append(new)
            for r in new { done[r.slot] = r }
            answered += new.count
            progress(start + batch.count, items.count)
        }
        let rows = try items.map { item -> EvalRow in
            guard let r = done[item.slot] else { throw LadderError.io("row \(item.slot) is missing after the evaluation") }
            return r
        }
        return EvalOutcome(rows: rows, resumed: resumed, answered: answered, batches: batches)
    }

    /// The order prompts are batched in: within each benchmark × template × data
    /// language, by the prompts' UTF-8 bytes (ties in matrix order). Prompts that
    /// open alike sit together — one instruction's examples, or one passage's
    /// prompts in every instruction language when the text comes first — so a
    /// batch shares long prefixes. It depends only on the items, so every attempt
    /// cuts the same batches.
    static func batchOrder(_ items: [EvalItem]) -> [Int] {
        var order: [Int] = []
        var start = 0
        while start < items.count {
            var end = start + 1
            let c = items[start].cell
            while end < items.count, items[end].cell.benchmark == c.benchmark, items[end].cell.template == c.template,
                  items[end].cell.dataLang == c.dataLang { end += 1 }
            let bytes = (start..<end).map { Array(items[$0].prompt.utf8) }
            order += (start..<end).sorted { a, b in
                let x = bytes[a - start], y = bytes[b - start]
                return x == y ? a < b : x.lexicographicallyPrecedes(y)
            }
            start = end
        }
        return order
    }

    func answer(_ batch: [EvalItem], model: any EvalModel) throws -> [EvalRow] {
        switch settings.mode {
        case .loglikelihood:
            let scores = try model.scoreContinuations(batch.map { ScoringRequest(prompt: $0.prompt, continuations: $0.options.map { " " + $0 }) })
            guard scores.count == batch.count, zip(scores, batch).allSatisfy({ $0.count == $1.options.count }) else {
                throw LadderError.io("the model scored \(scores.count) of \(batch.count) prompts, or not every option")
            }
            return zip(batch, scores).map { item, s in
                var best = 0
                for i in s.indices where s[i] > s[best] { best = i }
                return EvalRow(cell: item.cell.key, exampleID: item.example.id, gold: item.example.gold,
                               rawOutput: item.options[best], optionScores: s)
            }
        case .generate:
            let out = try model.generate(prompts: batch.map(\.prompt), maxNewTokens: settings.maxNewTokens)
            guard out.count == batch.count else { throw LadderError.io("the model answered \(out.count) of \(batch.count) prompts") }
            return zip(batch, out).map { item, g in
                EvalRow(cell: item.cell.key, exampleID: item.example.id, gold: item.example.gold, rawOutput: g.text,
                        hitMaxNewTokens: g.hitMaxNewTokens)
            }
        }
    }
}
