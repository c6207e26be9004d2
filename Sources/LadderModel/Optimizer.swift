import Foundation
import LadderTensor

/// How the learning rate moves over the optimizer steps.
public enum LRSchedule: String, Sendable, CaseIterable {
    case cosine, linear, constant
}

/// The optimizer and schedule settings of a training run (the names follow
/// transformers' `TrainingArguments`).
public struct OptimizerSettings: Sendable, Equatable {
    public var learningRate: Double
    public var weightDecay: Double
    public var warmupRatio: Double
    public var schedule: LRSchedule
    public var maxGradNorm: Double
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8

    public init(learningRate: Double, weightDecay: Double = 0, warmupRatio: Double = 0, schedule: LRSchedule = .cosine,
                maxGradNorm: Double = 1) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.warmupRatio = warmupRatio
        self.schedule = schedule
        self.maxGradNorm = maxGradNorm
    }

    /// Warm-up steps: ⌈warmup_ratio · total⌉, as transformers computes them.
    public func warmupSteps(total: Int) -> Int { Int((warmupRatio * Double(total)).rounded(.up)) }

    /// The learning rate of optimizer step `step` (0-based) of `total`: linear
    /// warm-up from 0, then cosine (half a cycle) or linear decay to 0, or constant —
    /// transformers' `get_{cosine,linear,constant}_schedule_with_warmup` formulas.
    public func learningRate(step: Int, total: Int) -> Double {
        let warmup = warmupSteps(total: total)
        if step < warmup { return learningRate * Double(step) / Double(max(1, warmup)) }
        let progress = Double(step - warmup) / Double(max(1, total - warmup))
        switch schedule {
        case .constant: return learningRate
        case .linear: return learningRate * max(0, Double(total - step) / Double(max(1, total - warmup)))
        case .cosine: return learningRate * max(0, 0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}

/// AdamW over the matrices of `Root` that `paths` name, with global-norm gradient
/// clipping (torch's `clip_grad_norm_`: scale by max/(norm + 1e-6) when above max).
public struct AdamW<Root> {
    public let paths: [WritableKeyPath<Root, Matrix>]
    public let settings: OptimizerSettings
    var m: [Matrix]
    var v: [Matrix]
    public private(set) var steps = 0

    public init(for root: Root, paths: [WritableKeyPath<Root, Matrix>], settings: OptimizerSettings) {
        self.paths = paths
        self.settings = settings
        m = paths.map { Matrix(rows: root[keyPath: $0].rows, cols: root[keyPath: $0].cols) }
        v = m
    }

    /// The global L2 norm of the gradients.
    public func gradientNorm(_ gradients: Root) -> Double {
        paths.reduce(0.0) { $0 + Kernels.sumOfSquares(gradients[keyPath: $1]) }.squareRoot()
    }

    /// Clips `gradients`, then takes one step at `learningRate`; returns the norm before clipping.
    @discardableResult
    public mutating func step(_ root: inout Root, gradients: Root, learningRate: Double) -> Double {
        var g = gradients
        let norm = gradientNorm(g)
        if settings.maxGradNorm > 0, norm > settings.maxGradNorm {
            let c = Float(settings.maxGradNorm / (norm + 1e-6))
            for p in paths { BLAS.scale(&g[keyPath: p], by: c) }
        }
        steps += 1
        for (i, p) in paths.enumerated() {
            Kernels.adamW(&root[keyPath: p], gradient: g[keyPath: p], m: &m[i], v: &v[i], learningRate: Float(learningRate),
                          beta1: Float(settings.beta1), beta2: Float(settings.beta2), epsilon: Float(settings.epsilon),
                          weightDecay: Float(settings.weightDecay), step: steps)
        }
        return norm
    }
}
