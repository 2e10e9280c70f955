import FrontlineGeometry
import FrontlineSupport
/// CSV (RFC 4180) with the header `at,place,side,status,claimant,source,url,note`. CSV carries
/// place events only: `place` is a GeoNames id or a name, optionally "name, oblast".
public struct CSVEventFormat: EventFileFormat {
    public static let header = ["at", "place", "side", "status", "claimant", "source", "url", "note"]
    public let name = "csv"
    public let fileExtensions = ["csv"]

    public init() {}

    public func read(path: String, into context: ImportContext) throws {
        var reader = CSVReader(input: try ChunkedInput(path: path))
        var fields: [String] = []
        guard let header = try reader.next(reusing: &fields) else {
            context.report("1", "header", "the file is empty; it needs the header \(Self.header.joined(separator: ","))")
            return
        }
        guard header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == Self.header, header.problem == nil else {
            context.report(String(header.line), "header", "expected '\(Self.header.joined(separator: ","))', found '\(VisibleText.escaped(header.fields.joined(separator: ",")))'")
            return
        }
        var ranges: [Range<Int>] = []
        while true {
            // Plain ASCII lines go to the importer as bytes (``ImportContext/submitPlaceRow``);
            // a row it does not take, and any other line, as strings.
            let tookLine = try reader.nextASCIILine(ranges: &ranges) { line, bytes, ranges in
                guard ranges.count == Self.header.count else { return reportFieldCount(ranges.count, line: String(line), context) }
                if context.submitPlaceRow(bytes, fields: ranges, line: line) { return }
                let f = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
                try submit(f, line: String(line), context)
            }
            if tookLine { continue }
            guard let record = try reader.next(reusing: &fields) else { break }
            let line = String(record.line)
            if let problem = record.problem {
                context.report(line, "row", problem)
                continue
            }
            guard record.fields.count == Self.header.count else {
                reportFieldCount(record.fields.count, line: line, context)
                continue
            }
            try submit(record.fields, line: line, context)
        }
    }

    private func reportFieldCount(_ count: Int, line: String, _ context: ImportContext) {
        context.report(line, "row", "expected \(Self.header.count) fields (\(Self.header.joined(separator: ","))), found \(count)")
    }

    private func submit(_ f: [String], line: String, _ context: ImportContext) throws {
        try context.submit(EventFields(at: f[0], place: f[1], side: f[2], status: f[3], claimant: f[4],
                                       source: f[5], url: f[6], note: f[7]), at: line)
    }
}

import Foundation
