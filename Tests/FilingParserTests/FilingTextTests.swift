import FilingParser
import Testing

struct FilingTextTests {
    @Test func utf8IsKeptAndWindows1252IsConverted() {
        #expect(FilingText.decode(Array("Net income – 2003 ’".utf8)) == "Net income – 2003 ’")
        // 0x96 en dash, 0x92 right quote, 0xA9 copyright: Windows-1252, not valid UTF-8.
        #expect(FilingText.decode([0x41, 0x96, 0x42, 0x92, 0xA9]) == "A\u{2013}B\u{2019}\u{00A9}")
        #expect(FilingText.decode([0x81]) == "\u{81}")
    }
}
