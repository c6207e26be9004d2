import Foundation
import Testing
import LadderCore
import LadderSlurm
import LadderSpec

/// Reading what Slurm says about jobs, without a cluster: recorded shapes of
/// `squeue --json`, `sacct --json` and `scontrol show job`.
@Suite struct SlurmStatusTests {
    @Test func rawWaitStatusesDecodeToExitCodesAndSignals() {
        #expect(SlurmExitStatus(waitStatus: 768) == SlurmExitStatus(code: 3, signal: 0))
        #expect(SlurmExitStatus(waitStatus: 256).description == "exit status 1")
        #expect(SlurmExitStatus(waitStatus: 0).succeeded)
        #expect(SlurmExitStatus(waitStatus: 9) == SlurmExitStatus(code: 0, signal: 9))
        #expect(SlurmExitStatus(waitStatus: 15).description == "killed by signal 15")
        #expect(SlurmExitStatus(waitStatus: 130 << 8).code == 130)
    }

    @Test func scontrolExitCodeFieldIsCodeThenSignal() {
        let text = "JobId=7 JobName=ladder-abc\n   JobState=FAILED Reason=NonZeroExitCode Dependency=(null)\n   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=2:0\n"
        #expect(SlurmExitStatus(scontrol: text) == SlurmExitStatus(code: 2, signal: 0))
        #expect(SlurmExitStatus(scontrol: "ExitCode=0:9") == SlurmExitStatus(code: 0, signal: 9))
        #expect(SlurmExitStatus(scontrol: "JobState=PENDING") == nil)
    }

    /// Slurm 22.05: `job_state` a word, `exit_code` the raw wait status.
    @Test func squeueJSONOf2205ReportsExitThreeAs768() throws {
        let payload = """
        {"meta": {"Slurm": {"version": {"major": 22, "micro": 8, "minor": 5}}}, "errors": [],
         "jobs": [
          {"job_id": 12, "name": "ladder-aaaa", "job_state": "FAILED", "exit_code": 768, "state_reason": "NonZeroExitCode"},
          {"job_id": 13, "name": "ladder-bbbb", "job_state": "RUNNING", "exit_code": 0, "state_reason": "None"},
          {"job_id": 14, "name": "ladder-cccc", "job_state": "PENDING", "exit_code": 0, "state_reason": "Resources"}
         ]}
        """
        let jobs = try SlurmJobState.parse(Data(payload.utf8))
        #expect(jobs["12"]?.exit == SlurmExitStatus(code: 3, signal: 0))
        #expect(jobs["12"]?.isTerminal == true)
        #expect(jobs["13"]?.isTerminal == false)
        #expect(jobs["13"]?.reason == nil)
        #expect(jobs["14"]?.reason == "Resources")
        #expect(jobs["14"]?.name == "ladder-cccc")
    }

    /// Later releases: a list of state words and an exit-code object with `set`/`number`.
    @Test func squeueJSONOfLaterReleasesIsReadToo() throws {
        let payload = """
        {"jobs": [{"job_id": 21, "job_state": ["COMPLETED"],
                   "exit_code": {"status": ["EXITED"], "return_code": {"set": true, "infinite": false, "number": 4},
                                 "signal": {"id": {"set": false, "number": 0}, "name": ""}}}]}
        """
        let jobs = try SlurmJobState.parse(Data(payload.utf8))
        #expect(jobs["21"]?.state == "COMPLETED")
        #expect(jobs["21"]?.exit == SlurmExitStatus(code: 4, signal: 0))
    }

    /// sacct (22.05) nests the state and gives `return_code` directly; it has been seen
    /// to say 0 for a job that exited 2, which is why the result file wins.
    @Test func sacctJSONStateAndReturnCode() throws {
        let payload = """
        {"jobs": [{"job_id": 31, "name": "ladder-x", "state": {"current": "FAILED", "reason": "None"},
                   "exit_code": {"status": "FAILED", "return_code": 2}}]}
        """
        let jobs = try SlurmJobState.parse(Data(payload.utf8))
        #expect(jobs["31"]?.state == "FAILED")
        #expect(jobs["31"]?.exit?.code == 2)
    }

