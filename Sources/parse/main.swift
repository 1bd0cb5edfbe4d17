import FilingsCore
import ParseService

await runService("parse", migrations: ParseService.migrations, build: { try ParseService.build($0) })
