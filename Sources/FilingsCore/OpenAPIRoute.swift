import Hummingbird

/// `GET /openapi.yaml`: the service's OpenAPI document (docs/*-api.yaml, compiled into the binary
/// by scripts/gen-openapi-swift.sh, so a deployed service serves it without the repository).
public enum OpenAPIRoute {
    public static func add(to router: Router<BasicRequestContext>, document: String) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
        }
    }
}
