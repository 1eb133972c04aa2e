import Foundation
import Testing

@testable import Learning

@Suite struct CSVReaderTests {
    func read(_ text: String, minChunkBytes: Int = CSVReader.minChunkBytes) throws -> (header: [String], columns: [[Double]]) {
        var text = text
        return try text.withUTF8 { try CSVReader.read(UnsafeRawBufferPointer($0), minChunkBytes: minChunkBytes) }
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return ""
    }

    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }

    /// Literals where a fast path is easy to get wrong: each must read as `Double(String)` reads it, bit for bit.
    static let tricky = [
        "0", "-0", "+0", "0.0", "-0.0", "-0e10", "0e-400", "1", "-1", "+1", "1.", ".5", "-.5", "00012", "1.000",
        "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740992", "9007199254740993", "9007199254740995",
        "123456789012345678", "1234567890123456789", "12345678901234567890", "0.1234567890123456789012",
        "3.141592653589793", "2.718281828459045235360287", "1.7976931348623157e308", "1.7976931348623159e308", "1e309",
        "-1e400", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "2.4e-324", "2.5e-324", "1e-400",
        "5e-22", "1e-22", "1e-23", "123.456e-5", "1E5", "1e+5", "1e05", "-1.5E-3", "0.000000000000000000000000001",
        "1000000000000000000000000", "7.2057594037927933e16", "0.34558419", "-1.30315723", "9.99999999999999999",
        "0x1p3", "0X1.8P1", "inf", "-inf", "Infinity", "-INFINITY", "NAN", "-nan", "nan(123)", "snan",
    ]

    @Test func numbersEqualDoubleOfStringBitForBit() throws {
        for literal in Self.tricky {
            let want = try #require(Double(literal), "Double(\"\(literal)\") should parse")
            let got = try read("x\n\(literal)\n").columns[0][0]
            #expect(same(got, want), "\(literal): got \(got) (\(got.bitPattern)), Double(String) gives \(want) (\(want.bitPattern))")
            // The same literal quoted, padded and at the end of a CRLF line.
            let padded = try read("a,b\r\n\"\(literal)\" ,  \(literal)  \r\n").columns
            #expect(same(padded[0][0], want) && same(padded[1][0], want), "\(literal) quoted / padded")
        }
        // Random literals with up to 20 digits and exponents around the fast path's limits.
        var rng = SeededGenerator(seed: 16)
        var lines = ["v"], wants: [Double] = []
        for _ in 0..<20_000 {
            let digits = 1 + Int(rng.next() % 20)
            var mantissa = ""
            for _ in 0..<digits { mantissa.append(Character(String(rng.next() % 10))) }
            let point = Int(rng.next() % UInt64(digits + 1))
            mantissa.insert(".", at: mantissa.index(mantissa.startIndex, offsetBy: point))
            let sign = rng.next() % 3 == 0 ? "-" : ""
            let exponent = rng.next() % 2 == 0 ? "" : "e\(Int(rng.next() % 61) - 30)"
            let literal = sign + mantissa + exponent
            guard let want = Double(literal) else { continue }
            lines.append(literal)
            wants.append(want)
        }
        let got = try read(lines.joined(separator: "\n"), minChunkBytes: 1).columns[0]
        #expect(got.count == wants.count)
        let bad = zip(got, wants).enumerated().filter { !same($0.element.0, $0.element.1) }
        #expect(bad.isEmpty, "first mismatch: \(bad.first.map { "\(lines[$0.offset + 1]) → \($0.element.0) vs \($0.element.1)" } ?? "")")
    }

    @Test func missingValuesBOMQuotesAndCRLF() throws {
        let text = "\u{FEFF}\"a\", b ,\"c,d\"\r\n1,,NA\r\n NaN ,\"2.5\",null\r\nnan,\"\",\" 3 \"\r\n\r\n  \r\n"
        let (header, columns) = try read(text)
        #expect(header == ["a", "b", "c,d"])
        #expect(columns.map { $0.count } == [3, 3, 3])
        #expect(columns[0][0] == 1 && columns[0][1].isNaN && columns[0][2].isNaN)
        #expect(columns[1][0].isNaN && columns[1][1] == 2.5 && columns[1][2].isNaN)
        #expect(columns[2][0].isNaN && columns[2][1].isNaN && columns[2][2] == 3)
        // A quoted header name may hold a quote written twice.
        #expect(try read("\"say \"\"hi\"\"\",x\n1,2").header == ["say \"hi\"", "x"])
        // A header alone is a table without rows; one column's blank line inside the file is a missing value.
        #expect(try read("a,b\n").columns.map { $0.count } == [0, 0])
        let single = try read("x\n1\n\n2\n").columns[0]
        #expect(single.count == 3 && single[1].isNaN && single[2] == 2)
    }

    @Test func errorsNameTheFirstBadLineWhicheverChunkFindsIt() throws {
        #expect(message { _ = try read("") }.contains("empty"))
        #expect(message { _ = try read("\n\n") }.contains("empty"))
        var lines = ["a,b"]
        for i in 0..<5000 { lines.append("\(i),\(i).5") }
        lines[1200] = "1,x"
        lines[4000] = "1,2,3"
        let text = lines.joined(separator: "\n")
        for chunk in [1, 64, 1 << 20] {
            let m = message { _ = try read(text, minChunkBytes: chunk) }
            #expect(m.contains("line 1201") && m.contains("column 'b' has non-numeric value 'x'"), "\(chunk): \(m)")
        }
        lines[1200] = "1,2"
        let short = message { _ = try read(lines.joined(separator: "\n"), minChunkBytes: 64) }
        #expect(short.contains("line 4001") && short.contains("3 fields, the header has 2"), "\(short)")
        #expect(message { _ = try read("a,b\n1\n") }.contains("1 fields, the header has 2"))
        #expect(message { _ = try read("a,b\n1,2\n\n3,4\n") }.contains("line 3"))
        #expect(message { _ = try read("a\n\"1\n") }.contains("line 2"))
        #expect(message { _ = try read("a\n1\r2\n") }.contains("non-numeric value '1\r2'"))
        #expect(message { _ = try read("a\n1 2\n") }.contains("non-numeric value '1 2'"))
        #expect(message { _ = try read("a\n\t1\n") }.contains("non-numeric"))
        #expect(message { _ = try read("a\n1e\n") }.contains("non-numeric value '1e'"))
        #expect(message { _ = try read("a\n\"1\"x\n") }.contains("non-numeric"))
    }

    @Test func chunkedAndSingleThreadedReadsAgree() throws {
        var rng = SeededGenerator(seed: 7)
        var lines = ["x,y,z"]
        for r in 0..<3000 {
            let x = rng.nextUnit() < 0.05 ? "" : "\(rng.nextUnit() * 200 - 100)"
            let y = String(format: "%.4f", rng.nextUnit())
            lines.append("\(x),\(y),\(r)" + (r % 7 == 0 ? "\r" : ""))
        }
        let text = lines.joined(separator: "\n") + "\n"
        let whole = try read(text, minChunkBytes: 1 << 30).columns
        for chunk in [1, 100, 4096] {
            let parts = try read(text, minChunkBytes: chunk).columns
            #expect(parts.count == 3 && parts.map { $0.count } == [3000, 3000, 3000])
            #expect(zip(parts.joined(), whole.joined()).allSatisfy { same($0, $1) }, "chunk \(chunk)")
        }
        #expect(whole[2] == (0..<3000).map(Double.init))
        // The public entry points read the same table.
        let table = try CSVTable(text: text)
        #expect(table.header == ["x", "y", "z"] && zip(table.columns.joined(), whole.joined()).allSatisfy { same($0, $1) })
        let fromData = try CSVTable(data: Data(text.utf8))
        #expect(zip(fromData.columns.joined(), whole.joined()).allSatisfy { same($0, $1) })
    }

    @Test func columnBinningAndRadixSortMatchTheirPlainForms() throws {
        var rng = SeededGenerator(seed: 3)
        var sample = (0..<5000).map { _ in (rng.nextUnit() - 0.5) * 1e3 }
        sample += [0, -0.0, .infinity, -.infinity, .nan, 1e-310, -1e-310, .greatestFiniteMagnitude, 5, 5, 5]
        let radix = FeatureBins.sortedNonNaN(sample)
        let plain = sample.filter { !$0.isNaN }.sorted()
        #expect(radix.count == plain.count && zip(radix, plain).allSatisfy { $0 == $1 })
        for maxBin in [2, 7, 255] {
            for hasNaN in [false, true] {
                let fb = FeatureBins(sample: sample, maxBin: maxBin, hasNaN: hasNaN)
                // Every bound itself, its neighbours, zeros and non-finite values.
                var values = sample
                for b in fb.upperBounds { values += [b, b.nextUp, b.nextDown] }
                values += [0, -0.0, .nan, .infinity, -.infinity]
                var codes = [UInt8](repeating: 0, count: values.count)
                values.withUnsafeBufferPointer { v in
                    codes.withUnsafeMutableBufferPointer { fb.binColumn(v.baseAddress!, count: v.count, into: $0.baseAddress!) }
                }
                #expect(codes == values.map(fb.bin), "maxBin \(maxBin) hasNaN \(hasNaN)")
            }
        }
    }
}