    /// Recorded from Slurm 22.05.8 for `sbatch --array=0-4%2`: two tasks running, the rest
    /// still one pending record; later every task has its own record.
    @Test func jobArrayTasksAreFoundRunningPendingOrEnded() throws {
        let early = """
        {"jobs": [
          {"job_id": 14, "array_job_id": 13, "array_task_id": 0, "array_task_string": "", "job_state": "RUNNING", "exit_code": 0},
          {"job_id": 15, "array_job_id": 13, "array_task_id": 1, "array_task_string": "", "job_state": "RUNNING", "exit_code": 0},
          {"job_id": 13, "array_job_id": 13, "array_task_id": null, "array_task_string": "2-4%2", "job_state": "PENDING", "exit_code": 0},
          {"job_id": 3, "array_job_id": 0, "array_task_id": null, "array_task_string": "", "job_state": "COMPLETED", "exit_code": 0}
        ]}
        """
        let a = try SlurmJobState.parse(Data(early.utf8))
        #expect(SlurmJobState.lookup("13_1", in: a)?.state == "RUNNING")
        #expect(SlurmJobState.lookup("13_3", in: a)?.state == "PENDING")
        #expect(SlurmJobState.lookup("13_5", in: a) == nil)
        #expect(SlurmJobState.lookup("3", in: a)?.state == "COMPLETED")
        let late = """
        {"jobs": [
          {"job_id": 17, "array_job_id": 13, "array_task_id": 3, "array_task_string": "", "job_state": "FAILED", "exit_code": 768},
          {"job_id": 13, "array_job_id": 13, "array_task_id": 4, "array_task_string": "", "job_state": "FAILED", "exit_code": 1024}
        ]}
        """
        let b = try SlurmJobState.parse(Data(late.utf8))
        #expect(SlurmJobState.lookup("13_3", in: b)?.exit?.code == 3)
        #expect(SlurmJobState.lookup("13_4", in: b)?.exit?.code == 4)
    }

    @Test func malformedAnswersAreErrorsNotEmptyQueues() {
        #expect(throws: LadderError.self) { try SlurmJobState.parse(Data("sbatch: error".utf8)) }
        #expect(throws: LadderError.self) { try SlurmJobState.parse(Data(#"{"errors": []}"#.utf8)) }
    }
}

/// Which requests a cluster can satisfy, and how a step becomes `sbatch` arguments.
@Suite struct SlurmSubmissionTests {
    static let sinfo = """
    node1|16|64000|gpu:a100:2(S:0-1)|gpu
    node1|16|64000|gpu:a100:2(S:0-1)|batch*
    node2|4|8000|(null)|batch*

    """

    @Test func aRequestNoNodeCanSatisfyIsRefusedWithTheLargestNode() throws {
        let batch = SlurmCluster(sinfo: Self.sinfo, partition: nil)
        #expect(batch.partition == "batch")
        #expect(batch.candidates.map(\.name) == ["node1", "node2"])
        #expect(batch.impossible(Resources(cpus: 16, gpus: 2, memory: 60_000 << 20)) == nil)
        let why = try #require(batch.impossible(Resources(cpus: 32)))
        #expect(why.contains("largest node: 16 cpus"))
        #expect(batch.impossible(Resources(cpus: 4, gpus: 3)) != nil)
        #expect(batch.impossible(Resources(memory: 70_000 << 20)) != nil)
        let missing = SlurmCluster(sinfo: Self.sinfo, partition: "long")
        #expect(missing.impossible(Resources())?.contains("has no nodes") == true)
    }

    @Test func gresStringsCountGPUs() {
        #expect(SlurmCluster(sinfo: "n|2|100|gpu:1|p\n", partition: nil).nodes.first?.gpus == 1)
        #expect(SlurmCluster(sinfo: "n|2|100|gpu:v100:4,shard:8|p\n", partition: nil).nodes.first?.gpus == 4)
        #expect(SlurmCluster(sinfo: "n|2|100|(null)|p\n", partition: nil).nodes.first?.gpus == 0)
    }

