import Testing
@testable import LadderSpec

@Test func ladderSpecBuilds() {}
