import Testing
@testable import LadderPlan

@Test func ladderPlanBuilds() {}
