import SzponWire

// `ContentHash` itself is in SzponWire, shared with the server.

extension Quiz {
    public var contentHash: String { ContentHash.of(self) }
}

extension Survey {
    public var contentHash: String { ContentHash.of(self) }
}
