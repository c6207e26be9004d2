import LadderSpec
import Foundation
import LadderPlan

/// Which planned steps a store already holds outputs for.
enum StoreStatus {
    static func cached(plan: Plan, store: String) -> [String: String] {
        [:]
    }
}
