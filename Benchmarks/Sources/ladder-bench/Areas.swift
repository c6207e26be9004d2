/// The benchmark areas, in the order `make bench` runs them. Each area's
/// function lives in its own `<Area>Benchmark.swift`.
let benchmarkAreas: [(String, @Sendable (inout BenchReport) throws -> Void)] = [
    ("plan", planBenchmark),
    ("run", runBenchmark),
    ("store", storeBenchmark),
    ("subset", subsetBenchmark),
    ("transpile", transpileBenchmark),
    ("scoring", scoringBenchmark),
    ("analysis", analysisBenchmark),
    ("model", modelBenchmark),
    ("evaluation", evaluationBenchmark),
]