    @Test func resourcesBecomeSbatchArgumentsWithTheKeyInTheJobName() {
        var s = SlurmSettings(ladderBinary: "/opt/ladder/bin/ladder")
        s.partition = "gpu"
        s.account = "lab"
        s.qos = "normal"
        s.sbatchFlags = ["--constraint=a100"]
        let key = String(repeating: "ab", count: 32)
        let args = s.arguments(name: "ladder-\(key)", resources: Resources(cpus: 4, gpus: 1, memory: 3 << 30, time: 5400),
                               output: "/store/jobs/x/slurm.out", workingDirectory: "/study")
        #expect(args == ["--job-name=ladder-\(key)", "--output=/store/jobs/x/slurm.out", "--chdir=/study", "--cpus-per-task=4",
                         "--mem=3072M", "--gpus=1", "--time=01:30:00", "--partition=gpu", "--account=lab", "--qos=normal",
                         "--constraint=a100"])
        #expect(SlurmSettings.duration(61) == "00:02:00")
        #expect(SlurmSettings.duration(2 * 86400 + 60) == "2-00:01:00")
    }

    @Test func theJobScriptQuotesPathsForTheShell() {
        let s = SlurmSettings(ladderBinary: "/opt/it's/ladder")
        let script = s.script(key: "k", store: "/shared/my runs")
        #expect(script.contains("exec '/opt/it'\\''s/ladder' exec-step k --store '/shared/my runs'"))
        let array = s.arrayScript(keys: "/shared/my runs/jobs/arrays/x/keys.txt", store: "/shared/my runs")
        #expect(array.contains("sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/shared/my runs/jobs/arrays/x/keys.txt'"))
        #expect(array.contains("exec-step \"$KEY\" --store '/shared/my runs'"))
    }

    @Test func aLocalStoreIsRefusedWhenJobsRunOnOtherHosts() throws {
        // Every node is this host: any directory will do.
        try SharedStoreCheck.check(store: "/home/me/runs", nodes: ["localhost"], localNames: ["localhost"])
        let mounts = "/dev/sda1 / ext4 rw 0 0\nnfs:/export /shared nfs4 rw 0 0\n"
        #expect(throws: LadderError.self) {
            try SharedStoreCheck.check(store: "/home/me/runs", nodes: ["gpu-node-7"], localNames: ["localhost"], mounts: mounts)
        }
        try SharedStoreCheck.check(store: "/shared/runs", nodes: ["gpu-node-7"], localNames: ["localhost"], mounts: mounts)
    }
}

/// `executor:` in a ladder is declared like everything else: wrong names and
/// values are located errors.
@Suite struct ExecutorDeclarationTests {
    static func parse(_ executor: String) throws -> Ladder {
        let text = """
        ladder: x
        axes: {a: [1]}
        engines: {e: {run: [sh, e.sh]}}
        steps: {s: {engine: e}}
        conditions: {c: {pipeline: [s]}}
        executor: \(executor)

        """
        return try LadderParser(builtinEngines: []).parse(text: text, file: "x.yaml")
    }

    @Test func theSlurmBlockIsRead() throws {
        let l = try Self.parse("{kind: slurm, partition: gpu, account: lab, qos: high, sbatch_flags: [--exclusive], poll_seconds: 2, max_submitted: 8, arrays: false, array_parallel: 3}")
        #expect(l.executor?.arrays == false && l.executor?.arrayParallel == 3)
        #expect(l.executor?.kind == "slurm")
        #expect(l.executor?.partition == "gpu")
        #expect(l.executor?.account == "lab")
        #expect(l.executor?.qos == "high")
        #expect(l.executor?.sbatchFlags == ["--exclusive"])
        #expect(l.executor?.pollSeconds == 2)
        #expect(l.executor?.maxSubmitted == 8)
        #expect(try Self.parse("slurm").executor?.kind == "slurm")
    }

    @Test func mistakesAreLocated() {
        func message(_ e: String) -> String {
            do { _ = try Self.parse(e); return "" } catch { return "\(error)" }
        }
        #expect(message("{kind: slrum}").contains("x.yaml:6:"))
        #expect(message("{kind: slrum}").contains("slurm"))
        #expect(message("{kind: slurm, partiton: gpu}").contains("unknown key 'partiton'"))
        #expect(message("{kind: local, partition: gpu}").contains("slurm executor only"))
        #expect(message("{kind: slurm, sbatch_flags: [exclusive]}").contains("not an sbatch option"))
        #expect(message("{kind: slurm, max_submitted: 0}").contains("at least 1"))
    }
}
