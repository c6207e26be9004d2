import Foundation
import LadderCore
import LadderModel
import LadderTensor
import Testing

/// Central finite differences against the hand-written backward pass, for every
/// parameter tensor of a model with a sliding and a full layer, with and without
/// an adapter (and LoRA dropout).
struct GradientCheckTests {
    static let eps: Float = 1e-2

    static func close(_ numeric: Double, _ analytic: Double) -> Bool {
        abs(numeric - analytic) <= 3e-4 + 2e-2 * max(abs(numeric), abs(analytic))
    }

    /// A few entries of every tensor (fixed by seed) plus each tensor's largest-gradient entry.
    static func probes(_ count: Int, gradient: Matrix, seed: UInt64) -> [Int] {
        var rng = ModelRandom(seed: seed)
        var out = (0..<3).map { _ in rng.below(count) }
        var best = 0
        for i in 0..<gradient.count where abs(gradient.storage[i]) > abs(gradient.storage[best]) { best = i }
        out.append(best)
        return out
    }

    func checkBase(layerTypes: [LayerType]) {
        let config = TestModels.config(layerTypes: layerTypes)
        let model = TestModels.model(config)
        let batch = TestModels.batch(config)
        var none: ModelRandom? = nil
        let result = model.gradients(batch, gradScale: 1, trainBase: true, dropout: &none)
        let grads = result.base!
        var checked = 0
        for (k, (name, path)) in model.weights.parameterPaths.enumerated() {
            let g = grads[keyPath: path]
            for i in Self.probes(g.count, gradient: g, seed: UInt64(k)) {
                var plus = model, minus = model
                plus.weights[keyPath: path].storage[i] += Self.eps
                minus.weights[keyPath: path].storage[i] -= Self.eps
                let numeric = (plus.loss(batch).lossSum - minus.loss(batch).lossSum) / Double(2 * Self.eps) / Double(batch.targetCount)
                let analytic = Double(g.storage[i])
                #expect(Self.close(numeric, analytic), "\(name)[\(i)]: numeric \(numeric), analytic \(analytic)")
                checked += 1
            }
        }
        #expect(checked == model.weights.parameterPaths.count * 4)
    }

    @Test func baseGradientsOfASlidingAndAFullLayer() { checkBase(layerTypes: [.sliding, .full]) }

    @Test func baseGradientsOfFullLayersOnly() { checkBase(layerTypes: [.full, .full]) }

    @Test func baseGradientsOfSlidingLayersOnly() { checkBase(layerTypes: [.sliding, .sliding]) }

    func checkLoRA(dropout: Double) throws {
        let config = TestModels.config()
        let model = TestModels.model(config)
        let adapter = try TestModels.adapter(config, dropout: dropout)
        let batch = TestModels.batch(config)
        func run(_ a: LoRAAdapter) -> PassResult {
            var rng: ModelRandom? = ModelRandom(seed: 99, stream: "dropout")
            return model.gradients(batch, gradScale: 1, trainBase: false, lora: a, dropout: &rng)
        }
        let grads = run(adapter).lora!
        #expect(run(adapter).base == nil)
        for (k, (name, path)) in adapter.parameterPaths.enumerated() {
            let g = grads[keyPath: path]
            for i in Self.probes(g.count, gradient: g, seed: UInt64(k)) {
                var plus = adapter, minus = adapter
                plus[keyPath: path].storage[i] += Self.eps
                minus[keyPath: path].storage[i] -= Self.eps
                let numeric = (run(plus).lossSum - run(minus).lossSum) / Double(2 * Self.eps) / Double(batch.targetCount)
                let analytic = Double(g.storage[i])
                #expect(Self.close(numeric, analytic), "\(name)[\(i)]: numeric \(numeric), analytic \(analytic)")
            }
        }
    }

    @Test func loraGradientsOnEveryProjection() throws { try checkLoRA(dropout: 0) }

    @Test func loraGradientsWithDropout() throws { try checkLoRA(dropout: 0.3) }

    /// The input gradient of the frozen base (what reaches the adapters of lower
    /// layers) is checked through A of the first layer: a wrong dX anywhere above breaks it.
    @Test func frozenBasePassesGradientDownToTheFirstLayer() throws {
        let config = TestModels.config(layerTypes: [.sliding, .full, .sliding])
        let model = TestModels.model(config)
        let adapter = try TestModels.adapter(config, targets: [.q, .down])
        let batch = TestModels.batch(config, sequences: 1, length: 9)
        var none: ModelRandom? = nil
        let g = model.gradients(batch, gradScale: 1, trainBase: false, lora: adapter, dropout: &none).lora!
        let path = \LoRAAdapter.layers[0].a[Projection.q.index]
        for i in 0..<6 {
            var plus = adapter, minus = adapter
            plus[keyPath: path].storage[i] += Self.eps
            minus[keyPath: path].storage[i] -= Self.eps
            let numeric = (model.loss(batch, lora: plus).lossSum - model.loss(batch, lora: minus).lossSum) / Double(2 * Self.eps) / Double(batch.targetCount)
            #expect(Self.close(numeric, Double(g[keyPath: path].storage[i])), "A[\(i)]: \(numeric) vs \(g[keyPath: path].storage[i])")
        }
    }
}
