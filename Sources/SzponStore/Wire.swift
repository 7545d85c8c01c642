// What the build and the server share (JSONValue and its parser, the record envelope,
// content hashing) is SzponWire's; the store re-exports it, so that its own files, the
// server and the CLI see those types with `import SzponStore` alone.
@_exported import SzponWire
