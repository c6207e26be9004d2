import Testing
@testable import LadderScoring

@Test func ladderScoringBuilds() {}
