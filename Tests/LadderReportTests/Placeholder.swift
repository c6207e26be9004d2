import Testing
@testable import LadderReport

@Test func ladderReportBuilds() {}
