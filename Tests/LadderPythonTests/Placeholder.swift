import Testing
@testable import LadderPython

@Test func ladderPythonBuilds() {}
