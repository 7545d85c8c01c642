import Foundation
import Hummingbird
import NIOCore
import SzponStore

/// `POST /api/v1/sync`: a batch from a browser outbox in, one answer per record out.
/// The body is checked whole before anything is written, so a malformed request
/// never leaves part of itself behind.
struct SyncController: Sendable {
    let store: any ResultStore
    let options: ServerOptions
    let limiter: RateLimiter

    func sync(_ request: Request, context: ServerContext) async throws -> Response {
        if let wait = await limiter.take(context.client) {
            return JSONResponse.error(.tooManyRequests, "too many requests from this client; retry in \(wait) s",
                                      headers: [.retryAfter: String(wait)])
        }
        // A JSON content type makes a browser ask first (a CORS preflight), so another
        // site's page cannot post records with a plain form or a "simple" request.
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            return JSONResponse.error(.unsupportedMediaType, "send the batch with Content-Type: application/json")
        }
        guard let body = try await Self.collect(request, limit: options.maxBody, channel: context.channel) else {
            return JSONResponse.error(.contentTooLarge, "the body is larger than \(options.maxBody) bytes; send fewer records per request",
                                      headers: [.connection: "close"])
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(buffer: body))
        } catch {
            return JSONResponse.error(.badRequest, "the body is not valid JSON: \(error)")
        }
        guard let records = value["records"]?.array else {
            return JSONResponse.error(.badRequest, "expected an object {\"records\": [...]}")
        }
        if records.count > options.maxBatch {
            return JSONResponse.error(.contentTooLarge, "at most \(options.maxBatch) records per request, got \(records.count)")
        }
        let results = try await store.ingest(records, source: .sync)
        return JSONResponse.make(.ok, .object(["results": .array(results.map(Self.json))]))
    }

    /// How much of an oversized body is read and thrown away, so that a client that
    /// sends it all before reading (urllib, with `Connection: close`) gets its 413
    /// instead of waiting on a server that stopped reading.
    static let drainLimit = 16 << 20

    /// The body, or nil when it is larger than `limit`.
    static func collect(_ request: Request, limit: Int, channel: any Channel) async throws -> ByteBuffer? {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > drainLimit {
            // Too large to drain: answer, then let go of the connection.
            channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
            return nil
        }
        var buffer = ByteBuffer()
        var total = 0
        for try await var chunk in request.body {
            total += chunk.readableBytes
            if total <= limit {
                buffer.writeBuffer(&chunk)
            } else if total > drainLimit {
                channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
                return nil
            }
        }
        return total <= limit ? buffer : nil
    }

    func addRoutes(to api: RouterGroup<ServerContext>, routes: APIRoutes) {
        routes.on(api, "v1/sync", method: .post) { request, context in try await sync(request, context: context) }
        // The preflight itself is answered by OriginPolicy; this route gives it a place to land.
        routes.on(api, "v1/sync", method: .options) { _, _ in Response(status: .noContent) }
    }

    static func json(_ result: IngestResult) -> JSONValue {
        var item: [String: JSONValue] = ["id": result.id.map(JSONValue.string) ?? .null, "status": .string(result.status.rawValue)]
        if let reason = result.reason { item["reason"] = .string(reason) }
        // The handler's detail, one member per kind of detail (docs/openapi.yaml, RecordResult).
        switch result.detail {
        case nil:
            break
        case let .score(score)?:
            item["score"] = .object([
                "max": .number(score.max), "pending": .bool(score.pending),
                "points": score.points.map(JSONValue.number) ?? .null,
                "percent": score.percent.map(JSONValue.number) ?? .null,
                "passed": score.passed.map(JSONValue.bool) ?? .null,
            ])
        }
        return .object(item)
    }
}
