import Foundation
import Hummingbird
import SzponWire

/// JSON bodies for the API: every answer, errors included, is a JSON object.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return make(status, data: data, headers: headers)
    }

    /// The same answer from a typed value: the sync endpoint's, written by the record
    /// writer instead of JSONSerialization's dynamic casts (an eighth of its CPU).
    static func make(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        make(status, data: value.canonical, headers: headers)
    }

    private static func make(_ status: HTTPResponse.Status, data: Data, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// A 4xx or 5xx with a reason a client developer can act on.
    static func error(_ status: HTTPResponse.Status, _ reason: String, headers: HTTPFields = [:]) -> Response {
        make(status, ["error": reason], headers: headers)
    }
}
