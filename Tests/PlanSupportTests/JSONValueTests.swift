import Foundation
import PlanSupport
import Testing

struct JSONValueTests {
    @Test func keysKeepTheirOrderAndNilsAreDropped() {
        let value = JSONValue.object(["b": .int(1), "a": nil, "c": .string("x")])
        #expect(value.rendered(pretty: false) == #"{"b":1,"c":"x"}"#)
    }

    @Test func stringsAreEscapedForJSONAndJavaScript() throws {
        let text = "quote\" back\\ nl\n tab\t nul\u{0} del\u{7F} ls\u{2028} é"
        let rendered = JSONValue.quoted(text)
        #expect(rendered == #""quote\" back\\ nl\n tab\t nul\u0000 del\u007f ls\u2028 é""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(rendered.utf8), options: [.fragmentsAllowed]) as? String
        #expect(decoded == text)
    }

    @Test func prettyRendering() {
        let value = JSONValue.array([.object([("k", .array([])), ("o", .object([]))]), .null, .bool(true), .number("1.50")])
        #expect(value.rendered() == """
        [
          {
            "k": [],
            "o": {}
          },
          null,
          true,
          1.50
        ]

        """)
    }
}
