import Testing
@testable import LadderSubset

@Test func ladderSubsetBuilds() {}
