import Foundation
import LadderCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chat server on 127.0.0.1 (an ephemeral port) speaking both providers'
/// shapes — OpenAI chat completions at `/v1/chat/completions`, Cohere v2 chat
/// at `/v2/chat` — that "translates" deterministically and injects faults on
/// command. POSIX sockets, one thread per connection, `Connection: close`.
///
/// Translation: identifiers get `_<lang>` appended (or come back as the
/// study's `original_name_X_translated_name_X_<lang>` artefact), comments,
/// docstrings and strings get `<lang>: ` in front; a whole file comes back in a
/// ```python block with a comment line added.
final class FakeLLMServer: @unchecked Sendable {
    enum Fault: Sendable, Equatable {
        /// 429 with a `Retry-After` header (seconds).
        case rateLimited(retryAfter: String)
        case serverError
        /// Answers correctly, but only after `seconds`.
        case slow(Double)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// 200 whose body stops half-way (Content-Length promises more).
        case truncatedBody
        /// The connection is reset (RST) after the request is read.
        case connectionReset
        case unauthorized
        /// 500 whose body echoes the request's Authorization header.
        case echoAuthorization
        /// 200 whose answer is a list with one item too few.
        case wrongCount
        /// 200 whose whole-file answer is not Python.
        case brokenCode
    }

    struct Recorded: Sendable {
        var path: String
        var authorization: String?
        var body: String
        /// The status sent (0 for a reset or a truncated body).
        var status: Int
        /// Whether a complete, well-formed answer was sent.
        var answered: Bool
        /// When the request arrived.
        var at: Date
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var faults: [Fault] = []
    private var faultFor: [String: Fault] = [:]
    private var recorded: [Recorded] = []
    private var running = true
    /// Every answer waits this long first (seconds).
    var latency: Double {
        get { lock.lock(); defer { lock.unlock() }; return _latency }
        set { lock.lock(); _latency = newValue; lock.unlock() }
    }
    private var _latency = 0.0
    /// Identifiers come back as `original_name_X_translated_name_Y`.
    var artefacts: Bool {
        get { lock.lock(); defer { lock.unlock() }; return _artefacts }
        set { lock.lock(); _artefacts = newValue; lock.unlock() }
    }
    private var _artefacts = false
    /// Tokens reported per request (input, output), for spend tests.
    var tokensPerCall: (Int, Int)? {
        get { lock.lock(); defer { lock.unlock() }; return _tokens }
        set { lock.lock(); _tokens = newValue; lock.unlock() }
    }
    private var _tokens: (Int, Int)?

