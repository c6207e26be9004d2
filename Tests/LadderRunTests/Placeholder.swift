import Testing
@testable import LadderRun

@Test func ladderRunBuilds() {}
