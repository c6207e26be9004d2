import LadderSpec
import Foundation
import LadderCore
import LadderPlan

/// Which planned steps a store already holds outputs for.
enum StoreStatus {
    static func cached(plan: Plan, store: String) -> [String: String] {
        [:]
    }
}
