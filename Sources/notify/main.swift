import FilingsCore
import NotifyService

await runService("notify", migrations: NotifyService.migrations, build: { try NotifyService.build($0) })
