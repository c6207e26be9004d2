import Foundation
import LadderCore
import LadderTensor

/// The loop settings of a training run.
public struct TrainingSettings: Sendable, Equatable {
    public var epochs: Int
    /// Sequences per micro-batch.
    public var batchSize: Int
    /// Micro-batches per optimizer step.
    public var gradientAccumulationSteps: Int
    public var optimizer: OptimizerSettings
    public var seed: UInt64
    /// Held-out loss every this many optimizer steps (0: only before and after training).
    public var evalSteps: Int

    public init(epochs: Int, batchSize: Int, gradientAccumulationSteps: Int = 1, optimizer: OptimizerSettings, seed: UInt64,
                evalSteps: Int = 0) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.gradientAccumulationSteps = gradientAccumulationSteps
        self.optimizer = optimizer
        self.seed = seed
        self.evalSteps = evalSteps
    }

    public func validate() throws {
        guard epochs >= 1 else { throw LadderError.badInput("training: epochs must be at least 1") }
        guard batchSize >= 1 else { throw LadderError.badInput("training: batch_size must be at least 1") }
        guard gradientAccumulationSteps >= 1 else { throw LadderError.badInput("training: gradient_accumulation_steps must be at least 1") }
        let o = optimizer
        guard o.learningRate.isFinite, o.learningRate > 0 else { throw LadderError.badInput("training: learning_rate must be positive") }
        guard o.weightDecay >= 0, o.maxGradNorm >= 0 else { throw LadderError.badInput("training: weight_decay and max_grad_norm must not be negative") }
        guard o.warmupRatio >= 0, o.warmupRatio <= 1 else { throw LadderError.badInput("training: warmup_ratio must be in [0, 1]") }
        guard evalSteps >= 0 else { throw LadderError.badInput("training: eval_steps must not be negative") }
    }
}

/// What a training run did. Everything but `flops` and `seconds` is a function of
/// the inputs and settings alone (`json` leaves those two out).
public struct TrainingReport: Sendable {
    public struct Step: Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        public var loss: Double
        public var learningRate: Double
        public var gradNorm: Double
        public var tokens: Int
    }

    public var steps: [Step] = []
    /// (optimizer steps taken, mean held-out loss per token).
    public var heldOut: [(step: Int, loss: Double)] = []
    /// Input tokens the training passes read (every epoch counted; padding not counted).
    public var tokensSeen = 0
    /// Tokens predicted (the loss's terms).
    public var targetsSeen = 0
    /// Matrix-product floating-point operations of the training passes.
    public var flops = 0
    /// Wall time of the training passes and optimizer steps.
    public var seconds = 0.0

    public var gflopsPerSecond: Double { seconds > 0 ? Double(flops) / seconds / 1e9 : 0 }
    public var tokensPerSecond: Double { seconds > 0 ? Double(tokensSeen) / seconds : 0 }

    /// Six decimals: plenty for a loss curve, and stable text.
    static func round(_ x: Double) -> Value { x.isFinite ? .double((x * 1e6).rounded() / 1e6) : .double(x) }

    /// The loss curve and held-out losses (no wall time, no throughput).
    public var json: Value {
        .object([
            "loss_curve": .array(steps.map { s in
                .object(["step": .int(s.step), "epoch": .int(s.epoch), "loss": Self.round(s.loss),
                         "learning_rate": .double(s.learningRate), "grad_norm": Self.round(s.gradNorm), "tokens": .int(s.tokens)])
            }),
            "held_out_loss": .array(heldOut.map { .object(["step": .int($0.step), "loss": Self.round($0.loss)]) }),
            "optimizer_steps": .int(steps.count),
            "tokens_seen": .int(tokensSeen),
            "targets_seen": .int(targetsSeen),
        ])
    }
}

/// The training loop shared by pre-training (Root = ModelWeights) and LoRA
/// (Root = LoRAAdapter): seeded shuffles per epoch, micro-batches with gradient
/// accumulation, clipping, AdamW on a warm-up + decay schedule, held-out loss.
public enum Training {
    /// One pass: the loss and the gradients of `scale · mean loss` w.r.t. the trained matrices.
    public typealias Pass<Root> = (Root, TokenBatch, Float, inout ModelRandom?) -> (PassResult, Root)
    /// Summed loss and target count of a batch, no gradients.
    public typealias Loss<Root> = (Root, TokenBatch) -> (Double, Int)

    public static func optimizerSteps(sequences: Int, settings: TrainingSettings) -> Int {
        let micro = (sequences + settings.batchSize - 1) / settings.batchSize
        return settings.epochs * ((micro + settings.gradientAccumulationSteps - 1) / settings.gradientAccumulationSteps)
    }

    /// Mean loss per predicted token over `sequences`, in batches.
    public static func meanLoss<Root>(_ root: Root, _ sequences: [[Int]], batchSize: Int, pad: Int, loss: Loss<Root>) -> Double {
        var total = 0.0, count = 0
        for start in stride(from: 0, to: sequences.count, by: max(batchSize, 1)) {
            let b = TokenBatch(sequences: Array(sequences[start..<min(sequences.count, start + batchSize)]), pad: pad)
            let (s, c) = loss(root, b)
            total += s
            count += c
        }
        return count > 0 ? total / Double(count) : .nan
    }

