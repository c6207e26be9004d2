import Testing
@testable import LadderAnalysis

@Test func ladderAnalysisBuilds() {}
