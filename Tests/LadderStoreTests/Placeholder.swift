import Testing
@testable import LadderStore

@Test func ladderStoreBuilds() {}
