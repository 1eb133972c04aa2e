import AlertsCore
import Foundation
import Hummingbird
import Storage

/// `GET /alerts/settings`, `PUT /alerts/settings`: the caller's own guardrail settings (`sc.user_alert_settings`), read
/// by every run made for them. A key left out (or `null`) keeps the model's default.
struct SettingsController {
    let users: any UserStore
    let settings: any UserSettingsStore

    /// The answer: every key, `null` where the model's default applies.
    struct SettingsBody: ResponseEncodable {
        var userID: String
        var settings: [String: JSONValue]

        enum CodingKeys: String, CodingKey { case userID = "user_id", settings }

        init(_ s: UserAlertSettings) {
            userID = s.userID
            settings = s.wire
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: APIKeyAuthenticator(users: users))
        routes.get("/alerts/settings") { _, context -> SettingsBody in
            let user = try context.requireUser()
            return SettingsBody(try await settings.settings(userID: user.id) ?? UserAlertSettings(userID: user.id))
        }
        routes.put("/alerts/settings") { request, context -> SettingsBody in
            let user = try context.requireUser()
            let body = try await request.decode(as: JSONValue.self, context: context)
            guard case .object(let fields) = body else {
                throw HTTPError(.badRequest, message: "the body must be a JSON object of settings, e.g. {\"daily_budget\": 3}")
            }
            let parsed = try Self.parse(fields, userID: user.id)
            try await settings.save(parsed)
            return SettingsBody(parsed)
        }
        return routes
    }

    /// The whole set of overrides (PUT replaces what was stored); the first bad key answers 422 naming it.
    static func parse(_ fields: [String: JSONValue], userID: String) throws -> UserAlertSettings {
        var s = UserAlertSettings(userID: userID)
        do {
            for key in fields.keys.sorted() { try s.set(key, fields[key] ?? .null) }
            try s.validate()
        } catch StorageError.constraint(let message) {
            throw HTTPError(.unprocessableContent, message: message)
        }
        return s
    }
}
