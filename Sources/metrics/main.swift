import FilingsCore
import MetricsService

await runService("metrics", migrations: MetricsService.migrations, build: { try MetricsService.build($0) })
