import Foundation

/// How many GPUs the local executor may hand out: `CUDA_VISIBLE_DEVICES` when it is set
/// (its comma-separated entries; empty or `-1` means none), else the NVIDIA device files
/// `/dev/nvidia0`, `/dev/nvidia1`, … (Linux), else none.
public enum GPUCount {
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              deviceDirectory: String = "/dev") -> Int {
        if let visible = environment["CUDA_VISIBLE_DEVICES"] {
            let entries = visible.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            // CUDA stops at the first invalid entry; "-1" (or nothing) hides every device.
            return entries.prefix { !$0.isEmpty && !$0.hasPrefix("-") }.count
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: deviceDirectory)) ?? []
        return names.filter { $0.hasPrefix("nvidia") && $0.count > 6 && $0.dropFirst(6).allSatisfy(\.isNumber) }.count
    }
}
