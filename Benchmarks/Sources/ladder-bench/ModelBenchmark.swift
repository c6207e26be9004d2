import Foundation
import LadderModel
import LadderTensor

/// Area `model`: LadderModel on one core. The sgemm peak is measured first, in
/// the same run (one OpenBLAS thread, square products), then training steps —
/// pre-training (every weight) and LoRA (frozen base, r 16 on all seven
/// projections) — at the demo's model size and at a wider size, then greedy
/// generation with the KV cache. GFLOP/s of a training step counts the
/// matrix products the step performs (2·m·n·k each), over its wall time
/// (forward, backward and AdamW together).
func modelBenchmark(_ report: inout BenchReport) throws {
    BLAS.useOneThread()
    var peak = 0.0
    for n in [256, 512, 1024] {
        let a = Matrix(rows: n, cols: n, repeating: 0.5), b = Matrix(rows: n, cols: n, repeating: 0.25)
        var c = Matrix(rows: n, cols: n)
        let reps = max(1, 2_000_000_000 / (2 * n * n * n))
        var best = Double.infinity
        for _ in 0..<3 {
            best = min(best, BenchReport.time { for _ in 0..<reps { BLAS.gemm(a, b, into: &c) } })
        }
        let gflops = Double(2 * n * n * n * reps) / best / 1e9
        peak = max(peak, gflops)
        report.add(BenchFigure(area: "model", name: "sgemm \(n)×\(n)×\(n), 1 thread", value: gflops, unit: "GFLOP/s", target: "-",
                               note: "OpenBLAS \(BLAS.coreName) kernels, \(BLAS.threads) thread"))
    }

    let sizes: [(String, ModelConfig, Int, Int)] = [
        ("demo size (hidden 128, 4 layers, vocab 1024)",
         ModelConfig(vocabSize: 1024, hiddenSize: 128, intermediateSize: 256, numHiddenLayers: 4, numAttentionHeads: 4, numKeyValueHeads: 2,
                     slidingWindow: 64), 8, 128),
        ("wider (hidden 512, 4 layers, vocab 4096)",
         ModelConfig(vocabSize: 4096, hiddenSize: 512, intermediateSize: 1408, numHiddenLayers: 4, numAttentionHeads: 8, numKeyValueHeads: 2,
                     slidingWindow: 128), 8, 256),
    ]
    for (label, config, batchSize, length) in sizes {
        let model = Transformer(config: config, weights: .initial(config, seed: 1))
        var rng = ModelRandom(seed: 2)
        let seqs = (0..<batchSize).map { _ in (0..<length).map { _ in 3 + rng.below(config.vocabSize - 3) } }
        let batch = TokenBatch(sequences: seqs, pad: 0)
        let tokens = Double(batchSize * length)
        for trainBase in [true, false] {
            let lora = try LoRASettings(r: 16, alpha: 32, dropout: 0.05, targets: Projection.allCases)
            var adapter = LoRAAdapter.initial(config, settings: lora, seed: 3)
            var weights = model.weights
            var optBase = AdamW(for: weights, paths: weights.parameterPaths.map(\.path), settings: OptimizerSettings(learningRate: 1e-4))
            var optLoRA = AdamW(for: adapter, paths: adapter.parameterPaths.map(\.path), settings: OptimizerSettings(learningRate: 1e-4))
            var flops = 0
            var best = Double.infinity
            for _ in 0..<4 {
                let t = BenchReport.time {
                    var drop: ModelRandom? = ModelRandom(seed: 4)
                    if trainBase {
                        let r = model.with(weights: weights).gradients(batch, gradScale: 1, trainBase: true, dropout: &drop)
                        optBase.step(&weights, gradients: r.base!, learningRate: 1e-4)
                        flops = r.flops
                    } else {
                        let r = model.gradients(batch, gradScale: 1, trainBase: false, lora: adapter, dropout: &drop)
                        optLoRA.step(&adapter, gradients: r.lora!, learningRate: 1e-4)
                        flops = r.flops
                    }
                }
                best = min(best, t)
            }
            let gflops = Double(flops) / best / 1e9
            let kind = trainBase ? "pre-training step" : "LoRA step (r 16, all projections)"
            report.add(BenchFigure(area: "model", name: "\(kind), \(label), \(batchSize)×\(length) tokens", value: tokens / best,
                                   unit: "tokens/s", target: "-",
                                   note: String(format: "%.1f GFLOP/s = %.0f%% of the sgemm peak (target ≥ 50%%)", gflops, 100 * gflops / peak)))
        }
        let prompts = (0..<8).map { i in [1] + seqs[i % seqs.count].prefix(32) }
        var generated = 0
        let seconds = try BenchReport.time {
            generated = try model.generate(prompts: prompts, maxNewTokens: 64, batchSize: 8).reduce(0) { $0 + $1.tokens.count }
        }
        report.add(BenchFigure(area: "model", name: "greedy generation, \(label), 8 prompts of 33 tokens, 64 new tokens each",
                               value: Double(generated) / seconds, unit: "tokens/s", target: "-", note: "KV cache, batch 8, prompt time included"))
    }
}
