import Foundation
import LadderSpec

/// What many steps of one template and engine have in common: names, the engine
/// fingerprint, resources and retry policy. A plan of 100k steps holds a few dozen
/// shapes, shared by reference, instead of 100k copies of the same fields.
final class StepShape: Sendable {
    let template: String
    let engine: String
    let implementation: String
    let engineFingerprint: String
    let resources: Resources
    let retry: RetryPolicy

    init(template: String, engine: String, implementation: String, engineFingerprint: String,
         resources: Resources, retry: RetryPolicy) {
        self.template = template
        self.engine = engine
        self.implementation = implementation
        self.engineFingerprint = engineFingerprint
        self.resources = resources
        self.retry = retry
    }

    /// A copy with one field changed (setters of `PlannedStep`).
    func with(template: String? = nil, engine: String? = nil, implementation: String? = nil, engineFingerprint: String? = nil,
              resources: Resources? = nil, retry: RetryPolicy? = nil) -> StepShape {
        StepShape(template: template ?? self.template, engine: engine ?? self.engine,
                  implementation: implementation ?? self.implementation,
                  engineFingerprint: engineFingerprint ?? self.engineFingerprint,
                  resources: resources ?? self.resources, retry: retry ?? self.retry)
    }
}
