import Alerting
import Foundation
import Learning
import Testing

@testable import Server

@Suite("the /score body reader")
struct ScoreBodyTests {
    func read(_ text: String) throws -> ScoreBody {
        try Data(text.utf8).withUnsafeBytes { try ScoreBody.read($0) }
    }

    func failure(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("numbers read to the same double as glibc's strtod, exponents, extremes and long mantissas included")
    func numbersRoundTrip() throws {
        var rng = SeededGenerator(seed: 31)
        var texts = [
            "0", "-0", "1", "-1", "0.1", "1e5", "1E+5", "2.5e-3", "123456789012345678901234567890", "1e308", "4.9e-324", "2.2250738585072014e-308",
            "0.30000000000000004", "9007199254740993", "1e23", "8.98846567431158e307", "0.000001234", "12345678901234567890e-10",
        ]
        for _ in 0..<3000 {
            let v = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            if v.isFinite { texts.append("\(v)") }
            texts.append("\(Double.random(in: -1000...1000, using: &rng))")
            texts.append(String(format: "%.6f", Double.random(in: -1...1, using: &rng)))
        }
        let body = #"{"rows":["# + texts.map { #"{"x":\#($0)}"# }.joined(separator: ",") + "]}"
        let read = try read(body)
        #expect(read.rowCount == texts.count && read.keys == ["x"])
        for (i, cell) in read.cells.enumerated() {
            let reference = strtod(texts[i], nil)
            #expect(cell.value.bitPattern == reference.bitPattern, "\(texts[i]) read as \(cell.value), strtod says \(reference)")
        }
    }

    @Test("members in any order, unknown members skipped, escaped keys, null/NaN/Infinity values, last duplicate wins")
    func structure() throws {
        let body = try read(
            #"""
             { "extra": {"a": [1, 2, {"b": null}], "c": "x\"y"}, "rows": [
                {"r\u0073i_14": 21, "ret_5": -0.04},
                {"ret_5": null, "rsi_14": "NaN", "other": 1},
                {"rsi_14": "Infinity", "ret_5": "-Infinity", "rsi_14": 5}
             ], "reasons": false, "model": "sw\u00efng", "regime": null }
            """#)
        #expect(body.model == "swïng" && body.reasons == false && body.regime == nil && body.pack == nil && body.rowCount == 3)
        #expect(body.keys == ["rsi_14", "ret_5", "other"])
        let (values, problems) = body.matrix(features: ["rsi_14", "ret_5"])
        #expect(Array(values[0..<2]) == [21, -0.04] && problems[0] == nil)
        #expect("\(problems[1]!)" == "row 1: feature 'rsi_14' is nan (must be a finite number)")
        #expect("\(problems[2]!)" == "row 2: feature 'ret_5' is -inf (must be a finite number)")
        #expect(Array(values[2..<6]) == [0, 0, 0, 0], "rows with a problem are zeroed")
        let missing = body.matrix(features: ["rsi_14", "vol"]).problems[0]
        #expect(missing == .missingFeature("vol", row: 0))
    }

    @Test("malformed bodies are refused with the byte offset and what was wrong")
    func malformed() {
        let cases: [(String, String)] = [
            (#"{"rows":[{"a":1,}]}"#, "expected a member name"),
            (#"{"rows":[{"a":01}]}"#, "may not start with 0"),
            (#"{"rows":[{"a":1.}]}"#, "digit after the decimal point"),
            (#"{"rows":[{"a":1e}]}"#, "digit in the exponent"),
            (#"{"rows":[{"a":true}]}"#, "rows[0] feature 'a' must be a number"),
            (#"{"rows":[{"a":"12"}]}"#, "rows[0] feature 'a' must be a number"),
            (#"{"rows":[[1]]}"#, "rows[0] must be an object"),
            (#"{"rows":{}}"#, "\"rows\" must be an array"),
            (#"{"model":3,"rows":[]}"#, "\"model\" must be a string"),
            (#"{"reasons":"no","rows":[]}"#, "\"reasons\" must be true or false"),
            (#"{"rows":[]} x"#, "after the JSON document"),
            (#"[1]"#, "must be a JSON object"),
            (#"{"rows":["#, "unexpected end"),
            (#"{"model":"a\qb","rows":[]}"#, "unknown escape"),
            (#"{"model":"\ud800","rows":[]}"#, "unpaired surrogate"),
            ("{\"model\":\"a\u{01}\",\"rows\":[]}", "control character"),
        ]
        for (body, message) in cases {
            let error = failure(body)
            #expect(error?.contains(message) == true, "\(body): \(error ?? "accepted")")
            #expect(error?.contains("at byte") == true, "\(body): \(error ?? "accepted")")
        }
        #expect(failure(#"{"rows":[{"a":1}]}"#) == nil)
        // Nesting is bounded so a hostile body cannot exhaust the stack.
        #expect(
            failure(#"{"x":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + #","rows":[]}"#)?.contains("deeper than 64")
                == true)
    }
}
