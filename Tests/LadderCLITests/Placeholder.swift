import Testing
@testable import LadderCLI

@Test func ladderCLIBuilds() {}
