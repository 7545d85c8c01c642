import Foundation
import PostgresNIO

/// The record log's rules row by row, as `SQLiteResultStore.write` applies them: one round
/// trip per row. The group committer uses it only when a multi-row statement failed
/// (`PostgresSetWrite`), to run the group again with a savepoint per batch, so that the
/// batch at fault fails alone and the others are stored.
enum PostgresRowWrite {
    static func write(_ batch: IngestBatch, on connection: PostgresConnection,
                      faultInjection: (@Sendable (String?) throws -> Void)?) async throws -> [IngestResult] {
        var results: [IngestResult] = []
        results.reserveCapacity(batch.items.count)
        for item in batch.items {
            try faultInjection?(item.id)
            switch item.content {
            case let .rejected(rejection, truncated):
                try await connection.run(IngestPipeline.upsertRejection, IngestPipeline.rejectionValues(
                    rejection, item: item, truncated: truncated, receivedAt: batch.receivedAt, source: batch.source))
                results.append(IngestResult(id: rejection.id, status: .rejected, reason: rejection.reason))

            case let .valid(record, payload, derivation, storedDetail):
                let inserted = try await connection.run(
                    IngestPipeline.insertRecord + " RETURNING id",
                    IngestPipeline.recordValues(record, payload: payload, item: item, receivedAt: batch.receivedAt,
                                                source: batch.source))
                if inserted > 0 {
                    for row in derivation.rows { try await connection.run(row.sql, row.values) }
                    results.append(IngestResult(id: record.id, status: .stored, detail: derivation.detail))
                    continue
                }
                let stored = try await connection.rows(IngestPipeline.storedDigest, [.text(record.id)]).first?["digest"].string
                if stored == item.digest {
                    var detail: IngestDetail?
                    if let storedDetail, let row = try await connection.rows(storedDetail.sql, [.text(record.id)]).first {
                        detail = storedDetail.decode(row)
                    }
                    results.append(IngestResult(id: record.id, status: .duplicate, detail: detail))
                } else {
                    try await connection.run(IngestPipeline.upsertConflict, [
                        .text(record.id), .text(item.digest), .text(item.raw), .text(batch.source.rawValue),
                        .text(batch.receivedAt), .text(batch.receivedAt),
                    ])
                    results.append(IngestResult(id: record.id, status: .conflict, reason: IngestPipeline.conflictReason))
                }
            }
        }
        return results
    }
}
