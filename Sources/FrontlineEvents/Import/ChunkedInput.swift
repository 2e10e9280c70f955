import FrontlineGeometry
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FrontlineSupport

/// A file read in fixed-size chunks, so that memory stays bounded whatever the file's size.
final class ChunkedInput {
    let path: String
    private let fd: Int32
    private let chunkSize: Int
    private let ownsDescriptor: Bool

    /// Opens `path` ("-" is standard input).
    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.chunkSize = chunkSize
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw ImportIOError(path: path, reason: String(cString: strerror(errno))) }
            ownsDescriptor = true
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw ImportIOError(path: path, reason: "is a directory")
            }
        }
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Replaces `buffer`'s contents with the next chunk; false at the end of the file. A UTF-8
    /// byte-order mark at the start is skipped, for every format at once; the first chunk is
    /// read until it has three bytes, since a pipe may hand over fewer and split the mark.
    func read(into buffer: inout [UInt8]) throws -> Bool {
        guard atStart else { return try readChunk(into: &buffer) }
        atStart = false
        _ = try readChunk(into: &buffer)
        var more: [UInt8] = []
        while buffer.count < 3, try readChunk(into: &more) { buffer.append(contentsOf: more) }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
            buffer.removeFirst(3)
            if buffer.isEmpty { return try readChunk(into: &buffer) }
        }
        return !buffer.isEmpty
    }

    private var atStart = true

    private func readChunk(into buffer: inout [UInt8]) throws -> Bool {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(chunkSize)
        let count = try [UInt8](unsafeUninitializedCapacity: chunkSize) { bytes, initialized in
            while true {
                let n = Glibc.read(fd, bytes.baseAddress, chunkSize)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw ImportIOError(path: path, reason: String(cString: strerror(errno))) }
                initialized = n
                return
            }
        }
        buffer.append(contentsOf: count)
        return !buffer.isEmpty
    }

    /// The whole file (for formats that cannot be streamed, GeoJSON).
    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        var chunk: [UInt8] = []
        while try read(into: &chunk) { all.append(contentsOf: chunk) }
        return all
    }
}

/// A file that could not be read.
public struct ImportIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(VisibleText.escaped(path)): \(reason)" }
}
