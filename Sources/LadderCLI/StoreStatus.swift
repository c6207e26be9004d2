import Foundation
import LadderPlan
import LadderRun

/// Which planned steps a store already holds outputs for.
enum StoreStatus {
    static func cached(plan: Plan, store: String) -> [String: String] {
        PlanStatus(plan: plan).status(storePath: store)
    }
}
