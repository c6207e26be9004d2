import Foundation
import LadderRun
import Testing

/// The GPUs `ladder run` hands out: CUDA_VISIBLE_DEVICES when set, else /dev/nvidiaN.
struct GPUCountTests {
    @Test func cudaVisibleDevicesDecides() {
        #expect(GPUCount.detect(environment: ["CUDA_VISIBLE_DEVICES": "0,1"], deviceDirectory: "/nonexistent") == 2)
        #expect(GPUCount.detect(environment: ["CUDA_VISIBLE_DEVICES": "GPU-3f2a"], deviceDirectory: "/nonexistent") == 1)
        #expect(GPUCount.detect(environment: ["CUDA_VISIBLE_DEVICES": ""], deviceDirectory: "/nonexistent") == 0)
        #expect(GPUCount.detect(environment: ["CUDA_VISIBLE_DEVICES": "-1"], deviceDirectory: "/nonexistent") == 0)
        #expect(GPUCount.detect(environment: ["CUDA_VISIBLE_DEVICES": "0,-1,1"], deviceDirectory: "/nonexistent") == 1)
    }

    @Test func withoutItTheNvidiaDeviceFilesAreCounted() throws {
        let dev = FileManager.default.temporaryDirectory.appendingPathComponent("dev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dev, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dev) }
        for name in ["nvidia0", "nvidia1", "nvidiactl", "nvidia-uvm", "nvidia-caps", "null"] {
            FileManager.default.createFile(atPath: dev.appendingPathComponent(name).path, contents: nil)
        }
        #expect(GPUCount.detect(environment: [:], deviceDirectory: dev.path) == 2)
        #expect(GPUCount.detect(environment: [:], deviceDirectory: "/nonexistent") == 0)
    }
}
