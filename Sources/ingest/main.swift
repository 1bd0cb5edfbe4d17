import FilingsCore
import IngestService

await runService("ingest", migrations: IngestService.migrations, build: { try IngestService.build($0) })
