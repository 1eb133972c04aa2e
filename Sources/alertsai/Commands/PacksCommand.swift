import AlertsCore
import ArgumentParser
import Foundation
import Storage

/// `alertsai packs`: model packs — named bundles of model versions by role (e.g. `daily`, `hourly`).
struct PacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packs",
        abstract: "Create, fill, publish and show model packs (sc.model_packs).",
        discussion: """
            A pack bundles model versions under roles (daily, hourly, …) so that one run, schedule or subscription with \
            --pack NAME scores them all. Create it, add versions, then publish it.

            Examples:
              alertsai packs create swing --description "daily and hourly swing models"
              alertsai packs add swing daily demo-swing-daily-us 1
              alertsai packs publish swing
              alertsai packs show swing
            """,
        subcommands: [Create.self, Add.self, Publish.self, Show.self]
    )
}

extension PacksCommand {
    /// `packs create NAME [--description TEXT]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an empty pack (draft).",
            discussion: """
                Add model versions with `alertsai packs add`; the pack is a draft until `alertsai packs publish`.

                Examples:
                  alertsai packs create swing
                  alertsai packs create swing --description "daily and hourly swing models" --actor alice
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new pack's name.") var name: String
        @Option(help: "What the pack is for.") var description: String = ""
        @Option(help: "Who creates it; default $USER or cli.") var actor: String = RegistryConnection.defaultActor

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let pack = try await registry.createPack(name: name, description: description, actor: actor)
                    print("created pack \(pack.name) (draft); add models with `alertsai packs add \(pack.name) ROLE MODEL VERSION`")
                }
            }
        }
    }

    /// `packs add PACK ROLE MODEL VERSION`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a model version in a pack under a role (replacing the role's previous model).",
            discussion: """
                Examples:
                  alertsai packs add swing daily demo-swing-daily-us 1
                  alertsai packs add swing hourly swing-hourly-us 1 --actor alice
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pack name (`alertsai packs show` lists them).") var pack: String
        @Argument(help: "A name for the model's place in the pack, any word (e.g. swing); a model already under it is replaced.") var role: String
        @Argument(help: "A registered model name.") var model: String
        @Argument(help: "That model's version number.") var version: Int
        @Option(help: "Who adds it; default $USER or cli.") var actor: String = RegistryConnection.defaultActor

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let p = try await registry.addToPack(pack: pack, role: role, name: model, version: version, actor: actor)
                    print("pack \(p.name): \(role) = \(model)@v\(version) (\(p.components.count) component\(p.components.count == 1 ? "" : "s"))")
                }
            }
        }
    }

    /// `packs publish PACK`.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a pack (it must have at least one component).",
            discussion: """
                Runs, schedules and subscriptions given --pack NAME then score its components, and `alertsai packs show` lists it.

                Examples:
                  alertsai packs publish swing
                  alertsai packs publish swing --actor alice
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The pack name (`alertsai packs show` lists them).") var pack: String
        @Option(help: "Who publishes; default $USER or cli.") var actor: String = RegistryConnection.defaultActor

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let p = try await registry.publishPack(pack, actor: actor)
                    print("published pack \(p.name) by \(actor)")
                }
            }
        }
    }

    /// `packs show [PACK]`: one pack, or every published pack.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a pack and its components, or list the published packs.",
            discussion: """
                Each component: its role, the model version, its status, timeframe and instrument.

                Examples:
                  alertsai packs show
                  alertsai packs show swing
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Pack name (default: list published packs).") var pack: String?

        func run() async throws {
            try await CommandFailure.oneLine {
                let config = try await global.load()
                try await RegistryConnection.with(config) { registry, _ in
                    let packs: [ModelPack]
                    if let pack {
                        packs = [try await registry.pack(name: pack)]
                    } else {
                        packs = try await registry.listPublishedPacks()
                    }
                    guard !packs.isEmpty else {
                        print("no published packs; create one with `alertsai packs create NAME`")
                        return
                    }
                    for (i, p) in packs.enumerated() {
                        if i > 0 { print("") }
                        print("pack \(p.name)   status \(p.status.rawValue)\(p.description.isEmpty ? "" : "   — \(p.description)")")
                        var rows: [[String]] = []
                        for (role, id) in p.components.sorted(by: { $0.key < $1.key }) {
                            let s = try await registry.spec(id: id)
                            rows.append([role, s.reference, s.status.rawValue, s.labelCfg.timeframe.rawValue, s.labelCfg.instrument.rawValue])
                        }
                        print(
                            rows.isEmpty
                                ? "(no components)" : Table.render(header: ["role", "model", "status", "timeframe", "instrument"], rows: rows))
                    }
                }
            }
        }
    }
}
