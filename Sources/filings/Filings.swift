import ArgumentParser

@main
struct Filings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filings",
        abstract: "Command-line companion of the 8-K earnings pipeline.",
        discussion: """
            Kafka is found through KAFKA_BOOTSTRAP_SERVERS, or else the address `filings dev-broker` \
            wrote to FILINGS_DEV_BROKER_FILE (default ~/.filings/dev-broker). TOPIC_PREFIX applies to every topic.
            """,
        subcommands: [DevBroker.self, Publish.self, Subscribe.self, Subscriptions.self, Parse.self, MetricsCommand.self, Backfill.self, Eval.self,
                      SurveyCommand.self, Variants.self, TopicsCommand.self, ReplayCommand.self, Reconcile.self])
}
