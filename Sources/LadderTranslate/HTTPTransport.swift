import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP response as the client needs it.
struct HTTPResponse: Sendable {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: Data
}

/// Blocking HTTP POSTs over Foundation's URLSession (FoundationNetworking on
/// Linux), each with a hard deadline: a response not complete within
/// `timeout` seconds is cancelled and reported as a time-out.
final class HTTPTransport: @unchecked Sendable {
    private let session: URLSession
    let timeout: TimeInterval

    init(timeout: TimeInterval, connections: Int) {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout + 5
        config.httpMaximumConnectionsPerHost = max(1, connections)
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.httpShouldSetCookies = false
        session = URLSession(configuration: config)
        self.timeout = timeout
    }

    deinit { session.invalidateAndCancel() }

    /// Posts `body`; throws `CallFailure` (`timeout` or `connection`) when no complete response arrives.
    func post(_ url: URL, headers: [String: String], body: Data) throws -> HTTPResponse {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let box = ResultBox()
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response, error: error)
        }
        task.resume()
        guard box.wait(timeout: timeout) else {
            task.cancel()
            throw CallFailure(.timeout, "no complete response within \(Self.seconds(timeout))")
        }
        let (data, response, error) = box.value
        if let error {
            let ns = error as NSError
            if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorTimedOut {
                throw CallFailure(.timeout, "no complete response within \(Self.seconds(timeout))")
            }
            throw CallFailure(.connection, "the connection failed (\(ns.domain) \(ns.code): \(ns.localizedDescription))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw CallFailure(.connection, "no HTTP response")
        }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        if let declared = headers["content-length"].flatMap(Int.init), let data, data.count < declared {
            throw CallFailure(.connection, "the body was cut short (\(data.count) of \(declared) bytes)")
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.2f s", t)
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchSemaphore(value: 0)
        private var data: Data?
        private var response: URLResponse?
        private var error: (any Error)?

        func set(data: Data?, response: URLResponse?, error: (any Error)?) {
            lock.lock()
            self.data = data
            self.response = response
            self.error = error
            lock.unlock()
            done.signal()
        }

        func wait(timeout: TimeInterval) -> Bool {
            done.wait(timeout: .now() + timeout) == .success
        }

        var value: (Data?, URLResponse?, (any Error)?) {
            lock.lock(); defer { lock.unlock() }
            return (data, response, error)
        }
    }
}
