import Foundation
import LadderStore

func storeBenchmark(_ report: inout BenchReport) throws {
}
