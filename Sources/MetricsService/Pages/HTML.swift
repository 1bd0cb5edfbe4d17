import Hummingbird

/// HTML text building: escaping for text and attributes, the shared page frame and the response.
enum HTML {
    /// Text or an attribute value with `& < > " '` escaped (company names and labels come from filings).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A path segment or query value percent-encoded (unreserved characters kept).
    static func urlComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// A whole page: title, the inline style sheet, a top bar and `body`.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(PageStyle.css)</style>
        </head><body>
        <header class="top"><a href="/">8-K earnings</a><span>companies, quarters and guidance from the filings alone</span></header>
        <main>
        \(body)
        </main></body></html>
        """
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func notFound(_ what: String) -> Response {
        response(page(title: "Not found", body: "<h1>Not found</h1><p>\(escape(what)) is not known. <a href=\"/\">All companies</a></p>"),
                 status: .notFound)
    }
}