    init() throws {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LadderError.io("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(0).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw LadderError.io("bind/listen failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    deinit { stop() }

    func stop() {
        lock.lock()
        let was = running
        running = false
        lock.unlock()
        if was {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    var openAIURL: String { "http://127.0.0.1:\(port)/v1/chat/completions" }
    var cohereURL: String { "http://127.0.0.1:\(port)/v2/chat" }

    /// Faults for the next requests, in order (one per request).
    func inject(_ f: [Fault]) { lock.lock(); faults += f; lock.unlock() }

    /// A fault for every request whose body contains `marker`, until cleared.
    func always(_ f: Fault?, whenBodyContains marker: String) {
        lock.lock(); faultFor[marker] = f; lock.unlock()
    }

    var requests: [Recorded] { lock.lock(); defer { lock.unlock() }; return recorded }

    /// How many complete answers each distinct request body received.
    var answersPerBody: [String: Int] {
        var out: [String: Int] = [:]
        for r in requests where r.answered { out[r.body, default: 0] += 1 }
        return out
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                lock.lock(); let r = running; lock.unlock()
                if !r { return }
                continue
            }
            let t = Thread { [self] in handle(fd) }
            t.start()
        }
    }

    private func nextFault(body: String) -> Fault? {
        lock.lock(); defer { lock.unlock() }
        for (marker, f) in faultFor where body.contains(marker) { return f }
        return faults.isEmpty ? nil : faults.removeFirst()
    }

    private func record(_ r: Recorded) { lock.lock(); recorded.append(r); lock.unlock() }

    private func handle(_ fd: Int32) {
        defer { close(fd) }
        guard let (path, headers, body) = readRequest(fd) else { return }
        let auth = headers["authorization"]
        let fault = nextFault(body: body)
        var rec = Recorded(path: path, authorization: auth, body: body, status: 0, answered: false, at: Date())
        let wait = latency
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        switch fault {
        case .rateLimited(let after)?:
            rec.status = 429
            send(fd, status: 429, extra: ["Retry-After": after], body: #"{"error": {"message": "rate limit reached", "type": "requests"}}"#)
        case .serverError?:
            rec.status = 500
            send(fd, status: 500, body: #"{"error": {"message": "the server had an error"}}"#)
        case .unauthorized?:
            rec.status = 401
            send(fd, status: 401, body: #"{"error": {"message": "invalid api key"}}"#)
        case .echoAuthorization?:
            rec.status = 500
            send(fd, status: 500, body: "{\"error\": {\"message\": \"bad gateway; you sent Authorization: \(auth ?? "")\"}}")
        case .malformedJSON?:
            rec.status = 200
            send(fd, status: 200, body: "{\"choices\": [ this is not json")
        case .truncatedBody?:
            let full = answer(path: path, body: body, fault: nil) ?? "{}"
            let bytes = Array(full.utf8)
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
            write(fd, Array(head.utf8) + bytes.prefix(bytes.count / 2))
        case .connectionReset?:
            var l = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        case .slow(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
            fallthrough
        case nil, .wrongCount?, .brokenCode?:
            guard let text = answer(path: path, body: body, fault: fault) else {
                rec.status = 404
                send(fd, status: 404, body: #"{"message": "no such route"}"#)
                break
            }
            rec.status = 200
            rec.answered = send(fd, status: 200, body: text)
        }
        record(rec)
    }

    /// The provider-shaped success body, or nil for an unknown path.
    private func answer(path: String, body: String, fault: Fault?) -> String? {
        guard let request = try? Value.parseJSON(Data(body.utf8)) else { return nil }
        let messages = request["messages"]?.arrayValue ?? []
        let system = messages.first { $0["role"]?.stringValue == "system" }?["content"]?.stringValue ?? ""
        let user = messages.first { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
        let lang = system.contains("Urdu") ? "ur" : system.contains("Chinese") ? "zh" : "es"
        var text = translate(user, lang: lang, fault: fault)
        if text.isEmpty { text = "[]" }
        let (pin, pout) = tokensPerCall ?? (user.count / 4 + 1, text.count / 4 + 1)
        switch path {
        case "/v1/chat/completions":
            let v = Value.object([
                "id": .string("chatcmpl-fake"), "object": .string("chat.completion"), "created": .int(1_700_000_000),
                "model": request["model"] ?? .null,
                "choices": .array([.object(["index": .int(0), "finish_reason": .string("stop"),
                                            "message": .object(["role": .string("assistant"), "content": .string(text)])])]),
                "usage": .object(["prompt_tokens": .int(pin), "completion_tokens": .int(pout), "total_tokens": .int(pin + pout)]),
            ])
            return v.canonicalJSON
        case "/v2/chat":
            let v = Value.object([
                "id": .string("fake-cohere"), "finish_reason": .string("COMPLETE"),
                "message": .object(["role": .string("assistant"),
                                    "content": .array([.object(["type": .string("text"), "text": .string(text)])])]),
                "usage": .object(["billed_units": .object(["input_tokens": .int(pin), "output_tokens": .int(pout)]),
                                  "tokens": .object(["input_tokens": .int(pin + 7), "output_tokens": .int(pout)])]),
            ])
            return v.canonicalJSON
        default:
            return nil
        }
    }

    private func translate(_ user: String, lang: String, fault: Fault?) -> String {
        if fault == .brokenCode { return "```python\ndef (:\n```" }
        if let r = user.range(of: "and nothing else.\n\n") {
            let source = String(user[r.upperBound...])
            return "Here it is:\n```python\n# \(lang)\n\(source)```\n"
        }
        let lines = user.split(separator: "\n", omittingEmptySubsequences: false)
        let kind = lines.first { $0.hasPrefix("Segment kind: ") }.map { String($0.dropFirst("Segment kind: ".count)) } ?? ""
        guard let itemsAt = lines.firstIndex(of: "Items:"), itemsAt + 1 < lines.count,
              case .array(let items)? = try? Value.parseJSON(Data(lines[(itemsAt + 1)...].joined(separator: "\n").utf8)) else { return "" }
        var out: [Value] = items.map { v in
            let s = v.stringValue ?? ""
            if kind == "identifiers" { return .string(artefacts ? "original_name_\(s)_translated_name_\(s)_\(lang)" : "\(s)_\(lang)") }
            return .string("\(lang): \(s)")
        }
        if fault == .wrongCount { out.removeLast() }
        return "Sure.\n```json\n" + Value.array(out).canonicalJSON + "\n```"
    }

    // MARK: HTTP

    private func readRequest(_ fd: Int32) -> (String, [String: String], String)? {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { return nil }
            data += buf[0..<n]
            if let r = Self.find([13, 10, 13, 10], in: data) { headerEnd = r }
        }
        let head = String(decoding: data[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for l in lines {
            guard let c = l.firstIndex(of: ":") else { continue }
            headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Array(data[(headerEnd! + 4)...])
        while body.count < length {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { return nil }
            body += buf[0..<n]
        }
        return (String(requestLine[1]), headers, String(decoding: body, as: UTF8.self))
    }

    @discardableResult
    private func send(_ fd: Int32, status: Int, extra: [String: String] = [:], body: String) -> Bool {
        let bytes = Array(body.utf8)
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n"
        for (k, v) in extra { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        return write(fd, Array(head.utf8) + bytes)
    }

    @discardableResult
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            #if os(Linux)
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            let n = bytes[off...].withUnsafeBytes { Darwin.send(fd, $0.baseAddress, $0.count, 0) }
            #endif
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle { return i }
        return nil
    }
}
