/// One cell of the evaluation matrix: a benchmark answered with one template,
/// data language and instruction language.
public struct EvalCell: Sendable, Hashable {
    public var benchmark: Benchmark
    public var template: String
    public var dataLang: String
    public var instrLang: String

    public init(benchmark: Benchmark, template: String, dataLang: String, instrLang: String) {
        self.benchmark = benchmark
        self.template = template
        self.dataLang = dataLang
        self.instrLang = instrLang
    }

    /// The study's cell key, `template1_sib200_data=en_instr=zh`.
    public var key: String { "\(template)_\(benchmark.rawValue)_data=\(dataLang)_instr=\(instrLang)" }
}

/// benchmarks × templates × data languages × instruction languages, in that
/// nesting order (the order rows are produced and written in).
public struct EvalMatrix: Sendable, Equatable {
    public var benchmarks: [Benchmark]
    public var templates: [String]
    public var dataLangs: [String]
    public var instrLangs: [String]

    /// Repeated names are kept once, at their first place.
    public init(benchmarks: [Benchmark], templates: [String], dataLangs: [String], instrLangs: [String]) {
        func unique<T: Equatable>(_ xs: [T]) -> [T] { xs.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }
        self.benchmarks = unique(benchmarks)
        self.templates = unique(templates)
        self.dataLangs = unique(dataLangs)
        self.instrLangs = unique(instrLangs)
    }

    public var cells: [EvalCell] {
        var out: [EvalCell] = []
        for b in benchmarks {
            for t in templates {
                for d in dataLangs {
                    for i in instrLangs { out.append(EvalCell(benchmark: b, template: t, dataLang: d, instrLang: i)) }
                }
            }
        }
        return out
    }

    /// The number of cells per benchmark, in benchmark order.
    public var cellsPerBenchmark: [(Benchmark, Int)] {
        benchmarks.map { ($0, templates.count * dataLangs.count * instrLangs.count) }
    }
}