    public static func run<Root>(_ initial: Root, paths: [WritableKeyPath<Root, Matrix>], train: [[Int]], heldOut: [[Int]],
                                 pad: Int, settings: TrainingSettings, pass: Pass<Root>, loss: Loss<Root>,
                                 log: (String) -> Void = { _ in }, checkCancelled: () throws -> Void = {}) throws -> (Root, TrainingReport) {
        try settings.validate()
        guard !train.isEmpty else { throw LadderError.badInput("training: no training sequences") }
        var root = initial
        var optimizer = AdamW(for: root, paths: paths, settings: settings.optimizer)
        var report = TrainingReport()
        let total = optimizerSteps(sequences: train.count, settings: settings)
        var dropout: ModelRandom? = ModelRandom(seed: settings.seed, stream: "dropout")
        func evaluate(_ step: Int) {
            guard !heldOut.isEmpty else { return }
            let l = meanLoss(root, heldOut, batchSize: settings.batchSize, pad: pad, loss: loss)
            report.heldOut.append((step, l))
            log("held-out loss after \(step) steps: \(String(format: "%.4f", l))")
        }
        evaluate(0)
        var step = 0
        for epoch in 0..<settings.epochs {
            var rng = ModelRandom(seed: settings.seed &+ UInt64(epoch), stream: "shuffle")
            let order = rng.permutation(train.count)
            let micro = stride(from: 0, to: order.count, by: settings.batchSize).map { Array(order[$0..<min(order.count, $0 + settings.batchSize)]) }
            for groupStart in stride(from: 0, to: micro.count, by: settings.gradientAccumulationSteps) {
                try checkCancelled()
                let group = micro[groupStart..<min(micro.count, groupStart + settings.gradientAccumulationSteps)]
                let start = DispatchTime.now().uptimeNanoseconds
                var accumulated: Root?
                var lossSum = 0.0, targets = 0, tokens = 0
                for (m, indices) in group.enumerated() {
                    let batch = TokenBatch(sequences: indices.map { train[$0] }, pad: pad)
                    let (r, g) = pass(root, batch, 1 / Float(group.count), &dropout)
                    guard r.lossSum.isFinite else {
                        throw LadderError.stepFailed("training diverged: the loss is \(r.lossSum.isNaN ? "NaN" : "infinite") at step \(step + 1) of \(total) (epoch \(epoch + 1), micro-batch \(m + 1)); lower learning_rate or check the base model and data")
                    }
                    report.flops += r.flops
                    lossSum += r.lossSum
                    targets += r.targetCount
                    tokens += indices.reduce(0) { $0 + train[$1].count }
                    if accumulated == nil { accumulated = g } else {
                        for p in paths { BLAS.axpy(1, g[keyPath: p], &accumulated![keyPath: p]) }
                    }
                }
                let lr = settings.optimizer.learningRate(step: step, total: total)
                let norm = optimizer.step(&root, gradients: accumulated!, learningRate: lr)
                guard norm.isFinite else {
                    throw LadderError.stepFailed("training diverged: the gradient norm is not finite at step \(step + 1) of \(total); lower learning_rate")
                }
                report.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                step += 1
                let meanLoss = targets > 0 ? lossSum / Double(targets) : 0
                report.steps.append(.init(step: step, epoch: epoch + 1, loss: meanLoss, learningRate: lr, gradNorm: norm, tokens: tokens))
                report.tokensSeen += tokens
                report.targetsSeen += targets
                if step == 1 || step == total || step % max(1, total / 10) == 0 {
                    log("step \(step)/\(total) epoch \(epoch + 1) loss \(String(format: "%.4f", meanLoss)) lr \(String(format: "%.3g", lr)) grad-norm \(String(format: "%.3f", norm))")
                }
                if settings.evalSteps > 0 && step % settings.evalSteps == 0 && step != total { evaluate(step) }
            }
        }
        evaluate(step)
        return (root, report)
    }
}

extension Training {
    /// Trains every weight of `model` (pre-training).
    public static func pretrain(_ model: Transformer, train: [[Int]], heldOut: [[Int]], settings: TrainingSettings,
                                log: (String) -> Void = { _ in }, checkCancelled: () throws -> Void = {}) throws -> (Transformer, TrainingReport) {
        let config = model.config
        let (weights, report) = try run(model.weights, paths: model.weights.parameterPaths.map(\.path), train: train, heldOut: heldOut,
                                        pad: config.padTokenId, settings: settings,
                                        pass: { w, batch, scale, rng in
                                            let r = model.with(weights: w).gradients(batch, gradScale: scale, trainBase: true, dropout: &rng)
                                            return (r, r.base!)
                                        },
                                        loss: { w, batch in model.with(weights: w).loss(batch) },
                                        log: log, checkCancelled: checkCancelled)
        return (model.with(weights: weights), report)
    }

    /// Trains `adapter` on a frozen `base`.
    public static func trainLoRA(base: Transformer, adapter: LoRAAdapter, train: [[Int]], heldOut: [[Int]], settings: TrainingSettings,
                                 log: (String) -> Void = { _ in }, checkCancelled: () throws -> Void = {}) throws -> (LoRAAdapter, TrainingReport) {
        try run(adapter, paths: adapter.parameterPaths.map(\.path), train: train, heldOut: heldOut, pad: base.config.padTokenId,
                settings: settings,
                pass: { a, batch, scale, rng in
                    let r = base.gradients(batch, gradScale: scale, trainBase: false, lora: a, dropout: &rng)
                    return (r, r.lora!)
                },
                loss: { a, batch in base.loss(batch, lora: a) },
                log: log, checkCancelled: checkCancelled)
    }
}
