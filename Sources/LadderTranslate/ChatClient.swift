import Foundation
import LadderCore

/// Sends chat calls to one provider: the response cache first, then the rate
/// limiter and the breakers, then HTTP with retries that honour `Retry-After`
/// on 429 and back off on 5xx, time-outs, broken connections and malformed
/// bodies. The API key goes only into the `Authorization` header.
final class ChatClient: @unchecked Sendable {
    let settings: TranslateSettings
    let wire: any ChatWire
    let endpoint: URL
    let transport: HTTPTransport
    let cache: ResponseCache
    let limiter: RateLimiter
    let breaker: Breaker
    let spend: SpendTally
    let redactor: Redactor
    private let apiKey: String?
    private let log: @Sendable (String) -> Void

    init(settings: TranslateSettings, apiKey: String?, cache: ResponseCache, limiter: RateLimiter, breaker: Breaker,
         spend: SpendTally, log: @escaping @Sendable (String) -> Void) throws {
        guard let wire = settings.provider.wire, let e = settings.endpoint, let url = URL(string: e) else {
            throw LadderError.badInput("translate: provider \(settings.provider.rawValue) has no chat endpoint")
        }
        self.settings = settings
        self.wire = wire
        self.endpoint = url
        self.apiKey = apiKey
        self.cache = cache
        self.limiter = limiter
        self.breaker = breaker
        self.spend = spend
        self.redactor = Redactor(secret: apiKey)
        self.log = log
        transport = HTTPTransport(timeout: settings.timeoutSeconds, connections: settings.concurrency)
    }

    /// The body a request is sent as (canonical JSON: the same request, the same bytes).
    func body(_ request: ChatRequest) -> Data { Data(wire.body(request).canonicalBytes) }

    /// Sends one call (or reads its cached answer); what it cost is added to `stats`.
    /// Throws `CallFailure` when every try failed, the breaker tripped, or the key was refused.
    func send(_ request: ChatRequest, label: String, stats: inout CallStats) throws -> (reply: ChatReply, cacheKey: String) {
        let body = body(request)
        let key = ResponseCache.key(provider: settings.provider.rawValue, endpoint: endpoint.absoluteString, body: body)
        if let cached = cache.get(key), let reply = try? wire.reply(cached) {
            stats.calls += 1
            stats.cachedCalls += 1
            stats.inputTokens += reply.inputTokens
            stats.outputTokens += reply.outputTokens
            stats.costUSD += settings.cost(inputTokens: reply.inputTokens, outputTokens: reply.outputTokens)
            return (reply, key)
        }
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        if settings.provider == .cohere { headers["X-Client-Name"] = "ladder" }
        let estimate = (request.system.utf8.count + request.user.utf8.count) / 2
        var tries = 0
        while true {
            if let stop = breaker.tripped { throw CallFailure(.stopped, stop.reason) }
            guard let ticket = limiter.acquire(tokens: estimate, shouldStop: { breaker.isTripped }) else {
                throw CallFailure(.stopped, breaker.tripped?.reason ?? "stopped")
            }
            tries += 1
            stats.httpAttempts += 1
            let started = Date()
            var failure: CallFailure
            var delay: TimeInterval?
            do {
                let response = try transport.post(endpoint, headers: headers, body: body)
                stats.latencySeconds += Date().timeIntervalSince(started)
                switch response.status {
                case 200..<300:
                    do {
                        let reply = try wire.reply(response.body)
                        try? cache.put(key, response.body)
                        let cost = settings.cost(inputTokens: reply.inputTokens, outputTokens: reply.outputTokens)
                        spend.add(inputTokens: reply.inputTokens, outputTokens: reply.outputTokens, usd: cost)
                        limiter.settle(ticket, tokens: reply.inputTokens + reply.outputTokens)
                        stats.calls += 1
                        stats.inputTokens += reply.inputTokens
                        stats.outputTokens += reply.outputTokens
                        stats.costUSD += cost
                        return (reply, key)
                    } catch let f as CallFailure {
                        failure = f
                    }
                case 429:
                    failure = CallFailure(.rateLimited, "HTTP 429\(detail(response))")
                    delay = Self.retryAfter(response.headers)
                    if let d = delay { limiter.pause(d * settings.timeScale) }
                case 401, 403:
                    let f = CallFailure(.auth, "HTTP \(response.status)\(detail(response))"
                                        + (settings.apiKeyVariable.map { " (key from \($0))" } ?? " (no key sent)"))
                    breaker.trip(.auth(f.message))
                    throw f
                case 408, 500...599:
                    failure = CallFailure(.serverError, "HTTP \(response.status)\(detail(response))")
                default:
                    throw CallFailure(.refused, "HTTP \(response.status)\(detail(response))")
                }
            } catch let f as CallFailure {
                if f.kind == .auth || f.kind == .refused { throw CallFailure(f.kind, redactor.clean(f.message)) }
                stats.latencySeconds += Date().timeIntervalSince(started)
                failure = f
            }
            failure.message = redactor.clean(failure.message)
            guard tries <= settings.maxRetries else {
                failure.message += " (after \(tries) tries)"
                throw failure
            }
            let wait = (delay ?? min(settings.backoffSeconds * pow(2, Double(tries - 1)), 60)) * settings.timeScale
            stats.retries += 1
            log(redactor.clean("\(label): \(failure); retry \(tries) of \(settings.maxRetries) in \(HTTPTransport.seconds(wait))"
                + (delay != nil ? " (Retry-After)" : "")))
            let until = Date().addingTimeInterval(wait)
            while Date() < until {
                if breaker.isTripped { break }
                Thread.sleep(forTimeInterval: min(0.05, max(0.001, until.timeIntervalSinceNow)))
            }
        }
    }

    /// Forgets a cached answer the engine rejected, so the next try asks again.
    func forget(_ key: String) { cache.remove(key) }

    private func detail(_ r: HTTPResponse) -> String {
        guard let m = wire.errorMessage(r.body) ?? String(data: r.body.prefix(200), encoding: .utf8), !m.isEmpty else { return "" }
        let line = m.replacingOccurrences(of: "\n", with: " ")
        return ": " + redactor.clean(String(line.prefix(200)))
    }

    /// `Retry-After` in seconds (a number or an HTTP date), or `retry-after-ms`.
    static func retryAfter(_ headers: [String: String], now: Date = Date()) -> TimeInterval? {
        if let ms = headers["retry-after-ms"].flatMap(Double.init), ms.isFinite, ms >= 0 { return ms / 1000 }
        guard let v = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let s = Double(v), s.isFinite, s >= 0 { return s }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let d = f.date(from: v) { return max(0, d.timeIntervalSince(now)) }
        return nil
    }
}
