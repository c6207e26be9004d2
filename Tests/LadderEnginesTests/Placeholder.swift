import Testing
@testable import LadderEngines

@Test func ladderEnginesBuilds() {}
