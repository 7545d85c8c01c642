import Foundation
import Hummingbird
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
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            return JSONResponse.error(.unsupportedMediaType, "send the batch as application/json")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: options.maxBody)
        } catch {
            return JSONResponse.error(.contentTooLarge, "the body is larger than \(options.maxBody) bytes; send fewer records per request")
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
        return JSONResponse.make(.ok, ["results": results.map(Self.json)])
    }

    static func json(_ result: IngestResult) -> [String: Any] {
        var item: [String: Any] = ["id": result.id ?? NSNull(), "status": result.status.rawValue]
        if let reason = result.reason { item["reason"] = reason }
        if let score = result.score {
            var s: [String: Any] = ["max": score.max, "pending": score.pending]
            s["points"] = score.points ?? NSNull()
            s["percent"] = score.percent ?? NSNull()
            s["passed"] = score.passed ?? NSNull()
            item["score"] = s
        }
        return item
    }
}
