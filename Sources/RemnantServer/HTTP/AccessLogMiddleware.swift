import Foundation
import Hummingbird
import Logging

/// One access-log line per request through swift-log (the request's logger, so it carries
/// Hummingbird's request id): method, target, status, body bytes and duration.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let target = request.head.path ?? "/"
        do {
            let response = try await next(request, context)
            let ms = (ContinuousClock.now - start) / .milliseconds(1)
            context.logger.info("\(request.method) \(target) \(response.status.code) \(response.headers[.contentLength] ?? "-") \(String(format: "%.1f", ms)) ms")
            return response
        } catch {
            let status = (error as? HTTPResponseError)?.status.code ?? 500
            context.logger.info("\(request.method) \(target) \(status) - \(String(format: "%.1f", (ContinuousClock.now - start) / .milliseconds(1))) ms")
            throw error
        }
    }
}
